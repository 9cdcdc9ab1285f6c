"""IPTC NITF 3.x, with or without the NITF namespace, in any encoding the file declares.

Mapping: ``hedline/hl1`` → headline, ``hl2`` → standfirst (else ``abstract``);
``byline`` (``person`` elements, or the text without "By") → byline;
``distributor`` → credit line; ``dateline/location/city`` (else the dateline
text) → dateline; ``doc-id/@id-string`` → ``source_id``; ``du-key/@version``
(else ``@generation``) → version; ``date.issue/@norm`` → publication time;
``date.release/@norm`` in the future → embargo; ``docdata/@management-status``
other than ``usable`` → draft; ``key-list/keyword`` → tags;
``pubdata/@position.section`` (else the first ``tobject.subject/@tobject.subject.type``)
→ section; ``media`` with ``media-type="image"`` → images, the first as lead image.
A DOCTYPE naming the NITF DTD is accepted and the DTD is not fetched.
"""

import copy

from lxml import etree

from articles.importers import safexml
from articles.importers.base import ImageRef, ImportError_, MalformedFile, Notice, StoryRecord
from articles.importers.common import as_urgency, credits_from, parse_when, plain, split_byline

DEFAULT_SOURCE = "nitf"
RENAME = {"hl2": "h2", "bq": "blockquote", "hl1": "h2"}
DROP = {"media", "body.end", "note"}


def parse(stream, *, origin, source=""):
    root = safexml.parse(stream, origin)
    if safexml.local(root) != "nitf":
        raise MalformedFile(f"{origin}: the root element is <{safexml.local(root)}>, not <nitf>")
    try:
        yield record_from(root, origin=origin, source=source)
    except ImportError_ as exc:
        yield Notice(origin, str(exc), failed=True)


def find(element, path):
    """``element.find`` with every step matching any namespace or none."""
    return element.find("/".join(f"{{*}}{step}" if not step.startswith((".", "*")) else step
                                 for step in path.split("/")))


def findall(element, path):
    return element.findall("/".join(f"{{*}}{step}" for step in path.split("/")))


def record_from(root, *, origin, source):
    text = safexml.text_of
    docdata = find(root, "head/docdata")
    attr = lambda path, name: (find(root, path).get(name, "") if find(root, path) is not None else "")  # noqa: E731
    byline = find(root, "body/body.head/byline")
    people = [text(person) for person in findall(byline, "person")] if byline is not None else []
    if byline is not None and not people:
        byline_copy = copy.deepcopy(byline)
        for title in findall(byline_copy, "byttl"):
            title.getparent().remove(title)
        people = split_byline(text(byline_copy))
    city = find(root, "body/body.head/dateline/location/city")
    dateline = text(city) if city is not None else text(find(root, "body/body.head/dateline/location")) or text(
        find(root, "body/body.head/dateline")
    )
    release = parse_when(attr("head/docdata/date.release", "norm"), origin)
    status = docdata.get("management-status", "usable") if docdata is not None else "usable"
    subjects = [s.get("tobject.subject.type", "") for s in findall(root, "head/tobject/tobject.subject")]
    images = media_images(find(root, "body/body.content"))
    distributor = text(find(root, "body/body.head/distributor"))
    return StoryRecord(
        headline=text(find(root, "body/body.head/hedline/hl1")) or text(find(root, "head/title")),
        body_html=body_html(find(root, "body/body.content")),
        source=source or attr("head/docdata/doc-id", "regsrc") or distributor or DEFAULT_SOURCE,
        source_id=attr("head/docdata/doc-id", "id-string"),
        origin=origin,
        dek=text(find(root, "body/body.head/hedline/hl2")) or text(find(root, "body/body.head/abstract")),
        dateline=dateline,
        section=attr("head/pubdata", "position.section") or next((s for s in subjects if s), ""),
        tags=[k.get("key", "") for k in findall(root, "head/docdata/key-list/keyword") if k.get("key")],
        credits=credits_from(people),
        credit_line=distributor,
        language=root.get("{http://www.w3.org/XML/1998/namespace}lang", "") or attr("head/docdata", "lang"),
        published_at=parse_when(attr("head/docdata/date.issue", "norm"), origin),
        embargoed_until=release,
        status_hint="published" if status == "usable" else "draft",
        version=attr("head/docdata/du-key", "version") or attr("head/docdata/du-key", "generation"),
        lead_image=images[0] if images else None,
        images=images[1:],
        seo_description=text(find(root, "body/body.head/abstract"))[:160],
        allow_empty_body=True,
        urgency=as_urgency(attr("head/docdata/urgency", "ed-urg")),
    )


def body_html(content):
    """NITF body elements as HTML; the sanitiser later removes whatever we do not allow."""
    if content is None:
        return ""
    content = copy.deepcopy(content)
    for element in content.iter():
        if isinstance(element.tag, str):
            name = etree.QName(element).localname
            element.tag = RENAME.get(name, name)
    for element in [e for e in content.iter() if e.tag in DROP]:
        element.getparent().remove(element)
    etree.cleanup_namespaces(content)
    parts = [etree.tostring(child, encoding="unicode", with_tail=False) for child in content
             if isinstance(child.tag, str)]
    return "\n".join(parts)


def media_images(content):
    if content is None:
        return []
    refs = []
    for media in content.iter("{*}media", "media"):
        if media.get("media-type", "image") != "image":
            continue
        reference = find(media, "media-reference")
        if reference is None or not (reference.get("source") or reference.get("data-location")):
            continue
        refs.append(ImageRef(
            url=reference.get("source") or reference.get("data-location"),
            caption=safexml.text_of(find(media, "media-caption")),
            credit=safexml.text_of(find(media, "media-producer")),
            alt=plain(reference.get("alternate-text")),
        ))
    return refs
