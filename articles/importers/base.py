"""The intermediate story record every importer produces, and the one save path.

Parsers (one module per format) turn a source into :class:`StoryRecord`
objects and know nothing about the database. :func:`save_story` is the only
place an imported story is written: it sanitises the body, finds an earlier
import of the same item by ``(source, source_id)``, and writes the whole story
in one transaction or nothing at all.
"""

import enum
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles import workflow
from articles.models import Article, ArticleAuthor, Author, CreditRole, Image, Section, Status
from articles.sanitize import clean_html


class ImportError_(ValueError):
    """A story that cannot be imported, with a message an operator can act on."""


@dataclass
class ImageRef:
    url: str
    caption: str = ""
    credit: str = ""
    alt: str = ""


@dataclass
class Credit:
    name: str
    role: str = CreditRole.BYLINE


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
    # "draft" or "published" from the source; anything withheld or embargoed is "draft".
    status_hint: str = ""
    version: str = ""
    lead_image: ImageRef | None = None
    images: list[ImageRef] = field(default_factory=list)
    seo_description: str = ""
    canonical_url: str = ""


class Outcome(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    SKIPPED = "skipped"
    CONFLICT = "conflict"


def validate(record):
    if not record.headline.strip():
        raise ImportError_(f"{record.origin}: the story has no headline")
    if not clean_html(record.body_html):
        raise ImportError_(f"{record.origin}: the story has no body")
    if record.published_at is not None and timezone.is_naive(record.published_at):
        record.published_at = timezone.make_aware(record.published_at)


def save_story(record, *, status=Status.DRAFT, update=False, user=None):
    """Write ``record`` whole or not at all and say what happened.

    ``status`` is what the operator asked for; a story is only published when
    they asked for it *and* the source does not mark it as a draft.
    """
    validate(record)
    with transaction.atomic():
        existing = None
        if record.source_id:
            existing = (
                Article.objects.select_for_update()
                .filter(source=record.source, source_id=record.source_id)
                .first()
            )
        if existing is not None:
            if not update:
                return Outcome.SKIPPED, existing
            if existing.imported_version is not None and existing.version != existing.imported_version:
                return Outcome.CONFLICT, existing
            if record.version and existing.source_version and not is_newer(record.version, existing.source_version):
                return Outcome.SKIPPED, existing
            article, outcome = existing, Outcome.UPDATED
        else:
            article, outcome = Article(source=record.source, source_id=record.source_id), Outcome.CREATED
            article.created_by = user

        apply_record(article, record, user=user)
        article.save()
        article.tags.set(dedupe(record.tags))
        set_credits(article, record.credits)
        if record.lead_image and record.lead_image.url:
            article.lead_image = image_for(record.lead_image, user=user)
        if wants_publication(record, status) and not article.is_live:
            article = workflow.publish_article(article=article, user=user, at=record.published_at)
        elif article.lead_image_id:
            article.save()
        Article.objects.filter(pk=article.pk).update(imported_version=article.version)
        article.imported_version = article.version
    return outcome, article


def wants_publication(record, status):
    return status == Status.PUBLISHED and record.status_hint in ("", "published")


def apply_record(article, record, *, user):
    article.headline = record.headline.strip()[:255]
    article.body = record.body_html
    article.kicker = record.kicker[:80]
    article.dek = record.dek
    article.dateline = record.dateline[:100]
    article.credit_line = record.credit_line[:200]
    article.seo_description = record.seo_description[:160]
    article.canonical_url = record.canonical_url[:500]
    article.source_version = record.version[:100]
    if record.language:
        article.language = record.language[:10]
    if record.slug and not article.first_published_at:
        article.slug = unique_import_slug(record.slug, article)
    if record.section:
        article.section = section_for(record.section)
    if record.published_at and not article.is_live:
        article.publish_at = record.published_at
    article.modified_by = user


def unique_import_slug(slug, article):
    base = slugify(slug)[:180] or slugify(article.headline)[:180]
    candidate, n = base, 1
    while Article.objects.exclude(pk=article.pk).filter(slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def section_for(name):
    name = name.strip()
    section = Section.objects.filter(name__iexact=name).first()
    if section is None:
        section, _ = Section.objects.get_or_create(slug=slugify(name)[:100] or "section", defaults={"name": name})
    return section


def author_for(name):
    name = " ".join(name.split())
    author = Author.objects.filter(name__iexact=name).first()
    if author is None:
        author, _ = Author.objects.get_or_create(slug=slugify(name)[:150] or "author", defaults={"name": name})
    return author


def set_credits(article, credits):
    article.credits.all().delete()
    seen = set()
    rows = []
    for order, credit in enumerate(credits):
        if not credit.name.strip():
            continue
        author = author_for(credit.name)
        if (author.pk, credit.role) in seen:
            continue
        seen.add((author.pk, credit.role))
        rows.append(ArticleAuthor(article=article, author=author, role=credit.role, order=order))
    ArticleAuthor.objects.bulk_create(rows)


def image_for(ref, *, user):
    image = Image.objects.filter(source_url=ref.url).first()
    if image is None:
        image = Image.objects.create(
            source_url=ref.url, caption=ref.caption, credit=ref.credit[:200], alt_text=ref.alt[:300], uploaded_by=user
        )
    return image


def dedupe(names):
    seen, result = set(), []
    for name in names:
        name = " ".join(str(name).split())[:100]
        if name and name.lower() not in seen:
            seen.add(name.lower())
            result.append(name)
    return result


def is_newer(incoming, current):
    """Compare source versions: numbers as numbers, anything else (ISO dates) as text."""
    try:
        return float(incoming) > float(current)
    except ValueError:
        return incoming > current
