"""IPTC NewsML-G2: a bare ``newsItem`` or a ``newsMessage`` carrying several.

Mapping per text item: ``@guid`` → ``source_id``; ``@version`` → version;
``contentMeta/headline`` (the first without a role, else the first) → headline;
a ``headline`` with a sub role or ``description`` → standfirst; ``slugline`` → slug;
``dateline`` (else ``located/name``) → dateline; ``creator/name`` (else ``by``
without "By") → byline, ``contributor/name`` → additional reporting;
``by`` → credit line when there is no creator; ``subject/name`` → tags;
``itemMeta/service/name`` → section; ``language/@tag`` → language;
``contentCreated``/``firstCreated`` → publication time; ``versionCreated`` →
modification time; ``pubStatus`` other than ``stat:usable`` and an
``embargoed`` time in the future → draft; ``edNote`` is shown to the operator.
The body is inline XHTML, inline NITF, or inline plain text.

Picture items (``ninat:picture``) become image references of the text items
that point at them with ``itemMeta/link/@residref`` (any ``rel``), or, in a
``newsMessage`` holding a single text item, of that item: ``remoteContent/@href``
(the widest rendition) → URL, ``description`` (a caption role, else the first
without an alt role) → caption, ``creditline`` (else ``creator/name``) → credit,
a ``description`` whose role names alt text (``drol:alternativeText``) → alt.
The first becomes the lead image unless the body brought one. Pictures no text
item claims, and other non-text items, are reported and skipped.
"""

from articles.importers import nitf, safexml
from articles.importers.base import ImageRef, ImportError_, MalformedFile, Notice, StoryRecord
from articles.importers.common import as_urgency, credits_from, parse_when, split_byline, text_to_html
from articles.models import CreditRole

DEFAULT_SOURCE = "newsml"
find, findall, text = nitf.find, nitf.findall, safexml.text_of


def parse(stream, *, origin, source=""):
    root = safexml.parse(stream, origin)
    name = safexml.local(root)
    if name == "newsItem":
        items = [root]
    elif name == "newsMessage":
        items = findall(root, "itemSet/newsItem")
    else:
        raise MalformedFile(f"{origin}: the root element is <{name}>, not <newsItem> or <newsMessage>")
    classes = [item_class_of(item) for item in items]
    pictures = {item.get("guid", ""): picture_of(item)
                for item, kind in zip(items, classes) if kind.endswith(":picture")}
    pictures = {guid: ref for guid, ref in pictures.items() if ref is not None}
    texts = [item for item, kind in zip(items, classes) if kind.endswith(":text")]
    claimed = {guid: [text_item] for text_item in texts for guid in linked_guids(text_item) if guid in pictures}
    if len(texts) == 1:
        for guid in pictures:
            claimed.setdefault(guid, texts)
    for number, (item, item_class) in enumerate(zip(items, classes), 1):
        where = origin if name == "newsItem" else f"{origin} item {number}"
        if not item_class.endswith(":text"):
            if item.get("guid", "") in claimed:
                continue  # travels with its story
            yield Notice(where, f"a {item_class} item, not a story; skipped")
            continue
        try:
            record = record_from(item, origin=where, source=source)
        except ImportError_ as exc:
            yield Notice(where, str(exc), failed=True)
            continue
        add_pictures(record, [pictures[guid] for guid, owners in claimed.items() if item in owners])
        yield record


def item_class_of(item):
    element = find(item, "itemMeta/itemClass")
    return element.get("qcode", "") if element is not None else "ninat:text"


def linked_guids(item):
    return [link.get("residref") for link in findall(item, "itemMeta/link") if link.get("residref")]


def picture_of(item):
    """An image reference from a picture item, or ``None`` when it has no address."""
    renditions = [r for r in findall(item, "contentSet/remoteContent") if r.get("href")]
    if not renditions:
        return None
    best = max(renditions, key=lambda r: int(r.get("width") or 0) if (r.get("width") or "").isdigit() else 0)
    descriptions = findall(item, "contentMeta/description")
    alt = next((d for d in descriptions if "alt" in (d.get("role") or "").lower()), None)
    caption = next((d for d in descriptions if "caption" in (d.get("role") or "")), None)
    caption = caption if caption is not None else next((d for d in descriptions if d is not alt), None)
    creator = find(item, "contentMeta/creator/name")
    return ImageRef(
        url=best.get("href"), caption=text(caption) or text(find(item, "contentMeta/headline")),
        credit=text(find(item, "contentMeta/creditline")) or text(creator), alt=text(alt),
    )


def add_pictures(record, refs):
    """Merge picture items into the story's images: the body's own reference to the same address wins."""
    known = {ref.url: ref for ref in [record.lead_image, *record.images] if ref is not None}
    for ref in refs:
        if ref.url in known:
            mine = known[ref.url]
            mine.caption = mine.caption or ref.caption
            mine.credit = mine.credit or ref.credit
            mine.alt = mine.alt or ref.alt
        elif record.lead_image is None:
            record.lead_image = known[ref.url] = ref
        else:
            record.images.append(ref)
            known[ref.url] = ref


def record_from(item, *, origin, source):
    meta, content = find(item, "contentMeta"), find(item, "contentSet")
    headlines = findall(item, "contentMeta/headline")
    main = next((h for h in headlines if not h.get("role") or h.get("role").endswith(":main")), None)
    sub = next((h for h in headlines if h is not main and "sub" in (h.get("role") or "")), None)
    creators = [text(find(c, "name")) or c.get("literal", "") for c in findall(item, "contentMeta/creator")]
    contributors = [text(find(c, "name")) for c in findall(item, "contentMeta/contributor")]
    by = text(find(item, "contentMeta/by"))
    credits = credits_from([n for n in creators if n] or split_byline(by))
    credits += credits_from([n for n in contributors if n], default_role=CreditRole.ADDITIONAL_REPORTING)
    status = (find(item, "itemMeta/pubStatus").get("qcode", "stat:usable")
              if find(item, "itemMeta/pubStatus") is not None else "stat:usable")
    embargo = parse_when(text(find(item, "itemMeta/embargoed")), origin)
    language = find(item, "contentMeta/language")
    provider = text(find(item, "itemMeta/provider/name")) or (
        find(item, "itemMeta/provider").get("qcode", "") if find(item, "itemMeta/provider") is not None else ""
    )
    body, inline_nitf = body_of(content, origin)
    record = StoryRecord(
        headline=text(main if main is not None else (headlines[0] if headlines else None)),
        body_html=body,
        source=source or provider or DEFAULT_SOURCE,
        source_id=item.get("guid", ""),
        origin=origin,
        dek=text(sub) or text(find(item, "contentMeta/description")),
        dateline=text(find(item, "contentMeta/dateline")) or text(find(item, "contentMeta/located/name")),
        section=text(find(item, "itemMeta/service/name")),
        tags=[text(find(s, "name")) for s in findall(item, "contentMeta/subject") if text(find(s, "name"))],
        credits=credits,
        credit_line="" if credits else by,
        slug=text(find(item, "contentMeta/slugline")),
        language=language.get("tag", "") if language is not None else "",
        published_at=parse_when(text(find(item, "contentMeta/contentCreated"))
                                or text(find(item, "itemMeta/firstCreated")), origin),
        modified_at=parse_when(text(find(item, "itemMeta/versionCreated")), origin),
        embargoed_until=embargo,
        status_hint="published" if status.endswith(":usable") else "draft",
        version=item.get("version", ""),
        editor_note=text(find(item, "itemMeta/edNote")),
        allow_empty_body=True,
        urgency=as_urgency(text(find(item, "contentMeta/urgency"))),
    )
    if inline_nitf is not None:
        images = nitf.media_images(find(inline_nitf, "body/body.content"))
        record.lead_image = images[0] if images else None
        record.images = images[1:]
    return record


def body_of(content, origin):
    """Body HTML from inline XHTML, inline NITF or inline plain text, and the NITF element if any."""
    if content is None:
        return "", None
    for inline in findall(content, "inlineXML"):
        kind = inline.get("contenttype", "")
        nitf_root = find(inline, "nitf")
        if nitf_root is not None or "nitf" in kind:
            return nitf.body_html(find(nitf_root, "body/body.content")) if nitf_root is not None else "", nitf_root
        body = find(inline, "html/body")
        if body is None:
            body = inline
        return nitf.body_html(body), None
    for inline in findall(content, "inlineData"):
        if inline.get("contenttype", "text/plain").startswith("text/plain"):
            return text_to_html(inline.text or ""), None
        return inline.text or "", None
    return "", None


