"""What an ingest poll records about the stories it brought: the Incoming desk's rows.

Also the update rule: a story nobody has picked up belongs to its source, so
the source's next version replaces it; once picked up, the import's usual
conflict rule applies (an editor's change is never overwritten).
"""

from django.db.models import F
from django.utils import timezone

from articles.importers.base import Outcome
from articles.models import Article, IncomingStory


def let_source_replace_waiting(source):
    """Mark the source's stories still waiting on the desk as the source's own, so an update replaces them.

    ``imported_version`` is the import's bookkeeping (see ``importers.base.plan_story``): a story
    whose version differs from it counts as changed by an editor. Nobody has picked these up.
    """
    Article.objects.filter(incoming__source=source, incoming__picked_up_at__isnull=True).exclude(
        version=F("imported_version")
    ).update(imported_version=F("version"))


def record_incoming(source, results):
    """One Incoming row per story this poll created; fresh times and urgency for those it updated."""
    now = timezone.now()
    IncomingStory.objects.bulk_create(
        IncomingStory(article=r.article, source=source, received_at=now, updated_at=now, urgency=r.record.urgency)
        for r in results if r.outcome == Outcome.CREATED and r.article is not None
    )
    for result in results:
        if result.outcome == Outcome.UPDATED and result.article is not None:
            IncomingStory.objects.filter(article=result.article).update(updated_at=now, urgency=result.record.urgency)
