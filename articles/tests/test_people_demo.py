"""The demo accounts come with byline profiles and portraits, made once."""

import pytest
from django.core.management import call_command

from articles.models import Author, Image

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_demo_accounts_have_profiles_with_photos_once():
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))
    profiles = Author.objects.filter(user__username__in=["admin", "reporter", "editor", "publisher"])
    assert sorted(p.user.username for p in profiles) == ["admin", "editor", "publisher", "reporter"]
    rita = profiles.get(user__username="reporter")
    assert rita.name == "Rita Reporter" and rita.job_title == "Staff reporter" and rita.bio
    assert rita.photo.alt_text == "Portrait of Rita Reporter" and rita.photo.file
    images = Image.objects.count()
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))
    assert Image.objects.count() == images and Author.objects.filter(user__isnull=False).count() == 4
