"""Line-oriented files fail by line; the operator's output is the same for dry and real runs."""

import io

import pytest

from articles.importers.run import ImportRun, inputs_from
from articles.models import Article
from articles.tests.import_helpers import run_import

pytestmark = pytest.mark.django_db

GOOD = '{"id": "%s", "headline": "Story %s", "body_text": "Text %s."}'


def jsonl_with_a_broken_line(tmp_path):
    path = tmp_path / "wire.jsonl"
    lines = [GOOD % (n, n, n) for n in (1, 2)] + ['{"id": "3", "headline" "Broken"}'] + [GOOD % (4, 4, 4)]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_a_broken_json_line_fails_alone_and_the_exit_status_names_it(tmp_path):
    path = jsonl_with_a_broken_line(tmp_path)
    code, out, err = run_import(path)
    assert code == 1
    assert out.startswith("3 created, 0 updated, 0 skipped, 0 conflicts, 1 failed")
    assert f"failed: {path}: line 3, column 24: broken JSON" in err
    assert sorted(Article.objects.values_list("source_id", flat=True)) == ["1", "2", "4"]


def test_strict_refuses_the_whole_file(tmp_path):
    code, out, err = run_import(jsonl_with_a_broken_line(tmp_path), strict=True)
    assert code == 1 and "line 3, column 24" in err
    assert not Article.objects.exists()


def test_a_csv_row_with_the_wrong_cells_fails_alone(tmp_path):
    path = tmp_path / "stories.csv"
    path.write_text('id,headline,body\n1,One,"Text one."\n2,Two\n3,Three,"Text three."\n', "utf-8")
    code, out, err = run_import(path)
    assert code == 1
    assert f"failed: {path}: line 3: 2 cells but the header has 3 columns" in err
    assert sorted(Article.objects.values_list("source_id", flat=True)) == ["1", "3"]


def test_dry_run_and_real_run_print_the_same_at_default_verbosity(tmp_path):
    path = jsonl_with_a_broken_line(tmp_path)
    dry_code, dry_out, dry_err = run_import(path, dry_run=True)
    assert not Article.objects.exists()
    code, out, err = run_import(path)
    assert (dry_code, dry_err) == (code, err)
    assert dry_out == "dry run, nothing written: " + out
    assert "Story 1" not in out


def test_verbosity_two_lists_every_story(tmp_path):
    _, out, _ = run_import(jsonl_with_a_broken_line(tmp_path), verbosity=2)
    assert "created: Story 1" in out and "created: Story 4" in out


class Progress:
    def __init__(self):
        self.done = 0

    def update(self, n):
        self.done += n


def test_progress_counts_the_bytes_of_the_file(tmp_path):
    path = jsonl_with_a_broken_line(tmp_path)
    progress = Progress()
    ImportRun(progress=progress).run(inputs_from([str(path)]))
    assert progress.done == path.stat().st_size


def test_progress_works_for_standard_input():
    progress = Progress()
    data = (GOOD % (9, 9, 9)).encode()
    ImportRun(progress=progress).run(inputs_from(["-"], stdin=io.BytesIO(data)))
    assert progress.done == len(data)


def test_a_json_lines_file_is_checked_whole_but_its_stories_are_made_once(tmp_path, monkeypatch):
    from articles.importers import jsonl

    made = []
    real = jsonl.record_from_mapping
    monkeypatch.setattr(jsonl, "record_from_mapping", lambda item, **kw: made.append(item["id"]) or real(item, **kw))
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join(GOOD % (n, n, n) for n in (1, 2, 3)) + "\n\n", "utf-8")
    assert run_import(path)[0] == 0
    assert made == ["1", "2", "3"] and Article.objects.count() == 3
    deep = tmp_path / "deep.jsonl"  # a line past the limits, after good ones: nothing from the file is saved
    deep.write_text(GOOD % (4, 4, 4) + "\n" + '{"id": "5", "x": ' + "[" * 40 + "]" * 40 + "}\n", "utf-8")
    code, out, err = run_import(deep)
    assert code == 1 and "deep.jsonl: line 2" in err and not Article.objects.filter(source_id="4").exists()
