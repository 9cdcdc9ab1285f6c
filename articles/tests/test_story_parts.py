"""Stored story parts (``articles.reader.parts``): a story's page and cards rendered once per version,
byte for byte what a full render gives, and never stale, never a draft's."""

import logging
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext, override_settings

from articles import editorial
from articles.models import Article, Image, Section, StoryParts
from articles.reader import parts as story_parts
from articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    LeadImageFactory,
    LiveCoverageFactory,
    SectionFactory,
    article_in_state,
    rewrite,
    user_in_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.READER_PAGE_CACHE_SECONDS = 0
    cache.clear()


@pytest.fixture
def story():
    photo = ImageFactory(alt_text="Ann")
    figure = ImageFactory(caption="The river at dawn")
    author = AuthorFactory(name="Ann Writer", photo=photo, bio="Covers <b>farming</b>.")
    section = SectionFactory(name="Rice desk", slug="rice-desk")
    story = ArticleFactory(
        published=True, headline="Rice & river <b>prices</b>", section=section, tags=["Harvest", "Trade"],
        authors=[author], lead_image=LeadImageFactory(),
        body=f'<p>First paragraph.</p><figure data-image-id="{figure.pk}"></figure><p>More.</p>',
    )
    ArticleFactory(published=True, headline="Harvest follow-up", section=section, tags=["Harvest"], authors=[author])
    return story


def normalised(html):
    """A page without its view beacon's token, which is signed with the time (to the second)."""
    return re.sub(r'data-view-token="[^"]*"', 'data-view-token=""', html)


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return normalised(response.content.decode())


def full_render(client, article, monkeypatch):
    """The page as it was before parts were stored: everything rendered now."""
    with monkeypatch.context() as patch:
        patch.setattr(story_parts, "usable_here", lambda: False)  # as for a reader in another time zone
        return page(client, article)


def test_a_page_from_stored_parts_is_byte_for_byte_the_full_render(client, story, monkeypatch):
    first = page(client, story)  # renders and stores the parts
    stored = StoryParts.objects.get(article=story)
    assert stored.version == story.version and stored.fingerprint == story_parts.fingerprint()
    second = page(client, story)  # reads them back from the database
    assert first == second == full_render(client, story, monkeypatch)
    assert "Rice &amp; river &lt;b&gt;prices&lt;/b&gt;" in second  # escaped once, not twice, not raw
    assert "The river at dawn" in second and "Ann Writer" in second and "application/ld+json" in second


def test_parts_stored_last_year_are_not_used_once_dates_must_show_their_year(client, monkeypatch, time_machine):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.conf import settings

    time_machine.move_to(datetime(2026, 12, 31, 23, 50, tzinfo=ZoneInfo(settings.TIME_ZONE)), tick=False)
    story = ArticleFactory(published=True, headline="Year-end rice prices")
    december = page(client, story)
    assert "31 December," in december and "31 December 2026" not in december
    time_machine.move_to(datetime(2027, 1, 1, 0, 10, tzinfo=ZoneInfo(settings.TIME_ZONE)), tick=False)
    january = page(client, story)
    assert "31 December 2026" in january and january == full_render(client, story, monkeypatch)


def test_listing_cards_from_stored_parts_are_the_rendered_cards(client, story, monkeypatch):
    page(client, story)
    pages = ["/", "/section/rice-desk/", "/tag/harvest/", "/author/ann-writer/", story.get_absolute_url()]
    stored = {url: normalised(client.get(url).content.decode()) for url in pages}
    for url in pages:
        with monkeypatch.context() as patch:
            patch.setattr(story_parts, "usable_here", lambda: False)
            assert normalised(client.get(url).content.decode()) == stored[url], url


def test_a_stored_story_page_runs_two_queries(client, story, django_assert_max_num_queries):
    page(client, story)
    page(client, Article.objects.get(headline="Harvest follow-up"))  # the related story's card is stored too
    new = ArticleFactory(published=True, tags=["Harvest"], authors=[AuthorFactory()])
    with CaptureQueriesContext(connection) as first_view:
        page(client, new)
    # Once per version: the story, its tags and credits, every tag id, the related ranking, stored (with
    # SQLite's savepoints), the related stories and their credits.
    assert len(first_view) <= 14
    with django_assert_max_num_queries(2):  # the story with its parts; the related stories with their cards
        page(client, story)


def test_an_edit_is_shown_at_once_never_the_stored_older_version(client, story):
    page(client, story)
    rewrite(story, headline="Rice prices fall")
    html = page(client, story)
    assert "<h1>Rice prices fall</h1>" in html and "Rice &amp; river" not in html
    assert StoryParts.objects.get(article=story).version == Article.objects.get(pk=story.pk).version


def test_parts_of_another_version_or_fingerprint_are_never_served(client, story, settings):
    page(client, story)
    StoryParts.objects.filter(article=story).update(top="<p>STALE TOP</p>", version=story.version - 1)
    assert "STALE TOP" not in page(client, story)
    StoryParts.objects.filter(article=story).update(top="<p>STALE TOP</p>")
    settings.SITE_NAME = "The Other Paper"  # a new fingerprint: rendered anew
    assert "STALE TOP" not in page(client, story)
    assert StoryParts.objects.get(article=story).fingerprint == story_parts.fingerprint()


@pytest.mark.parametrize("change", ["author", "tag", "section", "photo", "body picture", "lead picture"])
def test_a_change_to_what_the_parts_show_forgets_exactly_those_parts(client, story, change):
    other = ArticleFactory(published=True, headline="Unrelated", section=SectionFactory(), tags=["Other"],
                           authors=[AuthorFactory()])
    page(client, story)
    page(client, other)
    if change == "author":
        author = story.credits.get().author
        author.name = "Ann Renamed"
        author.save()
    elif change == "tag":
        tag = story.tags.get(name="Trade")
        tag.name = "Commerce"
        tag.save()
    elif change == "section":
        section = Section.objects.get(slug="rice-desk")
        section.name = "Grain desk"
        section.save()
    else:
        image = {
            "photo": lambda: story.credits.get().author.photo,
            "body picture": lambda: Image.objects.get(caption="The river at dawn"),
            "lead picture": lambda: story.lead_image,
        }[change]()
        image.alt_text = "Described anew"
        image.caption = "Captioned anew"
        image.save()
    assert not StoryParts.objects.filter(article=story).exists()
    assert StoryParts.objects.filter(article=other).exists()
    html = page(client, story)
    expected = {"author": "Ann Renamed", "tag": "Commerce", "section": "Grain desk", "photo": None,
                "body picture": "Captioned anew", "lead picture": "Described anew"}[change]
    if expected:
        assert expected in html


def test_an_editorial_publish_renders_the_parts_ahead(django_capture_on_commit_callbacks):
    article = article_in_state("approved", headline="Ready to go", tags=["Harvest"])
    with django_capture_on_commit_callbacks(execute=True):
        editorial.perform("publish", article=article, user=user_in_role("Publishers"))
    parts = StoryParts.objects.get(article=article)
    assert parts.version == Article.objects.get(pk=article.pk).version and "Ready to go" in parts.top


def test_drafts_and_previews_never_use_or_store_parts(admin_client, story):
    page(admin_client, story)
    draft = ArticleFactory(headline="Secret draft")
    response = admin_client.get(f"/admin/articles/article/{draft.pk}/preview/")
    assert response.status_code == 200 and "Secret draft" in response.content.decode()
    assert not StoryParts.objects.filter(article=draft).exists()
    assert admin_client.get(draft.get_absolute_url()).status_code == 404


def test_a_story_with_live_coverage_is_rendered_in_full(client, story):
    LiveCoverageFactory(article=story)
    html = page(client, story)
    assert "is-live-blog" in html and not StoryParts.objects.filter(article=story).exists()


def test_a_failed_store_is_logged_and_the_page_served(client, story, monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise DatabaseError("read-only")

    monkeypatch.setattr(StoryParts.objects, "bulk_create", refuse)
    with caplog.at_level(logging.WARNING, logger="articles.reader.parts"):
        assert "Rice &amp; river" in page(client, story)
    assert "Could not store the rendered parts" in caplog.text
    assert not StoryParts.objects.exists()


def test_related_stories_are_ranked_again_once_kept_long_enough(client, story, settings):
    page(client, story)
    newer = ArticleFactory(published=True, headline="Newer harvest story", tags=["Harvest", "Trade"])
    assert "Newer harvest story" not in page(client, story)  # kept for READER_RELATED_SECONDS
    settings.READER_RELATED_SECONDS = 0
    assert "Newer harvest story" in page(client, story)
    assert newer.pk in StoryParts.objects.get(article=story).related_ids


def test_a_related_story_that_left_readers_never_shows(client, story):
    page(client, story)
    follow_up = Article.objects.get(headline="Harvest follow-up")
    assert "Harvest follow-up" in page(client, story)
    editorial.perform("unpublish", article=follow_up, user=user_in_role("Publishers"))
    assert "Harvest follow-up" not in page(client, story)


def test_the_command_renders_what_is_missing_and_only_live_stories(story):
    draft = ArticleFactory(headline="Draft")
    call_command("render_story_parts", stdout=open("/dev/null", "w"))
    assert StoryParts.objects.filter(article=story).exists() and not StoryParts.objects.filter(article=draft).exists()
    assert story_parts.render_missing() == 0


@override_settings(TIME_ZONE="UTC")
def test_parts_are_only_used_in_the_sites_time_zone(client, story):
    from django.utils import timezone

    page(client, story)
    with timezone.override("Asia/Phnom_Penh"):
        assert not story_parts.usable_here()
    assert story_parts.usable_here()


def test_a_deploy_that_changes_a_part_template_renders_parts_anew(client, story, monkeypatch):
    page(client, story)
    before = story_parts.fingerprint()
    monkeypatch.setattr(story_parts, "_template_digest", lambda second: "templates of the next release")
    assert story_parts.fingerprint() != before
    page(client, story)
    assert StoryParts.objects.get(article=story).fingerprint == story_parts.fingerprint()


def test_parts_rendered_while_what_they_show_changed_are_served_but_not_kept(client, story, monkeypatch):
    """A reader renders the parts while an editor renames the author: the page is served, the parts
    (perhaps read before the rename) are not kept, and the next view renders them anew."""
    render = story_parts.render

    def render_during_a_rename(article):
        parts = render(article)
        author = story.credits.get().author
        author.name = "Ann Renamed"
        author.save()
        return parts

    monkeypatch.setattr(story_parts, "render", render_during_a_rename)
    assert "Ann Writer" in page(client, story)
    assert not StoryParts.objects.filter(article=story).exists()
    monkeypatch.setattr(story_parts, "render", render)
    assert "Ann Renamed" in page(client, story) and StoryParts.objects.filter(article=story).exists()


def test_a_story_read_as_its_stored_cards_has_the_variants_it_was_read_with_and_refuses_any_other():
    from articles.reader.parts import CARD_NAMES, StoredCards, stored_card

    cards = StoredCards(7, {name: f"<{name}>" for name in CARD_NAMES}, ("story:7",), None)
    assert stored_card(cards, level=3, compact=True) == "<level3-compact>"
    assert stored_card(cards, variant="item") == "<item>"
    with pytest.raises(ValueError, match="without the card for"):
        stored_card(cards, level=2, compact=True)  # not a stored variant: it would need the whole story
    only_one = StoredCards(7, {"level2": "<level2>"}, ("story:7",), None)
    assert stored_card(only_one) == "<level2>"
    with pytest.raises(ValueError, match="without the card for"):
        stored_card(only_one, variant="item")  # stored, but not read for this page


@pytest.mark.django_db
def test_a_listing_reads_only_the_card_variants_its_page_shows():
    from articles.reader.story_reads import live_stories_among

    stories = [ArticleFactory(published=True) for _ in range(3)]
    for story in stories:
        story_parts.render_now(story.pk)
    found = live_stories_among([story.pk for story in stories], ("level2", "item"))
    assert [type(story) for story in found] == [story_parts.StoredCards] * 3
    assert all(set(story.cards) == {"level2", "item"} for story in found)