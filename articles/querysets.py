"""Logic about many stories at once. ``published()`` is the only gate to readers."""

from django.db import models
from django.db.models import Prefetch
from django.db.models.expressions import RawSQL
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, JSONArray
from django.utils import timezone


class IdAmong(models.Func):
    """``id IN (ids)``, for a subquery of ``ids`` much smaller than the table (an author's credits). On
    PostgreSQL it is ``id = ANY(ARRAY(ids))``: the ids are read first, once, then their stories by
    primary key, whichever plan a prepared statement settles on. With ``IN`` or ``EXISTS`` the generic
    plan hashed every live story to find an author's 167 (2-3.6 ms at 10,000 stories; this: 0.4-0.8)."""

    output_field = models.BooleanField()
    conditional = True
    template = "%(expressions)s"
    arg_joiner = " IN "

    def __init__(self, ids):
        super().__init__(models.F("pk"), models.Subquery(ids))

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="%(expressions)s)", arg_joiner=" = ANY(ARRAY", **extra)


class IdInJsonList(models.Func):
    """``id`` among the ids of a JSON list (``ids_json``: an expression, say ``OuterRef`` of a story's
    ``parts__related_ids``): ``id = ANY(ARRAY(…jsonb_array_elements_text…))`` on PostgreSQL, ``id IN
    (SELECT value FROM json_each(…))`` on SQLite."""

    output_field = models.BooleanField()
    conditional = True

    def __init__(self, ids_json):
        super().__init__(models.F("pk"), ids_json)

    def _compiled(self, compiler):
        (pk, pk_params), (ids, ids_params) = [compiler.compile(e) for e in self.get_source_expressions()]
        return pk, ids, (*pk_params, *ids_params)

    def as_sql(self, compiler, connection, **extra):
        pk, ids, params = self._compiled(compiler)
        return f"{pk} IN (SELECT value FROM json_each({ids}))", params

    def as_postgresql(self, compiler, connection, **extra):
        pk, ids, params = self._compiled(compiler)
        return f"{pk} = ANY(ARRAY(SELECT jsonb_array_elements_text({ids})::bigint))", params


class JsonListOf(models.Func):
    """The rows of a one-column subquery of JSON values as one JSON list (``None`` for no rows). On
    PostgreSQL it is built as ``json`` text, not ``jsonb``: the list is read once and parsed in Python,
    and ``jsonb``'s binary form only cost the database more to build (``JsonRow`` likewise)."""

    output_field = models.JSONField()
    template = "(SELECT json_group_array(json(rows.value)) FROM %(expressions)s rows)"

    def __init__(self, queryset):
        super().__init__(models.Subquery(queryset))

    def as_postgresql(self, compiler, connection, **extra):
        template = "(SELECT json_agg(rows.value)::text FROM %(expressions)s rows)"
        return self.as_sql(compiler, connection, template=template, **extra)


class JsonRow(JSONArray):
    """Django's ``JSONArray``, built by ``json_build_array`` on PostgreSQL (``jsonb_build_array``, or
    ``JSON_ARRAY … RETURNING JSONB`` on 16 and later, in Django's): for ``JsonListOf``. Its values are
    cast to their types, as Django's are, so a prepared statement knows them."""

    def as_postgresql(self, compiler, connection, **extra):
        typed = self.copy()
        typed.set_source_expressions([
            expression if isinstance(expression, Cast) else Cast(expression, expression.output_field)
            for expression in typed.get_source_expressions()
        ])
        return typed.as_sql(compiler, connection, function="JSON_BUILD_ARRAY", **extra)


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """Stories a reader may see: published, with a publication time that has come (by ``now``,
        the present unless given: ``articles.reader.compiled`` compiles it with a stand-in)."""
        return self.filter(status="published", publish_at__lte=now or timezone.now())

    def scheduled(self):
        return self.filter(status="published", publish_at__gt=timezone.now())

    def unfinished(self):
        """Stories still being worked on: not published (or scheduled) and not killed."""
        return self.exclude(status__in=["published", "killed"])

    def overdue(self, now=None):
        """Unfinished stories whose deadline has passed."""
        return self.unfinished().filter(deadline__lt=now or timezone.now())

    def due_today(self, now=None):
        """Unfinished stories due between now and the end of today in the newsroom's time zone
        (the one definition the dashboard and the story list's deadline filter share)."""
        now = now or timezone.now()
        midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        return self.unfinished().filter(deadline__gte=now, deadline__lt=midnight + timezone.timedelta(days=1))

    def with_filed_at(self):
        """Annotate ``filing_time``: ``Article.filed_at`` in SQL, for archives and the news sitemap."""
        from django.db.models.functions import Coalesce

        return self.annotate(filing_time=Coalesce("first_published_at", "publish_at"))

    def in_section(self, section):
        return self.filter(section=section)

    def tagged(self, tag):
        return self.filter(tags=tag)

    def by_author(self, author):
        """Stories crediting ``author``: their ids read from the credits first (``IdAmong``), not a join
        made ``DISTINCT`` (which sorted whole rows, stored cards included: 9 ms of planning and sorting
        per page at 10,000 stories)."""
        from articles.models import ArticleAuthor

        return self.filter(IdAmong(ArticleAuthor.objects.filter(author=author).order_by().values("article_id")))

    def for_cards(self):
        """What a story card shows (headline, section, "Live" badge, lead picture) and its stored card
        (``with_parts``) in one query; ``articles.reader.story_reads.live_stories_among`` then reads the
        credits of the stories whose cards must be rendered now (one query, or none)."""
        return self.select_related(*CARD_RELATIONS, "lead_image").with_parts()

    def stored_card_rows(self, variants):
        """Rows of ``STORED_CARD_COLUMNS``, then the markup of each stored card variant named in
        ``variants``, taken out of ``StoryParts.cards`` by the database: a listing builds no story and
        parses no JSON for a story whose stored cards it can use. A story whose cards cannot be used
        is read again ``for_cards`` (``articles.reader.story_reads.live_stories_among``)."""
        cards = {f"card_{index}": KeyTextTransform(name, "parts__cards") for index, name in enumerate(variants)}
        return self.annotate(**cards).values_list(*STORED_CARD_COLUMNS, *cards)

    def stored_card_json(self, variant):
        """Each story as one JSON list: ``STORED_CARD_COLUMNS``, then the markup of the stored card
        ``variant``; the row ``stored_card_rows((variant,))`` reads, for a subquery (``JsonListOf``)."""
        columns = [models.F(name) for name in STORED_CARD_COLUMNS]
        return self.annotate(value=JsonRow(*columns, KeyTextTransform(variant, "parts__cards"))).values("value")

    def with_parts(self):
        """Each story's stored parts (``articles.reader.parts``), joined, without the story page's
        own markup."""
        return self.select_related("parts").defer(
            "parts__head", "parts__top", "parts__bottom", "parts__authors", "parts__rendered_at"
        )

    def with_related(self):
        """Everything a listing or story page shows, in a fixed number of queries."""
        return self.select_related("section", "lead_image").prefetch_related(public_tags_prefetch(), credits_prefetch())

    def search(self, query, newest_only=True):
        """Stories matching a reader's ``query``, best first; see ``articles.search``."""
        from articles.search import search_articles

        return search_articles(self, query, newest_only=newest_only)

    def related_to(self, article, tag_ids=None, limit=4, among=100):
        """Other stories sharing ``article``'s tags: most shared tags first, then newest.

        Only the newest ``among`` stories of each shared tag are ranked, and shared tags are counted
        per candidate from the tag index. Each tag's candidates are their own ``LIMIT`` query
        (joined by ``UNION ALL``), so the database plans each by that tag's size: a rare tag is read
        from the tag index, one on half the archive by walking the newest stories until ``among``
        match. Neither grows with the archive (one query over all tags at once scanned every live
        story for a rare tag: 1.2 ms at 10,000 stories, 12 ms at 100,000). ``tag_ids``: the story's
        public tags, when the caller knows them."""
        from articles.models import TaggedArticle

        if tag_ids is None:
            tag_ids = [tag.pk for tag in article.public_tags]
        if not tag_ids:
            return self.none()
        newest_per_tag = [
            self.exclude(pk=article.pk).filter(tags=tag_id).order_by("-publish_at", "-pk").values("pk")[:among]
            .query.sql_with_params()
            for tag_id in tag_ids
        ]
        candidates = RawSQL(
            " UNION ALL ".join(f"SELECT * FROM ({sql}) AS newest_{n}" for n, (sql, _) in enumerate(newest_per_tag)),
            [param for _, params in newest_per_tag for param in params],
        )
        shared = (
            TaggedArticle.objects.filter(content_object=models.OuterRef("pk"), tag_id__in=tag_ids)
            .order_by().values("content_object").annotate(shared=models.Count("pk")).values("shared")
        )
        return (
            self.filter(pk__in=candidates)
            .annotate(shared_tags=models.Subquery(shared))
            .order_by("-shared_tags", "-publish_at", "-pk")[:limit]
        )

    def latest_per_section_ids(self, per_section=4, among=1000):
        """The ids of the newest ``per_section`` stories of every section, newest first.

        Only the newest ``among`` stories are ranked, so the cost stays the same however large the
        archive grows (a section with nothing among them is quiet and left off the home page). The
        choice is made from one narrow index-ordered query (a window function over a subquery made
        PostgreSQL scan the whole table); the home page runs it compiled (``articles.reader.story_reads``).
        """
        return newest_per_section(self.newest_with_sections(among), per_section)

    def newest_with_sections(self, among=1000):
        """``(id, section id)`` of the newest ``among`` stories, newest first."""
        return self.order_by("-publish_at", "-pk").values_list("pk", "section_id")[:among]


def newest_per_section(rows, per_section=4):
    """The ids among ``(id, section id)`` rows, in their order, of the first ``per_section`` of each section."""
    chosen, taken = [], {}
    for pk, section_id in rows:
        if section_id is not None and taken.get(section_id, 0) < per_section:
            taken[section_id] = taken.get(section_id, 0) + 1
            chosen.append(pk)
    return chosen


# Joined to a card's story: no query per card. The lead picture is read only for cards rendered now
# (``card_prefetches``): a stored card (``articles.reader.parts``) has its markup.
CARD_RELATIONS = ("section", "live_coverage")
STORED_CARD_COLUMNS = (
    "pk", "version", "parts__version", "parts__fingerprint", "parts__card_keys", "live_coverage",
    "section", "section__name", "section__slug", "section__ordering",
)


def card_prefetches():
    """The prefetches of a story card rendered now; ``prefetch_related_objects`` applies them to stories
    from several queries at once (the home page's lists, a story and its related stories)."""
    return [credits_prefetch(), "lead_image"]


def credits_prefetch():
    """A story's credits with their authors, in byline order (``Article.ordered_credits`` reads them)."""
    from articles.models import ArticleAuthor

    return Prefetch("credits", queryset=ArticleAuthor.objects.select_related("author").order_by("order", "pk"))


def public_tags_prefetch():
    """A story's public tags, as ``public_tag_links`` (``Article.public_tags`` reads them). Stories that
    already have them (an editor's preview sets its own) are left as they are."""
    from articles.models import TaggedArticle

    return Prefetch("tagged_items", queryset=TaggedArticle.objects.public().select_related("tag"),
                    to_attr="public_tag_links")


class TaggedArticleQuerySet(models.QuerySet):
    def public(self):
        """Links to tags readers may see (not internal), in tag name order."""
        return self.exclude(tag__profile__internal=True).order_by("tag__name", "tag_id")
