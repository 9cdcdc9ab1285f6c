"""The roles migration creates exactly the three groups with exactly the permissions in ``articles.roles``."""

import pytest
from django.contrib.auth.models import Group

from articles.roles import ROLE_PERMISSIONS

pytestmark = pytest.mark.django_db


def codenames(group):
    return sorted(
        p.codename if p.content_type.app_label == "articles" else f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    )


@pytest.mark.parametrize("name", list(ROLE_PERMISSIONS))
def test_group_has_exactly_its_permissions(name):
    assert codenames(Group.objects.get(name=name)) == sorted(ROLE_PERMISSIONS[name])


def test_no_role_may_delete_stories():
    for group in Group.objects.all():
        assert "delete_article" not in codenames(group)
