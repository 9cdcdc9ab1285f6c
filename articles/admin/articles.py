"""The story screens: list with badges and filters, the change form with its workflow panel, bulk steps."""

from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from articles import editorial
from articles.admin import desk, views
from articles.admin.body import to_editor
from articles.admin.dashboard import QueueFilter
from articles.admin.filters import StaffFilter, DueFilter, StaffBylineFilter, StateFilter
from articles.admin.forms import ArticleForm, CommentForm, CorrectionForm, TransitionForm, pending_for
from articles.editorial.snapshots import apply_snapshot
from articles.admin.lead_picture import LeadPictureSelect, picture_choice
from articles.admin.inlines import CorrectionInline, CreditInline, credits_from_formsets
from articles.admin.story_list import TagSearchFilter
from articles.models import Article, ArticleAuthor, EditLock, Priority, Revision
from articles.people import wording
from articles.people.profiles import default_byline
from articles.people.timezones import local_moment
from articles.roles import newsroom_staff, person_label
from articles.sanitize import clean_html
from articles.templatetags.images import image_url


def transition_action(name):
    transition = editorial.TRANSITIONS[name]

    def action(modeladmin, request, queryset):
        return modeladmin.bulk_transition(request, queryset, transition)

    action.__name__ = f"bulk_{name}"
    action.short_description = f"{transition.label} (selected stories)"
    action.allowed_permissions = (transition.permission,)
    return action


class AssigneeSelect(AutocompleteSelect):
    """The admin's type-to-search select, asking the story admin's own lookup of newsroom people
    (Django's would need the right to browse every user account)."""

    def get_url(self):
        return reverse("admin:articles_article_assignee_lookup")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    change_form_template = "admin/articles/article/change_form.html"
    save_as = False  # stated: a story is never copied ("_saveasnew" is refused in change_view)
    list_display = [
        "headline", "status_badge", "section", "byline", "when", "thumbnail", "assigned_to", "deadline", "last_changed",
    ]  # the priority is a badge beside the status when it is not Normal, and a filter
    empty_value_display = "—"
    list_display_links = ["headline"]
    list_filter = [
        QueueFilter, StateFilter, "section", ("credits__author", StaffBylineFilter),
        TagSearchFilter, "publish_at", ("assignee", StaffFilter),
        DueFilter, "priority",
    ]
    search_fields = ["headline", "dek", "slug", "credits__author__name"]
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section"]
    readonly_fields = ["status", "publish_at", "first_published_at", "updated_at", "kill_reason", "word_count",
                       "reading_time", "version"]
    fieldsets = [
        (None, {"fields": ["base", "new_story_token", "kicker", "headline", "slug", "dek", "dateline", "body"]}),
        # The side panel's sections fold (<details>): open on a wide screen, folded where the panel stacks
        # under the body (desk_folds.js); "desk-folded" ones are folded on a wide screen too.
        ("Where and who", {"classes": ["collapse"], "fields": ["section", "tags", "credit_line", "language"]}),
        ("Lead image", {"classes": ["collapse"], "fields": ["lead_image", "lead_image_caption"]}),
        ("Budget", {"classes": ["collapse"], "fields": ["assignee", "deadline", "priority"]}),
        ("Search engines and syndication", {"classes": ["collapse", "desk-folded"],
                                            "fields": ["seo_title", "seo_description", "canonical_url"]}),
        ("Workflow", {"classes": ["collapse"], "fields": ["status", "publish_at", "first_published_at", "updated_at",
                                                          "kill_reason", "word_count", "reading_time", "version"]}),
        ("Import", {"classes": ["collapse", "desk-folded"], "fields": ["source", "source_id"]}),
    ]
    inlines = [CreditInline, CorrectionInline]
    show_full_result_count = False
    actions = [transition_action(name) for name in editorial.TRANSITIONS]

    class Media:
        css = {"all": ["newsroom/admin/newsroom.css"]}
        js = ["newsroom/admin/newsroom.js"]

    # Who sees and edits what ---------------------------------------------------------------

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("section", "lead_image", "assignee").prefetch_related(
            "credits__author",
            Prefetch("revisions", queryset=Revision.objects.filter(pending=True), to_attr="pending_revisions"),
        ).annotate(has_pending=Exists(Revision.objects.filter(article=OuterRef("pk"), pending=True)))
        return editorial.visible_stories(request.user, queryset)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or editorial.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_approve_article_permission(self, request):
        return request.user.has_perm("articles.approve_article")

    def has_publish_article_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    def has_kill_article_permission(self, request):
        return request.user.has_perm("articles.kill_article")

    def has_submit_article_permission(self, request):
        return request.user.has_perm("articles.submit_article")

    def get_fieldsets(self, request, obj=None):
        """People who may only look at a story read its body as text with pictures, not as HTML source."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        shown = {"body": "body_as_read", "lead_image": "lead_picture_as_read"}
        return [
            (name, {**options, "fields": [shown.get(f, f) for f in options["fields"]]})
            for name, options in fieldsets
        ]

    @admin.display(description="body")
    def body_as_read(self, obj):
        return mark_safe(to_editor(clean_html(obj.body)))  # the allow-list's output, pictures shown

    @admin.display(description="lead image")
    def lead_picture_as_read(self, obj):
        """The lead picture as its thumbnail and words (never a file name or an address)."""
        if obj.lead_image is None:
            return "—"
        picture = picture_choice(obj.lead_image)
        return format_html('<span class="lead-picture-current"><img src="{}" alt="" width="96" height="96">'
                           '<span class="lead-picture-text"><strong>{}</strong><span>{}</span></span></span>',
                           picture["thumbnail"], picture["label"], picture["credit"])

    def get_object(self, request, object_id, from_field=None):
        """A published story opens with its pending edit laid over (in memory)."""
        article = super().get_object(request, object_id, from_field)
        pending = self.pending_for(article)
        if pending is not None:
            apply_snapshot(article, pending.snapshot, keep_slug=True)
        return article

    @staticmethod
    def pending_for(article):
        return pending_for(article) if article is not None else None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assignee":
            kwargs["queryset"] = newsroom_staff().order_by("username")
            kwargs["widget"] = AssigneeSelect(db_field, self.admin_site)
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            field.label_from_instance = person_label
            return field
        if db_field.name == "lead_image":
            kwargs["widget"] = LeadPictureSelect()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, CreditInline):
            # Formsets are built before the form is validated: ask for the merge outcome when validating.
            kwargs["merged_credits"] = lambda: getattr(request, "merged_credits", None)
        pending = self.pending_for(obj) if isinstance(inline, CreditInline) else None
        if pending is not None:
            # A published story's credits being edited live in its pending revision, not in the table.
            kwargs["queryset"] = ArticleAuthor.objects.none()
            kwargs["initial"] = [
                {"author": c["author_id"], "role": c["role"], "order": c["order"]} for c in pending.snapshot["credits"]
            ]
        return kwargs

    def get_inline_instances(self, request, obj=None):
        instances = super().get_inline_instances(request, obj)
        pending = self.pending_for(obj)
        for inline in instances:
            if isinstance(inline, CreditInline) and pending is not None:
                inline.extra = len(pending.snapshot["credits"]) + 1  # room for the pending credits, see below
        return instances

    # Saving: the whole story goes through articles.editorial in one call --------------------------

    def save_form(self, request, form, change):
        # The credits table is validated after the form: it ignores its rows when the form
        # merged in someone else's authors (``ArticleForm.merge_credits``).
        request.merged_credits = form.merged_credits
        return super().save_form(request, form, change)

    def save_model(self, request, obj, form, change):
        """Nothing yet: the story is written whole in :meth:`save_related`, once the credits table is read."""

    def save_related(self, request, form, formsets, change):
        credits = form.merged_credits if form.merged_credits is not None else credits_from_formsets(formsets)
        if not change and not form.cleaned_data.get("credit_line", "").strip():
            credits = credits or default_byline(request.user)  # a new story is the writer's own by default
        result = editorial.save_story(article=form.instance, user=request.user, snapshot=form.snapshot(credits),
                                      expected_version=form.expected_version,
                                      client_token=form.cleaned_data.get("new_story_token", ""))
        if result.repeat:  # the same new-story form again: answer with the story the first attempt made
            form.instance.pk = result.article.pk
            messages.info(request, "This story had already been saved; nothing was saved twice.")
        for formset in formsets:  # the formsets wrote nothing; the change message reads these
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if result.pending:
            messages.info(request, "The story is live: your changes are kept as a pending version until a "
                                   "Publisher republishes it. Readers still see the published version.")
        desk.story_form_saved(request, form.instance)
        if form.merged_fields:
            labels = ", ".join(form.merged_labels())
            messages.warning(request, f"Someone else saved this story while you edited it. Their changes to {labels} "
                                      "were merged with yours.")

    def delete_model(self, request, obj):
        editorial.delete_stories([obj], user=request.user)

    def delete_queryset(self, request, queryset):
        editorial.delete_stories(list(queryset), user=request.user)

    def view_on_site(self, obj):
        """Only live stories have a public page; the others have Preview."""
        return obj.get_absolute_url() if obj.is_live else None

    # List columns -----------------------------------------------------------------------------

    @admin.display(description="status", ordering="status")
    def status_badge(self, obj):
        label, css = obj.get_status_display(), obj.status
        if obj.is_scheduled:
            label, css = "Scheduled", "scheduled"
        badge = format_html('<span class="status-badge status-{}">{}</span>', css, label)
        if getattr(obj, "has_pending", False):
            badge += format_html(' <span class="status-badge status-{}">{}</span>', "pending", "Pending edit")
        if obj.priority != Priority.NORMAL:
            badge += format_html(' <span class="status-badge priority-{}">{}</span>', obj.priority,
                                 obj.get_priority_display())
        return badge

    @admin.display(description="authors")
    def byline(self, obj):
        return ", ".join(credit.author.name for credit in obj.ordered_credits()) or obj.credit_line

    @admin.display(description="published", ordering="publish_at")  # "Scheduled for …" when it is yet to come
    def when(self, obj):
        if obj.publish_at is None:
            return "—"
        moment = local_moment(obj.publish_at)
        if obj.is_scheduled:
            return format_html('<span class="scheduled-time">Scheduled for {}</span>', moment)
        return moment

    @admin.display(description="updated", ordering="modified_at")
    def last_changed(self, obj):
        """When anyone last changed the story (a save, a step), as the desk scans for fresh copy."""
        return local_moment(obj.modified_at)

    @admin.display(description="assignee", ordering="assignee__username")
    def assigned_to(self, obj):
        return person_label(obj.assignee) if obj.assignee else "—"

    @admin.display(description="image")
    def thumbnail(self, obj):
        image = obj.lead_image
        if image is None or not image.file:
            return ""
        return format_html('<img class="list-thumbnail" src="{}" alt="" width="60" height="60" loading="lazy">',
                           image_url(image, "1x1", 320, "webp"))

    # The change form's panel --------------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST" and "_saveasnew" in request.POST:  # save_as is off: no copies of stories
            return HttpResponseBadRequest("Save as new is not available for stories.", content_type="text/plain")
        article = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if article is not None and self.has_view_or_change_permission(request, article):
            extra_context.update(self.panel_context(request, article))
        return super().change_view(request, object_id, form_url, extra_context)

    def panel_context(self, request, article):
        user = request.user
        lock = None
        if request.method == "GET" and editorial.can_edit(user, article):
            lock = editorial.acquire_lock(article, user)
        elif hasattr(article, "edit_lock"):
            lock = EditLock.objects.filter(article=article).select_related("user").first()
        return {
            "transitions": editorial.allowed_transitions(user, article),
            "transition_form": TransitionForm(),
            "comment_form": CommentForm(),
            "correction_form": CorrectionForm() if user.has_perm("articles.publish_article") and article.is_live
            else None,
            "comments": article.editorial_comments.select_related("user"),
            "audit_entries": article.audit_entries.select_related("user")[:15],
            "pending_revision": self.pending_for(article),
            "edit_lock": lock,
            "lock_is_mine": lock is None or lock.user_id == user.pk or not lock.is_active,
            "can_edit_story": editorial.can_edit(user, article),
            "can_see_revisions": user.has_perm("articles.view_revision"),
            "can_share": user.has_perm("articles.publish_article"),
            "now": timezone.localtime(),
        }

    def get_urls(self):
        wrap = self.admin_site.admin_view
        own = [
            path("<int:pk>/transition/<str:name>/", wrap(views.transition), name="articles_article_transition"),
            path("<int:pk>/revisions/", wrap(views.revisions), name="articles_article_revisions"),
            path("<int:pk>/revisions/compare/", wrap(views.compare), name="articles_article_compare"),
            path("<int:pk>/revisions/<int:revision_id>/restore/", wrap(views.restore), name="articles_article_restore"),
            path("<int:pk>/preview/", wrap(views.preview), name="articles_article_preview"),
            path("<int:pk>/share/", wrap(views.share), name="articles_article_share"),
            path("<int:pk>/lock/", wrap(views.heartbeat), name="articles_article_lock"),
            path("<int:pk>/lock/takeover/", wrap(views.takeover), name="articles_article_takeover"),
            path("<int:pk>/comment/", wrap(views.comment), name="articles_article_comment"),
            path("<int:pk>/correction/", wrap(views.correction), name="articles_article_correction"),
            path("tag-suggestions/", wrap(views.tag_suggestions), name="articles_article_tag_suggestions"),
            path("image-picker/", wrap(views.image_picker), name="articles_article_image_picker"),
            path("assignee-lookup/", wrap(views.assignee_lookup), name="articles_article_assignee_lookup"),
            # For people outside the newsroom: the signed token is the permission.
            path("shared/<str:token>/", views.shared_preview, name="articles_article_shared"),
            *desk.urls(wrap),
        ]
        return own + super().get_urls()

    # Bulk steps ----------------------------------------------------------------------------------

    def response_action(self, request, queryset):
        """Refuse a tampered selection (ids that are not story numbers) with a message instead of an error."""
        selected = request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME)
        if not all(value.isdigit() and 0 < int(value) <= views.MAX_ID for value in selected):
            self.message_user(request, "The selection was not understood; nothing was done.", messages.ERROR)
            return None
        return super().response_action(request, queryset)

    def bulk_transition(self, request, queryset, transition):
        form = TransitionForm(request.POST if "apply" in request.POST else None)
        needs_input = transition.needs_note() or transition.name in ("schedule", *wording.CONFIRMED_STEPS)
        if needs_input and not (form.is_bound and form.is_valid() and self.input_complete(transition, form)):
            return TemplateResponse(request, "admin/articles/article/bulk_transition.html", {
                **self.admin_site.each_context(request), "title": transition.label, "transition": transition,
                "stories": queryset, "form": form, "opts": self.model._meta,
                "action": request.POST.get("action"), "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            })
        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        done, unchanged, refused = 0, 0, []
        for article in queryset:
            try:
                result = editorial.perform(transition.name, article=article, user=request.user,
                                          note=data.get("note", ""),
                                          at=data.get("at") if transition.name == "schedule" else None)
            except (editorial.TransitionNotAllowed, editorial.InvalidTransition) as exc:
                refused.append(f"“{article.headline}”: {exc}")
                continue
            done += result.happened
            unchanged += not result.happened
        if done:
            self.message_user(request, f"{transition.label}: {done} stor{'y' if done == 1 else 'ies'} done.")
        if unchanged:
            self.message_user(request, f"{unchanged} already had this step.", messages.INFO)
        if refused:
            reasons = format_html_join("; ", "{}", ((r,) for r in refused))
            self.message_user(request, format_html("Not done: {}", reasons), messages.ERROR)
        return None

    @staticmethod
    def input_complete(transition, form):
        if transition.needs_note() and not form.cleaned_data.get("note", "").strip():
            form.add_error("note", f"{transition.note} is required.")
            return False
        if transition.name == "schedule" and form.cleaned_data.get("at") is None:
            form.add_error("at", "Choose a publication time.")
            return False
        return True
