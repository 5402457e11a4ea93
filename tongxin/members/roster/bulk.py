"""Multi-row inserts and updates for the roster importer, with history rows.

Django's ``bulk_create`` prepares every value of every object through the
SQL compiler; for a roster of 100,000 members, their history rows and their
membership periods that was most of the import's time.  These helpers send
``executemany`` statements (SQLite) or ``COPY`` (PostgreSQL) built from the
models' own metadata instead: column names from ``_meta``, values prepared by
the fields themselves where a database needs it (dates and times), defaults
from the fields.  The history
rows are what django-simple-history's ``bulk_history_create`` writes: every
tracked field plus date, user, change reason and type.

Primary keys of new rows are allocated before the insert (PostgreSQL:
``nextval`` of the table's sequence; SQLite: above the table's highest id and
AUTOINCREMENT counter, which is safe because the caller's ``BEGIN IMMEDIATE``
transaction holds the database's write lock).  Everything here must run
inside ``transaction.atomic``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from functools import partial

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper

from tongxin.core.crypto import Ciphertext

__all__ = [
    "allocate_ids",
    "history_rows",
    "insert_rows",
    "model_defaults",
    "update_rows",
]

BATCH_SIZE = 2000

#: Field types whose Python values the database drivers take as they are.
_PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
)


def _connection() -> BaseDatabaseWrapper:
    """Return the default connection itself, not the ``django.db.connection`` proxy.

    Every attribute read through the proxy looks the connection up again in
    asgiref's context-local storage; per value of a 100,000-row import that
    was a tenth of the import's time.
    """
    return connections[DEFAULT_DB_ALIAS]


def _require_transaction() -> BaseDatabaseWrapper:
    connection = _connection()
    if not connection.in_atomic_block:
        raise RuntimeError("roster bulk writes must run inside transaction.atomic")
    return connection


def _converter(field: models.Field, connection: BaseDatabaseWrapper) -> Callable | None:
    """Return how to prepare the field's values for the database, or ``None``.

    Dates and times are prepared once per distinct value: a roster repeats
    dates, and every row of an import shares the same timestamps.  Other
    values (encrypted ones above all) are prepared one by one.
    """
    if isinstance(field, _PLAIN):
        return None
    prepare = partial(field.get_db_prep_save, connection=connection)
    if getattr(field, "encrypted", False):
        # A token encrypted already (Ciphertext, a str) is stored as it is,
        # which is what the field's own preparation ends with for it.
        def encrypted(value):
            if isinstance(value, Ciphertext):
                return str(value)
            return prepare(value)

        return encrypted
    if not isinstance(field, models.DateField):
        return prepare
    cache: dict = {}

    def convert(value):
        try:
            return cache[value]
        except KeyError:
            prepared = cache[value] = prepare(value)
            return prepared

    return convert


def _chunks(items: Sequence, size: int) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def model_defaults(model: type[models.Model]) -> dict[str, object]:
    """Return each concrete field's default value by attribute name."""
    return {f.attname: f.get_default() for f in model._meta.concrete_fields}


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """Reserve ``count`` new primary keys of ``model``'s table."""
    connection = _require_transaction()
    if count == 0:
        return []
    table = model._meta.db_table
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) "
                "FROM generate_series(1, %s)",
                [table, pk, count],
            )
            return [row[0] for row in cursor.fetchall()]
        if connection.vendor == "sqlite":
            qn = connection.ops.quote_name
            cursor.execute(f"SELECT MAX({qn(pk)}) FROM {qn(table)}")
            highest = cursor.fetchone()[0] or 0
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            start = max(highest, row[0] if row else 0) + 1
            return list(range(start, start + count))
    raise NotImplementedError(connection.vendor)


def insert_rows(
    model: type[models.Model],
    rows: Sequence[dict],
    *,
    skip: Iterable[str] = (),
    history: dict | None = None,
) -> None:
    """Insert ``rows`` (dicts by attribute name) into ``model``'s table.

    Columns in ``skip`` are left to the database (an auto-increment key).
    Missing values take the field's default.  With ``history`` (the keyword
    arguments of :func:`history_rows` but ``rows``), the history rows of the
    new rows are written too, from the same prepared values: every tracked
    field is prepared once for both tables.
    """
    connection = _require_transaction()
    if not rows:
        return
    skipped = set(skip)
    fields = [f for f in model._meta.concrete_fields if f.attname not in skipped]
    values = _prepared(model, fields, rows, connection)
    _insert(connection, model, fields, values)
    if history is not None:
        history_fields, history_values = _history_values(
            model, fields, values, connection, **history
        )
        _insert(connection, model.history.model, history_fields, history_values)


def _prepared(
    model: type[models.Model],
    fields: Sequence[models.Field],
    rows: Iterable[dict],
    connection,
) -> list[list]:
    """Return each row's values in the order of ``fields``, ready for the driver."""
    defaults = model_defaults(model)
    converters = [_converter(f, connection) for f in fields]
    plain = [(f.attname, defaults[f.attname]) for f in fields]
    prepared = [(i, c) for i, c in enumerate(converters) if c is not None]

    def values_of(row: dict) -> list:
        get = row.get
        values = [get(name, default) for name, default in plain]
        for i, convert in prepared:
            if values[i] is not None:
                values[i] = convert(values[i])
        return values

    return [values_of(row) for row in rows]


def _history_values(
    model: type[models.Model],
    fields: Sequence[models.Field],
    values: Sequence[list],
    connection,
    *,
    history_type: str,
    user_id: int | None,
    reason: str,
    at: dt.datetime,
) -> tuple[list[models.Field], list[list]]:
    """Return the history rows simple_history would record, from prepared values.

    A tracked field's history column holds what the model's column holds, so
    the prepared value is taken over; the history's own columns are prepared
    once for all rows.
    """
    history_model = model.history.model
    tracked = {f.attname for f in history_model.tracked_fields}
    position = {f.attname: i for i, f in enumerate(fields)}
    extra = {
        "history_date": at,
        "history_type": history_type,
        "history_user_id": user_id,
        "history_change_reason": reason,
    }
    history_fields = [
        f for f in history_model._meta.concrete_fields if f.attname != "history_id"
    ]
    taken: list[int] = []
    constants: list[object] = []
    for field in history_fields:
        name = field.attname
        if name in tracked and name not in extra:
            taken.append(position[name])
            continue
        value = extra[name] if name in extra else field.get_default()
        convert = _converter(field, connection)
        taken.append(-1 - len(constants))
        constants.append(convert(value) if convert and value is not None else value)
    if taken == list(range(len(taken))):
        rows = [list(row) for row in values]
    else:
        rows = [
            [row[i] if i >= 0 else constants[-1 - i] for i in taken] for row in values
        ]
    return history_fields, rows


def _insert(
    connection, model: type[models.Model], fields: Sequence[models.Field], values
) -> None:
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    names = ", ".join(qn(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: one stream instead of a parsed statement per row.
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
            return
        sql = (
            f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"
        )
        for chunk in _chunks(values, BATCH_SIZE):
            cursor.executemany(sql, chunk)


def update_rows(
    model: type[models.Model], instances: Sequence[models.Model], fields: Sequence[str]
) -> None:
    """Write ``fields`` of each instance to its row (one statement per row, batched)."""
    connection = _require_transaction()
    if not instances:
        return
    meta = model._meta
    targets = [meta.get_field(name) for name in fields]
    converters = [_converter(f, connection) for f in targets]
    qn = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        qn(meta.db_table),
        ", ".join(f"{qn(f.column)} = %s" for f in targets),
        qn(meta.pk.column),
    )
    with connection.cursor() as cursor:
        for chunk in _chunks(instances, BATCH_SIZE):
            params = []
            for instance in chunk:
                values = []
                for field, convert in zip(targets, converters, strict=True):
                    value = getattr(instance, field.attname)
                    values.append(
                        convert(value) if convert and value is not None else value
                    )
                values.append(instance.pk)
                params.append(values)
            cursor.executemany(sql, params)


def history_rows(
    model: type[models.Model],
    rows: Iterable[dict],
    *,
    history_type: str,
    user_id: int | None,
    reason: str,
    at: dt.datetime,
) -> list[dict]:
    """Return the history rows simple_history would record for ``rows``."""
    tracked = [f.attname for f in model.history.model.tracked_fields]
    defaults = model_defaults(model)
    extra = {
        "history_date": at,
        "history_type": history_type,
        "history_user_id": user_id,
        "history_change_reason": reason,
    }
    return [
        {**{name: row.get(name, defaults[name]) for name in tracked}, **extra}
        for row in rows
    ]
