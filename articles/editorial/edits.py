"""Content writes: an editor's save, restoring a revision, corrections, deleting.

A story that is not live is written to its row. A published story's row is what
readers see, so an edit to it is kept aside as the *pending* revision until a
Publisher republishes it. Every write checks the version the editor started from
(one ``UPDATE … WHERE version = expected``), records a revision, and ends with
one :func:`articles.reader_effects.story_changed` call.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from articles.editorial.permissions import can_edit, can_view, has_role_permission
from articles.editorial.records import record, record_revision
from articles.editorial.snapshots import ROW_FIELDS, apply_snapshot, take_snapshot, write_credits, write_relations
from articles.editorial.transitions import InvalidTransition, TransitionNotAllowed, pending_revision
from articles.editorial.pictures import sync_body_images
from articles.figures import image_ids as body_image_ids
from articles.models import Article, Correction, CorrectionKind, Revision, Status
from articles.reader_effects import StoryState, story_changed


STATE_FIELDS = ("status", "slug", "publish_at", "first_published_at", "created_at", "section_id")


class StaleEdit(Exception):
    """The story changed since the editing form was opened."""


@dataclass(frozen=True)
class SaveResult:
    """What a save did: the story, the revision it stored, and whether that revision is a pending edit."""

    article: Article
    revision: Revision
    pending: bool = False
    repeat: bool = False  # a retried create that found the story its first attempt made


def working_snapshot(article):
    """The story's content as its editors see it now: a published story's pending edit, else the story."""
    pending = pending_revision(article) if article.status == Status.PUBLISHED else None
    return pending.snapshot if pending is not None else take_snapshot(article)


def working_copy(article):
    """``(story, pending revision or None)``: a published story with its pending edit laid over, in memory."""
    pending = pending_revision(article) if article.status == Status.PUBLISHED else None
    if pending is not None:
        apply_snapshot(article, pending.snapshot, keep_slug=True)
    return article, pending


def claim_version(article, expected):
    """Bump the story's version if and only if it is still ``expected`` (one atomic UPDATE)."""
    if not Article.objects.filter(pk=article.pk, version=expected).update(version=F("version") + 1):
        raise StaleEdit("The story was changed by someone else while you were editing.")
    article.version = expected + 1


def save_story(*, article, user, snapshot, expected_version=None, note="", client_token=""):
    """Save an editor's version of a story (``snapshot``, the whole story) and return a :class:`SaveResult`.

    ``article`` is the story with the editor's fields set in memory; a story without a
    primary key is created. ``expected_version`` is the version the editor started from
    (after any merge); a save from an older one raises :class:`StaleEdit`. ``client_token`` is the
    new-story form's one-time token: a create retried with it (a lost answer, a double submit)
    returns the story the first attempt made instead of making a second one.
    """
    with transaction.atomic():
        if article.pk is None:
            earlier = Article.objects.filter(client_token=client_token).first() if client_token else None
            if earlier is not None:
                return SaveResult(earlier, earlier.revisions.order_by("pk").first(), repeat=True)
            article.client_token = client_token
            return create_story(article=article, user=user, snapshot=snapshot, note=note)
        current = Article.objects.select_for_update().only(*STATE_FIELDS).get(pk=article.pk)
        if current.status == Status.PUBLISHED:
            return save_pending_edit(article=article, user=user, snapshot=snapshot,
                                     expected_version=expected_version, note=note)
        return write_story(article=article, user=user, snapshot=snapshot, expected_version=expected_version,
                           before=StoryState.of(current), note=note)


def create_story(*, article, user, snapshot, note=""):
    apply_snapshot(article, snapshot, keep_publish_at=False)
    article.created_by = article.created_by or user
    article.modified_by = user
    article.save()
    write_relations(article, snapshot)
    sync_body_images(article)
    revision = record_revision(article=article, user=user, note=note or "Created",
                               snapshot={**take_snapshot(article, tags=snapshot.get("tags", []),
                                                         credits=snapshot.get("credits", []), corrections=[])})
    story_changed(article, before=None, after=StoryState.of(article))
    return SaveResult(article, revision)


def write_story(*, article, user, snapshot, expected_version, before, note=""):
    """Write a story that is not live: one guarded UPDATE of the row, then tags, credits and pictures if changed."""
    apply_snapshot(article, snapshot, keep_slug=article.first_published_at is not None)
    article.prepare_for_save()
    article.version = expected_version + 1
    article.modified_by = user
    article.modified_at = timezone.now()
    values = {field.key: getattr(article, field.key) for field in ROW_FIELDS}
    values.update({name: getattr(article, name) for name in (
        "slug", "word_count", "reading_time", "version", "modified_by_id", "modified_at")})
    if not Article.objects.filter(pk=article.pk, version=expected_version).update(**values):
        raise StaleEdit("The story was changed by someone else while you were editing.")
    current_tags = sorted(article.tags.names(), key=str.lower)
    if [t.lower() for t in current_tags] != [t.lower() for t in snapshot.get("tags", [])]:
        article.tags.set(snapshot.get("tags", []))
    credits = snapshot.get("credits", [])
    current = list(article.credits.values_list("author_id", "role", "order"))
    if sorted(current) != sorted((c["author_id"], c["role"], c["order"]) for c in credits):
        write_credits(article, credits)
    if set(article.body_images.values_list("pk", flat=True)) != set(body_image_ids(article.body)):
        sync_body_images(article)
    revision = record_revision(article=article, user=user, note=note, snapshot=dict(snapshot, **{
        field.key: field.read(article) for field in ROW_FIELDS}))
    story_changed(article, before=before, after=StoryState.of(article))
    return SaveResult(article, revision)


def save_pending_edit(*, article, user, snapshot, expected_version, note=""):
    """Keep an edit to a published story aside until it is republished; the live row is not touched."""
    with transaction.atomic():
        claim_version(article, expected_version)
        Revision.objects.filter(article=article, pending=True).update(pending=False)
        revision = record_revision(article=article, user=user, snapshot=snapshot, pending=True, note=note)
        state = StoryState.of(article)
        story_changed(article, before=state, after=state, content=False)
    return SaveResult(article, revision, pending=True)


def restore_revision(*, revision, user):
    """Make an old revision the newest version: pending for a published story, the story itself otherwise."""
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=revision.article_id)
        if not can_edit(user, article):
            raise TransitionNotAllowed("You may not edit this story.")
        snapshot = {**revision.snapshot, "corrections": take_snapshot(article)["corrections"]}
        note = f"Restored version {revision.version}"
        if article.status == Status.PUBLISHED:
            result = save_pending_edit(article=article, user=user, snapshot=snapshot,
                                       expected_version=article.version, note=note)
        else:
            before = StoryState.of(article)
            apply_snapshot(article, snapshot, keep_slug=article.first_published_at is not None)
            article.modified_by = user
            article.save()
            write_relations(article, snapshot)
            sync_body_images(article)
            result = SaveResult(article, record_revision(article=article, user=user, note=note))
            story_changed(article, before=before, after=StoryState.of(article))
        record(article, user=user, action="restore", from_status=article.status, note=note)
        return result.revision


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
        before = StoryState.of(article)
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
        story_changed(article, before=before, after=StoryState.of(article))
    return correction


def system_update(*, article, note, add_tags=(), **fields):
    """Set row fields (and add tags) of a story as the system (the demo loader), whatever its state.

    Readers see the change at once if the story is live; the revision and audit entry say so.
    """
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        before = StoryState.of(article)
        for name, value in fields.items():
            setattr(article, name, value)
        article.save()
        if add_tags:
            article.tags.add(*add_tags)
        record(article, user=None, action="edit", from_status=article.status, note=note)
        record_revision(article=article, user=None, note=note)
        story_changed(article, before=before, after=StoryState.of(article))
    return article


def delete_stories(stories, *, user):
    """Delete stories (superusers only, checked by the admin); readers lose them everywhere at once."""
    with transaction.atomic():
        for article in stories:
            before = StoryState.of(article)
            article.delete()
            story_changed(article, before=before, after=None)
