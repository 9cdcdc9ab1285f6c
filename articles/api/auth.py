"""Who may read the Content API: a valid key (or anonymous reads, when allowed), within its rate limit.

Ninja runs this before the endpoint, so a request without a valid key is
refused before the page cache is even looked at.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from ninja.security import APIKeyHeader

from articles.models import ApiKey

logger = logging.getLogger(__name__)

RATE_KEY = "api:rate:{who}:{window}"
WINDOW_SECONDS = 60


class RateLimited(Exception):
    def __init__(self, retry_after):
        super().__init__("Too many requests")
        self.retry_after = retry_after


class ApiKeyAuth(APIKeyHeader):
    """``X-Api-Key: <key>`` or ``Authorization: Bearer <key>``."""

    param_name = "X-Api-Key"

    def _get_key(self, request):
        key = request.headers.get(self.param_name)
        if key:
            return key.strip()
        scheme, _, value = request.headers.get("Authorization", "").partition(" ")
        return value.strip() if scheme.lower() == "bearer" and value.strip() else None

    def authenticate(self, request, key):
        if key is None:
            if not settings.API_ALLOW_ANONYMOUS:
                return None
            check_rate(f"anonymous:{request.META.get('REMOTE_ADDR', '')}")
            return "anonymous"
        api_key = ApiKey.objects.matching(key)
        if api_key is None:
            return None
        check_rate(f"key:{api_key.pk}")
        api_key.touch()
        return api_key


def check_rate(who):
    """Count one request for ``who`` in this minute's window (in the cache, i.e. Redis); raise when over the limit."""
    limit = settings.API_RATE_LIMIT_PER_MINUTE
    if limit <= 0:
        return
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    key = RATE_KEY.format(who=who, window=window)
    try:
        cache.add(key, 0, WINDOW_SECONDS * 2)
        count = cache.incr(key)
    except Exception:  # the cache is down: serve rather than refuse everyone
        logger.warning("Rate limit not checked: the cache is unreachable", exc_info=True)
        return
    if count > limit:
        raise RateLimited(retry_after=max(1, int((window + 1) * WINDOW_SECONDS - now) + 1))
