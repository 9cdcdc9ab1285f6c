"""Development only: a demo Content API key and a webhook subscription for ``webhook_receiver``.

``make run`` calls it and prints the key. The key is a fixed, public string, so the
command refuses to run unless ``DEBUG`` is on.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from articles.management.commands.webhook_receiver import DEFAULT_PORT
from articles.models import ApiKey, WebhookEvent, WebhookSubscription
from articles.models.api import digest

DEMO_KEY = "nrk_demo-key-for-development-only"
DEMO_SECRET = "demo-webhook-secret-for-development-only"


class Command(BaseCommand):
    help = "Create the demo API key and the demo webhook subscription (DEBUG only) and print the key."

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000", help="The port the site is served on (for the example).")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo_api is for development only (DEBUG=1): its key is public.")
        if not ApiKey.objects.filter(key_hash=digest(DEMO_KEY)).exists():
            ApiKey.objects.issue(name="Demo key (development only)", raw_key=DEMO_KEY)
        WebhookSubscription.objects.get_or_create(
            name="Demo receiver (manage.py webhook_receiver)",
            defaults=dict(url=f"http://127.0.0.1:{DEFAULT_PORT}/hook", secret=DEMO_SECRET,
                          events=list(WebhookEvent.values),
                          owner=get_user_model().objects.filter(is_superuser=True).order_by("pk").first()),
        )
        self.stdout.write(f"Demo API key (development only): {DEMO_KEY}")
        self.stdout.write(f'  curl -H "X-Api-Key: {DEMO_KEY}" http://127.0.0.1:{options["port"]}/api/v1/stories/')
        self.stdout.write("  Webhook deliveries: run `.venv/bin/python manage.py webhook_receiver` in another terminal.")
