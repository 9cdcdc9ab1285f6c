"""Library pictures in the body, carried safely through the rich-text editor.

Stories place library images as ``<figure data-image-id="N">`` (see ``articles.figures``).
The editor keeps a figure's ``<img src>`` but drops attributes it does not know, so
the reference would be lost on the first save. For the editor each reference becomes
a visible picture whose address ends in ``#image-N``; on save every such picture
becomes the reference again, keeping a ``<figcaption>`` written for this story.
Loose ``<img data-image-id="N">`` get the same mark and get their attribute back.
"""

import re

from django.templatetags.static import static
from django.utils.html import escape

from articles.figures import FIGURE as FIGURE_REF
from articles.figures import LOOSE_IMG, figure

FIGCAPTION = re.compile(r"<figcaption>(.*?)</figcaption>", re.DOTALL)
EDITOR_FIGURE = re.compile(r"<figure>(.*?)</figure>", re.DOTALL)
MARKED_IMG = re.compile(r'<img\b[^>]*?\bsrc="[^"#]*#image-(\d+)"[^>]*>')
SRC = re.compile(r'src="([^"]*)"')


def to_editor(html):
    """Body HTML as the editor should load it: references shown as pictures marked with their id."""
    from articles.models import Image

    images = Image.objects.in_bulk({int(m.group(1)) for m in FIGURE_REF.finditer(html or "")})

    def picture(match):
        image = images.get(int(match.group(1)))
        if image is None:
            return ""  # the image was deleted; readers would not see it either
        return editor_figure(image, own_caption(match.group(2)))

    def mark(match):
        tag = match.group(0).replace(f' data-image-id="{match.group(1)}"', "", 1)
        return SRC.sub(lambda src: f'src="{src.group(1)}#image-{match.group(1)}"', tag, count=1)

    return LOOSE_IMG.sub(mark, FIGURE_REF.sub(picture, html or ""))


def editor_figure(image, caption_html=""):
    """A library picture as the editor shows it (see the module docstring); saved, it becomes the reference."""
    from articles.templatetags.images import image_url

    src = image_url(image, "free", 640, "jpeg") or static("admin/img/icon-unknown.svg")
    img = f'<img src="{escape(src)}#image-{image.pk}" alt="{escape(image.alt_text)}">'
    return f"<figure>{img}{caption_html}</figure>"


def from_editor(html):
    """Body HTML from the editor with the marked pictures turned back into library references."""

    def reference(match):
        marked = MARKED_IMG.search(match.group(1))
        if marked is None:
            return match.group(0)
        return figure(marked.group(1), own_caption(match.group(1)))

    def loose(match):
        tag = SRC.sub(lambda s: f'src="{s.group(1).split("#")[0]}"', match.group(0), count=1)
        return tag.replace("<img", f'<img data-image-id="{match.group(1)}"', 1)

    return MARKED_IMG.sub(loose, EDITOR_FIGURE.sub(reference, html or ""))


def own_caption(inner_html):
    """The story's own ``<figcaption>`` in a figure, if it has a non-empty one."""
    caption = FIGCAPTION.search(inner_html)
    return f"<figcaption>{caption.group(1)}</figcaption>" if caption and caption.group(1).strip() else ""
