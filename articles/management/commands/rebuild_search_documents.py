"""Rebuild every story's search document: ``manage.py rebuild_search_documents [--queue]``.

Editorial writes keep documents current; this is for data changed outside them (raw SQL, restores of backups).
"""

from django.core.management.base import BaseCommand

from articles.jobs import enqueue
from articles.jobs.tasks import rebuild_search_documents


class Command(BaseCommand):
    help = "Rebuild the full-text search document of every story."

    def add_arguments(self, parser):
        parser.add_argument("--queue", action="store_true", help="Queue the rebuild for the job worker.")

    def handle(self, *args, **options):
        if options["queue"]:
            enqueue(rebuild_search_documents)
            self.stdout.write(self.style.SUCCESS("Rebuild of every search document queued."))
            return
        count = rebuild_search_documents()
        self.stdout.write(self.style.SUCCESS(f"Rebuilt {count} search documents."))
