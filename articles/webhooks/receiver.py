"""A small webhook receiver: checks each delivery's signature and keeps what arrived.

Used by ``manage.py webhook_receiver`` (the demo) and by the tests. Answers
each POST with the next status from ``statuses`` (200 when they run out) if
the signature verifies, 400 otherwise.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from articles.webhooks.signing import DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, verify

MAX_BODY = 10 * 1024 * 1024


class ReceiverHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(min(length, MAX_BODY))
        server = self.server
        verified = any(verify(secret, self.headers.get(SIGNATURE_HEADER), body) for secret in server.secrets())
        delivery = {"verified": verified, "event": self.headers.get(EVENT_HEADER),
                    "delivery_id": self.headers.get(DELIVERY_HEADER), "path": self.path, "body": body}
        with server.lock:
            status = (server.statuses.pop(0) if server.statuses else 200) if verified else 400
            delivery["answered"] = status
            server.deliveries.append(delivery)
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()
        server.on_delivery(delivery)

    def log_message(self, format, *args):
        pass


class Receiver(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address=("127.0.0.1", 0), *, secrets, statuses=(), on_delivery=lambda delivery: None):
        super().__init__(address, ReceiverHandler)
        self.secrets = secrets if callable(secrets) else (lambda: list(secrets))
        self.statuses = list(statuses)
        self.on_delivery = on_delivery
        self.deliveries = []
        self.lock = threading.Lock()

    @property
    def url(self):
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/hook"

    def start(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self


def describe(delivery):
    """One line for a person watching deliveries arrive."""
    if not delivery["verified"]:
        return f"✘ rejected: bad or old signature ({delivery['event']}, {delivery['delivery_id']})"
    try:
        story = json.loads(delivery["body"])["story"]
        title = next((h["value"] for h in story.get("headlines", []) if h.get("role") == "main"), story.get("uri"))
    except (ValueError, KeyError, TypeError, AttributeError):
        title = "(unreadable body)"
    return f"✔ {delivery['event']}  {title}  (delivery {delivery['delivery_id']})"
