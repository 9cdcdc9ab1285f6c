"""Autosaves: a writer's unsaved working copy, kept so that no typed word is lost.

An autosave belongs to one user and one story (or, for a story never saved, to one
browser draft id). It is a scratch copy beside the story: writing one never touches
the story row, its version, its revisions or anything readers see. An autosave made
from an older version of the story never replaces one made from a newer version.
"""

import json
import re

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Autosave
from articles.editorial.permissions import can_edit

DRAFT_KEY = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
MAX_BYTES = 2_000_000  # far above any story; a bigger payload is refused, not cut
MAX_FIELDS = 500


class AutosaveRefused(ValueError):
    """The autosave could not be stored as sent (malformed or too large)."""


def may_autosave(user, article=None):
    """Autosave is for people who may edit this story (or, for a new one, write stories)."""
    if user is None or not user.is_active:
        return False
    if article is None:
        return user.has_perm("articles.add_article")
    return can_edit(user, article)


def owner_filter(*, user, article=None, draft_key=""):
    if article is not None:
        return {"user": user, "article": article}
    if not DRAFT_KEY.match(draft_key or ""):
        raise AutosaveRefused("A new story's autosave needs a draft id of 8 to 64 letters, digits, - or _.")
    return {"user": user, "article": None, "draft_key": draft_key}


def clean_fields(fields):
    """The posted form as ``{name: value or [values]}`` of strings; anything else is refused."""
    if not isinstance(fields, dict) or len(fields) > MAX_FIELDS:
        raise AutosaveRefused("The autosave must be a form of at most 500 fields.")
    for name, value in fields.items():
        values = value if isinstance(value, list) else [value]
        if not isinstance(name, str) or len(name) > 200 or not all(isinstance(v, str) for v in values):
            raise AutosaveRefused("Every autosaved field must be text.")
    if len(json.dumps(fields)) > MAX_BYTES:
        raise AutosaveRefused("The autosave is too large.")
    return fields


def autosave_for(*, user, article=None, draft_key=""):
    """This user's autosave of this story (or draft id), or ``None``."""
    try:
        return Autosave.objects.filter(**owner_filter(user=user, article=article, draft_key=draft_key)).first()
    except AutosaveRefused:
        return None


def save_autosave(*, user, fields, base_version, article=None, draft_key=""):
    """Store ``fields`` as the user's working copy; return ``(autosave, stored)``.

    ``stored`` is False when the autosave already held text made from a newer version of the story
    (an old tab waking up): that newer text is kept and returned. Raises ``PermissionDenied`` for a
    user who may not edit the story and ``AutosaveRefused`` for a malformed autosave.
    """
    if not may_autosave(user, article):
        raise PermissionDenied("You may not edit this story.")
    owner = owner_filter(user=user, article=article, draft_key=draft_key)
    fields = clean_fields(fields)
    base_version = min(max(0, int(base_version)), 2**31 - 1)  # what every database here stores
    now = timezone.now()
    with transaction.atomic():
        existing = Autosave.objects.select_for_update().filter(**owner).first()
        if existing is None:
            try:
                with transaction.atomic():
                    return Autosave.objects.create(**owner, fields=fields, base_version=base_version,
                                                   saved_at=now), True
            except IntegrityError:  # another request created it a moment ago
                existing = Autosave.objects.select_for_update().get(**owner)
        if existing.base_version > base_version:
            return existing, False
        existing.fields, existing.base_version, existing.saved_at = fields, base_version, now
        existing.save(update_fields=["fields", "base_version", "saved_at"])
        return existing, True


def discard_autosave(*, user, article=None, draft_key=""):
    """Forget the user's autosave of this story and, when given, of the draft it started as."""
    if article is not None:
        Autosave.objects.filter(user=user, article=article).delete()
    if draft_key and DRAFT_KEY.match(draft_key):
        Autosave.objects.filter(user=user, article=None, draft_key=draft_key).delete()
