"""Reader queries compiled once per process and run with each request's values.

Building a QuerySet and compiling it to SQL costs Django about a millisecond for the story page's
query, five times what PostgreSQL takes to answer it (``bench/RESULTS.md``). A ``CompiledQuery``
builds its QuerySet once per thread and database, from the same code a plain read uses (so from
``published()``, the one definition of live), with sample values standing in for the request's; it
keeps the SQL and the positions of those values among its parameters, and each run swaps in the
request's values and makes model instances from the rows as Django's ``ModelIterable`` does
(``select_related`` objects, annotations and database converters included, the converters looked up
once).
"""

import threading
from dataclasses import dataclass

import psycopg
from django.db import connections, router
from django.db.models.query import get_related_populators


def _cursor(connection):
    """A cursor for a compiled query. On PostgreSQL with prepared statements on (the connection has a
    ``prepare_threshold``), one that binds on the server, so psycopg prepares the query after a few
    runs; Django's own cursors bind on the client and are never prepared."""
    connection.close_if_health_check_failed()  # what connection.cursor() does first
    connection.ensure_connection()
    raw = connection.connection
    if connection.vendor != "postgresql" or getattr(raw, "prepare_threshold", None) is None:
        return connection.cursor()
    with connection.wrap_database_errors:
        # Django's own wrapping of a new cursor (query logging, error translation, thread checks); a
        # private method, unchanged since Django 2.0, pinned by the Django 5.2 requirement.
        return connection._prepare_cursor(psycopg.Cursor(raw))


@dataclass(frozen=True)
class Slot:
    """A request value: its place in the parameters is found by its sample, prepared as ``field`` is."""

    field: object
    sample: object


@dataclass(frozen=True)
class _Compiled:
    compiler: object
    sql: str
    params: tuple
    slots: tuple  # (parameter position, value name, index in a list value or None)
    converters: dict
    init_list: tuple = ()  # the rest: for a query of model instances
    model_range: tuple = ()
    populators: tuple = ()


class CompiledQuery:
    """``build(**values)`` returns the QuerySet; ``slots`` name each value's ``Slot`` (a list of
    samples for a list value, whose length then fixes the length of every run's list). A run returns
    model instances, or rows for a ``values_list`` QuerySet."""

    def __init__(self, build, **slots):
        self.build = build
        self.slots = slots
        self.model = None
        self._local = threading.local()

    def __call__(self, **values):
        alias = router.db_for_read(self._model())
        compiled = self._compiled(alias)
        connection = connections[alias]
        params = list(compiled.params)
        for position, name, index in compiled.slots:
            value = values[name] if index is None else values[name][index]
            params[position] = self._prepared(name, index, value, connection)
        with _cursor(connection) as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiled.converters:
            rows = compiled.compiler.apply_converters(rows, compiled.converters)
        if not compiled.init_list:
            return [tuple(row) for row in rows]
        return list(self._instances(compiled, rows, alias))

    def _model(self):
        if self.model is None:
            self.model = self.build(**self._samples()).model
        return self.model

    def _samples(self):
        return {name: [s.sample for s in slot] if isinstance(slot, list) else slot.sample
                for name, slot in self.slots.items()}

    def _prepared(self, name, index, value, connection):
        slot = self.slots[name] if index is None else self.slots[name][index]
        return slot.field.get_db_prep_value(value, connection, prepared=False)

    def _compiled(self, alias):
        cache = self._local.__dict__.setdefault("compiled", {})
        if alias not in cache:
            cache[alias] = self._compile(alias)
        return cache[alias]

    def _compile(self, alias):
        connection = connections[alias]
        queryset = self.build(**self._samples())
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        found = []
        for name, slot in self.slots.items():
            for index, one in enumerate(slot) if isinstance(slot, list) else [(None, slot)]:
                sample = self._prepared(name, index, one.sample, connection)
                positions = [i for i, param in enumerate(params) if param == sample]
                if not positions:
                    raise ValueError(f"{name}'s sample {one.sample!r} is not among the query's parameters")
                found += [(position, name, index) for position in positions]
        select, klass_info = compiler.select, compiler.klass_info
        compiled = {
            "compiler": compiler, "params": tuple(params), "slots": tuple(found),
            "sql": sql,
            "converters": compiler.get_converters([column[0] for column in select[:compiler.col_count]]),
        }
        if not queryset.query.values_select:  # model instances, not values_list rows
            fields = klass_info["select_fields"]
            start, end = fields[0], fields[-1] + 1
            compiled.update(
                init_list=tuple(column[0].target.attname for column in select[start:end]), model_range=(start, end),
                populators=tuple(get_related_populators(klass_info, select, alias)),
            )
        return _Compiled(**compiled)

    def _instances(self, compiled, rows, alias):
        compiler = compiled.compiler
        model = compiler.klass_info["model"]
        start, end = compiled.model_range
        annotations = compiler.annotation_col_map
        for row in rows:
            obj = model.from_db(alias, compiled.init_list, row[start:end])
            for populator in compiled.populators:
                populator.populate(row, obj)
            for name, position in annotations.items():
                setattr(obj, name, row[position])
            yield obj
