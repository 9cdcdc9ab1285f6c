"""Internal tags ("needs-photo") stay out of every export format unless the operator asks for them,
and even then travel apart from the reader tags, so a re-import never makes them public."""

import pytest
from django.core.management import call_command

from articles.exporters import EXPORTERS
from articles.models import Article
from articles.tests.factories import ArticleFactory
from articles.tests.import_helpers import run_import
from articles.tests.tag_helpers import tag
from articles.tests.test_export_roundtrip import empty_database, export

pytestmark = pytest.mark.django_db


@pytest.fixture
def story_with_an_internal_tag():
    tag("needs-photo", internal=True)
    return ArticleFactory(headline="Flood season", tags=["Mekong", "needs-photo"])


def exported_tags(fmt, item):
    """``(reader tags, internal tags)`` of one exported story, in the format's own terms."""
    if fmt == "jsonl":
        return item["tags"], item.get("internal_tags")
    subjects = item.get("subjects", [])
    internal = [s["name"] for s in subjects if s["rel"] == "internal"]
    return [s["name"] for s in subjects if s["rel"] == "about"], internal or None


def test_every_format_is_covered():
    assert set(EXPORTERS) == {"jsonl", "ninjs"}


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_internal_tags_are_left_out_by_default(story_with_an_internal_tag, fmt):
    [item] = export(format=fmt)
    assert exported_tags(fmt, item) == (["Mekong"], None)
    assert "needs-photo" not in str(item)


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_the_operator_option_adds_them_apart(story_with_an_internal_tag, fmt):
    [item] = export(format=fmt, include_internal_tags=True)
    assert exported_tags(fmt, item) == (["Mekong"], ["needs-photo"])


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_a_reimported_archive_never_makes_an_internal_tag_public(story_with_an_internal_tag, fmt, tmp_path):
    path = tmp_path / f"archive.{fmt}"
    call_command("export_articles", format=fmt, include_internal_tags=True, output=str(path), verbosity=0)
    empty_database()
    code, _out, err = run_import(path, format=fmt)
    assert code == 0, err
    assert sorted(Article.objects.get().tags.names()) == ["Mekong"]
