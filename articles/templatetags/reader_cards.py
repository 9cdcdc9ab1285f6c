"""Story cards, bylines and "Live" badges in Django templates, rendered by their Jinja2 templates
(``templates/jinja2/articles/``; why: ``articles.reader.jinja``).

``{% story_card article level=3 compact=True hide_section=True is_lead=True snippet=snippet %}``,
``{% story_cards articles indent=4 level=3 compact=True %}`` (a list's, at once),
``{% headline_item article %}``, ``{% headline_items articles %}``,
``{% byline article link=True %}``, ``{% live_badge article %}``.
"""

from django import template
from django.utils.safestring import mark_safe

from articles.reader.jinja import render, render_card, render_headline_item
from articles.reader.parts import HEADLINE_ITEM, stored_card, usable_fingerprint

register = template.Library()
USABLE = "story_parts_usable_fingerprint"  # kept in the render context: one read per page


def usable_for(context):
    """``usable_fingerprint()``, read once per template render and kept in its render context."""
    if USABLE not in context.render_context:
        context.render_context[USABLE] = usable_fingerprint()
    return context.render_context[USABLE]


@register.simple_tag(takes_context=True)
def story_card(context, article, level=2, is_lead=False, compact=False, hide_section=False, snippet=""):
    """The story's stored card (``articles.reader.parts``) when it has one for these options, else rendered now.
    Whether this request may use stored cards is read once per template render."""
    return mark_safe(_card(article, usable_for(context), level=level, is_lead=is_lead, compact=compact,
                           hide_section=hide_section, snippet=snippet))


@register.simple_tag(takes_context=True)
def story_cards(context, articles, indent=2, **options):
    """``{% story_card %}`` of each story, each on its own line indented ``indent`` spaces: what a
    Django ``{% for %}`` around it writes, without a template tag's cost per card."""
    usable, line = usable_for(context), "\n" + " " * indent
    return mark_safe("".join(line + _card(article, usable, **options) for article in articles))


@register.simple_tag(takes_context=True)
def headline_item(context, article):
    """The story as an item of a list of headlines (its link, "Live" badge and time): stored, or rendered now."""
    return mark_safe(_headline_item(article, usable_for(context)))


@register.simple_tag(takes_context=True)
def headline_items(context, articles, indent=6):
    """``{% headline_item %}`` of each story, each on its own line indented ``indent`` spaces."""
    usable, line = usable_for(context), "\n" + " " * indent
    return mark_safe("".join(line + _headline_item(article, usable) for article in articles))


def _card(article, usable, snippet="", **options):
    if not snippet:
        stored = stored_card(article, usable, **options)
        if stored is not None:
            return stored
    return render_card(article, snippet=snippet, **options)


def _headline_item(article, usable):
    stored = stored_card(article, usable, variant=HEADLINE_ITEM)
    return stored if stored is not None else render_headline_item(article)


@register.simple_tag
def byline(article, link=False):
    return render("articles/byline.html", {"article": article, "link": link})


@register.simple_tag
def live_badge(article):
    """The "Live" badge of a running live blog; nothing (and no template) for any other story."""
    if not article.live_blog_running:
        return ""
    return render("articles/live_badge.html", {"article": article})
