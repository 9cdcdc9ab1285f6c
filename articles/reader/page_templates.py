"""What the reader site's page templates (``templates/jinja2/``: ``base.html`` and the pages that
extend it) call: the reader's Django template tags as plain functions, registered as Jinja2 globals by
``articles.reader.jinja.environment``.

The pages are Jinja2 because what Django's template language still cost a page was its machinery:
block inheritance, ``{% load %}``, a ``Context`` lookup per variable (about 5% of each uncached page
in process: ``bench/RESULTS.md``). The story parts stored at save time (``articles.reader.parts``) stay
Django templates, rendered here only when a page cannot use the stored ones (:func:`django_part`).
"""

from types import SimpleNamespace

from django.conf import settings
from django.template.defaulttags import querystring as django_querystring
from django.template.loader import render_to_string
from django.utils.functional import lazy
from django.utils.safestring import mark_safe
from jinja2 import pass_context

from articles.page_store import NOT_READ
from articles.paths import path_to
from articles.reader import layout, most_read
from articles.reader.jinja import render_card, render_headline_item
from articles.reader.parts import HEADLINE_ITEM, stored_card
from articles.reader.view_counting import view_token


SITE_NAME = lazy(lambda: settings.SITE_NAME, str)()  # read at each use, so a test's override shows


def page_header(request, search=True, menu=True, site=None):
    """``(header, most_read_cached)``: the header (``articles.reader.layout.header``; ``site``: the
    page's ``layout.site_key()``), and the most-read list read from the cache with the menu in one
    round trip, for :func:`most_read_block`."""
    sections, cached = ((), NOT_READ)
    if menu:
        sections, cached = layout.menu_and_most_read()
    return layout.header(request, search=search, sections=sections, site=site), cached


def most_read_block(request, cached, element="section", story=None, preview=False):
    """The most-read list (``articles.reader.most_read.block``). On a live story's page the block also
    carries the view beacon's address and signed token (``articles.reader.view_counting``); an
    editor's preview never counts."""
    beacon = None
    if story is not None and story.is_live and not preview:
        beacon = {"url": path_to("articles:record_view", story.pk), "token": view_token(story.pk)}
    return most_read.block(request, element=element, beacon=beacon, cached=cached)


def card_html(article, snippet="", **options):
    """The story's stored card for these options (``articles.reader.parts``), else rendered now. A
    listing's ``StoredCards`` were found usable when read; a story read whole asks for itself. A
    search card (``snippet``) is never stored."""
    if not snippet:
        stored = stored_card(article, **options)
        if stored is not None:
            return stored
    return render_card(article, snippet=snippet, **options)


def headline_item_html(article):
    stored = stored_card(article, variant=HEADLINE_ITEM)
    return stored if stored is not None else render_headline_item(article)


def story_cards(articles, indent=2, **options):
    """Each story's card (``card_html``), each on its own line indented ``indent`` spaces."""
    line = "\n" + " " * indent
    return mark_safe("".join(line + card_html(article, **options) for article in articles))


def story_card(article, **options):
    return mark_safe(card_html(article, **options))


def headline_items(articles, indent=6):
    """Each story as an item of a list of headlines, each on its own line indented ``indent`` spaces."""
    line = "\n" + " " * indent
    return mark_safe("".join(line + headline_item_html(article) for article in articles))


def querystring(request, **changes):
    """Django's ``{% querystring %}`` (the request's query with ``changes``; None removes a key), which
    reads the request from its template context."""
    return django_querystring(SimpleNamespace(request=request), **changes)


@pass_context
def django_part(context, name, **extra):
    """The Django template ``name`` (a story part, a picture, the live blog) rendered with this page's
    context and ``extra``: for pages that cannot use a story's stored parts (an editor's preview, a
    live blog, a story with corrections, a reader in another time zone)."""
    values = {key: value for key, value in context.get_all().items() if not callable(value)}
    values.update(extra)
    return mark_safe(render_to_string(name, values, request=context.get("request")))


GLOBALS = {
    "SITE_NAME": SITE_NAME, "page_header": page_header, "layout_site": layout.site_key,
    "layout_head": layout.head, "layout_footer": layout.footer, "most_read_block": most_read_block,
    "story_cards": story_cards, "story_card": story_card, "headline_items": headline_items,
    "querystring": querystring, "django_part": django_part,
}
