"""Hostile import files: every format bounds nesting, size, item count, string length and YAML
aliases; each refusal names the file and line, saves nothing from that file, lets the other files
import, and keeps memory bounded (peak RSS of a subprocess)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from articles.importers import limits
from articles.models import Article
from articles.tests.import_helpers import run_import

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]
GOOD = {"headline": "A good story", "body_text": "It imports.", "id": "good-1"}

DEEP = 100_000
HOSTILE = {
    "deep.json": (b"[" * DEEP + b"]" * DEEP, "line 1: nested more than 32 levels deep"),
    "deep-in-field.json": (b'{"headline": "x", "body_text": ' + b"[" * DEEP + b"]" * DEEP + b"}",
                           "line 1: nested more than 32 levels deep"),
    "deep.jsonl": (json.dumps(GOOD).encode() + b"\n" + b'{"a": ' + b"[" * DEEP + b"\n",
                   "line 2: nested more than 32 levels deep"),
    "aliases.md": (b"---\ntitle: T\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                   b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                   b"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n---\nbody\n",
                   "line 5: more than 16 YAML aliases"),
    "deep-yaml.md": (b"---\ntitle: " + b"[" * 5000 + b"\n---\nbody\n", "line 2: front matter nested more than 32"),
    "deep-toml.md": (b"+++\ntitle = " + b"[" * DEEP + b"\n+++\nbody\n", "line 2: nested more than 32 levels deep"),
    "deep-json-front.md": (b'{"title": ' + b"[" * DEEP + b"\n}\nbody\n", "line 1: nested more than 32 levels deep"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_is_refused_with_file_and_line_and_the_others_import(tmp_path, name):
    data, reason = HOSTILE[name]
    hostile = tmp_path / name
    hostile.write_bytes(data)
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(GOOD) + "\n")
    code, out, err = run_import(hostile, good)
    assert code == 1
    assert f"{hostile}: {reason}" in err
    assert "1 created" in out
    assert list(Article.objects.values_list("headline", flat=True)) == ["A good story"]


def test_long_csv_cell_is_refused_with_its_line(tmp_path, settings, monkeypatch):
    monkeypatch.setattr(limits, "MAX_STRING_CHARS", 1000)
    from articles.importers import csv as csv_format

    monkeypatch.setattr(csv_format, "FIELD_LIMIT", 1000)
    path = tmp_path / "long.csv"
    path.write_text("headline,body_text\nShort,fine\nLong," + "y" * 2000 + "\n")
    code, out, err = run_import(path)
    assert code == 1 and f"{path}: line 3: broken CSV: field larger than field limit" in err
    assert not Article.objects.exists()


def test_long_json_string_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_STRING_CHARS", 1000)
    path = tmp_path / "long.json"
    path.write_text(json.dumps([GOOD, {"headline": "Long", "body_text": "y" * 2000}]))
    code, out, err = run_import(path)
    assert code == 1 and "a text of 2,000 characters; at most 1,000" in err
    assert not Article.objects.exists()


def test_too_many_items_refuse_the_file_before_saving_any(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ITEMS", 3)
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({**GOOD, "id": str(n)}) + "\n" for n in range(5)))
    code, out, err = run_import(path)
    assert code == 1 and "more than 3 stories in one file; split it" in err
    assert not Article.objects.exists()


def test_overlong_jsonl_line_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_RECORD_BYTES", 500)
    path = tmp_path / "long.jsonl"
    path.write_text(json.dumps(GOOD) + "\n" + json.dumps({**GOOD, "body_text": "z" * 1000}) + "\n")
    code, out, err = run_import(path)
    assert code == 1 and "line 2: a line over" in err


@pytest.mark.parametrize("fmt_name", ["story.md", "feed.xml"])
def test_whole_read_formats_have_a_size_cap(tmp_path, monkeypatch, fmt_name):
    monkeypatch.setattr(limits, "MAX_DOCUMENT_BYTES", 1024 * 1024)
    path = tmp_path / fmt_name
    filler = b"x" * (2 * 1024 * 1024)
    path.write_bytes(b"---\ntitle: T\n---\n" + filler if fmt_name.endswith(".md")
                     else b"<rss version='2.0'><channel><title>" + filler + b"</title></channel></rss>")
    code, out, err = run_import(path)
    assert code == 1 and "at most 1 MB can be imported in this format" in err


def test_xml_nesting_is_bounded_by_the_parser(tmp_path):
    path = tmp_path / "deep.xml"
    path.write_bytes(b"<nitf><body>" + b"<p>" * 100_000 + b"</body></nitf>")
    code, out, err = run_import(path, format="nitf")
    assert code == 1 and str(path) in err and "Traceback" not in err


PEAK_RSS = """
import io, resource, sys
import django
django.setup()
from django.core.management import CommandError, call_command
try:
    call_command("import_articles", *sys.argv[1:], verbosity=0, stdout=io.StringIO(), stderr=io.StringIO())
except (SystemExit, CommandError):
    pass
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def peak_rss_mb(tmp_path, *paths):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings_test", "VAR_DIR": str(tmp_path / "var"),
           "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    setup = subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=300, check=False)
    assert setup.returncode == 0, setup.stderr
    result = subprocess.run([sys.executable, "-c", PEAK_RSS, *map(str, paths)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    return int(result.stdout.strip().splitlines()[-1])


@pytest.mark.django_db(transaction=False)
def test_peak_memory_of_hostile_imports_stays_near_an_empty_run(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text(json.dumps(GOOD) + "\n")
    baseline = peak_rss_mb(tmp_path, empty)
    hostile = []
    for name, (data, _) in HOSTILE.items():
        path = tmp_path / name
        path.write_bytes(data)
        hostile.append(path)
    peak = peak_rss_mb(tmp_path, *hostile, empty)
    assert peak < baseline + 64, f"peak {peak} MB against {baseline} MB for one good story"
