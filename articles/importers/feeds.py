"""RSS 2.0 and Atom through feedparser.

``content:encoded`` or Atom ``content`` is the body (the summary when there is
none), ``dc:creator``/``author`` the byline, categories the tags, the first
image enclosure or ``media:content`` the lead image, and ``guid``/``id`` the
``source_id``. The feed's own link is the default ``source`` (its title when it has
no link; the file's content hash when it has neither, so two different files never
share ids). An item with no title gets the first sentence of its text as the
headline, with an editor's note saying so. The entity check
from :mod:`articles.importers.safexml` runs first, so a hostile feed never
reaches the XML parser.
"""

import hashlib
from datetime import datetime
from datetime import timezone as dt_timezone

import feedparser

from articles.importers.base import ImageRef, MalformedFile, Notice, StoryRecord
from articles.importers.common import credits_from, first_sentence, html_or_text, plain, split_byline
from articles.importers.safexml import refuse_entities

DEFAULT_SOURCE = "feed"


def parse(stream, *, origin, source=""):
    refuse_entities(stream, origin)
    data = stream.read()
    feed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=True)
    if feed.bozo and not feed.entries:
        raise MalformedFile(f"{origin}: not a readable RSS or Atom feed: {feed.bozo_exception}")
    if feed.bozo and isinstance(feed.bozo_exception, Exception) and "not well-formed" in str(feed.bozo_exception):
        raise MalformedFile(f"{origin}: not well-formed XML: {feed.bozo_exception}")
    source = source or plain(feed.feed.get("link")) or plain(feed.feed.get("title")) or file_source(data)
    for number, entry in enumerate(feed.entries, 1):
        where = f"{origin} item {number}"
        body = ""
        if entry.get("content"):
            body = max(entry.content, key=lambda c: "html" in c.get("type", "")).get("value", "")
        body = body or entry.get("summary", "")
        if not entry.get("title") and not body:
            yield Notice(where, "an empty item", failed=True)
            continue
        dek = entry.get("summary", "") if entry.get("content") else ""
        headline, note = plain(entry.get("title")), ""
        if not headline:
            headline = first_sentence(strip_html(body))
            note = DERIVED_NOTE
        yield StoryRecord(
            headline=headline,
            editor_note=note,
            body_html=html_or_text(body) if "<" in body else html_or_text(text=body),
            source=source,
            source_id=plain(entry.get("id") or entry.get("link") or ""),
            origin=where,
            dek=plain(strip_html(dek)),
            tags=[plain(tag.get("term") or tag.get("label")) for tag in entry.get("tags", []) if tag.get("term")],
            credits=credits_from([name for author in authors(entry) for name in split_byline(author)]),
            published_at=moment(entry.get("published_parsed") or entry.get("updated_parsed")),
            modified_at=moment(entry.get("updated_parsed")),
            lead_image=lead_image(entry),
            canonical_url=plain(entry.get("link")),
        )


DERIVED_NOTE = "Headline derived from the first sentence of the text: the feed item had no title. Check it."


def file_source(data):
    """A source name for a feed that names neither a link nor a title: the file's own content hash."""
    return f"{DEFAULT_SOURCE}:sha256:{hashlib.sha256(data).hexdigest()[:16]}"


def authors(entry):
    names = [a.get("name", "") for a in entry.get("authors", []) if a.get("name")]
    return names or ([entry["author"]] if entry.get("author") else [])


def moment(parsed):
    if not parsed:
        return None
    return datetime(*parsed[:6], tzinfo=dt_timezone.utc)  # feedparser normalises to UTC


def lead_image(entry):
    """The first image among ``media:content``, enclosures and ``media:thumbnail``."""
    caption = plain(strip_html(entry.get("media_description", "")))
    credit = plain(entry.get("media_credit", [{}])[0].get("content", "")) if entry.get("media_credit") else ""
    for media in entry.get("media_content", []):
        if media.get("url") and (media.get("medium") == "image" or media.get("type", "").startswith("image/")
                                 or not media.get("type")):
            return ImageRef(url=media["url"], caption=caption, credit=credit)
    for link in entry.get("links", []):
        if link.get("rel") == "enclosure" and link.get("type", "").startswith("image/") and link.get("href"):
            return ImageRef(url=link["href"], caption=caption, credit=credit)
    for thumb in entry.get("media_thumbnail", []):
        if thumb.get("url"):
            return ImageRef(url=thumb["url"], caption=caption, credit=credit)
    return None


def strip_html(text):
    from django.utils.html import strip_tags

    return strip_tags(text or "")
