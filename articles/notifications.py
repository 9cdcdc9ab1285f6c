"""In-app notifications: who hears about a workflow step or a mention, and in which channel.

The workflow's ``notify`` calls :func:`notify_people` once per step (after the commit); the comment
view calls :func:`notify_mentions`. Nobody is told about a story they may not see
(the ``may_see`` rule, ``editorial.can_view``), nor about their own action. Each person's ``notify_by`` preference picks
e-mail, the bell in the admin header, or both; :func:`wants_email` lets the e-mail path honour it.
"""

import re

from django.contrib.auth import get_user_model

from articles.models import Notification, PersonPreferences

MENTION = re.compile(r"(?<![\w@])@([\w.+-]{1,150})")


def preferences(user):
    return PersonPreferences.objects.filter(user=user).first() or PersonPreferences(user=user)


def wants_email(user):
    return preferences(user).wants_email


def recipients_for(event, article):
    """Who a step concerns: Editors and the assignee for a submission, the story's own people otherwise."""
    own = [u for u in (article.created_by, article.assignee) if u is not None]
    if event == "submit":
        editors = get_user_model().objects.filter(groups__name__in=["Editors", "Publishers"], is_active=True)
        assigned = [article.assignee] if article.assignee else []
        return [*assigned, *editors.distinct()]
    if event in ("return", "approve", "schedule", "publish", "kill"):
        return own
    return []


def deliver(people, *, event, article, actor, may_see, note=""):
    """Create one in-app notification per person ``may_see(person, article)`` allows who wants the bell."""
    seen, rows = set(), []
    for person in people:
        if person.pk in seen or (actor is not None and person.pk == actor.pk) or not person.is_active:
            continue
        seen.add(person.pk)
        if may_see(person, article) and preferences(person).wants_in_app:
            rows.append(Notification(recipient=person, article=article, event=event, actor=actor, note=note))
    return Notification.objects.bulk_create(rows)


def notify_people(event, article, actor, note="", *, may_see):
    """The in-app fan-out of one workflow step (called from ``editorial.notify`` with ``may_see=can_view``)."""
    return deliver(recipients_for(event, article), event=event, article=article, actor=actor, note=note,
                   may_see=may_see)


def mentioned_people(text):
    names = {name.rstrip(".") for name in MENTION.findall(text or "")}
    if not names:
        return []
    User = get_user_model()
    return list(User.objects.filter(**{f"{User.USERNAME_FIELD}__in": names}, is_active=True))


def notify_mentions(comment, *, may_see):
    """Tell each ``@username`` in an editorial comment, if ``may_see`` (``editorial.can_view``) lets them."""
    return deliver(mentioned_people(comment.text), event="mention", article=comment.article, actor=comment.user,
                   note=comment.text, may_see=may_see)
