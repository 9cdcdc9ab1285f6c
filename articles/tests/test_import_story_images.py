"""A story's other pictures (not the lead) are linked to it as library references at the end of its body."""

import json

import pytest
from django.core.management import call_command

from articles.models import Article, Image
from articles.tests.import_helpers import run_import
from articles.tests.test_export_roundtrip import empty_database

pytestmark = pytest.mark.django_db

STORY = {
    "id": "pics-1", "source": "wire", "headline": "Floods in the north",
    "body_html": '<p>Water rose overnight.</p><p><img src="https://img.example.org/inline.jpg?w=1&amp;h=2" alt="x"></p>',
    "lead_image": {"url": "https://img.example.org/lead.jpg", "caption": "Lead", "alt": "A flooded road"},
    "images": [
        {"url": "https://img.example.org/boat.jpg", "caption": "A rescue boat", "credit": "Mekong Wire", "alt": "Boat"},
        {"url": "https://img.example.org/inline.jpg?w=1&h=2", "caption": "Shown inline already"},
        {"url": "https://img.example.org/map.png", "caption": "Map of the area", "alt": "Map"},
    ],
}


def write(tmp_path, *items):
    path = tmp_path / "story.jsonl"
    path.write_text("".join(json.dumps(item) + "\n" for item in items), "utf-8")
    return path


def test_other_pictures_are_appended_as_references_and_linked(tmp_path):
    code, _, err = run_import(write(tmp_path, STORY))
    assert code == 0, err
    article = Article.objects.get()
    boat, map_ = Image.objects.get(caption="A rescue boat"), Image.objects.get(caption="Map of the area")
    assert article.body.endswith(
        f'<figure data-image-id="{boat.pk}"></figure><figure data-image-id="{map_.pk}"></figure>'
    )
    assert set(article.body_images.all()) == {boat, map_}
    assert article.lead_image.caption == "Lead" and article.lead_image not in article.body_images.all()
    inline = Image.objects.get(caption="Shown inline already")  # recorded, not shown twice
    assert f'data-image-id="{inline.pk}"' not in article.body
    assert (boat.credit, boat.alt_text) == ("Mekong Wire", "Boat")


def test_rerun_with_update_sees_the_story_as_unchanged(tmp_path):
    path = write(tmp_path, STORY)
    run_import(path)
    code, out, _ = run_import(path, update=True)
    assert code == 0 and out.startswith("0 created, 0 updated, 1 skipped")
    assert Image.objects.count() == 4


def test_an_update_relinks_the_pictures(tmp_path):
    run_import(write(tmp_path, {**STORY, "version": "1"}))
    run_import(write(tmp_path, {**STORY, "version": "2", "images": STORY["images"][2:]}), update=True)
    article = Article.objects.get()
    assert list(article.body_images.values_list("caption", flat=True)) == ["Map of the area"]
    assert article.body.count("<figure") == 1


@pytest.mark.parametrize("fmt", ["jsonl", "ninjs"])
def test_linked_pictures_survive_the_round_trip(tmp_path, fmt):
    run_import(write(tmp_path, STORY))
    before = Article.objects.get()
    want = (before.body, [i.source_url for i in Image.objects.filter(pk__in=[
        int(x) for x in before.body_images.values_list("pk", flat=True)]).order_by("source_url")])
    out = tmp_path / f"export.{fmt}"
    call_command("export_articles", format=fmt, output=str(out), verbosity=0)
    exported = json.loads(out.read_text().splitlines()[0])
    assert "data-image-id" not in json.dumps(exported)  # local ids mean nothing elsewhere
    empty_database()
    code, _, err = run_import(out)
    assert code == 0, err
    after = Article.objects.get()
    urls = sorted(after.body_images.values_list("source_url", flat=True))
    assert urls == want[1] == ["https://img.example.org/boat.jpg", "https://img.example.org/map.png"]
    assert after.body.count("<figure") == 2
