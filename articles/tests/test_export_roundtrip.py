"""export_articles, and the round trip: export everything, import into an empty database, compare."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from taggit.models import Tag

from articles import editorial
from articles.models import Article, ArticleAuthor, Author, CreditRole, Image, Section, Status
from articles.tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from articles.tests.import_helpers import run_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom():
    politics, sport = SectionFactory(name="Politics"), SectionFactory(name="Sport")
    niem, sophea, dara = AuthorFactory(name="Niem Chheng"), AuthorFactory(name="Sophea Lim"), AuthorFactory(name="Dara Kem")
    photo = Image.objects.create(source_url="https://images.example.org/senate.jpg", caption="The Senate",
                                 credit="Dara Kem", alt_text="Senators seated")
    live = ArticleFactory(
        headline="Senate passes budget", kicker="Breaking", dek="A record budget.", dateline="PHNOM PENH",
        body="<p>The Senate passed the budget.</p><p>It is <em>larger</em> than last year’s.</p>",
        section=politics, tags=["Budget", "Senate"], authors=[niem, sophea], lead_image=photo, language="en",
    )
    ArticleAuthor.objects.create(article=live, author=dara, role=CreditRole.PHOTOGRAPHER, order=5)
    editorial.publish_article(article=live, at=timezone.now() - timedelta(days=2))
    scheduled = ArticleFactory(headline="Match preview", section=sport, tags=["Football"], authors=[dara])
    editorial.publish_article(article=scheduled, at=timezone.now() + timedelta(days=3))
    ArticleFactory(headline="Draft about tax", section=politics, tags=["Tax"], authors=[sophea],
                   publish_at=timezone.now() + timedelta(days=10))
    wire = ArticleFactory(headline="Wire copy", section=None, credit_line="Mekong Wire", source="wire", source_id="w-1")
    editorial.publish_article(article=wire, at=timezone.now() - timedelta(hours=1))


def snapshot():
    rows = set()
    for a in Article.objects.with_related():
        rows.add((
            a.headline, a.kicker, a.dek, a.body, a.dateline, a.credit_line, a.slug, a.language,
            a.section.name if a.section else None, tuple(sorted(a.tags.names())),
            tuple((c.author.name, c.role) for c in a.ordered_credits()),
            a.status, a.publish_at, a.first_published_at, a.is_live, a.is_scheduled,
            (a.lead_image.source_url, a.lead_image.caption, a.lead_image.credit, a.lead_image.alt_text)
            if a.lead_image else None,
        ))
    return rows


def empty_database():
    Article.objects.all().delete()
    for model in (Author, Section, Tag, Image):
        model.objects.all().delete()


def export(*args, **options):
    out = io.StringIO()
    call_command("export_articles", *args, stdout=out, **options)
    return [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]


def test_jsonl_round_trip_into_an_empty_database(newsroom, tmp_path):
    before = snapshot()
    assert len(before) == 4
    path = tmp_path / "export.jsonl"
    call_command("export_articles", format="jsonl", output=str(path), verbosity=0)
    empty_database()
    code, out, err = run_import(path, status="published")
    assert code == 0, err
    assert "4 created" in out
    assert snapshot() == before


def test_round_trip_keeps_source_ids_so_a_second_import_is_a_no_op(newsroom, tmp_path):
    path = tmp_path / "export.jsonl"
    call_command("export_articles", format="jsonl", output=str(path), verbosity=0)
    assert {(r["source"], r["id"]) for r in map(json.loads, path.read_text().splitlines())} >= {("wire", "w-1")}
    empty_database()
    run_import(path, status="published")
    code, out, _ = run_import(path, status="published", update=True)
    assert out.startswith("0 created, 0 updated, 4 skipped")


def test_ninjs_export_is_ninjs_2_and_round_trips_the_essentials(newsroom, tmp_path):
    items = export(format="ninjs")
    assert len(items) == 4
    senate = next(i for i in items if i["headlines"][0]["value"] == "Senate passes budget")
    assert senate["standard"]["version"] == "2.0" and senate["type"] == "text"
    assert senate["pubstatus"] == "usable" and senate["by"] == "Niem Chheng and Sophea Lim"
    assert {"name": "Politics", "rel": "section"} in senate["subjects"]
    assert senate["bodies"][0]["contenttype"] == "text/html"
    assert senate["associations"][0]["renditions"][0]["href"] == "https://images.example.org/senate.jpg"
    draft = next(i for i in items if i["headlines"][0]["value"] == "Draft about tax")
    assert draft["pubstatus"] == "withheld"

    def essentials():
        return {(a.headline, a.body, a.dek, a.dateline, a.section.name if a.section else None,
                 tuple(sorted(a.tags.names())), tuple(x.name for x in a.byline_authors), a.publish_at, a.status)
                for a in Article.objects.with_related()}

    before = essentials()
    path = tmp_path / "export.ninjs"
    path.write_text("\n".join(json.dumps(i) for i in items), "utf-8")
    empty_database()
    code, _, err = run_import(path, status="published")
    assert code == 0, err
    assert essentials() == before


def test_export_filters_by_status_and_since(newsroom):
    published = export(format="jsonl", status="published")
    assert {i["headline"] for i in published} == {"Senate passes budget", "Match preview", "Wire copy"}
    Article.objects.filter(headline="Wire copy").update(modified_at=timezone.now() - timedelta(days=30))
    since = (timezone.now() - timedelta(days=1)).date().isoformat()
    assert "Wire copy" not in {i["headline"] for i in export(format="jsonl", since=since)}


def test_export_contract_keys(newsroom):
    item = next(i for i in export() if i["headline"] == "Senate passes budget")
    assert item["authors"] == [{"name": "Niem Chheng", "role": "byline"}, {"name": "Sophea Lim", "role": "byline"},
                               {"name": "Dara Kem", "role": "photographer"}]
    assert item["status"] == Status.PUBLISHED and item["section"] == "Politics"
    assert item["lead_image"] == {"url": "https://images.example.org/senate.jpg", "caption": "The Senate",
                                  "credit": "Dara Kem", "alt": "Senators seated"}


def test_export_usage_errors_exit_2_and_write_nothing(newsroom, tmp_path):
    from django.core.management.base import CommandError

    for options, message in [
        ({"since": "last tuesday"}, "--since: 'last tuesday' is not an ISO date"),
        ({"output": str(tmp_path / "missing" / "out.jsonl")}, "--output: the folder"),
    ]:
        with pytest.raises(CommandError, match=message) as info:
            export(**options)
        assert info.value.returncode == 2
    assert list(tmp_path.iterdir()) == []


def test_an_export_that_fails_half_way_leaves_no_file(newsroom, tmp_path, monkeypatch):
    from articles import exporters

    calls = []

    def failing(article, *, internal_tags=False):
        calls.append(article)
        if len(calls) == 2:
            raise RuntimeError("disk gone")
        return {"headline": article.headline}

    monkeypatch.setitem(exporters.EXPORTERS, "jsonl", failing)
    path = tmp_path / "out.jsonl"
    path.write_text("previous export\n")
    with pytest.raises(RuntimeError):
        call_command("export_articles", output=str(path), verbosity=0)
    assert path.read_text() == "previous export\n" and [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]
