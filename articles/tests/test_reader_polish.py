"""Reader polish: times in the newsroom's zone with its name, the year only when needed, one search box,
the theme script and toggle, and no cookie on public pages."""

from datetime import datetime
from datetime import timezone as dt_timezone

import pytest
from django.test import override_settings

from articles.templatetags.reader_time import reader_date, reader_time
from articles.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@override_settings(TIME_ZONE="Asia/Phnom_Penh")
def test_times_are_local_with_the_zone_name_and_the_year_only_when_not_this_year(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 11, 29, 12, 0, tzinfo=dt_timezone.utc))
    this_year = datetime(2026, 11, 29, 20, 30, tzinfo=dt_timezone.utc)  # already the 30th in Phnom Penh
    last_year = datetime(2024, 5, 23, 3, 0, tzinfo=dt_timezone.utc)
    assert reader_time(this_year) == "30 November, 03:30 Phnom Penh time"
    assert reader_time(last_year) == "23 May 2024, 10:00 Phnom Penh time"
    assert reader_date(last_year) == "23 May 2024"


@override_settings(TIME_ZONE="UTC")
def test_zone_abbreviations_made_of_letters_are_kept():
    assert reader_time(datetime(2020, 1, 2, 3, 4, tzinfo=dt_timezone.utc)) == "2 January 2020, 03:04 UTC"


def test_story_page_shows_local_time(client, settings):
    settings.TIME_ZONE = "Asia/Phnom_Penh"
    story = ArticleFactory(published=True, publish_at=datetime(2024, 5, 23, 3, 0, tzinfo=dt_timezone.utc))
    page = client.get(story.get_absolute_url()).content.decode()
    assert "23 May 2024, 10:00 Phnom Penh time" in page


def test_search_page_has_one_search_box(client):
    page = client.get("/search/?q=rice").content.decode()
    assert page.count('type="search"') == 1


def test_theme_bootstrap_script_is_constant_and_the_only_inline_script(client):
    """A CSP can allow the one inline script by hash: it must be the same bytes on every page."""
    import re

    ArticleFactory(published=True, headline="Theme test")
    scripts = set()
    for url in ["/", "/search/?q=x", "/corrections/"]:
        response = client.get(url)
        assert not response.cookies, url
        page = response.content.decode()
        inline = re.findall(r"<script>(.*?)</script>", page, re.S)
        assert len(inline) == 1, url
        scripts.add(inline[0])
        assert "data-theme-toggle" in page
        assert not re.search(r"\son[a-z]+\s*=", page), f"{url}: an inline event handler"
    assert len(scripts) == 1 and "{{" not in scripts.pop()


def test_the_section_menu_marks_the_section_whose_page_this_is(client):
    from articles.tests.factories import SectionFactory

    business, sport = SectionFactory(name="Business", slug="business"), SectionFactory(name="Sport", slug="sport")
    ArticleFactory(published=True, section=business)
    ArticleFactory(published=True, section=sport)
    page = client.get("/section/sport/").content.decode()
    assert '<a href="/section/sport/" aria-current="page">Sport</a>' in page
    assert '<a href="/section/business/">Business</a>' in page
    assert 'aria-current="page"' not in client.get("/").content.decode()
