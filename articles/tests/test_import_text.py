import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article, Status

DEMO_SEED = Path(__file__).resolve().parents[1] / "demo" / "cambodia-china-trustworthy-friend.txt"
SHARED_SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "cambodia-china-trustworthy-friend.txt"

pytestmark = pytest.mark.django_db


def import_seed(**options):
    defaults = dict(
        section="Politics", tags="Cambodia,China,Hun Sen,Taiwan", dateline="PHNOM PENH",
        author=["Niem Chheng"], published_at="2024-05-23T10:00:00+07:00", status="published", verbosity=0,
    )
    call_command("import_articles", str(DEMO_SEED), **(defaults | options))
    return Article.objects.get(source__startswith="text:", source_id=DEMO_SEED.stem)


def test_demo_copy_matches_shared_seed():
    if not SHARED_SEED.exists():
        pytest.skip("no shared/ folder beside this checkout")
    assert DEMO_SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_seed_becomes_a_published_article_intact():
    article = import_seed()
    paragraphs = re.findall(r"<p>(.*?)</p>", article.body, flags=re.S)
    assert len(paragraphs) == 17
    assert article.word_count == 582
    assert "“trustworthy friend”" in article.body
    assert "China’s assistance" in article.body
    assert article.headline == "Senate President Hun Sen has reiterated that China should view Cambodia as a “trustworthy friend”"
    assert article.dateline == "PHNOM PENH"
    assert article.section.name == "Politics"
    assert sorted(article.tags.names()) == ["Cambodia", "China", "Hun Sen", "Taiwan"]
    assert [a.name for a in article.byline_authors] == ["Niem Chheng"]
    assert article.status == Status.PUBLISHED
    assert article.get_absolute_url() == "/2024/05/23/cambodia-china-trustworthy-friend/"
    assert article in Article.objects.published()


def test_reimporting_creates_no_duplicate():
    import_seed()
    import_seed()
    assert Article.objects.count() == 1


def test_import_defaults_to_draft():
    article = import_seed(status="draft")
    assert article.status == Status.DRAFT
    assert article not in Article.objects.published()


def test_headline_line_is_used_when_present(tmp_path):
    story = tmp_path / "short.txt"
    story.write_text("Market reopens\n\nThe market opened on Friday. It was busy.\n\nSecond paragraph.\n", "utf-8")
    call_command("import_articles", str(story), verbosity=0)
    article = Article.objects.get(source_id="short")
    assert article.headline == "Market reopens"
    assert article.body.count("<p>") == 2


def test_markup_in_plain_text_is_escaped(tmp_path):
    story = tmp_path / "evil.txt"
    story.write_text('Headline\n\n<script>alert("x")</script> body', "utf-8")
    call_command("import_articles", str(story), verbosity=0)
    assert "<script>" not in Article.objects.get(source_id="evil").body


def test_load_demo_is_idempotent():
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))
    count = Article.objects.count()
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))
    assert Article.objects.count() == count >= 7
    statuses = set(Article.objects.values_list("status", flat=True))
    assert {Status.DRAFT, Status.PUBLISHED} <= statuses
    assert Article.objects.scheduled().exists()


def test_seed_format_is_detected_from_content(tmp_path):
    renamed = tmp_path / "no-extension"
    renamed.write_bytes(DEMO_SEED.read_bytes())
    out = io.StringIO()
    call_command("import_articles", str(renamed), verbosity=2, stdout=out)
    assert f"{renamed}: text (detected)" in out.getvalue()
    assert Article.objects.get(source_id="no-extension").word_count == 582


def test_seed_reimported_with_update_is_unchanged_not_a_conflict():
    article = import_seed()
    version = article.version
    out = io.StringIO()
    call_command("import_articles", str(DEMO_SEED), update=True, status="published", verbosity=1, stdout=out)
    assert out.getvalue().startswith("0 created, 0 updated, 1 skipped, 0 conflicts, 0 failed")
    article.refresh_from_db()
    assert article.version == version


def test_seed_dry_run_writes_nothing():
    out = io.StringIO()
    call_command("import_articles", str(DEMO_SEED), dry_run=True, verbosity=2, stdout=out)
    assert "would be created: Senate President Hun Sen" in out.getvalue()
    assert not Article.objects.exists()
