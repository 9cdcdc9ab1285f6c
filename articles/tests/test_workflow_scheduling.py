"""A scheduled story appears to readers at its time, with no worker: invisible at T-1s, visible at T+1s."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Status
from articles.tests.factories import article_in_state, user_in_role

pytestmark = pytest.mark.django_db


def test_publisher_schedules_through_the_admin_and_readers_see_it_at_that_time(client, time_machine):
    start = timezone.now().replace(microsecond=0)
    time_machine.move_to(start, tick=False)
    publisher = user_in_role("Publishers")
    story = article_in_state("approved", headline="Embargoed result")
    moment = start + timedelta(hours=2)

    client.force_login(publisher)
    response = client.post(
        reverse("admin:articles_article_transition", args=[story.pk, "schedule"]),
        {"at": timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M:%S"), "note": ""},
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.status, story.publish_at) == (Status.PUBLISHED, moment)
    listing = client.get(reverse("admin:articles_article_changelist"))
    assert "Scheduled for" in listing.content.decode()
    client.logout()

    time_machine.move_to(moment - timedelta(seconds=1), tick=False)
    assert client.get(story.get_absolute_url()).status_code == 404
    assert "Embargoed result" not in client.get("/").content.decode()

    time_machine.move_to(moment + timedelta(seconds=1), tick=False)
    assert client.get(story.get_absolute_url()).status_code == 200
    assert "Embargoed result" in client.get("/").content.decode()
    assert story in Article.objects.published()
