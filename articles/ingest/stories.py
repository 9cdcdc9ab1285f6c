"""What an ingest poll records about the stories it brought: the Incoming desk's rows.

Also the update rule: a story nobody has picked up belongs to its source, so
the source's next version replaces it; once picked up, the import's usual
conflict rule applies (an editor's change is never overwritten).
"""

from django.utils import timezone

from articles.importers.base import Outcome
from articles.models import IncomingStory


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
