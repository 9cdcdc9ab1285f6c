"""Which library images a story uses, and whether they are described well enough to publish.

A story body refers to library images as ``<figure data-image-id="N">`` (``articles.figures``);
``Article.body_images`` mirrors those references (kept by ``articles.editorial.pictures``).
"""

from articles.figures import image_ids as body_image_ids


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
