"""Export a long audit trail as CSV and .xlsx: time and peak memory.

Run as ``.venv/bin/python bench/bench_audit_export.py [--events 1000000]``.

The script builds a throwaway database (a temporary ``TONGXIN_VAR_DIR`` with an
SQLite file, or, when ``DATABASE_URL`` points at PostgreSQL, a database
created for the run and dropped afterwards), appends ``--events`` chained
audit events to it (logins, member updates with before/after values, exports,
service-activity writes: what the audit administrator's list holds), then
exports the whole trail in one child process per format with the code the
export page runs (``tongxin.audit.exports``: keyset batches, the CSV streamed
to a file, the .xlsx written by the write-only workbook).  For each format it
prints the time, the peak resident memory of the export (the child's
``VmHWM`` minus its resident size before the export) and the size of the file,
and opens the file back to check that it holds every event.  ``--tracemalloc``
also reports the peak of Python allocations (slower).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from _common import create_database_sql, print_summary, seed_sqlite  # noqa: E402

BATCH = 5000


def _django(var_dir: str) -> None:
    os.environ["TONGXIN_VAR_DIR"] = var_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "tongxin.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _status(field: str) -> int:
    """Return a ``/proc/self/status`` figure in bytes (``VmRSS``, ``VmHWM``)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0


def event_fields(i: int, start: dt.datetime) -> dict:
    """Return the fields of the ``i``-th synthetic event (four kinds in turn)."""
    at = start + dt.timedelta(seconds=i * 7)
    kind = i % 4
    base = {
        "at": at,
        "actor_id": None,
        "actor_name": ("zuzhibu", "zhibu", "canzheng", "xitong")[i % 4],
        "ip": f"10.0.{i % 250}.{i % 200 + 1}",
        "object_type": "",
        "object_id": "",
        "object_repr": "",
        "detail": {},
    }
    if kind == 0:
        base["action"] = "login"
    elif kind == 1:
        base.update(
            action="update",
            object_type="members.member",
            object_id=str(i % 20000 + 1),
            object_repr=f"会员{i % 20000 + 1}",
            detail={
                "before": {"mobile": "1*********8", "note": f"旧备注{i}"},
                "after": {"mobile": "1*********9", "note": f"新备注{i}"},
            },
        )
    elif kind == 2:
        base.update(
            action="export",
            object_type="members.member",
            object_repr="会员名册",
            detail={"format": "xlsx", "rows": i % 500},
        )
    else:
        base.update(
            action="update",
            object_type="activities.serviceactivity",
            object_id=str(i % 90 + 1),
            object_repr=f"送教下乡第{i % 90 + 1}次",
            detail={"after": {"volunteers": [[71, "5.5"], [119, "6.0"]]}},
        )
    return base


def prepare(var_dir: str, events: int) -> dict:
    """Migrate and append ``events`` chained audit events; return the timing."""
    if not os.environ.get("DATABASE_URL"):
        seed_sqlite(var_dir)
    _django(var_dir)
    from django.core.management import call_command
    from django.db import transaction

    from tongxin.audit.models import GENESIS, AuditEvent, chain_hash

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    last = AuditEvent.objects.order_by("-id").first()
    prev = last.hash if last else GENESIS
    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    for offset in range(0, events, BATCH):
        rows = []
        for i in range(offset, min(offset + BATCH, events)):
            fields = event_fields(i, start)
            digest = chain_hash(prev, fields)
            rows.append(AuditEvent(**fields, prev_hash=prev, hash=digest))
            prev = digest
        with transaction.atomic():
            AuditEvent.objects.bulk_create(rows)
    return {
        "events": AuditEvent.objects.count(),
        "insert_s": round(time.perf_counter() - started, 1),
    }


def export(var_dir: str, fmt: str, path: str, trace: bool) -> dict:
    """Export every event to ``path``; return time and memory figures."""
    _django(var_dir)
    import tracemalloc

    from tongxin.audit import exports
    from tongxin.audit.models import AuditEvent

    qs = AuditEvent.objects.all()
    rows = qs.count()
    baseline = _status("VmRSS")
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    with open(path, "wb") as out:
        if fmt == "csv":
            for chunk in exports.csv_chunks(qs):
                out.write(chunk)
        else:
            exports.write_xlsx(qs, out)
    seconds = time.perf_counter() - started
    result = {
        "format": fmt,
        "rows": rows,
        "seconds": round(seconds, 1),
        "rows_per_s": round(rows / seconds) if seconds else None,
        "rss_before_mb": round(baseline / 2**20, 1),
        "peak_rss_growth_mb": round((_status("VmHWM") - baseline) / 2**20, 1),
        "file_mb": round(os.path.getsize(path) / 2**20, 1),
    }
    if trace:
        result["tracemalloc_peak_mb"] = round(
            tracemalloc.get_traced_memory()[1] / 2**20, 1
        )
        tracemalloc.stop()
    return result


def count_back(fmt: str, path: str) -> int:
    """Open the exported file again and count its event rows."""
    if fmt == "csv":
        with open(path, encoding="utf-8-sig", newline="") as f:
            return sum(1 for _ in csv.reader(f)) - 1
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(path)
    total = 0
    for name in book.sheet_names:
        total += len(book.get_sheet_by_name(name).to_python(skip_empty_area=False)) - 1
    return total


def _child(*args: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, *args],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--formats", default="csv,xlsx")
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument("--pg-db", default="tongxin_bench_audit")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        role, var_dir, *rest = args.child
        if role == "prepare":
            result = prepare(var_dir, int(rest[0]))
        else:
            result = export(var_dir, rest[0], rest[1], rest[2] == "1")
        print(json.dumps(result))
        return 0

    var_dir = tempfile.mkdtemp(prefix="tongxin-audit-export-")
    url = os.environ.get("DATABASE_URL", "")
    engine = "postgresql" if url.startswith("postgres") else "sqlite"
    admin = None
    if engine == "postgresql":
        import psycopg

        base, _sep, _name = url.rpartition("/")
        admin = psycopg.connect(f"{base}/postgres", autocommit=True)
        admin.execute(f'DROP DATABASE IF EXISTS "{args.pg_db}"')
        admin.execute(create_database_sql(args.pg_db))
        os.environ["DATABASE_URL"] = f"{base}/{args.pg_db}"
    else:
        os.environ.pop("DATABASE_URL", None)
    figures: dict = {"engine": engine}
    try:
        print(f"Appending {args.events:,} audit events ({engine})…", flush=True)
        prepared = _child("--child", "prepare", var_dir, str(args.events))
        figures["events"] = prepared["events"]
        figures["insert_s"] = prepared["insert_s"]
        print(f"  {prepared['events']:,} events in {prepared['insert_s']} s")
        for fmt in args.formats.split(","):
            path = str(Path(var_dir) / f"export.{fmt}")
            trace = "1" if args.tracemalloc else "0"
            result = _child("--child", "export", var_dir, fmt, path, trace)
            result["rows_in_file"] = count_back(fmt, path)
            figures[fmt] = result
            print(
                f"  {fmt}: {result['rows']:,} rows in {result['seconds']} s "
                f"({result['rows_per_s']:,} rows/s), file {result['file_mb']} MB, "
                f"peak RSS +{result['peak_rss_growth_mb']} MB over "
                f"{result['rss_before_mb']} MB"
                + (
                    f", tracemalloc peak {result['tracemalloc_peak_mb']} MB"
                    if "tracemalloc_peak_mb" in result
                    else ""
                )
                + f"; opened back: {result['rows_in_file']:,} rows",
                flush=True,
            )
            Path(path).unlink()
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
        if admin is not None:
            admin.execute(f'DROP DATABASE IF EXISTS "{args.pg_db}" WITH (FORCE)')
            admin.close()
    missed = [
        f"{fmt}: {figures[fmt]['rows_in_file']} rows in the file, "
        f"{figures[fmt]['rows']} events"
        for fmt in args.formats.split(",")
        if figures[fmt]["rows_in_file"] != figures[fmt]["rows"]
    ]
    print_summary(
        {
            "bench": "audit_export",
            "engine": engine,
            "figures": {
                "events": figures["events"],
                **{
                    f"{fmt} {key}": figures[fmt][key]
                    for fmt in args.formats.split(",")
                    for key in ("seconds", "peak_rss_growth_mb", "file_mb")
                },
            },
            "targets_missed": missed,
        }
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
