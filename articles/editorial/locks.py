"""Soft edit locks: who has a story's change form open, and taking over from them."""

from django.db import transaction
from django.utils import timezone

from articles.editorial.records import record
from articles.models import Article, EditLock


def acquire_lock(article, user):
    """Take the soft lock when it is free, lapsed or ours; return whatever lock holds now."""
    now = timezone.now()
    with transaction.atomic():
        lock = EditLock.objects.select_for_update().filter(article_id=article.pk).select_related("user").first()
        if lock is None:
            lock, _ = EditLock.objects.get_or_create(article_id=article.pk, defaults={"user": user})
        elif lock.user_id == user.pk or not lock.is_active:
            if lock.user_id != user.pk:
                lock.acquired_at = now
            lock.user, lock.heartbeat_at = user, now
            lock.save()
    return lock


def take_over_lock(*, article, user):
    """Take a story's edit lock from whoever holds it, and log it."""
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        lock = EditLock.objects.filter(article=article).select_related("user").first()
        previous = lock.user if lock and lock.user_id != user.pk else None
        now = timezone.now()
        EditLock.objects.update_or_create(
            article=article, defaults={"user": user, "acquired_at": now, "heartbeat_at": now}
        )
        if previous is not None:
            record(article, user=user, action="takeover", from_status=article.status,
                   note=f"Took over editing from {previous.get_full_name() or previous.get_username()}")
