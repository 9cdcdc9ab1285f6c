"""The story page's markup columns compressed with LZ4 instead of PostgreSQL's default pglz.

Every uncached story page has PostgreSQL decompress the story's stored parts and the stored cards of
its related stories; LZ4 decompresses several times faster than pglz. Only the column setting changes
(no table rewrite): values written from now on are LZ4, older ones stay readable as they are until they
are written again (``render_story_parts`` rewrites every story's parts). PostgreSQL only, and only where
the server was built with LZ4 (14 and later); elsewhere nothing changes.
"""

from django.db import migrations

COLUMNS = {
    "articles_storyparts": ("head", "top", "bottom", "authors", "cards"),
    "articles_article": ("body",),
}


def lz4_available(connection):
    if connection.vendor != "postgresql" or connection.get_database_version() < (14,):
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
        row = cursor.fetchone()
    return bool(row and row[0])


def set_compression(method):
    def apply(apps, schema_editor):
        if not lz4_available(schema_editor.connection):
            return
        for table, columns in COLUMNS.items():
            changes = ", ".join(f"ALTER COLUMN {column} SET COMPRESSION {method}" for column in columns)
            schema_editor.execute(f"ALTER TABLE {table} {changes}")

    return apply


class Migration(migrations.Migration):
    dependencies = [("articles", "0022_live_index_covers_section")]

    operations = [migrations.RunPython(set_compression("lz4"), set_compression("pglz"))]
