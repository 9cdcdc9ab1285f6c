"""Who has a story open, told truthfully: heartbeats every ~15 s, gone within 45 s, released on leaving.

The change form's ``presence.js`` beats (:func:`beat`) while the tab is open and sends a beacon
(:func:`leave`) when it closes or navigates away (submit, save, back). The lock itself is the
``EditLock`` the admin already takes; a lapsed lock (``LOCK_TIMEOUT`` after its last beat) is free.
"""

from django.db import transaction
from django.utils import timezone

from articles.editorial.locks import acquire_lock
from articles.models import EditLock, StoryViewer
from articles.models.editorial import LOCK_TIMEOUT

HEARTBEAT_SECONDS = 15


def display_name(user):
    return user.get_full_name() or user.get_username()


def beat(*, article, user, may_edit):
    """Record ``user`` as viewing ``article`` (taking the free lock when they may edit); say who else is there."""
    now = timezone.now()
    StoryViewer.objects.update_or_create(article=article, user=user, defaults={"seen_at": now})
    lock = acquire_lock(article, user) if may_edit else (
        EditLock.objects.filter(article=article).select_related("user").first()
    )
    holder = lock.user if lock is not None and lock.is_active else None
    others = (
        StoryViewer.objects.filter(article=article, seen_at__gt=now - LOCK_TIMEOUT).exclude(user=user)
        .select_related("user").order_by("seen_at")
    )
    return {
        "mine": holder is not None and holder.pk == user.pk,
        "holder": display_name(holder) if holder is not None else "",
        "others": [display_name(viewer.user) for viewer in others],
    }


def leave(*, article, user):
    """``user`` closed the story: forget them as a viewer and free the lock if it was theirs."""
    with transaction.atomic():
        StoryViewer.objects.filter(article=article, user=user).delete()
        released = EditLock.objects.filter(article=article, user=user).delete()[0]
    return bool(released)
