"""Killed stories: visible to the whole newsroom (read-only), changed or revived by superusers only."""

import pytest
from django.urls import reverse

from articles.tests.factories import article_in_state, user_in_role

pytestmark = pytest.mark.django_db

LIST = reverse("admin:articles_article_changelist")


@pytest.mark.parametrize("role,sees", [("Reporters", True), ("Editors", True), ("Publishers", True)])
def test_killed_stories_and_their_filter_for_every_newsroom_role(client, role, sees):
    article_in_state("killed", headline="Court ordered removal")
    article_in_state("draft", headline="Ordinary draft")
    client.force_login(user_in_role(role, "someone"))
    html = client.get(LIST).content.decode()
    assert "Ordinary draft" in html
    assert ("Court ordered removal" in html) == sees
    assert ("?state=killed" in html) == sees
    assert ("Court ordered removal" in client.get(LIST + "?state=killed").content.decode()) == sees
    dashboard = client.get(reverse("admin:index")).content.decode()
    assert "Court ordered removal" not in dashboard
    found = client.get(reverse("admin:articles_article_image_picker"), {"q": "Court"})
    assert "Court ordered removal" not in found.content.decode()

