"""Writes to the pages the newsroom edits: the page, a revision of it and fresh reader pages, together."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from articles.caching import everything_changed
from articles.editorial.permissions import has_role_permission
from articles.models import SitePageRevision


def may_edit_site_pages(user):
    """Publishers (and superusers) speak for the publication."""
    return user is not None and user.is_active and (user.is_superuser or has_role_permission(
        user, "publish_article"))


@transaction.atomic
def save_site_page(*, page, user):
    """Save ``page`` (its body is sanitised by the model) and keep what it now says as a revision."""
    if not may_edit_site_pages(user):
        raise PermissionDenied("Only Publishers may edit the site's pages.")
    page.full_clean()
    page.save()
    SitePageRevision.objects.create(page=page, user=user, title=page.title, body=page.body)
    everything_changed()  # every page's footer links the site pages; they change rarely
    return page
