"""Database expressions the activity statistics group by."""

from __future__ import annotations

from django.db.models import Func, IntegerField


class Year(Func):
    """The year of a date column, as an integer, in each database's fast form.

    Django's ``ExtractYear`` runs a Python function per row on SQLite (320 ms
    against 56 ms over 5M rows); the first four characters of the ISO date it
    stores are the year.  PostgreSQL extracts it natively.
    """

    arity = 1
    output_field = IntegerField()
    template = "EXTRACT(YEAR FROM %(expressions)s)"

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(SUBSTR(%(expressions)s, 1, 4) AS INTEGER)",
            **extra_context,
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="EXTRACT(YEAR FROM %(expressions)s)::integer",
            **extra_context,
        )
