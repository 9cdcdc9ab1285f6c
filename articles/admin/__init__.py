"""Admin registrations: sections and authors here; images, stories and the audit log in their modules."""

from django.contrib import admin

from articles.admin import images  # noqa: F401  (the media library)
from articles.admin import reader as reader_admin  # live coverage, breaking news, editable pages, author links
from articles.models import Author, Section
from articles.people import profiles


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "ordering"]
    list_editable = ["ordering"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    """Bylines: every role adds contributors; who changes which profile is ``articles.people.profiles``."""

    list_display = ["name", "job_title", "user"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "job_title"]
    autocomplete_fields = ["user", "photo"]
    form = reader_admin.AuthorForm

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or profiles.may_change_profile(request.user, obj))

    def get_readonly_fields(self, request, obj=None):
        return [] if profiles.edits_everyone(request.user) else ["user"]


# The story screens live in their own modules; importing them registers them.
from articles.admin import articles as _articles  # noqa: E402,F401
from articles.admin import audit as _audit  # noqa: E402,F401

from articles.admin import site  # noqa: E402,F401  (reader notices and old story addresses)
from articles.admin import ingest  # noqa: E402,F401  (ingest sources and the Incoming desk)
from articles.admin import api  # noqa: E402,F401  (Content API keys, webhook subscriptions)
from articles.admin import tags as _tags  # noqa: E402,F401  (the tag desk)
from articles.admin import two_factor  # noqa: E402,F401  (backup codes, for superusers)
