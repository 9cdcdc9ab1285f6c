"""The layout around every reader page (``articles.reader.layout``), rendered once per process, shows
exactly what a render of the moment would: per script prefix, URLconf, site name, year and menu."""

from datetime import datetime, timezone as dt_timezone

import pytest
from django.test import RequestFactory
from django.urls import clear_script_prefix, set_script_prefix, set_urlconf

from articles.reader import layout
from articles.tests.factories import ArticleFactory, SectionFactory


def test_the_kept_footer_follows_the_script_prefix_and_urlconf():
    plain = layout.footer()
    assert plain.count('<li><a href="/') == 9
    set_script_prefix("/news/")
    try:
        assert layout.footer() == plain.replace('href="/', 'href="/news/')
    finally:
        clear_script_prefix()
    set_urlconf("articles.tests.urls_elsewhere")
    try:
        assert layout.footer() == plain.replace('href="/', 'href="/elsewhere/')
    finally:
        set_urlconf(None)
    assert layout.footer() == plain


def test_the_kept_parts_follow_the_site_name(settings):
    settings.SITE_NAME = "The Harbour Times"
    assert "The Harbour Times" in layout.header(None, menu=False) and "The Harbour Times" in layout.head()
    assert "&copy; " in layout.footer() and "The Harbour Times</p>" in layout.footer()
    settings.SITE_NAME = "The Valley Post"
    assert "The Harbour Times" not in layout.header(None, menu=False) + layout.head() + layout.footer()


def test_the_footer_year_turns_with_the_newsrooms_new_year(time_machine, settings):
    settings.TIME_ZONE = "Asia/Phnom_Penh"  # UTC+7: its new year comes seven hours before UTC's
    time_machine.move_to(datetime(2026, 12, 31, 16, 59, tzinfo=dt_timezone.utc), tick=False)
    assert "&copy; 2026 " in layout.footer()
    time_machine.move_to(datetime(2026, 12, 31, 17, 1, tzinfo=dt_timezone.utc), tick=False)
    assert "&copy; 2027 " in layout.footer()


def test_a_search_page_header_has_no_second_search_form_and_an_error_page_no_menu():
    assert 'role="search"' in layout.header(None, menu=False)
    assert 'role="search"' not in layout.header(None, search=False, menu=False)
    assert "site-nav" not in layout.header(None, menu=False)


@pytest.mark.django_db
def test_the_menu_marks_this_sections_page_and_shows_a_new_section_after_the_change(client):
    sport = SectionFactory(name="Sport", slug="sport")
    ArticleFactory(published=True, section=sport)
    on_sport = layout.header(RequestFactory().get("/section/sport/"))
    assert '<a href="/section/sport/" aria-current="page">Sport</a>' in on_sport
    assert 'aria-current="page"' not in layout.header(RequestFactory().get("/some/story/"))
    ArticleFactory(published=True, section=SectionFactory(name="Weather", slug="weather"))
    assert '<a href="/section/weather/">Weather</a>' in client.get("/section/sport/").content.decode()
