"""Admin for continuous ingest: the sources (Editors and up) and the Incoming desk.

The desk lists ingested stories nobody has picked up yet; "Pick up" (one row's
button or the bulk action) goes through :func:`articles.editorial.incoming.pick_up_story`.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from articles.editorial.incoming import PickUpRefused, pick_up_story
from articles.ingest import poll_source
from articles.models import IncomingStory, IngestPoll, IngestSource
from articles.people.timezones import local_moment

POLLS_SHOWN = 10


class RecentPollsFormSet(BaseInlineFormSet):
    def get_queryset(self):
        latest = list(super().get_queryset().order_by("-started_at", "-pk").values_list("pk", flat=True)[:POLLS_SHOWN])
        return IngestPoll.objects.filter(pk__in=latest).order_by("-started_at", "-pk")


class RecentPolls(admin.TabularInline):
    model = IngestPoll
    formset = RecentPollsFormSet
    fields = ["started_at", "created", "updated", "skipped", "failed", "not_modified", "error"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    verbose_name_plural = f"recent polls (last {POLLS_SHOWN})"


@admin.register(IngestSource)
class IngestSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "health", "last_poll", "kind_label", "policy_label", "enabled"]
    list_filter = ["kind", "enabled", "policy"]
    search_fields = ["name", "location"]
    fieldsets = [
        (None, {"fields": ["name", "kind", "location", "format", "poll_interval", "enabled"]}),
        ("Stories from this source", {"fields": ["section", "tags", "credit_line", "policy", "trusted"]}),
        ("Polling", {"fields": ["health", "last_polled_at", "next_poll_at", "consecutive_failures", "last_error"]}),
    ]
    readonly_fields = ["health", "last_polled_at", "next_poll_at", "consecutive_failures", "last_error"]
    inlines = [RecentPolls]
    actions = ["poll_now"]

    class Media:
        css = {"all": ["newsroom/admin/newsroom.css", "newsroom/admin/ingest.css"]}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "location":
            field.widget.attrs["class"] = "ingest-location"
        return field

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("articles.publish_article"):
            fields += ["policy", "trusted"]  # only Publishers let a source publish by itself
        return fields

    @admin.display(description="kind", ordering="kind")
    def kind_label(self, obj):
        return format_html('{} <span class="ingest-format">({})</span>',
                           "folder" if obj.kind == IngestSource.Kind.FOLDER else "HTTP", obj.format)

    @admin.display(description="last poll", ordering="last_polled_at")
    def last_poll(self, obj):
        if obj.last_polled_at is None:
            return "—"
        return f"{local_moment(obj.last_polled_at)}, next {local_moment(obj.next_poll_at)}"

    @admin.display(description="policy")
    def policy_label(self, obj):
        return "publishes (trusted)" if obj.publishes else "stays draft"

    @admin.display(description="health")
    def health(self, obj):
        if obj.last_polled_at is None:
            return "not polled yet"
        if obj.is_failing:
            return format_html('<span class="ingest-failing">failing {} times in a row: {}</span>',
                               obj.consecutive_failures, obj.last_error)
        if obj.consecutive_failures:
            return format_html('<span class="ingest-retrying">last poll failed: {}</span>', obj.last_error)
        return format_html('<span class="ingest-ok">OK</span>')

    @admin.action(description="Poll the selected sources now", permissions=["change"])
    def poll_now(self, request, queryset):
        for source in queryset:
            poll = poll_source(source)
            if poll.error:
                self.message_user(request, f"{source}: {poll.error}", messages.ERROR)
            else:
                self.message_user(request, f"{source}: {poll.created} new, {poll.updated} updated, "
                                           f"{poll.failed} failed" + (" (not modified)" if poll.not_modified else ""))


class WaitingFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("waiting", "Waiting"), ("picked", "Picked up"), ("all", "All")]

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": (self.value() or "waiting") == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        if self.value() == "all":
            return queryset
        if self.value() == "picked":
            return queryset.filter(picked_up_at__isnull=False)
        return queryset.waiting()


@admin.register(IncomingStory)
class IncomingStoryAdmin(admin.ModelAdmin):
    list_display = ["pick_up_button", "headline", "urgency_badge", "source", "received"]  # the button first: always in view
    list_display_links = None
    list_filter = [WaitingFilter, "source", "urgency", "received_at"]
    search_fields = ["article__headline", "article__dek", "source__name"]
    actions = ["pick_up"]
    list_per_page = 50

    class Media:
        css = {"all": ["newsroom/admin/newsroom.css", "newsroom/admin/ingest.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article", "source", "picked_up_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_pick_up_permission(self, request):
        return request.user.has_perm("articles.pick_up_incomingstory")

    @admin.display(description="headline", ordering="article__headline")
    def headline(self, obj):
        url = reverse("admin:articles_article_change", args=[obj.article_id])
        return format_html('<a href="{}">{}</a>', url, obj.article.headline)

    @admin.display(description="urgency", ordering="urgency")
    def urgency_badge(self, obj):
        if obj.urgency is None:
            return "—"
        level = "flash" if obj.urgency <= 2 else "high" if obj.urgency <= 4 else "normal"
        return format_html('<span class="urgency urgency-{}">{}</span>', level, obj.urgency)

    @admin.display(description="received", ordering="received_at")
    def received(self, obj):
        """In the admin's one date-time format, like every other time on the desk."""
        return format_html('<time datetime="{}">{}</time>', obj.received_at.isoformat(), local_moment(obj.received_at))

    @admin.display(description="")
    def pick_up_button(self, obj):
        if obj.picked_up_at:
            who = obj.picked_up_by.get_username() if obj.picked_up_by else "—"
            return f"picked up by {who} at {local_moment(obj.picked_up_at)}"
        # Posts the changelist's own form (which carries the CSRF token), handled in changelist_view.
        return format_html('<button type="submit" name="pick_up_one" value="{}" form="changelist-form" '
                           'class="button pick-up">Pick up</button>', obj.pk)

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and request.POST.get("pick_up_one", "").isdigit():
            return self.pick_up_one(request, int(request.POST["pick_up_one"]))
        extra_context = {**(extra_context or {}), "title": "Incoming"}
        return super().changelist_view(request, extra_context)

    def pick_up_one(self, request, pk):
        if not (self.has_view_permission(request) and self.has_pick_up_permission(request)):
            raise PermissionDenied
        item = IncomingStory.objects.filter(pk=pk).first()
        if item is None:
            self.message_user(request, "That story is no longer on the desk.", messages.WARNING)
            return HttpResponseRedirect(request.get_full_path())
        try:
            pick_up_story(incoming=item, user=request.user)
        except PickUpRefused as exc:
            self.message_user(request, str(exc), messages.WARNING)
            return HttpResponseRedirect(request.get_full_path())
        self.message_user(request, f"Picked up “{item.article.headline}”: it is your draft now.")
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[item.article_id]))

    @admin.action(description="Pick up the selected stories", permissions=["pick_up"])
    def pick_up(self, request, queryset):
        done, refused = 0, []
        for item in queryset.select_related("article"):
            try:
                pick_up_story(incoming=item, user=request.user)
                done += 1
            except PickUpRefused as exc:
                refused.append(f"{item.article.headline}: {exc}")
        if done:
            self.message_user(request, f"Picked up {done} {'story' if done == 1 else 'stories'} at "
                                       f"{local_moment(timezone.now())}; they are your drafts now.")
        for line in refused:
            self.message_user(request, line, messages.WARNING)
