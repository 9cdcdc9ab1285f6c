"""Admin registrations. The editorial workflow's screens build on these."""

from django.contrib import admin

from articles.admin import images  # noqa: F401  (the media library)
from articles.models import Article, ArticleAuthor, Author, Section


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "ordering"]
    list_editable = ["ordering"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "job_title", "user"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "job_title"]
    autocomplete_fields = ["user", "photo"]


class CreditInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["order", "author", "role"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "status", "section", "publish_at", "modified_at"]
    list_filter = ["status", "section", "publish_at", ("tags", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["headline", "dek", "slug", "credits__author__name"]
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "lead_image", "assignee"]
    readonly_fields = ["status", "first_published_at", "updated_at", "word_count", "reading_time", "version"]
    inlines = [CreditInline]
    date_hierarchy = "publish_at"
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("section")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.modified_by = request.user
        super().save_model(request, obj, form, change)

from articles.admin import site  # noqa: E402,F401  (reader notices and old story addresses)
