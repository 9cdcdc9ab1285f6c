"""The intermediate story record every importer produces, and the one save path.

Parsers (one module per format) turn a source into :class:`StoryRecord`
objects and know nothing about the database. :func:`save_stories` is the only
place an imported story is written. For a batch of records it

* finds earlier imports of the same items by ``(source, source_id)`` in one query,
* decides for each whether to create, update, skip, or report a conflict
  (an editor changed the story after its last import),
* looks up sections, authors, tags and images for the whole batch at once,
* hands the unsaved stories to :mod:`articles.editorial.imports`, which writes a batch
  with a fixed number of INSERTs (a revision and an audit entry per story) and
  publishes only when the operator asked and the source neither holds nor embargoes it,
* links a story's other pictures by appending library references to its body.

A batch is one transaction. When anything in it fails, the batch is rolled
back and replayed one story per transaction, so every story is saved whole or
not at all and one bad story does not take its neighbours down.
"""

import enum
import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from django.db import DatabaseError, transaction
from django.utils.html import escape
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify

from articles.figures import figure, without_trailing_figures
from articles.editorial.imports import ImportedStory, create_imported, rekey_imported, update_imported
from articles.models import Article, ArticleAuthor, Author, CreditRole, Image, Section, Status
from articles.importers.urls import web_url
from articles.sanitize import clean_html
from articles.slugs import slug_base, unique_slug
from articles.tagging import resolve_import_tags


CREDIT_ROLES = frozenset(CreditRole.values)  # a TextChoices' .values is rebuilt at every use


class ImportError_(ValueError):
    """A story that cannot be imported, with a message an operator can act on."""


class MalformedFile(ImportError_):
    """The file itself is broken or hostile: nothing from it is saved."""


@dataclass
class ImageRef:
    url: str
    caption: str = ""
    credit: str = ""
    alt: str = ""

    def __post_init__(self):
        self.url = web_url(self.url)  # only http(s); a reference without a usable address is dropped


@dataclass
class Credit:
    name: str
    role: str = CreditRole.BYLINE


@dataclass
class Notice:
    """Something in a file that is not a story to save: a page, an attachment, a bad item."""

    origin: str
    message: str
    failed: bool = False


@dataclass
class StoryRecord:
    headline: str
    body_html: str
    source: str = ""
    source_id: str = ""
    origin: str = ""  # file and item or line, for messages
    kicker: str = ""
    dek: str = ""
    dateline: str = ""
    section: str = ""
    tags: list[str] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)
    credit_line: str = ""
    slug: str = ""
    language: str = ""
    published_at: datetime | None = None
    modified_at: datetime | None = None
    # "draft" or "published" from the source; withheld, cancelled or pending copy is "draft".
    status_hint: str = ""
    # Our own workflow state when the source names one exactly (our JSONL export, ninjs "canceled").
    # Only states that are not public are restored from it: see articles.editorial.imports.
    state: str = ""
    state_note: str = ""  # a killed story's reason
    first_published_at: datetime | None = None
    updated_at: datetime | None = None  # the "Updated" time readers are shown (corrections, significant updates)
    embargoed_until: datetime | None = None
    version: str = ""
    lead_image: ImageRef | None = None
    images: list[ImageRef] = field(default_factory=list)
    seo_description: str = ""
    canonical_url: str = ""
    editor_note: str = ""
    # A wire format where an item may carry only a headline (flash, advisory, text to follow):
    # an empty body is then allowed and the story stays a draft (see validate()).
    allow_empty_body: bool = False
    urgency: int | None = None  # the source's own urgency, 1 (highest) to 9, when it gives one
    # The source this item had before its source was scoped (``articles.importers.scopes``, an ingest
    # source's own scope): an earlier import under that key is this story when the evidence agrees
    # (see find_existing), and moves to ``key``.
    legacy_source: str = ""

    def __post_init__(self):
        self.canonical_url = web_url(self.canonical_url)

    @property
    def key(self):
        return (self.source, self.source_id)

    @property
    def legacy_key(self):
        return (self.legacy_source, self.source_id) if self.legacy_source else None


class Outcome(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    SKIPPED = "skipped"
    CONFLICT = "conflict"
    FAILED = "failed"


@dataclass
class Result:
    record: StoryRecord
    outcome: Outcome
    article: Article | None = None
    message: str = ""
    warnings: list[str] = field(default_factory=list)


def validate(record):
    """Check and normalise ``record`` before anything touches the database."""
    record.headline = " ".join((record.headline or "").split())
    if not record.headline:
        raise ImportError_(f"{record.origin}: the story has no headline")
    record.body_html = clean_html(record.body_html)
    if not record.body_html:
        if not record.allow_empty_body:
            raise ImportError_(f"{record.origin}: the story has no body")
        record.status_hint = "draft"  # a headline-only wire item is never published by the import
    for name in ("published_at", "modified_at", "embargoed_until", "first_published_at", "updated_at"):
        moment = getattr(record, name)
        if moment is not None and timezone.is_naive(moment):
            setattr(record, name, timezone.make_aware(moment, timezone.utc))
    if not record.version and record.modified_at:
        record.version = record.modified_at.isoformat()
    if not record.source_id:
        # No id in the source: the same headline and date are the same story, so re-runs stay idempotent.
        digest = hashlib.sha1(f"{record.headline}|{record.published_at}".encode()).hexdigest()
        record.source_id = f"sha1:{digest}"
    record.source_id = record.source_id[:500]
    record.source = record.source[:100]


def wants_publication(record, status):
    """Publish only when the operator asked *and* the source neither holds nor embargoes the story."""
    if status != Status.PUBLISHED or record.status_hint not in ("", "published"):
        return False
    return record.embargoed_until is None or record.embargoed_until <= timezone.now()


# A skip whose story shares nothing with the one already under its key: a rewritten version, or a
# different story from a file that names no source (two CSV files both numbering from 1).
TAKEN_ID = ("its id was imported before for a story with another headline and text: a newer version "
            "(use --update) or another source's story (name this file's source with --source)")


def plan_story(record, existing, *, update):
    """What saving ``record`` would do given the ``existing`` import of the same item, and why."""
    if existing is None:
        return Outcome.CREATED, ""
    if not update:
        if existing.headline != record.headline[:255] and without_appended_figures(existing.body) != record.body_html:
            return Outcome.SKIPPED, TAKEN_ID
        return Outcome.SKIPPED, "already imported (use --update to update it)"
    if existing.imported_version is not None and existing.version != existing.imported_version:
        return Outcome.CONFLICT, "changed by an editor since its last import; left alone"
    if record.version and existing.source_version:
        if not is_newer(record.version, existing.source_version):
            return Outcome.SKIPPED, f"version {record.version} is not newer than {existing.source_version}"
        return Outcome.UPDATED, ""
    same_body = without_appended_figures(existing.body) == record.body_html
    if existing.headline == record.headline[:255] and same_body:
        return Outcome.SKIPPED, "unchanged"
    return Outcome.UPDATED, ""


def find_existing(records):
    """Earlier imports of ``records``, keyed by ``(source, source_id)``, in one query per source.

    A record whose source was scoped since (``legacy_key``) also finds a story imported under its
    old key, when that story is plainly the same item (:func:`is_same_item`) and no other record
    of the batch took it first; the story still carries the old key (:func:`needs_rekey`).
    """
    found = stories_by_key({record.key for record in records})
    legacy = [record for record in records if record.legacy_key and record.key not in found]
    if legacy:
        earlier, taken = stories_by_key({record.legacy_key for record in legacy}), set()
        for record in legacy:
            article = earlier.get(record.legacy_key)
            if article is not None and article.pk not in taken and is_same_item(record, article):
                taken.add(article.pk)
                found[record.key] = article
    return found


def stories_by_key(keys):
    by_source = {}
    for source, source_id in keys:
        by_source.setdefault(source, set()).add(source_id)
    found = {}
    for source, ids in by_source.items():
        # The exclude repeats the partial unique index's condition so PostgreSQL can use that index.
        for article in Article.objects.filter(source=source, source_id__in=ids).exclude(source_id=""):
            found[(article.source, article.source_id)] = article
    return found


def is_same_item(record, article):
    """Whether a story imported under ``record.legacy_key`` came from the same file as ``record``.

    Before scoping, two sites' ``about.md`` shared one key and only the first was imported, so
    the old key alone proves nothing: the body must be the same, or the headline and a date.
    """
    if without_appended_figures(article.body) == record.body_html:
        return True
    return (article.headline == record.headline[:255] and record.published_at is not None
            and article.publish_at == record.published_at)


def needs_rekey(record, article):
    """True when ``article`` was found under ``record.legacy_key`` and still carries that old key."""
    return article is not None and (article.source, article.source_id) != record.key


def validate_all(records):
    """``(failures, valid records)``: a :class:`Result` for each record that cannot be imported, and the rest."""
    failures, valid = [], []
    for record in records:
        try:
            validate(record)
            valid.append(record)
        except ImportError_ as exc:
            failures.append(Result(record, Outcome.FAILED, message=str(exc)))
    return failures, valid


def plan_stories(records, *, update):
    """Dry run: validate and decide each record's outcome without writing anything."""
    results, valid = validate_all(records)
    existing = find_existing(valid)
    seen = set()
    for record in valid:
        current = existing.get(record.key)
        if record.key in seen and current is None:
            results.append(Result(record, Outcome.SKIPPED, message="repeated earlier in this run"))
            continue
        seen.add(record.key)
        outcome, reason = plan_story(record, current, update=update)
        results.append(Result(record, outcome, current, reason))
    return results


def save_stories(records, *, status=Status.DRAFT, update=False, user=None, fetcher=None):
    """Save a batch of records; return one :class:`Result` per record, in no particular order.

    With a ``fetcher``, the batch's new images are downloaded first, outside the
    transaction; files whose story was rolled back are deleted at the end.
    """
    results, valid = validate_all(records)
    files = fetcher.fetch_all(urls_to_fetch(valid)) if fetcher is not None and valid else None
    options = {"status": status, "update": update, "user": user, "files": files}
    try:
        for chunk in without_repeats(valid):
            try:
                with transaction.atomic():
                    results.extend(BatchWriter(**options).write(chunk))
            except (DatabaseError, ImportError_, ValueError):
                for record in chunk:
                    results.append(save_one(record, **options))
    finally:
        if files is not None:
            files.discard_unused()
    return results


def urls_to_fetch(records):
    """Image addresses in ``records`` that no image in the library has a file for yet."""
    urls = {ref.url for record in records for ref in all_images(record)}
    have = set(Image.objects.filter(source_url__in=urls).exclude(file="").values_list("source_url", flat=True))
    return sorted(urls - have)


def save_one(record, **options):
    try:
        with transaction.atomic():
            return BatchWriter(**options).write([record])[0]
    except (DatabaseError, ImportError_, ValueError) as exc:
        return Result(record, Outcome.FAILED, message=f"{record.origin}: {exc}")


def save_story(record, *, status=Status.DRAFT, update=False, user=None, fetcher=None):
    """Save one record; return ``(outcome, article)`` or raise ``ImportError_``."""
    (result,) = save_stories([record], status=status, update=update, user=user, fetcher=fetcher)
    if result.outcome == Outcome.FAILED:
        raise ImportError_(result.message)
    return result.outcome, result.article


def without_repeats(records):
    """Split records into runs in which no ``(source, source_id)`` appears twice, keeping order."""
    chunk, keys = [], set()
    for record in records:
        if record.key in keys:
            yield chunk
            chunk, keys = [], set()
        chunk.append(record)
        keys.add(record.key)
    if chunk:
        yield chunk


class BatchWriter:
    """Writes one batch inside the caller's transaction."""

    def __init__(self, *, status, update, user, files=None):
        self.status, self.update, self.user, self.files = status, update, user, files
        self.sections, self.authors, self.tags, self.images = {}, {}, {}, {}
        self.warnings = {}

    def write(self, records):
        existing = find_existing(records)
        for record in records:
            if needs_rekey(record, existing.get(record.key)):
                existing[record.key] = rekey_imported(article=existing[record.key], source=record.source,
                                                      source_id=record.source_id, user=self.user)
        results, creates, updates = [], [], []
        for record in records:
            outcome, reason = plan_story(record, existing.get(record.key), update=self.update)
            if outcome == Outcome.CREATED:
                creates.append(record)
            elif outcome == Outcome.UPDATED:
                updates.append((record, existing[record.key]))
            else:
                results.append(Result(record, outcome, existing[record.key], reason))
        self.load_lookups([*creates, *(record for record, _ in updates)])
        results.extend(self.create(creates))
        results.extend(self.update_one(record, article) for record, article in updates)
        for result in results:
            result.warnings = self.warnings.get(id(result.record), [])
        return results

    # Lookups for the whole batch: a handful of queries however many tags and authors.

    def load_lookups(self, records):
        section_names = {r.section.strip() for r in records if r.section.strip()}
        author_names = {" ".join(c.name.split()) for r in records for c in r.credits if c.name.strip()}
        image_refs = [ref for r in records for ref in all_images(r)]
        self.sections = lookup_by_name(Section, section_names)
        self.authors = lookup_by_name(Author, author_names)
        self.tags = resolve_import_tags(records)  # aliases give canonical tags; unknown keywords make new ones
        urls = {ref.url for ref in image_refs}
        self.images = {image.source_url: image for image in Image.objects.filter(source_url__in=urls)} if urls else {}
        for name in sorted(section_names):
            if name not in self.sections:
                self.sections.add(name, create_section(name))
        for name in sorted(author_names):
            if name not in self.authors:
                self.authors.add(name, create_author(name))

    def image_for(self, ref, record):
        image = self.images.get(ref.url)
        if image is not None and not image.file and self.files is not None and self.files.attach(image) is None:
            image.save()  # an earlier import recorded only the address; the file is here now
        if image is None:
            image = Image(
                source_url=ref.url[:1000], caption=ref.caption, credit=ref.credit[:200], alt_text=ref.alt[:300],
                uploaded_by=self.user,
            )
            if self.files is not None:
                problem = self.files.attach(image)
                if problem:
                    self.warnings.setdefault(id(record), []).append(f"image {ref.url}: {problem}")
            image.save()
            self.images[ref.url] = image
        return image

    # Writes: handed to articles.editorial, which records a revision and an audit entry for each.

    def imported(self, article, record):
        return ImportedStory(
            article=article, fields=self.story_fields(article, record), tags=[self.tags.get(name) for name in dedupe(record.tags)],
            credits=self.credit_rows(record), wanted_slug=record.slug,
            publish=wants_publication(record, self.status), publish_at=record.published_at,
            state=record.state, state_note=record.state_note, first_published_at=record.first_published_at,
            note=record.state_note or (f"Imported from {record.source}" if record.source else "Imported"),
        )

    def create(self, records):
        stories = []
        for record in records:
            stories.append(self.imported(Article(source=record.source, source_id=record.source_id), record))
        articles = create_imported(stories, user=self.user)
        return [Result(record, Outcome.CREATED, article) for article, record in zip(articles, records)]

    def update_one(self, record, article):
        article = update_imported(self.imported(article, record), user=self.user)
        return Result(record, Outcome.UPDATED, article)

    def story_fields(self, article, record):
        """The story fields ``record`` sets, given the story's current state (a new, empty one for a create)."""
        fields = {
            "headline": record.headline[:255], "body": record.body_html + self.figures_for(record),
            "kicker": record.kicker[:80], "dek": record.dek, "dateline": record.dateline[:100],
            "credit_line": record.credit_line[:200], "seo_description": record.seo_description[:160],
            "canonical_url": record.canonical_url[:500], "source_version": record.version[:100],
        }
        if record.language:
            fields["language"] = record.language[:10]
        if record.section.strip():
            fields["section"] = self.sections.get(record.section)
        if record.first_published_at and not article.first_published_at:
            fields["first_published_at"] = record.first_published_at
        if record.updated_at:
            fields["updated_at"] = record.updated_at
        if record.published_at and not article.is_live:
            fields["publish_at"] = record.published_at
        elif record.embargoed_until and not article.is_live and not article.publish_at:
            fields["publish_at"] = record.embargoed_until
        if record.lead_image and record.lead_image.url:
            fields["lead_image"] = self.image_for(record.lead_image, record)
        return fields

    def figures_for(self, record):
        """Library references for the story's other pictures, appended to its body in source order.

        A picture the body already shows inline (an ``<img>`` with the same address, as
        WordPress posts do) is not repeated. Readers see the appended pictures once
        their files exist (``--fetch-images``); editors can move or remove them.
        """
        figures = []
        for ref in record.images:
            if ref.url and escape(ref.url) not in record.body_html and ref.url not in record.body_html:
                figures.append(figure(self.image_for(ref, record).pk))
            elif ref.url:
                self.image_for(ref, record)
        return "".join(dict.fromkeys(figures))

    def credit_rows(self, record):
        seen, rows = set(), []
        for order, credit in enumerate(record.credits):
            if not credit.name.strip():
                continue
            author = self.authors.get(credit.name)
            role = credit.role if credit.role in CREDIT_ROLES else CreditRole.BYLINE
            if (author.pk, role) not in seen:
                seen.add((author.pk, role))
                rows.append(ArticleAuthor(author=author, role=role, order=order))
        return rows


class NameLookup(dict):
    """Objects keyed by their name folded to lower case and single spaces."""

    @staticmethod
    def fold(name):
        return " ".join(str(name).split()).lower()

    def add(self, name, obj):
        self[self.fold(name)] = obj

    def get(self, name, default=None):
        return super().get(self.fold(name), default)

    def __contains__(self, name):
        return super().__contains__(self.fold(name))


def lookup_by_name(model, names):
    """Existing ``model`` rows whose name matches one of ``names`` regardless of case, in one query."""
    lookup = NameLookup()
    folded = {NameLookup.fold(name) for name in names}
    if folded:
        for obj in model.objects.annotate(folded_name=Lower("name")).filter(folded_name__in=folded):
            lookup.add(obj.name, obj)
    return lookup


def create_section(name):
    slug = slugify(name)[:100] or "section"
    section = Section.objects.filter(slug=slug).first()
    return section or Section.objects.create(name=name[:100], slug=slug)


def create_author(name):
    slug = unique_slug(Author.objects.all(), slug_base(name, max_length=140, fallback="author"))
    return Author.objects.create(name=name[:150], slug=slug)


def without_appended_figures(body):
    """A stored body without the picture references an import appended (see ``BatchWriter.figures_for``)."""
    return without_trailing_figures(body)


def all_images(record):
    return [ref for ref in [record.lead_image, *record.images] if ref is not None and ref.url]


def dedupe(names):
    seen, result = set(), []
    for name in names:
        name = " ".join(str(name).split())[:100]
        if name and name.lower() not in seen:
            seen.add(name.lower())
            result.append(name)
    return result


def is_newer(incoming, current):
    """Compare source versions: numbers as numbers, dates as dates, anything else as text."""
    try:
        return float(incoming) > float(current)
    except ValueError:
        pass
    from articles.importers.common import parse_when

    try:
        return parse_when(incoming) > parse_when(current)
    except (ImportError_, TypeError):
        return incoming > current
