"""The one door for every write to a story: content and status.

Callers (the admin, importers, commands, jobs) import from here::

    from articles import editorial
    editorial.perform("approve", article=story, user=request.user)
    editorial.save_story(article=story, user=request.user, snapshot=snapshot, expected_version=7)

- :mod:`.permissions` — who may see and change a story
- :mod:`.snapshots` — the one table of what a story's content is, and reading/applying snapshots
- :mod:`.transitions` — the workflow's steps (one small class each) and ``perform``
- :mod:`.edits` — saves (the live/pending split), restores, corrections, deletions
- :mod:`.imports` — the importers' writes: batches with a revision and an audit entry per story
- :mod:`.preview` — a story with unsaved content, built in memory
- :mod:`.locks`, :mod:`.records`, :mod:`.notifications`

Every write ends with one :func:`articles.reader_effects.story_changed` call. Nothing
outside this package saves a story's content or status (``test_write_path.py`` scans for it).
"""

from articles.editorial.edits import (
    SaveResult,
    StaleEdit,
    add_correction,
    claim_version,
    delete_stories,
    restore_revision,
    save_pending_edit,
    save_story,
    system_update,
    working_copy,
    working_snapshot,
)
from articles.editorial.locks import acquire_lock, take_over_lock
from articles.editorial.permissions import can_edit, can_view, has_role_permission, may_see_killed, visible_stories
from articles.editorial.records import record, record_revision
from articles.editorial.snapshots import take_snapshot
from articles.editorial.transitions import (
    IMPORTABLE_STATES,
    TRANSITIONS,
    InvalidTransition,
    StepResult,
    TransitionNotAllowed,
    allowed_transitions,
    pending_revision,
    perform,
    restore_imported_state,
)


def submit_article(*, article, user, note=""):
    return perform("submit", article=article, user=user, note=note).article


def return_article(*, article, user, note):
    return perform("return", article=article, user=user, note=note).article


def approve_article(*, article, user, note=""):
    return perform("approve", article=article, user=user, note=note).article


def publish_article(*, article, user=None, at=None, note=""):
    """Make ``article`` live at ``at`` (now by default; a future time schedules it).

    ``user=None`` is a system publish (an import): it may start from any state but killed.
    """
    from django.utils import timezone

    name = "schedule" if at is not None and at > timezone.now() else "publish"
    return perform(name, article=article, user=user, at=at, note=note).article


def schedule_article(*, article, user, at, note=""):
    return perform("schedule", article=article, user=user, at=at, note=note).article


def unpublish_article(*, article, user, note=""):
    return perform("unpublish", article=article, user=user, note=note).article


def republish_article(*, article, user, significant=False, note=""):
    """Put a published story's pending edit live, or bring an unpublished story back."""
    return perform("republish", article=article, user=user, significant=significant, note=note).article


def revert_article(*, article, user, note=""):
    return perform("revert", article=article, user=user, note=note).article


def kill_article(*, article, user, note):
    return perform("kill", article=article, user=user, note=note).article


__all__ = [
    "IMPORTABLE_STATES", "TRANSITIONS", "InvalidTransition", "SaveResult", "StaleEdit", "StepResult",
    "TransitionNotAllowed", "acquire_lock", "add_correction", "allowed_transitions", "approve_article", "can_edit",
    "can_view", "claim_version", "delete_stories", "has_role_permission", "kill_article", "may_see_killed",
    "pending_revision", "perform", "publish_article", "record", "record_revision", "republish_article",
    "restore_imported_state", "restore_revision", "return_article", "revert_article", "save_pending_edit",
    "save_story", "schedule_article", "system_update", "submit_article", "take_over_lock", "take_snapshot", "unpublish_article",
    "visible_stories", "working_copy", "working_snapshot",
]
