"""Stories imported with the command reach readers at once: search, home page (cache warm), feeds, sitemaps.

The import path writes with ``bulk_create`` (no ``Article.save()`` for new rows, no tag or
credit signals), so these tests go through ``call_command`` exactly as an operator would.
"""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from articles.tests.import_helpers import run_import

pytestmark = pytest.mark.django_db


def wire_story(**extra):
    return {
        "id": "mekong-1", "source": "wire", "version": "1", "headline": "Ferry service resumes on the Mekong",
        "body_html": "<p>Boats carried passengers between Kratie and Stung Treng.</p>",
        "tags": ["Transport", "Waterways"], "authors": [{"name": "Sreymom Chan"}], "section": "Provinces",
        "published_at": (timezone.now() - timedelta(minutes=30)).isoformat(), "status": "published", **extra,
    }


def import_wire(tmp_path, django_capture_on_commit_callbacks, *items, **options):
    path = tmp_path / "wire.jsonl"
    path.write_text("".join(json.dumps(item) + "\n" for item in items), "utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        code, _, err = run_import(path, **options)
    assert code == 0, err


def found(client, query):
    return [a.headline for a in client.get("/search/", {"q": query}).context_data["articles"]]


def test_an_imported_story_is_searchable_and_on_every_reader_list(client, tmp_path, django_capture_on_commit_callbacks):
    for url in ("/", "/rss/", "/sitemap.xml", "/news-sitemap.xml", "/search/?q=ferry"):
        client.get(url)  # warm the page cache with the site as it was before the import
    assert "Ferry service" not in client.get("/").content.decode()
    import_wire(tmp_path, django_capture_on_commit_callbacks, wire_story(), status="published")
    article = Article.objects.get()
    assert article.is_live
    assert "Ferry service resumes on the Mekong" in client.get("/").content.decode()
    for query in ("ferry", "kratie", "waterways", "sreymom"):
        assert found(client, query) == ["Ferry service resumes on the Mekong"], query
    assert article.get_absolute_url() in client.get("/rss/").content.decode()
    assert article.get_absolute_url() in client.get("/news-sitemap.xml").content.decode()
    assert "Ferry service" in client.get("/section/provinces/").content.decode()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_a_draft_import_stays_off_the_reader_site(client, tmp_path, django_capture_on_commit_callbacks):
    client.get("/")
    import_wire(tmp_path, django_capture_on_commit_callbacks, wire_story())
    assert "Ferry service" not in client.get("/").content.decode()
    assert found(client, "ferry") == []


def test_an_update_of_a_live_story_refreshes_search_and_the_cached_home_page(
    client, tmp_path, django_capture_on_commit_callbacks
):
    import_wire(tmp_path, django_capture_on_commit_callbacks, wire_story(), status="published")
    client.get("/")
    import_wire(tmp_path, django_capture_on_commit_callbacks,
                wire_story(version="2", headline="Ferry service suspended again", tags=["Floods"]),
                status="published", update=True)
    home = client.get("/").content.decode()
    assert "Ferry service suspended again" in home and "Ferry service resumes on the Mekong" not in home
    assert found(client, "floods") == ["Ferry service suspended again"]
    assert found(client, "waterways") == []
