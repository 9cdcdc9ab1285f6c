"""The layout around every reader page (``articles.reader.layout``), rendered once per process, shows
exactly what a render of the moment would: per script prefix, URLconf, site name, year and menu."""

from datetime import datetime, timezone as dt_timezone

import pytest
from django.core.cache import cache
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
    assert "The Harbour Times" in layout.header(None) and "The Harbour Times" in layout.head()
    assert "&copy; " in layout.footer() and "The Harbour Times</p>" in layout.footer()
    settings.SITE_NAME = "The Valley Post"
    assert "The Harbour Times" not in layout.header(None) + layout.head() + layout.footer()


def test_the_footer_year_turns_with_the_newsrooms_new_year(time_machine, settings):
    settings.TIME_ZONE = "Asia/Phnom_Penh"  # UTC+7: its new year comes seven hours before UTC's
    time_machine.move_to(datetime(2026, 12, 31, 16, 59, tzinfo=dt_timezone.utc), tick=False)
    assert "&copy; 2026 " in layout.footer()
    time_machine.move_to(datetime(2026, 12, 31, 17, 1, tzinfo=dt_timezone.utc), tick=False)
    assert "&copy; 2027 " in layout.footer()


def test_a_search_page_header_has_no_second_search_form_and_an_error_page_no_menu():
    """The search page has its own form; the 500 page asks for no menu (``{% layout_header menu=False %}``)."""
    assert 'role="search"' in layout.header(None)
    assert 'role="search"' not in layout.header(None, search=False)
    assert "site-nav" not in layout.header(None)


@pytest.mark.django_db
def test_the_menu_marks_this_sections_page_and_shows_a_new_section_after_the_change(client):
    sport = SectionFactory(name="Sport", slug="sport")
    ArticleFactory(published=True, section=sport)
    on_sport = layout.header(RequestFactory().get("/section/sport/"), sections=layout.menu_sections())
    assert '<a href="/section/sport/" aria-current="page">Sport</a>' in on_sport
    assert 'aria-current="page"' not in layout.header(RequestFactory().get("/some/story/"),
                                                      sections=layout.menu_sections())
    ArticleFactory(published=True, section=SectionFactory(name="Weather", slug="weather"))
    assert '<a href="/section/weather/">Weather</a>' in client.get("/section/sport/").content.decode()


@pytest.mark.django_db
def test_a_story_page_reads_the_menu_and_the_most_read_list_in_one_cache_round_trip(client, monkeypatch, settings):
    settings.READER_PAGE_CACHE_SECONDS = 0  # every view renders
    story = ArticleFactory(published=True, section=SectionFactory(name="Sport", slug="sport"))
    client.get(story.get_absolute_url())  # the menu and most-read list are now kept in the cache
    cache_reads, inside = [], []
    for method in ("get", "get_many"):
        monkeypatch.setattr(cache, method, counted(getattr(cache, method), method, cache_reads, inside))
    page = client.get(story.get_absolute_url()).content.decode()
    assert 'href="/section/sport/"' in page and "most-read" in page
    layout_reads = [read for read in cache_reads if "menu" in str(read[1]) or "most-read" in str(read[1])]
    assert layout_reads == [("get_many", ["reader:menu-links", "reader:most-read"])]


def counted(method, name, reads, inside):
    """``method``, noting each call made by the code under test (not by the backend's own ``get_many``)."""
    def call(*args, **kwargs):
        if not inside:
            reads.append((name, args[0]))
        inside.append(name)
        try:
            return method(*args, **kwargs)
        finally:
            inside.pop()
    return call


def test_the_kept_organization_data_follows_the_site_name_and_address(settings):
    from articles.templatetags.reader_site import organization_json_ld

    settings.SITE_NAME, settings.SITE_URL = "The Harbour Times", "https://harbour.example"
    first = organization_json_ld()
    assert '"name": "The Harbour Times"' in first and '"url": "https://harbour.example/"' in first
    assert organization_json_ld() is first  # kept, not made again
    settings.SITE_NAME, settings.SITE_URL = "The Valley Post", "https://valley.example"
    assert "Harbour" not in organization_json_ld() and "https://valley.example/" in organization_json_ld()
