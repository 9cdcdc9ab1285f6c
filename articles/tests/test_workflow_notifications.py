"""Notification e-mails reach only people who may see the story, and never the person who acted."""

import pytest
from django.core import mail

from articles import editorial
from articles.tests.factories import article_in_state, user_in_role

pytestmark = pytest.mark.django_db


def test_submit_mails_only_active_editors_who_may_see_the_story(django_capture_on_commit_callbacks):
    reporter = user_in_role("Reporters", "rita", email="rita@example.com")
    user_in_role("Editors", "ed", email="ed@example.com")
    user_in_role("Editors", "gone", email="gone@example.com", is_active=False)
    story = article_in_state("draft", created_by=reporter)
    with django_capture_on_commit_callbacks(execute=True):
        editorial.submit_article(article=story, user=reporter)
    assert [m.to for m in mail.outbox] == [["ed@example.com"]]


def test_return_and_publish_skip_a_reporter_who_left_the_newsroom(django_capture_on_commit_callbacks):
    former = user_in_role("Reporters", "former", email="former@example.com")
    assignee = user_in_role("Reporters", "rita", email="rita@example.com")
    editor = user_in_role("Editors", "ed", email="ed@example.com")
    publisher = user_in_role("Publishers", "pat", email="pat@example.com")
    story = article_in_state("in_review", created_by=former, assignee=assignee)
    former.groups.clear()
    with django_capture_on_commit_callbacks(execute=True):
        editorial.return_article(article=story, user=editor, note="Needs a second source.")
    assert [m.to for m in mail.outbox] == [["rita@example.com"]]
    with django_capture_on_commit_callbacks(execute=True):
        editorial.submit_article(article=story, user=assignee)
        editorial.approve_article(article=story, user=editor)
        editorial.publish_article(article=story, user=publisher)
    assert all("former@example.com" not in m.to and "pat@example.com" not in m.to for m in mail.outbox)
    assert mail.outbox[-1].subject.startswith("Published") and mail.outbox[-1].to == ["rita@example.com"]


def test_a_step_asked_for_twice_sends_one_mail(django_capture_on_commit_callbacks):
    reporter = user_in_role("Reporters", "rita", email="rita@example.com")
    user_in_role("Editors", "ed", email="ed@example.com")
    story = article_in_state("draft", created_by=reporter)
    with django_capture_on_commit_callbacks(execute=True):
        editorial.submit_article(article=story, user=reporter)
        again = editorial.perform("submit", article=story, user=reporter)
    assert not again.happened
    assert len(mail.outbox) == 1
