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


def test_people_filters_list_staff_from_the_people_tables_not_from_every_story(client, people):
    """The byline and assignee filters read the people tables (a few rows), so their cost does not grow
    with the archive; imported bylines are reached through the search box, a chosen one stays listed."""
    reporter, publisher = people
    staff_byline = AuthorFactory(name="Rita Staff", user=reporter)
    wire = AuthorFactory(name="Wire Byline")
    article_in_state("draft", created_by=reporter, authors=[staff_byline, wire])
    client.force_login(publisher)
    url = reverse("admin:articles_article_changelist")
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url).content.decode()
    assert "Rita Staff" in page and "Wire Byline" not in page.split('id="changelist-filter"')[-1]
    assert "pat" in page.split('id="changelist-filter"')[-1]  # the assignee filter lists staff
    assert not any("DISTINCT" in q["sql"] and "articles_articleauthor" in q["sql"] for q in captured.captured_queries)
    assert not any("DATE_TRUNC" in q["sql"].upper() or "django_datetime_trunc" in q["sql"]
                   for q in captured.captured_queries)  # no date drill-down scanning every story
    chosen = client.get(f"{url}?credits__author__id__exact={wire.pk}").content.decode()
    assert "Wire Byline" in chosen.split('id="changelist-filter"')[-1]
