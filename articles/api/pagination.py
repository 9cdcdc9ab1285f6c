"""Cursor pagination on ``(publish_at, pk)``, newest first.

A cursor names the last story of a page; the next page is everything strictly
older. A story published while a client pages is newer than every cursor, so
it never shifts, repeats or hides a story on later pages (it is on page one
of the next sync). Cursors are signed: a tampered one is a 400, not a 500.
"""

from django.core import signing
from django.db.models import Q
from django.utils.dateparse import parse_datetime

SALT = "articles.api.cursor"


class BadCursor(ValueError):
    pass


def encode(article):
    return signing.dumps([article.publish_at.isoformat(), article.pk], salt=SALT, compress=True)


def decode(cursor):
    try:
        moment, pk = signing.loads(cursor, salt=SALT)
        moment = parse_datetime(moment)
    except (signing.BadSignature, ValueError, TypeError):
        raise BadCursor("The cursor is not one this API gave out.") from None
    if moment is None or not isinstance(pk, int):
        raise BadCursor("The cursor is not one this API gave out.")
    return moment, pk


def page_of(stories, *, cursor, limit):
    """``(stories on this page, cursor of the next page or None)``; ``stories`` is an unordered queryset."""
    if cursor:
        moment, pk = decode(cursor)
        stories = stories.filter(Q(publish_at__lt=moment) | Q(publish_at=moment, pk__lt=pk))
    page = list(stories.order_by("-publish_at", "-pk")[: limit + 1])
    if len(page) > limit:
        return page[:limit], encode(page[limit - 1])
    return page, None
