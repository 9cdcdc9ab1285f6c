"""Flag a live story as breaking news for a while (one banner at a time), or lift the flag."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from articles import editorial
from articles.models import BreakingNews
from articles.people.timezones import local_moment
from articles.reader.breaking import breaking_changed

MAX_DURATION = timedelta(days=2)


def may_flag_breaking(user):
    return user is not None and user.is_active and (user.is_superuser or editorial.has_role_permission(
        user, "publish_article"))


@transaction.atomic
def flag_breaking(*, article, user, duration, label="Breaking"):
    """Show ``article`` in the banner above every page for ``duration`` (a timedelta), replacing any other."""
    if not may_flag_breaking(user):
        raise PermissionDenied("Only Publishers may flag breaking news.")
    if not article.is_live:
        raise ValidationError("Only a published story can be breaking news.")
    if not timedelta(minutes=1) <= duration <= MAX_DURATION:
        raise ValidationError("Choose a duration between a minute and two days.")
    now = timezone.now()
    BreakingNews.objects.filter(ends_at__gt=now).update(ends_at=now)
    flag = BreakingNews.objects.create(article=article, created_by=user, label=label or "Breaking",
                                       starts_at=now, ends_at=now + duration)
    editorial.record(article, user=user, action="flagged breaking", note=f"until {local_moment(flag.ends_at)}")
    breaking_changed()
    transaction.on_commit(breaking_changed)  # and again, so a request racing this one cannot keep the old
    return flag


@transaction.atomic
def lift_breaking(*, user):
    if not may_flag_breaking(user):
        raise PermissionDenied("Only Publishers may lift breaking news.")
    now = timezone.now()
    lifted = BreakingNews.objects.filter(ends_at__gt=now).update(ends_at=now)
    breaking_changed()
    transaction.on_commit(breaking_changed)  # and again, so a request racing this one cannot keep the old
    return lifted
