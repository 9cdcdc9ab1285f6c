"""Editors manage the withdrawn-story notice and old story addresses in the admin."""

import pytest

from articles.models import ArticleRedirect, NoticeKind, SiteNotice
from articles.tests.factories import ArticleFactory, move

pytestmark = pytest.mark.django_db


def test_editors_can_edit_the_withdrawn_story_notice(admin_client):
    assert admin_client.get("/admin/articles/sitenotice/").status_code == 200
    response = admin_client.post("/admin/articles/sitenotice/add/", {
        "kind": NoticeKind.KILLED, "heading": "Story removed", "text": "Removed after a legal complaint.",
    })
    assert response.status_code == 302
    assert SiteNotice.for_kind(NoticeKind.KILLED).text == "Removed after a legal complaint."


def test_old_addresses_are_listed(admin_client):
    article = ArticleFactory(published=True)
    move(article, slug="new-address")
    assert ArticleRedirect.objects.count() == 1
    response = admin_client.get("/admin/articles/articleredirect/")
    assert response.status_code == 200 and ArticleRedirect.objects.get().old_path in response.content.decode()
