"""WordPress export files (WXR 1.0, 1.1 and 1.2), streamed with lxml ``iterparse``.

The file is read twice, element by element, so memory stays flat however big
it is: the first pass collects the site address, the authors and the
attachments (small records), the second yields the posts. Pages, attachments
and other post types are reported, not imported as stories.

Mapping: ``title`` → headline; ``content:encoded`` → body, with paragraphs made
from blank lines the way WordPress does; ``excerpt:encoded`` → standfirst;
``dc:creator`` → byline (the ``wp:author`` display name when the file has
one); the first ``category`` → section, ``post_tag`` categories → tags;
``wp:post_name`` → slug; ``wp:post_date_gmt`` → publication time;
``wp:status`` → state (``publish`` and ``future`` publish when asked,
everything else stays a draft); ``_thumbnail_id`` → lead image and the post's
attachments → image references; the site URL plus ``?p=`` and ``wp:post_id``
→ ``source_id``. An export that names no site URL has its post ids scoped by the
file's content hash instead (``wxr:sha256:<16 hex>?p=<id>``), so two different
exports never collide while re-running the same file still creates nothing.
"""

import hashlib

from lxml import etree

from articles.importers.base import ImageRef, ImportError_, MalformedFile, Notice, StoryRecord
from articles.importers.common import autop, credits_from, parse_when, plain
from articles.importers.safexml import iterparse, local, release

DEFAULT_SOURCE = "wordpress"
PUBLISHED = {"publish", "future"}
DRAFTS = {"draft", "pending", "private"}


def prefix(element):
    namespace = etree.QName(element).namespace or ""
    if "excerpt" in namespace:
        return "excerpt:"
    if "wordpress.org/export" in namespace:
        return "wp:"
    if "purl.org/rss/1.0/modules/content" in namespace:
        return "content:"
    if "purl.org/dc/elements" in namespace:
        return "dc:"
    return ""


def fields(item):
    """Child elements by prefixed name; repeated children (categories, postmeta) as lists."""
    values, lists = {}, {"category": [], "wp:postmeta": []}
    for child in item:
        if not isinstance(child.tag, str):
            continue
        name = prefix(child) + local(child)
        if name in lists:
            lists[name].append(child)
        else:
            values.setdefault(name, child.text or "")
    return values, lists["category"], {
        meta.findtext("{*}meta_key", ""): meta.findtext("{*}meta_value", "") for meta in lists["wp:postmeta"]
    }


class Site:
    def __init__(self):
        self.url, self.version, self.authors, self.attachments, self.children = "", "", {}, {}, {}
        self.scope = ""  # the file's own identity when it names no site URL


def survey(stream, origin):
    """First pass: site address, WXR version, authors and attachments."""
    site = Site()
    for element in iterparse(stream, origin):
        name, parent = prefix(element) + local(element), element.getparent()
        in_channel = parent is not None and local(parent) == "channel"
        if name == "item":
            values, _, meta = fields(element)
            if values.get("wp:post_type") == "attachment" and values.get("wp:attachment_url"):
                ref = ImageRef(
                    url=values["wp:attachment_url"].strip(), caption=plain(values.get("excerpt:encoded")),
                    alt=plain(meta.get("_wp_attachment_image_alt")),
                    credit=plain(meta.get("_wp_attachment_credit") or meta.get("credit")),
                )
                site.attachments[values.get("wp:post_id", "")] = ref
                site.children.setdefault(values.get("wp:post_parent", "0"), []).append(ref)
            release(element)
        elif in_channel and name == "wp:author":
            login = element.findtext("{*}author_login", "")
            site.authors[login] = plain(element.findtext("{*}author_display_name", "")) or login
            release(element)
        elif in_channel and name in ("wp:base_blog_url", "wp:base_site_url", "link") and not site.url:
            site.url = plain(element.text).rstrip("/")
        elif in_channel and name == "wp:wxr_version":
            site.version = plain(element.text)
    if not site.version:
        raise MalformedFile(f"{origin}: not a WordPress export (no wp:wxr_version in the channel)")
    if site.version not in ("1.0", "1.1", "1.2"):
        raise MalformedFile(f"{origin}: WXR version {site.version} is not one we read (1.0, 1.1, 1.2)")
    return site


def parse(stream, *, origin, source=""):
    site = survey(stream, origin)
    stream.seek(0)
    if not site.url:
        site.scope = content_scope(stream)
    number = 0
    for element in iterparse(stream, origin):
        if local(element) != "item" or prefix(element):
            continue
        number += 1
        values, categories, meta = fields(element)
        release(element)
        where = f"{origin} item {number} (wp:post_id {values.get('wp:post_id', '?')})"
        post_type, status = values.get("wp:post_type", "post"), values.get("wp:status", "")
        if post_type == "attachment":
            continue
        if post_type != "post":
            yield Notice(where, f"a {post_type}, not a story; skipped")
            continue
        if status not in PUBLISHED | DRAFTS:
            yield Notice(where, f"status {status or 'missing'}; skipped")
            continue
        try:
            yield record_from(values, categories, meta, site, where, source or site.url or DEFAULT_SOURCE)
        except ImportError_ as exc:
            yield Notice(where, str(exc), failed=True)


def content_scope(stream):
    """``wxr:sha256:<16 hex>`` of the whole file, read in chunks; leaves the stream at its start."""
    digest = hashlib.sha256()
    while chunk := stream.read(1024 * 1024):
        digest.update(chunk)
    stream.seek(0)
    return f"wxr:sha256:{digest.hexdigest()[:16]}"


def record_from(values, categories, meta, site, where, source):
    post_id = values.get("wp:post_id", "")
    sections = [plain(c.text) for c in categories if c.get("domain") == "category"]
    login = plain(values.get("dc:creator"))
    thumbnail = site.attachments.get(meta.get("_thumbnail_id", ""))
    images = [ref for ref in site.children.get(post_id, []) if ref is not thumbnail]
    return StoryRecord(
        headline=plain(values.get("title")),
        body_html=autop(values.get("content:encoded", "")),
        source=source[:100],
        source_id=f"{site.url}/?p={post_id}" if site.url else f"{site.scope}?p={post_id}",
        origin=where,
        dek=plain(values.get("excerpt:encoded")),
        section=sections[0] if sections else "",
        tags=[plain(c.text) for c in categories if c.get("domain") in ("post_tag", "tag")],
        credits=credits_from([site.authors.get(login, login)] if login else []),
        slug=plain(values.get("wp:post_name")),
        published_at=parse_when(values.get("wp:post_date_gmt"), where) or parse_when(values.get("wp:post_date"), where),
        modified_at=parse_when(values.get("wp:post_modified_gmt"), where),
        status_hint="published" if values.get("wp:status") in PUBLISHED else "draft",
        lead_image=thumbnail,
        images=images,
        canonical_url=plain(values.get("link")),
    )
