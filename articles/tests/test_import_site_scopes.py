"""Markdown and plain-text ids are scoped to their site (or folder) when nobody names it (issue 15).

Two static sites' ``about.md`` (or the same front matter ``id``) are different
stories; the same files imported again create nothing; stories imported before
the scoping (source ``"markdown"``) are found again, not duplicated.
"""

import pytest

from articles.importers import markdown
from articles.importers.base import StoryRecord, save_stories
from articles.importers.scopes import folder_scope, site_address
from articles.models import Article, AuditEntry
from articles.tests.import_helpers import run_import

pytestmark = pytest.mark.django_db

ABOUT = "---\ntitle: About us\n---\n{body}\n"
POST = "---\nid: 1\ntitle: {title}\ndate: 2024-05-01\n---\nText of {title}.\n"


def two_sites(tmp_path, name, texts):
    paths = []
    for site, text in zip(("site-a", "site-b"), texts):
        folder = tmp_path / site / "content"
        folder.mkdir(parents=True)
        (folder / name).write_text(text, "utf-8")
        paths.append(folder / name)
    return paths


def test_two_sites_about_pages_are_two_stories_and_a_rerun_creates_nothing(tmp_path):
    a, b = two_sites(tmp_path, "about.md", [ABOUT.format(body="We are site A."), ABOUT.format(body="We are site B.")])
    code, out, err = run_import(tmp_path / "site-a", tmp_path / "site-b")
    assert code == 0, err
    assert out.startswith("2 created, 0 updated, 0 skipped")
    assert sorted(Article.objects.values_list("body", flat=True)) == ["<p>We are site A.</p>", "<p>We are site B.</p>"]
    assert len(set(Article.objects.values_list("source", flat=True))) == 2

    code, out, _ = run_import(tmp_path / "site-a", tmp_path / "site-b")
    assert Article.objects.count() == 2
    assert out.startswith("0 created, 0 updated, 2 skipped")
    assert "2 skipped: already imported (use --update to update it)" in out


def test_the_same_front_matter_id_in_two_sites_does_not_collide_and_updates_stay_with_their_site(tmp_path):
    a, b = two_sites(tmp_path, "post.md", [POST.format(title="Flood"), POST.format(title="Drought")])
    run_import(a, b)
    assert sorted(Article.objects.values_list("headline", flat=True)) == ["Drought", "Flood"]
    a.write_text(POST.format(title="Flood").replace("Text of", "New text of"), "utf-8")
    code, out, err = run_import(a, b, update=True)
    assert code == 0, err
    assert out.startswith("0 created, 1 updated, 1 skipped")
    assert Article.objects.get(headline="Flood").body == "<p>New text of Flood.</p>"
    assert Article.objects.get(headline="Drought").body == "<p>Text of Drought.</p>"


def test_a_site_named_in_front_matter_or_by_the_operator_is_the_source(tmp_path):
    folder = tmp_path / "anywhere"
    folder.mkdir()
    (folder / "about.md").write_text("---\ntitle: About\nbaseURL: https://Blog.Example.org/\n---\nHello.\n", "utf-8")
    run_import(folder / "about.md")
    assert Article.objects.get().source == "blog.example.org"
    moved = tmp_path / "elsewhere"
    folder.rename(moved)
    code, out, _ = run_import(moved / "about.md")
    assert out.startswith("0 created") and Article.objects.count() == 1  # the site, not the folder, names it

    (moved / "team.md").write_text("---\ntitle: Team\n---\nUs.\n", "utf-8")
    run_import(moved / "team.md", source="my-site")
    assert Article.objects.get(headline="Team").source == "my-site"


def test_plain_text_files_are_scoped_to_their_folder_too(tmp_path):
    a, b = two_sites(tmp_path, "README.txt", ["Notes from A\n\nFirst.", "Notes from B\n\nSecond."])
    code, out, err = run_import(a, b)
    assert code == 0 and out.startswith("2 created"), err
    assert run_import(a, b)[1].startswith("0 created, 0 updated, 2 skipped")


def test_a_story_imported_before_the_scoping_is_found_again_and_moved_to_its_scoped_key(tmp_path):
    (a,) = two_sites(tmp_path, "about.md", [ABOUT.format(body="We are site A.")])
    old = save_stories([StoryRecord(headline="About us", body_html="<p>We are site A.</p>",
                                    source="markdown", source_id="about")])[0].article

    code, out, err = run_import(a)
    assert code == 0, err
    assert out.startswith("0 created, 0 updated, 1 skipped") and Article.objects.count() == 1
    old.refresh_from_db()
    assert old.source.startswith("markdown:site-a/content@") and old.source_id == "about"
    assert AuditEntry.objects.filter(article=old, note__startswith="Import key scoped to its site").exists()
    assert run_import(a)[1].startswith("0 created, 0 updated, 1 skipped")  # found by its new key now


def test_an_old_key_shared_by_another_site_is_not_taken_by_a_different_page(tmp_path):
    """Before the scoping only site A's about page got in; site B's must now arrive, and A's still match."""
    a, b = two_sites(tmp_path, "about.md", [ABOUT.format(body="We are site A."), ABOUT.format(body="We are site B.")])
    old = save_stories([StoryRecord(headline="About us", body_html="<p>We are site A.</p>", source="markdown",
                                    source_id="about")])[0].article
    code, out, err = run_import(b, a)
    assert code == 0, err
    assert out.startswith("1 created, 0 updated, 1 skipped")
    assert Article.objects.count() == 2
    old.refresh_from_db()
    assert old.source.startswith("markdown:site-a/") and old.body == "<p>We are site A.</p>"
    assert Article.objects.exclude(pk=old.pk).get().body == "<p>We are site B.</p>"


def test_an_old_import_edited_at_its_source_is_updated_not_duplicated(tmp_path):
    (a,) = two_sites(tmp_path, "post.md", [POST.format(title="Flood")])
    with a.open("rb") as stream:
        dated = next(markdown.parse(stream, origin=str(a))).published_at
    old = save_stories([StoryRecord(headline="Flood", body_html="<p>Old text.</p>", source="markdown",
                                    source_id="1", published_at=dated)])[0].article
    code, out, err = run_import(a, update=True)
    assert code == 0, err
    assert out.startswith("0 created, 1 updated") and Article.objects.count() == 1
    old.refresh_from_db()
    assert old.body == "<p>Text of Flood.</p>" and old.source.startswith("markdown:")


def test_scopes_read_addresses_folders_and_standard_input(tmp_path):
    assert site_address({"base_url": "https://news.example.org/blog/"}) == "news.example.org/blog"
    assert site_address({"site": "Example.com"}) == "example.com"
    assert site_address({"title": "x"}) == ""
    assert folder_scope("markdown", "https://host.example/posts/a.md", b"") == folder_scope(
        "markdown", "https://host.example/posts/b.md", b"")
    assert folder_scope("markdown", "<stdin>", b"one") != folder_scope("markdown", "<stdin>", b"two")
    (tmp_path / "x").mkdir()
    assert folder_scope("text", str(tmp_path / "x" / "a.txt"), b"") != folder_scope("text", str(tmp_path / "a.txt"), b"")


def test_a_skip_says_when_the_id_belongs_to_a_different_story(tmp_path):
    """JSON Lines and CSV ids are scoped by their ``source`` (column or ``--source``), not by folder: files from
    one system may lie anywhere. When a second file's story meets a different one, the skip says so."""
    first, second = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    first.write_text('{"id": "1", "headline": "Budget passed", "body_text": "Text."}\n', "utf-8")
    second.write_text('{"id": "1", "headline": "Bridge opens", "body_text": "Other text."}\n', "utf-8")
    run_import(first)
    code, out, _ = run_import(first, second)
    assert out.startswith("0 created, 0 updated, 2 skipped")
    assert "1 skipped: already imported (use --update to update it)" in out
    assert "1 skipped: its id was imported before for a story with another headline and text" in out
    assert "name this file's source with --source" in out
    code, out, _ = run_import(second, source="other-cms")
    assert out.startswith("1 created") and Article.objects.count() == 2
