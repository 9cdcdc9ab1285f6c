"""Reading JSON documents item by item, so a file of any size uses little memory.

:func:`json_items` yields the stories of a JSON document one at a time with
ijson (a streaming parser): the elements of a top-level array, the elements of
a list under one of ``list_keys`` in a top-level object (``{"items": [...]}``),
a single top-level object, or several top-level values one after another
(JSON Lines, or objects simply concatenated). Only one story is in memory at a
time; a single top-level object that is not a wrapper is read whole.

Broken JSON is reported with its line and column: the streaming parser does
not count lines, so the file is read again with the standard library to find
the place (for files up to ``LOCATE_LIMIT``; beyond that the parser's own
message is given).
"""

import codecs
import json

import ijson
from ijson.common import ObjectBuilder

from articles.importers import limits
from articles.importers.base import MalformedFile

LOCATE_LIMIT = 64 * 1024 * 1024
CONTAINERS = {"start_map": 1, "start_array": 1, "end_map": -1, "end_array": -1}


def json_items(stream, origin, list_keys=()):
    """Yield each story value of the document in ``stream`` (see the module docstring)."""
    start = skip_bom(stream)
    events = bounded(ijson.basic_parse(stream, multiple_values=True, use_float=True), stream, origin)
    try:
        for event, value in events:
            if event == "start_array":
                yield from array_items(events)
            elif event == "start_map":
                yield from object_items(events, set(list_keys))
            else:
                yield value
    except ijson.JSONError as exc:
        stream.seek(start)
        raise MalformedFile(f"{origin}: {locate_error(stream, exc)}") from exc


def bounded(events, stream, origin):
    """The parser's events (``basic_parse``: no path prefixes, whose length grows with the depth),
    refusing the document at the first value nested deeper than
    ``limits.MAX_DEPTH`` or string longer than ``limits.MAX_STRING_CHARS`` (with its line)."""
    depth = 0
    for event, value in events:
        depth += CONTAINERS.get(event, 0)
        if depth > limits.MAX_DEPTH:
            stream.seek(0)
            limits.check_stream_depth(stream, origin)
            limits.refuse(origin, None, f"nested more than {limits.MAX_DEPTH} levels deep")
        if event == "string" and len(value) > limits.MAX_STRING_CHARS:
            limits.check_strings(value, origin)
        yield event, value


def numbered(items, origin):
    """``(where, item)`` pairs: ``origin`` alone for a document of one story, ``origin item N`` otherwise."""
    first = None
    for number, item in enumerate(items, 1):
        if number == 1:
            first = item
            continue
        if number == 2:
            yield f"{origin} item 1", first
        yield f"{origin} item {number}", item
    else:
        if first is not None and number == 1:
            yield origin, first


def skip_bom(stream):
    if stream.read(len(codecs.BOM_UTF8)) != codecs.BOM_UTF8:
        stream.seek(0)
    return stream.tell()


def build(events, event, value):
    """The whole value that starts with ``event``; consumes exactly its events."""
    if event not in ("start_map", "start_array"):
        return value
    builder, depth = ObjectBuilder(), 0
    while True:
        builder.event(event, value)
        depth += CONTAINERS.get(event, 0)
        if depth == 0:
            return builder.value
        event, value = next(events)


def array_items(events):
    """The elements of an array whose ``start_array`` was just read, one at a time."""
    for event, value in events:
        if event == "end_array":
            return
        yield build(events, event, value)


def object_items(events, list_keys):
    """An object whose ``start_map`` was just read: itself, or the items of the list it wraps."""
    fields, wrapped = {}, False
    for event, key in events:
        if event == "end_map":
            break
        event, value = next(events)
        if event == "start_array" and key in list_keys and not wrapped:
            wrapped = True
            yield from array_items(events)
        else:
            fields[key] = build(events, event, value)
    if not wrapped:
        yield fields


def locate_error(stream, exc):
    """Where the document breaks, as "line L, column C: broken JSON: ..." when the file is small enough."""
    data = stream.read(LOCATE_LIMIT + 1)
    if len(data) > LOCATE_LIMIT:
        return f"broken JSON: {str(exc).strip().splitlines()[0]}"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as decode_error:
        return f"not valid UTF-8 (byte {decode_error.start + 1})"
    if not text.strip():
        return "the file is empty, not JSON"
    decoder, position = json.JSONDecoder(), 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position == len(text):
            return f"broken JSON: {str(exc).strip().splitlines()[0]}"
        try:
            _, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as found:
            return f"line {found.lineno}, column {found.colno}: broken JSON: {found.msg}"
