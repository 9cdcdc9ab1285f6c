"""Watched-folder ingest: files move to done/ or failed/, never imported twice or half; failing sources back off."""

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from articles.importers import PARSERS
from articles.ingest import folder as folders
from articles.ingest import poll, poll_due_sources, poll_source
from articles.models import Article, IncomingStory, IngestPoll, IngestSource, Status
from articles.models.ingest import FAILING_AFTER, FORMAT_CHOICES
from articles.tests.factories import IngestSourceFactory, SectionFactory, user_in_role

pytestmark = pytest.mark.django_db


class Killed(BaseException):
    """Stands for the process being killed: nothing after it runs, the open transaction is lost."""


def after_the_lease():
    return timezone.now() + timedelta(seconds=settings.INGEST_LEASE_SECONDS + 1)


@pytest.fixture(autouse=True)
def no_settling(settings):
    settings.INGEST_SETTLE_SECONDS = 0


def wire_file(folder, name, *ids, urgency=None):
    lines = [json.dumps({"id": i, "headline": f"Wire story {i}", "body_text": f"Text of {i}.", "version": 1,
                         **({"urgency": urgency} if urgency else {})}) for i in ids]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


@pytest.fixture
def source(tmp_path):
    return IngestSourceFactory(location=str(tmp_path), section=SectionFactory(name="Wire"), tags="wire, agency",
                               credit_line="Agency")


def test_a_folder_poll_imports_each_file_once_and_files_it_away(source, tmp_path):
    wire_file(tmp_path, "a.jsonl", "a1", "a2")
    (tmp_path / "broken.xml").write_text("<nitf><body>", "utf-8")
    (tmp_path / "upload.jsonl.part").write_text("{", "utf-8")
    result = poll_source(source)
    assert (result.created, result.failed, result.error) == (2, 1, "")
    assert sorted(p.name for p in (tmp_path / "done").iterdir()) == ["a.jsonl"]
    assert sorted(p.name for p in (tmp_path / "failed").iterdir()) == ["broken.xml"]
    assert (tmp_path / "upload.jsonl.part").exists()  # still being copied in: left alone
    story = Article.objects.get(source_id="a1")
    assert story.status == Status.DRAFT and story.section.name == "Wire" and story.credit_line == "Agency"
    assert sorted(story.tags.names()) == ["agency", "wire"]
    assert IncomingStory.objects.waiting().count() == 2
    assert poll_source(source).created == 0 and Article.objects.count() == 2


def test_a_file_still_being_written_waits_until_it_settles(source, tmp_path, settings):
    settings.INGEST_SETTLE_SECONDS = 60
    wire_file(tmp_path, "fresh.jsonl", "f1")
    assert poll_source(source).created == 0 and (tmp_path / "fresh.jsonl").exists()


def test_killed_mid_file_nothing_is_half_imported_and_the_next_poll_finishes_it(source, tmp_path, monkeypatch):
    wire_file(tmp_path, "a.jsonl", "a1", "a2", "a3")
    real = poll.record_incoming

    def killed_after_saving(*args):
        assert Article.objects.count() == 3  # the stories were written in the file's transaction...
        raise Killed

    monkeypatch.setattr(poll, "record_incoming", killed_after_saving)
    with pytest.raises(Killed):
        poll_source(source)
    assert not Article.objects.exists()  # ...and rolled back with it
    assert [p.name for p in (tmp_path / "processing").iterdir()] == ["a.jsonl"]
    monkeypatch.setattr(poll, "record_incoming", real)
    assert poll_source(source) is None  # the killed poll still holds the source...
    assert poll_source(source, now=after_the_lease()).created == 3  # ...until its lease lapses
    assert Article.objects.count() == 3 and IncomingStory.objects.count() == 3
    assert [p.name for p in (tmp_path / "done").iterdir()] == ["a.jsonl"]


def test_killed_after_commit_before_the_move_the_retry_creates_nothing(source, tmp_path, monkeypatch):
    wire_file(tmp_path, "a.jsonl", "a1", "a2")
    real = folders.file_away
    monkeypatch.setattr(folders, "file_away", lambda path, failed: (_ for _ in ()).throw(Killed()))
    with pytest.raises(Killed):
        poll_source(source)
    assert Article.objects.count() == 2
    monkeypatch.setattr(folders, "file_away", real)
    again = poll_source(source, now=after_the_lease())
    assert (again.created, again.skipped) == (0, 2)
    assert Article.objects.count() == 2 and IncomingStory.objects.count() == 2
    assert [p.name for p in (tmp_path / "done").iterdir()] == ["a.jsonl"]


def test_a_second_file_with_the_same_name_does_not_overwrite_the_first_in_done(source, tmp_path):
    wire_file(tmp_path, "a.jsonl", "a1")
    poll_source(source)
    wire_file(tmp_path, "a.jsonl", "a2")
    poll_source(source)
    assert sorted(p.name for p in (tmp_path / "done").iterdir()) == ["a.2.jsonl", "a.jsonl"]


def test_a_failing_source_backs_off_warns_and_recovers(tmp_path, client):
    source = IngestSourceFactory(location=str(tmp_path / "missing"), poll_interval=60)
    gaps = []
    for _ in range(FAILING_AFTER):
        before = timezone.now()
        result = poll_source(source)
        assert "is not a folder" in result.error
        gaps.append(round((result.source.next_poll_at - before).total_seconds() / 60))
    assert gaps == [2, 4, 8]  # minutes: the interval doubled for each failure in a row
    assert list(IngestSource.objects.failing()) == [source]
    assert poll_due_sources() == []  # not due again until its back-off is over
    client.force_login(user_in_role("Editors"))
    page = client.get("/admin/").content.decode()
    assert "Ingest sources failing" in page and source.name in page
    (tmp_path / "missing").mkdir()
    IngestSource.objects.filter(pk=source.pk).update(next_poll_at=timezone.now() - timedelta(seconds=1))
    assert [p.error for p in poll_due_sources()] == [""]
    source.refresh_from_db()
    assert source.consecutive_failures == 0 and not IngestSource.objects.failing().exists()
    assert IngestPoll.objects.filter(source=source).count() == FAILING_AFTER + 1


def test_due_sources_are_polled_and_others_wait(tmp_path):
    due = IngestSourceFactory(location=str(tmp_path))
    IngestSourceFactory(location=str(tmp_path), next_poll_at=timezone.now() + timedelta(minutes=5))
    IngestSourceFactory(location=str(tmp_path), enabled=False)
    assert [p.source for p in poll_due_sources()] == [due]


def test_the_source_formats_are_the_importer_formats():
    assert {value for value, _ in FORMAT_CHOICES} == {"auto", *PARSERS}


def test_the_command_polls_due_sources_once_and_names_a_source_on_request(source, tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    wire_file(tmp_path, "a.jsonl", "a1")
    out, err = StringIO(), StringIO()
    call_command("ingest", stdout=out, stderr=err)
    assert f"{source.name}: 1 created, 0 updated, 0 skipped, 0 failed" in out.getvalue()
    wire_file(tmp_path, "b.jsonl", "b1")
    call_command("ingest", stdout=StringIO())
    assert not Article.objects.filter(source_id="b1").exists()  # not due yet
    call_command("ingest", source=[source.name], stdout=StringIO())
    assert Article.objects.filter(source_id="b1").exists()
    with pytest.raises(CommandError, match="no ingest source named Nope"):
        call_command("ingest", source=["Nope"])
