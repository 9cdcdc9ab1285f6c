"""A live story's reader markup, rendered once per version and kept with it (``StoryParts``).

Most of a story page, and every card of the story in a listing, is the same for every reader and
every request until the story or something it shows changes; rendering it was most of an uncached
page's time (``bench/RESULTS.md``). So it is rendered once and stored:

* **valid** while its ``version`` is the story's (every editorial save bumps ``Article.version``)
  and its ``fingerprint`` is the current one (the sources of the part templates and of the code
  that renders them, and the settings they read), so an edit, a deploy or a new ``SITE_URL`` needs
  no clean-up;
* **forgotten** when a section, tag, author or picture it shows changes (:func:`things_changed`, with
  the surrogate keys the page cache uses);
* **rendered ahead** when an editorial save leaves a story live (:func:`render_now`, from
  ``articles.reader_effects.story_changed``), else **on the next read** when missing or stale
  (:func:`for_page`: imports, scheduled stories, a new deploy); a failed store is logged and the
  page is served all the same.

Parts are used only where they are exact: never for an editor's preview, never for a story with live
coverage (its page and "Live" badge change with the coverage, not the story), and only for requests
in the site's own time zone and language. A story's ``<head>`` tags are rendered afresh while it has
published corrections (its structured data lists them).
"""

import functools
import hashlib
import importlib
import inspect
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F, Q, prefetch_related_objects
from django.template import engines
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import timezone, translation

from articles import page_store
from articles.caching import pages_changed
from articles.models import Article, StoryParts, TaggedArticle
from articles.querysets import card_prefetches, public_tags_prefetch
from articles.reader.jinja import render_card, render_headline_item
from articles.templatetags.images import body_image_ids
from articles.templatetags.reader import site_logo_url
from articles.templatetags.reader_time import local

logger = logging.getLogger(__name__)

RENDERER_VERSION = "1"  # bump to render every story's parts anew without a change of code or templates
DJANGO_TEMPLATES = (
    "articles/story/_head.html", "articles/story/_top.html", "articles/story/_bottom.html",
    "articles/_author_card.html", "articles/_share.html", "articles/_image.html",
)
JINJA_TEMPLATES = (
    "articles/card.html", "articles/parts.html", "articles/byline.html", "articles/live_badge.html",
    "articles/_responsive_image.html", "articles/headline_item.html",
)
# The code that writes what the templates show: a deploy that changes any of it renders parts anew.
# A new helper used by the part templates belongs here.
RENDERING_MODULES = (
    "articles.reader.parts", "articles.reader.jinja", "articles.reader.structured_data", "articles.reader.sharing",
    "articles.reader_text", "articles.figures", "articles.images", "articles.images.renditions",
    "articles.templatetags.reader", "articles.templatetags.reader_site", "articles.templatetags.images",
    "articles.templatetags.reader_cards", "articles.templatetags.reader_time", "articles.models.article",
)
# The card variants the reader's pages use (``story_card()`` options), stored by name. The names are
# not numbers: the database reads them out of the stored JSON by key (``stored_card_rows``).
CARD_VARIANTS = {
    "level2": {"level": 2},
    "level3": {"level": 3},
    "level3-compact": {"level": 3, "compact": True},
    "level3-sectionless": {"level": 3, "hide_section": True},
    "level3-sectionless-compact": {"level": 3, "hide_section": True, "compact": True},
    "lead": {"level": 3, "is_lead": True},
}
HEADLINE_ITEM = "item"  # the story in a list of headlines (``headline_items()``), stored with the cards
CARD_NAMES = (*CARD_VARIANTS, HEADLINE_ITEM)
SHOWN_KINDS = ("section:", "tag:", "author:", "image:")  # keys of things parts show besides the story


@functools.lru_cache(maxsize=64)
def card_variant(level=2, is_lead=False, compact=False, hide_section=False):
    """The stored variant's name for these card options, or None when that card is not stored."""
    wanted = {"level": level, "is_lead": is_lead, "compact": compact, "hide_section": hide_section}
    for name, options in CARD_VARIANTS.items():
        if all(wanted[option] == options.get(option, False if option != "level" else 2) for option in wanted):
            return name
    return None


@functools.lru_cache(maxsize=2)
def _template_digest(second):
    """The part templates' and rendering modules' sources, hashed; ``second`` makes ``DEBUG`` re-read
    them once a second."""
    digest = hashlib.sha256()
    for module in RENDERING_MODULES:
        digest.update(Path(inspect.getsourcefile(importlib.import_module(module))).read_bytes())
    for name in DJANGO_TEMPLATES:
        digest.update(engines["django"].get_template(name).template.source.encode())
    jinja = engines["jinja2"].env
    for name in JINJA_TEMPLATES:
        digest.update(jinja.loader.get_source(jinja, name)[0].encode())
    return digest.hexdigest()


@functools.lru_cache(maxsize=16)
def _fingerprint(templates, *described):
    text = "\n".join(map(str, (RENDERER_VERSION, templates, site_logo_url(), *described)))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def fingerprint():
    """What stored parts were rendered with: the templates' and rendering code's sources (re-read
    every second with ``DEBUG``, where they are edited live), the settings and address prefix they read, the
    publisher logo's (hashed) address in the structured data, and the newsroom's current year (dates
    show their year only when it is not this one: ``reader_time``)."""
    templates = _template_digest(int(time.monotonic()) if settings.DEBUG else 0)
    return _fingerprint(templates, settings.SITE_NAME, settings.SITE_URL, settings.TIME_ZONE,
                        settings.LANGUAGE_CODE, settings.MEDIA_URL, settings.STATIC_URL, get_script_prefix(),
                        local(timezone.now()).year)


def usable_here():
    """Stored parts are written in the site's time zone and language; other readers get a full render."""
    return (
        timezone.get_current_timezone() == timezone.get_default_timezone()
        and translation.get_language() == _site_language(settings.LANGUAGE_CODE)
    )


@functools.lru_cache(maxsize=4)
def _site_language(code):
    return translation.to_language(code)


def _cached(article, name):
    """``(True, value)`` when the relation ``name`` was selected with ``article``, else ``(False, None)``;
    never a query."""
    field = Article._meta.get_field(name)
    if not field.is_cached(article):
        return False, None
    return True, field.get_cached_value(article)


def usable_fingerprint():
    """The fingerprint stored parts must have to be used for the current request: None when this
    request may not use them (another time zone or language). Read it once for a list of stories."""
    return fingerprint() if usable_here() else None


ASK = object()  # ``usable`` not known to the caller: read it (None means parts may not be used here)


def loaded(article, usable=ASK):
    """The story's valid stored parts when they were selected with it (``ArticleQuerySet.with_parts``),
    else None. Never a query. ``usable``: :func:`usable_fingerprint`, when the caller has it."""
    selected, parts = _cached(article, "parts")
    coverage_known, coverage = _cached(article, "live_coverage")
    if not selected or parts is None or not coverage_known or coverage is not None or parts.version != article.version:
        return None
    if usable is ASK:
        usable = usable_fingerprint()
    if usable is None or parts.fingerprint != usable:
        return None
    return parts


@dataclass(frozen=True, eq=False)
class StoredCards:
    """A live story as a listing shows it when its stored cards are usable for this request: its id,
    the markup of the card variants the page reads (``CARD_NAMES``, or some of them), the keys of
    what they show, and its section
    (id, name, slug and ordering) or None. Read from narrow rows, without building the story
    (``articles.reader.story_reads.live_stories_among``)."""

    pk: int
    cards: dict
    card_keys: tuple
    section: object


def stored_card(article, usable=ASK, variant=None, **options):
    """The story's stored card for these ``story_card()`` options (or the stored ``variant``), or None.
    ``article``: a story, or its ``StoredCards``, which has the variants it was read with and nothing else."""
    name = variant or card_variant(**options)
    if isinstance(article, StoredCards):
        if name not in article.cards:
            raise ValueError(f"Story {article.pk} was read as its stored cards without the card for "
                             f"{variant or options}: read it with that variant (live_stories_among)")
        return article.cards[name]
    parts = loaded(article, usable) if name else None
    return parts.cards.get(name) if parts is not None else None


def related_ids(article, parts, tag_ids):
    """The ids of the stories related to ``article`` (``ArticleQuerySet.related_to``), best first: kept
    with its parts for ``READER_RELATED_SECONDS`` (default 600), then ranked again and kept anew.
    The caller reads them through ``published()``, so a story that left readers never shows."""
    now = timezone.now()
    fresh_for = getattr(settings, "READER_RELATED_SECONDS", 600)
    if parts is not None and parts.related_at and (now - parts.related_at).total_seconds() < fresh_for:
        return parts.related_ids
    ids = list(Article.objects.published().related_to(article, tag_ids).values_list("pk", flat=True))
    if parts is not None:
        try:
            with transaction.atomic():
                StoryParts.objects.filter(pk=parts.pk, version=parts.version).update(related_ids=ids, related_at=now)
        except DatabaseError:
            logger.warning("Could not keep the related stories of story %s", parts.pk, exc_info=True)
    return ids


def card_keys(article):
    """The surrogate keys of what a card of ``article`` shows: the story, its section, its credited
    names and its lead picture."""
    keys = {f"story:{article.pk}"}
    if article.section_id:
        keys.add(f"section:{article.section_id}")
    if article.lead_image_id:
        keys.add(f"image:{article.lead_image_id}")
    return keys | {f"author:{credit.author_id}" for credit in article.ordered_credits()}


def shown_keys(article):
    """The surrogate keys of everything the parts of ``article`` show: its cards', every tag on it
    (an internal tag turned public appears), its authors' photos and its body's pictures."""
    keys = card_keys(article)
    keys |= {f"tag:{pk}" for pk in TaggedArticle.objects.filter(content_object=article).values_list("tag_id", flat=True)}
    keys |= {f"image:{credit.author.photo_id}" for credit in article.ordered_credits() if credit.author.photo_id}
    return keys | {f"image:{pk}" for pk in body_image_ids(article.body)}


def spaced(keys):
    return " " + " ".join(sorted(keys)) + " "


def render(article):
    """The parts of a live story, rendered now (unsaved), in a fixed number of queries."""
    prefetch_related_objects([article], public_tags_prefetch(), *card_prefetches())
    context = {"article": article, "SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL,
               "corrections": (), "live": None}
    return StoryParts(
        article=article,
        version=article.version,
        fingerprint=fingerprint(),
        keys=spaced(shown_keys(article)),
        card_keys=spaced(card_keys(article)),
        public_tag_ids=[tag.pk for tag in article.public_tags],
        head=render_to_string("articles/story/_head.html", context),
        top=render_to_string("articles/story/_top.html", context),
        bottom=render_to_string("articles/story/_bottom.html", context),
        authors=render_to_string("articles/_author_card.html", context),
        cards={**{name: str(render_card(article, **options)) for name, options in CARD_VARIANTS.items()},
               HEADLINE_ITEM: str(render_headline_item(article))},
    )


def render_and_store(article):
    """Render the parts of ``article`` and keep them, unless something they show changed meanwhile
    (the page cache's marks: ``page_store.dropped_since``): then they serve this request only."""
    seen = page_store.sequence()
    parts = render(article)
    if not page_store.dropped_since(parts.key_list(), seen):
        store(parts)
    return parts


def store(parts):
    """Keep ``parts`` (replacing older ones). A failure is logged, never raised: the page is served anyway."""
    fields = ["version", "fingerprint", "keys", "card_keys", "public_tag_ids", "head", "top", "bottom", "authors", "cards"]
    try:
        with transaction.atomic():
            StoryParts.objects.bulk_create([parts], update_conflicts=True, unique_fields=["article"],
                                           update_fields=[*fields, "rendered_at"])
    except DatabaseError:
        logger.warning("Could not store the rendered parts of story %s", parts.article_id, exc_info=True)


def for_page(article, usable=ASK):
    """The parts for a live story's page: stored ones when valid, else rendered and stored now.
    None when parts are not used for this story or request (live coverage, another time zone).
    ``usable``: :func:`usable_fingerprint`, when the caller has it."""
    if usable is ASK:
        usable = usable_fingerprint()
    parts = loaded(article, usable)
    if parts is not None:
        return parts
    coverage_known, coverage = _cached(article, "live_coverage")
    if not coverage_known or coverage is not None or usable is None:
        return None
    return render_and_store(article)


def render_now(story_id):
    """Render and store a live story's parts ahead of its first reader (after an editorial save),
    in the site's time zone and language whoever saved it. Nothing for a story not live now."""
    with timezone.override(settings.TIME_ZONE), translation.override(settings.LANGUAGE_CODE):
        article = Article.objects.published().select_related("section", "lead_image", "live_coverage", "parts") \
            .defer("parts__head", "parts__top", "parts__bottom", "parts__authors", "parts__cards") \
            .filter(pk=story_id).first()
        if article is not None:
            for_page(article)


def render_missing(batch=200):
    """Render and store the parts of every live story that has none valid (after an import, a deploy
    or a change of settings), newest first, ``batch`` stories per read. Returns how many were rendered."""
    current = fingerprint()
    stale = (
        Article.objects.published()
        .exclude(parts__version=F("version"), parts__fingerprint=current)
        .filter(live_coverage__isnull=True)
        .order_by("-publish_at", "-pk")
        .values_list("pk", flat=True)
    )
    count = 0
    with timezone.override(settings.TIME_ZONE), translation.override(settings.LANGUAGE_CODE):
        for start in range(0, stale.count(), batch):
            ids = list(stale[:batch])
            if not ids:
                break
            for article in Article.objects.filter(pk__in=ids).select_related("section", "lead_image", "live_coverage"):
                render_and_store(article)
                count += 1
    return count


def things_changed(keys):
    """A section, tag, author or picture changed (edited in the admin, not by a story's save): drop the
    cached pages showing it (``articles.caching.pages_changed``) and the stored parts showing it, now
    and again once the transaction commits (a page rendered meanwhile may have stored parts read
    before the change)."""
    pages_changed(keys)
    forget(keys)
    transaction.on_commit(lambda: forget(keys), robust=True)


def forget(keys):
    """Delete the stored parts that show any of ``keys`` (a section, tag, author or picture changed).
    A story's own changes need nothing: they bump its version."""
    shown = [key for key in keys if key.startswith(SHOWN_KINDS)]
    if not shown:
        return
    query = Q()
    for key in shown:
        query |= Q(keys__contains=f" {key} ")
    StoryParts.objects.filter(query).delete()
