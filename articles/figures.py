"""The one owner of how a story body refers to a library picture: ``<figure data-image-id="N">…</figure>``.

The body stores a reference, never a file address; the reader site turns it into a
captioned ``<picture>`` (``articles.templatetags.images``), the editor into an ``<img>``
(``articles.admin.body``). A loose ``<img data-image-id="N">`` counts as a reference too.
Plain text in, plain text out: nothing here touches the database.
"""

import re

FIGURE = re.compile(r'<figure data-image-id="(\d+)">(.*?)</figure>', re.DOTALL)
LOOSE_IMG = re.compile(r'<img\b[^>]*?\bdata-image-id="(\d+)"[^>]*>')
ANY_REFERENCE = re.compile(r'<(?:figure|img)\b[^>]*?\bdata-image-id="\s*(\d+)\s*"')
TRAILING_EMPTY_FIGURES = re.compile(r'(<figure data-image-id="\d+"></figure>)+$')


def figure(image_id, inner_html=""):
    """The reference to library picture ``image_id``, with the story's own caption markup if any."""
    return f'<figure data-image-id="{int(image_id)}">{inner_html}</figure>'


def image_ids(html):
    """Ids of library pictures referenced in ``html``, in order of first appearance."""
    return list(dict.fromkeys(int(value) for value in ANY_REFERENCE.findall(html or "")))


def without_trailing_figures(html):
    """``html`` without the empty references appended at its end (an import's extra pictures)."""
    return TRAILING_EMPTY_FIGURES.sub("", html or "")
