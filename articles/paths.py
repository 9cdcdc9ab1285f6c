"""Addresses of reader pages, remembered.

``reverse()`` is the slowest step of a menu link or a card (tens of microseconds), and every reader
page links the same few dozen addresses (the menu, the footer, the feeds) on every request. They are
remembered per URLconf and script prefix, so an overridden URLconf or a site served under a prefix
gets its own.
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


def path_to(viewname, *args):
    """``reverse(viewname, args=args)``, remembered."""
    return _path_to(viewname, args, settings.ROOT_URLCONF, get_urlconf(), get_script_prefix())


@functools.lru_cache(maxsize=4096)  # ~0.6 MB when full: every section, author, site page and feed
def _path_to(viewname, args, root_urlconf, urlconf, script_prefix):
    return reverse(viewname, urlconf=urlconf, args=args)
