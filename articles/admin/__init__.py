"""Admin registrations: sections and authors here; images, stories and the audit log in their modules."""

from django.contrib import admin

from articles.admin import images  # noqa: F401  (the media library)
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


# The story screens live in their own modules; importing them registers them.
from articles.admin import articles as _articles  # noqa: E402,F401
from articles.admin import audit as _audit  # noqa: E402,F401

from articles.admin import site  # noqa: E402,F401  (reader notices and old story addresses)
from articles.admin import tags as _tags  # noqa: E402,F401  (the tag desk)
