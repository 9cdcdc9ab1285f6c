"""The permission matrix: every role (and anonymous) against every admin URL and every transition.

Each case names the story it acts on, the request, and the status code each role gets.
A refused request must leave the database exactly as it was.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, AuditEntry, Correction, EditLock, EditorialComment, Revision
from articles.tests.factories import SuperuserFactory, article_in_state, user_in_role

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "reporter", "editor", "publisher", "superuser"]
LOGIN = "login"  # anonymous users are sent to the login page


def admin_url(name, *args, query=""):
    return reverse(f"admin:articles_article_{name}", args=args) + query


@pytest.fixture
def world(django_user_model):
    reporter = user_in_role("Reporters", "rita")
    users = {
        "anonymous": None, "reporter": reporter, "editor": user_in_role("Editors", "ed"),
        "publisher": user_in_role("Publishers", "pat"), "superuser": SuperuserFactory(username="root"),
    }
    stories = {
        "own_draft": article_in_state("draft", created_by=reporter, headline="Own draft"),
        "other_draft": article_in_state("draft", headline="Someone else's draft"),
        "in_review": article_in_state("in_review", created_by=reporter),
        "approved": article_in_state("approved", created_by=reporter),
        "published": article_in_state("published", created_by=reporter),
        "killed": article_in_state("killed", created_by=reporter, headline="Killed story"),
    }
    for story in stories.values():
        Revision.objects.create(article=story, version=story.version, status=story.status,
                                snapshot={"headline": story.headline, "tags": [], "credits": []})
        Revision.objects.create(article=story, version=story.version, status=story.status,
                                snapshot={"headline": story.headline + "!", "tags": [], "credits": []})
    return users, stories


def snapshot_db():
    """Everything a refused request must not change."""
    return (
        list(Article.objects.order_by("pk").values()), AuditEntry.objects.count(), Revision.objects.count(),
        EditorialComment.objects.count(), Correction.objects.count(), EditLock.objects.count(),
    )


def revision_ids(story):
    return [r.pk for r in story.revisions.order_by("pk")]


def change_post(story):
    """A minimal valid change-form submission that changes the standfirst."""
    from articles.admin.forms import ArticleForm

    return {
        "base": ArticleForm.sign_base(story), "headline": story.headline, "slug": story.slug, "dek": "Changed dek",
        "body": story.body, "language": "en", "priority": "normal", "tags": "",
        "credits-TOTAL_FORMS": "0", "credits-INITIAL_FORMS": "0",
        "corrections-TOTAL_FORMS": "0", "corrections-INITIAL_FORMS": "0",
    }


# (case id, story, method, url builder, data builder, {role: expected status})
# 302 means done; for anonymous it is the login redirect (checked separately).
OK_ALL = {"reporter": 200, "editor": 200, "publisher": 200, "superuser": 200}
CASES = [
    ("changelist", None, "get", lambda s: admin_url("changelist"), None, OK_ALL),
    ("add form", None, "get", lambda s: admin_url("add"), None, OK_ALL),
    ("change own draft (form)", "own_draft", "get", lambda s: admin_url("change", s.pk), None, OK_ALL),
    ("change own draft", "own_draft", "post", lambda s: admin_url("change", s.pk), change_post,
     {"reporter": 302, "editor": 302, "publisher": 302, "superuser": 302}),
    ("change other's draft", "other_draft", "post", lambda s: admin_url("change", s.pk), change_post,
     {"reporter": 403, "editor": 302, "publisher": 302, "superuser": 302}),
    ("change story in review", "in_review", "post", lambda s: admin_url("change", s.pk), change_post,
     {"reporter": 403, "editor": 302, "publisher": 302, "superuser": 302}),
    ("change killed story", "killed", "post", lambda s: admin_url("change", s.pk), change_post,
     {"reporter": 403, "editor": 403, "publisher": 403, "superuser": 302}),
    ("view killed story", "killed", "get", lambda s: admin_url("change", s.pk), None, OK_ALL),
    ("delete form", "own_draft", "get", lambda s: admin_url("delete", s.pk), None,
     {"reporter": 403, "editor": 403, "publisher": 403, "superuser": 200}),
    ("delete", "own_draft", "post", lambda s: admin_url("delete", s.pk), lambda s: {"post": "yes"},
     {"reporter": 403, "editor": 403, "publisher": 403, "superuser": 302}),
    ("history", "published", "get", lambda s: admin_url("history", s.pk), None, OK_ALL),
    ("revisions", "published", "get", lambda s: admin_url("revisions", s.pk), None,
     {"reporter": 403, "editor": 200, "publisher": 200, "superuser": 200}),
    ("revisions of a killed story", "killed", "get", lambda s: admin_url("revisions", s.pk), None,
     {"reporter": 403, "editor": 200, "publisher": 200, "superuser": 200}),
    ("compare", "published", "get",
     lambda s: admin_url("compare", s.pk, query="?a={}&b={}".format(*revision_ids(s))), None,
     {"reporter": 403, "editor": 200, "publisher": 200, "superuser": 200}),
    ("restore", "in_review", "post", lambda s: admin_url("restore", s.pk, revision_ids(s)[0]), lambda s: {},
     {"reporter": 403, "editor": 302, "publisher": 302, "superuser": 302}),
    ("preview own draft", "own_draft", "get", lambda s: admin_url("preview", s.pk), None, OK_ALL),
    ("preview story in review", "in_review", "get", lambda s: admin_url("preview", s.pk), None,
     {"reporter": 403, "editor": 200, "publisher": 200, "superuser": 200}),
    ("share link", "approved", "post", lambda s: admin_url("share", s.pk), lambda s: {"hours": "48"},
     {"reporter": 403, "editor": 403, "publisher": 302, "superuser": 302}),
    ("lock heartbeat", "other_draft", "post", lambda s: admin_url("lock", s.pk), lambda s: {},
     {"reporter": 403, "editor": 200, "publisher": 200, "superuser": 200}),
    ("lock takeover", "other_draft", "post", lambda s: admin_url("takeover", s.pk), lambda s: {},
     {"reporter": 403, "editor": 302, "publisher": 302, "superuser": 302}),
    ("comment", "in_review", "post", lambda s: admin_url("comment", s.pk), lambda s: {"text": "Check the figures."},
     {"reporter": 302, "editor": 302, "publisher": 302, "superuser": 302}),
    ("comment on a killed story", "killed", "post", lambda s: admin_url("comment", s.pk), lambda s: {"text": "Hm"},
     {"reporter": 302, "editor": 302, "publisher": 302, "superuser": 302}),
    ("correction", "published", "post", lambda s: admin_url("correction", s.pk),
     lambda s: {"kind": "correction", "text": "The minister's name is Sok, not Sak."},
     {"reporter": 403, "editor": 403, "publisher": 302, "superuser": 302}),
    ("tag suggestions", None, "get", lambda s: admin_url("tag_suggestions", query="?q=ca"), None, OK_ALL),
    ("section autocomplete", None, "get",
     lambda s: reverse("admin:autocomplete") + "?app_label=articles&model_name=article&field_name=section&term=s",
     None, OK_ALL),
    ("author autocomplete", None, "get",
     lambda s: reverse("admin:autocomplete") + "?app_label=articles&model_name=articleauthor&field_name=author&term=a",
     None, OK_ALL),
]

# Transitions through their URL: (story, step, {role: status}).
STEP_CASES = [
    ("own_draft", "submit", {"reporter": 302, "editor": 302, "publisher": 302, "superuser": 302}),
    ("other_draft", "submit", {"reporter": 403, "editor": 302, "publisher": 302, "superuser": 302}),
    ("in_review", "approve", {"reporter": 403, "editor": 302, "publisher": 302, "superuser": 302}),
    ("in_review", "return", {"reporter": 403, "editor": 302, "publisher": 302, "superuser": 302}),
    ("approved", "revert", {"reporter": 403, "editor": 302, "publisher": 302, "superuser": 302}),
    ("approved", "publish", {"reporter": 403, "editor": 403, "publisher": 302, "superuser": 302}),
    ("approved", "schedule", {"reporter": 403, "editor": 403, "publisher": 302, "superuser": 302}),
    ("published", "unpublish", {"reporter": 403, "editor": 403, "publisher": 302, "superuser": 302}),
    ("published", "kill", {"reporter": 403, "editor": 403, "publisher": 302, "superuser": 302}),
    ("killed", "republish", {"reporter": 403, "editor": 403, "publisher": 403, "superuser": 302}),
]


def request(client, method, url, data):
    return client.get(url) if method == "get" else client.post(url, data or {})


def login(client, users, role):
    if users[role] is not None:
        client.force_login(users[role])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_admin_urls(client, world, role, case):
    users, stories = world
    name, story_key, method, url, data, expected = case
    story = stories[story_key] if story_key else None
    login(client, users, role)
    before = snapshot_db()
    response = request(client, method, url(story), data(story) if data else None)

    if role == "anonymous":
        assert response.status_code == 302 and reverse("admin:login") in response["Location"]
        assert snapshot_db() == before
        return
    assert response.status_code == expected[role], response.content[:500]
    if method == "post" and expected[role] not in (200, 302):
        assert snapshot_db() == before
    if method == "post" and expected[role] == 302:
        assert reverse("admin:login") not in response["Location"]
    if name.startswith("change") and method == "post" and expected[role] == 302 and story_key != "killed":
        assert Article.objects.get(pk=story.pk).dek == "Changed dek"
    if name == "view killed story":
        # The whole newsroom sees a killed story and why it was killed, read-only but for superusers.
        assert "Killed story" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", STEP_CASES, ids=[f"{c[1]}-{c[0]}" for c in STEP_CASES])
def test_transition_urls(client, world, role, case):
    users, stories = world
    story_key, step, expected = case
    story = stories[story_key]
    login(client, users, role)
    before = snapshot_db()
    tomorrow = timezone.localtime() + timezone.timedelta(days=1)
    data = {"note": "Reason given.", "at": tomorrow.strftime("%Y-%m-%dT%H:%M"), "confirmed": "yes"}
    response = client.post(admin_url("transition", story.pk, step), data)

    if role == "anonymous":
        assert response.status_code == 302 and reverse("admin:login") in response["Location"]
        assert snapshot_db() == before
        return
    assert response.status_code == expected[role]
    if expected[role] == 302:
        assert AuditEntry.objects.filter(article=story, action=step, user=users[role]).count() == 1
    else:
        assert snapshot_db() == before


def test_transition_urls_refuse_get(client, world):
    users, stories = world
    client.force_login(users["publisher"])
    assert client.get(admin_url("transition", stories["approved"].pk, "publish")).status_code == 405


@pytest.mark.parametrize("role", ["reporter", "editor"])
@pytest.mark.parametrize("action", ["bulk_publish", "bulk_unpublish", "bulk_kill", "bulk_schedule"])
def test_bulk_actions_refused_without_the_right(client, world, role, action):
    users, stories = world
    client.force_login(users[role])
    before = snapshot_db()
    response = client.post(admin_url("changelist"), {
        "action": action, "_selected_action": [stories["approved"].pk, stories["published"].pk], "apply": "1",
        "note": "x", "at": "2099-01-01T10:00",
    })
    assert response.status_code in (200, 302)
    assert snapshot_db() == before


def test_bulk_submit_by_reporter_does_only_their_own(client, world):
    users, stories = world
    client.force_login(users["reporter"])
    client.post(admin_url("changelist"), {
        "action": "bulk_submit", "_selected_action": [stories["own_draft"].pk, stories["other_draft"].pk],
    })
    assert Article.objects.get(pk=stories["own_draft"].pk).status == "in_review"
    assert Article.objects.get(pk=stories["other_draft"].pk).status == "draft"


def test_changelist_names_killed_stories_to_the_newsroom_only(client, world):
    users, stories = world
    for role in ("reporter", "editor", "publisher"):
        client.force_login(users[role])
        assert "Killed story" in client.get(admin_url("changelist")).content.decode()
    nobody = user_in_role("Reporters", "former")
    nobody.groups.clear()
    client.force_login(nobody)
    assert "Killed story" not in client.get(admin_url("changelist")).content.decode()


def test_users_without_a_role_get_nothing(client, world):
    users, stories = world
    nobody = user_in_role("Reporters", "former")
    nobody.groups.clear()
    client.force_login(nobody)
    assert client.get(admin_url("changelist")).status_code == 403
    assert client.post(admin_url("transition", stories["own_draft"].pk, "submit"), {}).status_code == 404
    assert Group.objects.count() == 3


@pytest.mark.parametrize("role,expected", [("reporter", 403), ("editor", 200), ("publisher", 200)])
def test_audit_log_is_read_only_and_shows_killed_stories_to_the_newsroom(client, world, role, expected):
    users, stories = world
    from articles import editorial

    editorial.submit_article(article=stories["other_draft"], user=users["editor"])
    AuditEntry.objects.create(article=stories["killed"], action="kill", note="Court order")
    client.force_login(users[role])
    response = client.get(reverse("admin:articles_auditentry_changelist"))
    assert response.status_code == expected
    if expected == 200:
        html = response.content.decode()
        assert "Someone else&#x27;s draft" in html
        assert "Killed story" in html
    entry = AuditEntry.objects.first()
    assert client.post(reverse("admin:articles_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
