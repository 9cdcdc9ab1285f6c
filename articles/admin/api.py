"""Content API keys and webhook subscriptions (Publishers), with each subscription's delivery log."""

from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html
from django_rq.models import Dashboard

from articles.models import ApiKey, WebhookDelivery, WebhookEvent, WebhookSubscription
from articles.webhooks.delivery import Failed, Refused, check_address

# django-rq's own dashboard lets any staff member in; ours (articles/jobs/admin.py) is for superusers only.
if admin.site.is_registered(Dashboard):
    admin.site.unregister(Dashboard)


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "created_by", "created_at", "last_used_at", "state"]
    readonly_fields = ["prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
    fields = ["name", *readonly_fields]
    actions = ["revoke"]
    search_fields = ["name", "prefix"]

    @admin.display(description="state")
    def state(self, key):
        return "revoked" if key.revoked_at else "active"

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser  # everyone else revokes, which keeps the record

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
            return
        key, raw_key = ApiKey.objects.issue(name=obj.name, created_by=request.user)
        obj.pk, obj.key_hash, obj.prefix, obj.created_at = key.pk, key.key_hash, key.prefix, key.created_at
        messages.warning(request, format_html(
            "The new key is <code>{}</code>. Copy it now: it is stored only as a digest and will not be shown again.",
            raw_key,
        ))

    @admin.action(description="Revoke selected keys", permissions=["change"])
    def revoke(self, request, queryset):
        for key in queryset.filter(revoked_at__isnull=True):
            key.revoke()
        messages.success(request, "Revoked. Requests with those keys now get 401.")


WIDE = {"style": "width: 100%; max-width: 40em; box-sizing: border-box"}


class SubscriptionForm(forms.ModelForm):
    url = forms.URLField(label="URL", max_length=500, assume_scheme="https", widget=forms.URLInput(attrs=WIDE),
                         help_text="Where deliveries are POSTed. Redirects are not followed.")
    events = forms.MultipleChoiceField(choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = WebhookSubscription
        fields = ["name", "url", "events", "secret", "active"]
        widgets = {"name": forms.TextInput(attrs=WIDE), "secret": forms.TextInput(attrs=WIDE)}

    def clean_url(self):
        """Refuse at once what delivery would refuse every time (private addresses in production)."""
        url = self.cleaned_data["url"]
        try:
            check_address(url)
        except (Refused, Failed) as exc:
            raise forms.ValidationError(str(exc)) from None
        return url


class DeliveryInline(admin.TabularInline):
    model = WebhookDelivery
    fields = ["created_at", "event", "event_id", "state", "attempts", "last_status_code", "last_error",
              "last_attempt_at", "next_attempt_at"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ["-created_at", "-pk"]
    verbose_name_plural = "delivery log (newest first)"

    def get_queryset(self, request):
        return super().get_queryset(request).defer("body")


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    form = SubscriptionForm
    list_display = ["name", "url", "active", "owner", "disabled_reason"]
    list_filter = ["active"]
    inlines = [DeliveryInline]
    readonly_fields = ["owner", "disabled_reason"]

    def get_changeform_initial_data(self, request):
        return {"events": list(WebhookEvent.values)}

    def save_model(self, request, obj, form, change):
        if not change:
            obj.owner = request.user
        if obj.active:
            obj.disabled_reason = ""
        super().save_model(request, obj, form, change)
