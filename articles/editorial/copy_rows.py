"""Writing many new rows at once: PostgreSQL's ``COPY … FROM STDIN``, ``bulk_create`` elsewhere.

An import batch writes thousands of rows (stories, tags, credits, revisions, audit entries).
Through ``bulk_create`` each costs Django's SQL compilation and psycopg's quoting of every
value into the statement's text; ``COPY`` streams the values as they are (psycopg formats
them in C) and PostgreSQL stores row *n* while Python formats row *n + 1*. The rows' ids are
taken from the table's sequence first, so callers can link rows before they are written,
exactly as after ``bulk_create``.

Only new rows of plain models: every concrete field is written from the instance as
``bulk_create`` would (``pre_save`` for ``auto_now`` fields and the like, JSON through the
field's own encoder); no signals are sent, as with ``bulk_create``.
"""

from django.db import connections, router
from django.db.models import JSONField


def insert_rows(model, objs):
    """Insert the unsaved instances ``objs`` of ``model``; returns them with their ids set."""
    objs = list(objs)
    alias = router.db_for_write(model)
    connection = connections[alias]
    if not objs or not uses_copy(connection):
        return model.objects.using(alias).bulk_create(objs)
    meta = model._meta
    if meta.pk.attname != "id" or not meta.pk.db_returning:
        raise TypeError(f"{meta.label}: COPY needs an id taken from a sequence")
    fields = meta.concrete_fields
    dumps = [(field, isinstance(field, JSONField)) for field in fields]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor, connection.wrap_database_errors:  # psycopg's errors as Django's
        for obj, pk in zip([obj for obj in objs if obj.pk is None], new_ids(cursor, meta.db_table, objs)):
            obj.pk = pk
        with cursor.cursor.copy(f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                copy.write_row([
                    field.get_db_prep_save(value, connection) if is_json else value
                    for field, is_json in dumps for value in [field.pre_save(obj, True)]
                ])
    for obj in objs:
        obj._state.adding, obj._state.db = False, alias
    return objs


def uses_copy(connection):
    return connection.vendor == "postgresql"


def new_ids(cursor, table, objs):
    """Ids from ``table``'s sequence for the instances of ``objs`` that have none yet, in order."""
    wanted = sum(1 for obj in objs if obj.pk is None)
    if not wanted:
        return []
    cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, wanted])
    return sorted(row[0] for row in cursor.fetchall())
