"""The database stops answering: reads retry once then answer 503 with Retry-After (or the cached
copy), saves answer "not saved" only when nothing committed, and never a traceback per request.

The first tests simulate the outage where the driver would raise it (any database); the PostgreSQL ones at
the end kill the request's own backend and point the connection at a port nobody listens on."""

import logging
import socket
import time
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.db.backends.utils import CursorWrapper
from django.urls import reverse

from articles import page_store
from articles.models import Article
from articles.security.outage import outage_page
from articles.security.outage_errors import is_outage
from articles.tests.factories import article_in_state, user_in_role
from articles.tests.test_admin_stale_edit import form_data

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a real PostgreSQL server")


@contextmanager
def database_down(failures=10**6, when=lambda sql: True, message="database is locked"):
    """Every statement (matching ``when``) fails with an outage error, ``failures`` times, where
    the driver would raise it (below every execute wrapper)."""
    state = {"left": failures, "failed": 0}
    real_execute = CursorWrapper._execute

    def execute(cursor, sql, params, *ignored):
        if state["left"] > 0 and when(sql):
            state["left"] -= 1
            state["failed"] += 1
            raise OperationalError(message)
        return real_execute(cursor, sql, params, *ignored)

    with mock.patch.object(CursorWrapper, "_execute", execute):
        yield state


def assert_outage_page(response, text):
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Cache-Control"] == "no-store"
    assert text in response.content.decode()
    assert "Traceback" not in response.content.decode()


@pytest.fixture
def client(client):
    """The test client re-raises any exception a request met, even one the site answered; a server does not."""
    client.raise_request_exception = False
    return client


@pytest.fixture
def story(db):
    return article_in_state("published", headline="Harbour reopens after the storm")


@pytest.mark.django_db
def test_a_read_that_fails_once_is_retried_and_answers_the_page(client, story):
    with database_down(failures=1) as state:
        response = client.get(story.get_absolute_url())
    assert state["failed"] == 1
    assert response.status_code == 200
    assert b"Harbour reopens" in response.content


@pytest.mark.django_db
def test_a_read_while_the_database_is_down_answers_503_with_retry_after_and_logs_no_traceback(
        client, story, caplog):
    caplog.set_level(logging.WARNING)
    for _ in range(3):
        with database_down() as state:
            response = client.get(story.get_absolute_url())
        assert_outage_page(response, "Back in a moment")
        assert state["failed"] >= 2  # tried twice
    assert "Traceback" not in caplog.text
    assert not [r for r in caplog.records if r.name == "django.request"]
    assert len([r for r in caplog.records if r.name == "newsroom.database"]) <= 1  # once a minute


@pytest.mark.django_db
def test_an_editors_admin_page_while_the_database_is_down_answers_503(client):
    client.force_login(user_in_role("Editors", "eve"))
    with database_down():
        response = client.get(reverse("admin:articles_article_changelist"))
    assert_outage_page(response, "Back in a moment")


def test_the_outage_page_reads_nothing_from_the_database(rf):
    response = outage_page(rf.get("/section/news/"), "read", 503)  # no db fixture: any query would raise
    page = response.content.decode()
    assert 'http-equiv="refresh" content="5"' in page and 'href="/section/news/"' in page
    assert "<script" not in page  # the reader CSP allows no inline script


@pytest.mark.django_db
def test_the_content_api_answers_json_while_the_database_is_down(api):
    with database_down():
        response = api.get("/api/v1/stories/")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert response.json() == {"detail": "The database is restarting; try again shortly."}


@pytest.mark.django_db
def test_a_cached_page_is_still_served_while_the_database_is_down(client, story, settings):
    settings.READER_PAGE_CACHE_SECONDS = 300
    assert client.get("/").status_code == 200
    with database_down() as state:
        response = client.get("/")
    assert response.status_code == 200 and response["X-Reader-Cache"] == "hit"
    assert state["failed"] == 0


@pytest.mark.django_db
def test_an_expired_cached_copy_stands_in_while_the_database_is_down(client, story, settings):
    settings.READER_PAGE_CACHE_SECONDS = 300
    assert client.get("/").status_code == 200
    key = page_store.page_key("http://testserver/?")
    entry = page_store.fetch(key)
    entry.due = time.time() - 1  # a scheduled story was due: normally the page is built again
    page_store.cache_call("set", key, entry, 300)
    with database_down():
        response = client.get("/")
    assert response.status_code == 200 and response["X-Reader-Cache"] == "stale-database-down"
    assert b"Harbour reopens" in response.content


@pytest.mark.django_db
def test_a_query_that_is_wrong_is_still_a_500_not_an_outage(client, story):
    with database_down(message="no such table: articles_article"):
        response = client.get(story.get_absolute_url())
    assert response.status_code == 500
    assert not is_outage(OperationalError("no such table: articles_article"))


@pytest.mark.django_db
def test_a_save_that_reached_no_commit_answers_not_saved_and_stores_nothing(client):
    client.force_login(user_in_role("Reporters", "rita"))
    add = reverse("admin:articles_article_add")
    data = form_data(client.get(add))
    data.update(headline="Filed during the outage", slug="", body="<p>Words.</p>")
    with database_down(when=lambda sql: "articles_article" in sql and sql.startswith("INSERT")):
        response = client.post(add, data)
    assert_outage_page(response, "Not saved")
    assert not Article.objects.filter(headline="Filed during the outage").exists()
    again = client.post(add, data)  # the database is back: sending the same form again saves it once
    assert again.status_code == 302
    assert Article.objects.filter(headline="Filed during the outage").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_save_that_committed_is_never_answered_with_an_error(client, settings):
    settings.SESSION_SAVE_EVERY_REQUEST = True  # the session is written after the story's commit
    client.force_login(user_in_role("Reporters", "rita"))
    add = reverse("admin:articles_article_add")
    data = form_data(client.get(add))
    data.update(headline="Committed before the drop", slug="", body="<p>Words.</p>")
    seen = {"story": False}

    def after_the_story(sql):
        seen["story"] |= sql.startswith("INSERT") and "articles_article" in sql
        return seen["story"] and "django_session" in sql

    with database_down(when=after_the_story) as state:
        response = client.post(add, data)
    assert state["failed"] >= 1
    assert response.status_code == 200
    assert "Your change was saved" in response.content.decode()
    assert Article.objects.filter(headline="Committed before the drop").count() == 1


# A real PostgreSQL: the backend killed mid-request, connections refused -------------------------------


def kill_own_backend():
    """Terminate this connection's server process from a second connection."""
    import psycopg

    pid = connection.connection.info.backend_pid
    db = connection.settings_dict
    with psycopg.connect(host=db["HOST"] or None, port=db["PORT"] or None, user=db["USER"] or None,
                         password=db["PASSWORD"] or None, dbname=db["NAME"], autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:  # wait until the server has really gone
        with psycopg.connect(host=db["HOST"] or None, port=db["PORT"] or None, user=db["USER"] or None,
                             password=db["PASSWORD"] or None, dbname=db["NAME"], autocommit=True) as other:
            if not other.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone():
                return
        time.sleep(0.05)


@contextmanager
def backend_killed_at(table):
    """Kill the connection's backend just before the request's first statement on ``table``."""
    state = {"killed": 0}

    def wrapper(execute, sql, params, many, context):
        if not state["killed"] and table in sql:
            state["killed"] += 1
            kill_own_backend()
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield state


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def connections_refused():
    """Point the connection at a port nobody listens on (PostgreSQL down), then back."""
    original = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=str(free_port()))
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(HOST=original["HOST"], PORT=original["PORT"])


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_postgres_a_backend_killed_mid_request_is_retried_on_a_fresh_connection(client):
    story = article_in_state("published", headline="Ferry timetable changes")
    connection.ensure_connection()
    first_pid = connection.connection.info.backend_pid
    with backend_killed_at("articles_article") as state:
        response = client.get(story.get_absolute_url())
    assert state["killed"] == 1
    assert response.status_code == 200 and b"Ferry timetable changes" in response.content
    assert connection.connection.info.backend_pid != first_pid


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_postgres_refused_connections_answer_503_then_pages_come_back(client):
    story = article_in_state("published", headline="Bridge closed for repairs")
    with connections_refused():
        response = client.get(story.get_absolute_url())
        assert_outage_page(response, "Back in a moment")
        assert client.head(story.get_absolute_url()).status_code == 503
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200 and b"Bridge closed for repairs" in response.content


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_postgres_a_save_while_refused_is_not_saved_and_a_resend_afterwards_saves_once(client):
    client.force_login(user_in_role("Reporters", "rita"))
    add = reverse("admin:articles_article_add")
    data = form_data(client.get(add))
    data.update(headline="Resent after the restart", slug="", body="<p>Words.</p>")
    with connections_refused():
        response = client.post(add, data)
    assert_outage_page(response, "Not saved")
    assert not Article.objects.filter(headline="Resent after the restart").exists()
    assert client.post(add, data).status_code == 302
    assert client.post(add, data).status_code == 302  # a retry of the retry: still one story
    assert Article.objects.filter(headline="Resent after the restart").count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_postgres_a_backend_killed_during_a_save_answers_not_saved_and_stores_nothing(client):
    client.force_login(user_in_role("Reporters", "rita"))
    add = reverse("admin:articles_article_add")
    data = form_data(client.get(add))
    data.update(headline="Lost in the restart", slug="", body="<p>Words.</p>")
    with backend_killed_at("INSERT INTO \"articles_article\"") as state:
        response = client.post(add, data)
    assert state["killed"] == 1
    assert_outage_page(response, "Not saved")
    assert not Article.objects.filter(headline="Lost in the restart").exists()
