"""The editorial workflow: the only module that changes a story's ``status``."""

from django.db import transaction
from django.utils import timezone

from articles.models import Article, Status


@transaction.atomic
def publish_article(*, article, user=None, at=None):
    """Make ``article`` live at ``at`` (now by default; a future time schedules it)."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    article.status = Status.PUBLISHED
    article.publish_at = at or timezone.now()
    if article.first_published_at is None or article.first_published_at > article.publish_at:
        article.first_published_at = article.publish_at
    article.modified_by = user
    article.save()
    return article
