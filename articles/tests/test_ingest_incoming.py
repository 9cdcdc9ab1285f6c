"""The Incoming desk: listing, picking up, and how source updates treat picked-up stories."""

import json

import pytest

from articles import editorial
from articles.editorial.incoming import PickUpRefused, pick_up_story
from articles.ingest import poll_source
from articles.models import Article, AuditEntry, IncomingStory, Status
from articles.tests.factories import IngestSourceFactory, user_in_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_settling(settings):
    settings.INGEST_SETTLE_SECONDS = 0


@pytest.fixture
def wire(tmp_path):
    source = IngestSourceFactory(name="Agency wire", location=str(tmp_path))

    def send(name, version, headline, body="Text.", urgency=None):
        item = {"id": "story-1", "version": version, "headline": headline, "body_text": body}
        (tmp_path / name).write_text(json.dumps(item) + ("\n" if urgency is None else ""), "utf-8")
        return poll_source(source)

    send.source = source
    return send


def test_picking_up_assigns_the_draft_to_me_with_an_audit_entry(wire):
    wire("a.jsonl", 1, "Quake hits coast")
    editor = user_in_role("Editors")
    item = IncomingStory.objects.get()
    pick_up_story(incoming=item, user=editor)
    article = Article.objects.get()
    assert article.assignee == editor and article.status == Status.DRAFT
    entry = AuditEntry.objects.get(article=article, action="pick_up")
    assert entry.user == editor and "Agency wire" in entry.note
    assert not IncomingStory.objects.waiting().exists()
    pick_up_story(incoming=item, user=editor)  # a double click changes nothing
    assert AuditEntry.objects.filter(action="pick_up").count() == 1
    with pytest.raises(PickUpRefused, match=editor.username):
        pick_up_story(incoming=item, user=user_in_role("Editors"))


def test_an_update_replaces_a_story_nobody_picked_up(wire):
    wire("a.jsonl", 1, "Quake hits coast")
    article = Article.objects.get()
    article.headline = "Someone fiddled without picking it up"
    article.save()
    result = wire("b.jsonl", 2, "Quake of magnitude 7 hits coast", body="More text.")
    assert result.updated == 1
    assert Article.objects.get().headline == "Quake of magnitude 7 hits coast"


def test_an_update_to_a_picked_up_story_follows_the_conflict_rule(wire):
    wire("a.jsonl", 1, "Quake hits coast")
    editor = user_in_role("Editors")
    pick_up_story(incoming=IncomingStory.objects.get(), user=editor)
    assert wire("b.jsonl", 2, "Quake: version two").updated == 1  # picked up but not edited yet: updated
    article = Article.objects.get()
    article.headline = "Editor's own headline"
    article.save()
    result = wire("c.jsonl", 3, "Quake: version three")
    assert (result.updated, result.skipped) == (0, 1)  # the conflict: left alone
    assert Article.objects.get().headline == "Editor's own headline"


def test_the_desk_lists_waiting_stories_and_picks_one_up(wire, client):
    wire("a.jsonl", 1, "Quake hits coast")
    editor = user_in_role("Editors")
    client.force_login(editor)
    page = client.get("/admin/articles/incomingstory/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Quake hits coast" in text and "Agency wire" in text and "Pick up" in text
    assert "Quake" in client.get("/admin/articles/incomingstory/?q=quake").content.decode()
    assert "Quake hits coast" not in client.get("/admin/articles/incomingstory/?q=flood").content.decode()
    item = IncomingStory.objects.get()
    response = client.post("/admin/articles/incomingstory/", {"pick_up_one": item.pk})
    assert response.status_code == 302 and response["Location"].endswith(f"/article/{item.article_id}/change/")
    assert Article.objects.get().assignee == editor
    assert "it is your draft now" in client.get(response["Location"]).content.decode()
    assert "Quake hits coast" not in client.get("/admin/articles/incomingstory/").content.decode()
    assert "Quake hits coast" in client.get("/admin/articles/incomingstory/?state=picked").content.decode()


def test_the_bulk_action_picks_up_several(wire, client):
    wire("a.jsonl", 1, "Quake hits coast")
    client.force_login(user_in_role("Publishers"))
    item = IncomingStory.objects.get()
    client.post("/admin/articles/incomingstory/", {"action": "pick_up", "_selected_action": [item.pk]})
    assert not IncomingStory.objects.waiting().exists()


def test_reporters_neither_see_the_desk_nor_pick_up(wire, client):
    wire("a.jsonl", 1, "Quake hits coast")
    client.force_login(user_in_role("Reporters"))
    item = IncomingStory.objects.get()
    assert client.get("/admin/articles/incomingstory/").status_code == 403
    assert client.post("/admin/articles/incomingstory/", {"pick_up_one": item.pk}).status_code == 403
    assert IncomingStory.objects.waiting().exists()


def test_only_publishers_let_a_source_publish_by_itself(client):
    source = IngestSourceFactory()
    client.force_login(user_in_role("Editors"))
    page = client.get(f"/admin/articles/ingestsource/{source.pk}/change/").content.decode()
    assert 'name="policy"' not in page and 'name="trusted"' not in page
    client.force_login(user_in_role("Publishers"))
    page = client.get(f"/admin/articles/ingestsource/{source.pk}/change/").content.decode()
    assert 'name="policy"' in page and 'name="trusted"' in page


def test_a_trusted_publishing_source_publishes_usable_copy_but_never_an_empty_flash(tmp_path):
    source = IngestSourceFactory(location=str(tmp_path), policy="publish_usable", trusted=True)
    (tmp_path / "wire.json").write_text(json.dumps([
        {"uri": "urn:w:1", "type": "text", "headline": "Usable copy", "body_html": "<p>Text.</p>",
         "pubstatus": "usable"},
        {"uri": "urn:w:2", "type": "text", "headline": "FLASH: text to follow", "pubstatus": "usable", "urgency": 1},
    ]), "utf-8")
    assert poll_source(source).created == 2
    assert list(Article.objects.published().values_list("headline", flat=True)) == ["Usable copy"]
    assert IncomingStory.objects.get(article__source_id="urn:w:2").urgency == 1


def test_a_killed_story_cannot_be_picked_up(wire):
    wire("a.jsonl", 1, "Quake hits coast")
    article = Article.objects.get()
    editorial.restore_imported_state(article=article, status=Status.KILLED, note="withdrawn by the agency")
    with pytest.raises(PickUpRefused):
        pick_up_story(incoming=IncomingStory.objects.get(), user=user_in_role("Editors"))
