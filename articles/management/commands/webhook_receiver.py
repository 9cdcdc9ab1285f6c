"""Run a local webhook receiver that prints verified deliveries: ``manage.py webhook_receiver [--port 8099]``.

It checks signatures with the secrets of the subscriptions in this database
(or ``--secret``). ``make run`` creates a "Demo receiver" subscription pointing
here, so publishing a story in the admin shows up in this terminal.
"""

from django.core.management.base import BaseCommand

from articles.models import WebhookSubscription
from articles.webhooks.receiver import Receiver, describe

DEFAULT_PORT = 8099


class Command(BaseCommand):
    help = "Run a local webhook receiver that prints each delivery and whether its signature verifies."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=DEFAULT_PORT)
        parser.add_argument("--secret", default="", help="Check signatures with this secret only.")

    def handle(self, *args, **options):
        def secrets():
            if options["secret"]:
                return [options["secret"]]
            return list(WebhookSubscription.objects.values_list("secret", flat=True))

        receiver = Receiver(("127.0.0.1", options["port"]), secrets=secrets,
                            on_delivery=lambda delivery: self.stdout.write(describe(delivery)))
        self.stdout.write(f"Listening on {receiver.url} (any path); Ctrl-C to stop.")
        try:
            receiver.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            receiver.server_close()
