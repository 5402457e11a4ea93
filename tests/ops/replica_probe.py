"""Run in a subprocess by test_replica_router: two SQLite files, default and replica.

The environment names the primary (``DATABASE_URL``) and the replica
(``TONGXIN_REPLICA_DATABASE_URL``).  The probe migrates the content types
table on the primary only, copies the primary's file to the replica's (a
replica is a copy of its primary), writes one more row on the primary -- the
replica has not caught up with it -- and prints, as JSON, which database
each read and write went to and what it saw.
"""

from __future__ import annotations

import json
import os
import shutil
import sys

import django

os.environ["DJANGO_SETTINGS_MODULE"] = "tongxin.settings"
django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from tongxin.core.routers import reading_from_replica  # noqa: E402


def tables(alias: str) -> list[str]:
    return sorted(connections[alias].introspection.table_names())


def main() -> None:
    out: dict = {"aliases": sorted(connections.settings)}
    call_command("migrate", "contenttypes", verbosity=0)
    call_command("migrate", "contenttypes", database="replica", verbosity=0)
    out["replica_tables_after_migrate"] = tables("replica")
    out["default_has_table"] = "django_content_type" in tables("default")
    ContentType.objects.create(app_label="probe", model="before")
    connections.close_all()
    shutil.copyfile(
        connections.settings["default"]["NAME"], connections.settings["replica"]["NAME"]
    )
    ContentType.objects.create(app_label="probe", model="after")

    def seen() -> list[str]:
        return sorted(
            ContentType.objects.filter(app_label="probe").values_list(
                "model", flat=True
            )
        )

    def where(fn) -> tuple[object, dict[str, int]]:
        with (
            CaptureQueriesContext(connections["default"]) as d,
            CaptureQueriesContext(connections["replica"]) as r,
        ):
            value = fn()
        return value, {"default": len(d), "replica": len(r)}

    out["outside"] = where(seen)
    with reading_from_replica():
        out["inside"] = where(seen)
        out["write_inside"] = where(
            lambda: (
                ContentType.objects.create(app_label="probe", model="written").pk
                is not None
            )
        )

        def in_transaction():
            with transaction.atomic():
                return seen()

        out["inside_atomic"] = where(in_transaction)
        with reading_from_replica():
            pass
        out["after_nested"] = where(seen)
    out["after"] = where(seen)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
