"""The workflow's steps, one small class each, and :func:`perform`, which makes any of them.

A step knows the states it starts from, its target, the permission it needs, the
note it requires, its checks, its effect on the story row and who is told. Every
step runs in one transaction on the row locked with ``select_for_update``, writes
an audit entry and a revision, ends with one :func:`articles.reader_effects.story_changed`
call, and is idempotent: a step asked for twice (a double click, two tabs, a
scheduler racing a person) happens once; the second request is answered "already done".

``user=None`` means the system (an import); it is recorded as such.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from articles.editorial.checklist import failures_message, outstanding_failures
from articles.editorial.notifications import notify
from articles.editorial.permissions import can_edit, can_view, has_role_permission
from articles.editorial.records import record, record_revision
from articles.editorial.snapshots import apply_snapshot, write_relations
from articles.editorial.pictures import sync_body_images
from articles.images.usage import images_missing_alt, missing_alt_message
from articles.models import Article, AuditEntry, Revision, Status
from articles.reader_effects import StoryState, story_changed


class TransitionNotAllowed(PermissionDenied):
    """This user may not make this step."""


class InvalidTransition(ValueError):
    """The step is impossible from the story's state, or its note is missing."""


@dataclass(frozen=True)
class StepResult:
    """What :func:`perform` did: the fresh story, and whether the step happened now (or had already)."""

    article: Article
    happened: bool


def pending_revision(article):
    return Revision.objects.filter(article=article, pending=True).first()


class Step:
    name = ""
    label = ""
    sources = frozenset()
    target = ""
    permission = ""
    note = ""  # the label of a required note; empty when none is needed
    tells = ""  # "desk", "reporter" or nobody
    subject = ""  # the notification's subject line
    takes_pending = False  # the story's pending edit goes with this step (it becomes the story)

    def needs_note(self):
        return bool(self.note)

    def is_available(self, article):
        """Can the step start from ``article``'s state at all?"""
        return article.status in self.sources

    def may(self, user, article):
        """May ``user`` make this step on ``article`` in its current state? (``None`` = the system.)"""
        return user is None or has_role_permission(user, self.permission)

    def already_done(self, article, at):
        return article.status == self.target

    def check(self, article, *, user, at):
        """Refuse with :class:`InvalidTransition` what the step cannot do; nothing is written yet."""

    def apply(self, article, *, user, at, significant, note, now):
        """The step's effect on the story row in memory (saved by :func:`perform`)."""


class Submit(Step):
    name, label, target, permission = "submit", "Submit for review", Status.IN_REVIEW, "submit_article"
    sources = frozenset({Status.DRAFT})
    tells, subject = "desk", "For review"

    def may(self, user, article):
        return super().may(user, article) and (user is None or can_edit(user, article))


class Return(Step):
    name, label, target, permission = "return", "Return to reporter", Status.DRAFT, "approve_article"
    sources = frozenset({Status.IN_REVIEW, Status.APPROVED})
    note = "What needs to change"
    tells, subject = "reporter", "Returned to you"


class Approve(Step):
    name, label, target, permission = "approve", "Approve", Status.APPROVED, "approve_article"
    sources = frozenset({Status.IN_REVIEW})


def check_alt_text(article, user):
    if user is not None:
        missing = images_missing_alt(article)
        if missing:
            raise InvalidTransition(missing_alt_message(missing))


class Publish(Step):
    name, label, target, permission = "publish", "Publish now", Status.PUBLISHED, "publish_article"
    sources = frozenset({Status.APPROVED, Status.PUBLISHED})
    tells, subject = "reporter", "Published"

    def is_available(self, article):
        return super().is_available(article) and (article.status != Status.PUBLISHED or article.is_scheduled)

    def already_done(self, article, at):
        return article.is_live

    def check(self, article, *, user, at):
        check_alt_text(article, user)

    def apply(self, article, *, user, at, significant, note, now):
        article.publish_at = at or now
        if article.first_published_at is None or article.first_published_at > article.publish_at:
            article.first_published_at = article.publish_at


class Schedule(Publish):
    name, label = "schedule", "Schedule"
    subject = "Scheduled"

    def already_done(self, article, at):
        return article.status == Status.PUBLISHED and article.publish_at == at

    def check(self, article, *, user, at):
        if at is None or at <= timezone.now():
            raise InvalidTransition("Choose a publication time in the future.")
        super().check(article, user=user, at=at)


class Unpublish(Step):
    name, label, target, permission = "unpublish", "Unpublish", Status.UNPUBLISHED, "publish_article"
    sources = frozenset({Status.PUBLISHED})
    takes_pending = True


class Republish(Step):
    name, label, target, permission = "republish", "Republish", Status.PUBLISHED, "publish_article"
    sources = frozenset({Status.PUBLISHED, Status.UNPUBLISHED, Status.KILLED})
    takes_pending = True

    def is_available(self, article):
        if article.status == Status.PUBLISHED:
            return pending_revision(article) is not None
        return super().is_available(article)

    def may(self, user, article):
        if user is not None and article.status == Status.KILLED:
            return user.is_superuser
        return super().may(user, article)

    def already_done(self, article, at):
        return article.is_live and pending_revision(article) is None

    def check(self, article, *, user, at):
        check_alt_text(article, user)

    def apply(self, article, *, user, at, significant, note, now):
        article.kill_reason = ""  # a superuser brought a killed story back; the audit log keeps the reason
        article.publish_at = article.publish_at or now
        article.first_published_at = article.first_published_at or article.publish_at
        if significant:
            article.updated_at = now


class Revert(Step):
    name, label, target, permission = "revert", "Revert to draft", Status.DRAFT, "approve_article"
    sources = frozenset({Status.IN_REVIEW, Status.APPROVED, Status.UNPUBLISHED})


class Kill(Step):
    name, label, target, permission = "kill", "Kill", Status.KILLED, "kill_article"
    sources = frozenset({Status.PUBLISHED, Status.UNPUBLISHED})
    note = "Legal or ethical reason"

    def apply(self, article, *, user, at, significant, note, now):
        article.kill_reason = note


STEPS = [Submit(), Return(), Approve(), Publish(), Schedule(), Unpublish(), Republish(), Revert(), Kill()]
TRANSITIONS = {step.name: step for step in STEPS}


def allowed_transitions(user, article):
    """The steps this user can take on this story now, in menu order."""
    return [step for step in STEPS if step.is_available(article) and step.may(user, article)]


def last_step(article):
    return (
        AuditEntry.objects.filter(article=article, action__in=list(TRANSITIONS))
        .order_by("-created_at", "-pk").values_list("action", flat=True).first()
    )


def already_done(step, article, at):
    """True when the step asked for is the last one that happened and its result still stands.

    That is the second of two identical requests (a double click, two tabs); it is
    answered without doing anything, while the same step asked for out of turn is refused.
    """
    last = last_step(article)
    return last in (step.name, "schedule" if step.name == "publish" else step.name) and step.already_done(article, at)


def perform(name, *, article, user, note="", at=None, significant=False):
    """Make step ``name`` on ``article``; return a :class:`StepResult` with the fresh story.

    Raises :class:`TransitionNotAllowed` (the user may not) or :class:`InvalidTransition`
    (wrong state, missing note, failed check). Nothing is written when either is raised.
    """
    step = TRANSITIONS[name]
    note = (note or "").strip()
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        if user is not None and (not can_view(user, article) or not has_role_permission(user, step.permission)):
            raise TransitionNotAllowed(f"You may not {step.label.lower()} this story.")
        if already_done(step, article, at):
            return StepResult(article, False)
        system_publish = user is None and isinstance(step, Publish) and article.status != Status.KILLED
        if name == "schedule" and (at is None or at <= timezone.now()):
            raise InvalidTransition("Choose a publication time in the future.")
        if not system_publish and not step.is_available(article):
            raise InvalidTransition(
                f"A story that is {article.get_status_display().lower()} cannot be given “{step.label}”."
            )
        if not step.may(user, article):
            raise TransitionNotAllowed(f"You may not {step.label.lower()} this story.")
        if step.needs_note() and not note:
            raise InvalidTransition(f"{step.note} is required.")
        before = StoryState.of(article)
        previous = article.status
        content_changed = take_pending_edit(step, article)
        # After the pending edit is laid in: a republish is checked on what is about to go live.
        if failures := outstanding_failures(name, article=article, user=user):
            raise InvalidTransition(failures_message(failures))
        step.check(article, user=user, at=at)
        step.apply(article, user=user, at=at, significant=significant, note=note, now=timezone.now())
        article.status = step.target
        article.modified_by = user
        article.save()
        record(article, user=user, action=name, from_status=previous, note=note)
        record_revision(article=article, user=user, transition=name, note=note)
        if name == "return":
            article.editorial_comments.create(user=user, text=note)
        transaction.on_commit(lambda: notify(step, article=article, user=user, note=note), robust=True)
        story_changed(article, before=before, after=StoryState.of(article), content=content_changed)
    return StepResult(article, True)


def take_pending_edit(step, article):
    """Unpublished, a pending edit simply becomes the story; republished, it goes live; killed, it is dropped.

    Returns whether the story's content changed.
    """
    pending = pending_revision(article) if step.name in ("republish", "unpublish", "kill") else None
    if pending is None:
        return False
    Revision.objects.filter(pk=pending.pk).update(pending=False)
    if not step.takes_pending:
        return False
    apply_snapshot(article, pending.snapshot, keep_slug=article.first_published_at is not None)
    write_relations(article, pending.snapshot)
    sync_body_images(article)
    return True


IMPORTABLE_STATES = frozenset({Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, Status.UNPUBLISHED, Status.KILLED})


def restore_imported_state(*, article, status, publish_at=None, first_published_at=None, note=""):
    """Give an imported story the state its source recorded, as the system (audit user: none).

    For importers only: no permission check and no transition rules, because the
    state was reached elsewhere. It never makes anything public: ``published``
    is refused here (publishing goes through :func:`perform`, and only when the
    operator asked), and a story live on our site is left as it is.
    ``note`` is a killed story's reason. Returns a :class:`StepResult`.
    """
    if status not in IMPORTABLE_STATES:
        raise InvalidTransition(f"An import cannot restore the state “{status}”.")
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        if article.is_live or article.status == status:
            return StepResult(article, False)
        before = StoryState.of(article)
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
        story_changed(article, before=before, after=StoryState.of(article), content=False)
    return StepResult(article, True)
