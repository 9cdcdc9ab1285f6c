"""Addresses from import files: only absolute http(s) URLs are kept.

A ``javascript:``, ``data:``, ``file:`` or relative address in a canonical URL or an image
reference would otherwise reach a reader page (``<link rel=canonical>``) or a fetch. Whitespace
and control characters browsers ignore (``java\\tscript:``) are removed before the scheme is read.
"""

import re
from urllib.parse import urlsplit

IGNORED_BY_BROWSERS = re.compile(r"[\x00-\x20\x7f]+")
WEB_SCHEMES = {"http", "https"}


def web_url(value):
    """``value`` if it is an absolute http(s) URL with a host, else ``""``."""
    text = IGNORED_BY_BROWSERS.sub("", str(value or ""))
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.hostname:
        return ""
    return text
