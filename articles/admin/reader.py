"""Admin for the reader site's newer parts: live coverage (start, add updates, end), the breaking-news
banner, the editable pages and an author's links. Every write goes through ``articles.editorial``."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from articles import editorial
from articles.editorial import breaking as breaking_writes
from articles.editorial import liveblog as live_writes
from articles.editorial.site_pages import may_edit_site_pages, save_site_page
from articles.models import Article, BreakingNews, LiveCoverage, SitePage
from articles.models.reader import validate_profile_links


class ProfileLinksField(forms.CharField):
    """An author's links typed one per line, stored as a list."""

    widget = forms.Textarea(attrs={"rows": 3, "cols": 60})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        links = [line.strip() for line in (value or "").splitlines() if line.strip()]
        validate_profile_links(links)
        return links


class AuthorForm(forms.ModelForm):
    links = ProfileLinksField(required=False, help_text="Their own site and profiles, one address per line.")


class NewsroomRoleAdmin(admin.ModelAdmin):
    """Screens for anyone who may write stories; each write checks the story-level rules itself."""

    def has_module_permission(self, request):
        return editorial.has_role_permission(request.user, "change_article")

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class LiveUpdateForm(forms.Form):
    headline = forms.CharField(max_length=200, required=False)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}),
                           help_text="Paragraphs, links, bold and italic; anything else is removed.")
    pinned = forms.BooleanField(required=False, help_text="Keep it at the top (replaces the pinned update).")
    key_event = forms.BooleanField(required=False, help_text="List it among the key events.")


@admin.register(LiveCoverage)
class LiveCoverageAdmin(NewsroomRoleAdmin):
    list_display = ["article", "started_at", "ended_at"]
    autocomplete_fields = ["article"]
    fields = ["article"]
    change_form_template = "admin/articles/livecoverage/change_form.html"

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request) and (obj is None or editorial.can_edit(request.user, obj.article))

    def get_readonly_fields(self, request, obj=None):
        return ["article"] if obj else []

    def save_model(self, request, obj, form, change):
        if not change:
            live_writes.start_live_coverage(article=obj.article, user=request.user)

    def get_urls(self):
        return [
            path("<int:pk>/add-update/", self.admin_site.admin_view(self.add_update), name="articles_live_add_update"),
            path("<int:pk>/end/", self.admin_site.admin_view(self.end_coverage), name="articles_live_end"),
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        coverage = self.get_object(request, object_id)
        extra = {"update_form": LiveUpdateForm(), "updates": list(coverage.article.live_updates.all()[:50])
                 if coverage else []}
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})

    def coverage_or_404(self, request, pk):
        if request.method != "POST":
            raise PermissionDenied("Use the form.")
        coverage = get_object_or_404(LiveCoverage.objects.select_related("article"), pk=pk)
        if not self.has_change_permission(request, coverage):
            raise PermissionDenied("You may not edit this story.")
        return coverage

    def add_update(self, request, pk):
        coverage = self.coverage_or_404(request, pk)
        form = LiveUpdateForm(request.POST)
        back = reverse("admin:articles_livecoverage_change", args=[pk])
        if not form.is_valid():
            messages.error(request, "The update needs some text.")
            return redirect(back)
        try:
            live_writes.add_live_update(article=coverage.article, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "The update is live.")
        return redirect(back)

    def end_coverage(self, request, pk):
        coverage = self.coverage_or_404(request, pk)
        live_writes.end_live_coverage(article=coverage.article, user=request.user)
        messages.success(request, "Live coverage ended.")
        return redirect(reverse("admin:articles_livecoverage_change", args=[pk]))


DURATIONS = [(15, "15 minutes"), (30, "30 minutes"), (60, "1 hour"), (120, "2 hours"), (240, "4 hours"),
             (480, "8 hours"), (1440, "24 hours")]


class BreakingNewsForm(forms.ModelForm):
    minutes = forms.TypedChoiceField(label="Show for", choices=DURATIONS, coerce=int, initial=60)

    class Meta:
        model = BreakingNews
        fields = ["article", "label"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article"].queryset = Article.objects.published().order_by("-publish_at")
        self.fields["article"].help_text = "A published story. Any other banner ends when this one starts."


@admin.register(BreakingNews)
class BreakingNewsAdmin(admin.ModelAdmin):
    form = BreakingNewsForm
    list_display = ["article", "label", "starts_at", "ends_at"]

    def has_module_permission(self, request):
        return breaking_writes.may_flag_breaking(request.user)

    has_view_permission = has_add_permission = lambda self, request, obj=None: self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        flag = breaking_writes.flag_breaking(article=obj.article, user=request.user, label=obj.label,
                                             duration=timedelta(minutes=form.cleaned_data["minutes"]))
        obj.pk = flag.pk


@admin.register(SitePage)
class SitePageAdmin(admin.ModelAdmin):
    list_display = ["title", "purpose", "updated_at"]
    fields = ["purpose", "title", "body"]

    def has_module_permission(self, request):
        return may_edit_site_pages(request.user)

    has_view_permission = has_add_permission = has_change_permission = (
        lambda self, request, obj=None: self.has_module_permission(request)
    )

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def save_model(self, request, obj, form, change):
        save_site_page(page=obj, user=request.user)

    def history_view(self, request, object_id, extra_context=None):
        page = get_object_or_404(SitePage, pk=object_id)
        return TemplateResponse(request, "admin/articles/sitepage/revisions.html", {
            **self.admin_site.each_context(request), "page": page, "revisions": page.revisions.select_related("user"),
            "opts": self.model._meta, "title": f"Revisions of “{page.title}”",
        })
