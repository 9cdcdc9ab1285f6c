"""Property-based (hypothesis): random and mutated files given to every importer give a clear
error (``ImportError_``) or valid stories, never an unexpected exception, and an import run saves
whole stories or nothing."""

import io

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from articles.importers import PARSERS
from articles.importers.base import ImportError_, Notice, StoryRecord
from articles.importers.run import ImportRun
from articles.models import Article
from articles.tests.import_helpers import FIXTURES

SAMPLES = {
    "json": "stories.json", "jsonl": "stories.jsonl", "csv": "stories.csv", "markdown": "mekong-dam.md",
    "rss": "feed.rss", "atom": "feed.atom", "wxr": "wordpress-1.2.xml", "nitf": "nitf-3.6.xml",
    "newsml": "newsml-message.xml", "ninjs": "ninjs-2.json", "text": "mekong-dam.md",
}
EXTRA_SAMPLES = {"markdown": ["night-bus-json.md", "tonle-sap-toml.md"]}
SETTINGS = settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck), database=None)


def parse_all(fmt, data):
    """Every item the parser yields, or the ``ImportError_`` it raised; anything else fails the test."""
    try:
        items = list(PARSERS[fmt](io.BytesIO(data), origin=f"fuzz.{fmt}"))
    except ImportError_ as error:
        assert str(error).startswith(f"fuzz.{fmt}"), str(error)
        return error
    for item in items:
        assert isinstance(item, (StoryRecord, Notice))  # an unusable record fails alone when saved
        if isinstance(item, StoryRecord):
            assert isinstance(item.headline, str) and isinstance(item.body_html, str)
    return items


@st.composite
def mutated(draw, data):
    """``data`` with a few bytes flipped, removed, duplicated or inserted (brackets, quotes, aliases…)."""
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        where = draw(st.integers(0, len(data) - 1))
        kind = draw(st.sampled_from(["flip", "drop", "insert", "cut", "repeat"]))
        if kind == "flip":
            data[where] = draw(st.integers(0, 255))
        elif kind == "drop":
            del data[where:where + draw(st.integers(1, 64))]
        elif kind == "insert":
            data[where:where] = draw(st.sampled_from([
                b"[", b"{", b"]]]]", b'"', b"\x00", b"\xff\xfe", b"*a", b"&a ", b"<", b"]]>", b"<![CDATA[",
                b"&amp;", b"&#0;", b"\r", b"\n---\n", b"+++", b",", b"\\", b"javascript:alert(1)",
                b"<script>x</script>", "\u202e".encode(), b"9" * 400, b"-1e999",
            ]))
        elif kind == "cut":
            del data[where:]
        else:
            data[where:where] = data[where:where + draw(st.integers(1, 200))] * draw(st.integers(2, 20))
    return bytes(data)


@pytest.mark.parametrize("fmt", sorted(SAMPLES))
@SETTINGS
@given(data=st.data())
def test_mutated_files_give_a_clear_error_or_valid_stories(fmt, data):
    names = [SAMPLES[fmt], *EXTRA_SAMPLES.get(fmt, [])]
    sample = (FIXTURES / data.draw(st.sampled_from(names))).read_bytes()
    parse_all(fmt, data.draw(mutated(sample)))


@pytest.mark.parametrize("fmt", sorted(SAMPLES))
@SETTINGS
@given(blob=st.binary(max_size=2000))
def test_random_bytes_give_a_clear_error_or_valid_stories(fmt, blob):
    parse_all(fmt, blob)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "wxr", "markdown"])
@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck), database=None)
@given(data=st.data())
def test_an_import_run_saves_whole_stories_or_nothing(fmt, data):
    sample = (FIXTURES / SAMPLES[fmt]).read_bytes()
    blob = data.draw(mutated(sample))
    Article.objects.all().delete()
    outcome = parse_all(fmt, blob)
    run = ImportRun(fmt=fmt)
    run.import_file(f"fuzz.{fmt}", io.BytesIO(blob))
    saved = list(Article.objects.all())
    if isinstance(outcome, ImportError_):
        assert saved == [] and run.failed == 1
        return
    for article in saved:  # whole: a headline, a slug, a body that went through the sanitiser
        assert article.headline and article.slug
        assert "<script" not in article.body.lower()
    assert len(saved) + run.failed + run.counts["skipped"] >= len([i for i in outcome if isinstance(i, StoryRecord)])
