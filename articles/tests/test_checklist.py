"""The publish checklist blocks Approve and Publish until met; a Publisher may override it, audited."""

import pytest
from django.urls import reverse

from articles import editorial
from articles.editorial.checklist import checklist_failures
from articles.models import AuditEntry, Status
from articles.tests.factories import AuthorFactory, ImageFactory, article_in_state, user_in_role

pytestmark = pytest.mark.django_db

GOOD_BODY = "<p>" + " ".join(["word"] * 120) + "</p>"


@pytest.fixture(autouse=True)
def checklist_on(settings):
    settings.PUBLISH_CHECKLIST = ["byline", "section", "lead_picture", "standfirst", "word_count", "placeholders"]
    settings.CHECKLIST_MIN_WORDS, settings.CHECKLIST_MAX_WORDS = 100, 1000


def ready(state, **kwargs):
    return article_in_state(state, authors=[AuthorFactory()], lead_image=ImageFactory(file=None),
                            body=GOOD_BODY, **kwargs)


def test_every_rule_names_what_is_missing():
    story = article_in_state("in_review", dek="", body="<p>Short TK text.</p>", section=None)
    rules = {failure.rule: failure.message for failure in checklist_failures(story)}
    assert set(rules) == {"byline", "section", "lead_picture", "standfirst", "word_count", "placeholders"}
    assert rules["word_count"] == "The story has 3 words; at least 100 are expected."
    assert "TK" in rules["placeholders"]


def test_alt_text_on_the_lead_picture_is_required():
    story = ready("in_review")
    story.lead_image.alt_text = " "
    story.lead_image.save()
    assert [f.rule for f in checklist_failures(story)] == ["lead_picture"]


def test_a_story_that_passes_has_no_failures_and_the_rules_are_configurable(settings):
    assert checklist_failures(ready("in_review")) == []
    settings.PUBLISH_CHECKLIST = ["section"]
    assert checklist_failures(article_in_state("in_review", body="<p>TK</p>")) == []


def test_checklist_blocks_approve_and_publish_but_not_submit():
    editor, publisher = user_in_role("Editors", "ed"), user_in_role("Publishers", "pat")
    story = article_in_state("in_review", dek="")
    with pytest.raises(editorial.InvalidTransition, match="publish checklist is not met.*standfirst"):
        editorial.approve_article(article=story, user=editor)
    assert story.audit_entries.filter(action="approve").count() == 0
    approved = ready("approved", dek="")
    with pytest.raises(editorial.InvalidTransition, match="standfirst"):
        editorial.publish_article(article=approved, user=publisher)
    draft = article_in_state("draft", dek="")
    assert editorial.submit_article(article=draft, user=editor).status == Status.IN_REVIEW


def test_failures_show_in_the_side_panel_and_block_through_the_admin(client):
    editor = user_in_role("Editors", "ed")
    story = article_in_state("in_review", dek="")
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert "Publish checklist" in page and "Write a standfirst." in page
    assert "Override the failed rules" not in page  # Editors may not override
    response = client.post(reverse("admin:articles_article_transition", args=[story.pk, "approve"]), {"note": ""},
                           follow=True)
    assert "The publish checklist is not met" in response.content.decode()
    assert client.post(reverse("newsroom:checklist_override", args=[story.pk]), {"reason": "x"}).status_code == 403
    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW


def test_publisher_override_with_a_reason_is_audited_and_lasts_for_this_version_only(client):
    publisher = user_in_role("Publishers", "pat")
    story = ready("approved", dek="")
    client.force_login(publisher)
    url = reverse("newsroom:checklist_override", args=[story.pk])
    client.post(url, {"reason": "   "})
    assert not story.checklist_overrides.exists()
    client.post(url, {"reason": "Breaking news; standfirst follows."})
    entry = AuditEntry.objects.get(article=story, action="checklist_override")
    assert entry.user == publisher and entry.note == "Overrode Standfirst: Breaking news; standfirst follows."
    published = editorial.publish_article(article=story, user=publisher)
    assert published.is_live

    later = ready("approved", dek="")
    client.post(reverse("newsroom:checklist_override", args=[later.pk]), {"reason": "Fine as it is."})
    later.refresh_from_db()
    later.headline = "Edited after the override"
    later.save()  # a new version: the override no longer applies
    with pytest.raises(editorial.InvalidTransition):
        editorial.publish_article(article=later, user=publisher)


def test_imports_are_not_held_by_the_checklist():
    story = article_in_state("draft", dek="", body="<p>TK</p>")
    assert editorial.publish_article(article=story, user=None).is_live


def test_republishing_a_pending_edit_is_checked_on_what_goes_live(settings):
    from articles.models import Article
    from articles.tests.factories import ArticleFactory

    settings.PUBLISH_CHECKLIST = ["standfirst"]
    publisher = user_in_role("Publishers", "pub-republish")
    story = ArticleFactory(published=True, dek="A standfirst.")
    snapshot = {**editorial.working_snapshot(story), "dek": ""}
    editorial.save_story(article=story, user=publisher, snapshot=snapshot, expected_version=story.version)
    with pytest.raises(editorial.InvalidTransition, match="standfirst"):
        editorial.republish_article(article=story, user=publisher)
    assert Article.objects.get(pk=story.pk).dek == "A standfirst."  # readers keep the live version
