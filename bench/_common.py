"""What the benchmark scripts share: migrated templates and the summary line.

Migrating a fresh database runs every migration of every app, which takes
about a minute of CPU; ``run_all.py`` migrates one template per database
engine and hands it to each script in the environment:

* ``TONGXIN_BENCH_SQLITE_TEMPLATE``: a migrated SQLite file, copied into the
  script's throwaway ``TONGXIN_VAR_DIR``;
* ``TONGXIN_BENCH_PG_TEMPLATE``: a migrated PostgreSQL database, the
  ``TEMPLATE`` of the script's ``CREATE DATABASE``.

Scripts still run ``migrate`` afterwards (a no-op on a current template), and
without the variables they migrate from scratch as before.

Each script ends with one line ``SUMMARY {json}``: the figures ``run_all.py``
puts side by side.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

SQLITE_TEMPLATE = "TONGXIN_BENCH_SQLITE_TEMPLATE"
PG_TEMPLATE = "TONGXIN_BENCH_PG_TEMPLATE"
SUMMARY = "SUMMARY "


def seed_sqlite(var_dir: str | Path) -> None:
    """Put a copy of the migrated template (if any) where settings look for the DB."""
    template = os.environ.get(SQLITE_TEMPLATE)
    if not template:
        return
    target = Path(var_dir) / "tongxin.sqlite3"
    # The backup API copies a consistent state whatever the WAL holds.
    with sqlite3.connect(template) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def create_database_sql(name: str) -> str:
    """Return the ``CREATE DATABASE`` statement, from the template if there is one."""
    template = os.environ.get(PG_TEMPLATE)
    if template:
        return f'CREATE DATABASE "{name}" TEMPLATE "{template}"'
    return f'CREATE DATABASE "{name}"'


def print_summary(data: dict) -> None:
    print(SUMMARY + json.dumps(data, ensure_ascii=False), flush=True)


def parse_summary(output: str) -> dict | None:
    for line in reversed(output.splitlines()):
        if line.startswith(SUMMARY):
            return json.loads(line[len(SUMMARY) :])
    return None
