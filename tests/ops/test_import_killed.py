"""An import killed in the middle leaves the database exactly as it was.

``tongxin import-roster BIGFILE --commit`` runs in a subprocess against the
test database (a file on SQLite) and is killed with SIGKILL at a point found
by watching the database, not by a delay:

* SQLite, ``locked``: as soon as the import holds the write lock (a second
  connection's ``BEGIN IMMEDIATE`` is refused as busy), i.e. inside its
  transaction, while it checks the rows under the lock;
* SQLite, ``writing``: once the import has appended a megabyte of uncommitted
  pages to the write-ahead log (emptied before the start) while it still holds
  the lock: rows are being written.  This run uses SQLite's default 2 MB page
  cache (``small_cache_settings``), so that pages spill into the log during the
  write phase; with the project's 64 MB they reach it only at commit;
* PostgreSQL, ``writing``: once its backend has a transaction id (it has
  written) and is running a ``COPY`` of rows;
* PostgreSQL, ``before-commit``: every row written, blocked on the audit
  trail's advisory lock, which the test holds so that the import can never
  commit before the kill.

Afterwards every table equals its state before, byte for byte (members,
memberships, history and audit counts are checked by name too), SQLite's
``integrity_check`` says ok, and the same import then runs to completion.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from contextlib import closing
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from tests.ops import dbcompare
from tests.ops.bigroster import write_roster
from tests.ops.procs import REPO, TONGXIN, database_url, subprocess_env
from tongxin.audit.models import AuditEvent
from tongxin.audit.services import ADVISORY_LOCK_KEY
from tongxin.members.models import Member, Membership

ROWS = 8000
POLL = 0.005
TIMEOUT = 300

pytestmark = pytest.mark.django_db(transaction=True)


def _counts() -> dict[str, int]:
    return {
        "members": Member.objects.count(),
        "memberships": Membership.objects.count(),
        "history": Member.history.count(),
        "audit": AuditEvent.objects.count(),
    }


def _start_import(roster: Path, settings_module: str = "") -> subprocess.Popen:
    extra = {"DJANGO_SETTINGS_MODULE": settings_module} if settings_module else {}
    env = subprocess_env(
        Path(os.environ.get("TONGXIN_VAR_DIR", REPO / "var")),
        database_url(connection.settings_dict),
        **extra,
    )
    return subprocess.Popen(
        [TONGXIN, "import-roster", str(roster), "--commit"],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(process: subprocess.Popen, ready, what: str) -> None:
    """Poll ``ready()`` until true; fail if the import ends first."""
    deadline = time.monotonic() + TIMEOUT
    while not ready():
        if process.poll() is not None:
            out, err = process.communicate()
            pytest.fail(f"the import ended before {what}: {out}{err}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(POLL)


def _kill(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL


def _sqlite_locked(path: str) -> bool:
    """Return True if another connection holds the database's write lock."""
    probe = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as e:
        assert "locked" in str(e) or "busy" in str(e), e
        return True
    finally:
        if probe.in_transaction:
            probe.execute("ROLLBACK")
        probe.close()
    return False


def _wal_size(path: str) -> int:
    try:
        return Path(path + "-wal").stat().st_size
    except FileNotFoundError:
        return 0


def _empty_wal(path: str) -> None:
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        busy, _log, _done = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    assert busy == 0
    assert _wal_size(path) == 0


def _kill_sqlite(process: subprocess.Popen, point: str) -> None:
    path = str(connection.settings_dict["NAME"])
    _wait_for(process, lambda: _sqlite_locked(path), "it held the write lock")
    if point == "writing":
        # Nobody else can write while the import holds the lock: what the
        # emptied WAL now holds is the import's own uncommitted pages.
        _wait_for(
            process, lambda: _wal_size(path) >= 1 << 20, "it spilled pages to the WAL"
        )
        assert _sqlite_locked(path)
    _kill(process)


def _pg_admin() -> psycopg.Connection:
    s = connection.settings_dict
    return psycopg.connect(
        dbname=s["NAME"],
        user=s.get("USER") or None,
        password=s.get("PASSWORD") or None,
        host=s.get("HOST") or None,
        port=s.get("PORT") or None,
        autocommit=True,
    )


def _pg_import_backend(admin: psycopg.Connection, condition: str) -> int | None:
    row = admin.execute(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
        f"AND pid <> pg_backend_pid() AND {condition}"
    ).fetchone()
    return row[0] if row else None


def _kill_postgresql(process: subprocess.Popen, point: str) -> None:
    with closing(_pg_admin()) as admin:
        # Holding the audit chain's lock keeps the import from committing.
        admin.execute("SELECT pg_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
        try:
            condition = {
                "writing": "backend_xid IS NOT NULL AND query ILIKE 'COPY %'",
                "before-commit": "wait_event_type = 'Lock' AND wait_event = 'advisory'",
            }[point]
            found: list[int] = []

            def ready() -> bool:
                pid = _pg_import_backend(admin, condition)
                if pid:
                    found.append(pid)
                return bool(pid)

            _wait_for(process, ready, f"its backend matched {condition!r}")
            _kill(process)
        finally:
            admin.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK_KEY])
        # The orphaned backend aborts its transaction once it notices the
        # client is gone; wait for it to leave.
        deadline = time.monotonic() + 60
        while admin.execute(
            "SELECT 1 FROM pg_stat_activity WHERE pid = %s", [found[0]]
        ).fetchone():
            assert time.monotonic() < deadline, "the killed import's backend stayed"
            time.sleep(0.05)


POINTS = {"sqlite": ("locked", "writing"), "postgresql": ("writing", "before-commit")}
VENDOR = (
    "sqlite"
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
    else "postgresql"
)


@pytest.mark.parametrize("point", POINTS[VENDOR])
def test_it_leaves_the_database_as_before_when_killed(org, tmp_path, point, capsys):
    """SIGKILL inside the import's transaction changes nothing and corrupts nothing."""
    roster = write_roster(tmp_path / "big.csv", ROWS, organization=org.edu1.name)
    counts = _counts()
    before = dbcompare.database_rows(connection.settings_dict)
    connection.close()

    started = time.perf_counter()
    if connection.vendor == "sqlite":
        _empty_wal(str(connection.settings_dict["NAME"]))
        process = _start_import(
            roster, "tests.ops.small_cache_settings" if point == "writing" else ""
        )
        _kill_sqlite(process, point)
        at_kill = f"WAL {_wal_size(str(connection.settings_dict['NAME'])):,} bytes"
    else:
        process = _start_import(roster)
        _kill_postgresql(process, point)
        at_kill = "backend gone"
    killed_after = time.perf_counter() - started

    assert _counts() == counts
    assert dbcompare.database_rows(connection.settings_dict) == before
    if connection.vendor == "sqlite":
        with closing(sqlite3.connect(str(connection.settings_dict["NAME"]))) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with capsys.disabled():
        print(
            f"\n[import killed {connection.vendor} {point}] SIGKILL after "
            f"{killed_after:.1f} s ({at_kill}); {len(before)} tables equal, "
            f"counts {counts}"
        )
    if point == POINTS[VENDOR][-1]:
        # The database is usable: the same import now runs to the end.
        process = _start_import(roster)
        out, err = process.communicate(timeout=TIMEOUT)
        assert process.returncode == 0, out + err
        after = _counts()
        assert after["members"] == counts["members"] + ROWS
        assert after["memberships"] == counts["memberships"] + ROWS
        assert after["history"] == counts["history"] + ROWS
        assert after["audit"] > counts["audit"]
