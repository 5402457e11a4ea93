"""Back up and restore the whole database, on SQLite and on PostgreSQL.

A backup is one file plus a small manifest beside it (``PATH.json``):

* SQLite: a copy of the live database made with SQLite's online backup API
  (:meth:`sqlite3.Connection.backup`).  The copy is taken inside one read
  transaction, so it is consistent while the server keeps writing (WAL lets
  writers go on during the copy).  The copy is switched to the rollback
  journal so that it is a single self-contained file.
* PostgreSQL: ``pg_dump --format=custom``.  The row counts of the manifest are
  read in a ``REPEATABLE READ`` transaction whose snapshot is handed to
  ``pg_dump --snapshot``, so the manifest describes exactly what was dumped.

The manifest records the format, the applied Django migrations, the rows of
every table, when the backup was made, the product version and the file's
SHA-256.  A restore refuses a backup of the other engine, a damaged file and a
backup whose schema is newer than the installed program; it refuses to
overwrite a database holding data unless the caller confirmed it.  After
restoring it checks the row count of every table against the manifest.

Connection parameters for ``pg_dump``/``pg_restore`` come from
``settings.DATABASES``; the password travels in ``PGPASSWORD``, never on the
command line.  Both operations append an event to the audit trail.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import time
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from django.core.cache import cache
from django.db import connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.errors import ServiceError

__all__ = [
    "BOOKKEEPING_TABLES",
    "BackupError",
    "BackupResult",
    "Manifest",
    "RestoreResult",
    "backup_database",
    "database_holds_data",
    "manifest_path",
    "read_manifest",
    "restore_database",
]

FORMAT_SQLITE = "sqlite"
FORMAT_POSTGRESQL = "postgresql-custom"
MANIFEST_VERSION = 1
SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
#: Tables every migrated database has rows in; rows there are not "data".
BOOKKEEPING_TABLES = frozenset(
    {
        "django_migrations",
        "django_content_type",
        "auth_permission",
        "sqlite_sequence",
        # Workflow definitions are seeded by migrations (and again after a
        # flush): a freshly migrated database holds them and no data.
        "workflows_workflow",
        "workflows_state",
        "workflows_transition",
        "workflows_historicalworkflow",
        "workflows_historicalstate",
        "workflows_historicaltransition",
        # So are the appraisal's default point and score rules.
        "appraisal_pointrule",
        "appraisal_historicalpointrule",
    }
)
#: libpq environment variables for the ``OPTIONS`` of a PostgreSQL database.
_PG_OPTION_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "service": "PGSERVICE",
    "passfile": "PGPASSFILE",
}
_ENGINE_NAMES = {FORMAT_SQLITE: "SQLite", FORMAT_POSTGRESQL: "PostgreSQL"}


class BackupError(ServiceError):
    """A backup or restore that cannot be carried out; the message says why."""


@dataclass
class Manifest:
    """What a backup holds; stored as JSON beside the backup file."""

    format: str
    created_at: str
    product_version: str
    database: str
    migrations: list[list[str]]
    tables: dict[str, int]
    sha256: str = ""
    size: int = 0
    manifest_version: int = MANIFEST_VERSION

    @property
    def rows(self) -> int:
        return sum(self.tables.values())

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class BackupResult:
    path: Path
    manifest_path: Path
    manifest: Manifest
    seconds: float

    def as_dict(self) -> dict:
        return {
            "path": str(self.path),
            "manifest_path": str(self.manifest_path),
            "seconds": round(self.seconds, 3),
            "manifest": self.manifest.as_dict(),
        }


@dataclass
class RestoreResult:
    path: Path
    manifest: Manifest
    seconds: float
    replaced_data: bool
    #: Tables the database had that the backup did not; dropped (PostgreSQL).
    dropped_tables: list[str] = field(default_factory=list)
    #: Migrations of the program that the backup predates: run ``migrate``.
    pending_migrations: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "path": str(self.path),
            "seconds": round(self.seconds, 3),
            "replaced_data": self.replaced_data,
            "dropped_tables": self.dropped_tables,
            "pending_migrations": self.pending_migrations,
            "manifest": self.manifest.as_dict(),
        }


def manifest_path(path: Path) -> Path:
    """Return where the manifest of the backup at ``path`` lives."""
    return path.with_name(path.name + ".json")


def read_manifest(path: Path) -> Manifest:
    """Return the manifest of the backup at ``path``; raise BackupError if unusable."""
    sidecar = manifest_path(path)
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
        known = Manifest.__dataclass_fields__
        manifest = Manifest(**{k: v for k, v in data.items() if k in known})
    except FileNotFoundError:
        raise BackupError(
            _("找不到备份说明文件 %s：无法确认备份的来源、格式和数据库结构，不能恢复。")
            % sidecar
        ) from None
    except (ValueError, TypeError):
        raise BackupError(_("备份说明文件 %s 已损坏，不能恢复。") % sidecar) from None
    if manifest.format not in _ENGINE_NAMES:
        raise BackupError(
            _("备份说明文件 %(file)s 中的格式“%(format)s”无法识别。")
            % {"file": sidecar, "format": manifest.format}
        )
    return manifest


def backup_database(path: Path | str, *, using: str = "default") -> BackupResult:
    """Write a consistent backup of the database to ``path`` and its manifest.

    ``path`` must not exist yet: a backup never overwrites a file.  The files
    are written under temporary names and renamed when complete, so an
    interrupted backup never leaves a file that looks like a backup.
    """
    started = time.perf_counter()
    path = Path(path).expanduser().absolute()
    sidecar = manifest_path(path)
    for target in (path, sidecar):
        if target.exists():
            raise BackupError(
                _("文件 %s 已存在：备份不会覆盖已有文件，请换一个文件名。") % target
            )
    if not path.parent.is_dir():
        raise BackupError(_("目录 %s 不存在，请先创建。") % path.parent)
    vendor = connections[using].vendor
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        if vendor == "sqlite":
            manifest = _sqlite_backup(partial, using=using)
        elif vendor == "postgresql":
            manifest = _postgresql_backup(partial, using=using)
        else:
            raise BackupError(_("不支持备份 %s 数据库。") % vendor)
        manifest.size = partial.stat().st_size
        manifest.sha256 = _sha256(partial)
        sidecar_partial = sidecar.with_name(sidecar.name + ".partial")
        sidecar_partial.write_text(
            json.dumps(manifest.as_dict(), ensure_ascii=False, indent=2),
            encoding="utf-8",
        )
        partial.replace(path)
        sidecar_partial.replace(sidecar)
    finally:
        partial.unlink(missing_ok=True)
        sidecar.with_name(sidecar.name + ".partial").unlink(missing_ok=True)
    _audit(
        "backup",
        manifest,
        {"path": str(path), "size": manifest.size, "sha256": manifest.sha256},
        using=using,
    )
    return BackupResult(
        path=path,
        manifest_path=sidecar,
        manifest=manifest,
        seconds=time.perf_counter() - started,
    )


def restore_database(
    path: Path | str, *, confirmed: bool = False, using: str = "default"
) -> RestoreResult:
    """Replace the database's contents with the backup at ``path``.

    Refuse a backup of the other engine, a damaged backup, one whose schema is
    newer than this program, and (unless ``confirmed``) a database that holds
    data.  Raise BackupError with the reason.
    """
    started = time.perf_counter()
    path = Path(path).expanduser().absolute()
    if not path.is_file():
        raise BackupError(_("备份文件 %s 不存在。") % path)
    manifest = read_manifest(path)
    vendor = connections[using].vendor
    wanted = {"sqlite": FORMAT_SQLITE, "postgresql": FORMAT_POSTGRESQL}.get(vendor)
    found = _file_format(path)
    if found is None or found != manifest.format:
        raise BackupError(
            _("%s 不是有效的备份文件（文件内容与说明文件中的格式不符）。") % path
        )
    if found != wanted:
        raise BackupError(
            _(
                "这是 %(backup)s 数据库的备份，不能恢复到 %(target)s 数据库：请在使用 %(backup)s 的安装中恢复。"
            )
            % {
                "backup": _ENGINE_NAMES[found],
                "target": _ENGINE_NAMES.get(wanted, vendor),
            }
        )
    if _sha256(path) != manifest.sha256:
        raise BackupError(
            _("备份文件 %s 已损坏或被改动（校验和与说明文件不符），不能恢复。") % path
        )
    unknown, pending = _compare_migrations(manifest.migrations)
    if unknown:
        raise BackupError(
            _(
                "备份的数据库结构比当前程序新（含有本程序没有的迁移：%(names)s），请先把程序升级到 %(version)s 或更高版本再恢复。"
            )
            % {
                "names": "、".join(unknown[:5]) + ("……" if len(unknown) > 5 else ""),
                "version": manifest.product_version,
            }
        )
    replaced = database_holds_data(using=using)
    if replaced and not confirmed:
        raise BackupError(
            _(
                "当前数据库中已有数据，恢复会用备份覆盖全部现有数据且无法撤销。确认要覆盖，请加 --yes 重新运行。"
            )
        )
    head = _audit_head(using=using)
    connections[using].close()
    dropped: list[str] = []
    if vendor == "sqlite":
        _sqlite_restore(path, using=using)
    else:
        dropped = _postgresql_restore(path, manifest, using=using)
    _verify_counts(manifest, using=using)
    # Sessions, users, grants and menus cached from the replaced rows go too.
    cache.clear()
    detail = {
        "path": str(path),
        "sha256": manifest.sha256,
        "backup_created_at": manifest.created_at,
        "replaced_data": replaced,
    }
    if head is not None:
        # The trail is replaced by the backup's: name the head it replaced.
        detail["replaced_audit_head"] = head
    _audit("restore", manifest, detail, using=using)
    return RestoreResult(
        path=path,
        manifest=manifest,
        seconds=time.perf_counter() - started,
        replaced_data=replaced,
        dropped_tables=dropped,
        pending_migrations=pending,
    )


def database_holds_data(*, using: str = "default") -> bool:
    """Return True if any table except Django's bookkeeping has a row."""
    connection = connections[using]
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in BOOKKEEPING_TABLES:
                continue
            cursor.execute(f"SELECT 1 FROM {qn(table)} LIMIT 1")
            if cursor.fetchone() is not None:
                return True
    return False


# -- SQLite -------------------------------------------------------------------


def _sqlite_file(using: str) -> Path:
    name = str(connections[using].settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise BackupError(_("内存数据库不能备份或恢复。"))
    return Path(name)


def _sqlite_connect(path: Path, *, using: str) -> sqlite3.Connection:
    """Open ``path`` with the busy timeout the project's connections use."""
    options = connections[using].settings_dict.get("OPTIONS", {})
    timeout = float(options.get("timeout", 20))
    return sqlite3.connect(str(path), timeout=timeout, isolation_level=None)


def _sqlite_backup(target: Path, *, using: str) -> Manifest:
    source_path = _sqlite_file(using)
    if not source_path.is_file():
        raise BackupError(_("数据库文件 %s 不存在。") % source_path)
    source = _sqlite_connect(source_path, using=using)
    copy = sqlite3.connect(str(target), isolation_level=None)
    try:
        # pages=-1 copies everything in one step, inside one read transaction.
        source.backup(copy, pages=-1)
        copy.execute("PRAGMA journal_mode=DELETE")
        manifest = _sqlite_manifest(copy, database=source_path.name)
    finally:
        copy.close()
        source.close()
    return manifest


def _sqlite_manifest(db: sqlite3.Connection, *, database: str) -> Manifest:
    tables = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    counts = {
        t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables
    }
    migrations = []
    if "django_migrations" in counts:
        migrations = [
            [app, name]
            for app, name in db.execute(
                "SELECT app, name FROM django_migrations ORDER BY app, name"
            )
        ]
    return _new_manifest(FORMAT_SQLITE, database, migrations, counts)


def _sqlite_restore(path: Path, *, using: str) -> None:
    target_path = _sqlite_file(using)
    source = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        check = source.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise BackupError(
                _("备份文件 %(file)s 已损坏：%(check)s")
                % {"file": path, "check": check}
            )
        target = _sqlite_connect(target_path, using=using)
        try:
            source.backup(target, pages=-1)
            # The copy carries the backup's journal mode; the project runs WAL.
            target.execute("PRAGMA journal_mode=WAL")
            check = target.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise BackupError(_("恢复后的数据库检查未通过：%s") % check)
        finally:
            target.close()
    finally:
        source.close()


# -- PostgreSQL ---------------------------------------------------------------


def _pg_program(name: str) -> str:
    directory = os.environ.get("TONGXIN_PG_BIN_DIR", "")
    program = str(Path(directory) / name) if directory else shutil.which(name)
    if not program or not Path(program).exists():
        raise BackupError(
            _(
                "找不到 %(name)s：请安装与数据库服务器同版本的 PostgreSQL 客户端（Debian：apt install postgresql-client），或用 TONGXIN_PG_BIN_DIR 指定其目录。"
            )
            % {"name": name}
        )
    return program


def _pg_env(using: str) -> dict[str, str]:
    """Return the environment that points libpq at the configured database."""
    params = connections[using].settings_dict
    env = dict(os.environ)
    for key in ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE"):
        env.pop(key, None)
    for key, var in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if params.get(key):
            env[var] = str(params[key])
    for option, var in _PG_OPTION_ENV.items():
        value = params.get("OPTIONS", {}).get(option)
        if value:
            env[var] = str(value)
    return env


def _pg_conninfo(using: str) -> str:
    """Return a conninfo naming only the database (the rest is in the env)."""
    from psycopg.conninfo import make_conninfo

    return make_conninfo(dbname=connections[using].settings_dict["NAME"])


def _run(argv: list[str], *, env: dict[str, str], what: str) -> None:
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        message = (done.stderr or done.stdout).strip()[-2000:]
        raise BackupError(
            _("%(what)s失败（退出码 %(code)d）：%(message)s")
            % {"what": what, "code": done.returncode, "message": message}
        )


def _postgresql_backup(target: Path, *, using: str) -> Manifest:
    program = _pg_program("pg_dump")
    wrapper = connections.create_connection(using)
    try:
        with wrapper.cursor() as cursor:
            raw = cursor.cursor
            raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            try:
                raw.execute("SELECT pg_export_snapshot()")
                snapshot = raw.fetchone()[0]
                manifest = _pg_manifest(wrapper, cursor)
                _run(
                    [
                        program,
                        "--format=custom",
                        f"--snapshot={snapshot}",
                        "--file",
                        str(target),
                        _pg_conninfo(using),
                    ],
                    env=_pg_env(using),
                    what=_("pg_dump 备份"),
                )
            finally:
                raw.execute("COMMIT")
    finally:
        wrapper.close()
    return manifest


def _pg_manifest(wrapper, cursor) -> Manifest:
    tables = sorted(wrapper.introspection.table_names(cursor))
    qn = wrapper.ops.quote_name
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {qn(table)}")
        counts[table] = cursor.fetchone()[0]
    migrations = []
    if "django_migrations" in counts:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        migrations = [[app, name] for app, name in cursor.fetchall()]
    return _new_manifest(
        FORMAT_POSTGRESQL, wrapper.settings_dict["NAME"], migrations, counts
    )


def _postgresql_restore(path: Path, manifest: Manifest, *, using: str) -> list[str]:
    """Restore with pg_restore in one transaction; drop tables the backup lacks."""
    program = _pg_program("pg_restore")
    connection = connections[using]
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        present = set(connection.introspection.table_names(cursor))
    extra = sorted(present - set(manifest.tables))
    connection.close()
    try:
        _run(
            [
                program,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                _pg_conninfo(using),
                str(path),
            ],
            env=_pg_env(using),
            what=_("pg_restore 恢复"),
        )
    except BackupError as e:
        if not extra:
            raise
        raise BackupError(
            e.message
            + _(
                "（数据库中有备份里没有的表：%s。它们可能引用了要恢复的表；数据库未作任何改动。可新建一个空数据库，把 DATABASE_URL 指向它后再恢复。）"
            )
            % "、".join(extra[:10])
        ) from e
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for table in extra:
            cursor.execute(f"DROP TABLE IF EXISTS {qn(table)} CASCADE")
    return extra


# -- shared -------------------------------------------------------------------


def _new_manifest(
    fmt: str, database: str, migrations: list[list[str]], tables: dict[str, int]
) -> Manifest:
    return Manifest(
        format=fmt,
        created_at=timezone.now().isoformat(timespec="seconds"),
        product_version=_product_version(),
        database=str(database),
        migrations=migrations,
        tables=tables,
    )


def _product_version() -> str:
    try:
        return metadata.version("tongxin")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def _file_format(path: Path) -> str | None:
    with path.open("rb") as f:
        head = f.read(len(SQLITE_MAGIC))
    if head == SQLITE_MAGIC:
        return FORMAT_SQLITE
    if head.startswith(PGDUMP_MAGIC):
        return FORMAT_POSTGRESQL
    return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _compare_migrations(applied: list[list[str]]) -> tuple[list[str], list[str]]:
    """Return (migrations this program lacks, program migrations the backup lacks)."""
    on_disk = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    in_backup = {(app, name) for app, name in applied}
    unknown = sorted(f"{a}.{n}" for a, n in in_backup - on_disk)
    pending = sorted(f"{a}.{n}" for a, n in on_disk - in_backup)
    return unknown, pending


def _verify_counts(manifest: Manifest, *, using: str) -> None:
    connection = connections[using]
    qn = connection.ops.quote_name
    wrong = []
    with connection.cursor() as cursor:
        present = set(connection.introspection.table_names(cursor))
        for table, expected in sorted(manifest.tables.items()):
            if table not in present:
                wrong.append(_("%s（缺失）") % table)
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {qn(table)}")
            found = cursor.fetchone()[0]
            if found != expected:
                wrong.append(
                    _("%(table)s（应为 %(expected)d 行，实为 %(found)d 行）")
                    % {"table": table, "expected": expected, "found": found}
                )
    if wrong:
        raise BackupError(_("恢复后核对行数不符：%s") % "；".join(wrong[:10]))


def _audit_head(*, using: str) -> dict | None:
    """Return the id and hash of the last audit event, if the table exists."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if "audit_auditevent" not in connection.introspection.table_names(cursor):
            return None
        cursor.execute("SELECT id, hash FROM audit_auditevent ORDER BY id DESC LIMIT 1")
        row = cursor.fetchone()
    return {"id": row[0], "hash": row[1]} if row else None


def _audit(action: str, manifest: Manifest, detail: dict, *, using: str) -> None:
    from tongxin.core.services import auditor

    detail = {
        **detail,
        "format": manifest.format,
        "tables": len(manifest.tables),
        "rows": manifest.rows,
        "product_version": manifest.product_version,
    }
    auditor().audit_record(
        action=action,
        object_type="database",
        object_id=using,
        object_repr=manifest.database,
        detail=detail,
    )
