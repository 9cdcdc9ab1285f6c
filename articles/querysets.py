"""Logic about many stories at once. ``published()`` is the only gate to readers."""

from django.db import models
from django.db.models import Prefetch
from django.utils import timezone


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Stories a reader may see: published, with a publication time that has come."""
        return self.filter(status="published", publish_at__lte=timezone.now())

    def scheduled(self):
        return self.filter(status="published", publish_at__gt=timezone.now())

    def in_section(self, section):
        return self.filter(section=section)

    def tagged(self, tag):
        return self.filter(tags=tag)

    def by_author(self, author):
        return self.filter(credits__author=author).distinct()

    def with_related(self):
        """Everything a listing or story page shows, in a fixed number of queries."""
        from articles.models import ArticleAuthor

        return self.select_related("section", "lead_image").prefetch_related(
            "tags",
            Prefetch("credits", queryset=ArticleAuthor.objects.select_related("author").order_by("order", "pk")),
        )
