"""Template helpers for the reader site's layout and newer parts: author cards, sharing, live blogs,
editable pages, the most-read list and their structured data. None of them runs a query, except the
most-read list and the section menu when the cache has lost them (``articles.reader.most_read``,
``articles.reader.layout``)."""

from django import template
from django.urls import reverse

from articles.page_store import NOT_READ
from articles.paths import path_to
from articles.images import rendition_size, rendition_spec
from articles.images.renditions import SOCIAL_WIDTH
from articles.reader import layout, most_read, structured_data
from articles.reader.sharing import share_links
from articles.reader.view_counting import view_token
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
    return structured_data.json_ld(structured_data.organization())


@register.simple_tag
def live_blog_json_ld(article, live, corrections=()):
    return structured_data.json_ld(structured_data.live_blog_posting(article, live, corrections))


@register.simple_tag
def layout_head():
    """The site's feeds, icon, style sheets and script (``articles.reader.layout``)."""
    return layout.head()


MOST_READ = "reader_most_read_list"  # kept in the render context by the header, for the most-read block


@register.simple_tag(takes_context=True)
def layout_header(context, search=True, menu=True):
    """The header with the section menu and the breaking-news slot (``articles.reader.layout``). The
    most-read list is read with the menu, in one cache round trip, and kept for ``most_read_block``."""
    sections = ()
    if menu:
        sections, context.render_context[MOST_READ] = layout.menu_and_most_read()
    return layout.header(context.get("request"), search=search, sections=sections)


@register.simple_tag
def layout_footer():
    """The footer (``articles.reader.layout``)."""
    return layout.footer()


@register.simple_tag(takes_context=True)
def most_read_block(context, element="section", story=None):
    """The most-read list (``templates/jinja2/articles/most_read.html``), the same for every reader. On
    a live story's page the block also carries the view beacon's address and signed token
    (``articles.reader.view_counting``), and is there, hidden, even while the list is empty."""
    beacon = None
    if story is not None and story.is_live and not context.get("preview_banner"):  # editors' previews never count
        beacon = {"url": path_to("articles:record_view", story.pk), "token": view_token(story.pk)}
    return most_read.block(context.get("request"), element=element, beacon=beacon,
                           cached=context.render_context.get(MOST_READ, NOT_READ))
