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

    def with_filed_at(self):
        """Annotate ``filing_time``: ``Article.filed_at`` in SQL, for archives and the news sitemap."""
        from django.db.models.functions import Coalesce

        return self.annotate(filing_time=Coalesce("first_published_at", "publish_at"))

    def in_section(self, section):
        return self.filter(section=section)

    def tagged(self, tag):
        return self.filter(tags=tag)

    def by_author(self, author):
        return self.filter(credits__author=author).distinct()

    def with_related(self):
        """Everything a listing or story page shows, in a fixed number of queries."""
        from articles.models import ArticleAuthor

        from articles.models import TaggedArticle

        return self.select_related("section", "lead_image").prefetch_related(
            Prefetch("tagged_items", queryset=TaggedArticle.objects.public().select_related("tag"),
                     to_attr="public_tag_links"),
            Prefetch("credits", queryset=ArticleAuthor.objects.select_related("author").order_by("order", "pk")),
        )

    def search(self, query):
        """Stories matching a reader's ``query``, best first; see ``articles.search``."""
        from articles.search import search_articles

        return search_articles(self, query)

    def related_to(self, article, limit=4):
        """Other stories sharing ``article``'s tags: most shared tags first, then newest."""
        tag_ids = [tag.pk for tag in article.public_tags]
        if not tag_ids:
            return self.none()
        return (
            self.exclude(pk=article.pk)
            .filter(tags__in=tag_ids)
            .annotate(shared_tags=models.Count("tags"))
            .order_by("-shared_tags", "-publish_at", "-pk")[:limit]
        )

    def latest_per_section(self, per_section=4, among=1000):
        """The newest ``per_section`` stories of every section, in one query.

        Only the newest ``among`` stories are ranked, so the cost stays the same however large the
        archive grows (a section with nothing among them is quiet and left off the home page).
        """
        from django.db.models.functions import RowNumber

        newest = self.order_by("-publish_at", "-pk").values("pk")[:among]
        return self.filter(pk__in=newest, section__isnull=False).annotate(
            section_rank=models.Window(
                RowNumber(), partition_by=models.F("section_id"),
                order_by=[models.F("publish_at").desc(), models.F("pk").desc()],
            )
        ).filter(section_rank__lte=per_section).order_by("section__ordering", "section__name", "-publish_at", "-pk")


class TaggedArticleQuerySet(models.QuerySet):
    def public(self):
        """Links to tags readers may see (not internal), in tag name order."""
        return self.exclude(tag__profile__internal=True).order_by("tag__name", "tag_id")
