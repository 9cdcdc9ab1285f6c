"""The story list and the dashboard cost a fixed number of queries, however many stories they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.tests.factories import AuthorFactory, LeadImageFactory, article_in_state, user_in_role

pytestmark = pytest.mark.django_db

STATES = ["draft", "in_review", "approved", "scheduled", "published", "pending", "unpublished", "killed"]


def make_stories(count, reporter, editor):
    soon = timezone.now() + timezone.timedelta(hours=3)
    for i in range(count):
        for state in STATES:
            article_in_state(
                state, created_by=reporter, assignee=editor, deadline=soon, tags=[f"Tag {i}", "Shared"],
                authors=[AuthorFactory(), AuthorFactory()], lead_image=LeadImageFactory(),
            )


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.fixture
def people(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return user_in_role("Reporters", "rita"), user_in_role("Publishers", "pat")


@pytest.mark.parametrize("url", [reverse("admin:articles_article_changelist"), reverse("admin:index"),
                                 reverse("admin:articles_article_changelist") + "?queue=review&due=today"])
def test_the_number_of_queries_does_not_grow_with_the_stories(client, people, url, django_assert_max_num_queries):
    reporter, publisher = people
    client.force_login(publisher)
    make_stories(1, reporter, publisher)
    few = queries(client, url)
    make_stories(4, reporter, publisher)
    with django_assert_max_num_queries(few):
        client.get(url)
