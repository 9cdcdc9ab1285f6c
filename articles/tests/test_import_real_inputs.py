"""Four classes of real input that used to be refused or silently lost (issue 15)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.importers.common import first_sentence, title_from_filename
from articles.models import Article, EditorialComment, Status
from articles.tests.import_helpers import run_import

pytestmark = pytest.mark.django_db

UNTITLED_RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>River Desk</title><link>https://river.example/</link><description>d</description>
<item><guid>river-1</guid>
<description>Water levels on the Mekong rose by two metres overnight, officials said. More rain is due.</description>
</item>
<item><guid>river-2</guid>
<content:encoded><![CDATA[<p>Ferries between the two banks have stopped running while engineers inspect
the landing stages and the pontoons that were damaged by the floating debris brought down by the flood
waters this week</p>]]></content:encoded></item>
</channel></rss>"""

WIRE_FLASH_NINJS = """{"uri": "urn:wire:flash-1", "type": "text", "version": "1",
 "headline": "FLASH: Parliament dissolved", "body_html": "", "pubstatus": "usable", "urgency": 1,
 "embargoed": "%s"}"""

EMPTY_NITF = """<?xml version="1.0"?>
<nitf><head><docdata><doc-id id-string="adv-7"/><urgency ed-urg="3"/></docdata></head>
<body><body.head><hedline><hl1>ADVISORY: Budget text to follow at noon</hl1></hedline></body.head>
<body.content></body.content></body></nitf>"""

SITELESS_WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>%s</title><wp:wxr_version>1.2</wp:wxr_version>
<item><title>%s</title><content:encoded><![CDATA[Body of %s.]]></content:encoded>
<wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type><wp:status>draft</wp:status></item>
</channel></rss>"""


def test_a_feed_item_without_a_title_takes_its_first_sentence_and_a_note_saying_so(tmp_path):
    path = tmp_path / "river.rss"
    path.write_text(UNTITLED_RSS, "utf-8")
    code, out, err = run_import(path)
    assert code == 0, err
    first = Article.objects.get(source_id="river-1")
    assert first.headline == "Water levels on the Mekong rose by two metres overnight, officials said"
    second = Article.objects.get(source_id="river-2")
    assert len(second.headline) <= 101 and second.headline.endswith("…")
    assert second.headline.startswith("Ferries between the two banks have stopped running")
    notes = EditorialComment.objects.filter(article=first).values_list("text", flat=True)
    assert [note for note in notes if "Headline derived from the first sentence" in note]


def test_a_static_site_post_without_a_title_takes_its_file_name_titled(tmp_path):
    path = tmp_path / "2024-03-01-city-council-votes-on-budget.md"
    path.write_text("---\ndate: 2024-03-01\ntags: [council]\n---\nThe council voted 7 to 2.\n", "utf-8")
    code, _, err = run_import(path)
    assert code == 0, err
    article = Article.objects.get()
    assert article.headline == "City Council Votes On Budget"
    assert EditorialComment.objects.filter(article=article, text__contains="derived from the file name").exists()


def test_file_name_titles_follow_jekyll_and_hugo_bundles():
    assert title_from_filename("posts/2024-1-9-hello_world.md") == "Hello World"
    assert title_from_filename("content/posts/flood-warning/index.md") == "Flood Warning"
    assert first_sentence("One. Two.") == "One"
    assert first_sentence("word " * 40).endswith("word…")


def test_an_empty_bodied_wire_item_is_a_headline_only_draft_that_keeps_its_embargo(tmp_path):
    embargo = (timezone.now() + timedelta(hours=3)).replace(microsecond=0)
    flash = tmp_path / "flash.json"
    flash.write_text(WIRE_FLASH_NINJS % embargo.isoformat(), "utf-8")
    advisory = tmp_path / "advisory.xml"
    advisory.write_text(EMPTY_NITF, "utf-8")
    code, out, err = run_import(flash, advisory, status="published")
    assert code == 0, err
    flash_story = Article.objects.get(source_id="urn:wire:flash-1")
    assert flash_story.status == Status.DRAFT and flash_story.body == ""
    assert flash_story.publish_at == embargo
    advisory_story = Article.objects.get(source_id="adv-7")
    assert advisory_story.status == Status.DRAFT and advisory_story.headline.startswith("ADVISORY")
    assert not Article.objects.published().exists()


def test_an_empty_body_still_fails_where_the_format_is_not_a_wire(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text('{"id": "a", "headline": "Only a headline"}\n', "utf-8")
    code, _, err = run_import(path)
    assert code == 1 and "the story has no body" in err


def test_two_siteless_wordpress_exports_never_collide_and_a_rerun_creates_nothing(tmp_path):
    first, second = tmp_path / "one.xml", tmp_path / "two.xml"
    first.write_text(SITELESS_WXR % ("Blog one", "First blog post", "one"), "utf-8")
    second.write_text(SITELESS_WXR % ("Blog two", "Second blog post", "two"), "utf-8")
    code, out, err = run_import(first, second)
    assert code == 0, err
    assert sorted(Article.objects.values_list("headline", flat=True)) == ["First blog post", "Second blog post"]
    code, out, _ = run_import(first, second)
    assert Article.objects.count() == 2
    assert out.startswith("0 created, 0 updated, 2 skipped")
    assert "2 skipped: already imported (use --update to update it)" in out
