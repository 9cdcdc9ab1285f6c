"""What a story's content is, described once: the snapshot table and the code that reads it.

A *snapshot* is a story as plain JSON: every field an editor writes, its tags, its
credits and its corrections. Revisions store one; a published story's pending edit
is one; restore applies one; the form's three-way merge compares three; the
revision diff shows two side by side. All of them read :data:`FIELDS`.
"""

import enum
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.utils.dateparse import parse_datetime

from articles.sanitize import clean_html


class Kind(enum.StrEnum):
    TEXT = "text"
    HTML = "html"  # the body: compared after sanitising, diffed paragraph by paragraph
    TIME = "time"
    REFERENCE = "reference"  # a foreign key, stored as ``<name>_id``
    TAGS = "tags"
    CREDITS = "credits"
    CORRECTIONS = "corrections"  # appended through the workflow only; never edited in a form


@dataclass(frozen=True)
class SnapshotField:
    name: str
    label: str
    kind: Kind = Kind.TEXT
    model: str = ""  # for references: "app_label.ModelName"

    @property
    def key(self):
        """The field's key in a snapshot."""
        return f"{self.name}_id" if self.kind is Kind.REFERENCE else self.name

    @property
    def on_row(self):
        """Whether the value lives on the story row (tags, credits and corrections are rows of their own)."""
        return self.kind not in (Kind.TAGS, Kind.CREDITS, Kind.CORRECTIONS)

    def target(self):
        return apps.get_model(self.model)

    def read(self, article):
        """The field's snapshot value from ``article`` in memory."""
        value = getattr(article, self.key)
        if self.kind is Kind.TIME:
            return value.isoformat() if value else None
        return value

    def comparable(self, value):
        """A snapshot or form value reduced to what matters for deciding whether it changed."""
        if hasattr(value, "pk"):
            return value.pk
        if self.kind is Kind.HTML:
            return clean_html(value or "")
        if self.kind is Kind.TAGS:
            names = (str(getattr(v, "name", v)).strip().lower() for v in (value or []))
            return sorted({n for n in names if n})
        if hasattr(value, "isoformat"):
            return value.isoformat()
        if self.kind is Kind.TIME and isinstance(value, str) and value:
            return parse_datetime(value).isoformat()
        return value if value not in (None, "") else ""

    def python_value(self, value):
        """A snapshot value as the model field takes it (references to deleted rows become empty)."""
        if self.kind is Kind.TIME:
            return parse_datetime(value) if value else None
        if self.kind is Kind.REFERENCE and value is not None:
            return value if self.target().objects.filter(pk=value).exists() else None
        return value


FIELDS = [
    SnapshotField("kicker", "Kicker"),
    SnapshotField("headline", "Headline"),
    SnapshotField("dek", "Standfirst"),
    SnapshotField("dateline", "Dateline"),
    SnapshotField("slug", "Address (slug)"),
    SnapshotField("seo_title", "SEO title"),
    SnapshotField("seo_description", "Meta description"),
    SnapshotField("credit_line", "Credit line"),
    SnapshotField("lead_image_caption", "Lead image caption"),
    SnapshotField("body", "Body", Kind.HTML),
    SnapshotField("section", "Section", Kind.REFERENCE, "articles.Section"),
    SnapshotField("lead_image", "Lead image", Kind.REFERENCE, "articles.Image"),
    SnapshotField("assignee", "Assignee", Kind.REFERENCE, settings.AUTH_USER_MODEL),
    SnapshotField("language", "Language"),
    SnapshotField("publish_at", "Publication time", Kind.TIME),
    SnapshotField("deadline", "Deadline", Kind.TIME),
    SnapshotField("priority", "Priority"),
    SnapshotField("canonical_url", "Canonical URL"),
    SnapshotField("tags", "Tags", Kind.TAGS),
    SnapshotField("credits", "Authors", Kind.CREDITS),
    SnapshotField("corrections", "Corrections", Kind.CORRECTIONS),
]
BY_NAME = {field.name: field for field in FIELDS}
ROW_FIELDS = [field for field in FIELDS if field.on_row]
# The plain text fields the revision diff shows one row each (the body, tags, authors and
# corrections get rows of their own).
TEXT_FIELDS = [field for field in ROW_FIELDS if field.kind is Kind.TEXT and field.name not in ("language", "priority",
                                                                                              "canonical_url")]


def credit_entry(credit):
    return {"author_id": credit.author_id, "author": credit.author.name, "role": credit.role, "order": credit.order}


def take_snapshot(article, *, tags=None, credits=None, corrections=None):
    """``article`` as plain JSON. Tags, credits and corrections are read from the database unless given."""
    data = {field.key: field.read(article) for field in ROW_FIELDS}
    saved = article.pk is not None
    if tags is None:
        tags = article.tags.names() if saved else []
    data["tags"] = sorted({str(name) for name in tags}, key=str.lower)
    if credits is None:
        credits = [credit_entry(c) for c in article.ordered_credits()] if saved else []
    data["credits"] = list(credits)
    if corrections is None:
        corrections = [
            {"kind": c.kind, "text": c.text, "published_at": c.published_at.isoformat()}
            for c in article.corrections.order_by("published_at", "pk")
        ] if saved else []
    data["corrections"] = list(corrections)
    return data


def apply_snapshot(article, snapshot, *, keep_slug=False, keep_publish_at=True):
    """Set ``article``'s row fields from ``snapshot`` in memory; nothing is saved, tags and credits untouched."""
    for field in ROW_FIELDS:
        if field.key not in snapshot or (field.name == "slug" and keep_slug):
            continue
        if field.name == "publish_at" and keep_publish_at:
            continue
        setattr(article, field.key, field.python_value(snapshot[field.key]))
    return article


def credit_rows(article, credits):
    """Unsaved credit rows for ``credits`` (snapshot entries), skipping repeats and authors deleted since."""
    from articles.models import ArticleAuthor, Author

    existing = {a.pk: a for a in Author.objects.filter(pk__in=[c["author_id"] for c in credits])}
    seen, rows = set(), []
    for credit in credits:
        key = (credit["author_id"], credit["role"])
        if credit["author_id"] in existing and key not in seen:
            seen.add(key)
            rows.append(ArticleAuthor(article=article, author=existing[credit["author_id"]], role=credit["role"],
                                      order=credit["order"]))
    return rows


def write_relations(article, snapshot):
    """Make ``article``'s tags and credits those of ``snapshot``."""
    article.tags.set(snapshot.get("tags", []))
    write_credits(article, snapshot.get("credits", []))


def write_credits(article, credits):
    """Make ``article``'s credit rows ``credits``, keeping the rows of authors who stay (their ids are in open forms)."""
    from articles.models import ArticleAuthor

    wanted = {(row.author_id, row.role): row for row in credit_rows(article, credits)}
    existing = {(row.author_id, row.role): row for row in article.credits.all()}
    ArticleAuthor.objects.filter(pk__in=[row.pk for key, row in existing.items() if key not in wanted]).delete()
    moved = []
    for key, row in existing.items():
        if key in wanted and row.order != wanted[key].order:
            row.order = wanted[key].order
            moved.append(row)
    ArticleAuthor.objects.bulk_update(moved, ["order"])
    ArticleAuthor.objects.bulk_create(row for key, row in wanted.items() if key not in existing)


def changed_fields(old, new):
    """Labels of the fields that differ between two snapshots, in table order."""
    return [field.label for field in FIELDS
            if field.comparable(old.get(field.key)) != field.comparable(new.get(field.key))]
