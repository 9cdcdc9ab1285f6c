"""Two people (or a person and a scheduler) publish the same story at the same moment: it happens once."""

import threading

import pytest
from django.db import connection

from articles import editorial
from articles.models import Article, AuditEntry, Revision, Status
from articles.tests.factories import article_in_state, user_in_role


pytestmark = pytest.mark.django_db(transaction=True)


def test_double_publish_race_publishes_once():
    publisher, other = user_in_role("Publishers"), user_in_role("Publishers")
    story = article_in_state("approved")
    version = Article.objects.get(pk=story.pk).version
    start = threading.Barrier(2)
    results, errors = [], []

    def publish(user):
        try:
            start.wait(timeout=10)
            results.append(editorial.perform("publish", article=story, user=user))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(user,)) for user in (publisher, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(r.happened for r in results) == [False, True]
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED
    assert story.version == version + 1
    assert AuditEntry.objects.filter(article=story, action="publish").count() == 1
    assert Revision.objects.filter(article=story, transition="publish").count() == 1
