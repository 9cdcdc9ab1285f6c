"""Django's Redis cache, with one client per connection pool instead of one per call.

``django.core.cache.backends.redis.RedisCacheClient.get_client`` builds a new ``redis.Redis``
for every cache operation, and redis-py's constructor fills a table of some 170 response
callbacks each time: about a third of what a page-cache hit costs in Python. A client is
thread-safe and only borrows connections from its pool, so one per pool is enough.

Keys are not checked for memcached's limits (``validate_key``): Redis takes any key, and the check
walks every character of every key in Python on every call (two keys per page-cache hit).
"""

from django.core.cache.backends import redis


class ReusedClients(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(index))
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClients

    def validate_key(self, key):
        """Any key will do for Redis (memcached's 250-byte, no-spaces rules do not apply)."""
