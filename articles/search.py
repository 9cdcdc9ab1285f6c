"""Full-text search: keeping each story's search document current, and querying it.

On PostgreSQL every story has a stored, GIN-indexed ``tsvector`` (headline weighted
highest, then standfirst, tags and authors, then body); queries use
``websearch_to_tsquery``, so no reader input is ever a syntax error, and results are
ranked with highlighted snippets from ``ts_headline``. On SQLite the same stories are
found for simple word queries by matching word beginnings in the stored plain text.
"""

import logging
import re
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import psycopg
from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import OperationalError, connection, connections
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.sanitize import html_text
from articles.security.ratelimit import warn_once_per_minute

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
MAX_RESULTS = 1000  # stories a search ranks and counts: the newest matches
SNIPPET_CHARS = 220
# PostgreSQL refuses a tsvector over 1 MB; index the first part of a very long story.
MAX_INDEXED_CHARS = 200_000
# Marks ts_headline puts around matches; replaced by <mark> after escaping the text.
START, STOP = "\x02", "\x03"
WORD = re.compile(r"\w+", re.UNICODE)
# PostgreSQL's English stop words: never searched for, so SQLite leaves them out too.
STOP_WORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being below between
both but by can did do does doing don down during each few for from further had has have having he her here
hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of
off on once only or other our ours ourselves out over own s same she should so some such t than that the
their theirs them themselves then there these they this those through to too under until up very was we
were what when where which while who whom why will with you your yours yourself yourselves
""".split())


def search_config():
    return getattr(settings, "SEARCH_CONFIG", "english")


def is_postgres():
    return connection.vendor == "postgresql"


def plain_text(html):
    """Text without markup. Angle brackets left in the text become spaces: PostgreSQL's
    parser would take ``<word ...>`` for a tag and drop the words inside."""
    return " ".join(html_text(html).replace("<", " ").replace(">", " ").split())


def update_search_document(article_id):
    """Rebuild one story's search document (see :func:`update_search_documents`)."""
    update_search_documents([article_id])


SEARCH_BATCH = 1000
# Documents worth a second connection (a thread, a connection set up and closed): a batch, not a story.
ANALYSED_APART_FROM = 20


def update_search_documents(article_ids):
    """Rebuild the search documents of many stories: a few statements per thousand stories.

    The plain text of each part (headline; standfirst, tags and authors; body) is written
    with one upsert; on PostgreSQL one UPDATE then weighs the parts into ``vector``.
    """
    ids = sorted(set(article_ids))
    for start in range(0, len(ids), SEARCH_BATCH):
        _update_batch(ids[start:start + SEARCH_BATCH])


def _update_batch(ids):
    from django.db.models import Prefetch

    from articles.models import Article, ArticleAuthor
    from articles.querysets import public_tags_prefetch

    stories = Article.objects.filter(pk__in=ids).only("headline", "dek", "body", "kicker").prefetch_related(
        public_tags_prefetch(),
        Prefetch("credits", queryset=ArticleAuthor.objects.select_related("author").only("article", "author__name"))
    )
    write_search_documents(
        search_document(article, tags=[tag.name for tag in article.public_tags],  # internal tags are not searchable
                        authors=[credit.author.name for credit in article.credits.all()])
        for article in stories
    )


def search_document(article, *, tags, authors):
    """The unsaved search document of ``article`` (its text fields as they are in memory), with the
    names of its public tags and its authors: for a caller that already holds them (an import batch)."""
    from articles.models import ArticleSearchDocument

    headline = plain_text(f"{article.kicker} {article.headline}")
    standfirst = " ".join(filter(None, [plain_text(article.dek), plain_text(" ".join(tags)),
                                        plain_text(" ".join(authors))]))
    body = plain_text(article.body)[:MAX_INDEXED_CHARS]
    return ArticleSearchDocument(
        article_id=article.pk, headline_text=headline, standfirst_text=standfirst, body_text=body,
        # the whole text is what SQLite searches; PostgreSQL searches ``vector`` and need not store it twice
        text="" if is_postgres() else " ".join(filter(None, [headline, standfirst, body])),
    )


def write_search_documents(documents, vectors=None):
    """Insert or replace search documents, a thousand per statement. On PostgreSQL the weighted
    ``vector`` is computed by the same statement from the texts it inserts (sent once, as arrays),
    so no row is written twice, unless the caller has the ``vectors`` already (:func:`vectors_of`)."""
    from articles.models import ArticleSearchDocument

    documents = list(documents)
    for start in range(0, len(documents), SEARCH_BATCH):
        batch = documents[start:start + SEARCH_BATCH]
        if is_postgres():
            _upsert_with_vectors(batch, vectors[start:start + SEARCH_BATCH] if vectors is not None else None)
        else:
            ArticleSearchDocument.objects.bulk_create(
                batch, update_conflicts=True, unique_fields=["article"],
                update_fields=["headline_text", "standfirst_text", "body_text", "text"],
            )


@contextmanager
def search_documents_written_last(documents):
    """Write the search ``documents`` when the block ends without an error.

    On PostgreSQL, for a batch, another thread has their texts analysed (``to_tsvector``, the largest
    part of an import's database time) on a second connection, so the server does that on one core
    while this connection writes the rest of the batch; the documents themselves are written by this
    connection, inside its transaction, when the block ends. Without a second connection (none to be
    had), the vectors are computed as the documents are written, as for a single story.
    """
    documents = list(documents)
    if not is_postgres() or len(documents) < ANALYSED_APART_FROM:
        yield
        write_search_documents(documents)
        return
    with ThreadPoolExecutor(max_workers=1) as pool:  # leaving the block waits for the thread, error or not
        vectors = pool.submit(vectors_of, documents, connection.alias)
        yield
        write_search_documents(documents, vectors=vectors.result())


WEIGHTED_VECTOR = """setweight(to_tsvector(%(config)b::regconfig, headline), 'A')
       || setweight(to_tsvector(%(config)b::regconfig, standfirst), 'B')
       || setweight(to_tsvector(%(config)b::regconfig, body), 'C')"""

VECTORS = f"""
SELECT ({WEIGHTED_VECTOR})::text
FROM unnest(%(headlines)b::text[], %(standfirsts)b::text[], %(bodies)b::text[]) WITH ORDINALITY
     AS parts (headline, standfirst, body, position)
ORDER BY position
"""

UPSERT = """
INSERT INTO articles_articlesearchdocument (article_id, headline_text, standfirst_text, body_text, text, vector)
SELECT id, headline, standfirst, body, '', {vector}
FROM unnest(%(ids)b::bigint[], %(headlines)b::text[], %(standfirsts)b::text[], %(bodies)b::text[],
            %(vectors)b::text[]) AS parts (id, headline, standfirst, body, given)
ON CONFLICT (article_id) DO UPDATE SET
    headline_text = EXCLUDED.headline_text, standfirst_text = EXCLUDED.standfirst_text,
    body_text = EXCLUDED.body_text, text = EXCLUDED.text, vector = EXCLUDED.vector
"""
UPSERT_WITH_VECTORS = UPSERT.format(vector=WEIGHTED_VECTOR)
UPSERT_GIVEN_VECTORS = UPSERT.format(vector="given::tsvector")


def text_parts(documents):
    return {
        "config": search_config(), "headlines": [d.headline_text for d in documents],
        "standfirsts": [d.standfirst_text for d in documents], "bodies": [d.body_text for d in documents],
    }


def vectors_of(documents, alias):
    """The weighted vectors of ``documents`` as text, in order, computed on a connection of its own to
    database ``alias`` (for a thread other than the one writing: :func:`search_documents_written_last`),
    or ``None`` when no connection can be had."""
    db = connections.create_connection(alias)
    try:
        try:
            db.ensure_connection()
        except OperationalError:
            warn_once_per_minute(logger, "search-second-connection",
                                 "No second database connection for search texts; the import analyses them itself")
            return None
        with db.cursor() as cursor, db.wrap_database_errors, psycopg.Cursor(cursor.connection) as binding:
            vectors = []
            for start in range(0, len(documents), SEARCH_BATCH):
                binding.execute(VECTORS, text_parts(documents[start:start + SEARCH_BATCH]))
                vectors.extend(row[0] for row in binding.fetchall())
            return vectors
    finally:
        db.close()


def _upsert_with_vectors(documents, vectors):
    # A server-side-binding cursor: the texts travel as binary arrays. Django's cursor would quote
    # every character of them into the statement's text in Python.
    with connection.cursor() as cursor, connection.wrap_database_errors, psycopg.Cursor(cursor.connection) as binding:
        binding.execute(UPSERT_WITH_VECTORS if vectors is None else UPSERT_GIVEN_VECTORS, {
            **text_parts(documents), "ids": [d.article_id for d in documents],
            "vectors": vectors if vectors is not None else [None] * len(documents),
        })


def query_terms(query):
    """The searchable words of a reader's query; empty when there is nothing to search for."""
    return [word for word in WORD.findall(query or "") if word.lower() not in STOP_WORDS][:MAX_TERMS]


def search_articles(queryset, query, newest_only=True):
    """``queryset`` narrowed to stories matching ``query``, best first, with ``search_text``
    (and on PostgreSQL ``search_headline``) annotated for snippets.

    On PostgreSQL only the newest ``MAX_RESULTS`` matches are ranked (``newest_only``), so a word
    found in every story costs what a rare one does; ``ts_headline`` is only worth computing for
    the rows shown (``SearchView`` ranks ids first, then annotates just its page)."""
    terms = query_terms(query)
    if not terms:
        return queryset.none()
    if is_postgres():
        config = search_config()
        tsquery = SearchQuery(query[:MAX_QUERY_LENGTH], search_type="websearch", config=config)
        matching = queryset.filter(search_document__vector=tsquery)
        if newest_only:
            # The ids are fetched first (one indexed query) rather than nested as ``IN (SELECT … LIMIT)``:
            # PostgreSQL may run such a subquery again for every outer row (a nested-loop semi join,
            # quadratic in the matches; 150 ms of the search page for 300 matches in bench/faults.py),
            # and the ranking, the page and the count then all read a fixed list.
            newest = list(matching.order_by("-publish_at", "-pk").values_list("pk", flat=True)[:MAX_RESULTS])
            matching = queryset.filter(pk__in=newest)
        return (
            matching
            .annotate(
                search_rank=SearchRank(F("search_document__vector"), tsquery),
                search_headline=SearchHeadline(
                    "search_document__body_text", tsquery, config=config, start_sel=START, stop_sel=STOP,
                    max_words=35, min_words=15, max_fragments=2, fragment_delimiter=" … ",
                ),
                search_text=F("search_document__body_text"),
            )
            .order_by("-search_rank", "-publish_at", "-pk")
        )
    matches = Q()
    for term in terms:
        matches &= Q(search_document__text__iregex=rf"\b{re.escape(term)}")
    headline_hit = Q(headline__iregex=rf"\b{re.escape(terms[0])}")
    return (
        queryset.filter(matches)
        .annotate(
            search_rank=Case(When(headline_hit, then=Value(1)), default=Value(0), output_field=IntegerField()),
            search_text=F("search_document__body_text"),
        )
        .order_by("-search_rank", "-publish_at", "-pk")
    )


def snippet_html(article, query):
    """A short, escaped extract of the body with the matched words in ``<mark>``; empty when
    the body does not contain them (the card then shows the standfirst)."""
    raw = getattr(article, "search_headline", None)
    if raw is not None:
        if START not in raw:
            return ""  # the words matched the headline, standfirst, tags or authors, not the body
        return mark_safe(escape(raw).replace(START, "<mark>").replace(STOP, "</mark>"))
    text = getattr(article, "search_text", "") or ""
    terms = query_terms(query)
    if not text or not terms:
        return ""
    pattern = re.compile(r"\b(" + "|".join(re.escape(t) for t in terms) + r")\w*", re.IGNORECASE)
    found = pattern.search(text)
    if found is None:
        return ""
    start = max(0, found.start() - SNIPPET_CHARS // 3)
    if start:  # begin and end on whole words
        space = text.find(" ", start, found.start())
        start = space + 1 if space != -1 else start
    end = start + SNIPPET_CHARS
    if end < len(text):
        space = text.rfind(" ", found.end(), end)
        end = space if space != -1 else end
    extract = text[start:end]
    prefix, suffix = ("… " if start else ""), (" …" if end < len(text) else "")
    marked = pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", extract)
    return mark_safe(escape(prefix + marked + suffix).replace(START, "<mark>").replace(STOP, "</mark>"))
