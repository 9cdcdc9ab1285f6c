"""Every transition from every situation for every role: allowed steps happen, refused ones change nothing."""

import pytest
from django.utils import timezone

from articles import editorial
from articles.models import Article, AuditEntry, Revision, Status
from articles.tests.factories import SuperuserFactory, article_in_state, user_in_role

pytestmark = pytest.mark.django_db

STATES = ["draft", "in_review", "approved", "published", "scheduled", "pending", "unpublished", "killed"]

# Where each step may start (for someone with the right), and where it leads.
SOURCES = {
    "submit": {"draft"},
    "return": {"in_review", "approved"},
    "approve": {"in_review"},
    "publish": {"approved", "scheduled"},
    "schedule": {"approved", "scheduled"},
    "unpublish": {"published", "scheduled", "pending"},
    "republish": {"pending", "unpublished", "killed"},
    "revert": {"in_review", "approved", "unpublished"},
    "kill": {"published", "scheduled", "pending", "unpublished"},
}
TARGET = {
    "submit": "in_review", "return": "draft", "approve": "approved", "publish": "published", "schedule": "published",
    "unpublish": "unpublished", "republish": "published", "revert": "draft", "kill": "killed",
}
# Which roles may make each step at all.
ROLES = {
    "reporter": {"submit"},
    "editor": {"submit", "return", "approve", "revert"},
    "publisher": {"submit", "return", "approve", "revert", "publish", "schedule", "unpublish", "republish", "kill"},
    "superuser": set(SOURCES),
}


def make_user(role):
    if role == "superuser":
        return SuperuserFactory()
    return user_in_role({"reporter": "Reporters", "editor": "Editors", "publisher": "Publishers"}[role])


def expected_allowed(role, name, state):
    if name not in ROLES[role] or state not in SOURCES[name]:
        return False
    if name == "republish" and state == "killed":
        return role == "superuser"
    return True


def run(name, article, user):
    at = timezone.now() + timezone.timedelta(hours=3) if name == "schedule" else None
    return editorial.perform(name, article=article, user=user, note="Because.", at=at)


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("name", list(SOURCES))
@pytest.mark.parametrize("state", STATES)
def test_transition_matrix(role, name, state):
    user = make_user(role)
    article = article_in_state(state, created_by=user)  # the reporter's own story: ownership is not the obstacle
    before = Article.objects.values().get(pk=article.pk)
    revisions = Revision.objects.count()
    if expected_allowed(role, name, state):
        result = run(name, article, user)
        assert result.happened
        assert result.article.status == TARGET[name]
        entry = AuditEntry.objects.get(article=article)
        assert (entry.user, entry.action, entry.from_status, entry.to_status) == (
            user, name, before["status"], TARGET[name])
        assert Revision.objects.filter(article=article, transition=name).exists()
    else:
        with pytest.raises((editorial.TransitionNotAllowed, editorial.InvalidTransition)):
            run(name, article, user)
        assert Article.objects.values().get(pk=article.pk) == before
        assert not AuditEntry.objects.exists()
        assert Revision.objects.count() == revisions


@pytest.mark.parametrize("role", ["editor", "publisher"])
def test_reporter_may_submit_only_own_drafts(role):
    reporter, other = user_in_role("Reporters"), make_user(role)
    theirs = article_in_state("draft", created_by=other)
    with pytest.raises(editorial.TransitionNotAllowed):
        editorial.submit_article(article=theirs, user=reporter)
    assigned = article_in_state("draft", created_by=other, assignee=reporter)
    assert editorial.submit_article(article=assigned, user=reporter).status == Status.IN_REVIEW


def test_return_and_kill_need_a_note():
    editor, publisher = user_in_role("Editors"), user_in_role("Publishers")
    story = article_in_state("in_review")
    with pytest.raises(editorial.InvalidTransition):
        editorial.return_article(article=story, user=editor, note="  ")
    live = article_in_state("published")
    with pytest.raises(editorial.InvalidTransition):
        editorial.kill_article(article=live, user=publisher, note="")
    assert Article.objects.get(pk=story.pk).status == Status.IN_REVIEW
    assert Article.objects.get(pk=live.pk).status == Status.PUBLISHED


def test_return_leaves_the_note_as_a_comment():
    editor = user_in_role("Editors")
    story = article_in_state("in_review")
    editorial.return_article(article=story, user=editor, note="Needs a second source.")
    assert story.editorial_comments.get().text == "Needs a second source."


def test_kill_records_the_reason_and_only_a_superuser_brings_it_back():
    publisher = user_in_role("Publishers")
    story = article_in_state("published")
    killed = editorial.kill_article(article=story, user=publisher, note="Court order 12/2026")
    assert (killed.status, killed.kill_reason) == (Status.KILLED, "Court order 12/2026")
    assert story not in Article.objects.published()
    with pytest.raises(editorial.TransitionNotAllowed):
        editorial.republish_article(article=story, user=publisher)
    back = editorial.republish_article(article=story, user=SuperuserFactory())
    assert (back.status, back.kill_reason) == (Status.PUBLISHED, "")
    assert AuditEntry.objects.get(article=story, action="kill").note == "Court order 12/2026"


def test_schedule_needs_a_future_time():
    publisher = user_in_role("Publishers")
    story = article_in_state("approved")
    with pytest.raises(editorial.InvalidTransition):
        editorial.schedule_article(article=story, user=publisher, at=timezone.now() - timezone.timedelta(minutes=1))
    assert Article.objects.get(pk=story.pk).status == Status.APPROVED


def test_system_publish_is_logged_as_the_system():
    story = article_in_state("draft")
    editorial.publish_article(article=story, user=None)
    entry = AuditEntry.objects.get(article=story)
    assert entry.user is None and entry.actor == "System" and entry.action == "publish"
    assert story in Article.objects.published()


def test_a_second_identical_request_changes_nothing():
    publisher = user_in_role("Publishers")
    story = article_in_state("approved")
    first = editorial.perform("publish", article=story, user=publisher)
    second = editorial.perform("publish", article=story, user=publisher)
    assert first.happened and not second.happened
    assert second.article.version == first.article.version
    assert AuditEntry.objects.filter(article=story, action="publish").count() == 1


def test_people_cannot_publish_a_story_whose_images_lack_alt_text(settings, tmp_path):
    from articles.tests.factories import ImageFactory

    settings.MEDIA_ROOT = tmp_path
    publisher = user_in_role("Publishers")
    story = article_in_state("approved", lead_image=ImageFactory(alt_text="", title="Harbour"))
    with pytest.raises(editorial.InvalidTransition, match="Add alt text"):
        editorial.publish_article(article=story, user=publisher)
    assert Article.objects.get(pk=story.pk).status == Status.APPROVED
    assert not AuditEntry.objects.exists()
