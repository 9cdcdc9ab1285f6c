"""Corrections are for stories readers can already see."""

import pytest
from django.urls import reverse

from articles.tests.factories import article_in_state, user_in_role

pytestmark = pytest.mark.django_db


def test_a_scheduled_story_takes_no_correction_yet(client):
    from articles.models import Correction

    story = article_in_state("scheduled", headline="Tomorrow's story")
    client.force_login(user_in_role("Publishers", "pat"))
    form = client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert "Append a correction" not in form
    client.post(reverse("admin:articles_article_correction", args=[story.pk]), {"kind": "correction", "text": "X"})
    assert not Correction.objects.filter(article=story).exists()
