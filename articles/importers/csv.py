"""CSV with a header row, in the same contract as JSON (see README, "Imports and exports").

Handles a UTF-8 byte-order mark, Windows line ends, quoted cells containing
new lines, bodies far longer than the csv module's default field limit, and
multi-valued cells (``tags`` and ``authors`` separated by ``;`` or ``|``). A
row with more or fewer cells than the header fails alone, named by its line
(its columns cannot be trusted); ``strict=True`` (``--strict``) refuses the
whole file instead. A bad header, broken quoting or bad UTF-8 always refuses it.
"""

import csv
import io

from articles.importers import limits
from articles.importers.base import MalformedFile, Notice
from articles.importers.jsonl import mapped

DEFAULT_SOURCE = "csv"
FIELD_LIMIT = limits.MAX_STRING_CHARS
BODY_COLUMNS = {"body", "body_html", "body_text", "text"}
HEADLINE_COLUMNS = {"headline", "title"}


def parse(stream, *, origin, source=DEFAULT_SOURCE, strict=False):
    csv.field_size_limit(FIELD_LIMIT)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    line = 1
    try:
        header = [name.strip().lower() for name in next(reader, [])]
        if not HEADLINE_COLUMNS & set(header) or not BODY_COLUMNS & set(header):
            raise MalformedFile(
                f"{origin}: line 1: the header needs a 'headline' column and a 'body', 'body_html' or "
                f"'body_text' column; it has: {', '.join(header) or 'nothing'}"
            )
        while True:
            line = reader.line_num + 1
            row = next(reader, None)
            if row is None:
                break
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                problem = (f"line {line}: {len(row)} cells but the header has {len(header)} columns "
                           "(a missing column or an unquoted comma?)")
                if strict:
                    raise MalformedFile(f"{origin}: {problem}")
                yield Notice(origin, problem, failed=True)  # the message names the line
                continue
            yield from mapped(dict(zip(header, row)), f"{origin}:{line}", source)
    except UnicodeDecodeError as exc:
        raise MalformedFile(f"{origin}: {first_undecodable_line(stream)}: not valid UTF-8") from exc
    except csv.Error as exc:
        raise MalformedFile(f"{origin}: line {reader.line_num}: broken CSV: {exc}") from exc
    finally:
        text.detach()


def first_undecodable_line(stream):
    """Where the first invalid UTF-8 byte is, as "line N, byte M", found by rereading the file."""
    stream.seek(0)
    for number, raw in enumerate(stream, 1):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            return f"line {number}, byte {exc.start + 1}"
    return "somewhere"
