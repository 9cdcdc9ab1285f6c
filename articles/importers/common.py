"""Small helpers the format parsers share: dates, names, lists and text-to-HTML."""

import re
from datetime import datetime, timezone as dt_timezone

from dateutil import parser as date_parser
from django.utils import timezone

from articles.importers.base import CREDIT_ROLES, Credit, ImportError_
from articles.models import CreditRole
from articles.sanitize import paragraphs_to_html

BASIC_ISO = re.compile(r"^(\d{8})T(\d{4,6})([+-]\d{4}|Z)?$")
BY_PREFIX = re.compile(r"^\s*(by|from|von|par)\s+", re.I)
NAME_SEPARATORS = re.compile(r"\s*(?:,|;|\band\b|&)\s*", re.I)
ROLE_SUFFIX = re.compile(r"^(.*?)\s*\((\w+)\)\s*$")
BLOCK_START = re.compile(r"^\s*<(p|h[1-6]|ul|ol|li|blockquote|figure|div|table|pre|hr|img)\b", re.I)


def parse_when(value, origin=""):
    """A timezone-aware datetime from ISO 8601 (extended or basic), RFC 822 or WordPress dates.

    Naive times are taken as UTC. Empty values give ``None``; nonsense raises ``ImportError_``.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value).strip()
        if not text or text.startswith("0000-00-00"):
            return None
        basic = BASIC_ISO.match(text)
        if basic:
            day, clock, zone = basic.groups()
            text = f"{day}T{clock.ljust(6, '0')}{zone or ''}"
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            moment = None
        try:
            moment = moment or date_parser.parse(text)
        except (ValueError, OverflowError) as exc:
            raise ImportError_(f"{origin}: {text!r} is not a date") from exc
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=dt_timezone.utc)
    return moment


def as_list(value):
    """A list from a list, a single value, or a string separated by ``;``, ``|`` or new lines."""
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return [item for item in value if item not in (None, "")]
    return [part.strip() for part in re.split(r"[;|\n]", str(value)) if part.strip()]


def split_tags(value):
    """Tags from a list or a string; strings may use commas as well as ``;`` and ``|``."""
    if isinstance(value, str):
        return [part.strip() for part in re.split(r"[,;|\n]", value) if part.strip()]
    return [str(item).strip() for item in as_list(value) if str(item).strip()]


def credits_from(value, default_role=CreditRole.BYLINE):
    """Credits from a byline string, a list of names, or a list of ``{"name", "role"}`` objects."""
    credits = []
    for item in as_list(value) if not isinstance(value, str) else [value]:
        if isinstance(item, dict):
            name = str(item.get("name") or item.get("display_name") or "").strip()
            role = str(item.get("role") or default_role)
            if name:
                credits.append(Credit(name=name, role=role if role in CREDIT_ROLES else default_role))
            continue
        for name in split_byline(str(item)):
            role = default_role
            suffix = ROLE_SUFFIX.match(name)
            if suffix and suffix.group(2).lower() in CREDIT_ROLES:
                name, role = suffix.group(1), suffix.group(2).lower()
            credits.append(Credit(name=name, role=role))
    return credits


def split_byline(text):
    """``"By Niem Chheng and Sophea Lim"`` → ``["Niem Chheng", "Sophea Lim"]``."""
    text = BY_PREFIX.sub("", " ".join(text.split()))
    return [name.strip(" .") for name in NAME_SEPARATORS.split(text) if name.strip(" .")]


def text_to_html(text):
    """Plain text to paragraphs: blank lines separate paragraphs."""
    return paragraphs_to_html(text or "")


def autop(html):
    """Paragraphs from blank lines the way WordPress's ``wpautop`` does, for text that has none.

    Blocks that already start with a block element are left alone; single new
    lines inside a paragraph become ``<br>``.
    """
    html = re.sub(r"<!--.*?-->", "", html or "", flags=re.S).replace("\r\n", "\n").replace("\r", "\n")
    blocks = [block.strip() for block in re.split(r"\n\s*\n", html) if block.strip()]
    out = []
    for block in blocks:
        if BLOCK_START.match(block):
            out.append(block)
        else:
            out.append("<p>" + "<br>\n".join(line.strip() for line in block.split("\n")) + "</p>")
    return "\n".join(out)


def plain(text):
    """Collapse white space; ``None`` becomes an empty string."""
    return " ".join(str(text or "").split())


def html_or_text(html="", text=""):
    """Body HTML when the source has it, else paragraphs from its plain text."""
    if html and html.strip():
        return html
    return text_to_html(text)



SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s")
DATE_PREFIX = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}-")
DERIVED_HEADLINE_WORDS = 100  # characters, cut at a word


def first_sentence(text, limit=DERIVED_HEADLINE_WORDS):
    """The first sentence of ``text`` (plain), cut at a word to at most ``limit`` characters.

    What feed readers show for an item without a title.
    """
    text = " ".join((text or "").split())
    match = SENTENCE_END.search(text)
    sentence = text[:match.start()].rstrip() if match else text
    sentence = sentence.rstrip(".")
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit + 1].rsplit(" ", 1)[0].rstrip(",;:-–— ")
    return f"{cut or sentence[:limit]}…"


def title_from_filename(path):
    """A title from a post's file name the way Jekyll does: date prefix dropped, words capitalised.

    ``2024-03-01-city-council-votes.md`` → ``City Council Votes``; a Hugo page bundle's
    ``index.md`` takes its folder's name.
    """
    from pathlib import PurePath

    name = PurePath(path)
    stem = name.parent.name if name.stem in ("index", "_index") and name.parent.name else name.stem
    words = re.split(r"[-_\s]+", DATE_PREFIX.sub("", stem))
    return " ".join(word[:1].upper() + word[1:] for word in words if word)


def as_urgency(value):
    """A wire urgency (IPTC: 1 most urgent … 9 least) as an int, or ``None`` when absent or nonsense."""
    try:
        urgency = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return urgency if 1 <= urgency <= 9 else None
