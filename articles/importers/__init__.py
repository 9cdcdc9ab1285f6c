"""One module per format; each has ``parse(stream, *, origin, source)`` yielding story records and notices.

``stream`` is a seekable binary file object. :func:`detect_format` tells the
format from the content (the file name only breaks ties).
"""

import json
import re

from articles.importers import csv, feeds, jsonl, markdown, newsml, ninjs, nitf, text, wxr
from articles.importers.safexml import decode_head, strip_prolog_noise

PARSERS = {
    "text": text.parse,
    "markdown": markdown.parse,
    "json": jsonl.parse_json,
    "jsonl": jsonl.parse,
    "csv": csv.parse,
    "rss": feeds.parse,
    "atom": feeds.parse,
    "wxr": wxr.parse,
    "nitf": nitf.parse,
    "newsml": newsml.parse,
    "ninjs": ninjs.parse,
}
# Formats whose checking pass (articles.importers.run) need not make stories: what refuses a whole file is
# found without them. Other formats are checked by parsing.
CHECKERS = {"jsonl": jsonl.check}
# The source a run passes when the operator names none ("" lets the parser find the file's own: its site,
# its feed, its agency, or for Markdown and text its folder, see articles.importers.scopes).
DEFAULT_SOURCES = {
    "text": "", "markdown": "", "json": jsonl.DEFAULT_SOURCE, "jsonl": jsonl.DEFAULT_SOURCE,
    "csv": csv.DEFAULT_SOURCE, "rss": "", "atom": "", "wxr": "", "nitf": "", "newsml": "", "ninjs": "",
}
# What a parser calls a story's source when neither the operator nor the file names one: the bare
# format. An ingest source replaces it with its own scope (ImportRun.scope), so two agencies' item "1" never meet.
BARE_SOURCES = {jsonl.DEFAULT_SOURCE, csv.DEFAULT_SOURCE, nitf.DEFAULT_SOURCE, newsml.DEFAULT_SOURCE,
                ninjs.DEFAULT_SOURCE, wxr.DEFAULT_SOURCE}
NINJS_KEYS = re.compile(r'"(pubstatus|pubStatus|versioncreated|versionCreated|headlines|bodies|body_html|standard)"\s*:')
ROOT = re.compile(r"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")


def detect_format(head, name=""):
    """The format of a file from its first bytes, e.g. ``"wxr"``; the extension only breaks ties."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    text_head = decode_head(head).lstrip(" \t\r\n")
    if suffix in ("md", "markdown"):
        return "markdown"
    if text_head.startswith("<"):
        return xml_format(text_head)
    if text_head.startswith(("{", "[")):
        if NINJS_KEYS.search(text_head) and '"uri"' in text_head:
            return "ninjs"
        return "jsonl" if looks_like_json_lines(text_head) or suffix in ("jsonl", "ndjson") else "json"
    if text_head.startswith(("---", "+++")):
        return "markdown"
    first_line = text_head.split("\n", 1)[0].lower()
    if suffix == "csv" or ("headline" in first_line and "," in first_line and "body" in first_line):
        return "csv"
    return "text"


def xml_format(text_head):
    body = strip_prolog_noise(text_head)
    body = re.sub(r"<!DOCTYPE[^\[>]*(\[.*?\])?\s*>", "", body, flags=re.S | re.I)
    root = ROOT.search(body)
    name = root.group(2) if root else ""
    if name == "rss" and "wordpress.org/export/" in text_head:
        return "wxr"
    if name in ("rss", "RDF"):
        return "rss"
    return {"feed": "atom", "nitf": "nitf", "newsItem": "newsml", "newsMessage": "newsml"}.get(name, "nitf")


def looks_like_json_lines(text_head):
    lines = [line for line in text_head.splitlines() if line.strip()]
    if len(lines) < 2:
        return False
    try:
        return isinstance(json.loads(lines[0]), dict)
    except json.JSONDecodeError:
        return False


def describe_format(fmt, head):
    """The format name with its version where we can tell, for verbose output."""
    if fmt == "ninjs":
        try:
            item = json.loads(decode_head(head).lstrip("\ufeff"))
            item = item[0] if isinstance(item, list) else item
            return f"ninjs {ninjs.version_of(item)}.x"
        except (json.JSONDecodeError, IndexError, AttributeError):
            return "ninjs"
    if fmt == "wxr":
        version = re.search(r"wxr_version>\s*([\d.]+)", decode_head(head))
        return f"WXR {version.group(1)}" if version else "WXR"
    return fmt
