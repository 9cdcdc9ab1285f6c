"""Remembered addresses (``articles.paths``) are exactly ``reverse()``'s, per script prefix and URLconf."""

from django.urls import clear_script_prefix, reverse, set_script_prefix, set_urlconf

from articles.paths import path_to


def test_a_remembered_address_is_reverses():
    assert path_to("articles:section", "rice") == reverse("articles:section", kwargs={"slug": "rice"}) == "/section/rice/"
    assert path_to("articles:home") == "/"


def test_each_script_prefix_gets_its_own_addresses():
    assert path_to("articles:author", "ann") == "/author/ann/"
    set_script_prefix("/news/")
    try:
        assert path_to("articles:author", "ann") == "/news/author/ann/"
    finally:
        clear_script_prefix()
    assert path_to("articles:author", "ann") == "/author/ann/"


def test_a_request_urlconf_gets_its_own_addresses():
    set_urlconf("articles.tests.urls_elsewhere")
    try:
        assert path_to("articles:home") == "/elsewhere/"
    finally:
        set_urlconf(None)
    assert path_to("articles:home") == "/"
