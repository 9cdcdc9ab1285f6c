"""Markdown with YAML (``---``), TOML (``+++``) or JSON (``{ }``) front matter.

Front matter keys: ``title``, ``slug``, ``date``, ``lastmod``/``updated``,
``author``/``authors``, ``tags``, ``categories`` (the first is the section) or
``section``, ``description`` (the standfirst), ``draft``, ``image``, plus
``id``, ``dateline``, ``kicker`` and ``version``. A post without a title takes
its file name's slug, titled as Jekyll and Hugo do, with an editor's note. The body is rendered by
Python-Markdown and then goes through the house sanitiser like every body.

The dedupe key is ``(source, id or slug or file name)``. A post whose site
nobody names (no ``--source``, no front matter ``source``) is scoped to its
site's address or its folder (:mod:`articles.importers.scopes`), so two sites'
``about.md`` never collide.
"""

import re
import tomllib
from pathlib import Path

import frontmatter
import markdown as markdown_lib
import yaml
from frontmatter.default_handlers import BaseHandler, JSONHandler, YAMLHandler

from articles.importers import limits
from articles.importers.base import ImageRef, MalformedFile, StoryRecord
from articles.importers.common import as_list, credits_from, parse_when, plain, split_tags, title_from_filename
from articles.importers.scopes import scoped_source

DEFAULT_SOURCE = "markdown"
EXTENSIONS = ["extra", "sane_lists", "smarty"]


class TOMLHandler(BaseHandler):
    """TOML front matter read with the standard library's ``tomllib``."""

    FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm, **kwargs):
        return tomllib.loads(fm)


def handler_for(text):
    first = text.lstrip().split("\n", 1)[0].strip()
    if first.startswith("+++"):
        return TOMLHandler()
    if first.startswith("{"):
        return JSONHandler()
    return YAMLHandler()


def parse(stream, *, origin, source=""):
    try:
        text = stream.read().decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        raise MalformedFile(f"{origin}: not valid UTF-8 (byte {exc.start + 1})") from exc
    limits.check_front_matter(text, origin)
    try:
        post = frontmatter.loads(text, handler=handler_for(text))
    except (yaml.YAMLError, tomllib.TOMLDecodeError, ValueError) as exc:
        raise MalformedFile(f"{origin}: broken front matter: {' '.join(str(exc).split())}") from exc
    meta = {str(key).lower(): value for key, value in post.metadata.items()}
    named = str(meta.get("source") or "") or source
    yield record_from(meta, post.content, origin=origin, source=named, scope=None if named else scoped_source(
        DEFAULT_SOURCE, origin=origin, data=text.encode("utf-8", "surrogateescape"), meta=meta))


def record_from(meta, content, *, origin, source, scope=None):
    """The post's record; ``scope`` is the site or folder source of a post whose site nobody named."""
    categories = as_list(meta.get("categories") or meta.get("category"))
    section = plain(meta.get("section") or (categories[0] if categories else ""))
    draft = meta.get("draft")
    if isinstance(draft, str):
        draft = draft.strip().lower() in ("true", "yes", "1")
    stem = Path(origin).stem
    source_id = str(meta.get("id") or meta.get("slug") or stem)
    headline, note = plain(meta.get("title") or meta.get("headline")), ""
    if not headline and origin != "<stdin>":
        headline, note = title_from_filename(origin), DERIVED_NOTE
    return StoryRecord(
        headline=headline,
        editor_note=note,
        body_html=markdown_lib.markdown(content, extensions=EXTENSIONS, output_format="html"),
        source=scope or source,
        source_id=source_id,
        legacy_source=DEFAULT_SOURCE if scope else "",
        origin=origin,
        kicker=plain(meta.get("kicker")),
        dek=plain(meta.get("description") or meta.get("summary")),
        dateline=plain(meta.get("dateline")),
        section=section,
        tags=split_tags(meta.get("tags") or []) + [plain(c) for c in categories[1:] if not meta.get("section")],
        credits=credits_from(meta.get("authors") or meta.get("author") or []),
        slug=plain(meta.get("slug")),
        language=plain(meta.get("language") or meta.get("lang")),
        published_at=parse_when(meta.get("date") or meta.get("publishdate"), origin),
        modified_at=parse_when(meta.get("lastmod") or meta.get("updated"), origin),
        embargoed_until=parse_when(meta.get("embargo"), origin),
        status_hint="draft" if draft else "",
        version=str(meta.get("version") or ""),
        lead_image=image_from(meta.get("image")),
    )


DERIVED_NOTE = "Headline derived from the file name: the post's front matter had no title. Check it."


def image_from(value):
    if isinstance(value, dict) and value.get("url"):
        return ImageRef(url=str(value["url"]), caption=plain(value.get("caption")),
                        credit=plain(value.get("credit")), alt=plain(value.get("alt")))
    if isinstance(value, str) and value.strip():
        return ImageRef(url=value.strip())
    return None

