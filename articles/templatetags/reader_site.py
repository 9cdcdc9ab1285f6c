"""Template helpers for author cards, sharing, live blogs and their structured data; none runs a query.
The Jinja2 page templates call them too (``articles.reader.jinja``)."""

import functools

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from articles.images import rendition_size, rendition_spec
from articles.images.renditions import SOCIAL_WIDTH
from articles.reader import structured_data
from articles.reader.sharing import share_links
from articles.templatetags.reader import absolute_url

register = template.Library()

AUTHOR_PHOTO_WIDTH = 320


@register.simple_tag
def author_photo_url(author, width=AUTHOR_PHOTO_WIDTH):
    """A square rendition of the author's photo by address alone (``photo_id``), without loading the image."""
    if not author.photo_id:
        return ""
    return reverse("images:rendition", kwargs={"pk": author.photo_id, "spec": rendition_spec("1x1", width),
                                               "fmt": "jpeg"})


@register.simple_tag
def social_image(image):
    """``{"url", "width", "height"}`` of the 1200×630 crop of ``image`` (Open Graph, X cards), or ``None``."""
    if image is None or not image.file or not image.width or not image.height:
        return None
    width, height = rendition_size(image, "og", SOCIAL_WIDTH)
    url = reverse("images:rendition", kwargs={"pk": image.pk, "spec": rendition_spec("og", SOCIAL_WIDTH),
                                              "fmt": "jpeg"})
    return {"url": absolute_url(url), "width": width, "height": height}


@register.inclusion_tag("articles/_share.html")
def share_buttons(article):
    url = absolute_url(article.get_absolute_url())
    return {"links": share_links(url, article.headline), "url": url, "title": article.headline}


@register.simple_tag
def person_json_ld(author):
    return structured_data.json_ld(structured_data.person(author, author_photo_url(author, 640)))


@register.simple_tag
def organization_json_ld():
    """The home page's ``Organization``: the same for every request of a site, so kept per process for
    what it shows (with ``DEBUG``, made afresh)."""
    if settings.DEBUG:
        return structured_data.json_ld(structured_data.organization())
    return _organization_json_ld(settings.SITE_NAME, settings.SITE_URL, settings.STATIC_URL, get_script_prefix(),
                                 get_urlconf(), settings.ROOT_URLCONF)


@functools.lru_cache(maxsize=16)
def _organization_json_ld(*site):
    return structured_data.json_ld(structured_data.organization())


@register.simple_tag
def live_blog_json_ld(article, live, corrections=()):
    return structured_data.json_ld(structured_data.live_blog_posting(article, live, corrections))
