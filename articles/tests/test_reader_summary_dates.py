"""Cards and meta descriptions always have a summary; a story's address and its archive day agree."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from articles.models import Article
from articles.models.article import SUMMARY_LENGTH
from articles.tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

LONG_OPENING = " ".join(["Fishing families along the Tonle Sap count the cost of a dry season"] * 8)


def test_summary_is_the_standfirst_when_there_is_one():
    story = ArticleFactory.build(dek="  Farmers report  their best season. ", body="<p>Body text.</p>")
    assert story.summary == "Farmers report their best season."


def test_summary_falls_back_to_the_first_paragraph_with_words():
    story = ArticleFactory.build(dek="", body="<p> </p><p>Rice &amp; fish <em>prices</em> rose.</p><p>Second.</p>")
    assert story.summary == "Rice & fish prices rose."


def test_a_long_opening_is_cut_at_a_word_boundary():
    story = ArticleFactory.build(dek="", body=f"<p>{LONG_OPENING}</p>")
    summary = story.summary
    assert len(summary) <= SUMMARY_LENGTH and summary.endswith("…")
    assert LONG_OPENING.startswith(summary[:-1]) and LONG_OPENING[len(summary) - 1] == " "


def test_body_without_paragraphs_still_gives_a_summary():
    story = ArticleFactory.build(dek="", body="<ul><li>One</li><li>Two</li></ul>")
    assert story.summary == "One Two"


def test_home_lead_and_meta_description_use_the_summary(client):
    story = ArticleFactory(published=True, dek="", body="<p>The harvest was the largest on record.</p>")
    home = client.get("/").content.decode()
    assert "The harvest was the largest on record." in home
    page = client.get(story.get_absolute_url()).content.decode()
    assert '<meta name="description" content="The harvest was the largest on record.">' in page


def test_home_section_blocks_show_the_summary_of_their_first_story(client):
    section = SectionFactory(name="Business", slug="business")
    ArticleFactory(published=True, headline="Lead", publish_at=timezone.now() - timedelta(minutes=5))
    ArticleFactory(published=True, section=section, dek="", body="<p>Rice exports climbed.</p>")
    html = client.get("/").content.decode()
    block = html.split('id="section-business"', 1)[1]
    assert "Rice exports climbed." in block


def test_archive_day_is_the_day_in_the_stories_address(client, settings):
    """A story rescheduled after first publication stays filed under the date in its address."""
    settings.TIME_ZONE = "Asia/Phnom_Penh"
    tz = ZoneInfo("Asia/Phnom_Penh")
    first = datetime(2024, 5, 23, 23, 30, tzinfo=tz)
    story = ArticleFactory(
        published=True, slug="rescheduled", first_published_at=first, publish_at=first + timedelta(days=3),
    )
    assert story.get_absolute_url() == "/2024/05/23/rescheduled/"
    assert "rescheduled" in client.get("/2024/05/23/").content.decode()
    assert client.get("/2024/05/26/").status_code == 404
    assert "rescheduled" in client.get("/2024/05/").content.decode()
    assert client.get(story.get_absolute_url()).status_code == 200


def test_archive_uses_publication_time_when_there_is_no_first_publication(client):
    moment = timezone.now() - timedelta(days=3)
    story = ArticleFactory(published=True, slug="imported-live", publish_at=moment, first_published_at=None)
    day = story.url_date
    assert day == timezone.localdate(moment)
    assert "imported-live" in client.get(f"/{day.year}/{day.month:02d}/{day.day:02d}/").content.decode()
    filed = Article.objects.with_filed_at().get(pk=story.pk)
    assert filed.filing_time == filed.filed_at == moment


def test_every_story_is_reachable_from_the_home_pages(client):
    """Page 1 lists all of its 20 stories somewhere (lead, most recent, earlier); page 2 follows on."""
    now = timezone.now()
    stories = [ArticleFactory(published=True, headline=f"Home story {n:02d}", section=None,
                              publish_at=now - timedelta(minutes=n + 1)) for n in range(45)]
    pages = "".join(client.get(url).content.decode() for url in ["/", "/?page=2", "/?page=3"])
    missing = [story.headline for story in stories if story.get_absolute_url() not in pages]
    assert missing == []


def test_meta_description_is_short_and_the_story_says_its_language(client):
    from articles.models.article import DESCRIPTION_LENGTH

    story = ArticleFactory(published=True, dek="", body=f"<p>{LONG_OPENING}</p>", language="km")
    assert len(story.description) <= DESCRIPTION_LENGTH < len(story.summary)
    page = client.get(story.get_absolute_url()).content.decode()
    assert f'<meta name="description" content="{story.description}">' in page
    assert '<article class="story" lang="km">' in page
