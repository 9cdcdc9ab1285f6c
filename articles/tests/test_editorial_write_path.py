"""The one editorial write path: fixed costs, a record of every import, previews that write nothing,
retried creates that make one story, and saves that never report an error after they committed."""

import ast
import json
import threading
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import articles
from articles.models import Article, ArticleSearchDocument, AuditEntry, Revision, Status
from articles.tests.factories import AuthorFactory, article_in_state, user_in_role
from articles.tests.import_helpers import run_import
from articles.tests.test_admin_stale_edit import change_url, form_data

APP = Path(articles.__file__).parent
# The README states both numbers. The write itself: lock the row, claim the version, set the
# previous pending revision aside, store the new one.
LIVE_SAVE_WRITE_STATEMENTS = 4
# The whole admin request for a story with two authors: session, user, permissions, two-factor and login
# throttling checks, personal time zone, the form, clearing the writer's autosave
# and its credits table, the write, the admin's change log.
LIVE_SAVE_REQUEST_STATEMENTS = 44


def statements(queries):
    return [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]


def live_story(tags, authors):
    return article_in_state("published", headline="Live", tags=[f"Tag {n}" for n in range(tags)],
                            authors=[AuthorFactory(name=f"Writer {n}") for n in range(authors)])


@pytest.mark.django_db
@pytest.mark.parametrize("tags, authors", [(1, 1), (12, 6)])
def test_the_write_of_a_live_story_runs_four_statements_whatever_its_size(tags, authors):
    from articles import editorial

    story, editor = live_story(tags, authors), user_in_role("Editors", "eddie")
    snapshot = {**editorial.working_snapshot(story), "headline": "Pending headline"}
    with CaptureQueriesContext(connection) as queries:
        result = editorial.save_story(article=story, user=editor, snapshot=snapshot, expected_version=story.version)
    assert result.pending and len(statements(queries)) == LIVE_SAVE_WRITE_STATEMENTS
    assert Article.objects.get(pk=story.pk).headline == "Live"  # readers still see the live version


def admin_save(client, story):
    data = form_data(client.get(change_url(story)))
    data["headline"] = "A new headline for the pending version"
    with CaptureQueriesContext(connection) as queries:
        assert client.post(change_url(story), data).status_code == 302
    return len(statements(queries))


@pytest.mark.django_db
def test_an_admin_save_of_a_live_story_stays_within_its_budget_however_many_tags(client):
    client.force_login(user_in_role("Editors", "eddie"))
    few, many = admin_save(client, live_story(2, 2)), admin_save(client, live_story(20, 2))
    assert few == many <= LIVE_SAVE_REQUEST_STATEMENTS


@pytest.mark.django_db
def test_an_imported_draft_has_a_revision_an_audit_entry_and_a_search_document(
        tmp_path, django_capture_on_commit_callbacks):
    path = tmp_path / "wire.jsonl"
    path.write_text(json.dumps({"id": "w-1", "headline": "Monsoon arrives early", "body_text": "Rain in Kampot.",
                                "tags": ["Weather"], "authors": ["Dara Kem"]}) + "\n")
    with django_capture_on_commit_callbacks(execute=True):
        code, out, _ = run_import(path, source="wire")
    assert code == 0 and "1 created" in out
    story = Article.objects.get(source_id="w-1")
    assert story.status == Status.DRAFT
    (entry,) = AuditEntry.objects.filter(article=story)
    assert (entry.action, entry.user, entry.note) == ("import", None, "Imported from wire")
    (revision,) = Revision.objects.filter(article=story)
    assert revision.snapshot["headline"] == "Monsoon arrives early"
    assert revision.snapshot["tags"] == ["Weather"] and revision.snapshot["credits"][0]["author"] == "Dara Kem"
    document = ArticleSearchDocument.objects.get(article=story)
    assert "kampot" in document.body_text.lower() and "dara kem" in document.standfirst_text.lower()


@pytest.mark.django_db
def test_a_published_import_is_one_recorded_editorial_write(tmp_path):
    path = tmp_path / "live.jsonl"
    path.write_text(json.dumps({"id": "l-1", "headline": "Ferry resumes", "body_text": "Boats run again.",
                                "published_at": "2024-05-01T08:00:00+07:00"}) + "\n")
    code, _, _ = run_import(path, source="wire", status="published")
    story = Article.objects.get(source_id="l-1")
    assert code == 0 and story.is_live and story.first_published_at == story.publish_at
    assert list(AuditEntry.objects.filter(article=story).values_list("action", "to_status")) == [
        ("import", Status.PUBLISHED)]
    assert Revision.objects.get(article=story).live


@pytest.mark.django_db(transaction=True)
def test_a_preview_takes_no_row_lock(client, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite locks the whole file")
    import psycopg
    from django.conf import settings

    from articles.views import ArticleDetailView

    story = article_in_state("pending", headline="Live with an edit aside")
    client.force_login(user_in_role("Editors", "pia"))
    db = settings.DATABASES["default"]
    seen = []

    def lock_from_another_connection():
        with psycopg.connect(host=db["HOST"] or None, port=db["PORT"] or None, user=db["USER"] or None,
                             dbname=connection.settings_dict["NAME"], autocommit=False) as other:
            other.execute("SELECT id FROM articles_article WHERE id = %s FOR UPDATE NOWAIT", [story.pk])
            seen.append("locked by the other connection")
            other.rollback()

    original = ArticleDetailView.get_context_data

    def rendering(self, **kwargs):
        worker = threading.Thread(target=lambda: seen.append(None) or lock_from_another_connection())
        worker.start()
        worker.join(timeout=10)
        return original(self, **kwargs)

    monkeypatch.setattr(ArticleDetailView, "get_context_data", rendering)
    response = client.get(reverse("admin:articles_article_preview", args=[story.pk]))
    assert response.status_code == 200
    assert seen == [None, "locked by the other connection"]


@pytest.mark.django_db
def test_a_preview_shows_the_working_copy_and_writes_nothing(client):
    story = article_in_state("pending", headline="Live headline")
    client.force_login(user_in_role("Editors", "pia"))
    before = Article.objects.values().get(pk=story.pk)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:articles_article_preview", args=[story.pk]))
    assert response.status_code == 200
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert [w for w in writes if "django_session" not in w] == []
    assert Article.objects.values().get(pk=story.pk) == before


@pytest.mark.django_db
def test_the_same_new_story_form_sent_twice_makes_one_story(client):
    client.force_login(user_in_role("Reporters", "rita"))
    add = reverse("admin:articles_article_add")
    data = form_data(client.get(add))
    data.update(headline="Sent twice", slug="", body="<p>Once.</p>")
    data.pop("_continue")
    first = client.post(add, data)
    second = client.post(add, data)
    assert first.status_code == second.status_code == 302
    assert Article.objects.filter(headline="Sent twice").count() == 1
    assert Revision.objects.filter(article__headline="Sent twice").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_failure_after_commit_is_logged_never_answered_as_a_failed_save(client, monkeypatch, caplog):
    from articles import reader_effects

    def broken(ids):
        raise ConnectionError("the search index is down")

    monkeypatch.setattr(reader_effects, "update_search_documents", broken)
    story = article_in_state("draft", headline="Before")
    client.force_login(user_in_role("Editors", "eve"))
    data = form_data(client.get(change_url(story)))
    data["headline"] = "After"
    response = client.post(change_url(story), data)
    assert response.status_code == 302
    assert Article.objects.get(pk=story.pk).headline == "After"
    assert "the search index is down" in caplog.text


def imports_of(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def test_the_models_import_nothing_of_the_images_package_but_its_formats():
    used = {module for path in (APP / "models").glob("*.py") for module in imports_of(path)}
    assert {m for m in used if m.startswith("articles.images")} == {"articles.images.formats"}
    formats = set(imports_of(APP / "images" / "formats.py"))
    assert not any(m.split(".")[0] in ("PIL", "pillow_heif") or m.startswith("articles") for m in formats)
