"""Rate limits shared by the security code: a log line at most once per period, and a small
fixed-window request counter in the default cache."""

import threading
import time

_last_logged = {}
_lock = threading.Lock()


def warn_once_per_minute(logger, key, message, *args, period=60.0):
    """Log ``message`` as a warning unless the same ``key`` was logged in this process during the
    last ``period`` seconds. Returns whether it logged. Repeated failures (the cache down for every
    request) then give one line a minute instead of one traceback per call."""
    now = time.time()
    with _lock:
        last = _last_logged.get(key)
        if last is not None and now - last < period:
            return False
        _last_logged[key] = now
    logger.warning(message, *args)
    return True


def over_limit(bucket, limit, window=60):
    """Count one hit in ``bucket`` for the current window; True once it is over ``limit``.
    Uses the default cache (shared by every worker with Redis); with the cache down it never
    limits, since refusing everyone would be worse."""
    from articles.caching import cache_call

    key = f"ratelimit:{bucket}:{int(time.time() // window)}"
    cache_call("add", key, 0, window + 1)
    count = cache_call("incr", key, default=None)
    return count is not None and count > limit


class Breaker:
    """After a failure, skip the guarded call for ``seconds`` in this process, so a dependency that is
    down (Redis unreachable) costs one timeout every few seconds instead of several per request."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.open_until = 0.0

    def is_open(self):
        return time.time() < self.open_until

    def trip(self):
        self.open_until = time.time() + self.seconds

    def reset(self):
        self.open_until = 0.0
