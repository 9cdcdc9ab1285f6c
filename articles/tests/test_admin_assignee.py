"""The assignee is picked by typing a name, from the newsroom only, without any right over user accounts."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from articles.tests.factories import UserFactory, article_in_state, user_in_role

pytestmark = pytest.mark.django_db

LOOKUP = reverse("admin:articles_article_assignee_lookup") + "?term="


@pytest.fixture
def people():
    return {
        "reporter": user_in_role("Reporters", "rita", first_name="Rita", last_name="Reporter"),
        "editor": user_in_role("Editors", "ed", first_name="Ed"),
        "outsider": UserFactory(username="rick", first_name="Rick", is_staff=True),  # staff, no newsroom role
        "former": user_in_role("Reporters", "ria", first_name="Ria", is_active=False),
    }


def test_the_lookup_offers_active_newsroom_staff_only(client, people):
    client.force_login(people["reporter"])
    response = client.get(LOOKUP + "ri")
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Rita Reporter (rita)"]
    assert [r["text"] for r in client.get(LOOKUP + "rita rep").json()["results"]] == ["Rita Reporter (rita)"]


@pytest.mark.parametrize("url", [
    reverse("admin:auth_user_changelist"),
    reverse("admin:autocomplete") + "?app_label=articles&model_name=author&field_name=user&term=r",
    reverse("admin:autocomplete") + "?app_label=articles&model_name=article&field_name=assignee&term=r",
])
def test_it_opens_nothing_else_about_users(client, people, url):
    client.force_login(people["editor"])
    assert client.get(url).status_code == 403
    assert client.get(reverse("admin:auth_user_change", args=[people["reporter"].pk])).status_code == 403


def test_without_a_newsroom_role_the_lookup_is_refused(client, people):
    client.force_login(people["outsider"])
    assert client.get(LOOKUP + "ri").status_code == 403


def test_the_change_form_uses_the_lookup_and_refuses_an_outsider(client, people):
    from articles.tests.test_admin_stale_edit import change_url, form_data

    story = article_in_state("draft", headline="Budget story")
    client.force_login(people["editor"])
    response = client.get(change_url(story))
    select = re.search(r'<select[^>]*name="assignee"[^>]*>', response.content.decode()).group(0)
    assert 'class="admin-autocomplete"' in select
    assert f'data-ajax--url="{reverse("admin:articles_article_assignee_lookup")}"' in select
    data = form_data(response)
    data["assignee"] = people["outsider"].pk
    refused = client.post(change_url(story), data)
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    data["assignee"] = people["reporter"].pk
    assert client.post(change_url(story), data).status_code == 302
    story.refresh_from_db()
    assert story.assignee == people["reporter"]
    assert f'<option value="{story.assignee_id}" selected>Rita Reporter (rita)</option>' in client.get(
        change_url(story)).content.decode()
    assert not people["editor"].has_perm("auth.view_user")
    assert not Permission.objects.filter(codename="view_user", group__name__in=["Reporters", "Editors"]).exists()


def test_the_story_list_names_the_assignee(client, people):
    article_in_state("draft", headline="Budget story", assignee=people["reporter"])
    client.force_login(people["editor"])
    assert "Rita Reporter (rita)" in client.get(reverse("admin:articles_article_changelist")).content.decode()
