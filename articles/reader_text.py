"""Plain helpers every reader output shares (pages, feeds, sitemaps, structured data): no template machinery."""

import re

from django.conf import settings

XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def absolute_url(url):
    """``url`` on the canonical origin (``SITE_URL``) unless it already has one."""
    url = str(url or "")
    if url.startswith(("http://", "https://")):
        return url
    if url.startswith("//"):
        return f"{settings.SITE_URL.split(':', 1)[0]}:{url}"
    return f"{settings.SITE_URL}/{url.lstrip('/')}"


def xml_text(value):
    """``value`` without the control characters XML 1.0 forbids; lists and tuples are cleaned item by item."""
    if isinstance(value, str):
        return XML_FORBIDDEN.sub("", value)
    if isinstance(value, (list, tuple)):
        return type(value)(xml_text(item) for item in value)
    return value
