"""Our own JSON Lines: the same keys the JSON/CSV importer reads (see README, "Imports and exports")."""

from articles.figures import FIGURE as LIBRARY_FIGURE
from articles.figures import image_ids as body_image_ids
from articles.models import Image


def iso(moment):
    return moment.isoformat() if moment else None


def origin_of(article):
    """``(source, id)`` that identify the story when it is imported elsewhere."""
    if article.source and article.source_id:
        return article.source, article.source_id
    return "newsroom", str(article.pk)


def image_dict(image, caption_override=""):
    if image is None:
        return None
    url = image.source_url or (image.file.url if image.file else "")
    if not url:
        return None
    return {"url": url, "caption": caption_override or image.caption, "credit": image.credit, "alt": image.alt_text}


def body_and_pictures(article, images=None):
    """The body without library picture references, and those pictures as image dicts in body order.

    Image ids mean nothing in another database, so pictures travel by address and
    come back at the end of the body (where an import puts a story's pictures).
    ``images`` is an ``{id: Image}`` map already loaded for many stories (see
    :func:`body_images_of`); without it the story's pictures are loaded here.
    """
    ids = body_image_ids(article.body)
    if images is None:
        images = Image.objects.in_bulk(ids) if ids else {}
    pictures = [d for d in (image_dict(images.get(pk)) for pk in ids) if d]
    return LIBRARY_FIGURE.sub("", article.body), pictures


def body_images_of(articles):
    """Every library picture the bodies of ``articles`` use, in one query: ``{id: Image}``."""
    ids = {pk for article in articles for pk in body_image_ids(article.body)}
    return Image.objects.in_bulk(ids) if ids else {}


def internal_tag_names(article):
    """Names of the story's internal tags (e.g. "needs-photo"), for ``--include-internal-tags`` only.

    Uses the ``tags`` the export command prefetches with that option, else one query."""
    public = {tag.pk for tag in article.public_tags}
    return sorted(tag.name for tag in article.tags.all() if tag.pk not in public)


def to_dict(article, *, internal_tags=False):
    """One story. Internal tags are left out unless ``internal_tags``; then they travel apart, under
    ``internal_tags``, which no importer reads (so they never become public tags elsewhere)."""
    source, source_id = origin_of(article)
    body, pictures = body_and_pictures(article)
    return {
        "id": source_id,
        "source": source,
        "version": str(article.version),
        "headline": article.headline,
        "kicker": article.kicker,
        "dek": article.dek,
        "body_html": body,
        "dateline": article.dateline,
        "section": article.section.name if article.section else "",
        "tags": sorted(tag.name for tag in article.public_tags),
        "authors": [{"name": c.author.name, "role": c.role} for c in article.ordered_credits()],
        "credit_line": article.credit_line,
        "slug": article.slug,
        "language": article.language,
        "status": article.status,
        "kill_reason": article.kill_reason,
        "published_at": iso(article.publish_at),
        "first_published_at": iso(article.first_published_at),
        "updated_at": iso(article.modified_at),
        "reader_updated_at": iso(article.updated_at),
        "lead_image": image_dict(article.lead_image, article.lead_image_caption),
        "images": pictures,
        "seo_description": article.seo_description,
        "canonical_url": article.canonical_url,
        **({"internal_tags": internal_tag_names(article)} if internal_tags else {}),
    }
