"""Benchmark yearly attendance counts at national scale, against the same SQL raw.

Run as ``.venv/bin/python bench/bench_attendance.py [--attendance 5000000]``.

The script makes a throwaway database like ``bench_member_list.py`` (an SQLite
file in a temporary ``TONGXIN_VAR_DIR``, or with ``DATABASE_URL`` a dedicated
PostgreSQL database, ``--pg-db``, dropped afterwards), fills it with
``tongxin bench-data`` (200,000 members, 10,000 organizations by default), then
adds ``--events`` events organized across the tree over ten years and
``--attendance`` attendance rows by bulk insert (``executemany`` on SQLite,
``COPY`` on PostgreSQL; the table's secondary indexes are dropped for the load
and built again after it): each event draws most attendees from its organizer's
subtree, the rest from anywhere, every row carrying the member's organization
path and the organizer's path as the services write them.

It then measures, for a staff user granted the provincial node holding about a
fifth of the members and for a committee-wide staff user:

1. ``attendance_by_year`` (the selector behind the statistics page and the
   API): attendance per year of the members of the subtree, and per year at
   events organized in the subtree (it counts per day, reading the date-first
   index in order, and sums the days into years);
2. the exact SQL each ran (captured while it ran), executed raw on the cursor;
3. for comparison, the same count grouped by Django's ``ExtractYear``, which
   on SQLite calls a Python function per row, and grouped by the year taken
   with ``Substr`` from the ISO date (``tongxin.activities.expressions.Year``).

It prints medians and 95th percentiles in ms over ``--repeat`` runs and the
ratio ours/raw (target: within 1.5x + 0.5 ms; misses print the query plan);
ours and raw are timed alternately so that a change of machine load hits both.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import io
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _common import print_summary  # noqa: E402
from bench_member_list import (  # noqa: E402 - the sibling script's helpers
    Report,
    Timing,
    capture_sql,
    measure,
    run_raw,
    setup_database,
)

CHUNK = 100_000
FIRST_YEAR = 2016
YEARS = 10


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--members", type=int, default=200_000)
    p.add_argument("--orgs", type=int, default=10_000)
    p.add_argument("--events", type=int, default=20_000)
    p.add_argument("--attendance", type=int, default=5_000_000)
    p.add_argument("--repeat", type=int, default=15, help="timed runs per measurement")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--pg-db", default="tongxin_bench_attendance")
    p.add_argument("--explain", action="store_true", help="print every query plan")
    p.add_argument("--keep", action="store_true", help="keep the database afterwards")
    return p.parse_args()


# --- data -------------------------------------------------------------------------------


def make_events(args, rng: random.Random) -> list[tuple[int, str, dt.date]]:
    """Create the events (bulk); return ``(id, path, date)`` of each."""
    from django.utils import timezone

    from tongxin.activities.models import Event, EventKind
    from tongxin.orgs.models import Organization

    orgs = list(Organization.objects.values_list("pk", "path", "depth"))
    # Committees organize more than branches: weight by how high the node is.
    weights = [1.0 / (depth + 1) ** 2 for _pk, _path, depth in orgs]
    kinds = EventKind.values
    rows, out = [], []
    for i in range(args.events):
        pk, path, _depth = rng.choices(orgs, weights)[0]
        day = dt.date(FIRST_YEAR, 1, 1) + dt.timedelta(days=rng.randrange(YEARS * 365))
        start = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
        rows.append(
            Event(
                title=f"基准活动{i}",
                kind=rng.choice(kinds),
                organization_id=pk,
                path=path,
                start_at=start,
                end_at=start + dt.timedelta(hours=3),
            )
        )
    for event in Event.objects.bulk_create(rows, batch_size=5000):
        out.append((event.pk, event.path, timezone.localdate(event.start_at)))
    return out


def attendance_rows(args, rng: random.Random, events, members):
    """Yield chunks of attendance rows: about 80 % from the organizer's subtree."""
    from tongxin.core.tree import path_upper_bound

    paths = [p for _pk, p in members]
    per_event = args.attendance // len(events)
    extra = args.attendance - per_event * len(events)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
    chunk: list[tuple] = []
    for i, (event_id, event_path, day) in enumerate(events):
        k = per_event + (1 if i < extra else 0)
        lo = bisect.bisect_left(paths, event_path)
        hi = bisect.bisect_left(paths, path_upper_bound(event_path))
        local = min(int(k * 0.8), hi - lo)
        chosen = set(rng.sample(range(lo, hi), local)) if local > 0 else set()
        while len(chosen) < k:
            chosen.add(rng.randrange(len(members)))
        iso = day.isoformat()
        for j in chosen:
            member_id, org_path = members[j]
            chunk.append(
                (event_id, member_id, iso, "list", False, org_path, event_path, now)
            )
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


COLUMNS = (
    "event_id",
    "member_id",
    "attended_on",
    "method",
    "walk_in",
    "org_path",
    "event_path",
    "recorded_at",
)


def load_attendance(args, rng: random.Random) -> tuple[int, float]:
    """Bulk-insert the attendance rows; return ``(rows, seconds)``."""
    from django.db import connection, transaction

    from tongxin.activities.models import Attendance
    from tongxin.members.models import Member

    members = list(
        Member.objects.order_by("org_path", "pk").values_list("pk", "org_path")
    )
    started = time.perf_counter()
    events = make_events(args, rng)
    table = Attendance._meta.db_table
    total = 0
    # As any bulk load does: drop the secondary indexes, load, build them again.
    indexes = list(Attendance._meta.indexes)
    # SQLite can only drop a unique constraint by rebuilding the table (which
    # brings every index back): there it stays during the load.
    constraints = (
        list(Attendance._meta.constraints) if connection.vendor == "postgresql" else []
    )
    with connection.schema_editor() as editor:
        for index in indexes:
            editor.remove_index(Attendance, index)
        for constraint in constraints:
            editor.remove_constraint(Attendance, constraint)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                raw = cursor.cursor
                with raw.copy(
                    f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN"
                ) as copy:
                    for chunk in attendance_rows(args, rng, events, members):
                        for row in chunk:
                            copy.write_row(row)
                        total += len(chunk)
                        progress(total, args.attendance, started)
        else:
            connection.ensure_connection()
            raw = connection.connection
            sql = (
                f"INSERT INTO {table} ({', '.join(COLUMNS)}) "
                f"VALUES ({', '.join('?' * len(COLUMNS))})"
            )
            for chunk in attendance_rows(args, rng, events, members):
                raw.executemany(sql, chunk)
                total += len(chunk)
                progress(total, args.attendance, started)
    print()
    index_started = time.perf_counter()
    with connection.schema_editor() as editor:
        for index in indexes:
            editor.add_index(Attendance, index)
        for constraint in constraints:
            editor.add_constraint(Attendance, constraint)
    print(f"  indexes rebuilt in {time.perf_counter() - index_started:.1f} s")
    return total, time.perf_counter() - started


def measure_pair(a, b, repeat: int):
    """Time ``a`` and ``b`` alternately, so that a change of load hits both."""
    for _ in range(2):
        a(), b()
    samples_a, samples_b = [], []
    for _ in range(repeat):
        for fn, samples in ((a, samples_a), (b, samples_b)):
            t = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - t) * 1000)
    return Timing(samples_a), Timing(samples_b)


def progress(done: int, total: int, started: float) -> None:
    rate = done / max(time.perf_counter() - started, 1e-9)
    print(f"\r  {done:,} / {total:,} rows, {rate:,.0f} rows/s", end="", flush=True)


def bench_data(args) -> dict:
    """Fill the database with ``tongxin bench-data``; return its JSON summary."""
    from django.core.management import call_command

    out = io.StringIO()
    call_command(
        "bench_data",
        members=args.members,
        orgs=args.orgs,
        seed=args.seed,
        json=True,
        stdout=out,
    )
    return json.loads(out.getvalue())


# --- the benchmark ----------------------------------------------------------------------


def main() -> None:
    args = parse_args()
    teardown = setup_database(args)
    try:
        import django

        django.setup()
        run(args)
    finally:
        teardown()


def run(args) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from tongxin.accounts.models import User
    from tongxin.accounts.services import grant_role, user_create
    from tongxin.activities.expressions import Year
    from tongxin.activities.models import Attendance
    from tongxin.activities.selectors import attendance_by_year
    from tongxin.core import tree
    from tongxin.members.models import Member
    from tongxin.orgs.models import Organization
    from tongxin.orgs.selectors import subtree_member_count

    report = Report(args)
    vendor = connection.vendor
    print(f"database: {vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)
    made = bench_data(args)
    print(
        f"bench-data: {made['organizations']} orgs, {made['members']} members "
        f"in {made['seconds']} s"
    )
    rng = random.Random(args.seed)
    print(f"loading {args.events:,} events and {args.attendance:,} attendance rows ...")
    rows, seconds = load_attendance(args, rng)
    print(
        f"attendance: {rows:,} rows in {seconds:.1f} s = {rows / seconds:,.0f} rows/s"
    )
    with connection.cursor() as cursor:
        # What autovacuum does after a bulk load; on PostgreSQL VACUUM also
        # sets the visibility map that index-only scans rely on.
        cursor.execute("VACUUM ANALYZE" if vendor == "postgresql" else "ANALYZE")

    root = Organization.objects.get(pk=made["root_id"])
    active = Member.objects.filter(status=Member.Status.ACTIVE).count()
    level1 = list(Organization.objects.filter(parent=root))
    node = min(level1, key=lambda o: abs(subtree_member_count(org=o) - active / 5))
    in_node = Attendance.objects.filter(tree.subtree_q(node.path, "org_path")).count()
    print(
        f"node: {node.name} holds {subtree_member_count(org=node)} of {active} active "
        f"members and {in_node:,} of {rows:,} attendance rows"
    )
    node_staff = user_create(by=None, username="bench_node", password=None)
    grant_role(by=None, user=node_staff, role="staff_org", organization=node)
    all_staff = user_create(by=None, username="bench_all", password=None)
    grant_role(by=None, user=all_staff, role="staff_org", organization=root)

    table = f'"{Attendance._meta.db_table}"'
    repeat = args.repeat
    results = {}
    for label, user in (("subtree", node_staff), ("whole tree", all_staff)):
        user = User.objects.get(pk=user.pk)
        for by in ("member", "organizer"):
            name = f"{label}, by {by}"
            print(f"\n== {name} ({user.username})")

            def ours(user=user, by=by):
                return attendance_by_year(user=user, by=by)

            years = ours()
            assert len(years) == YEARS, years
            print(
                "  years: "
                + ", ".join(f"{y}: {n:,}" for y, n in years[:3])
                + f" ... total {sum(n for _y, n in years):,}"
            )
            sql = capture_sql(ours, table)
            t_ours, t_raw = measure_pair(ours, run_raw(*sql), repeat)
            per_year: dict[int, int] = {}
            for day, n in run_raw(*sql)():
                per_year[int(str(day)[:4])] = per_year.get(int(str(day)[:4]), 0) + n
            assert sorted(per_year.items()) == years
            ok = t_ours.median <= 1.5 * t_raw.median + 0.5
            report.line("attendance_by_year (selector)", t_ours)
            report.line(
                "same SQL raw",
                t_raw,
                f"ours/raw {t_ours.median / t_raw.median:4.2f} "
                + report.check(ok, f"{name} ours/raw", sql),
            )
            column = "org_path" if by == "member" else "event_path"
            scope = node.path if label == "subtree" else root.path

            def extract(scope=scope, column=column):
                return list(
                    Attendance.objects.filter(tree.subtree_q(scope, column))
                    .order_by()
                    .annotate(year=ExtractYear("attended_on"))
                    .values("year")
                    .annotate(n=Count("*"))
                    .values_list("year", "n")
                )

            def substr(scope=scope, column=column):
                return list(
                    Attendance.objects.filter(tree.subtree_q(scope, column))
                    .order_by()
                    .annotate(year=Year("attended_on"))
                    .values("year")
                    .annotate(n=Count("*"))
                    .values_list("year", "n")
                )

            t_extract = measure(extract, max(3, repeat // 3))
            t_substr = measure(substr, max(3, repeat // 3))
            report.line(
                "for comparison: GROUP BY ExtractYear",
                t_extract,
                f"extract/ours {t_extract.median / t_ours.median:4.1f}",
            )
            report.line(
                "for comparison: GROUP BY Substr year",
                t_substr,
                f"substr/ours {t_substr.median / t_ours.median:4.1f}",
            )
            results[name] = (
                t_ours.median,
                t_raw.median,
                t_substr.median,
                t_extract.median,
            )
            if args.explain:
                from bench_member_list import explain

                print(f"    plan:\n{explain(*sql)}")

    print(
        "\nsummary (median ms): ours / raw SQL / GROUP BY Substr / GROUP BY ExtractYear"
    )
    for name, (a, b, c, d) in results.items():
        print(
            f"  {name:<28} {a:9.1f} {b:9.1f} {c:9.1f} {d:9.1f}   ours/raw {a / b:4.2f}"
        )
    print()
    if report.problems:
        print("targets missed: " + "; ".join(report.problems))
    else:
        print("all targets met (ours within 1.5x raw + 0.5 ms)")
    figures: dict[str, float] = {
        "bench-data rows/s": made["rows_per_second"],
        "attendance rows": rows,
        "attendance load rows/s": round(rows / seconds),
    }
    for name, (a, b, c, d) in results.items():
        figures[f"attendance_by_year {name} ms"] = round(a, 3)
        figures[f"attendance_by_year {name} raw SQL ms"] = round(b, 3)
        figures[f"attendance_by_year {name} ours/raw"] = round(a / b, 2)
        figures[f"attendance_by_year {name} GROUP BY Substr ms"] = round(c, 3)
        figures[f"attendance_by_year {name} GROUP BY ExtractYear ms"] = round(d, 3)
    print_summary(
        {
            "bench": "attendance",
            "engine": vendor,
            "figures": figures,
            "targets_missed": report.problems,
        }
    )


if __name__ == "__main__":
    main()
