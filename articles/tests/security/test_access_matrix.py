"""Access control matrix: every role and anonymous against admin and reader URLs and transitions
(_saveasnew, _continue, bulk actions with mixed ids, guessed revision ids, previews, share links,
autosaves).
A refused request changes nothing, reveals no headline to outsiders and never answers 500."""

import pytest
from django.core import signing
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from articles.models import Article, AuditEntry, Autosave, EditorialComment, Revision
from articles.tests.factories import SuperuserFactory, UserFactory, article_in_state, user_in_role

pytestmark = pytest.mark.django_db
BASE = "/admin/articles/article/"
SECRET = "Confidential budget draft"
OUTSIDERS = ["anonymous", "reader", "staff-without-role"]
ROLES = [*OUTSIDERS, "Reporters", "Editors", "Publishers"]


def login(client, who):
    if who == "anonymous":
        return None
    if who == "reader":
        user = UserFactory(username="reader", is_staff=False)
    elif who == "staff-without-role":
        user = UserFactory(username="norole", is_staff=True)
    else:
        user = user_in_role(who, f"{who.lower()}-1")
    client.force_login(user)
    return user


@pytest.fixture
def world():
    draft = article_in_state("draft", headline=SECRET)  # nobody in the matrix created it
    other = article_in_state("approved", headline="Other approved story")
    live = article_in_state("published", headline="Live story")
    Revision.objects.create(article=other, version=other.version, status=other.status,
                            snapshot={"headline": "Other approved story"})
    return {"draft": draft, "other": other, "live": live,
            "other_revision": Revision.objects.filter(article=other).first()}


def snapshot():
    return (list(Article.objects.order_by("pk").values()), Revision.objects.count(), AuditEntry.objects.count(),
            EditorialComment.objects.count(), Autosave.objects.count())


def form_data(story, **extra):
    return {"headline": "Hijacked", "slug": "hijacked", "language": "en", "priority": "normal",
            "body": "<p>Hijacked</p>", "credits-TOTAL_FORMS": "0", "credits-INITIAL_FORMS": "0",
            "corrections-TOTAL_FORMS": "0", "corrections-INITIAL_FORMS": "0", **extra}


def writes(world):
    """(name, method, url, data, roles that may do it)."""
    d, o, live, rev = world["draft"], world["other"], world["live"], world["other_revision"]
    return [
        ("publish", "post", f"{BASE}{o.pk}/transition/publish/", {}, {"Publishers"}),
        ("kill", "post", f"{BASE}{live.pk}/transition/kill/", {"note": "why"}, {"Publishers"}),
        ("unpublish", "post", f"{BASE}{live.pk}/transition/unpublish/", {}, {"Publishers"}),
        ("approve-draft", "post", f"{BASE}{d.pk}/transition/approve/", {}, set()),  # not from draft
        ("edit-others-draft", "post", f"{BASE}{d.pk}/change/", form_data(d), {"Editors", "Publishers"}),
        ("continue", "post", f"{BASE}{d.pk}/change/", form_data(d, _continue="1"), {"Editors", "Publishers"}),
        ("saveasnew", "post", f"{BASE}{d.pk}/change/", form_data(d, _saveasnew="1"), set()),
        ("restore-guessed-revision", "post", f"{BASE}{d.pk}/revisions/{rev.pk}/restore/", {}, set()),
        ("bulk-publish-mixed-ids", "post", BASE,
         {"action": "bulk_publish", ACTION_CHECKBOX_NAME: [o.pk, d.pk, 999999, "x"], "apply": "1"}, {"Publishers"}),
        ("bulk-kill", "post", BASE,
         {"action": "bulk_kill", ACTION_CHECKBOX_NAME: [live.pk], "apply": "1", "note": "x"}, {"Publishers"}),
        ("share", "post", f"{BASE}{d.pk}/share/", {}, {"Publishers"}),
        ("comment", "post", f"{BASE}{d.pk}/comment/", {"text": "hi"}, {"Reporters", "Editors", "Publishers"}),
        ("correction", "post", f"{BASE}{live.pk}/correction/", {"kind": "correction", "text": "x"}, {"Publishers"}),
        ("delete", "post", f"{BASE}{d.pk}/delete/", {"post": "yes"}, set()),
        ("autosave-others-draft", "post", f"{BASE}desk/autosave/",
         {"desk_article": d.pk, "desk_base_version": d.version, "headline": "Hijacked", "body": "<p>x</p>"},
         {"Editors", "Publishers"}),
    ]


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("index", range(15))
def test_refused_writes_change_nothing_and_never_500(client, world, who, index):
    name, method, url, data, allowed = writes(world)[index]
    login(client, who)
    if who in allowed:
        pytest.skip(f"{who} may {name}")
    before = snapshot()
    response = client.post(url, data)
    assert response.status_code != 500 and response.status_code < 500, (name, response.status_code)
    assert snapshot() == before, f"{who} changed something with {name}"
    if who in OUTSIDERS:
        assert SECRET.encode() not in response.content


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_read_nothing(client, world, who):
    login(client, who)
    d, rev = world["draft"], world["other_revision"]
    for url in [BASE, f"{BASE}{d.pk}/change/", f"{BASE}{d.pk}/revisions/", f"{BASE}{d.pk}/preview/",
                f"{BASE}{d.pk}/revisions/compare/?a={rev.pk}&b={rev.pk}", f"{BASE}{d.pk}/history/",
                f"{BASE}?q=Confidential", "/admin/", f"{BASE}{d.pk}/lock/", f"{BASE}assignee-lookup/?q=o",
                "/admin/articles/auditentry/", f"{BASE}image-picker/?q=a", "/admin/axes/accessattempt/"]:
        response = client.get(url)
        allowed = (200, 302) if url == "/admin/" else (302, 403, 404, 405)  # staff see an empty index
        assert response.status_code in allowed, (url, response.status_code)
        assert SECRET.encode() not in response.content, url


def test_guessed_revision_of_another_story_is_not_shown(client, world):
    client.force_login(user_in_role("Editors", "ed"))
    d, rev = world["draft"], world["other_revision"]
    response = client.get(f"{BASE}{d.pk}/revisions/compare/?a={rev.pk}&b={rev.pk}")
    assert response.status_code in (400, 404) or b"Other approved story" not in response.content


def test_share_links_tampered_expired_or_for_a_killed_story_reveal_nothing(client, world):
    from datetime import timedelta

    from django.utils import timezone

    from articles.editorial import kill_article
    from articles.people.sharing import create_share_link

    assert client.get(f"{BASE}shared/not-a-token/").status_code in (400, 403, 404)
    forged = signing.dumps({"pk": world["draft"].pk, "exp": 4102444800}, salt="wrong-salt")
    response = client.get(f"{BASE}shared/{forged}/")
    assert response.status_code in (400, 403, 404) and SECRET.encode() not in response.content
    publisher = SuperuserFactory()
    expired = create_share_link(article=world["draft"], user=publisher, hours=1)
    expired.expires_at = timezone.now() - timedelta(minutes=1)
    expired.save(update_fields=["expires_at"])
    response = client.get(f"{BASE}shared/{expired.token}/")
    assert response.status_code == 410 and SECRET.encode() not in response.content
    link = create_share_link(article=world["live"], user=publisher, hours=1)
    assert client.get(f"{BASE}shared/{link.token}/").status_code == 200
    kill_article(article=world["live"], user=publisher, note="x")
    response = client.get(f"{BASE}shared/{link.token}/")
    assert response.status_code == 410 and SECRET.encode() not in response.content


@pytest.mark.parametrize("who", ROLES)
def test_reader_site_never_shows_unpublished_stories(client, world, who):
    login(client, who)
    assert client.get(world["draft"].get_absolute_url()).status_code == 404
    assert SECRET.encode() not in client.get("/").content
    assert SECRET.encode() not in client.get("/search/?q=Confidential").content
