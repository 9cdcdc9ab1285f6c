"""Preview links for people outside the newsroom: created by Publishers, listed on the story, revocable.

A link is a random token stored in ``ShareLink``; it reads the story's working copy until it
expires or is revoked, after which it answers 410 with a neutral page. Killed stories cannot be
shared (:func:`can_share`), so the panel does not offer it.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from articles.editorial.records import record
from articles.models import ShareLink, Status
from articles.people.timezones import local_moment

DEFAULT_HOURS = 48
MAX_HOURS = 24 * 14


def may_share(user):
    return user is not None and user.is_active and user.has_perm("articles.publish_article")


def can_share(user, article):
    """Publishers share any story that is not killed."""
    return may_share(user) and article.status != Status.KILLED


def link_hours(raw):
    """The validity asked for, within 1 hour and two weeks; the default when unreadable."""
    try:
        return max(1, min(int(raw or DEFAULT_HOURS), MAX_HOURS))
    except (TypeError, ValueError, OverflowError):
        return DEFAULT_HOURS


def create_share_link(*, article, user, hours):
    if not can_share(user, article):
        raise PermissionDenied("This story cannot be shared.")
    link = ShareLink.objects.create(article=article, created_by=user,
                                    expires_at=timezone.now() + timedelta(hours=hours))
    record(article, user=user, action="share", from_status=article.status,
           note=f"Preview link valid until {local_moment(link.expires_at)}")
    return link


def revoke_share_link(*, link, user):
    if not may_share(user):
        raise PermissionDenied("Only Publishers revoke preview links.")
    if link.revoked_at is None:
        link.revoked_at, link.revoked_by = timezone.now(), user
        link.save(update_fields=["revoked_at", "revoked_by"])
        record(link.article, user=user, action="share_revoked", from_status=link.article.status,
               note=f"Revoked the preview link created {local_moment(link.created_at)}")
    return link
