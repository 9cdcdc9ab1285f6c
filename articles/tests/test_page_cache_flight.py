"""Single flight (many concurrent misses, one render), stale feeds while rebuilt, and scheduled stories."""

import threading
import time
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from articles import page_store
from articles.caching import pages_changed, public_page
from articles.page_cache_middleware import PageCacheMiddleware
from articles.tests.factories import ArticleFactory


def counting_site(stale_while_revalidate=False):
    renders = []

    def view(request):
        renders.append(1)
        time.sleep(1.0)  # long enough for every thread to arrive while the first renders
        return HttpResponse(f"render {len(renders)}")

    return PageCacheMiddleware(public_page(view, keys=("feeds",),
                                           stale_while_revalidate=stale_while_revalidate)), renders


def concurrently(handler, count=8):
    answers = [None] * count

    def fetch(n):
        answers[n] = handler(RequestFactory().get("/feed/"))

    threads = [threading.Thread(target=fetch, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@pytest.fixture
def no_schedule():
    cache.clear()
    cache.set(page_store.NEXT_DUE, 0, None)  # nothing scheduled: the views below need no database


def test_many_concurrent_misses_render_once(no_schedule):
    handler, renders = counting_site()
    answers = concurrently(handler)
    assert len(renders) == 1
    assert {answer.content for answer in answers} == {b"render 1"}
    assert all(answer.status_code == 200 for answer in answers)


def test_feeds_are_served_stale_while_one_process_rebuilds_them(no_schedule):
    handler, renders = counting_site(stale_while_revalidate=True)
    handler(RequestFactory().get("/feed/"))
    page_store.invalidate({"feeds"})
    answers = concurrently(handler)
    assert len(renders) == 2  # one rebuild
    stale = [answer for answer in answers if answer.content == b"render 1"]
    assert stale and all(answer["X-Reader-Cache"] == "stale" for answer in stale)
    assert all(answer.content in (b"render 1", b"render 2") for answer in answers)
    assert handler(RequestFactory().get("/feed/")).content == b"render 2"


@pytest.mark.django_db
def test_no_page_outlives_the_next_scheduled_publication(client):
    cache.clear()
    ArticleFactory(published=True, headline="Live already")
    ArticleFactory(published=True, headline="Embargoed story", publish_at=timezone.now() + timedelta(minutes=5))
    assert "Embargoed story" not in client.get("/").content.decode()
    assert client.get("/")["X-Reader-Cache"] == "hit"
    with time_machine.travel(timezone.now() + timedelta(minutes=5, seconds=1)):
        response = client.get("/")
        assert "X-Reader-Cache" not in response and "Embargoed story" in response.content.decode()


@pytest.mark.django_db
def test_a_bulk_import_never_pushes_the_due_time_past_the_clock(client):
    """Thousands of changes in a row leave the due time where the schedule says, not in the future."""
    cache.clear()
    ArticleFactory(published=True, headline="Live already")
    ArticleFactory(published=True, headline="Embargoed story", publish_at=timezone.now() + timedelta(minutes=5))
    client.get("/")
    for n in range(200):
        pages_changed({f"story:{n}"})
    client.get("/")
    with time_machine.travel(timezone.now() + timedelta(minutes=5, seconds=1)):
        assert "Embargoed story" in client.get("/").content.decode()
