"""The Jinja2 environment for the reader site's hottest templates (``templates/jinja2/``).

A listing renders twenty to forty story cards; in Django's template language each cost about half a
millisecond, most of a listing page's time (``bench/RESULTS.md``). The card, its byline, its "Live"
badge and the ``<picture>`` markup are therefore Jinja2 templates, and so are the reader's pages
(``articles.reader.page_templates``); the story parts' Django templates call the byline and badge
through ``articles.templatetags.reader_cards``. Output is escaped exactly as Django escapes it
(``finalize`` escapes every value as ``conditional_escape`` does), and the helpers are the same
functions the Django templates use, so the two languages cannot drift apart.
"""

import html

from django.template import defaultfilters, engines
from django.templatetags.static import static
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from jinja2 import Environment, Undefined

from articles.paths import path_to
from articles.templatetags.images import picture
from articles.templatetags.reader import absolute_url, published_time, search_snippet
from articles.templatetags.reader_site import organization_json_ld, person_json_ld
from articles.templatetags.reader_time import reader_clock, reader_date, reader_time


def iso_time(value):
    """What Django's ``|date:"c"`` writes: ISO 8601 in the current time zone."""
    return timezone.localtime(value).isoformat() if value else ""


def finalize(value):
    """Every value a template prints, escaped as Django's ``conditional_escape`` escapes it (None prints
    nothing). The same steps, without ``escape``'s check of its arguments for lazy strings: a page
    prints a few dozen values, and that check cost more than the escaping."""
    if value is None:
        return ""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return SafeString(html.escape(str(value)))


def render(name, context):
    """A Jinja2 template of ``templates/jinja2/`` rendered to safe HTML."""
    return mark_safe(engines["jinja2"].get_template(name).render(context))


def render_card(article, level=2, is_lead=False, compact=False, hide_section=False, snippet=""):
    """One story card (``templates/jinja2/articles/card.html``)."""
    return render("articles/card.html", {"article": article, "level": level, "is_lead": is_lead,
                                         "compact": compact, "hide_section": hide_section, "snippet": snippet})


def render_headline_item(article):
    """One story in a list of headlines (``templates/jinja2/articles/headline_item.html``)."""
    return render("articles/headline_item.html", {"article": article})


def environment(**options):
    """The reader's Jinja2 environment. An undefined name prints nothing, with ``DEBUG`` too (Django's
    default there prints the name), so pages and stored parts read the same in development."""
    from articles.reader.page_templates import GLOBALS  # it renders cards with this module's helpers

    env = Environment(**{**options, "undefined": Undefined})
    env.finalize = finalize
    env.filters.update(reader_date=reader_date, reader_time=reader_time, reader_clock=reader_clock,
                       published_time=published_time, iso_time=iso_time, absolute_url=absolute_url,
                       date=defaultfilters.date, linebreaks=defaultfilters.linebreaks_filter,
                       truncatechars=defaultfilters.truncatechars)
    env.globals.update(picture=picture, path=path_to, static=static, search_snippet=search_snippet,
                       organization_json_ld=organization_json_ld, person_json_ld=person_json_ld, **GLOBALS)
    return env
