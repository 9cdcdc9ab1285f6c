"""Bylines and "Live" badges in the Django templates of a story's parts, rendered by their Jinja2
templates (``templates/jinja2/articles/``; why: ``articles.reader.jinja``):
``{% byline article link=True %}``, ``{% live_badge article %}``. Cards are written by the page
templates (``articles.reader.page_templates``)."""

from django import template

from articles.reader.jinja import render

register = template.Library()


@register.simple_tag
def byline(article, link=False):
    return render("articles/byline.html", {"article": article, "link": link})


@register.simple_tag
def live_badge(article):
    """The "Live" badge of a running live blog; nothing (and no template) for any other story."""
    if not article.live_blog_running:
        return ""
    return render("articles/live_badge.html", {"article": article})
