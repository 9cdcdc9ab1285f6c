"""Tag suggestions in the story form: by name or alias as you type, and from the story's text,
never revealing tags used only on stories the user may not see."""

import pytest
from django.urls import reverse

from articles.tests.factories import ArticleFactory, article_in_state, user_in_role
from articles.tests.tag_helpers import tag

pytestmark = pytest.mark.django_db

URL = reverse("admin:articles_article_tag_suggestions")


@pytest.fixture
def vocabulary():
    hun_sen = tag("Hun Sen", aliases=["Samdech Hun Sen"])
    hunger = tag("Hunger")
    for _ in range(3):
        ArticleFactory(published=True, tags=[hunger])
    ArticleFactory(published=True, tags=[hun_sen])
    secret = tag("Hunting scandal")
    article_in_state("killed", tags=[secret])
    return hun_sen, hunger, secret


def test_as_you_type_by_name_and_alias_most_used_first(client, vocabulary):
    client.force_login(user_in_role("Reporters"))
    answer = client.get(URL, {"q": "hun"}).json()
    assert answer["tags"] == ["Hunger", "Hun Sen", "Hunting scandal"]
    assert answer["results"][0] == {"name": "Hunger", "slug": "hunger", "alias": "", "uses": 3}
    by_alias = client.get(URL, {"q": "samdech"}).json()
    assert by_alias["tags"] == ["Hun Sen"] and by_alias["results"][0]["alias"] == "Samdech Hun Sen"
    assert client.get(URL, {"q": "SÁMDECH"}).json()["tags"] == ["Hun Sen"]


def test_tags_only_on_stories_the_user_may_not_see_are_never_offered(client, vocabulary, monkeypatch):
    """The endpoint follows ``editorial.visible_stories``: today every newsroom role sees every story
    (killed ones too), so the rule is narrowed here to check that suggestions follow it."""
    from articles import editorial
    from articles.models import Status

    monkeypatch.setattr(editorial, "visible_stories", lambda user, stories: stories.exclude(status=Status.KILLED))
    client.force_login(user_in_role("Reporters"))
    assert "Hunting scandal" not in client.get(URL, {"q": "hun"}).json()["tags"]
    assert client.post(URL, {"headline": "Hunting scandal", "body": ""}).json()["tags"] == []


def test_suggestions_count_and_offer_only_the_stories_given():
    from articles.models import Article
    from articles.tagging import suggest_from_text, suggest_tags

    tag("Draft topic")
    ArticleFactory(tags=["Draft topic"])
    live = Article.objects.published()
    assert suggest_tags("draft", stories=live) == []
    assert suggest_from_text("<p>A draft topic.</p>", stories=live) == []
    assert suggest_tags("draft", stories=Article.objects.all())[0]["uses"] == 1


def test_unused_tags_are_offered(client):
    tag("Mekong")
    client.force_login(user_in_role("Reporters"))
    assert client.get(URL, {"q": "mek"}).json()["tags"] == ["Mekong"]


def test_from_text_finds_names_and_aliases_as_whole_words(client, vocabulary):
    tag("Rice")
    tag("Cambodia", aliases=["Kampuchea"])
    client.force_login(user_in_role("Reporters"))
    answer = client.post(URL, {
        "headline": "Hun Sen visits a Kampuchea market",
        "body": "<p>Prices of <strong>rice</strong> rose; hungry buyers, no hunger yet.</p>",
        "tags": "Rice",
    }).json()
    # Rice is already on the story; "hungry" is not "hunger"; "Hunting scandal" is not in the text
    assert answer["tags"] == ["Hunger", "Hun Sen", "Cambodia"]
    assert [r["alias"] for r in answer["results"]] == ["", "", "Kampuchea"]


def test_people_without_a_newsroom_role_get_nothing(client, vocabulary):
    from articles.tests.factories import UserFactory

    assert client.get(URL, {"q": "hun"}).status_code in (302, 403)
    client.force_login(UserFactory())
    assert client.get(URL, {"q": "hun"}).status_code == 403
    assert client.post(URL, {"headline": "Hun Sen"}).status_code == 403
