"""Locks and presence tell the truth: beats keep them, leaving frees them, silence lapses them in 45 s."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import EditLock, StoryViewer
from articles.tests.factories import article_in_state, user_in_role

pytestmark = pytest.mark.django_db


def beat(client, story):
    return client.post(reverse("newsroom:presence", args=[story.pk])).json()


def test_both_people_see_each_other_and_leaving_frees_the_lock(client):
    pat = user_in_role("Editors", "pat", first_name="Pat")
    olga = user_in_role("Editors", "olga", first_name="Olga")
    story = article_in_state("draft")
    client.force_login(pat)
    assert beat(client, story) == {"mine": True, "holder": "Pat", "others": []}
    client.force_login(olga)
    assert beat(client, story) == {"mine": False, "holder": "Pat", "others": ["Pat"]}
    client.force_login(pat)
    assert beat(client, story)["others"] == ["Olga"]

    assert client.post(reverse("newsroom:presence_leave", args=[story.pk])).json() == {"released": True}
    assert not EditLock.objects.filter(article=story).exists()
    client.force_login(olga)
    assert beat(client, story) == {"mine": True, "holder": "Olga", "others": []}


def test_a_lock_lapses_45_seconds_after_the_last_heartbeat(client, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    pat, olga = user_in_role("Editors", "pat"), user_in_role("Editors", "olga")
    story = article_in_state("draft")
    client.force_login(pat)
    beat(client, story)
    client.force_login(olga)
    time_machine.move_to(timezone.now() + timedelta(seconds=44), tick=False)
    assert beat(client, story)["mine"] is False
    time_machine.move_to(timezone.now() + timedelta(seconds=2), tick=False)
    # Olga's own beat 2 s ago does not help Pat: his lock is 46 s old and lapsed.
    assert beat(client, story)["mine"] is True
    assert StoryViewer.objects.filter(article=story).count() == 2


def test_viewers_who_may_not_edit_are_shown_but_take_no_lock(client):
    reporter = user_in_role("Reporters", "rita", first_name="Rita")
    story = article_in_state("in_review")
    client.force_login(reporter)
    assert beat(client, story) == {"mine": False, "holder": "", "others": []}
    assert not EditLock.objects.exists()
    editor = user_in_role("Editors", "ed")
    client.force_login(editor)
    assert beat(client, story)["others"] == ["Rita"]


def test_presence_refuses_get_and_unknown_stories(client):
    client.force_login(user_in_role("Editors", "ed"))
    story = article_in_state("draft")
    assert client.get(reverse("newsroom:presence", args=[story.pk])).status_code == 405
    assert client.post(reverse("newsroom:presence", args=[story.pk + 1000])).status_code == 404
