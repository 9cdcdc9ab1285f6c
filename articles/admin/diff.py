"""Side-by-side comparison of two revisions: fields, body paragraph by paragraph, tags and authors.

Changed words are wrapped in ``<del>`` (left) and ``<ins>`` (right). Everything is
compared as text with the markup removed, and escaped before it is shown.
"""

import difflib
import re
from html import unescape

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from articles.editorial.snapshots import TEXT_FIELDS

BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|figcaption)>|<br\s*/?>", re.IGNORECASE)


def paragraphs(html):
    blocks = (" ".join(unescape(strip_tags(block)).split()) for block in BLOCK_END.split(html or ""))
    return [block for block in blocks if block]


def mark_words(old, new):
    """Both texts with the words that differ highlighted."""
    a, b = old.split(), new.split()
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        before, after = escape(" ".join(a[i1:i2])), escape(" ".join(b[j1:j2]))
        if op == "equal":
            left.append(before)
            right.append(after)
            continue
        if before:
            left.append(f"<del>{before}</del>")
        if after:
            right.append(f"<ins>{after}</ins>")
    return mark_safe(" ".join(left)), mark_safe(" ".join(right))


def row(label, old, new):
    old, new = str(old or ""), str(new or "")
    changed = old != new
    left, right = mark_words(old, new) if changed else (escape(old), escape(new))
    return {"label": label, "old": left, "new": right, "changed": changed}


def compare_snapshots(old, new):
    rows = [row(field.label, old.get(field.key), new.get(field.key)) for field in TEXT_FIELDS]
    rows += body_rows(old.get("body", ""), new.get("body", ""))
    rows.append(row("Tags", ", ".join(old.get("tags", [])), ", ".join(new.get("tags", []))))
    rows.append(row("Authors", credits_text(old), credits_text(new)))
    rows.append(row("Corrections", corrections_text(old), corrections_text(new)))
    return rows


def body_rows(old_html, new_html):
    a, b = paragraphs(old_html), paragraphs(new_html)
    rows = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        olds, news = a[i1:i2], b[j1:j2]
        for n in range(max(len(olds), len(news))):
            label = f"Body ¶{(i1 if op != 'insert' else j1) + n + 1}"
            rows.append(row(label, olds[n] if n < len(olds) else "", news[n] if n < len(news) else ""))
    return rows


def credits_text(snapshot):
    credits = sorted(snapshot.get("credits", []), key=lambda c: c["order"])
    return "; ".join(f"{c['author']} ({c['role']})" for c in credits)


def corrections_text(snapshot):
    return " / ".join(f"{c['kind']}: {c['text']}" for c in snapshot.get("corrections", []))
