"""The GIN index behind full-text search. PostgreSQL only: SQLite searches the plain text."""

from django.db import migrations

INDEX = "articles_search_vector_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_articlesearchdocument USING gin (vector)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_reader_redirects_search_notices")]

    operations = [migrations.RunPython(create_index, drop_index)]
