"""The jobs moved to the queue: notification e-mail, lead renditions, search rebuilds (run inline in tests)."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from articles import editorial
from articles.jobs import enqueue
from articles.jobs.tasks import pregenerate_lead_renditions
from articles.models import ArticleSearchDocument, Rendition
from articles.tests.factories import LeadImageFactory, article_in_state, user_in_role

pytestmark = pytest.mark.django_db


def test_notification_mail_is_queued_after_commit(django_capture_on_commit_callbacks):
    reporter = user_in_role("Reporters", email="rita@example.com")
    story = article_in_state("approved", created_by=reporter)
    with django_capture_on_commit_callbacks(execute=True):
        editorial.publish_article(article=story, user=user_in_role("Publishers"))
        assert mail.outbox == []
    assert [m.to for m in mail.outbox] == [["rita@example.com"]]


def test_a_failing_job_never_reaches_the_request(django_capture_on_commit_callbacks, caplog):
    def broken():
        raise RuntimeError("mail server down")

    with django_capture_on_commit_callbacks(execute=True):
        enqueue(broken)
    assert "failed" in caplog.text


def test_publishing_makes_the_lead_renditions(django_capture_on_commit_callbacks):
    story = article_in_state("approved", lead_image=LeadImageFactory())
    with django_capture_on_commit_callbacks(execute=True):
        editorial.publish_article(article=story, user=user_in_role("Publishers"))
    specs = set(Rendition.objects.filter(image=story.lead_image).values_list("spec", "format"))
    assert ("16x9-w320", "webp") in specs and ("16x9-w640", "jpeg") in specs


def test_no_renditions_for_a_story_that_is_not_live():
    story = article_in_state("draft", lead_image=LeadImageFactory())
    assert pregenerate_lead_renditions(story.pk) == 0


def test_rebuild_search_documents_now_or_queued(django_capture_on_commit_callbacks):
    story = article_in_state("published")
    ArticleSearchDocument.objects.all().delete()
    call_command("rebuild_search_documents", stdout=StringIO())
    assert ArticleSearchDocument.objects.filter(article=story).exists()
    ArticleSearchDocument.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rebuild_search_documents", "--queue", stdout=StringIO())
    assert ArticleSearchDocument.objects.filter(article=story).exists()


def test_admin_index_links_failed_jobs_for_superusers_only(client):
    from articles.tests.factories import SuperuserFactory

    client.force_login(user_in_role("Editors"))
    assert "/admin/jobs/failed/" not in client.get("/admin/").content.decode()
    client.force_login(SuperuserFactory())
    assert "/admin/jobs/failed/" in client.get("/admin/").content.decode()
