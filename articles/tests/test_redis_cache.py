"""The Redis cache backend keeps one client per connection pool (Django's builds one per call)."""

import pytest
from django.conf import settings

from newsroom.redis_cache import RedisCache

pytestmark = pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL (the PostgreSQL + Redis run)")


def test_one_client_serves_every_call_and_the_cache_works():
    cache = RedisCache(settings.REDIS_URL, {"KEY_PREFIX": "test-reused-clients"})
    first = cache._cache.get_client("a")
    assert cache._cache.get_client("b") is first
    assert cache._cache.get_client("c", write=True) is first  # one server: reads and writes share the pool
    cache.set("greeting", {"text": "sous-sdey"}, 30)
    assert cache.get("greeting") == {"text": "sous-sdey"}
    assert cache.get_many(["greeting", "missing"]) == {"greeting": {"text": "sous-sdey"}}
    cache.delete("greeting")
    assert cache.get("greeting") is None

