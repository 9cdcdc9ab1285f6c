"""Render the stored reader markup of every live story that lacks it: ``manage.py render_story_parts``.

Editorial saves render a story's parts ahead; imports, deploys (changed templates) and changed site
settings leave them to each story's first reader. Run this after those to spare readers the wait
(``articles.reader.parts``).
"""

from django.core.management.base import BaseCommand

from articles.reader.parts import render_missing


class Command(BaseCommand):
    help = "Render and store the reader markup (page parts and cards) of live stories that have none current."

    def handle(self, *args, **options):
        count = render_missing()
        self.stdout.write(self.style.SUCCESS(f"Rendered the parts of {count} stories."))
