"""Responsive pictures for the public templates.

``{% responsive_image image crop="16x9" sizes="100vw" lead=True %}`` renders a ``<picture>``
with a WebP ``srcset`` and a JPEG fallback ``<img>``; ``{{ article.body|render_body }}``
turns ``<figure data-image-id="N">`` references in a story body into captioned pictures.
"""

import re

from django import template
from django.core.files.storage import default_storage
from django.template import engines
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from articles.figures import FIGURE, LOOSE_IMG
from articles.images import WIDTHS, rendition_size, rendition_spec

register = template.Library()

PICTURE = "articles/_responsive_image.html"  # a Jinja2 template (templates/jinja2/)
BODY_SIZES = "(min-width: 42rem) 40rem, 100vw"  # the story column is 40rem wide
FIGURE_RE = FIGURE
LOOSE_IMG_RE = LOOSE_IMG
FIGCAPTION_RE = re.compile(r"<figcaption>(.*?)</figcaption>", re.DOTALL)


def rendition_url(image, crop, width, fmt):
    """The stored file when the rendition exists (``Image.made_renditions``: no query); otherwise the view
    that makes it on first request."""
    spec = rendition_spec(crop, width)
    stored = image.rendition_file(spec, fmt)
    if stored:
        return default_storage.url(stored)
    return reverse("images:rendition", kwargs={"pk": image.pk, "spec": spec, "fmt": fmt})


def picture_context(image, *, crop="free", sizes="100vw", lead=False, alt=None, css_class=""):
    """Everything ``articles/_responsive_image.html`` needs; empty when the image cannot be shown."""
    if image is None or not image.file or not image.width or not image.height:
        return {"image": None}
    candidates, seen = [], set()
    for width in WIDTHS:
        size = rendition_size(image, crop, width)
        if size[0] in seen:
            continue  # the source is narrower than this width: the previous rendition already has every pixel
        seen.add(size[0])
        candidates.append((width, size))
    fallback_width, (out_w, out_h) = next(
        ((w, s) for w, s in reversed(candidates) if w <= 960), candidates[0]
    )

    def srcset(fmt):
        return ", ".join(f"{rendition_url(image, crop, w, fmt)} {size[0]}w" for w, size in candidates)

    return {
        "image": image,
        "webp_srcset": srcset("webp"),
        "jpeg_srcset": srcset("jpeg"),
        "src": rendition_url(image, crop, fallback_width, "jpeg"),
        "width": out_w,
        "height": out_h,
        "sizes": sizes,
        "alt": image.alt_text if alt is None else alt,
        "lead": lead,
        "css_class": css_class,
    }


@register.simple_tag
def responsive_image(image, crop="free", sizes="100vw", lead=False, alt=None, css_class=""):
    """``crop`` is "free" (keep the shape), "16x9" (leads), "4x3" or "1x1" (thumbnails); ``lead`` loads it eagerly."""
    return picture(image, crop=crop, sizes=sizes, lead=lead, alt=alt, css_class=css_class)


def picture(image, **options):
    """The ``<picture>`` markup (one Jinja2 template, ``templates/jinja2/articles/_responsive_image.html``,
    for Django and Jinja2 templates alike); ``options`` as :func:`picture_context`."""
    return mark_safe(engines["jinja2"].get_template(PICTURE).render(picture_context(image, **options)))


@register.simple_tag
def image_url(image, crop="free", width=1280, fmt="jpeg"):
    """One rendition's address, e.g. for ``og:image``: ``{% image_url article.lead_image "16x9" 1280 %}``."""
    if image is None or not image.file:
        return ""
    return rendition_url(image, crop, int(width), fmt)


def _figure(image, caption_html):
    markup = picture(image, sizes=BODY_SIZES)
    caption = caption_html.strip() if caption_html and caption_html.strip() else escape(image.caption)
    credit = format_html(' <span class="credit">{}</span>', image.credit) if image.credit else ""
    figcaption = format_html("<figcaption>{}{}</figcaption>", mark_safe(caption), credit) if caption or credit else ""
    return format_html('<figure class="story-figure">{}{}</figure>', markup, figcaption)


def body_image_ids(html):
    """The ids of the library pictures a (sanitised) body shows."""
    return {int(m[1]) for m in FIGURE_RE.finditer(html)} | {int(n) for n in LOOSE_IMG_RE.findall(html)}


@register.filter
def render_body(html):
    """Render a (sanitised) story body, replacing library references with captioned responsive pictures.

    The body has been through ``articles.sanitize.clean_html``, whose serialiser writes
    ``<figure data-image-id="N">`` exactly like this; references to deleted images vanish.
    A ``<figcaption>`` inside the reference overrides the library caption for this story.
    """
    from articles.models import Image

    html = html or ""
    ids = body_image_ids(html)
    if not ids:
        return mark_safe(html)
    images = Image.objects.filter(pk__in=ids).exclude(file="").in_bulk()

    def figure(match):
        image = images.get(int(match[1]))
        if image is None:
            return ""
        caption = FIGCAPTION_RE.search(match[2])
        return _figure(image, caption[1] if caption else "")

    def loose_img(match):
        image = images.get(int(match[1]))
        if image is None:
            return ""
        return picture(image, sizes=BODY_SIZES)

    html = FIGURE_RE.sub(figure, html)
    return mark_safe(LOOSE_IMG_RE.sub(loose_img, html))
