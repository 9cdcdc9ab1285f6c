"""Sending one webhook delivery (a queue job), with retries and a log.

A delivery that does not get a 2xx answer is tried again after 1, 4, 16, 64,
256 and 1024 minutes (about 23 hours in all). When the last try fails the
delivery is marked failed, the subscription is turned off and its owner gets
an e-mail. Redirects count as failures and are never followed. Unless
``WEBHOOK_ALLOW_PRIVATE_ADDRESSES`` (development), the address must resolve
only to public IPs (``articles.safe_http.is_public_address``) and the
connection goes to the address that was checked.
"""

import http.client
import logging
import socket
import ssl
import time
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from articles.safe_http import is_public_address
from articles.jobs import enqueue, enqueue_in
from articles.jobs.tasks import send_notification_mail
from articles.models import DeliveryState, WebhookDelivery
from articles.webhooks.signing import DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, sign

logger = logging.getLogger(__name__)

BACKOFF_SECONDS = [60 * 4**n for n in range(6)]  # waits after the 1st … 6th failed attempt
MAX_ATTEMPTS = len(BACKOFF_SECONDS) + 1


class Refused(Exception):
    """The address may never be delivered to (private network, bad scheme): no retry."""


class Failed(Exception):
    """This attempt did not get through; try again later."""


def deliver(delivery_id):
    """Make one attempt at ``delivery_id`` and record it; schedule the next one or give up."""
    delivery = WebhookDelivery.objects.select_related("subscription__owner").filter(pk=delivery_id).first()
    if delivery is None or delivery.state != DeliveryState.PENDING:
        return
    subscription = delivery.subscription
    now = timezone.now()
    if not subscription.active:
        delivery.state, delivery.last_error, delivery.next_attempt_at = DeliveryState.FAILED, "Subscription is off", None
        delivery.save()
        return
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.last_status_code = None
    try:
        delivery.last_status_code = post(subscription.url, delivery.body.encode(), headers={
            "Content-Type": "application/json",
            "User-Agent": "newsroom-webhooks/1",
            EVENT_HEADER: delivery.event,
            DELIVERY_HEADER: str(delivery.event_id),
            "Idempotency-Key": str(delivery.event_id),
            SIGNATURE_HEADER: sign(subscription.secret, int(time.time()), delivery.body.encode()),
        })
        if 200 <= delivery.last_status_code < 300:
            delivery.state, delivery.last_error, delivery.next_attempt_at = DeliveryState.DELIVERED, "", None
            delivery.save()
            return
        delivery.last_error = f"HTTP {delivery.last_status_code}"
    except Refused as exc:
        delivery.state, delivery.last_error, delivery.next_attempt_at = DeliveryState.FAILED, str(exc)[:300], None
        delivery.save()
        return
    except Failed as exc:
        delivery.last_error = str(exc)[:300]
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.state, delivery.next_attempt_at = DeliveryState.FAILED, None
        delivery.save()
        turn_off(subscription, f"A delivery failed {delivery.attempts} times over a day ({delivery.last_error}).")
        return
    wait = timedelta(seconds=BACKOFF_SECONDS[delivery.attempts - 1])
    delivery.next_attempt_at = now + wait
    delivery.save()
    enqueue_in(wait, deliver, delivery.pk)


def turn_off(subscription, reason):
    """Stop a subscription that keeps failing and tell its owner."""
    subscription.active = False
    subscription.disabled_reason = reason
    subscription.save(update_fields=["active", "disabled_reason"])
    logger.warning("Webhook subscription %s turned off: %s", subscription.pk, reason)
    owner = subscription.owner
    if owner is not None and owner.email:
        enqueue(send_notification_mail, f"Webhook turned off: {subscription.name}",
                f"The webhook subscription “{subscription.name}” ({subscription.url}) was turned off.\n\n{reason}\n\n"
                f"Fix the receiver, then tick “active” again in the admin.\n", [owner.email])


def resolve(host, port):
    """The address to connect to; refused when any address of ``host`` is private (unless allowed)."""
    try:
        addresses = [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]
    except (socket.gaierror, UnicodeError):
        raise Failed(f"The host {host!r} could not be found.") from None
    if not addresses:
        raise Failed(f"The host {host!r} has no address.")
    if not settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES and not all(is_public_address(a) for a in addresses):
        raise Refused(f"Webhooks are not sent to private or local addresses ({host}).")
    return addresses[0]


def check_address(url):
    """``(parts, port, address to connect to)`` for ``url``; raises :class:`Refused` or :class:`Failed`."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused("Only http and https addresses receive webhooks.")
    if parts.username or parts.password:
        raise Refused("Webhook addresses may not carry a user name or password.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise Refused("The address has an invalid port.") from None
    return parts, port, resolve(parts.hostname, port)


def post(url, body, *, headers):
    """POST ``body`` to ``url``; returns the status code (a redirect is returned, never followed)."""
    parts, port, address = check_address(url)
    timeout = settings.WEBHOOK_TIMEOUT_SECONDS
    try:
        sock = socket.create_connection((address, port), timeout=timeout)
    except OSError as exc:
        raise Failed(f"Could not connect ({exc.__class__.__name__}).") from exc
    try:
        if parts.scheme == "https":
            sock = ssl.create_default_context().wrap_socket(sock, server_hostname=parts.hostname)
        connection = http.client.HTTPConnection(parts.hostname, port, timeout=timeout)
        connection.sock = sock
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(65536)
        return response.status
    except (OSError, http.client.HTTPException) as exc:
        raise Failed(f"The request failed ({exc.__class__.__name__}).") from exc
    finally:
        sock.close()
