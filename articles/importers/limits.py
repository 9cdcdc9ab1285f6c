"""Bounds on what one import file may contain, checked before the expensive work.

Every format is limited in nesting depth, document size, item count, string length and (YAML
front matter) aliases. A file over a bound is refused whole with
``MalformedFile("<file>: line N: ...")`` before anything from it is saved; the other files of the
run still import. Each check is linear in the input and none recurses, so a refusal is fast and
memory stays bounded whatever the file holds.

- ``MAX_DEPTH``: arrays/objects (JSON, TOML, YAML) nested deeper than this. Real stories need 4.
- ``MAX_DOCUMENT_BYTES``: formats read whole (Markdown, plain text, RSS/Atom, NITF, NewsML) and
  Markdown front matter (``MAX_FRONT_MATTER_BYTES``). Streamed formats (JSON, JSON Lines, CSV, WXR,
  ninjs) may be any size, one story at a time.
- ``MAX_RECORD_BYTES``: one JSON Lines line, i.e. one story.
- ``MAX_STRING_CHARS``: one string value or CSV cell (a body of several novels' length).
- ``MAX_ITEMS``: stories in one file.
- ``MAX_YAML_ALIASES``: ``*alias`` references in YAML front matter (the "billion laughs" of YAML).
"""

import yaml

from articles.importers.base import MalformedFile

MAX_DEPTH = 32
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
MAX_FRONT_MATTER_BYTES = 256 * 1024
MAX_RECORD_BYTES = 32 * 1024 * 1024
MAX_STRING_CHARS = 16 * 1024 * 1024
MAX_ITEMS = 200_000
MAX_YAML_ALIASES = 16

OPENERS = frozenset(b"[{")
CLOSERS = frozenset(b"]}")


def refuse(origin, line, reason):
    where = f"line {line}: " if line else ""
    raise MalformedFile(f"{origin}: {where}{reason}")


def bracket_depth_error(data, origin, first_line=1, limit=None):
    """Refuse JSON-like text (bytes or str) whose ``[``/``{`` nesting passes ``limit``, naming the line.
    Quoted strings are skipped (JSON's double quotes; backslash escapes)."""
    limit = limit or MAX_DEPTH
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return  # cannot nest deeper than it has openers; counting runs at C speed
    depth, line, in_string, escaped = 0, first_line, False, False
    for byte in raw:
        if byte == 10:
            line += 1
        if in_string:
            if escaped:
                escaped = False
            elif byte == 92:  # backslash
                escaped = True
            elif byte == 34:
                in_string = False
        elif byte == 34:
            in_string = True
        elif byte in OPENERS:
            depth += 1
            if depth > limit:
                refuse(origin, line, f"nested more than {limit} levels deep")
        elif byte in CLOSERS:
            depth = max(0, depth - 1)


def check_stream_depth(stream, origin, limit=None):
    """:func:`bracket_depth_error` over a whole binary stream, chunk by chunk; rewinds it after."""
    limit = limit or MAX_DEPTH
    start = stream.tell()
    depth, line, in_string, escaped = 0, 1, False, False
    while chunk := stream.read(1024 * 1024):
        for byte in chunk:
            if byte == 10:
                line += 1
            if in_string:
                if escaped:
                    escaped = False
                elif byte == 92:
                    escaped = True
                elif byte == 34:
                    in_string = False
            elif byte == 34:
                in_string = True
            elif byte in OPENERS:
                depth += 1
                if depth > limit:
                    stream.seek(start)
                    refuse(origin, line, f"nested more than {limit} levels deep")
            elif byte in CLOSERS:
                depth = max(0, depth - 1)
    stream.seek(start)


def check_document_size(stream, origin, limit=None):
    """Refuse a stream longer than ``limit`` bytes without reading it (it is seekable)."""
    limit = limit or MAX_DOCUMENT_BYTES
    start = stream.tell()
    size = stream.seek(0, 2)
    stream.seek(start)
    if size - start > limit:
        refuse(origin, None, f"the file is {size // (1024 * 1024)} MB; at most {limit // (1024 * 1024)} MB "
                             "can be imported in this format")


def check_yaml(text, origin, first_line=1):
    """Refuse YAML with more than ``MAX_YAML_ALIASES`` aliases or nested deeper than ``MAX_DEPTH``,
    using PyYAML's token scanner (linear, nothing is built or expanded)."""
    depth = aliases = 0
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            line = first_line + token.start_mark.line
            if isinstance(token, yaml.AliasToken):
                aliases += 1
                if aliases > MAX_YAML_ALIASES:
                    refuse(origin, line, f"more than {MAX_YAML_ALIASES} YAML aliases (*name)")
            elif isinstance(token, (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken,
                                    yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)):
                depth += 1
                if depth > MAX_DEPTH:
                    refuse(origin, line, f"front matter nested more than {MAX_DEPTH} levels deep")
            elif isinstance(token, (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)):
                depth = max(0, depth - 1)
    except yaml.YAMLError:
        return  # the loader reports the syntax error with its own line


def check_front_matter(text, origin):
    """Size, depth and alias bounds for the front matter at the top of a Markdown file."""
    lines = text.split("\n", 1)
    opener = lines[0].strip() if lines else ""
    if opener.startswith("{"):
        front = text[:MAX_FRONT_MATTER_BYTES + 1]
        bracket_depth_error(front, origin)
        return
    if not opener.startswith(("---", "+++")) or len(lines) < 2:
        return
    end = lines[1].find("\n" + opener[:3])
    front = lines[1] if end < 0 else lines[1][:end]
    if len(front.encode("utf-8", "surrogatepass")) > MAX_FRONT_MATTER_BYTES:
        refuse(origin, 2, f"front matter over {MAX_FRONT_MATTER_BYTES // 1024} KB")
    if opener.startswith("+++"):
        bracket_depth_error(front, origin, first_line=2)
    else:
        check_yaml(front, origin, first_line=2)


def check_strings(value, origin, line=None):
    """Refuse a parsed value (dict/list/str, any nesting already bounded) holding a string longer than
    ``MAX_STRING_CHARS`` or more than ``MAX_DEPTH`` levels; iterative, visits each node once."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            refuse(origin, line, f"nested more than {MAX_DEPTH} levels deep")
        if isinstance(item, str):
            if len(item) > MAX_STRING_CHARS:
                refuse(origin, line, f"a text of {len(item):,} characters; at most {MAX_STRING_CHARS:,}")
        elif isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values())
            stack.extend((key, depth + 1) for key in item if isinstance(key, str))
        elif isinstance(item, (list, tuple)):
            stack.extend((child, depth + 1) for child in item)


def count_items(items, origin):
    """Pass ``items`` through, refusing the file once it holds more than ``MAX_ITEMS`` stories."""
    for number, item in enumerate(items, 1):
        if number > MAX_ITEMS:
            refuse(origin, None, f"more than {MAX_ITEMS:,} stories in one file; split it")
        yield item


def check_json_line(raw, origin, number):
    """One JSON Lines line: at most ``MAX_RECORD_BYTES`` and ``MAX_DEPTH`` levels (checked before
    ``json.loads``, which would recurse)."""
    if len(raw) > MAX_RECORD_BYTES:
        refuse(origin, number, f"a line over {MAX_RECORD_BYTES // (1024 * 1024)} MB")
    bracket_depth_error(raw, origin, first_line=number)
