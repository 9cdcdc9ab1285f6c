"""The dedupe scope of a file that names no site: which site, or else which folder, a story belongs to.

Static-site posts and plain-text files carry ids that are unique only within
their own site (``about.md``, a front matter ``id: 1``). When neither the
operator (``--source``) nor the file (front matter ``source``) names the site,
the story's ``source`` becomes

* the site's address, when the front matter gives one (``base_url``,
  ``baseurl``/``baseURL``, ``site_url`` or ``site``): ``blog.example.org``;
* else the folder the file is in, ``markdown:<folder>@<hash of its absolute
  path>`` (for an address, as an HTTP ingest source has, the address's folder);
  standard input is scoped by its content, ``markdown:sha256:<hash>``.

So two different sites never share a key, and the same files imported again
from the same place find their earlier stories. Stories imported before this
scoping carry the bare format as their source (``("markdown", "about")``); the
record's ``legacy_key`` lets :func:`articles.importers.base.find_existing` find
them once, and the save moves them to the scoped key.
"""

import hashlib
from pathlib import Path
from urllib.parse import urlsplit

from articles.importers.common import plain

SITE_KEYS = ("base_url", "baseurl", "site_url", "site")
SOURCE_MAX = 100  # Article.source
LABEL_MAX = 60


def site_address(meta):
    """The site a post's front matter names, normalised (``https://Blog.example.org/`` → ``blog.example.org``)."""
    for key in SITE_KEYS:
        value = plain(meta.get(key)) if isinstance(meta.get(key), str) else ""
        if value:
            parts = urlsplit(value if "://" in value else f"//{value}")
            address = (parts.netloc.lower() + parts.path.rstrip("/")) or value.lower()
            return bounded(address, address)
    return ""


def folder_scope(fmt, origin, data):
    """``<fmt>:<folder>@<hash>`` for the folder (or address folder) ``origin`` is in; a content hash for stdin."""
    if not origin or origin == "<stdin>":
        return f"{fmt}:sha256:{hashlib.sha256(data).hexdigest()[:16]}"
    if "://" in origin:
        folder = origin.split("?", 1)[0].rsplit("/", 1)[0]
        label = folder.split("://", 1)[1]
    else:
        path = Path(origin).resolve().parent
        folder, label = str(path), "/".join(path.parts[-2:])
    digest = hashlib.sha256(folder.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return f"{fmt}:{label[-LABEL_MAX:]}@{digest}"


def bounded(label, identity):
    """``label`` when it fits ``Article.source``, else its end with a hash of ``identity`` (never a collision)."""
    if len(label) <= SOURCE_MAX:
        return label
    digest = hashlib.sha256(identity.encode()).hexdigest()[:16]
    return f"{label[:SOURCE_MAX - 17]}@{digest}"


def scoped_source(fmt, *, origin, data, meta=None):
    """The source of a story whose file names no site: its site's address, else its folder's scope."""
    return site_address(meta or {}) or folder_scope(fmt, origin, data)
