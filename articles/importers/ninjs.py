"""IPTC ninjs 1.x, 2.x and 3.x, one object, a list, or one object per line.

The version is told from the keys: ``standard.version`` when present; else
camelCase keys (``versionCreated``, ``pubStatus``) mean 3.x; ``headlines`` or
``bodies`` lists mean 2.x; ``headline``/``body_html`` strings mean 1.x.
Keys are folded to lower case first, so 2.x and 3.x read alike.

Mapping: ``uri`` → ``source_id``; ``version``; ``headline``/``headlines[main]``
→ headline, a ``sub`` headline or ``description_text``/``descriptions`` →
standfirst; ``body_html``/``bodies`` (HTML preferred, else plain text) → body;
``by`` → byline; ``subjects``/``subject`` names → tags, and a subject with
``rel: "section"`` → section (``rel: "internal"`` is skipped); ``located`` → dateline; ``slugline`` → slug;
``language``; ``firstcreated`` → publication time, ``versioncreated`` →
modification time; ``pubstatus`` other than ``usable`` and a future
``embargoed`` → draft, and ``canceled`` → a killed story (never public);
picture ``associations`` → images (the largest rendition;
``featureimage``/``mainpicture`` or the first is the lead).
"""

import re

from articles.importers.base import ImageRef, ImportError_, Notice, StoryRecord
from articles.importers.common import as_urgency, credits_from, html_or_text, parse_when, plain
from articles.importers.jsonstream import json_items, numbered
from articles.models import Status

DEFAULT_SOURCE = "ninjs"
LEAD_NAMES = ("featureimage", "mainpicture", "featuremedia", "main", "lead")


def parse(stream, *, origin, source=""):
    """Every ninjs object in the file, streamed: one object, a list, ``{"items": [...]}``, or one per line."""
    for where, item in numbered(json_items(stream, origin, ("items",)), origin):
        if not isinstance(item, dict):
            yield Notice(where, "not a ninjs object", failed=True)
            continue
        item = fold_keys(item)
        if item.get("type", "text") not in ("text", "composite"):
            yield Notice(where, f"a {item.get('type')} item, not a story; skipped")
            continue
        try:
            yield record_from(item, origin=where, source=source)
        except ImportError_ as exc:
            yield Notice(where, str(exc), failed=True)


def version_of(item):
    """ "1", "2" or "3": which ninjs this object follows (needs the original, unfolded keys)."""
    standard = item.get("standard") or {}
    if isinstance(standard, dict) and str(standard.get("version", ""))[:1] in "123" and standard.get("version"):
        return str(standard["version"])[:1]
    if any(re.search(r"[a-z][A-Z]", key) for key in item):
        return "3"
    if "headlines" in item or "bodies" in item or "descriptions" in item:
        return "2"
    return "1"


def fold_keys(value):
    if isinstance(value, dict):
        return {str(k).lower(): fold_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [fold_keys(v) for v in value]
    return value


def pick(entries, roles):
    """The value of the first entry whose role is in ``roles`` (or has none), else of the first entry."""
    entries = [e for e in entries or [] if isinstance(e, dict) and e.get("value")]
    for entry in entries:
        if (entry.get("role") or "main") in roles:
            return entry
    return entries[0] if entries else None


def record_from(item, *, origin, source):
    headlines = item.get("headlines") or []
    main = pick(headlines, ("main",))
    sub = next((h for h in headlines if "sub" in (h.get("role") or "")), None)
    bodies = [b for b in item.get("bodies") or [] if isinstance(b, dict) and b.get("value")]
    html = next((b["value"] for b in bodies if "html" in (b.get("contenttype") or "")), "")
    plain_body = next((b["value"] for b in bodies if "plain" in (b.get("contenttype") or "text/plain")), "")
    description = pick(item.get("descriptions"), ("summary", "main", "text"))
    subjects = [s for s in (item.get("subjects") or item.get("subject") or []) if isinstance(s, dict)]
    section = next((plain(s.get("name")) for s in subjects if s.get("rel") == "section"), "")
    located = item.get("located")
    if isinstance(located, dict):
        located = located.get("name", "")
    status = str(item.get("pubstatus") or "usable").lower()
    images = images_from(item.get("associations"))
    lead = next((ref for name, ref in images if name in LEAD_NAMES), images[0][1] if images else None)
    return StoryRecord(
        headline=plain(item.get("headline") or (main or {}).get("value")),
        body_html=html_or_text(item.get("body_html") or html, item.get("body_text") or plain_body),
        source=source or plain(item.get("copyrightholder")) or DEFAULT_SOURCE,
        source_id=plain(item.get("uri") or item.get("guid")),
        origin=origin,
        dek=plain(item.get("description_text") or (sub or {}).get("value") or (description or {}).get("value")),
        dateline=plain(located),
        section=section,
        tags=[plain(s.get("name")) for s in subjects if s.get("name") and s.get("rel") not in ("section", "internal")],
        credits=credits_from(item.get("by") or item.get("byline") or ""),
        slug=plain(item.get("slugline")),
        language=plain(item.get("language")),
        published_at=parse_when(item.get("firstcreated") or item.get("contentcreated"), origin),
        modified_at=parse_when(item.get("versioncreated"), origin),
        embargoed_until=parse_when(item.get("embargoed"), origin),
        status_hint="published" if status == "usable" else "draft",
        state=Status.KILLED if status in ("canceled", "cancelled") else "",
        version=str(item.get("version") or ""),
        lead_image=lead,
        images=[ref for _, ref in images if ref is not lead],
        allow_empty_body=True,
        urgency=as_urgency(item.get("urgency")),
    )


def images_from(associations):
    """``(name, ImageRef)`` for picture associations; a map in 1.x, a list with ``name`` in 2.x and 3.x."""
    if isinstance(associations, dict):
        associations = [dict(value, name=key) for key, value in associations.items() if isinstance(value, dict)]
    found = []
    for assoc in associations or []:
        if not isinstance(assoc, dict) or assoc.get("type", "picture") != "picture":
            continue
        renditions = assoc.get("renditions") or []
        if isinstance(renditions, dict):
            renditions = list(renditions.values())
        renditions = [r for r in renditions if isinstance(r, dict) and r.get("href")]
        best = max(renditions, key=lambda r: int(r.get("width") or 0), default=None)
        url = best["href"] if best else None
        if not url:
            continue
        caption = assoc.get("description_text") or (pick(assoc.get("descriptions"), ("caption", "text")) or {}).get(
            "value", "")
        alt = next((d.get("value") for d in assoc.get("descriptions") or [] if d.get("role") == "alt"), "")
        found.append((assoc.get("name", ""), ImageRef(
            url=url, caption=plain(caption), credit=plain(assoc.get("by") or assoc.get("copyrightholder")),
            alt=plain(alt or assoc.get("alt_text") or assoc.get("alttext")),
        )))
    return found
