"""Imports go through the tag vocabulary: aliases give canonical tags in every format, the summary
counts new tags, and --no-new-tags leaves unknown keywords out (listed) instead of creating tags."""

import pytest
from taggit.models import Tag

from articles.models import Article
from articles.tests.import_helpers import FIXTURES, run_import
from articles.tests.tag_helpers import tag

pytestmark = pytest.mark.django_db

# One fixture per format and one keyword it carries (see test_import_formats.py).
KEYWORD_BY_FILE = {
    "mekong-dam.md": "Hydropower", "tonle-sap-toml.md": "Climate", "night-bus-json.md": "Transport",
    "stories.jsonl": "Rice", "stories.json": "Currency", "stories.csv": "Markets", "feed.rss": "Tourism",
    "feed.atom": "Kampot", "wordpress-1.2.xml": "Senate", "wordpress-1.0.xml": "Kep", "nitf-3.6.xml": "Border",
    "nitf-3.3-latin1.xml": "Cafés", "newsml-item.xml": "dengue fever", "newsml-message.xml": "economy",
    "ninjs-1.json": "Prey Veng", "ninjs-2.json": "Solar",
}


@pytest.mark.parametrize("filename, keyword", KEYWORD_BY_FILE.items())
def test_an_alias_gives_the_canonical_tag_in_every_format(filename, keyword):
    canonical = tag("Canonical topic", aliases=[keyword.upper()])  # case and accents do not matter either
    code, _, err = run_import(FIXTURES / filename)
    assert code == 0, err
    tagged = Article.objects.filter(tags=canonical)
    assert tagged.exists()
    assert not Tag.objects.filter(name__iexact=keyword).exists()
    for story in tagged:
        names = list(story.tags.names())
        assert len(names) == len(set(names)) and keyword not in names


def test_an_alias_and_its_tag_in_one_story_give_the_tag_once(tmp_path):
    hun_sen = tag("Hun Sen", aliases=["Samdech Hun Sen"])
    path = tmp_path / "one.jsonl"
    path.write_text('{"id": "1", "headline": "A", "body_text": "B", "tags": ["Samdech Hun Sen", "hun sen", "HUN-SEN"]}\n')
    assert run_import(path)[0] == 0
    assert list(Article.objects.get().tags.all()) == [hun_sen]


def test_the_summary_counts_new_tags(tmp_path):
    tag("Rice")
    path = tmp_path / "two.jsonl"
    path.write_text(
        '{"id": "1", "headline": "A", "body_text": "B", "tags": ["rice", "Trade", "Labour"]}\n'
        '{"id": "2", "headline": "C", "body_text": "D", "tags": ["trade!", "Garments"]}\n'
    )
    code, out, _ = run_import(path, dry_run=True)
    assert "; 3 new tags" in out and Tag.objects.count() == 1
    code, out, _ = run_import(path, verbosity=2)
    assert code == 0 and "; 3 new tags" in out
    assert "new tags: Trade, Labour, Garments" in out
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["Garments", "Labour", "Rice", "Trade"]
    code, out, _ = run_import(path, update=True)
    assert "; 0 new tags" in out


def test_no_new_tags_maps_unknown_keywords_to_nothing_and_lists_them(tmp_path):
    rice = tag("Rice", aliases=["Paddy"])
    path = tmp_path / "three.jsonl"
    path.write_text('{"id": "1", "headline": "A", "body_text": "B", "tags": ["paddy", "Trade", "Labour"]}\n')
    code, out, _ = run_import(path, no_new_tags=True)
    assert code == 0
    assert "--no-new-tags: 2 unknown keywords left out: Trade, Labour" in out
    assert list(Article.objects.get().tags.all()) == [rice]
    assert list(Tag.objects.all()) == [rice]


def test_no_new_tags_applies_to_the_command_line_tags_too(tmp_path):
    path = tmp_path / "four.jsonl"
    path.write_text('{"id": "1", "headline": "A", "body_text": "B"}\n')
    code, out, _ = run_import(path, no_new_tags=True, tags="Wire copy")
    assert "left out: Wire copy" in out and not Tag.objects.exists()


def test_new_tags_of_a_batch_are_created_together_with_profiles_and_their_addresses_back(tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.models import TagProfile, TagRedirect
    from articles.tagging.vocabulary import resolve_names

    old = tag("Old name")
    TagRedirect.objects.create(old_slug="flood-relief", tag=old)  # a renamed tag's old address
    with CaptureQueriesContext(connection) as few:
        resolve_names(["Rain one", "Rain two"])
    names = [f"Topic {n}" for n in range(30)] + ["Flood relief", "flood RELIEF", "Tag"]
    with CaptureQueriesContext(connection) as many:
        resolved = resolve_names(names)
    assert len(many) == len(few)  # a statement per kind of row, not per tag
    assert resolved["Flood relief"] == resolved["flood RELIEF"]  # one tag, named by its first spelling
    created = resolved["Flood relief"]
    assert (created.name, created.slug) == ("Flood relief", "flood-relief")
    assert not TagRedirect.objects.filter(old_slug="flood-relief").exists()  # the address is a real tag's again
    assert resolved["Tag"].slug == "tag"
    for name in names:
        profile = TagProfile.objects.get(tag=resolved[name])
        assert profile.key and not profile.internal
    assert resolve_names(["topic 7"]) == {"topic 7": resolved["Topic 7"]}  # found again through its profile
