"""``newsroom.lazy_messages``: the message storage is built when a request uses it, and then behaves
exactly as Django's ``MessageMiddleware`` (messages survive a redirect; an unused one changes nothing)."""

import pytest
from django.contrib import messages
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.functional import empty

from articles.tests.factories import ArticleFactory
from newsroom.lazy_messages import LazyMessageMiddleware


def run(view, cookies=None):
    """``view`` behind the session and message middleware; returns (request, response)."""
    request = RequestFactory().get("/")
    request.COOKIES.update(cookies or {})

    def chain(request):
        return LazyMessageMiddleware(view)(request)

    return request, SessionMiddleware(chain)(request)


def test_a_request_that_adds_a_message_stores_it_and_the_next_one_reads_it():
    def add(request):
        messages.success(request, "Story saved.")
        return HttpResponse("redirecting")

    _, response = run(add)
    cookie = response.cookies["messages"].value
    assert cookie

    shown = []

    def show(request):
        shown.extend(str(message) for message in messages.get_messages(request))
        return HttpResponse("shown")

    _, response = run(show, {"messages": cookie})
    assert shown == ["Story saved."]
    assert response.cookies["messages"].value == ""  # read, so cleared, as Django does


def test_a_request_that_never_uses_messages_builds_no_storage_and_keeps_the_cookie():
    _, earlier = run(lambda request: messages.info(request, "Kept for later.") or HttpResponse())
    cookie = earlier.cookies["messages"].value
    request, response = run(lambda request: HttpResponse("a reader page"), {"messages": cookie})
    assert request._messages._wrapped is empty
    assert "messages" not in response.cookies


@pytest.mark.django_db
def test_reader_pages_leave_the_message_storage_unbuilt(client):
    story = ArticleFactory(published=True)
    for path in ("/", story.get_absolute_url()):
        response = client.get(path)
        assert response.status_code == 200
        assert response.wsgi_request._messages._wrapped is empty, path
