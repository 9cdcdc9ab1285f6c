"""Which library images a story uses, and whether they are described well enough to publish.

A story body refers to library images as ``<figure data-image-id="N">`` (see
``articles.sanitize``); ``Article.body_images`` mirrors those references.
"""

from html.parser import HTMLParser


class _ImageIdCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = []

    def handle_starttag(self, tag, attrs):
        if tag in ("figure", "img"):
            value = dict(attrs).get("data-image-id") or ""
            if value.strip().isdigit() and int(value) not in self.ids:
                self.ids.append(int(value))


def body_image_ids(html):
    """Ids of library images referenced in body HTML, in order of appearance."""
    collector = _ImageIdCollector()
    collector.feed(html or "")
    collector.close()
    return collector.ids


def sync_body_images(article):
    """Make ``article.body_images`` match the ``data-image-id`` references in its body."""
    from articles.models import Image

    ids = body_image_ids(article.body)
    article.body_images.set(Image.objects.filter(pk__in=ids).values_list("pk", flat=True))


def images_missing_alt(article):
    """Images ``article`` uses (lead and body) that have no alt text yet; empty when it may be published."""
    from articles.models import Image

    ids = set(body_image_ids(article.body))
    if article.pk:
        ids |= set(article.body_images.values_list("pk", flat=True))
    if article.lead_image_id:
        ids.add(article.lead_image_id)
    return list(Image.objects.filter(pk__in=ids, alt_text__regex=r"^\s*$").order_by("pk"))


def missing_alt_message(images):
    """An editor-facing sentence naming the images that block publication."""
    names = ", ".join(f"“{image}” (#{image.pk})" for image in images)
    return f"Add alt text to every image in the story before publishing. Missing on: {names}."
