"""The admin screens of issue 13: live coverage (start, add updates, end), breaking news, author links."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import AuditEntry, BreakingNews, LiveCoverage, LiveUpdate
from articles.tests.factories import ArticleFactory, LiveCoverageFactory, user_in_role

pytestmark = pytest.mark.django_db


def test_editor_starts_coverage_adds_an_update_and_ends_it(client):
    editor = user_in_role("Editors")
    client.force_login(editor)
    story = ArticleFactory(published=True)
    response = client.post("/admin/articles/livecoverage/add/", {"article": story.pk})
    assert response.status_code == 302 and LiveCoverage.objects.filter(article=story).exists()
    page = client.get(f"/admin/articles/livecoverage/{story.pk}/change/")
    assert page.status_code == 200 and b"Publish update" in page.content
    client.post(f"/admin/articles/livecoverage/{story.pk}/add-update/",
                {"headline": "Dam holds", "body": "<p>Engineers say <em>so far</em>.</p>", "key_event": "on"})
    update = LiveUpdate.objects.get(article=story)
    assert update.key_event and update.created_by == editor and update.body == "<p>Engineers say <em>so far</em>.</p>"
    client.post(f"/admin/articles/livecoverage/{story.pk}/end/")
    assert LiveCoverage.objects.get(article=story).ended_at is not None
    actions = set(AuditEntry.objects.filter(article=story).values_list("action", flat=True))
    assert {"live coverage started", "live update added", "live coverage ended"} <= actions


def test_bad_or_refused_updates_change_nothing(client):
    coverage = LiveCoverageFactory()
    client.force_login(user_in_role("Reporters"))
    url = f"/admin/articles/livecoverage/{coverage.pk}/add-update/"
    assert client.post(url, {"body": "<p>Not mine</p>"}).status_code == 403
    client.force_login(user_in_role("Editors"))
    assert client.get(url).status_code == 403
    assert client.post(url, {"body": ""}).status_code == 302
    assert client.post("/admin/articles/livecoverage/999999/add-update/", {"body": "<p>x</p>"}).status_code == 404
    assert not LiveUpdate.objects.exists()


def test_only_publishers_flag_breaking_news_in_the_admin(client):
    story = ArticleFactory(published=True)
    client.force_login(user_in_role("Editors"))
    assert client.get("/admin/articles/breakingnews/add/").status_code == 403
    client.force_login(user_in_role("Publishers"))
    response = client.post("/admin/articles/breakingnews/add/", {"article": story.pk, "label": "Breaking",
                                                                   "minutes": "30"})
    assert response.status_code == 302
    flag = BreakingNews.objects.get()
    assert timedelta(minutes=29) < flag.ends_at - timezone.now() <= timedelta(minutes=30)
    draft = ArticleFactory()
    refused = client.post("/admin/articles/breakingnews/add/", {"article": draft.pk, "label": "B", "minutes": "30"})
    assert refused.status_code == 200 and BreakingNews.objects.count() == 1
