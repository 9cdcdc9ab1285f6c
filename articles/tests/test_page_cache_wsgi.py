"""The WSGI door (``newsroom.wsgi``): cached pages answered before Django builds a request.

Driven through the real WSGI application with hand-built environs, as gunicorn calls it.
"""

from wsgiref.util import setup_testing_defaults

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from articles.tests.factories import ArticleFactory, rewrite
from newsroom.wsgi import application

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.READER_PAGE_CACHE_SECONDS = 300


def call(path, query="", method="GET", **environ):
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query,
               "SERVER_NAME": "testserver", "SERVER_PORT": "80", "HTTP_HOST": "testserver", **environ}
    setup_testing_defaults(environ)
    answered = {}

    def start_response(status, headers, exc_info=None):
        answered.update(status=status, headers=dict(headers))

    # As Django's test client does: the test's database connection must outlive the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        answer = application(environ, start_response)
        body = b"".join(answer)
        if hasattr(answer, "close"):
            answer.close()  # as a WSGI server does: Django sends request_finished here
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answered["status"], answered["headers"], body


@pytest.fixture
def django_requests():
    """How many requests reached Django (``request_started``) while the test ran."""
    seen = []

    def count(**kwargs):
        seen.append(1)

    request_started.connect(count)
    yield seen
    request_started.disconnect(count)


def test_a_cached_page_is_answered_at_the_door_with_its_headers_and_no_sql(
        django_requests, django_assert_num_queries):
    story = ArticleFactory(published=True, headline="Ferry timetable changes")
    status, first_headers, first_body = call(story.get_absolute_url())
    assert status == "200 OK" and "X-Reader-Cache" not in first_headers and len(django_requests) == 1

    with django_assert_num_queries(0):
        status, headers, body = call(story.get_absolute_url())
    assert status == "200 OK" and headers["X-Reader-Cache"] == "hit"
    assert len(django_requests) == 1, "the hit must not reach Django"
    assert body == first_body and b"Ferry timetable changes" in body
    assert headers["Content-Length"] == str(len(body))
    for name in ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy",
                 "ETag", "Cache-Control", "Surrogate-Key", "Content-Type"):
        assert headers[name] == first_headers[name], name


def test_an_edit_is_seen_at_once_through_the_door():
    story = ArticleFactory(published=True, headline="Bridge closed")
    call(story.get_absolute_url())
    assert call(story.get_absolute_url())[1]["X-Reader-Cache"] == "hit"
    rewrite(story, headline="Bridge reopened")
    status, headers, body = call(story.get_absolute_url())
    assert "X-Reader-Cache" not in headers and b"Bridge reopened" in body and b"Bridge closed" not in body


@pytest.mark.parametrize("environ", [
    {"HTTP_COOKIE": "sessionid=abc"},
    {"QUERY_STRING": "utm_source=newsletter"},
    {"REQUEST_METHOD": "HEAD"},
    {"REQUEST_METHOD": "POST"},
    {"HTTP_IF_NONE_MATCH": '"other"'},
    {"HTTP_IF_MODIFIED_SINCE": "Mon, 30 Nov 2026 00:00:00 GMT"},
], ids=["session cookie", "unknown parameter", "HEAD", "POST", "If-None-Match", "If-Modified-Since"])
def test_the_door_leaves_to_django_what_it_cannot_answer_alone(environ, django_requests):
    ArticleFactory(published=True)
    call("/")
    before = len(django_requests)
    call("/", **environ)
    assert len(django_requests) == before + 1


def test_a_conditional_get_of_a_cached_page_is_a_304_from_django_without_sql(django_assert_num_queries):
    ArticleFactory(published=True)
    etag = call("/")[1]["ETag"]
    with django_assert_num_queries(0):
        status, headers, body = call("/", HTTP_IF_NONE_MATCH=etag)
    assert status.startswith("304") and body == b""


def test_pages_are_kept_per_host_and_scheme_and_a_refused_host_is_never_served(settings, django_requests):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    ArticleFactory(published=True)
    call("/")
    assert call("/")[1]["X-Reader-Cache"] == "hit"
    assert "X-Reader-Cache" not in call("/", HTTP_HOST="other.example")[1]
    assert "X-Reader-Cache" not in call("/", HTTP_X_FORWARDED_PROTO="https")[1]
    status, headers, _ = call("/", HTTP_HOST="evil.example")
    assert status.startswith("400") and "X-Reader-Cache" not in headers


def test_with_the_page_cache_off_the_door_always_passes(settings, django_requests):
    settings.READER_PAGE_CACHE_SECONDS = 0
    ArticleFactory(published=True)
    call("/")
    call("/")
    assert len(django_requests) == 2


def test_admin_and_api_never_answer_at_the_door(django_requests):
    call("/admin/login/")
    call("/admin/login/")
    call("/api/v1/stories/")
    call("/api/v1/stories/")
    assert len(django_requests) == 4
