"""The lead-picture field: the chosen picture as a card (thumbnail, description, credit), a picker that
searches the library and describes pictures by their words, never by file names or raw addresses."""

import pytest
from django.contrib.auth.models import Permission

from articles.tests.factories import ArticleFactory, ImageFactory, user_in_role

pytestmark = pytest.mark.django_db

PICKER = "/admin/articles/article/image-picker/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_picker_offers_thumbnails_with_caption_alt_and_credit(client):
    client.force_login(user_in_role("Reporters", "rep"))
    wire = ImageFactory(title="", caption="Fishermen at dawn", alt_text="Boats at dawn", credit="Sok Dara",
                        source_url="https://wire.example/img/98765.jpg")
    ImageFactory(title="Council chamber", alt_text="Councillors voting", credit="Pool")

    found = client.get(PICKER, {"q": "dawn"}).json()["images"]

    assert len(found) == 1
    picture = found[0]
    assert picture["id"] == wire.pk and picture["label"] == "Fishermen at dawn"
    assert (picture["alt"], picture["caption"], picture["credit"]) == ("Boats at dawn", "Fishermen at dawn", "Sok Dara")
    assert "1x1-w320" in picture["thumbnail"] and "wire.example" not in str(picture)
    assert client.get(picture["thumbnail"]).status_code == 302  # the small rendition is made and served


def test_the_picker_describes_one_picture_by_id_and_ignores_odd_ids(client):
    client.force_login(user_in_role("Editors", "ed"))
    picture = ImageFactory(title="", caption="", alt_text="")

    assert [p["label"] for p in client.get(PICKER, {"id": picture.pk}).json()["images"]] == [
        f"Picture {picture.pk} (no description yet)"]
    for odd in ("x", "-1", "9" * 30, "１２"):
        assert client.get(PICKER, {"id": odd}).json() == {"images": []}


def test_the_picker_is_refused_without_the_right_to_see_pictures(client):
    reporter = user_in_role("Reporters", "rep")
    reporter.user_permissions.remove(Permission.objects.get(codename="view_image"))
    reporter.groups.get().permissions.remove(Permission.objects.get(codename="view_image"))
    client.force_login(reporter)
    assert client.get(PICKER, {"q": ""}).status_code == 403


def test_the_form_shows_the_chosen_picture_and_never_lists_the_library(client):
    client.force_login(user_in_role("Editors", "ed"))
    chosen = ImageFactory(title="", caption="Flooded market", alt_text="Stalls under water", credit="Newsroom")
    for n in range(5):
        ImageFactory(title=f"Other picture {n}")
    story = ArticleFactory(lead_image=chosen)

    html = client.get(f"/admin/articles/article/{story.pk}/change/").content.decode()

    card = html[html.index('class="lead-picture-current"'):html.index('class="lead-picture-actions"')]
    assert "Flooded market" in card and "Alt text: Stalls under water" in card and "Newsroom" in card
    assert f"/images/{chosen.pk}/1x1-w320.webp" in card
    assert "Other picture" not in html  # the select holds the chosen picture only
    assert f'<option value="{chosen.pk}" selected>Flooded market</option>' in html


def test_a_story_opened_read_only_shows_its_lead_picture_as_a_thumbnail_with_words(client):
    from articles.tests.factories import article_in_state

    wire = ImageFactory(title="", caption="Fishermen at dawn", credit="Sok Dara",
                        source_url="https://wire.example/img/98765.jpg")
    story = article_in_state("in_review", lead_image=wire)
    client.force_login(user_in_role("Reporters", "rita"))  # may look, not edit

    html = client.get(f"/admin/articles/article/{story.pk}/change/").content.decode()

    assert 'name="lead_image"' not in html
    assert f"/images/{wire.pk}/1x1-w320.webp" in html and "Fishermen at dawn" in html and "Sok Dara" in html
    assert "wire.example" not in html


@pytest.mark.parametrize("odd", ["9" * 30, "abc", "-3", "0"])
def test_an_odd_lead_picture_value_is_a_form_error_not_a_crash(client, odd):
    from articles.models import Article

    editor = user_in_role("Editors", "ed")
    story = ArticleFactory(headline="Unchanged")
    client.force_login(editor)
    form = client.get(f"/admin/articles/article/{story.pk}/change/").context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and not isinstance(value, list)}
    data.update({"base": form["base"].value(), "headline": "Changed", "lead_image": odd, "tags": "",
                 "credits-TOTAL_FORMS": "0", "credits-INITIAL_FORMS": "0",
                 "corrections-TOTAL_FORMS": "0", "corrections-INITIAL_FORMS": "0"})
    response = client.post(f"/admin/articles/article/{story.pk}/change/", data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Article.objects.get(pk=story.pk).headline == "Unchanged"
