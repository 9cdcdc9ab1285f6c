"""The reader site's layout around each page's own content (``templates/base.html``): the links in the
head, the header with its section menu, and the footer.

They are the same on almost every page, yet in Django's template language they cost most of a
story page's rendering (``bench/RESULTS.md``). So they are Jinja2 templates
(``templates/jinja2/layout/``), each rendered once per process for everything it shows: the
URLconf, script prefix, language, site name, static address and the local year; the header also
for the menu's links (kept in the cache: ``menu_sections``) and which of them is this page. With
DEBUG on they are rendered afresh every time, while templates are being edited.
"""

import functools

from django.conf import settings
from django.template import engines
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from articles.models import Section
from articles.page_store import MENU_KEY, NOT_READ, cache_call
from articles.paths import path_to
from articles.reader import most_read
from articles.reader.pages import footer_pages

MENU_SECONDS = 300


def menu_sections(cached=NOT_READ):
    """``(name, slug)`` of ``Section.objects.live()``, for the menu on every page, kept in the cache
    (every change readers can see drops it: ``articles.caching.pages_changed``). ``cached``: what the
    caller already read of the cache (None: nothing there)."""
    sections = cache_call("get", MENU_KEY) if cached is NOT_READ else cached
    if sections is None:
        sections = list(Section.objects.live().values_list("name", "slug"))
        cache_call("set", MENU_KEY, sections, MENU_SECONDS)
    return sections


def menu_and_most_read():
    """``menu_sections()`` and the cached most-read list (None when the cache has lost it: for
    ``most_read.current_list``), in one cache round trip. A story page or the home page shows both;
    every other page pays only for a small list it does not use."""
    found = cache_call("get_many", [MENU_KEY, most_read.LIST_KEY], default={}) or {}
    return menu_sections(found.get(MENU_KEY)), found.get(most_read.LIST_KEY)


def head(site=None):
    """The site's feeds, icon, style sheets and script, for the page's ``<head>``. ``site``: as for
    :func:`header`."""
    return _part("head", site)


def header(request, search=True, sections=(), site=None):
    """The skip link, the header (site name, search form unless ``search`` is false, theme switch, the
    menu of ``sections``: ``menu_sections()``) and the breaking-news slot. The menu's link to the
    section whose page this is is marked ``aria-current``. ``site``: :func:`site_key`, when the page
    has read it for all its parts (reading it costs a few microseconds: request-local lookups)."""
    site = site or site_key()
    links = _menu_links(tuple(map(tuple, sections)), site)
    path = request.path if request is not None else ""
    current = path if any(url == path for _, url in links) else ""
    return _part("header", site, search=search, links=links, current=current)


def footer(site=None):
    """The footer: the editable pages, corrections, feeds, sitemap and the year's copyright line.
    ``site``: as for :func:`header`."""
    return _part("footer", site, pages=tuple(footer_pages()), year=timezone.localtime().year)


def site_key():
    """What every part shows besides its own context: the same for every request of a site."""
    return (get_urlconf(), get_script_prefix(), settings.ROOT_URLCONF, translation.get_language(),
            settings.SITE_NAME, settings.STATIC_URL)


@functools.lru_cache(maxsize=64)
def _menu_links(sections, site):
    return tuple((name, path_to("articles:section", slug)) for name, slug in sections)


def _part(name, site=None, **context):
    site = site or site_key()
    if settings.DEBUG:
        return _rendered.__wrapped__(name, site, tuple(context.items()))
    return _rendered(name, site, tuple(context.items()))


@functools.lru_cache(maxsize=256)
def _rendered(name, site, items):
    """``site`` only keys what ``_part`` keeps: the template reads the same settings itself."""
    template = engines["jinja2"].get_template(f"layout/{name}.html")
    return mark_safe(template.render({**dict(items), "SITE_NAME": settings.SITE_NAME}))
