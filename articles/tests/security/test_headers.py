"""Security headers, the body limit, bad hosts, errors without tracebacks and /healthz."""

import logging

import pytest
from django.test import override_settings

from articles.tests.factories import ArticleFactory, SuperuserFactory

pytestmark = pytest.mark.django_db


def test_reader_page_headers(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_reader_csp_allows_no_inline_script(client):
    ArticleFactory(published=True, headline="Live story")
    for url in ["/", "/search/?q=story", "/rss/"]:
        policy = client.get(url)["Content-Security-Policy"]
        script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
        assert "'unsafe-inline'" not in script_src and "nonce-" not in script_src
        assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
        assert "report-uri /csp-report/" in policy


def test_cached_page_keeps_its_csp(client):
    first = client.get("/")
    second = client.get("/")
    assert second.get("X-Reader-Cache") == "hit"
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_reader_hashes_come_from_settings(client, settings):
    from articles.security.csp import sha256_source

    source = sha256_source("document.documentElement.dataset.theme = 'dark';")
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"],
                                                       "script-src": ["'self'", source]}}
    assert source in client.get("/")["Content-Security-Policy"]
    assert source.startswith("'sha256-") and source.endswith("='")


def test_admin_csp_hashes_only_the_import_map(client):
    client.force_login(SuperuserFactory())
    story = ArticleFactory()
    response = client.get(f"/admin/articles/article/{story.pk}/change/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    if b'type="importmap"' in response.content:
        assert "'sha256-" in script_src


def test_body_over_the_limit_is_refused_before_reading(client, settings):
    settings.REQUEST_BODY_MAX_BYTES = 1000
    response = client.generic("POST", "/admin/login/", b"x" * 1001, content_type="application/octet-stream")
    assert response.status_code == 413
    assert client.generic("POST", "/csp-report/", b"{}", CONTENT_LENGTH="nonsense").status_code == 400


def test_body_limit_does_not_read_the_stream(rf, settings):
    from articles.security.middleware import RequestBodyLimitMiddleware

    class Exploding:
        def read(self, *args):
            raise AssertionError("the body was read")

    settings.REQUEST_BODY_MAX_BYTES = 10
    request = rf.post("/", data=b"x" * 20, content_type="text/plain")
    request.META["wsgi.input"] = Exploding()
    response = RequestBodyLimitMiddleware(lambda r: pytest.fail("the view ran"))(request)
    assert response.status_code == 413


def test_bad_host_is_400(client):
    assert client.get("/", HTTP_HOST="evil.example.com").status_code == 400


@override_settings(DEBUG=False)
def test_errors_show_no_traceback(client, monkeypatch):
    from articles import views

    def explode(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views.HomeView, "get", explode)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert b"secret internals" not in response.content and b"Traceback" not in response.content


def test_healthz_reports_each_dependency_and_is_never_cached(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "migrations": "ok"}
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert b"SECRET" not in response.content


def test_healthz_answers_503_naming_the_failing_part(client, monkeypatch):
    from articles.security import health

    def down():
        raise ConnectionError("redis://secret-host:6379")

    monkeypatch.setitem(health.CHECKS, "cache", down)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "failing"
    assert b"secret-host" not in response.content


def test_healthz_failing_again_and_again_logs_once_a_minute(client, monkeypatch, caplog):
    from articles.security import health, ratelimit

    def down():
        raise ConnectionError("refused")

    monkeypatch.setitem(health.CHECKS, "cache", down)
    monkeypatch.setattr(ratelimit, "_last_logged", {})
    with caplog.at_level(logging.INFO):
        for _ in range(5):
            assert client.get("/healthz").status_code == 503
    assert len([r for r in caplog.records if "cache check failed" in r.getMessage()]) == 1
    assert not [r for r in caplog.records if r.name == "django.request"]


def test_healthz_loads_the_migration_graph_until_it_first_finds_nothing_pending(monkeypatch):
    from articles.security import health

    class Pending:
        def __init__(self, connection):
            self.loader = type("Loader", (), {"graph": type("Graph", (), {"leaf_nodes": lambda self: []})()})()

        def migration_plan(self, targets):
            return ["0099_not_applied"]

    monkeypatch.setattr(health, "_migrations_applied", [])
    real = health.MigrationExecutor
    monkeypatch.setattr(health, "MigrationExecutor", Pending)
    assert not health.migrations_ok() and not health.migrations_ok()  # a failure is checked again
    monkeypatch.setattr(health, "MigrationExecutor", real)
    assert health.migrations_ok()
    monkeypatch.setattr(health, "MigrationExecutor", Pending)
    assert health.migrations_ok()  # remembered: the graph is not loaded on every probe


def test_csp_report_is_logged_and_rate_limited(client, settings, caplog):
    settings.CSP_REPORTS_PER_MINUTE = 3
    report = b'{"csp-report": {"violated-directive": "script-src", "blocked-uri": "inline", "document-uri": "/"}}'
    with caplog.at_level(logging.WARNING, logger="newsroom.csp"):
        answers = [client.post("/csp-report/", report, content_type="application/csp-report").status_code
                   for _ in range(5)]
    assert answers == [204, 204, 204, 429, 429]
    assert sum("CSP violation: script-src blocked inline" in r.getMessage() for r in caplog.records) == 3
    assert client.post("/csp-report/", b"not json", content_type="application/csp-report").status_code in (400, 429)
    assert client.get("/csp-report/").status_code == 405


def test_reader_policy_is_django_csps_own_built_once(client, settings, rf):
    """Reader pages take the policy strings built once per settings change; they are exactly what
    django-csp builds, a per-view policy still goes through django-csp, and a report-only policy too."""
    from csp.decorators import csp_update
    from csp.utils import build_policy
    from django.http import HttpResponse

    from articles.security.csp import NewsroomCSPMiddleware, reader_headers

    assert client.get("/")["Content-Security-Policy"] == build_policy()
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'self'"], "img-src": ["https:"]}}
    response = client.get("/search/?q=rice")
    assert response["Content-Security-Policy-Report-Only"] == build_policy(report_only=True)
    assert "img-src https:" in response["Content-Security-Policy-Report-Only"]

    @csp_update({"img-src": ["https://maps.example.org"]})
    def view_with_its_own_policy(request):
        return HttpResponse("map")

    middleware = NewsroomCSPMiddleware(view_with_its_own_policy)
    own = middleware(rf.get("/map/"))["Content-Security-Policy"]
    assert "https://maps.example.org" in own and own != reader_headers()["Content-Security-Policy"]
