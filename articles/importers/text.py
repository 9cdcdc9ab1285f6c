"""Plain text: paragraphs separated by blank lines, optionally a headline line first.

A first block that is a single short line without closing punctuation is the
headline. Otherwise the headline is the first sentence, cut at a word
boundary when it is long. The file name (without extension) is the story's
id in the source and its slug, as in most static-site and wire workflows.
Unless the operator names the source, the id is scoped to the file's folder
(:mod:`articles.importers.scopes`), so two folders' ``README.txt`` never collide.
"""

import re
from pathlib import Path

from articles.importers.base import MalformedFile, StoryRecord
from articles.importers.scopes import folder_scope
from articles.sanitize import paragraphs_to_html

HEADLINE_MAX = 100
SENTENCE_END = re.compile(r"(?<=[.!?…])[”’\"']?\s")
TRAILING_WEAK_WORDS = {"a", "an", "and", "as", "at", "but", "by", "for", "in", "of", "on", "or", "that", "the", "to", "with"}


DEFAULT_SOURCE = "text"


def parse(data, *, origin, source=""):
    """``data`` is the file's bytes or a binary file object."""
    raw = data.read() if hasattr(data, "read") else data
    text = decode(raw, origin)
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))]
    blocks = [block for block in blocks if block]
    if not blocks:
        raise MalformedFile(f"{origin}: the file is empty")
    if looks_like_headline(blocks[0]) and len(blocks) > 1:
        headline, blocks = blocks[0], blocks[1:]
    else:
        headline = headline_from(blocks[0])
    yield StoryRecord(
        headline=headline,
        body_html=paragraphs_to_html("\n\n".join(blocks)),
        source=source or folder_scope(DEFAULT_SOURCE, origin=origin, data=raw if isinstance(raw, bytes) else raw.encode()),
        source_id=Path(origin).stem,
        legacy_source="" if source else DEFAULT_SOURCE,
        slug="" if origin == "<stdin>" else Path(origin).stem,
        origin=origin,
    )


def decode(data, origin):
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise MalformedFile(f"{origin}: line {line}: not valid UTF-8 (byte {exc.start + 1} of the file)") from exc


def looks_like_headline(block):
    return "\n" not in block and len(block) <= 150 and not block.rstrip("”’\"'").endswith((".", "!", "?", ":", ";", ","))


def headline_from(paragraph):
    """The first sentence of ``paragraph``, shortened at a word boundary to fit a headline."""
    paragraph = " ".join(paragraph.split())
    sentence = SENTENCE_END.split(paragraph, maxsplit=1)[0].strip()
    sentence = sentence.rstrip(".")
    if len(sentence) <= HEADLINE_MAX:
        return sentence
    words = sentence[: HEADLINE_MAX + 1].split(" ")[:-1]
    while words and (words[-1].lower().strip(",;:") in TRAILING_WEAK_WORDS or len(words[-1]) <= 1):
        words.pop()
    return " ".join(words).rstrip(",;:—–-") or sentence[:HEADLINE_MAX]
