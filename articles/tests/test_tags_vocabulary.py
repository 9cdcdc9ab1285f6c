"""Names, aliases, near-duplicates and renames: one tag however it is spelled, and old addresses keep answering."""

import pytest
from django.core.exceptions import ValidationError
from taggit.models import Tag

from articles.models import TagAlias, TagProfile, TagRedirect, normalise_tag_name
from articles.tagging import find_tag, near_duplicate_of, rename_tag, resolve_names
from articles.tagging.vocabulary import check_new_name
from articles.tests.factories import ArticleFactory
from articles.tests.tag_helpers import tag

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("spelling", ["Hun Sen", "hun-sen", "HUN SEN!", "Hùn  Sén", "  hun_sen "])
def test_case_accents_and_punctuation_do_not_count(spelling):
    assert normalise_tag_name(spelling) == "hun sen"


def test_other_scripts_keep_their_letters():
    assert normalise_tag_name("កម្ពុជា") != ""
    assert normalise_tag_name("Café") == normalise_tag_name("cafe")


def test_every_saved_tag_gets_a_profile_with_its_key():
    made = Tag.objects.create(name="Tonlé Sap")
    assert TagProfile.objects.get(tag=made).key == "tonle sap"


def test_an_alias_or_any_spelling_finds_the_canonical_tag():
    hun_sen = tag("Hun Sen", aliases=["Samdech Hun Sen"])
    assert find_tag("samdech hun-sen") == hun_sen
    assert find_tag("HUN SEN") == hun_sen
    assert find_tag("Hun Manet") is None


def test_resolving_creates_only_unknown_names_and_never_a_duplicate():
    hun_sen = tag("Hun Sen", aliases=["Samdech Hun Sen"])
    resolved = resolve_names(["Samdech Hun Sen", "hun sen", "Rice", "rice!"])
    assert resolved["Samdech Hun Sen"] == resolved["hun sen"] == hun_sen
    assert resolved["Rice"] == resolved["rice!"]
    assert Tag.objects.filter(name__iexact="rice").count() == 1
    assert resolve_names(["Unknown"], create=False) == {"Unknown": None}


def test_near_duplicate_names_are_refused_with_a_pointer_to_the_existing_tag():
    tag("Hun Sen", aliases=["Samdech Hun Sen"])
    with pytest.raises(ValidationError, match="Hun Sen.*/tag/hun-sen/"):
        check_new_name("hun-sen!")
    with pytest.raises(ValidationError, match="Hun Sen"):
        check_new_name("samdech hun sen")
    assert check_new_name("Hun Manet") == "Hun Manet"


def test_an_alias_may_not_duplicate_another_tag():
    tag("Rice")
    other = tag("Trade")
    alias = TagAlias(tag=other, name="RICE")
    with pytest.raises(ValidationError):
        alias.full_clean()
    assert near_duplicate_of("rice") is not None


def test_rename_gives_a_new_address_and_keeps_the_old_one(client):
    rice = tag("Rice")
    ArticleFactory(published=True, tags=[rice])
    rename_tag(rice, name="Rice farming")
    assert rice.slug == "rice-farming"
    response = client.get("/tag/rice/")
    assert response.status_code == 301 and response["Location"] == "/tag/rice-farming/"
    assert client.get("/tag/rice/rss/")["Location"] == "/tag/rice-farming/rss/"
    assert client.get("/tag/rice/atom/")["Location"] == "/tag/rice-farming/atom/"
    assert client.get("/tag/rice-farming/").status_code == 200


def test_rename_refuses_a_near_duplicate_and_changes_nothing():
    tag("Trade")
    rice = tag("Rice")
    with pytest.raises(ValidationError):
        rename_tag(rice, name="trade")
    rice.refresh_from_db()
    assert rice.name == "Rice" and not TagRedirect.objects.exists()


def test_a_slug_changed_in_code_with_tag_save_keeps_the_old_address(client):
    rice = tag("Rice")
    ArticleFactory(published=True, tags=[rice])
    rice.name, rice.slug = "Paddy", "paddy"
    rice.save()
    assert TagProfile.objects.get(tag=rice).key == "paddy"
    assert client.get("/tag/rice/")["Location"] == "/tag/paddy/"
    rice.slug = "paddy-rice"
    rice.save()
    assert client.get("/tag/rice/")["Location"] == "/tag/paddy-rice/"  # every old address follows
    assert client.get("/tag/paddy/")["Location"] == "/tag/paddy-rice/"


def test_a_new_tag_at_an_old_address_takes_it_back(client):
    rice = tag("Rice")
    rename_tag(rice, name="Paddy")
    newcomer = Tag.objects.create(name="Rice")
    assert newcomer.slug == "rice"
    assert not TagRedirect.objects.filter(old_slug="rice").exists()


def test_the_story_forms_tag_field_turns_aliases_into_canonical_tags():
    from taggit.forms import TagField

    tag("Hun Sen", aliases=["Samdech Hun Sen"])
    assert TagField().clean('samdech hun-sen, Rice, "HUN SEN"') == ["Hun Sen", "Rice"]


def test_an_old_address_of_an_internal_tag_does_not_redirect(client):
    hidden = tag("Needs photo", internal=True)
    ArticleFactory(published=True, tags=[hidden])
    rename_tag(hidden, name="Needs a photo")
    assert client.get("/tag/needs-photo/").status_code == 404
    assert client.get("/tag/needs-photo/rss/").status_code == 404
