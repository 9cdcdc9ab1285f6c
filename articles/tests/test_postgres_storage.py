"""How PostgreSQL stores the story page's markup (migration 0023): LZ4 where the server has it."""

import pytest
from django.db import connection

from articles.tests.factories import ArticleFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's column compression"),
    pytest.mark.django_db,
]


def lz4_built_in():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
        return bool(cursor.fetchone()[0])


def test_story_markup_columns_are_compressed_with_lz4():
    if not lz4_built_in():
        pytest.skip("this PostgreSQL was built without LZ4")
    story = ArticleFactory(published=True, body="<p>" + "The river rose again overnight. " * 200 + "</p>")
    with connection.cursor() as cursor:
        cursor.execute("SELECT attname, attcompression FROM pg_attribute"
                       " WHERE attrelid = 'articles_storyparts'::regclass"
                       " AND attname IN ('head', 'top', 'bottom', 'authors', 'cards')")
        assert dict(cursor.fetchall()) == dict.fromkeys(["head", "top", "bottom", "authors", "cards"], "l")
        cursor.execute("SELECT pg_column_compression(body) FROM articles_article WHERE id = %s", [story.pk])
        assert cursor.fetchone()[0] == "lz4"
