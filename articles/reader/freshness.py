"""Tell the page cache that something readers see changed (the content stamp in ``articles.caching``).

``reader_pages_changed`` is the one reader-effects call of this package's writes (live-blog updates,
coverage start/end, editable pages); the lead wires it into ``story_changed`` of ``articles.editorial``.
"""

from django.db import transaction

from articles.caching import mark_changed


def reader_pages_changed():
    """Bump now, and again once the current transaction commits (a page rendered meanwhile is not kept)."""
    mark_changed()
    transaction.on_commit(mark_changed)
