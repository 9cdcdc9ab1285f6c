"""Picking a story up from the Incoming desk: the one story write the desk makes.

Picking up assigns the story to the editor and logs it; it does not change the
story's text or its version, so the source may still update the story until an
editor edits it (then the import's conflict rule keeps the editor's change).
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from articles.editorial.imports import rekey_imported
from articles.editorial.records import record
from articles.models import Article, IncomingStory, Status
from articles.people.timezones import local_moment
from articles.reader_effects import StoryState, story_changed


class PickUpRefused(Exception):
    """The story cannot be picked up (someone else has it, or it was killed); the message says why."""


def pick_up_story(*, incoming, user):
    """Make ``incoming``'s story a draft assigned to ``user``, with an audit entry; return the fresh row.

    Picking up the same story twice is answered with the first pick-up; a story
    another editor picked up first is refused with their name.
    """
    with transaction.atomic():
        item = IncomingStory.objects.select_for_update(of=("self",)).select_related("source", "picked_up_by").get(
            pk=incoming.pk
        )
        if not item.is_waiting:
            if item.picked_up_by_id == user.pk:
                return item
            who = item.picked_up_by.get_username() if item.picked_up_by else "someone"
            raise PickUpRefused(f"{who} picked this story up at {local_moment(item.picked_up_at)}.")
        article = Article.objects.select_for_update().get(pk=item.article_id)
        if article.status == Status.KILLED:
            raise PickUpRefused("The source withdrew this story; it cannot be picked up.")
        state = StoryState.of(article)
        Article.objects.filter(pk=article.pk).update(assignee=user)
        article.assignee = user
        item.picked_up_by, item.picked_up_at = user, timezone.now()
        item.save(update_fields=["picked_up_by", "picked_up_at"])
        source = item.source.name if item.source else "a removed source"
        record(article, user=user, action="pick_up", from_status=article.status,
               note=f"Picked up from the Incoming desk ({source}).")
        story_changed(article, before=state, after=state, content=False)  # nothing readers see
    return item


def let_source_replace_waiting(source):
    """Mark the source's stories still waiting on the desk as the source's own, so an update replaces them.

    ``imported_version`` is the import's bookkeeping (see ``importers.base.plan_story``): a story
    whose version differs from it counts as changed by an editor. Nobody has picked these up.
    """
    Article.objects.filter(incoming__source=source, incoming__picked_up_at__isnull=True).exclude(
        version=F("imported_version")
    ).update(imported_version=F("version"))


def scope_source_stories(source, *, scope, bare_sources):
    """Move ``source``'s stories still keyed by a bare format (``("json", "1")``, from before ingest keys were
    scoped) to ``scope``, so its next versions find them. Its Incoming rows prove they are its own.
    A story whose scoped key is already taken keeps its old key."""
    stale = Article.objects.filter(incoming__source=source, source__in=bare_sources).exclude(source_id="")
    for article in stale.order_by("pk"):
        if not Article.objects.filter(source=scope, source_id=article.source_id).exists():
            rekey_imported(article=article, source=scope, source_id=article.source_id, user=None)
