"""The Jinja2 environment for the reader site's hottest templates (``templates/jinja2/``).

A listing renders twenty to forty story cards; in Django's template language each cost about half a
millisecond, most of a listing page's time (``bench/RESULTS.md``). The card, its byline, its "Live"
badge and the ``<picture>`` markup are therefore Jinja2 templates, rendered from Django templates by
the tags in ``articles.templatetags.reader_cards``. Output is escaped exactly as Django escapes it
(``finalize`` runs every value through ``conditional_escape``), and the helpers are the same
functions the Django templates use, so the two languages cannot drift apart.
"""

from django.template import engines
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from jinja2 import Environment

from articles.paths import path_to
from articles.templatetags.images import picture
from articles.templatetags.reader import published_time
from articles.templatetags.reader_time import reader_date, reader_time


def iso_time(value):
    """What Django's ``|date:"c"`` writes: ISO 8601 in the current time zone."""
    return timezone.localtime(value).isoformat() if value else ""


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
    env = Environment(**options)
    env.finalize = lambda value: conditional_escape("" if value is None else value)
    env.filters.update(reader_date=reader_date, reader_time=reader_time, published_time=published_time,
                       iso_time=iso_time)
    env.globals.update(picture=picture, path=path_to, static=static)
    return env
