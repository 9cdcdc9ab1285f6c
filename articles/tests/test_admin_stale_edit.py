"""No lost work: a save from an older copy is merged field by field, or refused on a real conflict."""

import lxml.html
import pytest
from django.urls import reverse

from articles.models import Article, Revision, Status
from articles.tests.factories import AuthorFactory, article_in_state, user_in_role

pytestmark = pytest.mark.django_db


def form_data(response, form_id="article_form"):
    """Everything the browser would send for the change form as it was served."""
    form = lxml.html.fromstring(response.content.decode()).get_element_by_id(form_id)
    data = {}
    for name, value in form.form_values():
        data.setdefault(name, value)
    data["_continue"] = "Save and continue editing"
    return data


def change_url(story):
    return reverse("admin:articles_article_change", args=[story.pk])


@pytest.fixture
def editors(client, django_user_model):
    from django.test import Client

    a, b = user_in_role("Editors", "alice"), user_in_role("Editors", "bob")
    client_a, client_b = Client(), Client()
    client_a.force_login(a)
    client_b.force_login(b)
    return client_a, client_b


def test_different_fields_are_merged_and_b_is_told(editors):
    client_a, client_b = editors
    story = article_in_state("draft", headline="Original headline", authors=[AuthorFactory(name="Ann Writer")])
    form_a, form_b = form_data(client_a.get(change_url(story))), form_data(client_b.get(change_url(story)))

    form_a["headline"] = "Headline by A"
    assert client_a.post(change_url(story), form_a).status_code == 302

    form_b["body"] = "<p>Body rewritten by B.</p>"
    response = client_b.post(change_url(story), form_b, follow=True)
    assert response.status_code == 200
    story.refresh_from_db()
    assert story.headline == "Headline by A"
    assert story.body == "<p>Body rewritten by B.</p>"
    assert [c.author.name for c in story.ordered_credits()] == ["Ann Writer"]
    assert "were merged with yours" in response.content.decode()
    assert "Headline" in str(list(response.context["messages"])[-1])


def test_same_field_conflict_is_refused_and_keeps_bs_text(editors):
    client_a, client_b = editors
    story = article_in_state("draft", headline="Original headline")
    form_a, form_b = form_data(client_a.get(change_url(story))), form_data(client_b.get(change_url(story)))
    form_a["headline"] = "Headline by A"
    client_a.post(change_url(story), form_a)
    version = Article.objects.get(pk=story.pk).version

    form_b["headline"] = "Headline by B"
    response = client_b.post(change_url(story), form_b)
    html = response.content.decode()
    assert response.status_code == 200
    assert "changed by someone else since you opened it" in html
    assert "Headline by A" in html  # what changed
    assert 'value="Headline by B"' in html  # B's text is still in the form
    story.refresh_from_db()
    assert story.headline == "Headline by A" and story.version == version

    # B has now seen A's version; saving again on purpose replaces it.
    again = form_data(response)
    assert again["headline"] == "Headline by B"
    assert client_b.post(change_url(story), again).status_code == 302
    story.refresh_from_db()
    assert story.headline == "Headline by B"


def test_a_save_without_an_intervening_change_just_saves(editors):
    client_a, _ = editors
    story = article_in_state("draft")
    form = form_data(client_a.get(change_url(story)))
    form["dek"] = "A new standfirst."
    assert client_a.post(change_url(story), form).status_code == 302
    story.refresh_from_db()
    assert story.dek == "A new standfirst."
    assert story.revisions.count() == 1


def test_a_tampered_base_is_refused(editors):
    client_a, _ = editors
    story = article_in_state("draft", headline="Kept")
    form = form_data(client_a.get(change_url(story)))
    form["base"] = "forged"
    form["headline"] = "Forged save"
    response = client_a.post(change_url(story), form)
    assert response.status_code == 200 and "out of date" in response.content.decode()
    assert Article.objects.get(pk=story.pk).headline == "Kept"


def test_editing_a_published_story_keeps_the_live_version_until_republished(editors, client):
    client_a, _ = editors
    story = article_in_state("published", headline="Live headline", authors=[AuthorFactory(name="Live Author")])
    form = form_data(client_a.get(change_url(story)))
    form["headline"] = "Working headline"
    form["tags"] = "Fresh tag, Mekong"
    assert client_a.post(change_url(story), form).status_code == 302

    story.refresh_from_db()
    assert story.headline == "Live headline" and story.status == Status.PUBLISHED
    assert "Live headline" in client.get(story.get_absolute_url()).content.decode()
    pending = Revision.objects.get(article=story, pending=True)
    assert pending.snapshot["headline"] == "Working headline"
    assert pending.snapshot["credits"][0]["author"] == "Live Author"

    # The form shows the working draft; saving it again keeps the credits.
    again = form_data(client_a.get(change_url(story)))
    assert again["headline"] == "Working headline" and again["tags"] == '"Fresh tag", Mekong'
    again["dek"] = "Second pass."
    assert client_a.post(change_url(story), again).status_code == 302
    pending = Revision.objects.get(article=story, pending=True)
    assert pending.snapshot["dek"] == "Second pass." and pending.snapshot["credits"][0]["author"] == "Live Author"

    from articles import editorial

    editorial.republish_article(article=story, user=user_in_role("Publishers"), significant=True)
    story.refresh_from_db()
    assert story.headline == "Working headline" and story.dek == "Second pass."
    assert sorted(story.tags.names()) == ["Fresh tag", "Mekong"]
    assert story.updated_at is not None
    assert "Working headline" in client.get(story.get_absolute_url()).content.decode()


def test_edits_to_a_live_story_are_merged_into_its_pending_version(editors):
    client_a, client_b = editors
    story = article_in_state("published", headline="Live headline", dek="Live dek")
    form_a, form_b = form_data(client_a.get(change_url(story))), form_data(client_b.get(change_url(story)))
    form_a["headline"] = "A's pending headline"
    assert client_a.post(change_url(story), form_a).status_code == 302
    form_b["dek"] = "B's pending dek"
    assert client_b.post(change_url(story), form_b).status_code == 302

    pending = Revision.objects.get(article=story, pending=True)
    assert (pending.snapshot["headline"], pending.snapshot["dek"]) == ("A's pending headline", "B's pending dek")
    story.refresh_from_db()
    assert (story.headline, story.dek) == ("Live headline", "Live dek")

    form_b = form_data(client_b.get(change_url(story)))
    form_a = form_data(client_a.get(change_url(story)))
    form_a["dek"], form_b["dek"] = "A again", "B again"
    client_a.post(change_url(story), form_a)
    response = client_b.post(change_url(story), form_b)
    assert response.status_code == 200 and "changed by someone else" in response.content.decode()
    assert Revision.objects.get(article=story, pending=True).snapshot["dek"] == "A again"
