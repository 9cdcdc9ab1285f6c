"""In-app notifications: workflow steps and @mentions reach the right people, in the channel they chose."""

import pytest
from django.core import mail
from django.urls import reverse

from articles import editorial
from articles.models import Notification, PersonPreferences
from articles.tests.factories import article_in_state, user_in_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom():
    return {
        "reporter": user_in_role("Reporters", "rita", email="rita@example.com"),
        "editor": user_in_role("Editors", "ed", email="ed@example.com"),
        "publisher": user_in_role("Publishers", "pat", email="pat@example.com"),
    }


def events(user):
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("event", "note"))


def test_each_step_notifies_the_people_it_concerns(newsroom, django_capture_on_commit_callbacks):
    reporter, editor, publisher = newsroom["reporter"], newsroom["editor"], newsroom["publisher"]
    story = article_in_state("draft", created_by=reporter)
    with django_capture_on_commit_callbacks(execute=True):
        editorial.submit_article(article=story, user=reporter)
        editorial.return_article(article=story, user=editor, note="Name your source.")
        editorial.submit_article(article=story, user=reporter)
        editorial.approve_article(article=story, user=editor)
        editorial.publish_article(article=story, user=publisher)
        editorial.kill_article(article=story, user=publisher, note="Legal")
    assert events(reporter) == [("return", "Name your source."), ("approve", ""), ("publish", ""), ("kill", "Legal")]
    assert [e for e, _ in events(editor)] == ["submit", "submit"]
    assert [e for e, _ in events(publisher)] == ["submit", "submit"]  # the desk; not their own steps


def test_submitted_to_me_reaches_the_assignee(newsroom, django_capture_on_commit_callbacks):
    other = user_in_role("Reporters", "ravi")
    story = article_in_state("draft", created_by=newsroom["reporter"], assignee=other)
    with django_capture_on_commit_callbacks(execute=True):
        editorial.submit_article(article=story, user=newsroom["reporter"])
    assert events(other) == [("submit", "")]


def test_channel_preference_is_honoured(newsroom, django_capture_on_commit_callbacks):
    reporter = newsroom["reporter"]
    PersonPreferences.objects.create(user=reporter, notify_by="email")
    story = article_in_state("in_review", created_by=reporter)
    with django_capture_on_commit_callbacks(execute=True):
        editorial.return_article(article=story, user=newsroom["editor"], note="Shorter, please.")
    assert events(reporter) == [] and [m.to for m in mail.outbox] == [["rita@example.com"]]

    mail.outbox.clear()
    reporter.preferences.notify_by = "in_app"
    reporter.preferences.save()
    story = article_in_state("in_review", created_by=reporter)
    with django_capture_on_commit_callbacks(execute=True):
        editorial.return_article(article=story, user=newsroom["editor"], note="Again.")
    assert events(reporter) == [("return", "Again.")] and mail.outbox == []


def test_mentions_notify_only_people_who_may_see_the_story(client, newsroom):
    former = user_in_role("Reporters", "former")
    former.groups.clear()  # no role any more: may not see stories
    story = article_in_state("draft", created_by=newsroom["reporter"])
    client.force_login(newsroom["reporter"])
    client.post(reverse("admin:articles_article_comment", args=[story.pk]),
                {"text": "@ed can you check? cc @former @nobody @rita, and email x@ed.com"})
    assert events(newsroom["editor"]) == [
        ("mention", "@ed can you check? cc @former @nobody @rita, and email x@ed.com")
    ]
    assert events(former) == [] and events(newsroom["reporter"]) == []


def test_bell_counts_unread_and_the_list_marks_them_read(client, newsroom):
    story = article_in_state("draft", headline="Bell story")
    Notification.objects.create(recipient=newsroom["editor"], article=story, event="mention",
                                actor=newsroom["reporter"], note="@ed look")
    client.force_login(newsroom["editor"])
    index = client.get(reverse("admin:index")).content.decode()
    assert 'aria-label="Notifications, 1 unread"' in index
    listing = client.get(reverse("newsroom:notifications")).content.decode()
    assert "mentioned you" in listing and "Bell story" in listing and "@ed look" in listing
    notification = Notification.objects.get()
    response = client.get(reverse("newsroom:open_notification", args=[notification.pk]))
    assert response["Location"] == reverse("admin:articles_article_change", args=[story.pk])
    assert 'aria-label="Notifications, 0 unread"' in client.get(reverse("admin:index")).content.decode()
    client.force_login(newsroom["publisher"])
    assert client.get(reverse("newsroom:open_notification", args=[notification.pk])).status_code == 404


def test_dashboard_returned_to_me_shows_the_note(client, newsroom):
    story = article_in_state("in_review", created_by=newsroom["reporter"], headline="Returned one")
    editorial.return_article(article=story, user=newsroom["editor"], note="Add the minister's reply.")
    client.force_login(newsroom["reporter"])
    page = client.get(reverse("admin:index")).content.decode()
    assert "Add the minister&#x27;s reply." in page
