"""The read replica router: anonymous reader requests read from the replica, editors and writes never."""

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from articles import page_store
from articles.caching import pages_changed
from articles.db_router import ReaderReplicaRouter
from articles.models import Article
from articles.page_cache_middleware import PageCacheMiddleware

pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


@pytest.fixture
def replica(settings):
    settings.DATABASES = {**settings.DATABASES, "replica": dict(settings.DATABASES["default"])}
    settings.READER_REPLICA_LAG_SECONDS = 5
    cache.clear()


def database_used(request):
    seen = []

    def view(request):
        router = ReaderReplicaRouter()
        seen.append((router.db_for_read(Article), router.db_for_write(Article)))
        return HttpResponse("ok")

    PageCacheMiddleware(view)(request)
    return seen[0]


def test_anonymous_readers_read_from_the_replica(replica):
    assert database_used(RequestFactory().get("/")) == ("replica", "default")
    assert database_used(RequestFactory().get("/?utm_source=x")) == ("replica", "default")


def test_editors_and_posts_use_the_primary(replica):
    editor = RequestFactory().get("/")
    editor.COOKIES["sessionid"] = "abc"
    assert database_used(editor) == ("default", "default")
    assert database_used(RequestFactory().post("/admin/login/")) == ("default", "default")


@pytest.mark.django_db
def test_just_after_a_change_readers_use_the_primary(replica, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pages_changed({"story:1"})
    assert cache.get(page_store.PRIMARY_UNTIL)
    assert database_used(RequestFactory().get("/")) == ("default", "default")


def test_without_a_replica_everything_uses_the_primary(settings):
    assert "replica" not in settings.DATABASES
    assert database_used(RequestFactory().get("/")) == ("default", "default")


def test_migrations_only_run_on_the_primary():
    router = ReaderReplicaRouter()
    assert router.allow_migrate("default", "articles") and not router.allow_migrate("replica", "articles")
