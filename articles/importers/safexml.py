"""XML parsing that cannot be turned against us.

Every XML importer goes through this module. A document is refused before
parsing when its prolog declares entities (billion laughs, external entities
pointing at local files or URLs): that check reads at most the first
``PROLOG_LIMIT`` bytes, so it is fast and its memory is bounded. The parser
itself runs with entity expansion, DTD loading and network access switched off,
so a DOCTYPE that only names its DTD (as NITF files do) is accepted and nothing
is fetched.
"""

import codecs
import re

from lxml import etree

from articles.importers.base import MalformedFile

PROLOG_LIMIT = 1024 * 1024
ENTITY_DECLARATION = re.compile(r"<!ENTITY", re.I)
ROOT_START = re.compile(r"<(?![?!])")

PARSER_OPTIONS = dict(
    resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False, recover=False,
)


def refuse_entities(stream, origin):
    """Raise :class:`MalformedFile` when the document's prolog declares entities; rewind ``stream``."""
    head = stream.read(PROLOG_LIMIT)
    stream.seek(0)
    text = decode_head(head)
    root = ROOT_START.search(strip_prolog_noise(text))
    prolog = text if root is None else strip_prolog_noise(text)[: root.start()]
    if ENTITY_DECLARATION.search(prolog):
        raise MalformedFile(
            f"{origin}: refused: the document declares XML entities (a billion-laughs or external-entity "
            "attack, or a DTD we will not process); nothing was imported"
        )
    if root is None and len(head) >= PROLOG_LIMIT:
        raise MalformedFile(f"{origin}: refused: no root element in the first {PROLOG_LIMIT} bytes")


def strip_prolog_noise(text):
    """The text with comments and processing instructions blanked, so ``<`` inside them is not a root."""
    return re.sub(r"<!--.*?-->|<\?.*?\?>", lambda m: " " * len(m.group()), text, flags=re.S)


def decode_head(head):
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                          (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom):].decode(encoding, errors="replace")
    if head[:2] == b"<\x00":
        return head.decode("utf-16-le", errors="replace")
    if head[:2] == b"\x00<":
        return head.decode("utf-16-be", errors="replace")
    return head.decode("latin-1")


def parser():
    return etree.XMLParser(**PARSER_OPTIONS)


def parse(stream, origin):
    """The whole document as an lxml tree, after the entity check."""
    refuse_entities(stream, origin)
    try:
        root = etree.fromstring(stream.read(), parser())
    except etree.XMLSyntaxError as exc:
        raise MalformedFile(describe(exc, origin)) from exc
    refuse_internal_entities(root.getroottree(), origin)
    for element in root.iter():
        refuse_undeclared_prefix(element, origin)
    return root


def iterparse(stream, origin):
    """Yield every element as it ends; call :func:`release` on the big ones to keep memory flat."""
    refuse_entities(stream, origin)
    events = etree.iterparse(stream, events=("end",), **PARSER_OPTIONS)
    checked = False
    try:
        for _, element in events:
            if not checked:
                refuse_internal_entities(element.getroottree(), origin)
                checked = True
            refuse_undeclared_prefix(element, origin)
            yield element
    except etree.XMLSyntaxError as exc:
        raise MalformedFile(describe(exc, origin)) from exc
    except OSError as exc:  # lxml reports undecodable input while streaming this way
        raise MalformedFile(f"{origin}: the bytes do not match the declared encoding: {exc}") from exc


def release(element):
    """Free a finished element and the siblings before it."""
    element.clear(keep_tail=True)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def refuse_undeclared_prefix(element, origin):
    """lxml only warns about a ``prefix:name`` whose prefix nobody declared; refuse the file instead
    of failing later on a tag lxml itself cannot name."""
    tag = element.tag
    if isinstance(tag, str) and ":" in tag and not tag.startswith("{"):
        raise MalformedFile(f"{origin}: line {element.sourceline}: not well-formed XML: "
                            f"the namespace prefix of <{tag[:80]}> is not declared")


def refuse_internal_entities(tree, origin):
    """A second line of defence behind the prolog check (for encodings it cannot read)."""
    dtd = tree.docinfo.internalDTD
    if dtd is not None and list(dtd.iterentities()):
        raise MalformedFile(f"{origin}: refused: the document declares XML entities; nothing was imported")


def describe(exc, origin):
    message = " ".join(str(getattr(exc, "msg", "") or exc).split())
    message = re.sub(r"(, )?line \d+(, column \d+)?$", "", message).strip(" <")
    line = getattr(exc, "lineno", None) or (exc.position[0] if getattr(exc, "position", None) else None)
    if "Premature end of data" in message or "EndTag" in message and "end of" in message.lower():
        message = f"the XML ends too early (truncated file?): {message}"
    elif "not proper UTF-8" in message or "encoding" in message.lower() or "Char 0x" in message:
        message = f"the bytes do not match the declared encoding: {message}"
    else:
        message = f"not well-formed XML: {message}"
    where = f"line {line}: " if line else ""
    return f"{origin}: {where}{message}"


def local(element):
    """An element's tag without its namespace."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def text_of(element):
    """All text inside ``element`` with white space collapsed; empty for ``None``."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())
