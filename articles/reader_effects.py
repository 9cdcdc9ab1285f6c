"""What the reader site does when a story changes: the one entry point every editorial write ends with.

``articles.editorial`` calls :func:`story_changed` once per write, with the story's
reader-facing state before and after. The reader side then

* tells the page cache exactly which pages changed (their surrogate keys: ``articles.caching``),
* rebuilds the story's search document once, after the transaction commits,
* renders a live story's reader markup ahead of its first reader (``articles.reader.parts``),
* records the old address of a live story whose address changed (``ArticleRedirect``),
* tells webhook subscribers, after the commit, what readers gained or lost (``articles.webhooks``).

No ORM signal decides what readers see of a story; signals remain only for things
that have no editorial write of their own (sections, authors, tags, images, notices:
``articles.reader_signals``).
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection, transaction

from articles.caching import pages_changed, story_keys
from articles.models import ArticleRedirect, Status, WebhookEvent
from articles.models.article import story_path
from articles.jobs import enqueue
from articles.jobs.tasks import rebuild_search_documents
from articles.reader import most_read
from articles.reader import parts as story_parts
from articles.reader.breaking import breaking_changed
from articles.search import update_search_documents
from articles.webhooks import stories_event, story_event

logger = logging.getLogger(__name__)

READER_STATES = (Status.PUBLISHED, Status.KILLED)  # states whose pages readers can reach (live, due, or 410)


@dataclass(frozen=True)
class StoryState:
    """What readers can see of a story at one moment: enough to tell which pages a change touches."""

    pk: int
    status: str
    publish_at: datetime | None
    slug: str
    day: date  # the date in the story's address (``Article.url_date``)
    section_id: int | None

    @classmethod
    def of(cls, article):
        return cls(article.pk, article.status, article.publish_at, article.slug, article.url_date, article.section_id)

    @property
    def path(self):
        return story_path(self.day, self.slug)

    @property
    def reaches_readers(self):
        return self.status in READER_STATES


def after_commit(function):
    """Run ``function`` once the transaction commits (now, outside one).

    Robust: a failure after the commit (the search index, the cache) is logged, never raised,
    so an editor is never told that a save failed when it was in fact stored.
    """
    if connection.in_atomic_block:
        transaction.on_commit(function, robust=True)
        return
    try:
        function()
    except Exception:  # the write is stored; what failed here is a reader effect, retried by the next change
        logger.exception("A reader effect failed after the story was saved")


def story_page_keys(article, before):
    """The cached pages a change to ``article`` touches: everything showing it or listing it now
    (``caching.story_keys``), and the section listing it left."""
    keys = story_keys(article)
    if before is not None and before.section_id and before.section_id != article.section_id:
        keys.add(f"list:section:{before.section_id}")
    return keys


def batch_page_keys(articles, links=None):
    """:func:`story_page_keys` for a batch, in two queries, or none when the caller knows each story's
    ``links``: ``{story id: (tag ids, author ids)}``."""
    from articles.models import ArticleAuthor, TaggedArticle

    ids = [article.pk for article in articles]
    tags, authors = {}, {}
    if links is not None:
        tags = {pk: tag_ids for pk, (tag_ids, _) in links.items()}
        authors = {pk: author_ids for pk, (_, author_ids) in links.items()}
    else:
        for article_id, tag_id in TaggedArticle.objects.filter(content_object_id__in=ids).values_list(
                "content_object_id", "tag_id"):
            tags.setdefault(article_id, []).append(tag_id)
        for article_id, author_id in ArticleAuthor.objects.filter(article_id__in=ids).values_list(
                "article_id", "author_id"):
            authors.setdefault(article_id, []).append(author_id)
    keys = set()
    for article in articles:
        keys |= story_keys(article, tag_ids=tags.get(article.pk, ()), author_ids=authors.get(article.pk, ()))
    return keys


def story_changed(article, *, before, after, content=True):
    """The reader effects of one editorial write.

    ``before`` is the story's :class:`StoryState` before the write (``None`` for a new
    story), ``after`` its state after (``None`` once deleted). ``content`` says whether
    what readers would read (text, tags, credits, pictures, corrections) changed; a
    pending edit to a live story changes nothing readers see and passes ``False``.
    """
    touches_readers = any(state is not None and state.reaches_readers for state in (before, after))
    if touches_readers and (content or before != after):
        pages_changed(story_page_keys(article, before) if after is not None
                      else story_keys(article, tag_ids=(), author_ids=()))
    if before is not None and after is not None and before.status == after.status == Status.PUBLISHED:
        record_old_address(article, before, after)
    if before is not None and before.status == Status.PUBLISHED and (after is None or after.status != Status.PUBLISHED):
        after_commit(breaking_changed)  # a story that leaves readers takes its breaking banner with it
        after_commit(lambda: most_read.story_left_readers(before.pk))  # and its place on the most-read list
    if after is not None and (content or before is None):
        after_commit(lambda: reindex([after.pk]))
    if after is not None and after.status == Status.PUBLISHED and (content or before != after):
        after_commit(lambda: story_parts.render_now(after.pk))
    event, when = outside_event(before, after, content)
    if event is not None:
        after_commit(lambda: story_event(article, event, when=when))


def reindex(story_ids):
    """Rebuild search documents, then drop the cached search pages (a search cached between the commit
    and the rebuild would otherwise keep the old results)."""
    update_search_documents(story_ids)
    pages_changed({"search"})


def outside_event(before, after, content):
    """``(webhook event, when)`` a change means for subscribers, or ``(None, None)``.

    Published (or scheduled, announced when due), updated (a live story's content changed:
    a republished edit, a correction), unpublished, killed. Drafts and pending edits mean nothing.
    """
    was = before.status if before is not None else None
    now = after.status if after is not None else None
    if now == Status.PUBLISHED and (was != Status.PUBLISHED or before.publish_at != after.publish_at):
        return WebhookEvent.PUBLISHED, after.publish_at
    if now == Status.PUBLISHED and content:
        return WebhookEvent.UPDATED, None
    if was == Status.PUBLISHED and now in (Status.UNPUBLISHED, None):
        return WebhookEvent.UNPUBLISHED, None
    if now == Status.KILLED and was != Status.KILLED:
        return WebhookEvent.KILLED, None
    return None, None


def stories_changed(articles, *, content=True, indexed=False, links=None):
    """:func:`story_changed` for a batch of new or rewritten stories (imports): one page bump, the
    batch's search documents rebuilt by the job worker once the batch commits (unless the caller
    wrote them, ``indexed``), and, after the commit, one announcement of the batch to subscribers.
    ``links`` (``{story id: (tag ids, author ids)}``) saves reading them back (see :func:`batch_page_keys`)."""
    ids = [article.pk for article in articles]
    public = [article for article in articles if article.status in READER_STATES]
    if public:
        pages_changed(batch_page_keys(public, links))
    if ids and content and not indexed:
        enqueue(rebuild_search_documents, ids)
    events = [(article, event, when) for article in articles
              for event, when in [outside_event(None, StoryState.of(article), content)] if event is not None]
    if events:
        after_commit(lambda: stories_event(events))


def record_old_address(article, before, after):
    if (before.slug, before.day) == (after.slug, after.day):
        return
    ArticleRedirect.objects.filter(old_path=after.path).delete()
    ArticleRedirect.objects.update_or_create(
        old_path=before.path, defaults={"article": article, "old_slug": before.slug}
    )
