"""Keeping a story's ``body_images`` (which library pictures its body shows) in step with its body."""

from articles.figures import image_ids


def sync_body_images(article):
    """Make ``article.body_images`` match the picture references in its body."""
    from articles.models import Image

    article.body_images.set(Image.objects.filter(pk__in=image_ids(article.body)).values_list("pk", flat=True))
