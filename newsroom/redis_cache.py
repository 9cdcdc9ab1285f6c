"""Django's Redis cache, with one client per connection pool and a near cache of the hottest keys.

``django.core.cache.backends.redis.RedisCacheClient.get_client`` builds a new ``redis.Redis``
for every cache operation, and redis-py's constructor fills a table of some 170 response
callbacks each time: about a third of what a page-cache hit costs in Python. A client is
thread-safe and only borrows connections from its pool, so one per pool is enough.

Keys under ``OPTIONS["near_cache_prefixes"]`` are also copied into the process
(``newsroom.near_cache``: Redis reports every change to them, so the copy is exact), up to
``OPTIONS["near_cache_bytes"]``; reads of them cost no round trip. Only with one server, where every
write goes.

Keys are not checked for memcached's limits (``validate_key``): Redis takes any key, and the check
walks every character of every key in Python on every call (two keys per page-cache hit).
"""

from django.core.cache.backends import redis

from newsroom.near_cache import NearCache

NEAR_CACHE_CONNECTION_OPTIONS = ("socket_connect_timeout", "socket_timeout")


class ReusedClients(redis.RedisCacheClient):
    def __init__(self, servers, near_cache_prefixes=(), near_cache_bytes=0, key_function=None, **options):
        super().__init__(servers, **options)
        self._clients = {}
        self.near = None
        if near_cache_prefixes and near_cache_bytes > 0 and len(servers) == 1:
            connection = {name: options[name] for name in NEAR_CACHE_CONNECTION_OPTIONS if name in options}
            prefixes = [key_function(prefix) for prefix in near_cache_prefixes]
            self.near = NearCache(servers[0], prefixes, near_cache_bytes, **connection)

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(index))
        return client

    def get(self, key, default):
        if self.near is None:
            return super().get(key, default)
        found = self.get_many([key])
        return found[key] if key in found else default

    def get_many(self, keys):
        near = self.near
        if near is None:
            return super().get_many(keys)
        token = near.token()
        raws = {key: near.peek(key) for key in keys} if token is not None else dict.fromkeys(keys)
        missing = [key for key, raw in raws.items() if raw is None]
        if missing:
            for key, raw in zip(missing, self.get_client(None).mget(missing)):
                raws[key] = raw
                near.keep(key, raw, token)
        return {key: self._serializer.loads(raw) for key, raw in raws.items() if raw}

    def _written(self, keys, write, *args):
        """``write(*args)``, then this process's copies of ``keys`` forgotten, even when the write
        failed: a reply lost on the way back may follow a change Redis made."""
        try:
            return write(*args)
        finally:
            if self.near is not None:
                self.near.forget(keys)

    def add(self, key, value, timeout):
        return self._written([key], super().add, key, value, timeout)

    def set(self, key, value, timeout):
        return self._written([key], super().set, key, value, timeout)

    def touch(self, key, timeout):
        return self._written([key], super().touch, key, timeout)

    def delete(self, key):
        return self._written([key], super().delete, key)

    def incr(self, key, delta):
        return self._written([key], super().incr, key, delta)

    def set_many(self, data, timeout):
        return self._written(list(data), super().set_many, data, timeout)

    def delete_many(self, keys):
        return self._written(keys, super().delete_many, keys)

    def clear(self):
        try:
            return super().clear()
        finally:
            if self.near is not None:
                self.near.forget_all()


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClients
        if self._options.get("near_cache_prefixes"):
            self._options = {**self._options, "key_function": self.make_key}

    def validate_key(self, key):
        """Any key will do for Redis (memcached's 250-byte, no-spaces rules do not apply)."""
