"""Jobs for the queue (see :mod:`articles.jobs`). Each takes plain values and reads the database when it runs."""

import logging

from django.core.mail import send_mail

logger = logging.getLogger(__name__)

LEAD_CROP = "16x9"  # the crop the story page and cards use for lead pictures


def send_notification_mail(subject, body, addresses):
    """One workflow notification e-mail (``articles.editorial.notify`` decides who gets what)."""
    send_mail(subject, body, None, list(addresses))


def pregenerate_lead_renditions(article_id):
    """Make the lead picture's renditions of a story that just went live, so its first readers wait for none."""
    from articles.images.renditions import RENDITION_FORMATS, WIDTHS, get_rendition
    from articles.models import Article

    article = Article.objects.published().select_related("lead_image").filter(pk=article_id).first()
    image = article.lead_image if article else None
    if image is None or not image.file:
        return 0
    widths = [w for w in WIDTHS if w <= (image.width or 0)] or [WIDTHS[0]]
    made = 0
    for width in widths:
        for fmt in RENDITION_FORMATS:
            get_rendition(image, crop=LEAD_CROP, width=width, fmt=fmt)
            made += 1
    return made


def rebuild_search_documents(article_ids=None):
    """Rebuild the search documents of ``article_ids`` (every story when ``None``) after a bulk change."""
    from articles.models import Article
    from articles.caching import everything_changed, pages_changed
    from articles.search import SEARCH_BATCH, update_search_documents

    ids = Article.objects.values_list("pk", flat=True).iterator() if article_ids is None else iter(article_ids)
    count, batch = 0, []
    for article_id in ids:
        batch.append(article_id)
        if len(batch) == SEARCH_BATCH:
            update_search_documents(batch)
            count, batch = count + len(batch), []
    update_search_documents(batch)
    if article_ids is None:
        everything_changed()
    else:
        pages_changed({"search"})  # only search results read the documents, now rebuilt
    return count + len(batch)


def poll_ingest_source(source_id):
    """Poll one ingest source now, due or not (the admin's "Poll now"); returns the poll's id.

    The poll is recorded on the source like any other (its page, the sources list). When another
    poll of the source is running (``manage.py ingest --loop``, a second click), this one does
    nothing and returns ``None``: that poll's result is the one to see.
    """
    from articles.ingest.poll import poll_source_id

    poll = poll_source_id(source_id)
    return None if poll is None else poll.pk
