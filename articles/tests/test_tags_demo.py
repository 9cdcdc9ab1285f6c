"""The demo has a pair of tags to merge, aliases, a described tag and an internal tag, loaded once."""

import io

import pytest
from django.core.management import call_command
from taggit.models import Tag

from articles.editorial.tags import merge_tags
from articles.models import TagAlias, TagProfile
from articles.tagging import find_tag

pytestmark = pytest.mark.django_db


def test_the_demo_vocabulary(client):
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())  # twice: nothing doubles
    hun_sen, samdech = Tag.objects.get(name="Hun Sen"), Tag.objects.get(name="Samdech Hun Sen")
    assert find_tag("tonle sap lake") == Tag.objects.get(name="Tonle Sap")
    assert TagAlias.objects.filter(name="Great Lake").count() == 1
    assert TagProfile.objects.get(tag__name="needs-photo").internal
    assert "freshwater lake" in client.get("/tag/tonle-sap/").content.decode()
    merge_tags(sources=[samdech], target=hun_sen, user=None)
    call_command("load_demo", stdout=io.StringIO())
    assert not Tag.objects.filter(name="Samdech Hun Sen").exists()  # a merged demo tag stays merged
