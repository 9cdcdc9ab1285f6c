"""Login throttling is django-axes (settings ``AXES_*``); this module tells it who the client is."""

from django.conf import settings


def client_ip(request):
    """The client's address: ``REMOTE_ADDR``, or with ``TRUSTED_PROXY_COUNT`` proxies in front the
    address the outermost trusted proxy saw (counted from the right of X-Forwarded-For, so a client
    cannot choose it by sending its own header)."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")
