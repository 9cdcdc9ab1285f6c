"""A process's copy of the hottest cache keys (``newsroom.near_cache``) is read without a round trip
and never outlives a change: another process's write, an expiry, a flush, a lost or silent connection."""

import time

import pytest
import redis
from django.conf import settings

from newsroom import near_cache
from newsroom.redis_cache import RedisCache

pytestmark = pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL (the PostgreSQL + Redis run)")
PREFIX = "test-near-cache"


@pytest.fixture
def cache():
    backend = RedisCache(settings.REDIS_URL, {"KEY_PREFIX": PREFIX, "OPTIONS": {
        "near_cache_prefixes": ["hot:"], "near_cache_bytes": 1024 * 1024, "socket_timeout": 1}})
    yield backend
    backend.delete_many(["hot:a", "hot:b", "cold"])


@pytest.fixture
def other_process():
    """A plain client, writing as another app server would (nothing tells this process's copy)."""
    client = redis.Redis.from_url(settings.REDIS_URL)
    yield client
    client.close()


def full(key):
    return f"{PREFIX}:1:{key}"


def no_round_trips(backend, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("went to Redis")

    client = backend._cache.get_client()
    monkeypatch.setattr(client, "mget", refuse)
    monkeypatch.setattr(client, "get", refuse)


def eventually(check, seconds=2.0):
    """Redis reports a change on its own connection: give the report time to arrive."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "the change was not seen"
        time.sleep(0.01)


def test_tracked_keys_are_read_from_the_copy_and_others_from_redis(cache, monkeypatch):
    cache.set("hot:a", {"menu": ["World"]}, 60)
    cache.set("cold", "x", 60)
    assert cache.get("hot:a") == {"menu": ["World"]}
    assert cache.get_many(["hot:a", "hot:b"]) == {"hot:a": {"menu": ["World"]}}  # hot:b known absent
    no_round_trips(cache, monkeypatch)
    assert cache.get("hot:a") == {"menu": ["World"]}
    assert cache.get_many(["hot:a", "hot:b"]) == {"hot:a": {"menu": ["World"]}}
    with pytest.raises(AssertionError, match="went to Redis"):
        cache.get("cold")


def test_own_writes_are_seen_at_once(cache):
    cache.set("hot:a", 1, 60)
    assert cache.get("hot:a") == 1
    cache.set("hot:a", 2, 60)
    assert cache.get("hot:a") == 2
    cache.delete("hot:a")
    assert cache.get("hot:a") is None
    cache.add("hot:a", 3, 60)
    assert cache.get("hot:a") == 3
    cache.set_many({"hot:a": 4, "hot:b": 5}, 60)
    assert cache.get_many(["hot:a", "hot:b"]) == {"hot:a": 4, "hot:b": 5}
    cache.delete_many(["hot:a", "hot:b"])
    assert cache.get_many(["hot:a", "hot:b"]) == {}


def test_another_process_write_delete_and_creation_are_seen(cache, other_process):
    cache.set("hot:a", "old", 60)
    assert cache.get("hot:a") == "old"
    assert cache.get("hot:b") is None
    other_process.set(full("hot:a"), cache._cache._serializer.dumps("new"))
    eventually(lambda: cache.get("hot:a") == "new")
    other_process.delete(full("hot:a"))
    eventually(lambda: cache.get("hot:a") is None)
    other_process.set(full("hot:b"), cache._cache._serializer.dumps("created"))  # was known absent
    eventually(lambda: cache.get("hot:b") == "created")


def test_expiry_and_flush_are_seen(cache, other_process):
    cache.set("hot:a", "short-lived", 60)
    other_process.pexpire(full("hot:a"), 50)
    assert cache.get("hot:a") == "short-lived"
    eventually(lambda: cache.get("hot:a") is None)
    cache.set("hot:b", "flushed", 60)
    assert cache.get("hot:b") == "flushed"
    other_process.flushdb()
    eventually(lambda: cache.get("hot:b") is None)


def test_a_read_that_raced_a_change_is_not_kept(cache, other_process):
    near = cache._cache.near
    cache.set("hot:a", "before", 60)
    token = near.token()
    raw = other_process.get(full("hot:a"))  # read before the change...
    other_process.set(full("hot:a"), cache._cache._serializer.dumps("after"))
    eventually(lambda: near.token() != token)  # ...whose report came in before the read was kept
    near.keep(full("hot:a"), raw, token)
    assert near.peek(full("hot:a")) is None
    assert cache.get("hot:a") == "after"


def test_a_lost_connection_drops_the_copy(cache, other_process):
    cache.set("hot:a", "before", 60)
    assert cache.get("hot:a") == "before"
    other_process.client_kill_filter(_id=cache._cache.near.client_id)
    other_process.set(full("hot:a"), cache._cache._serializer.dumps("after"))
    assert cache.get("hot:a") == "after"
    assert cache._cache.near.token() is None  # off until it reconnects, reading Redis meanwhile


def test_a_silent_connection_drops_the_copy(cache, other_process, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(near_cache, "monotonic", lambda: clock[0])
    near = cache._cache.near
    cache.set("hot:a", "before", 60)
    assert cache.get("hot:a") == "before"
    eventually(lambda: near.token() is not None and near._ping_sent is None)  # the first PING was answered
    other_process.client_pause(300)  # Redis answers nobody for 0.3 s
    clock[0] += near_cache.PING_SECONDS + 0.1
    assert near.token() is not None  # sends a PING that will not be answered in time
    clock[0] += near_cache.SILENT_SECONDS + 0.1
    assert near.token() is None
    assert near.peek(full("hot:a")) is None
    time.sleep(0.3)  # Redis answers again


def test_the_copy_stays_within_its_size(cache):
    near = cache._cache.near
    big = "x" * 100_000
    for n in range(30):
        cache.set(f"hot:{n}", big, 60)
        assert cache.get(f"hot:{n}") == big
    assert near._bytes <= near.max_bytes
    assert near.peek(full("hot:29")) is not None and near.peek(full("hot:0")) is None
    cache.delete_many([f"hot:{n}" for n in range(30)])


def test_a_redis_that_refuses_tracking_leaves_reads_to_redis(other_process):
    """Overlapping prefixes are refused by Redis, as a managed Redis may refuse CLIENT TRACKING."""
    backend = RedisCache(settings.REDIS_URL, {"KEY_PREFIX": PREFIX, "OPTIONS": {
        "near_cache_prefixes": ["hot:", "hot:a"], "near_cache_bytes": 1024 * 1024}})
    before = len(other_process.client_list())
    backend.set("hot:a", "through", 60)
    assert backend.get("hot:a") == "through"
    assert backend._cache.near.token() is None
    assert len(other_process.client_list()) <= before + 1  # the cache's own connection, no tracking one
    backend.delete("hot:a")


def test_a_write_that_fails_still_forgets_the_copy(cache, monkeypatch):
    cache.set("hot:a", "before", 60)
    assert cache.get("hot:a") == "before"
    client = cache._cache.get_client()

    def lost_reply(*args, **kwargs):
        raise redis.ConnectionError("reply lost")

    with monkeypatch.context() as patched:
        patched.setattr(client, "delete", lost_reply)
        with pytest.raises(redis.ConnectionError):
            cache.delete("hot:a")
    assert cache._cache.near.peek(full("hot:a")) is None
