"""Benchmark the dashboard's figures and the annual report, against the same SQL raw.

Run as ``.venv/bin/python bench/bench_stats.py [--members 200000 --attendance 5000000]``
(``--city`` for a city committee: 1,700 members, 100 organizations, 60,000
attendance rows).

The script makes a throwaway database like ``bench_member_list.py`` (an SQLite
file in a temporary ``TONGXIN_VAR_DIR``, or with ``DATABASE_URL`` a dedicated
PostgreSQL database, ``--pg-db``, dropped afterwards), fills it with
``tongxin bench-data`` and the events and attendance rows of
``bench_attendance.py``, then measures for one year, for a staff user granted
the provincial node holding about a fifth of the members and for a
committee-wide staff user:

1. ``compute_all`` — every section's figures, what the dashboard shows and what
   ``tongxin report --json`` prints;
2. every SELECT it sent (captured while it ran), executed raw on the cursor one
   after the other: the same aggregations without the ORM and the Python that
   turns rows into figures;
3. the same figures as the dashboard and the API read them
   (``tongxin.stats.selectors.figures``): kept in the cache while nothing is
   written (``tongxin.stats.figcache``), checked equal to ``compute_all``'s;
4. the annual report written as a Word document (``build_annual_report``),
   which adds the sentences, tables and charts to the figures.

It prints medians and 95th percentiles in ms over ``--repeat`` runs and the
ratio ours/raw (target: within 1.5x plus 0.5 ms per query); ours and raw are
timed alternately so that a change of machine load hits both.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _common import print_summary  # noqa: E402
from bench_attendance import (  # noqa: E402 - the sibling scripts' helpers
    FIRST_YEAR,
    YEARS,
    bench_data,
    load_attendance,
    measure_pair,
)
from bench_member_list import Report, Timing, measure, setup_database  # noqa: E402


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--members", type=int, default=200_000)
    p.add_argument("--orgs", type=int, default=10_000)
    p.add_argument("--events", type=int, default=20_000)
    p.add_argument("--attendance", type=int, default=5_000_000)
    p.add_argument(
        "--city",
        action="store_true",
        help="a city committee: 1,700 members, 100 organizations, 60,000 attendance rows",
    )
    p.add_argument("--repeat", type=int, default=7, help="timed runs per measurement")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--pg-db", default="tongxin_bench_stats")
    p.add_argument("--explain", action="store_true", help="print every query plan")
    p.add_argument(
        "--profile",
        action="store_true",
        help="print a cProfile of one compute_all per scope (the 25 costliest calls)",
    )
    p.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = p.parse_args()
    if args.city:
        args.members, args.orgs, args.events, args.attendance = 1_700, 100, 600, 60_000
    return args


def capture_selects(fn) -> list[tuple[str, tuple]]:
    """Run ``fn`` and return every SELECT it sent, in order."""
    from django.db import connection

    seen: list[tuple[str, tuple]] = []

    def wrapper(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.append((sql, tuple(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        fn()
    return seen


def run_all_raw(statements: list[tuple[str, tuple]]):
    from django.db import connection

    def raw() -> int:
        rows = 0
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                rows += len(cursor.fetchall())
        return rows

    return raw


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

    from tongxin.accounts.models import User
    from tongxin.accounts.services import grant_role, user_create
    from tongxin.core.periods import Period
    from tongxin.members.models import Member
    from tongxin.orgs.models import Organization
    from tongxin.orgs.selectors import subtree_member_count
    from tongxin.stats import selectors as stats_selectors
    from tongxin.stats.figures import SECTIONS, compute_all
    from tongxin.stats.scope import resolve_scope

    try:
        from tongxin.reports.services import build_annual_report
    except ImportError:  # the report generator is optional for this script
        build_annual_report = None

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
        cursor.execute("VACUUM ANALYZE" if vendor == "postgresql" else "ANALYZE")

    root = Organization.objects.get(pk=made["root_id"])
    active = Member.objects.filter(status=Member.Status.ACTIVE).count()
    level1 = list(Organization.objects.filter(parent=root))
    node = min(level1, key=lambda o: abs(subtree_member_count(org=o) - active / 5))
    print(
        f"node: {node.name} holds {subtree_member_count(org=node)} of {active} "
        "active members"
    )
    node_staff = user_create(by=None, username="bench_node", password=None)
    grant_role(by=None, user=node_staff, role="staff_org", organization=node)
    all_staff = user_create(by=None, username="bench_all", password=None)
    grant_role(by=None, user=all_staff, role="staff_org", organization=root)

    year = FIRST_YEAR + YEARS - 1
    period = Period.for_year(year, today=dt.date(year + 1, 6, 30))
    repeat = args.repeat
    summary = {}
    kept_ms: dict[str, float] = {}
    for label, user in (("subtree", node_staff), ("whole tree", all_staff)):
        user = User.objects.get(pk=user.pk)
        scope = resolve_scope(user=user)
        print(f"\n== {label} ({user.username}), {period.label}")

        def ours(scope=scope):
            return compute_all(scope, period)

        figures = ours()
        present = [s for s in SECTIONS if s in figures]
        statements = capture_selects(ours)
        print(f"  sections: {', '.join(present)}; {len(statements)} SELECTs")
        if args.profile:
            _profile(ours)
        t_ours, t_raw = measure_pair(ours, run_all_raw(statements), repeat)
        budget = 1.5 * t_raw.median + 0.5 * len(statements)
        ok = t_ours.median <= budget
        report.line("compute_all (every section's figures)", t_ours)
        report.line(
            "the same SELECTs raw",
            t_raw,
            f"ours/raw {t_ours.median / t_raw.median:4.2f} "
            + ("ok" if ok else "MISSED"),
        )
        if not ok:
            report.problems.append(f"{label} compute_all/raw")
        # What the dashboard and the API read: the same figures kept in the
        # cache (tongxin.stats.figcache) while nothing was written since.
        choice = stats_selectors.Choice(scope, period, {})

        def kept(choice=choice):
            return stats_selectors.figures(choice=choice)

        if kept() != figures or kept() != figures:
            report.problems.append(f"{label} kept figures differ")
        t_kept = measure(kept, repeat)
        report.line(
            "the same figures kept (no write since)",
            t_kept,
            f"kept/raw {t_kept.median / t_raw.median:4.2f}",
        )
        if args.explain:
            from bench_member_list import explain

            slowest = sorted(statements, key=lambda s: _time_one(*s), reverse=True)[:3]
            for sql, params in slowest:
                print(f"    plan:\n{explain(sql, params)}")
        t_report: Timing | None = None
        if build_annual_report is not None:

            def write(scope=scope):
                return build_annual_report(scope, period)

            t_report = measure(write, max(3, repeat // 2))
            report.line("annual report (.docx, figures included)", t_report)
        summary[label] = (t_ours, t_raw, t_report, len(statements))
        kept_ms[label] = t_kept.median

    print("\nsummary (median ms): compute_all / same SQL raw / annual report")
    for label, (a, b, c, n) in summary.items():
        written = f"{c.median:9.1f}" if c else "      n/a"
        print(
            f"  {label:<12} {a.median:9.1f} {b.median:9.1f} {written}"
            f"   ours/raw {a.median / b.median:4.2f} ({n} queries)"
        )
    if report.problems:
        print("targets missed: " + "; ".join(report.problems))
    figures: dict[str, float] = {}
    for label, (a, b, c, n) in summary.items():
        figures[f"figures {label} ms"] = round(a.median, 3)
        figures[f"figures {label} same SQL raw ms"] = round(b.median, 3)
        figures[f"figures {label} ours/raw"] = round(a.median / b.median, 2)
        figures[f"figures {label} queries"] = n
        figures[f"figures {label} kept ms"] = round(kept_ms[label], 3)
        if c is not None:
            figures[f"annual report {label} ms"] = round(c.median, 3)
    print_summary(
        {
            "bench": "stats",
            "engine": vendor,
            "figures": figures,
            "targets_missed": report.problems,
        }
    )


def _profile(fn) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(fn)
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("cumulative").print_stats(25)
    stats.sort_stats("tottime").print_stats(15)


def _time_one(sql: str, params: tuple) -> float:
    from django.db import connection

    t = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.fetchall()
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
