"""Admin for continuous ingest: the sources (Editors and up) and the Incoming desk.

The desk lists ingested stories nobody has picked up yet; "Pick up" (one row's
button or the bulk action) goes through :func:`articles.editorial.incoming.pick_up_story`.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator

from articles.editorial.incoming import PickUpRefused, pick_up_story
from articles.jobs import enqueue
from articles.jobs.tasks import poll_ingest_source
from articles.models import IncomingStory, IngestPoll, IngestSource
from articles.people.timezones import local_moment

POLLS_SHOWN = 10
HEALTH_ERROR_CHARS = 70


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
        if obj.leased_until and obj.leased_until > timezone.now():
            return format_html('<span class="ingest-polling">{}</span>', "polling now…")
        if obj.last_polled_at is None:
            return "not polled yet"
        reason = Truncator(obj.last_error).chars(HEALTH_ERROR_CHARS)  # the whole error is on the source's page
        if obj.is_failing:
            return format_html('<span class="ingest-failing" title="{}">failing {} times in a row: {}</span>',
                               obj.last_error, obj.consecutive_failures, reason)
        if obj.consecutive_failures:
            return format_html('<span class="ingest-retrying" title="{}">last poll failed: {}</span>',
                               obj.last_error, reason)
        return format_html('<span class="ingest-ok">{}</span>', "OK")

    @admin.action(description="Poll the selected sources now", permissions=["change"])
    def poll_now(self, request, queryset):
        """Queue a poll of each source (never inside this request); the list shows their results when done."""
        names = []
        for source in queryset:
            enqueue(poll_ingest_source, source.pk)
            names.append(source.name)
        listed = ", ".join(names)
        if settings.JOBS_RUN_INLINE:  # no job queue configured (development): the polls ran just now
            self.message_user(request, f"Polled {listed} (no job queue here, so it ran at once): the results are "
                                       "under “health” and “last poll”.")
        else:
            self.message_user(request, f"Queued a poll of {listed}. Reload this page in a moment: the results show "
                                       "under “health” and “last poll”, and on each source's page.")

    def save_model(self, request, obj, form, change):
        """Save only what the form edits: a poll running meanwhile keeps its lease and its state."""
        if change:
            obj.save(update_fields=[f.name for f in obj._meta.concrete_fields if f.editable and not f.primary_key])
        else:
            obj.save()


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
