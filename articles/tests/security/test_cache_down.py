"""With the cache (Redis) unreachable, pages still answer and the log gets one warning a minute."""

import logging

import pytest
import time_machine

from articles import caching, page_store
from articles.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


class DownCache:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")
        return fail


def test_unreachable_cache_logs_one_warning_a_minute_without_traceback(client, monkeypatch, caplog):
    from articles.security import ratelimit

    ArticleFactory(published=True)
    monkeypatch.setattr(page_store, "cache", DownCache())
    monkeypatch.setattr(ratelimit, "_last_logged", {})
    with time_machine.travel("2030-01-01 10:00Z", tick=False) as traveller, \
            caplog.at_level(logging.WARNING, logger="articles.caching"):
        for _ in range(20):
            assert client.get("/").status_code == 200
            traveller.shift(2)  # past the 5 s breaker now and then: the cache is tried again
        first_minute = [r for r in caplog.records if r.name == "articles.caching"]
        traveller.shift(30)
        assert client.get("/").status_code == 200
    records = [r for r in caplog.records if r.name == "articles.caching"]
    assert len(first_minute) == 1 and len(records) == 2
    assert all(r.exc_info is None for r in records)
    assert "Connection refused" in records[0].getMessage()


def test_warn_once_per_minute_is_per_key():
    from articles.security.ratelimit import warn_once_per_minute

    logger = logging.getLogger("test.ratelimit")
    assert warn_once_per_minute(logger, "k1-unique", "one")
    assert not warn_once_per_minute(logger, "k1-unique", "one again")
    assert warn_once_per_minute(logger, "k2-unique", "another")


def test_after_a_failure_the_cache_is_left_alone_for_a_few_seconds_then_tried_again(monkeypatch):
    calls = []

    class Flaky:
        def get(self, *args):
            calls.append(args)
            raise ConnectionError("down")

    monkeypatch.setattr(page_store, "cache", Flaky())
    with time_machine.travel("2030-01-01 10:00Z", tick=False) as traveller:
        for _ in range(10):
            assert caching.cache_call("get", "k") is None
        assert len(calls) == 1
        traveller.shift(6)
        caching.cache_call("get", "k")
        assert len(calls) == 2


def test_an_unreachable_job_queue_runs_jobs_here_with_one_warning_and_no_traceback(settings, monkeypatch, caplog):
    from articles import jobs
    from articles.security import ratelimit

    ran = []
    settings.JOBS_RUN_INLINE = False
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0", "DEFAULT_TIMEOUT": 60}}  # nothing listens
    monkeypatch.setattr(ratelimit, "_last_logged", {})
    jobs.QUEUE_BREAKER.reset()
    with caplog.at_level(logging.WARNING, logger="articles.jobs"):
        for n in range(5):
            jobs.submit(ran.append, (n,), {})
    jobs.QUEUE_BREAKER.reset()
    records = [r for r in caplog.records if r.name == "articles.jobs"]
    assert ran == [0, 1, 2, 3, 4]
    assert len(records) == 1 and records[0].exc_info is None
    assert "unreachable" in records[0].getMessage()
