"""Signatures on webhook deliveries: HMAC-SHA256 over ``"<timestamp>.<body>"`` with the subscription's secret.

Header ``Newsroom-Signature: t=<unix seconds>,v1=<hex digest>``. A receiver
recomputes the digest, compares in constant time and rejects old timestamps
(replays); ``Newsroom-Delivery`` is the idempotency id to dedupe retries on.
"""

import hashlib
import hmac
import time

SIGNATURE_HEADER = "Newsroom-Signature"
DELIVERY_HEADER = "Newsroom-Delivery"
EVENT_HEADER = "Newsroom-Event"
TOLERANCE_SECONDS = 300


def sign(secret, timestamp, body):
    """The header value for ``body`` (bytes) sent at ``timestamp``."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(secret, header, body, *, now=None, tolerance=TOLERANCE_SECONDS):
    """True when ``header`` is a valid, recent signature of ``body`` (bytes) with ``secret``."""
    try:
        parts = dict(item.split("=", 1) for item in (header or "").split(","))
        timestamp = int(parts["t"])
        given = parts["v1"]
    except (KeyError, ValueError):
        return False
    if abs((now if now is not None else time.time()) - timestamp) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body).split("v1=", 1)[1], given)
