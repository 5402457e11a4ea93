"""Concurrent writers on one SQLite file: throughput, latency, and no "database is locked".

Run as ``.venv/bin/python bench/bench_sqlite_writers.py [--writers 8 --seconds 60]``.

The script builds a throwaway database in a temporary ``TONGXIN_VAR_DIR``
with the project's own settings (WAL, ``synchronous=NORMAL``, ``BEGIN
IMMEDIATE`` transactions, the busy timeout), a small committee and some
members per writer.  It then starts ``--writers`` processes (separate
interpreters, as gunicorn's sync workers are) that all begin at the same
instant and, for ``--seconds``, call the real services in a loop: mostly
``member_update`` of one of the writer's own members with the version just
read (as the edit form does), and every fourth transaction a
``member_create``.  Every service call is one transaction with its history
row and audit event.

Each writer counts transactions, their latency, conflicts (a stale version:
the refusal users see, expected to be zero since writers own their members)
and errors, and separately any "database is locked" that reached the caller.
The script prints the totals, transactions per second overall and per
writer, p50/p95/p99 latency, and exits 1 if any error or lock surfaced.
``--json`` prints one JSON object instead (used by
``tests/ops/test_sqlite_writers.py``).  ``DATABASE_URL`` is ignored: this
measures SQLite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import shutil
import statistics
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEMBERS_PER_WRITER = 25
CREATE_EVERY = 4
_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_number(birth: dt.date, female: bool, seq: int) -> str:
    """Return a valid ID number; distinct (birth, seq < 500) give distinct numbers."""
    order = (seq * 2 + (0 if female else 1)) % 1000
    body = f"210202{birth:%Y%m%d}{order:03d}"
    total = sum(int(c) * w for c, w in zip(body, _WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


def unique_id(writer: int, n: int) -> str:
    """Return the ID number of the ``n``-th member made by ``writer`` (0 = setup)."""
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=writer * 400 + n // 450)
    return id_number(birth, n % 2 == 0, n % 450)


def _django(var_dir: str) -> None:
    os.environ.pop("DATABASE_URL", None)
    os.environ["TONGXIN_VAR_DIR"] = var_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "tongxin.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare(var_dir: str, writers: int) -> dict:
    """Migrate the database and give each writer its own members."""
    sys.path.insert(0, str(ROOT / "bench"))
    from _common import seed_sqlite

    seed_sqlite(var_dir)
    _django(var_dir)
    from django.conf import settings
    from django.core.management import call_command

    from tongxin.accounts.models import User
    from tongxin.members.services import member_create
    from tongxin.orgs.services import org_create

    call_command("migrate", interactive=False, verbosity=0)
    root = User.objects.create_superuser("bench-root", "root@example.com", None)
    city = org_create(by=root, name="基准测试市委员会", kind="committee", code="BC")
    branches = [
        org_create(
            by=root,
            name=f"基准测试第{i + 1}支部",
            kind="direct_branch",
            code=f"BD{i + 1}",
            parent=city,
        )
        for i in range(writers)
    ]
    for w, branch in enumerate(branches):
        for n in range(MEMBERS_PER_WRITER):
            member_create(
                by=root,
                organization=branch,
                name=f"写入者{w}号{n}",
                id_number=unique_id(w, n),
                joined_on=dt.date(2015, 1, 1),
            )
    database = settings.DATABASES["default"]
    return {
        "database": str(database["NAME"]),
        "options": {
            k: v for k, v in database["OPTIONS"].items() if k != "init_command"
        },
        "init_command": database["OPTIONS"].get("init_command", ""),
    }


def writer(index: int, var_dir: str, ready, seconds: float, out) -> None:
    """Write through the services until the time is up; put the stats on ``out``."""
    stats = {
        "writer": index,
        "transactions": 0,
        "updates": 0,
        "creates": 0,
        "conflicts": 0,
        "locked": 0,
        "errors": [],
        "latencies": [],
    }
    try:
        _django(var_dir)
        from django.db import OperationalError, connection

        from tongxin.accounts.models import User
        from tongxin.core.errors import ConflictError
        from tongxin.members.models import Member
        from tongxin.members.services import member_create, member_update
        from tongxin.orgs.models import Organization

        root = User.objects.get(username="bench-root")
        branch = Organization.objects.get(code=f"BD{index + 1}")
        own = list(
            Member.objects.filter(organization=branch).values_list("pk", flat=True)
        )
        made = MEMBERS_PER_WRITER
        step = 0
        connection.close()
        ready.wait()  # every writer is set up: start together
        stop = time.time() + seconds
        while time.time() < stop:
            step += 1
            began = time.perf_counter()
            try:
                if step % CREATE_EVERY == 0:
                    member_create(
                        by=root,
                        organization=branch,
                        name=f"写入者{index}号{made}",
                        id_number=unique_id(index, made),
                        joined_on=dt.date(2020, 1, 1),
                    )
                    made += 1
                    stats["creates"] += 1
                else:
                    member = Member.objects.get(pk=own[step % len(own)])
                    member_update(
                        member=member,
                        by=root,
                        version=member.version,
                        work_unit=f"单位{index}-{step}",
                        note=f"第 {step} 次修改",
                    )
                    stats["updates"] += 1
                stats["transactions"] += 1
                stats["latencies"].append(time.perf_counter() - began)
            except ConflictError:
                stats["conflicts"] += 1
            except OperationalError as e:
                if "locked" in str(e) or "busy" in str(e):
                    stats["locked"] += 1
                stats["errors"].append(f"{type(e).__name__}: {e}")
            except Exception as e:  # every failure is a finding
                stats["errors"].append(f"{type(e).__name__}: {e}")
        connection.close()
    except Exception:  # report set-up failures too
        stats["errors"].append(traceback.format_exc())
        ready.abort()
    out.put(stats)


def percentile(values: list[float], p: float) -> float:
    """Return the ``p``-th percentile (nearest rank) of ``values``, in seconds."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def run(writers: int, seconds: float, var_dir: str) -> dict:
    """Prepare the database, run the writers, return the summary."""
    spawn = multiprocessing.get_context("spawn")
    with spawn.Pool(1) as pool:
        setup = pool.apply(prepare, (var_dir, writers))
    queue = spawn.Queue()
    ready = spawn.Barrier(writers)
    processes = [
        spawn.Process(target=writer, args=(i, var_dir, ready, seconds, queue))
        for i in range(writers)
    ]
    for p in processes:
        p.start()
    results = [queue.get(timeout=seconds + 300) for _ in processes]
    for p in processes:
        p.join()
    results.sort(key=lambda r: r["writer"])
    latencies = [x for r in results for x in r["latencies"]]
    total = sum(r["transactions"] for r in results)
    errors = [e for r in results for e in r["errors"]]
    return {
        "writers": writers,
        "seconds": seconds,
        "sqlite": setup,
        "transactions": total,
        "updates": sum(r["updates"] for r in results),
        "creates": sum(r["creates"] for r in results),
        "tx_per_second": round(total / seconds, 1),
        "per_writer_tx_per_second": [
            round(r["transactions"] / seconds, 1) for r in results
        ],
        "latency_ms": {
            "p50": round(percentile(latencies, 50) * 1000, 2),
            "p95": round(percentile(latencies, 95) * 1000, 2),
            "p99": round(percentile(latencies, 99) * 1000, 2),
            "max": round(max(latencies, default=0) * 1000, 2),
            "mean": round(statistics.fmean(latencies) * 1000, 2) if latencies else 0,
        },
        "conflicts": sum(r["conflicts"] for r in results),
        "locked": sum(r["locked"] for r in results),
        "errors": len(errors),
        "error_samples": errors[:10],
    }


def report(summary: dict) -> str:
    lat = summary["latency_ms"]
    lines = [
        f"SQLite, {summary['writers']} writer processes, {summary['seconds']:g} s "
        f"({summary['sqlite']['options']}; {summary['sqlite']['init_command']})",
        f"transactions: {summary['transactions']} "
        f"({summary['updates']} member_update, {summary['creates']} member_create)",
        f"throughput:   {summary['tx_per_second']} tx/s total; per writer "
        + ", ".join(f"{x}" for x in summary["per_writer_tx_per_second"]),
        f"latency:      p50 {lat['p50']} ms, p95 {lat['p95']} ms, "
        f"p99 {lat['p99']} ms, max {lat['max']} ms",
        f"conflicts:    {summary['conflicts']}",
        f"'database is locked' reaching the caller: {summary['locked']}",
        f"errors:       {summary['errors']}",
    ]
    lines += [f"  {e}" for e in summary["error_samples"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args(argv)
    var_dir = tempfile.mkdtemp(prefix="tongxin-writers-")
    try:
        summary = run(args.writers, args.seconds, var_dir)
    finally:
        if not args.keep:
            shutil.rmtree(var_dir, ignore_errors=True)
    print(json.dumps(summary, ensure_ascii=False) if args.json else report(summary))
    failed = summary["errors"] or summary["locked"] or not summary["transactions"]
    if not args.json:
        sys.path.insert(0, str(ROOT / "bench"))
        from _common import print_summary

        lat = summary["latency_ms"]
        print_summary(
            {
                "bench": "sqlite_writers",
                "engine": "sqlite",
                "figures": {
                    "writers": summary["writers"],
                    "transactions/s": summary["tx_per_second"],
                    "latency p50 ms": lat["p50"],
                    "latency p95 ms": lat["p95"],
                    "latency p99 ms": lat["p99"],
                    "database is locked reaching a caller": summary["locked"],
                    "errors": summary["errors"],
                },
                "targets_missed": ["errors or locks reached a caller"]
                if failed
                else [],
            }
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
