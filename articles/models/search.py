"""The stored full-text search document of each story (kept current by ``articles.search``)."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class ArticleSearchDocument(models.Model):
    """One row per story: its searchable plain text and, on PostgreSQL, its weighted tsvector.

    The GIN index on ``vector`` is created by a PostgreSQL-only migration step. ``text`` is what
    SQLite searches; on PostgreSQL it stays empty (``vector`` is computed from the three parts).
    """

    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    headline_text = models.TextField(blank=True, help_text="Kicker and headline (weighted highest).")
    standfirst_text = models.TextField(blank=True, help_text="Standfirst, tags and authors (weighted next).")
    text = models.TextField(blank=True, help_text="Headline, standfirst, tags, authors and body as plain text.")
    body_text = models.TextField(blank=True, help_text="The body as plain text, for snippets.")
    vector = SearchVectorField(null=True, blank=True)

    class Meta:
        verbose_name = "search document"

    def __str__(self):
        return f"Search document of story {self.article_id}"
