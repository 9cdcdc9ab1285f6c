"""Cursor pagination for every Content API list, on a total order: one field, then the primary key.

Stories go newest first (``-publish_at, -pk``); tags and authors by name (``name, pk``). A cursor
names the last item of a page; the next page is everything strictly after it in that order. An item
added while a client pages (a story published, a tag first used) sorts before the cursor or after it
but never shifts, repeats or hides an item on later pages. Cursors are signed and belong to one list:
a tampered cursor, or one from another list, is a 400, not a 500.
"""

from dataclasses import dataclass
from typing import Callable

from django.core import signing
from django.db.models import Q
from django.utils.dateparse import parse_datetime

SALT = "articles.api.cursor"


class BadCursor(ValueError):
    pass


@dataclass(frozen=True)
class Keyset:
    """A list's order: ``field`` (``-`` for descending), then the primary key the same way."""

    name: str
    field: str
    parse: Callable  # the cursor's value back to the field's (None when it is not one)

    @property
    def column(self):
        return self.field.lstrip("-")

    @property
    def descending(self):
        return self.field.startswith("-")

    @property
    def salt(self):
        return SALT if self.name == "stories" else f"{SALT}:{self.name}"  # stories' cursors predate the others

    def order_by(self):
        return (self.field, "-pk" if self.descending else "pk")

    def encode(self, item):
        value = getattr(item, self.column)
        return signing.dumps([value.isoformat() if hasattr(value, "isoformat") else value, item.pk],
                             salt=self.salt, compress=True)

    def decode(self, cursor):
        try:
            value, pk = signing.loads(cursor, salt=self.salt)
            value = self.parse(value)
        except (signing.BadSignature, ValueError, TypeError):
            raise BadCursor("The cursor is not one this list gave out.") from None
        if value is None or not isinstance(pk, int) or isinstance(pk, bool):
            raise BadCursor("The cursor is not one this list gave out.")
        return value, pk

    def after(self, cursor):
        """The condition for items strictly after the one ``cursor`` names."""
        value, pk = self.decode(cursor)
        beyond = "lt" if self.descending else "gt"
        return Q(**{f"{self.column}__{beyond}": value}) | Q(**{self.column: value, f"pk__{beyond}": pk})


def text(value):
    return value if isinstance(value, str) else None


STORIES = Keyset("stories", "-publish_at", parse=parse_datetime)
TAGS = Keyset("tags", "name", parse=text)
AUTHORS = Keyset("authors", "name", parse=text)


def page_of(items, *, keyset=STORIES, cursor, limit):
    """``(items on this page, cursor of the next page or None)``; ``items`` is an unordered queryset."""
    if cursor:
        items = items.filter(keyset.after(cursor))
    page = list(items.order_by(*keyset.order_by())[: limit + 1])
    if len(page) > limit:
        return page[:limit], keyset.encode(page[limit - 1])
    return page, None
