"""No lost work for the authors: credits take part in the stale-edit merge, through the real admin form."""

import pytest
from django.urls import reverse

from articles.models import Article, Status
from articles.tests.factories import AuthorFactory, article_in_state
from articles.tests.test_admin_stale_edit import change_url, editors, form_data  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def names(story):
    return [(c.author.name, c.role) for c in Article.objects.get(pk=story.pk).ordered_credits()]


@pytest.fixture
def story():
    return article_in_state("draft", headline="Original headline", authors=[AuthorFactory(name="Ann Writer")])


def open_both(editors, story):
    client_a, client_b = editors
    return form_data(client_a.get(change_url(story))), form_data(client_b.get(change_url(story)))


def test_authors_only_a_added_are_kept_when_b_changed_the_headline(editors, story):
    client_a, client_b = editors
    form_a, form_b = open_both(editors, story)
    form_a["credits-1-author"], form_a["credits-1-order"] = AuthorFactory(name="Bo Second").pk, "1"
    assert client_a.post(change_url(story), form_a).status_code == 302
    assert names(story) == [("Ann Writer", "byline"), ("Bo Second", "byline")]

    form_b["headline"] = "Headline by B"
    response = client_b.post(change_url(story), form_b, follow=True)
    assert response.status_code == 200
    assert names(story) == [("Ann Writer", "byline"), ("Bo Second", "byline")]
    assert Article.objects.get(pk=story.pk).headline == "Headline by B"
    assert any("were merged with yours" in str(m) and "authors" in str(m) for m in response.context["messages"])


def test_a_role_a_changed_is_not_undone_by_bs_older_copy(editors, story):
    client_a, client_b = editors
    form_a, form_b = open_both(editors, story)
    form_a["credits-0-role"] = "additional"
    client_a.post(change_url(story), form_a)

    form_b["dek"] = "A standfirst by B"
    assert client_b.post(change_url(story), form_b).status_code == 302
    assert names(story) == [("Ann Writer", "additional")]


def test_a_credit_a_removed_stays_removed(editors, story):
    client_a, client_b = editors
    form_a, form_b = open_both(editors, story)
    form_a["credits-0-DELETE"] = "on"
    client_a.post(change_url(story), form_a)
    assert names(story) == []

    form_b["body"] = "<p>Body by B.</p>"
    assert client_b.post(change_url(story), form_b).status_code == 302
    assert names(story) == [] and Article.objects.get(pk=story.pk).body == "<p>Body by B.</p>"


def test_both_changing_the_authors_is_refused_and_keeps_bs_choice(editors, story):
    client_a, client_b = editors
    form_a, form_b = open_both(editors, story)
    form_a["credits-1-author"], form_a["credits-1-order"] = AuthorFactory(name="Bo Second").pk, "1"
    client_a.post(change_url(story), form_a)
    version = Article.objects.get(pk=story.pk).version

    cy = AuthorFactory(name="Cy Third")
    form_b["credits-1-author"], form_b["credits-1-order"] = cy.pk, "1"
    response = client_b.post(change_url(story), form_b)
    html = response.content.decode()
    assert response.status_code == 200
    assert "changed the authors while you were editing" in html and "Bo Second" in html
    assert f'<option value="{cy.pk}" selected>' in html  # B's choice is still in the form
    assert names(story) == [("Ann Writer", "byline"), ("Bo Second", "byline")]
    assert Article.objects.get(pk=story.pk).version == version

    again = form_data(response)
    assert client_b.post(change_url(story), again).status_code == 302
    assert names(story) == [("Ann Writer", "byline"), ("Cy Third", "byline")]


def test_published_story_authors_merge_into_the_pending_version(editors):
    client_a, client_b = editors
    story = article_in_state("published", headline="Live", authors=[AuthorFactory(name="Ann Writer")])
    form_a, form_b = open_both(editors, story)
    form_a["credits-1-author"], form_a["credits-1-order"] = AuthorFactory(name="Bo Second").pk, "1"
    client_a.post(change_url(story), form_a)

    form_b["headline"] = "Live, edited by B"
    assert client_b.post(change_url(story), form_b).status_code == 302
    pending = story.revisions.get(pending=True)
    assert pending.snapshot["headline"] == "Live, edited by B"
    assert [c["author"] for c in pending.snapshot["credits"]] == ["Ann Writer", "Bo Second"]
    assert names(story) == [("Ann Writer", "byline")]  # readers still see the live credits
    assert Article.objects.get(pk=story.pk).status == Status.PUBLISHED
    assert reverse("admin:index")


def test_a_removed_credit_and_b_adding_one_is_a_clear_refusal_not_an_error(editors, story):
    client_a, client_b = editors
    form_a, form_b = open_both(editors, story)
    form_a["credits-0-DELETE"] = "on"
    client_a.post(change_url(story), form_a)

    form_b["credits-1-author"], form_b["credits-1-order"] = AuthorFactory(name="Cy Third").pk, "1"
    response = client_b.post(change_url(story), form_b)
    assert response.status_code == 200
    assert "changed the authors while you were editing" in response.content.decode()
    assert names(story) == []


def test_after_a_refusal_the_fields_that_were_merged_are_not_undone_by_saving_again(editors, story):
    client_a, client_b = editors
    form_a, form_b = open_both(editors, story)
    form_a["headline"] = "Headline by A"
    form_a["dek"] = "Standfirst by A"
    form_a["credits-1-author"], form_a["credits-1-order"] = AuthorFactory(name="Bo Second").pk, "1"
    client_a.post(change_url(story), form_a)

    form_b["dek"] = "Standfirst by B"
    refused = client_b.post(change_url(story), form_b)
    assert refused.status_code == 200 and "changed by someone else since you opened it" in refused.content.decode()
    assert client_b.post(change_url(story), form_data(refused)).status_code == 302
    saved = Article.objects.get(pk=story.pk)
    assert saved.dek == "Standfirst by B"  # B saw A's and chose to replace it
    assert saved.headline == "Headline by A"  # B never touched it: still A's
    assert names(story) == [("Ann Writer", "byline"), ("Bo Second", "byline")]
