"""The tag desk's "last used" is when the tag was last put on a story (editor's save, republish, import,
merge), not when a story carrying it last changed."""

from datetime import datetime, timezone as dt_timezone

import pytest
import time_machine
from django.urls import reverse
from taggit.models import Tag

from articles.editorial.tags import merge_tags
from articles.tests.factories import ArticleFactory, rewrite, user_in_role
from articles.tests.import_helpers import run_import

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:taggit_tag_changelist")


def at(day):
    return time_machine.travel(datetime(2026, 3, day, 9, 0, tzinfo=dt_timezone.utc), tick=False)


def last_used(client, name):
    """The "last used" cell of the tag's row on the tag desk."""
    page = client.get(CHANGELIST, {"q": name}).content.decode()
    row = next(line for line in page.split("<tr") if f">{name}</a>" in line)
    return row.split('class="field-last_used">')[1].split("<")[0]


@pytest.fixture
def desk(client):
    client.force_login(user_in_role("Editors"))
    return client


def test_editing_a_story_does_not_move_the_time_its_tags_were_put_on(desk):
    with at(2):
        story = ArticleFactory(tags=["Mekong"])
    with at(5):
        rewrite(story, headline="A new headline", tags=["Mekong", "Floods"])
    assert last_used(desk, "Mekong") == "2 Mar 2026"  # the story changed on the 5th; the tag was put on the 2nd
    assert last_used(desk, "Floods") == "5 Mar 2026"


def test_putting_the_tag_on_another_story_moves_it(desk):
    with at(2):
        ArticleFactory(tags=["Mekong"])
        other = ArticleFactory(tags=["Rice"])
    with at(7):
        rewrite(other, tags=["Rice", "Mekong"])
    assert last_used(desk, "Mekong") == "7 Mar 2026"
    with at(9):
        rewrite(other, tags=["Rice"])  # taken off again: the other story still had it on the 2nd
    assert last_used(desk, "Mekong") == "2 Mar 2026"


def test_a_live_story_gets_its_tag_when_the_edit_is_republished(desk):
    with at(2):
        story = ArticleFactory(published=True, tags=["Rice"])
    with at(4):
        rewrite(story, tags=["Rice", "Harvest"])  # saved as a pending edit, then republished
    assert last_used(desk, "Harvest") == "4 Mar 2026"


def test_an_import_puts_tags_on(desk, tmp_path):
    with at(3):
        ArticleFactory(tags=["Markets"])
    path = tmp_path / "wire.jsonl"
    path.write_text('{"id": "w-1", "headline": "Prices rise", "body_html": "<p>Up.</p>", "tags": ["Markets"]}\n')
    with at(8):
        code, _out, err = run_import(path)
    assert code == 0, err
    assert last_used(desk, "Markets") == "8 Mar 2026"


def test_a_merge_puts_the_survivor_on_the_merged_tag_stories(desk):
    with at(1):
        ArticleFactory(tags=["Hun Sen"])
        ArticleFactory(tags=["Samdech Hun Sen"])
    with at(6):
        merge_tags(sources=[Tag.objects.get(name="Samdech Hun Sen")], target=Tag.objects.get(name="Hun Sen"),
                   user=None)
    assert last_used(desk, "Hun Sen") == "6 Mar 2026"


def test_a_tag_on_no_story_was_never_used(desk):
    Tag.objects.create(name="Unused")
    assert last_used(desk, "Unused") == "never"
