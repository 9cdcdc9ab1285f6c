"""Rebuild every story's search document: ``manage.py rebuild_search_documents``.

Saves keep documents current; this is for data changed without ``save()`` (bulk updates, raw SQL).
"""

from django.core.management.base import BaseCommand

from articles.caching import everything_changed
from articles.models import Article
from articles.search import update_search_document


class Command(BaseCommand):
    help = "Rebuild the full-text search document of every story."

    def handle(self, *args, **options):
        count = 0
        for article_id in Article.objects.values_list("pk", flat=True).iterator():
            update_search_document(article_id)
            count += 1
        everything_changed()
        self.stdout.write(self.style.SUCCESS(f"Rebuilt {count} search documents."))
