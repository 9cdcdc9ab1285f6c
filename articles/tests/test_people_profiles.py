"""Bylines for staff: who may change which Author profile, and a new story's default byline."""

import pytest
from django.urls import reverse

from articles.models import Article, Author
from articles.tests.factories import AuthorFactory, SuperuserFactory, user_in_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {
        "reporter": user_in_role("Reporters", "rita", first_name="Rita", last_name="Reporter"),
        "other_reporter": user_in_role("Reporters", "ravi"),
        "editor": user_in_role("Editors", "ed"),
        "publisher": user_in_role("Publishers", "pat"),
        "superuser": SuperuserFactory(username="root"),
    }


def change_url(author):
    return reverse("admin:articles_author_change", args=[author.pk])


def post_profile(client, author, **changes):
    data = {"name": author.name, "slug": author.slug, "job_title": author.job_title, "bio": author.bio,
            "photo": "", "user": author.user_id or "", **changes}
    return client.post(change_url(author), data)


# (whose profile, who edits): may they?
MATRIX = [
    ("reporter", "reporter", True),
    ("reporter", "other_reporter", False),
    ("reporter", "editor", True),
    ("reporter", "publisher", True),
    ("reporter", "superuser", True),
    ("contributor", "reporter", False),
    ("contributor", "editor", True),
    ("editor", "reporter", False),
    ("editor", "publisher", True),
]


@pytest.mark.parametrize("owner,editor,allowed", MATRIX, ids=[f"{o}-by-{e}" for o, e, _ in MATRIX])
def test_profile_editing_role_matrix(client, people, owner, editor, allowed):
    user = None if owner == "contributor" else people[owner]
    author = AuthorFactory(name=f"Profile of {owner}", user=user, bio="Old bio.")
    client.force_login(people[editor])
    response = post_profile(client, author, bio="New bio.")
    author.refresh_from_db()
    if allowed:
        assert response.status_code == 302, response.content[:400]
        assert author.bio == "New bio."
    else:
        assert response.status_code == 403
        assert author.bio == "Old bio."


def test_reporter_creates_a_contributor_byline_but_cannot_link_an_account(client, people):
    client.force_login(people["reporter"])
    response = client.post(reverse("admin:articles_author_add"), {
        "name": "Agence Mekong", "slug": "agence-mekong", "job_title": "Agency", "bio": "", "photo": "",
        "user": people["editor"].pk,
    })
    assert response.status_code == 302
    contributor = Author.objects.get(slug="agence-mekong")
    assert contributor.user is None  # the account field is read-only for Reporters


def test_reporter_cannot_move_their_profile_to_another_account(client, people):
    mine = AuthorFactory(name="Rita Reporter", user=people["reporter"])
    client.force_login(people["reporter"])
    post_profile(client, mine, user=people["editor"].pk, job_title="Chief")
    mine.refresh_from_db()
    assert mine.user == people["reporter"] and mine.job_title == "Chief"


def test_new_story_gets_the_writers_own_byline_creating_the_profile(client, people):
    client.force_login(people["reporter"])
    assert not Author.objects.filter(user=people["reporter"]).exists()
    response = client.post(reverse("admin:articles_article_add"), {
        "headline": "Default byline story", "slug": "", "body": "<p>Text.</p>", "language": "en",
        "priority": "normal", "credits-TOTAL_FORMS": "0", "credits-INITIAL_FORMS": "0",
        "corrections-TOTAL_FORMS": "0", "corrections-INITIAL_FORMS": "0",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    story = Article.objects.get(headline="Default byline story")
    profile = Author.objects.get(user=people["reporter"])
    assert profile.name == "Rita Reporter"
    assert [a.pk for a in story.byline_authors] == [profile.pk]
    assert story.revisions.first().snapshot["credits"][0]["author_id"] == profile.pk


def test_a_credit_line_or_a_chosen_byline_is_kept(client, people):
    client.force_login(people["reporter"])
    freelancer = AuthorFactory(name="Freelancer")
    base = {"slug": "", "body": "<p>Text.</p>", "language": "en", "priority": "normal",
            "credits-TOTAL_FORMS": "0", "credits-INITIAL_FORMS": "0",
            "corrections-TOTAL_FORMS": "0", "corrections-INITIAL_FORMS": "0"}
    add = reverse("admin:articles_article_add")
    assert client.post(add, {**base, "headline": "Wire copy", "credit_line": "Reuters"}).status_code == 302
    assert client.post(add, {**base, "headline": "Chosen byline", "credits-TOTAL_FORMS": "1",
                             "credits-0-author": freelancer.pk, "credits-0-role": "byline",
                             "credits-0-order": "0"}).status_code == 302
    assert Article.objects.get(headline="Wire copy").byline_authors == []
    assert [a.name for a in Article.objects.get(headline="Chosen byline").byline_authors] == ["Freelancer"]
    assert not Author.objects.filter(user=people["reporter"]).exists()


def test_my_profile_page_links_my_byline_and_saves_preferences(client, people):
    client.force_login(people["reporter"])
    page = client.get(reverse("newsroom:profile")).content.decode()
    assert "Rita Reporter" in page and "Edit my byline profile" in page
    response = client.post(reverse("newsroom:profile"), {"time_zone": "Mars/Olympus", "notify_by": "both"})
    assert response.status_code == 200 and "is not a time zone name" in response.content.decode()
    client.post(reverse("newsroom:profile"), {"time_zone": "Europe/London", "notify_by": "in_app"})
    assert people["reporter"].preferences.time_zone == "Europe/London"
