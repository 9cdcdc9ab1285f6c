"""IPTC ninjs 2.0: one object per story.

The section travels as a subject with ``"rel": "section"`` and tags as
subjects with ``"rel": "about"`` (internal tags are left out; with ``internal_tags``, as the operator's
``--include-internal-tags`` asks, they come as subjects with ``"rel": "internal"``, which the ninjs
importer skips); a draft is ``pubstatus: withheld``. A
scheduled story is ``usable`` with ``firstcreated`` in the future (not
``embargoed``, which our importer treats as "hold"). A killed story is
``canceled``, which the importer turns back into a killed story.
"""

import re

from django.utils.text import slugify

from articles.exporters.jsonl import body_and_pictures, body_images_of, image_dict, internal_tag_names, iso, origin_of
from articles.models import Status

URI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$")
PUBSTATUS = {Status.PUBLISHED: "usable", Status.KILLED: "canceled"}
SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.0.json"


def uri_of(article):
    source, source_id = origin_of(article)
    if URI.match(source_id):
        return source_id
    return f"urn:newsroom:{slugify(source) or 'source'}:{source_id}"


def by_line(names):
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""


def picture(name, image):
    found = {"name": name, "type": "picture", "by": image["credit"],
             "renditions": [{"name": "original", "href": image["url"]}]}
    descriptions = [{"role": "caption", "value": image["caption"]}] if image["caption"] else []
    descriptions += [{"role": "alt", "value": image["alt"]}] if image["alt"] else []
    if descriptions:
        found["descriptions"] = descriptions
    return found


def many_to_dicts(articles):
    """:func:`to_dict` for a list of stories, loading their body pictures in one query (the Content API's lists)."""
    images = body_images_of(articles)
    return [to_dict(article, images=images) for article in articles]


def to_dict(article, images=None, *, internal_tags=False):
    """The one ninjs mapping, used by ``export_articles --format ninjs`` and the Content API.

    ``images`` is an ``{id: Image}`` map of body pictures already loaded (see :func:`many_to_dicts`).
    ``internal_tags`` is for an operator's internal archive only; the API never passes it.
    """
    body, pictures = body_and_pictures(article, images)
    item = {
        "uri": uri_of(article),
        "altids": [{"role": "newsroom-id", "value": str(article.pk)}],  # the id in /api/v1/stories/<id>
        "type": "text",
        "version": str(article.version),
        "versioncreated": iso(article.modified_at),
        "firstcreated": iso(article.publish_at or article.created_at),
        "pubstatus": PUBSTATUS.get(article.status, "withheld"),
        "language": article.language,
        "slugline": article.slug,
        "headlines": [{"role": "main", "value": article.headline}],
        "bodies": [{"role": "main", "contenttype": "text/html", "value": body, "wordcount": article.word_count}],
        "by": by_line([author.name for author in article.byline_authors]),
        "subjects": [{"name": tag.name, "rel": "about"} for tag in sorted(article.public_tags, key=lambda t: t.name)],
        "standard": {"name": "ninjs", "version": "2.0", "schema": SCHEMA},
    }
    if article.dek:
        item["descriptions"] = [{"role": "summary", "value": article.dek}]
    if article.dateline:
        item["located"] = article.dateline
    if internal_tags:
        item["subjects"] += [{"name": name, "rel": "internal"} for name in internal_tag_names(article)]
    if article.section:
        item["subjects"].append({"name": article.section.name, "rel": "section"})
    lead = image_dict(article.lead_image, article.lead_image_caption)
    associations = [picture("featureimage", lead)] if lead else []
    associations += [picture(f"picture{n}", image) for n, image in enumerate(pictures, 1)]
    if associations:
        item["associations"] = associations
    return {key: value for key, value in item.items() if value not in ("", None, [])}
