"""Django's ``flush``, which on SQLite must lift the audit triggers to empty the table.

``flush`` wipes every table (it is how test runs reset the database); on
PostgreSQL it uses TRUNCATE, which the row triggers do not see, while on
SQLite it uses DELETE, which they refuse.  Wiping the whole database is no
different from deleting its file, so the triggers are lifted for the flush
and put back right after it.
"""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from tongxin.audit import triggers


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        triggers.drop(connection)
        try:
            return super().handle(**options)
        finally:
            triggers.create(connection)
