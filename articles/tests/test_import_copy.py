"""Import batches written with PostgreSQL's COPY (``articles.editorial.copy_rows``).

On PostgreSQL the batch's stories, tags, credits, revisions and audit entries are streamed with
COPY; these tests hold that path to what ``bulk_create`` writes (the path SQLite takes, and the one
the rest of the import tests check on both databases), and to the import's promises: whole story
or nothing, one story per source item however often it is imported.
"""

import json

import pytest
import time_machine
from django.db import connection

from articles.editorial import copy_rows
from articles.models import Article, ArticleAuthor, ArticleSearchDocument, AuditEntry, Revision, TaggedArticle
from articles.search import search_articles
from articles.tests.import_helpers import run_import

pytestmark = pytest.mark.django_db

STORIES = [
    {"id": "a-1", "headline": "Ferry crossing reopens at Neak Loeung", "body_html": "<p>The <b>ferry</b> runs again.</p>",
     "tags": ["Transport", "Mekong"], "authors": ["Sokha Chan", "Dara Keo"], "section": "Provinces",
     "dek": "Boats are back.", "published_at": "2024-05-01T08:00:00Z", "status": "published"},
    {"id": "a-2", "headline": "Rice harvest beats forecasts", "body_text": "Farmers in Battambang count a record crop.",
     "tags": ["Rice"], "authors": ["Dara Keo"], "language": "km"},
    {"id": "a-3", "headline": "Council votes on the new market", "body_text": "The vote was close.",
     "kill_reason": "Legal", "status": "killed"},
]

needs_postgres = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="COPY is PostgreSQL's")


def write_jsonl(tmp_path, stories, name="stories.jsonl"):
    path = tmp_path / name
    path.write_text("".join(json.dumps(story) + "\n" for story in stories), "utf-8")
    return path


def stored_rows():
    """Everything an import wrote, without ids and write times, keyed by the story's source id."""
    def by_story(queryset, key, drop=("id", "created_at", "tagged_at")):
        rows = {}
        for row in queryset.values():
            story = Article.objects.get(pk=row.pop(key)).source_id
            rows.setdefault(story, []).append({k: v for k, v in row.items() if k not in drop})
        return {story: sorted(items, key=repr) for story, items in rows.items()}

    stories = {row["source_id"]: {k: v for k, v in row.items() if k not in ("id", "created_at", "modified_at")}
               for row in Article.objects.values()}
    return {
        "stories": stories,
        "tags": by_story(TaggedArticle.objects.all(), "content_object_id"),
        "credits": by_story(ArticleAuthor.objects.all(), "article_id"),
        "revisions": by_story(Revision.objects.all(), "article_id"),
        "audit": by_story(AuditEntry.objects.all(), "article_id"),
        "search": by_story(ArticleSearchDocument.objects.all().defer("vector"), "article_id", drop=()),
    }


@needs_postgres
@pytest.mark.parametrize("status", ["draft", "published"])
def test_copy_writes_the_rows_bulk_create_writes(tmp_path, monkeypatch, status):
    path = write_jsonl(tmp_path, STORIES)
    with time_machine.travel("2026-11-30 03:00Z", tick=False):  # an undated story is published "now"
        assert run_import(path, status=status)[0] == 0
        copied = stored_rows()
        Article.objects.all().delete()
        monkeypatch.setattr(copy_rows, "uses_copy", lambda connection: False)
        assert run_import(path, status=status)[0] == 0
    assert stored_rows() == copied
    assert len(copied["revisions"]) == len(copied["audit"]) == len(copied["search"]) == 3
    assert copied["audit"]["a-1"][0]["note"] == "Imported from json"


@needs_postgres
def test_copied_stories_are_found_by_search_and_readers_see_the_published_one(tmp_path):
    assert run_import(write_jsonl(tmp_path, STORIES), status="published")[0] == 0
    found = search_articles(Article.objects.published(), "ferry")
    assert [story.source_id for story in found] == ["a-1"]
    story = Article.objects.get(source_id="a-1")
    assert sorted(story.tags.names()) == ["Mekong", "Transport"]
    assert [credit.author.name for credit in story.credits.order_by("order")] == ["Sokha Chan", "Dara Keo"]
    assert sorted(story.revisions.get().snapshot["tags"]) == ["Mekong", "Transport"]
    assert story.word_count == 4 and story.slug == "ferry-crossing-reopens-at-neak-loeung"
    assert Article.objects.get(source_id="a-3").status == "killed"


@needs_postgres
def test_ids_come_from_the_sequences_so_later_rows_do_not_collide(tmp_path):
    from articles.tests.factories import ArticleFactory

    assert run_import(write_jsonl(tmp_path, STORIES))[0] == 0
    imported = set(Article.objects.values_list("pk", flat=True))
    later = ArticleFactory(headline="Written in the admin")
    assert later.pk not in imported and later.pk > max(imported)
    revision_ids = set(Revision.objects.values_list("pk", flat=True))
    assert len(revision_ids) == 3


def test_a_story_the_database_refuses_leaves_nothing_and_its_neighbours_are_whole(tmp_path):
    """PostgreSQL refuses a NUL character in text: the batch is replayed one story at a time."""
    bad = {"id": "bad", "headline": "Broken\x00headline", "body_text": "Text.", "tags": ["Broken tag"],
           "authors": ["Nobody Known"]}
    if connection.vendor != "postgresql":
        pytest.skip("SQLite stores a NUL character")
    code, out, err = run_import(write_jsonl(tmp_path, [STORIES[0], bad, STORIES[1]]), status="published")
    assert code == 1 and "2 created" in out and "failed" in err
    assert sorted(Article.objects.values_list("source_id", flat=True)) == ["a-1", "a-2"]
    for model in (Revision, AuditEntry, ArticleSearchDocument):
        assert model.objects.count() == 2
    assert TaggedArticle.objects.count() == 3 and ArticleAuthor.objects.count() == 3
    assert not TaggedArticle.objects.filter(tag__name="Broken tag").exists()


def test_importing_again_leaves_one_story_per_item_on_either_path(tmp_path):
    path = write_jsonl(tmp_path, STORIES)
    for _ in range(3):
        assert run_import(path, status="published")[0] == 0
    assert Article.objects.count() == Revision.objects.count() == AuditEntry.objects.count() == 3
    assert ArticleSearchDocument.objects.count() == 3
    assert sorted(Article.objects.values_list("source_id", flat=True)) == ["a-1", "a-2", "a-3"]


def test_insert_rows_returns_saved_rows_on_either_database():
    from articles.tests.factories import ArticleFactory

    story = ArticleFactory(headline="A story")
    entries = copy_rows.insert_rows(AuditEntry, [AuditEntry(article=story, action="import", note=f"n{n}")
                                                 for n in range(3)])
    assert all(entry.pk and not entry._state.adding for entry in entries)
    assert sorted(AuditEntry.objects.filter(article=story, action="import").values_list("pk", "note")) == sorted(
        (entry.pk, entry.note) for entry in entries)
    assert copy_rows.insert_rows(AuditEntry, []) == []


def test_rows_written_without_their_ids_are_numbered_by_the_database():
    from articles.tests.factories import ArticleFactory

    story = ArticleFactory(headline="A story")
    rows = (AuditEntry(article=story, action="import", note=f"n{n}") for n in range(3))  # read as they are sent
    assert copy_rows.insert_rows(AuditEntry, rows, ids=False) is None
    numbered = AuditEntry.objects.filter(article=story, action="import").values_list("pk", flat=True)
    assert len(set(numbered)) == 3 and all(numbered)


def test_a_failure_while_rows_are_sent_writes_none_of_them():
    from django.db import transaction

    from articles.tests.factories import ArticleFactory

    story = ArticleFactory(headline="A story")

    def rows():
        yield AuditEntry(article=story, action="import", note="first")
        raise ValueError("the second row cannot be made")

    with pytest.raises(ValueError), transaction.atomic():
        copy_rows.insert_rows(AuditEntry, rows(), ids=False)
    assert not AuditEntry.objects.filter(article=story, action="import").exists()


def test_a_published_batch_drops_the_pages_of_its_stories_tags_and_authors(tmp_path, monkeypatch):
    """The batch's tags and authors come from memory (no read-back) and name the pages the database would."""
    from articles import reader_effects

    dropped = []
    monkeypatch.setattr(reader_effects, "pages_changed", lambda keys: dropped.append(set(keys)))
    assert run_import(write_jsonl(tmp_path, STORIES), status="published")[0] == 0
    story = Article.objects.get(source_id="a-1")
    tags = set(story.tags.values_list("pk", flat=True))
    authors = set(story.credits.values_list("author_id", flat=True))
    assert len(tags) == 2 and len(authors) == 2
    assert {f"story:{story.pk}", f"list:section:{story.section_id}"} <= dropped[0]
    assert {f"list:tag:{pk}" for pk in tags} | {f"list:author:{pk}" for pk in authors} <= dropped[0]
    readers_reach = Article.objects.filter(status__in=reader_effects.READER_STATES)  # published and killed
    assert dropped[0] == reader_effects.batch_page_keys(list(readers_reach))


def many_stories(n=25):
    return [{"id": f"m-{n}", "headline": f"Dam story {n}", "body_text": f"The dam number {n} holds the monsoon.",
             "tags": ["Dams"], "authors": ["Sokha Chan"]} for n in range(n)]


VECTORS_AS_COMPUTED = """
SELECT count(*) FROM articles_articlesearchdocument
WHERE vector = setweight(to_tsvector(%(config)s::regconfig, headline_text), 'A')
            || setweight(to_tsvector(%(config)s::regconfig, standfirst_text), 'B')
            || setweight(to_tsvector(%(config)s::regconfig, body_text), 'C')
"""


@needs_postgres
def test_a_batch_has_its_search_texts_analysed_on_a_second_connection_with_the_same_vectors(tmp_path, monkeypatch):
    from articles import search

    calls = []
    real = search.vectors_of
    monkeypatch.setattr(search, "vectors_of", lambda documents, alias: calls.append(len(documents)) or real(documents, alias))
    assert run_import(write_jsonl(tmp_path, many_stories()), status="published")[0] == 0
    assert calls == [25]
    with connection.cursor() as cursor:
        cursor.execute(VECTORS_AS_COMPUTED, {"config": search.search_config()})
        assert cursor.fetchone()[0] == ArticleSearchDocument.objects.count() == 25
    assert [story.source_id for story in search_articles(Article.objects.published(), "dam number 7")][:1] == ["m-7"]


@needs_postgres
def test_without_a_second_connection_a_batch_still_gets_its_search_documents(tmp_path, monkeypatch, caplog):
    from articles import search

    real = search.connections.create_connection

    def unreachable(alias):
        db = real(alias)
        db.settings_dict = {**db.settings_dict, "HOST": "127.0.0.1", "PORT": 1}  # nothing listens there
        return db

    monkeypatch.setattr(search.connections, "create_connection", unreachable)
    with caplog.at_level("WARNING", logger="articles.search"):
        assert run_import(write_jsonl(tmp_path, many_stories()))[0] == 0
    assert "No second database connection" in caplog.text
    assert ArticleSearchDocument.objects.count() == 25
    with connection.cursor() as cursor:
        cursor.execute(VECTORS_AS_COMPUTED, {"config": search.search_config()})
        assert cursor.fetchone()[0] == 25


@needs_postgres
def test_a_batch_that_fails_while_its_texts_are_analysed_is_replayed_whole(tmp_path, monkeypatch):
    from django.db import DatabaseError

    from articles.editorial import imports

    real, calls = imports.record_many, []

    def fails_first(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:  # the batch's: the second connection is analysing its texts by now
            raise DatabaseError("the connection broke")
        return real(*args, **kwargs)

    monkeypatch.setattr(imports, "record_many", fails_first)
    assert run_import(write_jsonl(tmp_path, many_stories()))[0] == 0
    assert len(calls) == 26  # the batch, then each story on its own
    assert Article.objects.count() == Revision.objects.count() == ArticleSearchDocument.objects.count() == 25
