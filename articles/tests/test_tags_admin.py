"""The tag desk: who may use it, what it lists, merge, rename, aliases, profiles and deleting."""

import pytest
from django.urls import reverse
from taggit.models import Tag

from articles.models import AuditEntry, TagAlias, TagProfile, TagRedirect
from articles.tests.factories import ArticleFactory, SuperuserFactory, user_in_role
from articles.tests.tag_helpers import tag

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:taggit_tag_changelist")


def change_url(made):
    return reverse("admin:taggit_tag_change", args=[made.pk])


def change_form_data(made, **overrides):
    profile = TagProfile.objects.get(tag=made)
    data = {
        "name": made.name,
        "profile-TOTAL_FORMS": "1", "profile-INITIAL_FORMS": "1", "profile-MIN_NUM_FORMS": "0",
        "profile-MAX_NUM_FORMS": "1", "profile-0-id": str(profile.pk), "profile-0-tag": str(made.pk),
        "profile-0-description": profile.description, "profile-0-image": "",
        "aliases-TOTAL_FORMS": "1", "aliases-INITIAL_FORMS": "0", "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000", "aliases-0-id": "", "aliases-0-tag": str(made.pk), "aliases-0-name": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("role, status", [("Reporters", 403), ("Editors", 200), ("Publishers", 200)])
def test_the_desk_is_for_editors_and_up(client, role, status):
    client.force_login(user_in_role(role))
    assert client.get(CHANGELIST).status_code == status


def test_the_desk_lists_live_and_total_stories_and_finds_aliases(client):
    rice = tag("Rice", aliases=["Paddy"])
    ArticleFactory(published=True, tags=[rice])
    ArticleFactory(published=True, tags=[rice])
    ArticleFactory(tags=[rice])
    client.force_login(user_in_role("Editors"))
    response = client.get(CHANGELIST)
    row = next(r for r in response.context["cl"].result_list if r.pk == rice.pk)
    assert (row.live, row.total) == (2, 3) and row.last is not None
    found = client.get(CHANGELIST, {"q": "paddy"}).context["cl"].result_list
    assert [t.pk for t in found] == [rice.pk]


def test_merge_from_the_desk(client):
    keep, merged = tag("Hun Sen"), tag("Samdech Hun Sen")
    story = ArticleFactory(published=True, tags=[merged])
    editor = user_in_role("Editors")
    client.force_login(editor)
    selection = {"action": "merge_selected", "_selected_action": [keep.pk, merged.pk]}
    confirm = client.post(CHANGELIST, selection)
    assert confirm.status_code == 200 and b"Keep this tag" in confirm.content
    assert Tag.objects.filter(pk=merged.pk).exists()  # nothing happens before the confirmation
    response = client.post(CHANGELIST, {**selection, "apply": "1", "keep": keep.pk})
    assert response.status_code == 302
    assert list(story.tags.names()) == ["Hun Sen"]
    assert AuditEntry.objects.get(article=story, action="tags").user == editor
    assert client.get("/tag/samdech-hun-sen/")["Location"] == "/tag/hun-sen/"


def test_rename_from_the_desk_keeps_the_old_address(client):
    rice = tag("Rice")
    ArticleFactory(published=True, tags=[rice])
    client.force_login(user_in_role("Editors"))
    response = client.post(change_url(rice), change_form_data(rice, name="Rice farming"))
    assert response.status_code == 302
    rice.refresh_from_db()
    assert (rice.name, rice.slug) == ("Rice farming", "rice-farming")
    assert client.get("/tag/rice/")["Location"] == "/tag/rice-farming/"


def test_the_desk_refuses_a_near_duplicate_name_and_alias(client):
    tag("Hun Sen")
    rice = tag("Rice")
    client.force_login(user_in_role("Editors"))
    response = client.post(change_url(rice), change_form_data(rice, name="hun-sen"))
    assert response.status_code == 200 and "too close to the existing tag" in response.content.decode()
    response = client.post(change_url(rice), change_form_data(rice, **{"aliases-0-name": "HUN SEN"}))
    assert response.status_code == 200 and "already the tag" in response.content.decode()
    rice.refresh_from_db()
    assert rice.name == "Rice" and not TagAlias.objects.exists() and not TagRedirect.objects.exists()
    response = client.post(reverse("admin:taggit_tag_add"), {
        "name": "Hun  SEN!", "slug": "x", "profile-TOTAL_FORMS": "1", "profile-INITIAL_FORMS": "0",
        "aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200 and Tag.objects.count() == 2


def test_a_new_tag_with_a_description_and_alias_from_the_desk(client):
    client.force_login(user_in_role("Editors"))
    response = client.post(reverse("admin:taggit_tag_add"), {
        "name": "Mekong",
        "profile-TOTAL_FORMS": "1", "profile-INITIAL_FORMS": "0", "profile-MIN_NUM_FORMS": "0",
        "profile-MAX_NUM_FORMS": "1", "profile-0-description": "<p>The river.</p><script>alert(1)</script>",
        "profile-0-internal": "",
        "aliases-TOTAL_FORMS": "1", "aliases-INITIAL_FORMS": "0", "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000", "aliases-0-name": "Mékông River",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    mekong = Tag.objects.get(name="Mekong")
    assert TagProfile.objects.get(tag=mekong).description == "<p>The river.</p>"
    assert TagAlias.objects.get(tag=mekong).key == "mekong river"


def test_a_tag_in_use_is_not_deleted(client):
    used, unused = tag("Rice"), tag("Spare")
    ArticleFactory(tags=[used])
    client.force_login(SuperuserFactory())
    assert client.get(reverse("admin:taggit_tag_delete", args=[used.pk])).status_code == 403
    assert client.post(reverse("admin:taggit_tag_delete", args=[used.pk]), {"post": "yes"}).status_code == 403
    response = client.post(CHANGELIST, {"action": "delete_selected", "_selected_action": [used.pk, unused.pk],
                                        "post": "yes"})
    assert response.status_code == 403 and Tag.objects.filter(pk=used.pk).exists()
    assert client.post(reverse("admin:taggit_tag_delete", args=[unused.pk]), {"post": "yes"}).status_code == 302
    assert not Tag.objects.filter(pk=unused.pk).exists() and Tag.objects.filter(pk=used.pk).exists()
