"""Rebuild every story's search document: ``manage.py rebuild_search_documents``.

Editorial writes keep documents current; this is for data changed outside them (raw SQL, restores of backups).
"""

from django.core.management.base import BaseCommand

from articles.models import Article
from articles.reader_effects import pages_changed
from articles.search import SEARCH_BATCH, update_search_documents


class Command(BaseCommand):
    help = "Rebuild the full-text search document of every story."

    def handle(self, *args, **options):
        count, batch = 0, []
        for article_id in Article.objects.values_list("pk", flat=True).iterator():
            batch.append(article_id)
            if len(batch) == SEARCH_BATCH:
                update_search_documents(batch)
                count, batch = count + len(batch), []
        update_search_documents(batch)
        count += len(batch)
        pages_changed()
        self.stdout.write(self.style.SUCCESS(f"Rebuilt {count} search documents."))
