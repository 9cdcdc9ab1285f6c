"""Reads of live stories compiled once per process (``articles.reader.compiled``), both built from
``published()``: the story page's story, with its section, live coverage, stored parts and whether it
has published corrections; and the live stories among given ids with what their cards show (a story's
related stories, a listing's page once its ids are known, the home page's by-section blocks)."""

import json
from datetime import datetime, timezone as dt_timezone
from functools import cache

from django.db.models import Exists, OuterRef, Q, prefetch_related_objects
from django.utils import timezone

from articles import page_store
from articles.caching import EVERYTHING, next_due
from articles.models import Article, Correction, Section
from articles.page_store import PageEntry
from articles.querysets import STORED_CARD_COLUMNS, IdInJsonList, JsonListOf, card_prefetches, newest_per_section
from articles.reader.compiled import CompiledQuery, Slot
from articles.reader.parts import ASK, CARD_NAMES, StoredCards, card_variant, usable_fingerprint

SAMPLE_TIME = datetime(2001, 2, 3, 4, 5, 6, 789012, tzinfo=dt_timezone.utc)
SAMPLE_ANCHOR_TIME = datetime(2001, 2, 3, 4, 5, 7, 123456, tzinfo=dt_timezone.utc)
_PUBLISH_AT = Article._meta.get_field("publish_at")
_SLUG = Article._meta.get_field("slug")
_ID = Article._meta.pk
SECTION_COLUMNS = ("id", "name", "slug", "ordering")  # the section columns of STORED_CARD_COLUMNS


def story_queryset(now=None):
    """Live stories as the story page reads them: the QuerySet its compiled read is built from."""
    now = now or timezone.now()
    corrections = Correction.objects.filter(article=OuterRef("pk"), published_at__lte=now)
    return (
        Article.objects.published(now=now).select_related("section", "live_coverage", "parts")
        .defer("parts__cards").annotate(has_corrections=Exists(corrections))
    )


RELATED_CARD = {"level": 3, "compact": True}  # the story page's related stories (article_detail.html)
RELATED_VARIANT = card_variant(**RELATED_CARD)


def _story_with_related_cards(now, slug):
    """The story page's read: the story (``story_queryset``) and, as ``related_cards``, the
    ``stored_card_json`` rows of the live stories among its parts' ``related_ids``, in one query."""
    related = Article.objects.published(now=now).filter(IdInJsonList(OuterRef("parts__related_ids")))
    return story_queryset(now).filter(slug=slug).annotate(
        related_cards=JsonListOf(related.stored_card_json(RELATED_VARIANT)))


_STORY = CompiledQuery(
    _story_with_related_cards, now=Slot(_PUBLISH_AT, SAMPLE_TIME), slug=Slot(_SLUG, "compiled-query-sample-slug"),
)


def live_story(slug):
    """The live story at ``slug``, or None. It comes with ``related_cards`` for ``related_stories``."""
    found = _STORY(now=timezone.now(), slug=slug)
    return found[0] if found else None


def related_stories(story, parts, ids, usable=ASK):
    """The live stories among ``ids`` as the story page's related cards show them
    (``live_stories_among`` with ``RELATED_VARIANT``). When ``ids`` are the ones kept with the story's
    ``parts``, the rows ``live_story`` read with the story (``related_cards``) serve, and only those
    whose stored card cannot be used here are read again, whole. ``usable``: ``usable_fingerprint()``,
    when the caller has it."""
    rows = getattr(story, "related_cards", None)
    if parts is None or rows is None or list(ids) != list(parts.related_ids):
        return live_stories_among(ids, (RELATED_VARIANT,), usable)
    return _stories_from_card_rows(rows, ids, (RELATED_VARIANT,), usable)


@cache
def _cards_among(count, variants):
    return CompiledQuery(
        lambda now, ids: Article.objects.published(now=now).filter(pk__in=ids).stored_card_rows(variants),
        now=Slot(_PUBLISH_AT, SAMPLE_TIME), ids=[Slot(_ID, -7001 - i) for i in range(count)],
    )


def live_stories_among(ids, variants=CARD_NAMES, usable=ASK):
    """The live stories among ``ids``, in that order, as their cards show them.

    A story whose stored cards are usable for this request comes as its ``StoredCards`` with the
    card ``variants`` the page shows (``articles.reader.parts.CARD_NAMES``), read from a narrow row
    (``stored_card_rows``: the database takes each variant out of the stored JSON, so a page asking
    for one pays for one); any other is read again, whole (``for_cards``), with the credits and
    pictures its cards will be rendered from. The list of ids is padded with its last id to a power
    of two (at least 4), so a few compiled (and prepared) queries serve every length."""
    if not ids:
        return []
    slots = max(4, 1 << (len(ids) - 1).bit_length())
    padded = [*ids, *[ids[-1]] * (slots - len(ids))]
    rows = _cards_among(slots, tuple(variants))(now=timezone.now(), ids=padded)
    return _stories_from_card_rows(rows, ids, variants, usable)


def _stories_from_card_rows(rows, ids, variants, usable=ASK):
    """The stories among ``ids``, in that order, from their ``stored_card_rows(variants)`` ``rows``
    (live ones only: the rows were read through ``published()``): ``StoredCards`` where usable, the
    others read again, whole, with what their cards are rendered from."""
    if not rows:
        return []
    if usable is ASK:
        usable = usable_fingerprint()
    found, sections = {}, {}
    for row in rows:
        found[row[0]] = _stored_cards(row, usable, sections, variants)
    unstored = [pk for pk, story in found.items() if story is None]
    if unstored:
        whole = list(Article.objects.published().filter(pk__in=unstored).for_cards())
        prefetch_related_objects(whole, *card_prefetches())
        found.update((story.pk, story) for story in whole)
    return [found[pk] for pk in dict.fromkeys(ids) if found.get(pk) is not None]


def _stored_cards(row, usable, sections, variants):
    """The ``StoredCards`` of a ``stored_card_rows(variants)`` row, or None when they cannot be used
    here: not stored for this version or this ``usable`` fingerprint, or a live blog. ``sections``:
    the sections made so far, by id, so the stories of one section share it."""
    count = len(STORED_CARD_COLUMNS)
    pk, version, parts_version, fingerprint, card_keys, coverage, section_id, *section_row = row[:count]
    cards = row[count:]
    if usable is None or fingerprint != usable or parts_version != version or coverage is not None or None in cards:
        return None
    if section_id is not None and section_id not in sections:
        sections[section_id] = Section.from_db(None, SECTION_COLUMNS, (section_id, *section_row))
    return StoredCards(pk, dict(zip(variants, cards)), tuple(card_keys.split()), sections.get(section_id))


_NEWEST_WITH_SECTIONS = CompiledQuery(
    lambda now, lead: Article.objects.published(now=now).exclude(pk=lead).newest_with_sections(),
    now=Slot(_PUBLISH_AT, SAMPLE_TIME), lead=Slot(_ID, -7004),
)


def latest_per_section_ids(lead):
    """The home page's by-section blocks: ``newest_per_section`` of the newest live stories other than
    the lead story (the id ``lead``). Kept (``kept_ids``) until a story joins or leaves the latest
    stories (the ``latest`` key) or the next scheduled one is due: reading the newest 1,000 rows
    again cost the home page 0.6 ms. The stories are then read through ``published()`` as ever."""
    return kept_ids(f"reader:anchor:latest:sections:{lead}", "latest",
                    lambda: newest_per_section(_NEWEST_WITH_SECTIONS(now=timezone.now(), lead=lead)))


def kept_ids(key, changes, read, seconds=3600):
    """``read()``'s list, kept in the page store under ``key`` until the surrogate key ``changes`` (or
    the whole site) changes, the next scheduled story is due, or ``seconds`` pass; stored only if
    nothing it depends on changed while it was read (``page_store.store``)."""
    entry = page_store.fetch(key)
    if entry is not None and not entry.is_due():
        return json.loads(entry.content)
    seen = page_store.sequence()
    value = read()
    page_store.store(key, PageEntry(content=json.dumps(value).encode(), headers={}, due=next_due(),
                                    keys=frozenset({EVERYTHING, changes})), seconds, seen)
    return value


class LiveListing:
    """A listing's live stories (the home page, a section, a tag, an author), paged by queries compiled
    once. ``build(now)`` or ``build(now, subject)`` is the listing's QuerySet from ``published()``, in
    the stories' order (newest first), the subject given by its id; ``subject`` is the ``Slot`` of
    that id; ``changes``, the surrogate key a change of the listing drops (``{}``: the subject's id).

    Slices starting in the first ``COMPILED_ROWS`` rows are compiled reads (at most
    ``COMPILED_SLICES`` of them). A deeper page starts where it started last time (its anchor: the
    time and id of its first story, kept in the page store) while the listing has not changed, so
    page 200 reads what page 1 reads instead of skipping 3,980 stories (``OFFSET``); a change of the
    listing (``articles.caching.pages_changed``) or its next scheduled story drops the anchor, and the
    next reader finds it again by ``OFFSET``."""

    COMPILED_ROWS = 200
    COMPILED_SLICES = 32
    ANCHOR_SECONDS = 3600

    def __init__(self, build, changes, subject=None):
        self.build = build
        self.changes = changes
        self.slots = {"now": Slot(_PUBLISH_AT, SAMPLE_TIME)}
        if subject is not None:
            self.slots["subject"] = subject
        self._slices = {}
        self._anchored = {}

    def of(self, subject=None):
        """This listing for the subject with the id ``subject``, as the paginator reads it."""
        values = {"now": timezone.now()}
        if "subject" in self.slots:
            values["subject"] = subject
        return BoundListing(self, values)

    def ids(self, values, bottom, top):
        if bottom >= self.COMPILED_ROWS:
            return self._anchored_ids(values, bottom, top)
        key = (bottom, top)
        if key not in self._slices:
            if len(self._slices) >= self.COMPILED_SLICES:
                return list(self.build(**values).values_list("pk", flat=True)[bottom:top])
            self._slices[key] = CompiledQuery(
                lambda **v: self.build(**v).values_list("pk")[bottom:top], **self.slots
            )
        return [row[0] for row in self._slices[key](**values)]

    def _anchored_ids(self, values, bottom, top):
        changes = self.changes.format(values.get("subject"))
        anchor_key = f"reader:anchor:{changes}:{bottom}:{top - bottom}"
        anchor = page_store.fetch(anchor_key)
        if anchor is not None and not anchor.is_due():
            when, first = json.loads(anchor.content)
            rows = self._from_anchor(top - bottom)(**values, when=datetime.fromisoformat(when), first=first)
            return [row[0] for row in rows]
        seen = page_store.sequence()
        rows = list(self.build(**values).values_list("pk", "publish_at")[bottom:top])
        if rows:
            first, first_at = rows[0]
            anchor = PageEntry(content=json.dumps([first_at.isoformat(), first]).encode(), headers={},
                               due=next_due(), keys=frozenset({EVERYTHING, changes}))
            page_store.store(anchor_key, anchor, self.ANCHOR_SECONDS, seen)
        return [pk for pk, _ in rows]

    def _from_anchor(self, size):
        """The compiled read of ``size`` ids from the story at (``when``, ``first``) on, in the listing's order."""
        if size not in self._anchored:
            def build(when, first, **values):
                start = Q(publish_at__lte=when) & (Q(publish_at__lt=when) | Q(pk__lte=first))
                return self.build(**values).filter(start).values_list("pk")[:size]

            self._anchored[size] = CompiledQuery(build, **self.slots, when=Slot(_PUBLISH_AT, SAMPLE_ANCHOR_TIME),
                                                 first=Slot(_ID, -7005))
        return self._anchored[size]


class BoundListing:
    """What ``IdsFirstPaginator`` needs of a listing: the ids of a slice."""

    def __init__(self, listing, values):
        self.listing = listing
        self.values = values

    def ids(self, bottom, top):
        return self.listing.ids(self.values, bottom, top)
