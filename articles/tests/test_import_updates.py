"""Re-runs, --update, conflicts with editors' changes, --dry-run, --atomic, standard input."""

import io
import json
import sys

import pytest

from articles.models import Article, Status, TaggedArticle
from articles.tests.import_helpers import FIXTURES, run_import

pytestmark = pytest.mark.django_db


def story(version, headline="Ferry fares cut", body="Fares fall by a third.", **extra):
    return json.dumps({"id": "ferry-1", "version": version, "headline": headline, "body_text": body,
                       "tags": ["Transport"], "authors": ["Dara Kem"], **extra})


def write(tmp_path, *lines, name="wire.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


@pytest.mark.parametrize("name", [
    "mekong-dam.md", "stories.jsonl", "stories.json", "stories.csv", "feed.rss", "feed.atom", "wordpress-1.2.xml",
    "nitf-3.6.xml", "newsml-message.xml", "ninjs-2.json",
])
def test_rerunning_any_format_gives_no_duplicates(name):
    run_import(FIXTURES / name, status="published")
    first = Article.objects.count()
    tags = TaggedArticle.objects.count()
    code, out, _ = run_import(FIXTURES / name, status="published")
    code_update, out_update, _ = run_import(FIXTURES / name, status="published", update=True)
    assert code == code_update == 0
    assert out.startswith("0 created, 0 updated") and out_update.startswith("0 created, 0 updated")
    assert Article.objects.count() == first and TaggedArticle.objects.count() == tags


def test_update_with_a_newer_version_updates(tmp_path):
    run_import(write(tmp_path, story(1)))
    article = Article.objects.get(source_id="ferry-1")
    code, out, _ = run_import(write(tmp_path, story(2, headline="Ferry fares cut by a third", body="New body.")),
                              update=True)
    assert code == 0 and "1 updated" in out
    article.refresh_from_db()
    assert article.headline == "Ferry fares cut by a third" and article.body == "<p>New body.</p>"
    assert article.source_version == "2"
    assert Article.objects.count() == 1


def test_update_with_an_older_or_same_version_is_skipped(tmp_path):
    run_import(write(tmp_path, story(3)))
    code, out, _ = run_import(write(tmp_path, story(2, headline="Old copy")), update=True, verbosity=2)
    assert "1 skipped" in out and "version 2 is not newer than 3" in out
    assert Article.objects.get().headline == "Ferry fares cut"


def test_without_update_an_existing_story_is_skipped(tmp_path):
    run_import(write(tmp_path, story(1)))
    code, out, _ = run_import(write(tmp_path, story(2, headline="Changed")))
    assert "1 skipped" in out and Article.objects.get().headline == "Ferry fares cut"


def test_update_never_overwrites_an_editors_change(tmp_path):
    run_import(write(tmp_path, story(1)))
    article = Article.objects.get()
    article.headline = "Ferry fares slashed, says ministry"  # an editor's change in the admin
    article.save()
    code, out, err = run_import(write(tmp_path, story(2, headline="Wire headline")), update=True)
    assert code == 0
    assert "1 conflicts" in out
    assert "conflict:" in err and "changed by an editor since its last import" in err
    article.refresh_from_db()
    assert article.headline == "Ferry fares slashed, says ministry"


def test_update_of_a_published_story_keeps_it_live(tmp_path):
    run_import(write(tmp_path, story(1, status="published", published_at="2024-01-01T00:00:00Z")), status="published")
    run_import(write(tmp_path, story(2, headline="Fresh", status="published")), status="published", update=True)
    article = Article.objects.get()
    assert article.headline == "Fresh" and article.status == Status.PUBLISHED
    assert article in Article.objects.published()
    # and a third run with the same version is a no-op, not a conflict with our own publication
    code, out, _ = run_import(write(tmp_path, story(2, headline="Fresh")), status="published", update=True)
    assert "1 skipped" in out and "0 conflicts" in out


def test_the_same_item_twice_in_one_file_leaves_one_story(tmp_path):
    code, out, _ = run_import(write(tmp_path, story(1), story(2, headline="Second")), update=True)
    assert code == 0 and "1 created, 1 updated" in out
    assert Article.objects.get().headline == "Second"


def test_dry_run_writes_nothing_and_reports_what_would_happen(tmp_path):
    run_import(write(tmp_path, story(1)))
    before = list(Article.objects.values_list("pk", "version", "headline"))
    path = write(tmp_path, story(2, headline="Newer"), json.dumps({"id": "new", "headline": "Brand new",
                                                                      "body_text": "Text.", "section": "Fresh"}))
    code, out, _ = run_import(path, FIXTURES / "wordpress-1.2.xml", update=True, dry_run=True, verbosity=2)
    assert code == 0
    assert "would be updated: Newer" in out and "would be created: Brand new" in out
    assert "would be created: Senate backs new land law" in out
    assert "dry run, nothing written: 3 created, 1 updated" in out
    assert list(Article.objects.values_list("pk", "version", "headline")) == before
    assert not Article.objects.filter(source_id="new").exists()
    from articles.models import Section
    assert not Section.objects.filter(name="Fresh").exists()


def test_atomic_rolls_back_everything_on_one_failure(tmp_path):
    path = write(tmp_path, story(1), json.dumps({"id": "bad", "headline": "", "body_text": "x"}))
    code, out, err = run_import(FIXTURES / "stories.json", path, atomic=True)
    assert code == 1
    assert "rolled back" in err
    assert not Article.objects.exists()


def test_without_atomic_the_good_stories_stay(tmp_path):
    path = write(tmp_path, story(1), json.dumps({"id": "bad", "headline": "", "body_text": "x"}))
    code, _, _ = run_import(FIXTURES / "stories.json", path)
    assert code == 1 and Article.objects.count() == 3


def test_atomic_run_without_failures_commits(tmp_path):
    code, _, _ = run_import(FIXTURES / "stories.json", atomic=True)
    assert code == 0 and Article.objects.count() == 2


def test_standard_input(monkeypatch):
    data = (FIXTURES / "ninjs-2.json").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, _ = run_import("-", verbosity=2)
    assert code == 0 and "<stdin>: ninjs 2.x (detected)" in out
    assert Article.objects.get().headline == "Largest solar farm opens"


def test_quiet_with_verbosity_0_and_no_progress_bar_off_a_terminal(capsys):
    code, out, err = run_import(FIXTURES / "stories.json", verbosity=0)
    assert code == 0 and out == "" and err == ""
    assert capsys.readouterr().err == ""


def test_operator_defaults_fill_what_the_source_lacks(tmp_path):
    path = write(tmp_path, json.dumps({"id": "bare", "headline": "Bare story", "body_text": "Just text."}))
    run_import(path, section="Wire", tags="Agency, Asia", dateline="BANGKOK", author=["Desk Editor"],
               published_at="2024-02-03", source="agency")
    article = Article.objects.get(source="agency", source_id="bare")
    assert article.section.name == "Wire" and sorted(article.tags.names()) == ["Agency", "Asia"]
    assert article.dateline == "BANGKOK" and [a.name for a in article.byline_authors] == ["Desk Editor"]
    assert article.publish_at.date().isoformat() == "2024-02-03"


def test_tags_and_authors_are_shared_not_duplicated_across_case():
    run_import(FIXTURES / "stories.jsonl", FIXTURES / "stories.csv", FIXTURES / "mekong-dam.md")
    from taggit.models import Tag

    from articles.models import Author
    assert Author.objects.filter(name__iexact="dara kem").count() == 1
    assert Tag.objects.filter(name__iexact="china").count() == 1


def many(tmp_path, name, ids):
    tags, authors = ["Rice", "Trade", "China", "Mekong"], ["Sophea Lim", "Niem Chheng"]
    return write(tmp_path, *(json.dumps({"id": f"s-{i}", "headline": f"Story {i}", "body_text": "Text.",
                                         "section": "Business", "tags": tags, "authors": authors}) for i in ids),
                 name=name)


def test_query_count_does_not_grow_with_stories_tags_or_authors(tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    run_import(many(tmp_path, "warm.jsonl", range(5)))
    with CaptureQueriesContext(connection) as twenty:
        run_import(many(tmp_path, "twenty.jsonl", range(100, 120)))
    with CaptureQueriesContext(connection) as sixty:
        run_import(many(tmp_path, "sixty.jsonl", range(200, 260)))
    assert Article.objects.count() == 85
    # Three times the stories (and tags and credits): at most a couple more INSERT statements, which is
    # SQLite splitting a bulk insert under its parameter limit, never a query per story, tag or author.
    # (The batch includes one INSERT of audit entries and one of revisions: every import is recorded.)
    assert len(twenty.captured_queries) < 34
    assert len(sixty.captured_queries) - len(twenty.captured_queries) <= 2


def test_a_story_that_fails_in_the_database_does_not_take_its_batch_down(tmp_path, monkeypatch):
    from django.db import DatabaseError

    from articles.importers.base import BatchWriter

    original = BatchWriter.credit_rows

    def exploding(self, record):
        if record.headline == "Boom":
            raise DatabaseError("simulated failure")
        return original(self, record)

    monkeypatch.setattr(BatchWriter, "credit_rows", exploding)
    path = write(tmp_path, story(1), json.dumps({"id": "boom", "headline": "Boom", "body_text": "x"}),
                 json.dumps({"id": "fine", "headline": "Fine", "body_text": "y"}))
    code, out, err = run_import(path)
    assert code == 1 and "2 created" in out and "1 failed" in out
    assert f"failed: {path}:2: simulated failure" in err
    assert set(Article.objects.values_list("source_id", flat=True)) == {"ferry-1", "fine"}


def test_wxr_update_uses_the_modified_date_as_version(tmp_path):
    original = (FIXTURES / "wordpress-1.2.xml").read_text("utf-8")
    run_import(FIXTURES / "wordpress-1.2.xml", status="published")
    newer = tmp_path / "newer.xml"
    newer.write_text(original.replace("2024-05-21 01:00:00", "2024-06-01 01:00:00")
                     .replace("Senate backs new land law", "Senate backs land law after long debate"), "utf-8")
    code, out, _ = run_import(newer, status="published", update=True)
    assert code == 0 and "1 updated" in out
    law = Article.objects.get(source_id="https://daily.example.com/?p=101")
    assert law.headline == "Senate backs land law after long debate" and law.status == Status.PUBLISHED
    older = tmp_path / "older.xml"
    older.write_text(original.replace("Senate backs new land law", "Stale headline"), "utf-8")
    run_import(older, status="published", update=True)
    law.refresh_from_db()
    assert law.headline == "Senate backs land law after long debate"


def test_nitf_update_follows_the_du_key_version(tmp_path):
    original = (FIXTURES / "nitf-3.6.xml").read_text("utf-8")
    run_import(FIXTURES / "nitf-3.6.xml")
    newer = tmp_path / "v3.xml"
    newer.write_text(original.replace('version="2" key', 'version="3" key').replace(
        "<p>Both governments will review the arrangement in a year.</p>",
        "<p>Both governments will review the arrangement in six months.</p>"), "utf-8")
    code, out, _ = run_import(newer, update=True)
    assert "1 updated" in out
    article = Article.objects.get(source_id="MW-20240610-0042")
    assert "six months" in article.body and article.source_version == "3"
