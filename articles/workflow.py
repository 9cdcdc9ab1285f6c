"""The editorial workflow: the only module that changes a story's ``status``.

It knows the states, the transitions, who may make each and from where. Every
transition runs in one transaction on a row locked with ``select_for_update``,
writes an audit entry and a revision, and is idempotent: asking for a step that
has already happened (a double click, two tabs, a scheduler racing a person)
returns the story unchanged instead of doing it twice.

A published story's edits do not touch the Article row readers see: they are
kept as a *pending* revision until a Publisher republishes it.

``user=None`` means the system (an import); it is recorded as such.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from articles.images import images_missing_alt, missing_alt_message, sync_body_images
from articles.jobs import enqueue
from articles.jobs.tasks import send_notification_mail
from articles.models import Article, AuditEntry, Correction, CorrectionKind, EditLock, Revision, Status
from articles.models.editorial import overlay_snapshot, take_snapshot, write_snapshot_relations
from articles.webhooks import story_event, transition_event

logger = logging.getLogger(__name__)


class TransitionNotAllowed(PermissionDenied):
    """This user may not make this step."""


class InvalidTransition(ValueError):
    """The step is impossible from the story's state, or its note is missing."""


class StaleEdit(Exception):
    """The story changed since the editing form was opened."""


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset
    target: str
    permission: str
    note: str = ""  # label of a required note; empty when none is needed

    def needs_note(self):
        return bool(self.note)


TRANSITIONS = {
    t.name: t
    for t in [
        Transition("submit", "Submit for review", frozenset({Status.DRAFT}), Status.IN_REVIEW, "submit_article"),
        Transition(
            "return", "Return to reporter", frozenset({Status.IN_REVIEW, Status.APPROVED}), Status.DRAFT,
            "approve_article", note="What needs to change",
        ),
        Transition("approve", "Approve", frozenset({Status.IN_REVIEW}), Status.APPROVED, "approve_article"),
        Transition(
            "publish", "Publish now", frozenset({Status.APPROVED, Status.PUBLISHED}), Status.PUBLISHED,
            "publish_article",
        ),
        Transition(
            "schedule", "Schedule", frozenset({Status.APPROVED, Status.PUBLISHED}), Status.PUBLISHED, "publish_article"
        ),
        Transition("unpublish", "Unpublish", frozenset({Status.PUBLISHED}), Status.UNPUBLISHED, "publish_article"),
        Transition(
            "republish", "Republish",
            frozenset({Status.PUBLISHED, Status.UNPUBLISHED, Status.KILLED}), Status.PUBLISHED, "publish_article",
        ),
        Transition(
            "revert", "Revert to draft", frozenset({Status.IN_REVIEW, Status.APPROVED, Status.UNPUBLISHED}),
            Status.DRAFT, "approve_article",
        ),
        Transition(
            "kill", "Kill", frozenset({Status.PUBLISHED, Status.UNPUBLISHED}), Status.KILLED, "kill_article",
            note="Legal or ethical reason",
        ),
    ]
}


# Who may do what -----------------------------------------------------------------------------


def has_role_permission(user, codename):
    return user is not None and user.is_active and user.has_perm(f"articles.{codename}")


def may_see_killed(user):
    """Killed stories stay visible, read-only, to the whole newsroom: the kill and its reason are news to them.

    Only readers lose them; in the admin nobody but a superuser may change or revive one (:func:`can_edit`).
    """
    return user is not None and has_role_permission(user, "view_article")


def can_view(user, article):
    """Every newsroom role sees every story, killed ones included (read-only)."""
    if not has_role_permission(user, "view_article"):
        return False
    return article.status != Status.KILLED or may_see_killed(user)


def visible_stories(user, stories):
    """The stories of the queryset ``stories`` that ``user`` may see: :func:`can_view` for many at once."""
    if not has_role_permission(user, "view_article"):
        return stories.none()
    return stories if may_see_killed(user) else stories.exclude(status=Status.KILLED)


def can_edit(user, article):
    """Reporters edit their own drafts; Editors and Publishers any story that is not killed."""
    if user is None or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not has_role_permission(user, "change_article") or article.status == Status.KILLED:
        return False
    if has_role_permission(user, "approve_article"):
        return True
    return article.status == Status.DRAFT and user.pk in (article.created_by_id, article.assignee_id)


def may(user, transition, article):
    """May ``user`` make ``transition`` on ``article`` in its current state? (``None`` = the system.)"""
    if user is None:
        return True
    if not has_role_permission(user, transition.permission):
        return False
    if transition.name == "submit":
        return can_edit(user, article)
    if transition.name == "republish" and article.status == Status.KILLED:
        return user.is_superuser
    return True


def is_available(transition, article):
    """Can ``transition`` start from ``article``'s state at all?"""
    if article.status not in transition.sources:
        return False
    if transition.name in ("publish", "schedule") and article.status == Status.PUBLISHED:
        return article.is_scheduled
    if transition.name == "republish" and article.status == Status.PUBLISHED:
        return pending_revision(article) is not None
    return True


def allowed_transitions(user, article):
    """The steps this user can take on this story now, in menu order."""
    return [t for t in TRANSITIONS.values() if is_available(t, article) and may(user, t, article)]


def pending_revision(article):
    return Revision.objects.filter(article=article, pending=True).first()


def working_snapshot(article):
    """The story's content as its editors see it now: a published story's pending edit, else the story."""
    pending = pending_revision(article) if article.status == Status.PUBLISHED else None
    return pending.snapshot if pending is not None else take_snapshot(article)


def working_copy(article):
    """The story as its editors see it: a published story with its pending edit laid over (unsaved)."""
    pending = pending_revision(article) if article.status == Status.PUBLISHED else None
    if pending is not None:
        overlay_snapshot(article, pending.snapshot, keep_slug=True)
        article._pending_revision = pending
    return article


# Transitions ----------------------------------------------------------------------------------


def submit_article(*, article, user, note=""):
    return perform("submit", article=article, user=user, note=note)


def return_article(*, article, user, note):
    return perform("return", article=article, user=user, note=note)


def approve_article(*, article, user, note=""):
    return perform("approve", article=article, user=user, note=note)


def publish_article(*, article, user=None, at=None, note=""):
    """Make ``article`` live at ``at`` (now by default; a future time schedules it).

    ``user=None`` is a system publish (an import): it may start from any state but killed.
    """
    if at is not None and at > timezone.now():
        return perform("schedule", article=article, user=user, at=at, note=note)
    return perform("publish", article=article, user=user, at=at, note=note)


def schedule_article(*, article, user, at, note=""):
    if at is None or at <= timezone.now():
        raise InvalidTransition("Choose a publication time in the future.")
    return perform("schedule", article=article, user=user, at=at, note=note)


def unpublish_article(*, article, user, note=""):
    return perform("unpublish", article=article, user=user, note=note)


def republish_article(*, article, user, significant=False, note=""):
    """Put a published story's pending edit live, or bring an unpublished story back."""
    return perform("republish", article=article, user=user, significant=significant, note=note)


def revert_article(*, article, user, note=""):
    return perform("revert", article=article, user=user, note=note)


def kill_article(*, article, user, note):
    return perform("kill", article=article, user=user, note=note)


IMPORTABLE_STATES = frozenset({Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, Status.UNPUBLISHED, Status.KILLED})


def restore_imported_state(*, article, status, publish_at=None, first_published_at=None, note=""):
    """Give an imported story the state its source recorded, as the system (audit user: none).

    For importers only: no permission check and no transition rules, because the
    state was reached elsewhere. It never makes anything public: ``published``
    is refused here (publishing goes through :func:`publish_article`, and only
    when the operator asked), and a story live on our site is left as it is.
    ``note`` is a killed story's reason.
    """
    if status not in IMPORTABLE_STATES:
        raise InvalidTransition(f"An import cannot restore the state “{status}”.")
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        if article.is_live or article.status == status:
            article.transition_happened = False
            return article
        previous = article.status
        article.status = status
        article.publish_at = publish_at or article.publish_at
        if status in (Status.UNPUBLISHED, Status.KILLED):
            article.first_published_at = first_published_at or article.first_published_at or article.publish_at
        article.kill_reason = note if status == Status.KILLED else ""
        article.modified_by = None
        article.save()
        record(article, user=None, action="import", from_status=previous, note=note)
        record_revision(article=article, user=None, transition="import", note=note)
    article.transition_happened = True
    return article


def already_done(name, article, at):
    """True when the step asked for is the last one that happened and its result still stands.

    That is the second of two identical requests (a double click, two tabs); it is
    answered without doing anything, while the same step asked for out of turn is refused.
    """
    last = (
        AuditEntry.objects.filter(article=article, action__in=list(TRANSITIONS))
        .order_by("-created_at", "-pk").values_list("action", flat=True).first()
    )
    if last not in (name, "schedule" if name == "publish" else name):
        return False
    if name == "publish":
        return article.is_live
    if name == "schedule":
        return article.status == Status.PUBLISHED and article.publish_at == at
    if name == "republish":
        return article.is_live and pending_revision(article) is None
    return article.status == TRANSITIONS[name].target


def perform(name, *, article, user, note="", at=None, significant=False):
    """Make transition ``name`` on ``article`` and return the fresh story.

    Raises :class:`TransitionNotAllowed` (the user may not) or :class:`InvalidTransition`
    (wrong state, missing note). Nothing is written when either is raised.
    """
    transition = TRANSITIONS[name]
    note = (note or "").strip()
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        if user is not None and (not can_view(user, article) or not has_role_permission(user, transition.permission)):
            raise TransitionNotAllowed(f"You may not {transition.label.lower()} this story.")
        if already_done(name, article, at):
            article.transition_happened = False
            return article
        if name == "schedule" and (at is None or at <= timezone.now()):
            raise InvalidTransition("Choose a publication time in the future.")
        system_publish = user is None and name in ("publish", "schedule") and article.status != Status.KILLED
        if not system_publish and not is_available(transition, article):
            raise InvalidTransition(
                f"A story that is {article.get_status_display().lower()} cannot be given “{transition.label}”."
            )
        if not may(user, transition, article):
            raise TransitionNotAllowed(f"You may not {transition.label.lower()} this story.")
        if transition.needs_note() and not note:
            raise InvalidTransition(f"{transition.note} is required.")
        previous = article.status
        apply_transition(transition, article, user=user, at=at, significant=significant, note=note)
        record(article, user=user, action=name, from_status=previous, note=note)
        record_revision(article=article, user=user, transition=name, note=note)
        if name == "return":
            article.editorial_comments.create(user=user, text=note)
        transaction.on_commit(lambda: notify(name, article=article, user=user, note=note))
        transaction.on_commit(lambda: story_event(article, transition_event(name, previous), when=at))
    article.transition_happened = True
    return article


def apply_transition(transition, article, *, user, at, significant, note):
    now = timezone.now()
    name = transition.name
    pending = pending_revision(article)
    if pending is not None and name in ("republish", "unpublish", "kill"):
        Revision.objects.filter(pk=pending.pk).update(pending=False)
        if name in ("republish", "unpublish"):
            # Unpublished, the pending edit simply becomes the story; republished, it goes live.
            overlay_snapshot(article, pending.snapshot, keep_slug=article.first_published_at is not None)
            write_snapshot_relations(article, pending.snapshot)
            sync_body_images(article)
    if user is not None and name in ("publish", "schedule", "republish"):
        missing = images_missing_alt(article)
        if missing:
            raise InvalidTransition(missing_alt_message(missing))
    if name in ("publish", "schedule"):
        article.publish_at = at or now
        if article.first_published_at is None or article.first_published_at > article.publish_at:
            article.first_published_at = article.publish_at
    if name == "republish":
        article.kill_reason = ""  # a superuser brought a killed story back; the audit log keeps the reason
        article.publish_at = article.publish_at or now
        article.first_published_at = article.first_published_at or article.publish_at
        if significant:
            article.updated_at = now
    if name == "kill":
        article.kill_reason = note
    article.status = transition.target
    article.modified_by = user
    article.save()


# Records ---------------------------------------------------------------------------------------


def record(article, *, user, action, from_status="", note=""):
    return AuditEntry.objects.create(
        article=article, user=user, action=action, from_status=from_status, to_status=article.status, note=note
    )


def record_revision(*, article, user, transition="", note="", snapshot=None, pending=False):
    """Store the story as it is now (or ``snapshot``) as a new revision."""
    return Revision.objects.create(
        article=article, user=user, version=article.version, transition=transition, note=note,
        status=article.status, snapshot=snapshot if snapshot is not None else take_snapshot(article),
        pending=pending, live=article.is_live and not pending,
    )


def claim_version(article, expected):
    """Bump the story's version if and only if it is still ``expected`` (one atomic UPDATE)."""
    if not Article.objects.filter(pk=article.pk, version=expected).update(version=F("version") + 1):
        raise StaleEdit("The story was changed by someone else while you were editing.")
    article.version = expected + 1


def save_pending_edit(*, article, user, snapshot, expected_version, note=""):
    """Keep an edit to a published story aside until it is republished; the live row is not touched."""
    with transaction.atomic():
        claim_version(article, expected_version)
        Revision.objects.filter(article=article, pending=True).update(pending=False)
        return record_revision(article=article, user=user, snapshot=snapshot, pending=True, note=note)


def restore_revision(*, revision, user):
    """Make an old revision the newest version: pending for a published story, the story itself otherwise."""
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=revision.article_id)
        if not can_edit(user, article):
            raise TransitionNotAllowed("You may not edit this story.")
        snapshot = {**revision.snapshot, "corrections": take_snapshot(article)["corrections"]}
        note = f"Restored version {revision.version}"
        if article.status == Status.PUBLISHED:
            saved = save_pending_edit(article=article, user=user, snapshot=snapshot,
                                      expected_version=article.version, note=note)
        else:
            overlay_snapshot(article, snapshot, keep_slug=article.first_published_at is not None)
            article.modified_by = user
            article.save()
            write_snapshot_relations(article, snapshot)
            sync_body_images(article)
            saved = record_revision(article=article, user=user, note=note)
        record(article, user=user, action="restore", from_status=article.status, note=note)
        return saved


def add_correction(*, article, user, kind, text):
    """Append a correction or clarification to a published story; it also sets the reader-facing update time."""
    text = (text or "").strip()
    if kind not in CorrectionKind.values:
        raise InvalidTransition("Choose correction or clarification.")
    if not text:
        raise InvalidTransition("The correction needs a text.")
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        if not (user.is_superuser or has_role_permission(user, "publish_article")) or not can_view(user, article):
            raise TransitionNotAllowed("Only Publishers add corrections.")
        if not article.is_live:
            raise InvalidTransition("Corrections are for published stories; a scheduled one can still be edited.")
        now = timezone.now()
        correction = Correction.objects.create(article=article, kind=kind, text=text, published_at=now, created_by=user)
        article.updated_at = now
        article.modified_by = user
        article.save(update_fields=["updated_at", "modified_by"])
        record(article, user=user, action="correction", from_status=article.status, note=text)
        record_revision(article=article, user=user, transition="correction", note=text)
        pending = pending_revision(article)
        if pending is not None:
            pending.snapshot["corrections"] = take_snapshot(article)["corrections"]
            pending.save(update_fields=["snapshot"])
    return correction


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


# Notifications ---------------------------------------------------------------------------------


def notify(name, *, article, user, note):
    """E-mail the people a step concerns, if they may see the story."""
    if name == "submit":
        recipients = get_user_model().objects.filter(groups__name="Editors", is_active=True).distinct()
        subject = f"For review: {article.headline}"
    elif name in ("return", "publish", "schedule"):
        recipients = [u for u in (article.created_by, article.assignee) if u is not None]
        subject = {"return": "Returned to you", "publish": "Published", "schedule": "Scheduled"}[name]
        subject = f"{subject}: {article.headline}"
    else:
        return
    addresses = sorted({u.email for u in recipients if u.email and u != user and can_view(u, article)})
    if not addresses:
        return
    actor = (user.get_full_name() or user.get_username()) if user else "The system"
    link = settings.SITE_URL + reverse("admin:articles_article_change", args=[article.pk])
    body = f"{actor}: {TRANSITIONS[name].label}.\n\n{note}\n\n{link}\n".replace("\n\n\n", "\n\n")
    enqueue(send_notification_mail, subject, body, addresses)  # a mail outage never touches the step
