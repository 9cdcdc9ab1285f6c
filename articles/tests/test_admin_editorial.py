"""The editorial screens: revisions, preview and share links, locks, corrections, comments, e-mails, dashboard."""

from datetime import timedelta

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from articles import editorial
from articles.models import Article, AuditEntry, Revision, Status
from articles.editorial import take_snapshot
from articles.tests.factories import article_in_state, user_in_role

pytestmark = pytest.mark.django_db


def admin_url(name, *args):
    return reverse(f"admin:articles_article_{name}", args=args)


@pytest.fixture
def editor(client):
    user = user_in_role("Editors", "ed", email="ed@example.com")
    client.force_login(user)
    return user


@pytest.fixture
def publisher():
    return user_in_role("Publishers", "pat", email="pat@example.com")


def test_compare_shows_changed_paragraphs_and_restore_makes_a_new_version(client, editor):
    story = article_in_state("draft", headline="First headline", body="<p>Alpha beta gamma.</p><p>Unchanged.</p>")
    old = editorial.record_revision(article=story, user=editor)
    story.headline, story.body = "Second headline", "<p>Alpha delta gamma.</p><p>Unchanged.</p>"
    story.save()
    story.tags.add("Rice")
    new = editorial.record_revision(article=story, user=editor)

    response = client.get(admin_url("compare", story.pk) + f"?a={new.pk}&b={old.pk}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<del>First</del>" in html and "<ins>Second</ins>" in html
    assert "<del>beta</del>" in html and "<ins>delta</ins>" in html
    assert "<ins>Rice</ins>" in html

    assert client.post(admin_url("restore", story.pk, old.pk)).status_code == 302
    story.refresh_from_db()
    assert story.headline == "First headline" and list(story.tags.names()) == []
    latest = story.revisions.first()
    assert latest.version == story.version and latest.note == f"Restored version {old.version}"
    assert AuditEntry.objects.filter(article=story, action="restore").exists()


def test_restoring_on_a_published_story_goes_to_the_pending_version(client, editor):
    story = article_in_state("published", headline="Live")
    old = Revision.objects.create(article=story, version=1, status="draft",
                                  snapshot={"headline": "Old one", "tags": []})
    client.post(admin_url("restore", story.pk, old.pk))
    story.refresh_from_db()
    assert story.headline == "Live"
    assert Revision.objects.get(article=story, pending=True).snapshot["headline"] == "Old one"


def test_preview_shows_the_working_copy_privately_and_changes_nothing(client, editor):
    story = article_in_state("published", headline="Live version")
    editorial.save_pending_edit(article=story, user=editor, expected_version=story.version,
                               snapshot=take_snapshot(story) | {"headline": "Working version", "tags": ["Draft tag"]})
    response = client.get(admin_url("preview", story.pk))
    assert response.status_code == 200
    assert {"private", "no-store"} <= {d.strip() for d in response["Cache-Control"].split(",")}
    assert response["X-Robots-Tag"] == "noindex"
    assert "Working version" in response.content.decode()
    story.refresh_from_db()
    assert story.headline == "Live version" and list(story.tags.names()) == []
    assert "Live version" in client.get(story.get_absolute_url()).content.decode()


def test_share_link_works_without_login_until_it_expires(client, publisher, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    story = article_in_state("approved", headline="Shared draft")
    client.force_login(publisher)
    response = client.post(admin_url("share", story.pk), {"hours": ""}, follow=True)
    message = str(list(response.context["messages"])[-1])
    link = message[message.index("http"):]
    client.logout()

    shared = client.get(link)
    assert shared.status_code == 200 and "Shared draft" in shared.content.decode()
    assert shared["Cache-Control"] == "private, no-store" and shared["X-Robots-Tag"] == "noindex"
    time_machine.move_to(timezone.now() + timedelta(hours=47), tick=False)
    assert client.get(link).status_code == 200
    time_machine.move_to(timezone.now() + timedelta(hours=2), tick=False)
    assert client.get(link).status_code == 410


def test_forged_share_links_are_refused(client):
    article_in_state("draft")
    forged = signing.dumps({"pk": 1, "exp": 9999999999}, salt="another salt")
    assert client.get(admin_url("shared", forged)).status_code == 404
    assert client.get(admin_url("shared", "x" * 500)).status_code == 404


def test_soft_lock_shows_the_holder_and_takeover_is_logged(client, editor):
    other = user_in_role("Editors", "olga", first_name="Olga")
    story = article_in_state("draft")
    from django.test import Client

    other_client = Client()
    other_client.force_login(other)
    assert other_client.post(admin_url("lock", story.pk)).json()["mine"] is True

    page = client.get(admin_url("change", story.pk)).content.decode()
    assert "Someone else has this story open" in page and "Olga" in page
    assert client.post(admin_url("lock", story.pk)).json() == {
        "mine": False, "holder": "Olga", "since": story.edit_lock.acquired_at.isoformat()}

    client.post(admin_url("takeover", story.pk))
    assert story.edit_lock.__class__.objects.get(article=story).user == editor
    assert "Took over editing from Olga" in AuditEntry.objects.get(article=story, action="takeover").note


def test_a_lapsed_lock_is_simply_taken(client, editor, time_machine):
    other = user_in_role("Editors", "olga")
    story = article_in_state("draft")
    time_machine.move_to(timezone.now(), tick=False)
    editorial.take_over_lock(article=story, user=other)
    time_machine.move_to(timezone.now() + timedelta(minutes=3), tick=False)
    assert client.post(admin_url("lock", story.pk)).json()["mine"] is True


def test_corrections_are_appended_set_updated_and_are_revisions(client, publisher):
    story = article_in_state("published")
    client.force_login(publisher)
    client.post(admin_url("correction", story.pk), {"kind": "correction", "text": "The dam is 40 m high, not 400 m."})
    story.refresh_from_db()
    correction = story.corrections.get()
    assert correction.created_by == publisher and story.updated_at == correction.published_at
    revision = story.revisions.get(transition="correction")
    assert revision.snapshot["corrections"][0]["text"] == "The dam is 40 m high, not 400 m."
    # The change form lists corrections without any way to edit or delete them.
    page = client.get(admin_url("change", story.pk)).content.decode()
    assert "The dam is 40 m high" in page and 'name="corrections-0-text"' not in page


def test_corrections_only_on_published_stories():
    publisher = user_in_role("Publishers")
    with pytest.raises(editorial.InvalidTransition):
        editorial.add_correction(article=article_in_state("draft"), user=publisher, kind="correction", text="x")
    with pytest.raises(editorial.TransitionNotAllowed):
        editorial.add_correction(article=article_in_state("published"), user=user_in_role("Editors"),
                                kind="correction", text="x")


def test_comments_are_shown_beside_the_form_and_never_to_readers(client, editor):
    story = article_in_state("published")
    client.post(admin_url("comment", story.pk), {"text": "Internal: lawyer checked para 3."})
    assert "Internal: lawyer checked para 3." in client.get(admin_url("change", story.pk)).content.decode()
    client.logout()
    assert "lawyer checked" not in client.get(story.get_absolute_url()).content.decode()


def test_emails_go_to_editors_on_submit_and_to_the_reporter_on_return_and_publish(django_capture_on_commit_callbacks):
    reporter = user_in_role("Reporters", "rita", email="rita@example.com")
    editor = user_in_role("Editors", "ed", email="ed@example.com")
    publisher = user_in_role("Publishers", "pat", email="pat@example.com")
    story = article_in_state("draft", created_by=reporter)
    with django_capture_on_commit_callbacks(execute=True):
        editorial.submit_article(article=story, user=reporter)
    assert [m.to for m in mail.outbox] == [["ed@example.com"]]
    with django_capture_on_commit_callbacks(execute=True):
        editorial.return_article(article=story, user=editor, note="Add the minister's reply.")
    assert mail.outbox[-1].to == ["rita@example.com"] and "minister's reply" in mail.outbox[-1].body
    with django_capture_on_commit_callbacks(execute=True):
        editorial.submit_article(article=story, user=reporter)
        editorial.approve_article(article=story, user=editor)
        editorial.publish_article(article=story, user=publisher)
    assert mail.outbox[-1].to == ["rita@example.com"] and mail.outbox[-1].subject.startswith("Published")
    assert len(mail.outbox) == 4


def test_dashboard_shows_the_queues_with_counts(client, editor):
    reporter = user_in_role("Reporters", "rita")
    mine = article_in_state("draft", created_by=editor, headline="My own draft")
    returned = article_in_state("in_review", created_by=editor, headline="Sent back")
    editorial.return_article(article=returned, user=user_in_role("Editors"), note="More quotes")
    article_in_state("in_review", created_by=reporter, headline="Waiting story")
    article_in_state("approved", headline="Approved story")
    scheduled = article_in_state("scheduled", headline="Tomorrow's story")
    article_in_state("published", headline="Fresh story")
    article_in_state("draft", headline="Late story", deadline=timezone.now() - timedelta(hours=1), assignee=reporter)

    html = client.get(reverse("admin:index")).content.decode()
    for text in ["My drafts", "Returned to me", "Waiting for review", "Approved, not scheduled", "Scheduled",
                 "Recently published", "My own draft", "Sent back", "Waiting story", "Approved story",
                 "Tomorrow&#x27;s story", "Fresh story", "Late story", "Budget by assignee"]:
        assert text in html, text
    assert timezone.localtime(scheduled.publish_at).strftime("%H:%M") in html
    listing = client.get(admin_url("changelist") + "?queue=returned").content.decode()
    assert "Sent back" in listing and "My own draft" not in listing
    assert mine.pk


def test_change_form_offers_only_the_steps_this_user_may_take(client, editor):
    story = article_in_state("in_review")
    page = client.get(admin_url("change", story.pk)).content.decode()
    assert "transition-approve" in page and "transition-return" in page
    assert "transition-publish" not in page and "transition-kill" not in page


def test_bulk_publish_with_mixed_selection(client, publisher):
    ready, draft = article_in_state("approved"), article_in_state("draft")
    client.force_login(publisher)
    response = client.post(
        admin_url("changelist"), {"action": "bulk_publish", "_selected_action": [ready.pk, draft.pk]}, follow=True
    )
    assert Article.objects.get(pk=ready.pk).status == Status.PUBLISHED
    assert Article.objects.get(pk=draft.pk).status == Status.DRAFT
    assert "Not done" in response.content.decode()


def test_bulk_return_asks_for_a_comment_first(client, editor):
    story = article_in_state("in_review")
    first = client.post(admin_url("changelist"), {"action": "bulk_return", "_selected_action": [story.pk]})
    assert first.status_code == 200 and "What needs to change" in first.content.decode()
    assert Article.objects.get(pk=story.pk).status == Status.IN_REVIEW
    client.post(admin_url("changelist"), {"action": "bulk_return", "_selected_action": [story.pk], "apply": "1",
                                          "note": "Tighten the intro."})
    assert Article.objects.get(pk=story.pk).status == Status.DRAFT


def test_unpublished_with_pending_edit_takes_the_edit_into_the_story(publisher):
    story = article_in_state("pending")
    editorial.unpublish_article(article=story, user=publisher)
    story.refresh_from_db()
    assert story.headline.endswith("(revised)") and not story.revisions.filter(pending=True).exists()


def test_story_list_shows_a_lead_image_thumbnail(client, editor, settings, tmp_path):
    from articles.tests.factories import ImageFactory

    settings.MEDIA_ROOT = tmp_path
    image = ImageFactory()
    article_in_state("published", lead_image=image, headline="Story with a picture")
    html = client.get(admin_url("changelist")).content.decode()
    assert 'class="list-thumbnail"' in html and f"/{image.pk}/" in html
