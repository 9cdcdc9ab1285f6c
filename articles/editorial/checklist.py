"""The publish checklist: rules a story must pass before it is approved or published.

Which rules run is the ``PUBLISH_CHECKLIST`` setting (read at call time), the word-count bounds are
``CHECKLIST_MIN_WORDS`` and ``CHECKLIST_MAX_WORDS``. A Publisher may override the rules a story
fails, with a reason: :func:`override_checklist` stores it for the story's current version and
writes an audit entry. Any later edit (a new version) needs the checklist passed or overridden again.

The workflow asks :func:`outstanding_failures` before Approve, Publish and Schedule by a person
(imports, ``user=None``, are not checked).
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.html import strip_tags

CHECKED_STEPS = frozenset({"approve", "publish", "schedule", "republish"})
PLACEHOLDER = re.compile(r"\bTK\b|\bTKTK\b|\[\s*(?:TK|TODO|XX+)\s*\]|\bXXX+\b")


@dataclass(frozen=True)
class Failure:
    rule: str
    message: str


def _byline(article):
    if article.pk and article.credits.exists() or article.credit_line.strip():
        return None
    return "Add a byline author or a credit line."


def _section(article):
    return None if article.section_id else "Choose a section."


def _lead_picture(article):
    if article.lead_image_id is None:
        return "Choose a lead picture."
    if not article.lead_image.alt_text.strip():
        return "Give the lead picture alt text (describe it for readers who cannot see it)."
    return None


def _standfirst(article):
    return None if strip_tags(article.dek).strip() else "Write a standfirst."


def _word_count(article):
    low, high = settings.CHECKLIST_MIN_WORDS, settings.CHECKLIST_MAX_WORDS
    if article.word_count < low:
        return f"The story has {article.word_count} words; at least {low} are expected."
    if article.word_count > high:
        return f"The story has {article.word_count} words; at most {high} are expected."
    return None


def _placeholders(article):
    text = " ".join([article.headline, article.kicker, strip_tags(article.dek), strip_tags(article.body)])
    found = PLACEHOLDER.search(text)
    return f"Replace the placeholder “{found.group(0)}”." if found else None


RULES = {
    "byline": ("Byline", _byline),
    "section": ("Section", _section),
    "lead_picture": ("Lead picture with alt text", _lead_picture),
    "standfirst": ("Standfirst", _standfirst),
    "word_count": ("Word count", _word_count),
    "placeholders": ("No placeholder text (TK)", _placeholders),
}


def active_rules():
    """The configured rules, in the setting's order (unknown names are ignored)."""
    return [name for name in settings.PUBLISH_CHECKLIST if name in RULES]


def checklist_results(article):
    """Every active rule as ``(name, label, message or None)`` for the side panel."""
    return [(name, RULES[name][0], RULES[name][1](article)) for name in active_rules()]


def checklist_failures(article):
    """The rules ``article`` fails now, as :class:`Failure` values (empty when it passes)."""
    return [Failure(name, message) for name, _, message in checklist_results(article) if message]


def overridden_rules(article):
    """Rules a Publisher overrode for the story's current version."""
    rules = set()
    for override in article.checklist_overrides.filter(version=article.version):
        rules.update(override.rules)
    return rules


def outstanding_failures(step, *, article, user):
    """The failures that block ``step`` by ``user`` now: none for other steps, the system, or overridden rules."""
    if step not in CHECKED_STEPS or user is None:
        return []
    overridden = overridden_rules(article)
    return [failure for failure in checklist_failures(article) if failure.rule not in overridden]


def failures_message(failures):
    return "The publish checklist is not met: " + " ".join(f.message for f in failures)


def may_override(user):
    return user is not None and user.is_active and (user.is_superuser or user.has_perm("articles.publish_article"))


def override_checklist(*, article, user, reason):
    """Let ``article``'s current version pass the rules it fails, for ``reason``; audited. Publishers only."""
    from articles.editorial.records import record
    from articles.models import Article, ChecklistOverride

    reason = (reason or "").strip()
    if not may_override(user):
        raise PermissionDenied("Only Publishers may override the publish checklist.")
    if not reason:
        raise ValueError("Give a reason for overriding the checklist.")
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        rules = [failure.rule for failure in checklist_failures(article)]
        if not rules:
            return None
        override = ChecklistOverride.objects.create(
            article=article, version=article.version, rules=rules, reason=reason, user=user
        )
        labels = ", ".join(RULES[rule][0] for rule in rules)
        record(article, user=user, action="checklist_override", from_status=article.status,
               note=f"Overrode {labels}: {reason}")
    return override
