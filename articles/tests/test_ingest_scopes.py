"""Two ingest sources whose files name no source never share a dedupe key (issue 15).

Ingest polls with ``--update`` semantics, so before this scoping agency B's item
"1" would have overwritten agency A's item "1" (both keyed ``("json", "1")``).
"""

import json

import pytest

from articles.importers.base import StoryRecord, save_stories
from articles.ingest import poll_source
from articles.models import Article, IncomingStory
from articles.tests.factories import IngestSourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_settling(settings):
    settings.INGEST_SETTLE_SECONDS = 0


def deliver(folder, name, headline, version=1):
    folder.mkdir(exist_ok=True)
    line = {"id": "1", "headline": headline, "body_text": f"Text: {headline}.", "version": version}
    (folder / name).write_text(json.dumps(line) + "\n", "utf-8")


def test_the_same_id_from_two_agencies_is_two_stories_and_updates_stay_with_their_agency(tmp_path):
    agency_a = IngestSourceFactory(location=str(tmp_path / "a"), name="Agency A")
    agency_b = IngestSourceFactory(location=str(tmp_path / "b"), name="Agency B")
    deliver(tmp_path / "a", "a.jsonl", "Storm hits coast")
    deliver(tmp_path / "b", "b.jsonl", "Election called")
    assert poll_source(agency_a).created == 1
    assert poll_source(agency_b).created == 1
    assert sorted(Article.objects.values_list("headline", flat=True)) == ["Election called", "Storm hits coast"]

    deliver(tmp_path / "a", "a2.jsonl", "Storm hits coast, two dead", version=2)
    assert poll_source(agency_a).updated == 1
    assert sorted(Article.objects.values_list("headline", flat=True)) == ["Election called", "Storm hits coast, two dead"]
    assert IncomingStory.objects.get(source=agency_b).article.headline == "Election called"


def test_a_story_ingested_before_the_scoping_is_updated_not_duplicated(tmp_path):
    agency = IngestSourceFactory(location=str(tmp_path / "a"), name="Agency A")
    old = save_stories([StoryRecord(headline="Storm hits coast", body_html="<p>Text: Storm hits coast.</p>",
                                    source="json", source_id="1", version="1")])[0].article
    deliver(tmp_path / "a", "a.jsonl", "Storm hits coast")
    poll = poll_source(agency)
    assert (poll.created, poll.skipped) == (0, 1) and Article.objects.count() == 1
    old.refresh_from_db()
    assert old.source == f"ingest:{agency.pk}"
    deliver(tmp_path / "a", "a2.jsonl", "Storm hits coast, two dead", version=2)
    assert poll_source(agency).updated == 1 and Article.objects.get().headline == "Storm hits coast, two dead"


def test_an_ingested_story_from_before_the_scoping_takes_a_rewritten_update(tmp_path):
    """Its Incoming row proves whose it is, so even a new headline and text update it."""
    agency = IngestSourceFactory(location=str(tmp_path / "a"), name="Agency A")
    old = save_stories([StoryRecord(headline="Storm nears", body_html="<p>First take.</p>", source="json",
                                    source_id="1", version="1")])[0].article
    IncomingStory.objects.create(article=old, source=agency)
    other = save_stories([StoryRecord(headline="Not ours", body_html="<p>x</p>", source="json", source_id="2")])
    deliver(tmp_path / "a", "a.jsonl", "Storm hits coast, two dead", version=2)
    poll = poll_source(agency)
    assert (poll.created, poll.updated) == (0, 1)
    old.refresh_from_db()
    assert (old.source, old.headline) == (f"ingest:{agency.pk}", "Storm hits coast, two dead")
    assert Article.objects.get(pk=other[0].article.pk).source == "json"  # no Incoming row of this source


def test_a_file_that_names_its_source_keeps_it(tmp_path):
    agency = IngestSourceFactory(location=str(tmp_path / "a"))
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.jsonl").write_text(json.dumps(
        {"source": "reuters", "id": "9", "headline": "Named", "body_text": "Text."}) + "\n", "utf-8")
    poll_source(agency)
    assert Article.objects.get().source == "reuters"
