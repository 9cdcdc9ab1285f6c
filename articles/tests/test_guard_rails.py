"""Kill and Unpublish are confirmed, messages say what happened, share links are listed and revocable."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import AuditEntry, ShareLink, Status
from articles.tests.factories import article_in_state, user_in_role

pytestmark = pytest.mark.django_db


def admin_url(name, *args):
    return reverse(f"admin:articles_article_{name}", args=args)


@pytest.fixture
def publisher(client):
    user = user_in_role("Publishers", "pat")
    client.force_login(user)
    return user


@pytest.mark.parametrize("step", ["kill", "unpublish"])
def test_kill_and_unpublish_need_confirmation(client, publisher, step):
    story = article_in_state("published", headline="A story to remove")
    first = client.post(admin_url("transition", story.pk, step), {"note": "Court order"})
    story.refresh_from_db()
    assert first.status_code == 200 and story.status == Status.PUBLISHED
    page = first.content.decode()
    assert "A story to remove" in page and "What readers will see" in page
    assert ("410 Gone" if step == "kill" else "page not found") in page
    assert 'name="confirmed" value="yes"' in page and "Court order" in page
    assert not AuditEntry.objects.filter(article=story, action=step).exists()

    second = client.post(admin_url("transition", story.pk, step), {"note": "Court order", "confirmed": "yes"},
                         follow=True)
    story.refresh_from_db()
    assert story.status == (Status.KILLED if step == "kill" else Status.UNPUBLISHED)
    message = str(list(second.context["messages"])[-1])
    assert message.startswith("Killed:" if step == "kill" else "Unpublished:")


def test_no_confirmation_page_for_people_who_may_not_take_the_step(client):
    client.force_login(user_in_role("Editors", "ed"))
    story = article_in_state("published")
    assert client.post(admin_url("transition", story.pk, "kill"), {"note": "x"}).status_code == 403


def test_publish_now_says_it_is_live(client, publisher):
    story = article_in_state("approved")
    response = client.post(admin_url("transition", story.pk, "publish"), {"note": ""}, follow=True)
    assert str(list(response.context["messages"])[-1]).endswith("live for readers now.")


def test_share_links_are_listed_and_a_revoked_link_answers_410(client, publisher):
    story = article_in_state("approved", headline="Shared headline")
    client.post(admin_url("share", story.pk), {"hours": "6"})
    link = ShareLink.objects.get(article=story)
    assert link.created_by == publisher
    assert timedelta(hours=5, minutes=59) < link.expires_at - timezone.now() <= timedelta(hours=6)
    page = client.get(admin_url("change", story.pk)).content.decode()
    assert admin_url("shared", link.token) in page and "Revoke" in page and "pat" in page

    client.logout()
    assert client.get(admin_url("shared", link.token)).status_code == 200
    client.force_login(publisher)
    client.post(reverse("newsroom:revoke_share_link", args=[story.pk, link.pk]))
    client.logout()
    gone = client.get(admin_url("shared", link.token))
    assert gone.status_code == 410
    body = gone.content.decode()
    assert "no longer available" in body and "Shared headline" not in body
    assert AuditEntry.objects.filter(article=story, action="share_revoked", user=publisher).exists()


def test_editors_may_not_revoke(client, publisher):
    story = article_in_state("approved")
    link = ShareLink.objects.create(article=story, created_by=publisher, expires_at=timezone.now() + timedelta(hours=1))
    client.force_login(user_in_role("Editors", "ed"))
    assert client.post(reverse("newsroom:revoke_share_link", args=[story.pk, link.pk])).status_code == 403
    link.refresh_from_db()
    assert link.revoked_at is None


def test_a_killed_story_is_not_offered_for_sharing(client, publisher):
    story = article_in_state("killed")
    page = client.get(admin_url("change", story.pk)).content.decode()
    assert "Create link" not in page and "A killed story cannot be shared" in page
    response = client.post(admin_url("share", story.pk), {"hours": "6"}, follow=True)
    assert not ShareLink.objects.exists()
    assert "cannot be shared" in str(list(response.context["messages"])[-1])


def test_links_of_a_story_killed_later_answer_410(client, publisher):
    story = article_in_state("published")
    link = ShareLink.objects.create(article=story, created_by=publisher, expires_at=timezone.now() + timedelta(hours=1))
    story.status = Status.KILLED
    story.save()
    client.logout()
    assert client.get(admin_url("shared", link.token)).status_code == 410


def test_bulk_unpublish_asks_first_and_says_what_readers_will_see(client, publisher):
    story = article_in_state("published", headline="Bulk one")
    changelist = reverse("admin:articles_article_changelist")
    first = client.post(changelist, {"action": "bulk_unpublish", "_selected_action": [story.pk]})
    story.refresh_from_db()
    assert first.status_code == 200 and story.status == Status.PUBLISHED
    assert "Bulk one" in first.content.decode() and "page not found" in first.content.decode()
    client.post(changelist, {"action": "bulk_unpublish", "_selected_action": [story.pk], "apply": "1", "note": ""})
    story.refresh_from_db()
    assert story.status == Status.UNPUBLISHED
