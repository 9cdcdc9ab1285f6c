"""Hostile and malformed input: refused with a precise message, nothing saved, nothing fetched."""

import http.server
import threading
import time
import tracemalloc

import pytest

from articles.importers import PARSERS, detect_format
from articles.importers.base import MalformedFile
from articles.importers.run import SNIFF_BYTES
from articles.importers.safexml import PROLOG_LIMIT
from articles.models import Article, Author, Image, Section
from articles.tests.import_helpers import FIXTURES, run_import

pytestmark = pytest.mark.django_db

HOSTILE = FIXTURES / "hostile"
MALFORMED = FIXTURES / "malformed"


def nothing_saved():
    return not Article.objects.exists() and not Section.objects.exists() and not Author.objects.exists() \
        and not Image.objects.exists()


@pytest.mark.parametrize("name, fmt", [
    ("billion-laughs.xml", "auto"), ("billion-laughs.xml", "wxr"), ("billion-laughs.xml", "rss"),
    ("xxe-local-file.xml", "auto"), ("xxe-local-file.xml", "newsml"),
    ("xxe-url.xml", "auto"), ("xxe-url.xml", "nitf"), ("xxe-url.xml", "atom"),
])
def test_entity_declarations_are_refused_quickly_with_bounded_memory(name, fmt):
    code, out, err = run_import(HOSTILE / name, format=fmt, status="published")
    assert code == 1
    assert f"failed: {HOSTILE / name}: refused: the document declares XML entities" in err
    assert "0 created" in out and "1 failed" in out
    assert nothing_saved()
    assert "root:" not in err  # nothing from /etc/passwd leaked into a message
    elapsed, peak = measure_refusal(HOSTILE / name, fmt, "declares XML entities")
    assert elapsed < 1 and peak < 4 * 1024 * 1024  # the issue: refused within a second, with bounded memory


def measure_refusal(path, fmt, reason):
    """Seconds and peak traced bytes the parser spends refusing ``path`` (not the command's start-up)."""
    with path.open("rb") as stream:
        fmt = detect_format(stream.read(SNIFF_BYTES), str(path)) if fmt == "auto" else fmt
        stream.seek(0)
        tracemalloc.start()
        started = time.perf_counter()
        with pytest.raises(MalformedFile, match=reason):
            for _ in PARSERS[fmt](stream, origin=str(path)):
                pass
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return elapsed, peak


@pytest.mark.parametrize("fmt", ["wxr", "rss", "newsml", "nitf"])
def test_entities_hidden_behind_a_huge_prolog_are_refused_reading_only_its_start(tmp_path, fmt):
    path = tmp_path / "padded.xml"
    with path.open("wb") as out:
        out.write(b'<?xml version="1.0"?>\n')
        for _ in range(32):  # 32 MB of comment before the entity declarations
            out.write(b"<!--" + b"x" * (1024 * 1024 - 7) + b"-->")
        out.write((HOSTILE / "billion-laughs.xml").read_bytes().split(b"?>", 1)[1])
    elapsed, peak = measure_refusal(path, fmt, "refused: no root element")
    assert elapsed < 1 and peak < 2 * PROLOG_LIMIT + 4 * 1024 * 1024


class CountingHandler(http.server.BaseHTTPRequestHandler):
    hits = []

    def do_GET(self):  # noqa: N802
        CountingHandler.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'<!ENTITY leak "fetched">')

    def log_message(self, *args):
        pass


@pytest.fixture
def dtd_server():
    server = http.server.HTTPServer(("127.0.0.1", 0), CountingHandler)
    CountingHandler.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_a_nitf_doctype_naming_its_dtd_is_accepted_and_never_fetched(dtd_server, tmp_path):
    document = (FIXTURES / "nitf-3.6.xml").read_text("utf-8").replace(
        "http://www.iptc.org/std/NITF/3.6/specification/dtd/nitf-3-6.dtd", f"{dtd_server}/nitf-3-6.dtd")
    path = tmp_path / "wire.xml"
    path.write_text(document, "utf-8")
    code, _, err = run_import(path)
    assert code == 0, err
    assert Article.objects.get(source_id="MW-20240610-0042").headline.startswith("Cambodia, Thailand")
    assert CountingHandler.hits == []


def test_an_external_entity_pointing_at_our_server_is_refused_and_never_fetched(dtd_server, tmp_path):
    path = tmp_path / "evil.xml"
    path.write_text(f'<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY x SYSTEM "{dtd_server}/x">]>'
                    "<nitf><body><body.head><hedline><hl1>&x;</hl1></hedline></body.head></body></nitf>", "utf-8")
    code, _, err = run_import(path)
    assert code == 1 and "refused" in err
    assert CountingHandler.hits == [] and nothing_saved()


@pytest.mark.parametrize("name, fmt, message", [
    ("truncated-wxr.xml", "auto", "line 63: not well-formed XML: CData section not finished"),
    ("truncated-nitf.xml", "nitf", "line 29: the XML ends too early (truncated file?)"),
    ("wrong-encoding.xml", "auto", "line 3: the bytes do not match the declared encoding"),
    ("invalid-utf8.txt", "text", "line 3: not valid UTF-8 (byte 35 of the file)"),
    ("broken-line-7.jsonl", "auto", "line 7, column 91: broken JSON: Expecting ':' delimiter"),
    ("missing-column.csv", "auto", "line 3: 3 cells but the header has 4 columns"),
])
def test_malformed_files_fail_precisely_and_save_nothing(name, fmt, message):
    """With --strict, a broken line refuses a whole JSON Lines or CSV file too (see test_import_lines.py)."""
    code, out, err = run_import(MALFORMED / name, format=fmt, status="published", strict=True)
    assert code == 1
    assert f"failed: {MALFORMED / name}: {message}" in err
    assert "0 created" in out and "1 failed" in out
    assert nothing_saved()


def test_a_truncated_wxr_saves_not_even_the_complete_posts_before_the_break():
    code, _, _ = run_import(MALFORMED / "truncated-wxr.xml", format="wxr")
    assert code == 1 and nothing_saved()


def test_a_broken_file_does_not_stop_the_others():
    code, out, err = run_import(MALFORMED / "broken-line-7.jsonl", FIXTURES / "stories.json", strict=True)
    assert code == 1
    assert "2 created" in out and "1 failed" in out
    assert set(Article.objects.values_list("source_id", flat=True)) == {"fx-001", "fx-002"}


def test_a_bad_item_fails_alone_with_its_line(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"id": "a", "headline": "Good", "body_text": "Fine."}\n'
                    '{"id": "b", "headline": "", "body_text": "No headline."}\n'
                    '{"id": "c", "headline": "Bad date", "body_text": "x", "published_at": "next Tuesday-ish"}\n'
                    '[1, 2]\n', "utf-8")
    code, out, err = run_import(path)
    assert code == 1
    assert "1 created" in out and "3 failed" in out
    assert f"failed: {path}:2: the story has no headline" in err
    assert f"failed: {path}:3: 'next Tuesday-ish' is not a date" in err
    assert f"failed: {path}:4: expected a story object, found list" in err
    assert list(Article.objects.values_list("source_id", flat=True)) == ["a"]


def test_html_from_every_source_is_sanitised():
    run_import(FIXTURES / "feed.rss", FIXTURES / "newsml-item.xml", FIXTURES / "stories.jsonl")
    for body in Article.objects.values_list("body", flat=True):
        assert "<script" not in body and "<iframe" not in body and "onclick" not in body


def test_missing_path_is_a_usage_error():
    code, _, err = run_import("/nonexistent/file.xml")
    assert code == 2 and "no such file or directory" in err


def test_a_prolog_padded_past_the_check_window_is_refused(tmp_path):
    path = tmp_path / "padded.xml"
    padding = "<!-- " + "x" * (1024 * 1024) + " -->"
    path.write_text(f'<?xml version="1.0"?>{padding}<!DOCTYPE nitf [<!ENTITY a "b">]><nitf/>', "utf-8")
    code, _, err = run_import(path, format="nitf")
    assert code == 1 and "refused: no root element in the first" in err
    assert nothing_saved()


def test_a_csv_without_a_headline_column_is_refused(tmp_path):
    path = tmp_path / "no-headline.csv"
    path.write_text("id,title_text,body_text\n1,Hello,World\n", "utf-8")
    code, _, err = run_import(path)
    assert code == 1
    assert "line 1: the header needs a 'headline' column" in err and "it has: id, title_text, body_text" in err
    assert nothing_saved()


def test_a_streamed_wxr_in_the_wrong_encoding_is_refused_whole(tmp_path):
    good = (FIXTURES / "wordpress-1.2.xml").read_bytes()
    path = tmp_path / "latin1.xml"
    path.write_bytes(good.replace(b"Draft: budget leaks", "Draft: caf\u00e9 budget".encode("latin-1")))
    code, _, err = run_import(path)
    assert code == 1 and "the bytes do not match the declared encoding" in err
    assert nothing_saved()


@pytest.mark.parametrize("argv, message", [
    (["import_articles", "/nonexistent/file.xml"], "/nonexistent/file.xml: no such file or directory"),
    (["import_articles", "--format", "docx", "x"], "invalid choice: 'docx'"),
    (["import_articles", "--published-at", "soon", "-"], "--published-at: 'soon' is not an ISO date"),
    (["export_articles", "--output", "/nonexistent/dir/out.jsonl"], "--output: the folder /nonexistent/dir"),
])
def test_usage_errors_exit_2_from_the_command_line(argv, message):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings_test"}
    done = subprocess.run([sys.executable, "manage.py", *argv], cwd=root, env=env, capture_output=True, text=True,
                          input="", timeout=60)
    assert done.returncode == 2, done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr
