"""Telling people about a step: in the admin and by e-mail (from the job queue), only if they may see the story."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from articles.editorial.permissions import can_view
from articles.jobs import enqueue
from articles.jobs.tasks import send_notification_mail
from articles.notifications import notify_people, wants_email

logger = logging.getLogger(__name__)


def recipients_for(step, article):
    """The people a step concerns: the desk (Editors) for a submission, else the story's reporter and assignee."""
    if step.tells == "desk":
        return list(get_user_model().objects.filter(groups__name="Editors", is_active=True).distinct())
    if step.tells == "reporter":
        return [person for person in (article.created_by, article.assignee) if person is not None]
    return []


def notify(step, *, article, user, note):
    """Tell the people ``step`` concerns, if they may see the story, never the person who acted: in the
    admin (``articles.notifications``) and by e-mail, each as they chose."""
    notify_people(step.name, article, user, note, may_see=can_view)
    if not step.tells:
        return
    people = recipients_for(step, article)
    addresses = sorted({p.email for p in people
                        if p.email and p != user and can_view(p, article) and wants_email(p)})
    if not addresses:
        return
    actor = (user.get_full_name() or user.get_username()) if user else "The system"
    link = settings.SITE_URL + reverse("admin:articles_article_change", args=[article.pk])
    body = f"{actor}: {step.label}.\n\n{note}\n\n{link}\n".replace("\n\n\n", "\n\n")
    enqueue(send_notification_mail, f"{step.subject}: {article.headline}", body, addresses)  # never holds a step
