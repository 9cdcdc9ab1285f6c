"""JSON and JSON Lines in our own documented contract (see README, "Imports and exports").

JSON Lines is streamed line by line, so a file of any size uses little memory.
A JSON file holds one story object, a list of them, or ``{"items": [...]}``;
it is streamed item by item too (:mod:`articles.importers.jsonstream`).
In JSON Lines a broken line (bad JSON, bad UTF-8) fails alone, named by its
number, and the other lines import; ``strict=True`` (``--strict``) refuses the
whole file instead. In a JSON document broken JSON always refuses the whole
file with its line and column. An item that is valid JSON but cannot be mapped
(no headline, a nonsense date) fails alone.
"""

import json

from articles.importers import limits
from articles.importers.base import ImageRef, ImportError_, MalformedFile, Notice, StoryRecord
from articles.importers.common import credits_from, html_or_text, parse_when, plain, split_tags
from articles.importers.jsonstream import json_items
from articles.models import Status

DEFAULT_SOURCE = "json"
LIST_KEYS = ("items", "stories", "articles")
STATES = frozenset(Status.values)
PUBLISHED_WORDS = {"published", "publish", "live", "usable", "scheduled"}


def parse(stream, *, origin, source=DEFAULT_SOURCE, strict=False):
    """JSON Lines: one story object per line; blank lines are ignored."""
    for number, raw in checked_lines(stream, origin):
        item, problem = load(raw, number)
        if problem is None:
            if item is not None:
                yield from mapped(item, f"{origin}:{number}", source)
            continue
        if strict:
            raise MalformedFile(f"{origin}: {problem}")
        yield Notice(origin, problem, failed=True)  # the message names the line


def check(stream, *, origin, strict=False, **options):
    """The checking pass of an import run (``articles.importers.run``): what would refuse the whole
    file (a line over the limits; with ``strict``, a broken line), without making stories of the
    lines, which the saving pass then does once. Yields the number of each line that is not blank."""
    for number, raw in checked_lines(stream, origin):
        if strict:
            problem = load(raw, number)[1]
            if problem is not None:
                raise MalformedFile(f"{origin}: {problem}")
        if raw.strip():
            yield number


def checked_lines(stream, origin):
    """``(number, raw line)`` for each line, refusing the file at a line over the limits."""
    for number, raw in enumerate(iter(lambda: stream.readline(limits.MAX_RECORD_BYTES + 1), b""), 1):
        limits.check_json_line(raw, origin, number)
        yield number, raw


def load(raw, number):
    """``(the line's value or None when blank, problem or None)``."""
    try:
        line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        return (json.loads(line) if line.strip() else None), None
    except UnicodeDecodeError as exc:
        return None, f"line {number}: not valid UTF-8 (byte {exc.start + 1} of the line)"
    except json.JSONDecodeError as exc:
        return None, f"line {number}, column {exc.colno}: broken JSON: {exc.msg}"


def parse_json(stream, *, origin, source=DEFAULT_SOURCE):
    """A JSON document: one story, a list of stories, or an object with an ``items`` list; streamed."""
    for number, item in enumerate(json_items(stream, origin, LIST_KEYS), 1):
        yield from mapped(item, f"{origin} item {number}", source)


def mapped(item, where, source):
    try:
        yield record_from_mapping(item, origin=where, source=source)
    except ImportError_ as exc:
        yield Notice(where, str(exc), failed=True)


def record_from_mapping(item, *, origin, source):
    """One story from a mapping that follows the JSON/CSV contract."""
    if not isinstance(item, dict):
        raise ImportError_(f"{origin}: expected a story object, found {type(item).__name__}")

    def get(*keys):
        for key in keys:
            value = item.get(key)
            if value not in (None, "", []):
                return value
        return ""

    status = str(get("status", "state")).strip().lower()
    credits = credits_from(get("authors", "author", "byline"))
    return StoryRecord(
        headline=plain(get("headline", "title")),
        body_html=html_or_text(str(get("body_html", "body")), str(get("body_text", "text"))),
        source=str(get("source")) or source,
        source_id=str(get("id", "source_id", "guid")),
        origin=origin,
        kicker=plain(get("kicker")),
        dek=plain(get("dek", "standfirst", "description", "summary")),
        dateline=plain(get("dateline")),
        section=plain(get("section", "category")),
        tags=split_tags(get("tags", "keywords")),
        credits=credits,
        credit_line=plain(get("credit_line")),
        slug=plain(get("slug")),
        language=plain(get("language", "lang")),
        published_at=parse_when(get("published_at", "publish_at", "date"), origin),
        modified_at=parse_when(get("updated_at", "modified_at"), origin),
        embargoed_until=parse_when(get("embargoed_until", "embargo"), origin),
        status_hint=("published" if status in PUBLISHED_WORDS else "draft") if status else "",
        state=status if status in STATES else "",
        state_note=plain(get("kill_reason")),
        first_published_at=parse_when(get("first_published_at"), origin),
        updated_at=parse_when(get("reader_updated_at"), origin),
        version=str(get("version")),
        lead_image=image_from(get("lead_image", "image"), item),
        images=[ref for ref in (image_from(value, {}) for value in item.get("images") or []) if ref],
        seo_description=plain(get("seo_description")),
        canonical_url=plain(get("canonical_url")),
    )


def image_from(value, flat):
    """An image reference from ``{"url", "caption", "credit", "alt"}``, a URL, or flat ``image_*`` keys."""
    if isinstance(value, dict) and value.get("url"):
        return ImageRef(url=str(value["url"]), caption=plain(value.get("caption")),
                        credit=plain(value.get("credit")), alt=plain(value.get("alt")))
    url = value if isinstance(value, str) and value else flat.get("image_url")
    if not url:
        return None
    return ImageRef(url=str(url), caption=plain(flat.get("image_caption")), credit=plain(flat.get("image_credit")),
                    alt=plain(flat.get("image_alt")))
