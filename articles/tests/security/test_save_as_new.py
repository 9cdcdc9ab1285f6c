"""``_saveasnew`` posted to a story's change form is refused cleanly (400) and changes nothing."""

import pytest

from articles.models import Article
from articles.tests.factories import SuperuserFactory, article_in_state, user_in_role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["Reporters", "Editors", "Publishers", "superuser"])
@pytest.mark.parametrize("state", ["draft", "published"])
def test_save_as_new_is_refused_and_copies_nothing(client, who, state):
    story = article_in_state(state, headline="The original")
    client.force_login(SuperuserFactory() if who == "superuser" else user_in_role(who, "someone"))
    before = list(Article.objects.values())
    response = client.post(f"/admin/articles/article/{story.pk}/change/",
                           {"_saveasnew": "Save as new", "headline": "A copy", "slug": "a-copy", "language": "en",
                            "priority": "normal", "body": "<p>x</p>"})
    assert response.status_code == 400
    assert b"The original" not in response.content
    assert list(Article.objects.values()) == before
