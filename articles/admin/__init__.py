"""Admin registrations: sections and authors here; images, stories and the audit log in their modules."""

from django.contrib import admin

from articles.admin import images  # noqa: F401  (the media library)
from articles.admin import reader as reader_admin  # live coverage, breaking news, editable pages, author links
from articles.models import Author, Section


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
    form = reader_admin.AuthorForm


# The story screens live in their own modules; importing them registers them.
from articles.admin import articles as _articles  # noqa: E402,F401
from articles.admin import audit as _audit  # noqa: E402,F401

from articles.admin import site  # noqa: E402,F401  (reader notices and old story addresses)
