"""Live coverage writes: start and end a live blog, add an update. Keyword-only, one transaction each.

Who may: anyone who may edit the story (``articles.editorial.can_edit``); adding updates also needs the
coverage to be running and the story to be live, because updates reach readers at once (they are the
live page's news, not a pending edit). Every write is sanitised, audited and bumps the reader pages
(one ``articles.reader_effects.story_changed`` call, like every story write).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from articles.editorial.permissions import can_edit
from articles.editorial.records import record
from articles.models import Article, LiveCoverage, LiveUpdate
from articles.reader_effects import StoryState, story_changed
from articles.sanitize import clean_html

MAX_UPDATE_LENGTH = 20_000


def live_page_changed(article):
    """The story's page, feeds and subscribers learn of it: its content (the live blog) changed."""
    state = StoryState.of(article)
    story_changed(article, before=state, after=state, content=True)


def _locked(article, user):
    article = Article.objects.select_for_update().get(pk=article.pk)
    if not can_edit(user, article):
        raise PermissionDenied("You may not edit this story.")
    return article


@transaction.atomic
def start_live_coverage(*, article, user):
    """Make ``article`` a live blog (again, if it had ended). Returns its ``LiveCoverage``."""
    article = _locked(article, user)
    coverage, created = LiveCoverage.objects.get_or_create(article=article)
    if not created and coverage.ended_at is not None:
        coverage.ended_at = None
        coverage.save(update_fields=["ended_at"])
    record(article, user=user, action="live coverage started")
    live_page_changed(article)
    return coverage


@transaction.atomic
def end_live_coverage(*, article, user, at=None):
    """End the coverage: the page says "ended" and stops refreshing; the updates stay."""
    article = _locked(article, user)
    coverage = LiveCoverage.objects.filter(article=article).first()
    if coverage is None:
        raise ValidationError("This story is not a live blog.")
    if coverage.ended_at is None:
        coverage.ended_at = at or timezone.now()
        coverage.save(update_fields=["ended_at"])
        record(article, user=user, action="live coverage ended")
        live_page_changed(article)
    return coverage


@transaction.atomic
def add_live_update(*, article, user, body, headline="", pinned=False, key_event=False):
    """Add one update to a running live blog on a live story. Bad input changes nothing."""
    article = _locked(article, user)
    coverage = LiveCoverage.objects.filter(article=article).first()
    if coverage is None or not coverage.is_running:
        raise ValidationError("Live coverage of this story is not running.")
    if not article.is_live:
        raise ValidationError("Updates can be added only while the story is published.")
    body = clean_html(body or "")
    if not body or len(body) > MAX_UPDATE_LENGTH:
        raise ValidationError(f"An update needs some text (at most {MAX_UPDATE_LENGTH:,} characters).")
    headline = (headline or "").strip()
    if len(headline) > 200:
        raise ValidationError("An update's headline is at most 200 characters.")
    if pinned:
        LiveUpdate.objects.filter(article=article, pinned=True).update(pinned=False)
    update = LiveUpdate.objects.create(article=article, created_by=user, body=body, headline=headline,
                                       pinned=bool(pinned), key_event=bool(key_event))
    record(article, user=user, action="live update added", note=headline or body[:100])
    live_page_changed(article)
    return update
