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

from operator import attrgetter

from django.db import connections, router
from django.db.models import Field, JSONField


def insert_rows(model, objs, *, ids=True):
    """Insert the unsaved instances ``objs`` of ``model``; returns them with their ids set.

    With ``ids=False`` the database numbers the rows itself, the instances are not told their ids
    and nothing is returned: for rows nothing reads back (a batch's tag links, credits, revisions
    and audit entries). ``objs`` is then read as the rows are sent, so a generator's Python work
    (building each instance) overlaps PostgreSQL's work on the rows already sent.
    """
    alias = router.db_for_write(model)
    connection = connections[alias]
    if ids:
        objs = list(objs)
    if not uses_copy(connection) or (ids and not objs):
        saved = model.objects.using(alias).bulk_create(objs)
        return saved if ids else None
    meta = model._meta
    if meta.pk.attname != "id" or not meta.pk.db_returning:
        raise TypeError(f"{meta.label}: COPY needs an id taken from a sequence")
    columns, row = row_maker([field for field in meta.concrete_fields if ids or field is not meta.pk], connection)
    with connection.cursor() as cursor, connection.wrap_database_errors:  # psycopg's errors as Django's
        if ids:
            for obj, pk in zip([obj for obj in objs if obj.pk is None], new_ids(cursor, meta.db_table, objs)):
                obj.pk = pk
        names = ", ".join(connection.ops.quote_name(field.column) for field in columns)
        with cursor.cursor.copy(f"COPY {connection.ops.quote_name(meta.db_table)} ({names}) FROM STDIN") as copy:
            for obj in objs:
                copy.write_row(row(obj))
    if not ids:
        return None
    for obj in objs:
        obj._state.adding, obj._state.db = False, alias
    return objs


def row_maker(fields, connection):
    """``(columns, row)``: the fields in the order COPY takes them, and a function from an instance
    to their values as ``bulk_create`` would write them.

    Most fields store the attribute as it is, read all at once by an ``attrgetter``; the few with a
    ``pre_save`` of their own (``auto_now`` times) or a JSON value to encode go through the field.
    """
    special = [field for field in fields if type(field).pre_save is not Field.pre_save or isinstance(field, JSONField)]
    plain = [field for field in fields if field not in special]
    read = attrgetter(*(field.attname for field in plain))

    def value(field, obj):
        value = field.pre_save(obj, True)
        return field.get_db_prep_save(value, connection) if isinstance(field, JSONField) else value

    def row(obj):
        values = read(obj)
        return [*(values if len(plain) > 1 else [values]), *(value(field, obj) for field in special)]

    return plain + special, row


def uses_copy(connection):
    return connection.vendor == "postgresql"


def new_ids(cursor, table, objs):
    """Ids from ``table``'s sequence for the instances of ``objs`` that have none yet, in order."""
    wanted = sum(1 for obj in objs if obj.pk is None)
    if not wanted:
        return []
    cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, wanted])
    return sorted(row[0] for row in cursor.fetchall())
