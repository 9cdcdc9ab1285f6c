"""The PostgreSQL health check of a reused connection (``newsroom/postgresql/base.py``): a poll of the
socket while the connection is quiet, Django's ``SELECT 1`` otherwise, and a connection the server
closed is replaced before a request uses it."""

import select

import psycopg
import pytest
from django.db import connections, transaction

from articles.models import Section

pytestmark = [
    pytest.mark.skipif(connections["default"].vendor != "postgresql", reason="the PostgreSQL backend's health check"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def connection():
    """The wrapper itself (``django.db.connection`` is a proxy), looked up when the test runs: the
    wrapper is context-local, and once Playwright's greenlets have run (the browser tests), the test
    body sees a different one from the wrapper there was when this module was imported."""
    return connections["default"]


@pytest.fixture
def checked(connection, monkeypatch):
    """The test connection with health checks on and ``SELECT 1`` counted; yields the count."""
    connection.ensure_connection()
    monkeypatch.setattr(connection, "health_check_enabled", True)
    calls = []
    real = type(connection).is_usable

    def is_usable(self):
        calls.append(self.alias)
        return real(self)

    monkeypatch.setattr(type(connection), "is_usable", is_usable)
    connection.health_check_done = False
    yield calls
    connection.health_check_done = False


def test_a_quiet_idle_connection_is_kept_without_a_round_trip(connection, checked):
    raw = connection.connection
    connection.close_if_health_check_failed()
    assert connection.connection is raw
    assert connection.health_check_done
    assert checked == []  # no SELECT 1 sent


def other_connection(connection):
    settings = connection.settings_dict
    return psycopg.connect(host=settings["HOST"] or None, port=settings["PORT"] or None, user=settings["USER"],
                           password=settings["PASSWORD"] or None, dbname=settings["NAME"], autocommit=True)


def wait_for_input(raw):
    poller = select.poll()
    poller.register(raw.fileno(), select.POLLIN)
    assert poller.poll(5000), "nothing arrived on the connection's socket"


def test_a_connection_the_server_closed_is_replaced_before_use(connection, checked):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    dead = connection.connection
    with other_connection(connection) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    wait_for_input(dead)  # the server's termination notice
    connection.health_check_done = False

    Section.objects.create(name="After a restart", slug="after-a-restart")  # would raise on the dead connection

    assert checked == ["default"]  # the poll saw the notice, so Django's own check ran and failed
    assert connection.connection is not dead
    assert Section.objects.filter(slug="after-a-restart").exists()


def test_input_waiting_on_a_live_connection_falls_back_to_select_1(connection, checked):
    with connection.cursor() as cursor:
        cursor.execute("LISTEN newsroom_health_test")
    raw = connection.connection
    with other_connection(connection) as other:
        other.execute("NOTIFY newsroom_health_test")
    wait_for_input(raw)
    connection.health_check_done = False  # as at the start of the next request
    connection.close_if_health_check_failed()
    assert checked == ["default"]
    assert connection.connection is raw  # SELECT 1 answered (and read the notification): kept
    with connection.cursor() as cursor:
        cursor.execute("UNLISTEN *")


def test_a_connection_inside_a_transaction_gets_django_s_check(connection, checked):
    with transaction.atomic():
        assert Section.objects.count() == 0  # the transaction has begun on the server
        connection.health_check_done = False
        connection.close_if_health_check_failed()
        assert checked == ["default"]
        assert Section.objects.count() == 0
