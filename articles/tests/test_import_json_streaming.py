"""Plain JSON and ninjs documents are read item by item, not whole."""

import io
import json

import pytest

from articles.importers.base import MalformedFile
from articles.importers.jsonstream import json_items
from articles.models import Article
from articles.tests.import_helpers import run_import

pytestmark = pytest.mark.django_db


class CountingStream(io.BytesIO):
    """Remembers how far it has been read."""

    furthest = 0

    def read(self, size=-1):
        data = super().read(size)
        self.furthest = max(self.furthest, self.tell())
        return data


def test_a_large_array_yields_its_first_story_after_reading_only_the_start():
    story = {"headline": "Story", "body_text": "x" * 1000, "tags": ["a", "b"]}
    data = ("[" + ",".join(json.dumps(dict(story, id=n)) for n in range(20_000)) + "]").encode()
    stream = CountingStream(data)
    items = json_items(stream, "big.json", ("items",))
    assert next(items)["id"] == 0
    assert stream.furthest < len(data) / 50  # about 20 MB of JSON; well under half a megabyte read
    assert sum(1 for _ in items) == 19_999


@pytest.mark.parametrize("document, expected", [
    (b'\xef\xbb\xbf[{"id": 1}, {"id": 2}]', [{"id": 1}, {"id": 2}]),
    (b'{"meta": {"count": [2]}, "items": [{"id": 1, "tags": ["x"]}, {"id": 2}], "next": null}',
     [{"id": 1, "tags": ["x"]}, {"id": 2}]),
    (b'{"id": 1, "tags": ["x", "y"], "lead_image": {"url": "u"}}', [{"id": 1, "tags": ["x", "y"],
                                                                    "lead_image": {"url": "u"}}]),
    (b'{"id": 1}\r\n{"id": 2}\r\n\r\n', [{"id": 1}, {"id": 2}]),
])
def test_shapes_of_json_documents(document, expected):
    assert list(json_items(io.BytesIO(document), "f", ("items",))) == expected


@pytest.mark.parametrize("document, message", [
    (b'[{"id": 1},\n {"id" 2}]', "f: line 2, column 8: broken JSON: Expecting ':' delimiter"),
    (b'{"id": 1}\n{"id": 2}\n{"id": 3,\n', "f: line 4, column 1: broken JSON: Expecting property name"),
    (b'[{"id": "\xff"}]', "f: not valid UTF-8 (byte 10)"),
    (b"   ", "f: the file is empty, not JSON"),
])
def test_broken_json_is_located(document, message):
    with pytest.raises(MalformedFile) as caught:
        list(json_items(io.BytesIO(document), "f", ("items",)))
    assert str(caught.value).startswith(message)


def test_a_broken_json_array_saves_nothing_even_after_good_items(tmp_path):
    path = tmp_path / "stories.json"
    path.write_text('[{"id": "a", "headline": "Fine", "body_text": "x"},\n{"id": "b", "headline": ', "utf-8")
    code, out, err = run_import(path)
    assert code == 1 and "line 2, column" in err and "broken JSON" in err
    assert not Article.objects.exists()


def test_ninjs_lines_and_lists_are_numbered_by_item(tmp_path):
    path = tmp_path / "wire.ninjs"
    items = [{"uri": f"urn:x:{n}", "type": "text", "headline": f"Story {n}", "body_text": "Text."} for n in (1, 2)]
    path.write_text("\n".join(json.dumps(item) for item in items) + "\n" + '{"uri": "urn:x:3", "type": "text"}\n')
    code, out, err = run_import(path, format="ninjs")
    assert code == 1 and "2 created" in out
    assert f"failed: {path} item 3: " in err
