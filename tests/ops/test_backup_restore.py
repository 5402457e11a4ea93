"""`tongxin backup` and `tongxin restore`: a restore into an empty database is equal.

The source is the demo committee plus a logged-in session, committed
(``transactional_db``) so that ``tongxin`` subprocesses see it.  The backup
runs in-process on the test database; the restore runs as a subprocess into a
new, empty database (a new SQLite file, or a PostgreSQL database created for
the test) exactly as an administrator runs it.  Every table is then compared
row by row.  The audit trail is the one table that differs, by design: the
target gains exactly one event, the restore, chained to the restored trail.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sqlite3
import threading
import time
import uuid
from contextlib import closing
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client

from tests.conftest import PASSWORD, make_id_number
from tests.ops import dbcompare
from tests.ops.procs import database_url, run_tongxin, subprocess_env
from tongxin.accounts.models import User
from tongxin.audit.models import AuditEvent
from tongxin.core import backup
from tongxin.demo.builder import build_demo
from tongxin.members.models import Member
from tongxin.members.services import member_create
from tongxin.orgs.models import Organization

AUDIT = "audit_auditevent"
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def populated(transactional_db):
    """Build the demo committee and open one session; return the build summary."""
    summary = build_demo(seed=2014)
    user = User.objects.create_user("backup-user", "b@example.com", PASSWORD)
    Client().force_login(user)
    return summary


@pytest.fixture
def empty_database(tmp_path):
    """Yield the Django-style settings of a new, empty database of this vendor."""
    source = connection.settings_dict
    if connection.vendor == "sqlite":
        yield {"ENGINE": source["ENGINE"], "NAME": str(tmp_path / "restored.sqlite3")}
        return
    name = f"{source['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    params = {
        "user": source.get("USER") or None,
        "password": source.get("PASSWORD") or None,
        "host": source.get("HOST") or None,
        "port": source.get("PORT") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {**source, "NAME": name}
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _backup(path: Path) -> dict:
    out = io.StringIO()
    call_command("backup", str(path), json=True, stdout=out)
    return json.loads(out.getvalue())


def _model_tables() -> set[str]:
    """Return the tables of every model whose app has migrations."""
    migrated = MigrationLoader(connection).migrated_apps
    return {
        m._meta.db_table
        for m in apps.get_models(include_auto_created=True)
        if m._meta.app_label in migrated
    }


def test_it_restores_into_an_empty_database_equal_table_by_table(
    populated, empty_database, tmp_path, capsys
):
    """Every table of the restored database equals the backed-up one, row by row."""
    source = dbcompare.database_rows(connection.settings_dict)
    source_sequences = dbcompare.sequences(connection.settings_dict)
    # The comparison covers every model: history, auth, sessions, audit.
    assert _model_tables() <= set(source)
    for table in (
        "members_member",
        "members_historicalmember",
        "members_membership",
        "orgs_organization",
        "accounts_user",
        "django_session",
        AUDIT,
    ):
        assert source[table], f"{table} is empty: the comparison would prove nothing"

    path = tmp_path / "tongxin.backup"
    started = time.perf_counter()
    result = _backup(path)
    backup_seconds = time.perf_counter() - started
    manifest = result["manifest"]
    assert manifest["tables"] == {
        t: len(rows) for t, rows in source.items() if t != "sqlite_sequence"
    }
    assert Path(result["manifest_path"]) == backup.manifest_path(path)
    assert manifest["format"] == (
        "sqlite" if connection.vendor == "sqlite" else "postgresql-custom"
    )
    assert ["members", "0001_initial"] in manifest["migrations"]
    assert manifest["product_version"]
    assert dt.datetime.fromisoformat(manifest["created_at"])
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == "backup"
    assert event.detail["path"] == str(path)
    assert event.detail["sha256"] == manifest["sha256"]

    env = subprocess_env(tmp_path / "var", database_url(empty_database))
    started = time.perf_counter()
    done = run_tongxin(["restore", str(path), "--json"], env)
    restore_seconds = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["replaced_data"] is False
    assert report["pending_migrations"] == []

    target = dbcompare.database_rows(empty_database)
    assert set(target) == set(source)
    for table, rows in source.items():
        if table in (AUDIT, "sqlite_sequence"):
            continue
        assert target[table] == rows, f"{table} differs after the restore"
    # The audit trail: the backed-up rows, then exactly one restore event.
    assert target[AUDIT][:-1] == source[AUDIT]
    assert len(target[AUDIT]) == len(source[AUDIT]) + 1
    with closing(dbcompare.connect(empty_database)) as conn:
        last = conn.execute(
            f"SELECT action, prev_hash FROM {AUDIT} ORDER BY id DESC LIMIT 1"
        ).fetchone()
        restored_head = conn.execute(
            f"SELECT hash FROM {AUDIT} ORDER BY id DESC LIMIT 1 OFFSET 1"
        ).fetchone()
    assert last[0] == "restore"
    assert last[1] == restored_head[0]
    verified = run_tongxin(["audit-verify"], env)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    # Sequences (PostgreSQL) and AUTOINCREMENT counters (SQLite) came back too;
    # only the audit counter moved on, by the restore event.
    target_sequences = dbcompare.sequences(empty_database)
    moved = {k for k in source_sequences if source_sequences[k] != target_sequences[k]}
    assert moved <= {AUDIT, f"{AUDIT}_id_seq"}
    with capsys.disabled():
        print(
            f"\n[backup/restore {connection.vendor}] {len(source)} tables, "
            f"{sum(len(r) for r in source.values())} rows compared; "
            f"backup {backup_seconds:.2f} s ({manifest['size'] / 1e6:.1f} MB), "
            f"restore {restore_seconds:.2f} s (subprocess)"
        )

    # Restoring again over the now non-empty database needs --yes.
    refused = run_tongxin(["restore", str(path)], env)
    assert refused.returncode != 0
    assert "--yes" in refused.stderr
    assert dbcompare.database_rows(empty_database) == target
    again = run_tongxin(["restore", str(path), "--yes"], env)
    assert again.returncode == 0, again.stderr
    assert "已从" in again.stdout
    final = dbcompare.database_rows(empty_database)
    assert final["members_historicalmember"] == source["members_historicalmember"]
    assert final[AUDIT][:-1] == source[AUDIT]


def _writer(stop: threading.Event, org: Organization, root, made: list) -> None:
    """Register members until ``stop``; each is one transaction of four rows."""
    try:
        n = 0
        while not stop.is_set():
            n += 1
            birth = dt.date(1980, 1, 1) + dt.timedelta(days=n // 400)
            member_create(
                by=root,
                organization=org,
                name="备份期间",
                id_number=make_id_number(birth, n % 2 == 0, seq=n % 400),
                joined_on=dt.date(2020, 1, 1),
            )
            made.append(n)
    finally:
        connection.close()


def test_it_backs_up_a_consistent_snapshot_while_members_are_written(
    org, root, tmp_path
):
    """Backups taken during writes hold whole transactions only.

    Every ``member_create`` writes a member, a membership period and a history
    row in one transaction: in each backup the three counts move together.
    """
    stop = threading.Event()
    made: list[int] = []
    thread = threading.Thread(target=_writer, args=(stop, org.edu1, root, made))
    thread.start()
    manifests = []
    try:
        while len(made) < 5:
            time.sleep(0.05)
        for i in range(3):
            manifests.append(_backup(tmp_path / f"during-{i}.backup")["manifest"])
            time.sleep(0.1)
    finally:
        stop.set()
        thread.join()
    counts = [m["tables"] for m in manifests]
    for tables in counts:
        members = tables["members_member"]
        assert tables["members_membership"] == members
        assert tables["members_historicalmember"] == members
    # The writer kept writing while the backups were taken.
    assert counts[-1]["members_member"] > counts[0]["members_member"]
    assert Member.objects.count() >= counts[-1]["members_member"]


def _fake_backup(path: Path, fmt: str, *, migrations=None) -> Path:
    """Write a backup file of format ``fmt`` with a matching manifest."""
    if fmt == "sqlite":
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE t (a)")
        db.close()
    else:
        path.write_bytes(b"PGDMP\x01\x0f\x00" + b"\x00" * 64)
    manifest = backup.Manifest(
        format=fmt,
        created_at="2026-01-01T00:00:00+00:00",
        product_version="9.9.9",
        database="x",
        migrations=migrations or [],
        tables={"t": 0},
        sha256=backup._sha256(path),
        size=path.stat().st_size,
    )
    backup.manifest_path(path).write_text(json.dumps(manifest.as_dict()))
    return path


def _restore_refused(path: Path, *args: str) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(path), *args)
    return str(refused.value)


def test_it_refuses_a_backup_of_the_other_engine(org, tmp_path):
    """A PostgreSQL dump is not restored into SQLite, nor the reverse."""
    other = "postgresql-custom" if connection.vendor == "sqlite" else "sqlite"
    path = _fake_backup(tmp_path / "other.backup", other)
    before = Organization.objects.count()
    message = _restore_refused(path, "--yes")
    assert "不能恢复到" in message
    assert ("PostgreSQL 数据库的备份" in message) == (connection.vendor == "sqlite")
    assert Organization.objects.count() == before


def test_it_refuses_a_backup_with_a_newer_schema(org, tmp_path):
    """Migrations this program does not have mean a newer schema: refused."""
    path = tmp_path / "newer.backup"
    manifest = _backup(path)["manifest"]
    manifest["migrations"].append(["members", "9999_from_the_future"])
    backup.manifest_path(path).write_text(json.dumps(manifest))
    message = _restore_refused(path, "--yes")
    assert "比当前程序新" in message
    assert "members.9999_from_the_future" in message
    assert Organization.objects.count() == 5


def test_it_refuses_to_overwrite_data_without_yes(org, tmp_path):
    """Destructive by default is refused: the database keeps its data."""
    path = tmp_path / "db.backup"
    _backup(path)
    Organization.objects.filter(code="D1").update(name="改过的名字")
    message = _restore_refused(path)
    assert "--yes" in message
    assert Organization.objects.get(code="D1").name == "改过的名字"


def test_it_refuses_a_damaged_backup_or_a_missing_manifest(org, tmp_path):
    path = tmp_path / "db.backup"
    _backup(path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    assert "已损坏" in _restore_refused(path, "--yes")
    backup.manifest_path(path).unlink()
    assert "找不到备份说明文件" in _restore_refused(path, "--yes")
    assert "不存在" in _restore_refused(tmp_path / "missing.backup", "--yes")


def test_it_never_overwrites_an_existing_file(org, tmp_path):
    path = tmp_path / "db.backup"
    path.write_bytes(b"keep me")
    with pytest.raises(CommandError, match="已存在"):
        call_command("backup", str(path))
    assert path.read_bytes() == b"keep me"
    assert not backup.manifest_path(path).exists()
    assert not AuditEvent.objects.filter(action="backup").exists()


def test_it_prints_a_summary_without_json(org, tmp_path):
    out = io.StringIO()
    call_command("backup", str(tmp_path / "x.backup"), stdout=out)
    assert "已备份到" in out.getvalue()
    assert "张表" in out.getvalue()


def test_it_restores_with_yes_over_data_and_drops_tables_the_backup_lacks(
    org, tmp_path
):
    """--yes replaces the data; a table created after the backup is gone after it."""
    path = tmp_path / "db.backup"
    _backup(path)
    Organization.objects.filter(code="D1").update(name="备份之后改的")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE ops_after_backup (id integer PRIMARY KEY)")
        cursor.execute("INSERT INTO ops_after_backup VALUES (1)")
    out = io.StringIO()
    call_command("restore", str(path), yes=True, json=True, stdout=out)
    result = json.loads(out.getvalue())
    assert result["replaced_data"] is True
    with connection.cursor() as cursor:
        assert "ops_after_backup" not in connection.introspection.table_names(cursor)
    assert result["dropped_tables"] == (
        [] if connection.vendor == "sqlite" else ["ops_after_backup"]
    )
    assert Organization.objects.get(code="D1").name == "市直属第一支部"
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == "restore"
    assert event.detail["replaced_data"] is True
    assert event.detail["replaced_audit_head"]["id"] > 0


def test_it_changes_nothing_when_a_restore_fails(org, tmp_path):
    """A table referencing restored tables blocks pg_restore: all or nothing."""
    path = tmp_path / "db.backup"
    _backup(path)
    Organization.objects.filter(code="D1").update(name="备份之后改的")
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE ops_dependent (id integer PRIMARY KEY, "
            "org_id bigint REFERENCES orgs_organization (id))"
        )
    if connection.vendor == "sqlite":
        # The online backup API replaces the whole file: nothing can block it.
        call_command("restore", str(path), yes=True, stdout=io.StringIO())
        assert Organization.objects.get(code="D1").name == "市直属第一支部"
        return
    try:
        message = _restore_refused(path, "--yes")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE ops_dependent")
    assert "pg_restore" in message
    assert "ops_dependent" in message
    assert Organization.objects.get(code="D1").name == "备份之后改的"
    assert not AuditEvent.objects.filter(action="restore").exists()
