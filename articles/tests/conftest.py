import pytest
from django.conf import settings


def pytest_sessionstart(session):
    """Stop with a plain message, not a stack trace, when the configured PostgreSQL is down."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "newsroom.postgresql":
        return
    import psycopg

    try:
        psycopg.connect(
            host=db["HOST"] or None, port=db["PORT"] or None, user=db["USER"] or None,
            password=db["PASSWORD"] or None, dbname=db["NAME"], connect_timeout=5,
        ).close()
    except psycopg.OperationalError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        pytest.exit(
            f"PostgreSQL is not reachable at {db['HOST'] or 'localhost'}:{db['PORT'] or 5432} ({reason}).\n"
            "Start it (pg_ctlcluster --skip-systemctl-redirect 15 main start) or set TEST_DATABASE_URL.",
            returncode=3,
        )


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    from articles.jobs import QUEUE_BREAKER
    from articles.page_store import CACHE_BREAKER

    CACHE_BREAKER.reset()
    QUEUE_BREAKER.reset()  # a test that points the queue at a dead Redis must not leave it "open" for the next
    cache.clear()
    yield


# The Content API tests' key and client ---------------------------------------------------------


@pytest.fixture
def api_key(db):
    from articles.models import ApiKey

    _key, raw = ApiKey.objects.issue(name="Tests")
    return raw


@pytest.fixture
def api(client, api_key):
    """``api.get(path, **params)``: a GET with the test key."""

    class Api:
        key = api_key

        def get(self, path, data=None, **headers):
            return client.get(path, data, HTTP_X_API_KEY=api_key, **headers)

    return Api()
