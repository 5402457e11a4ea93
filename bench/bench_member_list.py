"""Benchmark the member list at national scale: first page, deep page, raw SQL.

Run as ``.venv/bin/python bench/bench_member_list.py [--members 200000]``.

The script makes a throwaway database -- an SQLite file in a temporary
``TONGXIN_VAR_DIR``, or, when ``DATABASE_URL`` is set, a dedicated PostgreSQL
database (``--pg-db``, default ``tongxin_bench``) created on that server and
dropped afterwards -- migrates it and fills it with ``tongxin bench-data``
(200,000 members, 10,000 organizations by default).

It then measures, for a staff user granted one provincial node that holds
about a fifth of the members and for a committee-wide staff user, with the
list filtered to that node's subtree, with and without a name search:

1. ``member_list`` + ``keyset_page``: the first page (50 rows by stroke order);
2. the same for a deep page, its cursor at 90 % of the filtered list;
3. the exact SQL those two ran (captured with ``connection.execute_wrapper``,
   the SQL of ``qs.query.sql_with_params()`` after the keyset filter), run raw
   through the database cursor;
4. Django admin's changelist of members (OFFSET pagination), page 1 and a
   deep ``?p=N`` page, as superuser, for comparison;
5. the whole HTTP member list page through ``django.test.Client``, first and
   deep page;

and the subtree member count against its raw SQL. It prints the median and
95th percentile in ms over ``--repeat`` runs and the ratios deep/first and
ours/raw. The targets: deep within 2x of first, ours within 1.5x raw + 0.5 ms;
misses are flagged and their query plans printed (``--explain`` prints all).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _common import create_database_sql, print_summary, seed_sqlite  # noqa: E402

PAGE = 50


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--members", type=int, default=200_000)
    p.add_argument("--orgs", type=int, default=10_000)
    p.add_argument("--repeat", type=int, default=30, help="timed runs per measurement")
    p.add_argument("--q", default="王", help="the name search term")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--pg-db", default="tongxin_bench", help="PostgreSQL database to use"
    )
    p.add_argument("--explain", action="store_true", help="print every query plan")
    p.add_argument("--keep", action="store_true", help="keep the database afterwards")
    return p.parse_args()


# --- the throwaway database -------------------------------------------------------


def _with_db_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def _pg_admin(url: str, statements: list[str]) -> None:
    import psycopg

    with psycopg.connect(_with_db_name(url, "postgres"), autocommit=True) as conn:
        for sql in statements:
            conn.execute(sql)


def setup_database(args) -> Callable[[], None]:
    """Point Django at a fresh database; return the function that removes it."""
    tmp = tempfile.mkdtemp(prefix="tongxin-bench-")
    os.environ["TONGXIN_VAR_DIR"] = tmp
    url = os.environ.get("DATABASE_URL")
    if url:
        db = args.pg_db
        _pg_admin(url, [f'DROP DATABASE IF EXISTS "{db}"', create_database_sql(db)])
        os.environ["DATABASE_URL"] = _with_db_name(url, db)
    else:
        seed_sqlite(tmp)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tongxin.settings"

    def teardown() -> None:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            if url:
                _pg_admin(url, [f'DROP DATABASE IF EXISTS "{args.pg_db}"'])
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"kept: {os.environ.get('DATABASE_URL') or tmp}")

    return teardown


# --- measuring --------------------------------------------------------------------


class Timing:
    def __init__(self, samples: list[float]):
        self.samples = sorted(samples)
        self.median = statistics.median(self.samples)
        self.p95 = self.samples[
            min(len(self.samples) - 1, int(len(self.samples) * 0.95))
        ]


def measure(fn: Callable[[], object], repeat: int) -> Timing:
    for _ in range(2):
        fn()
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return Timing(samples)


def capture_sql(
    fn: Callable[[], object], table: str = '"members_member"'
) -> tuple[str, tuple]:
    """Run ``fn`` and return the last SELECT it sent on ``table``."""
    from django.db import connection

    seen: list[tuple[str, tuple]] = []

    def wrapper(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("SELECT") and table in sql:
            seen.append((sql, tuple(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        fn()
    if not seen:
        raise RuntimeError("no query captured")
    return seen[-1]


def run_raw(sql: str, params: tuple) -> Callable[[], list]:
    from django.db import connection

    def raw() -> list:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return raw


def explain(sql: str, params: tuple) -> str:
    from django.db import connection

    prefix = (
        "EXPLAIN QUERY PLAN "
        if connection.vendor == "sqlite"
        else "EXPLAIN (ANALYZE, BUFFERS) "
    )
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        rows = cursor.fetchall()
    if connection.vendor == "sqlite":
        return "\n".join(f"    {r[-1]}" for r in rows)
    return "\n".join(f"    {r[0]}" for r in rows)


class Report:
    def __init__(self, args):
        self.args = args
        self.problems: list[str] = []

    def line(self, label: str, t: Timing, extra: str = "") -> None:
        print(f"  {label:<44} median {t.median:8.2f} ms   p95 {t.p95:8.2f} ms  {extra}")

    def check(self, ok: bool, what: str, sql: tuple[str, tuple] | None = None) -> str:
        if ok and not self.args.explain:
            return "ok"
        if not ok:
            self.problems.append(what)
        if sql is not None:
            print(f"    plan ({what}):\n{explain(*sql)}")
        return "ok" if ok else "MISSED"


# --- the benchmark ----------------------------------------------------------------


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
    from django.test import Client
    from django.urls import reverse

    from tongxin.accounts.models import User
    from tongxin.accounts.services import grant_role, user_create
    from tongxin.core.pagination import bounded_count, encode_cursor, keyset_page
    from tongxin.members.models import Member
    from tongxin.members.selectors import MemberFilters, member_list
    from tongxin.orgs.models import Organization
    from tongxin.orgs.selectors import subtree_member_count

    report = Report(args)
    vendor = connection.vendor
    figures: dict[str, float] = {}
    print(f"database: {vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)
    out = io.StringIO()
    call_command(
        "bench_data",
        members=args.members,
        orgs=args.orgs,
        seed=args.seed,
        json=True,
        stdout=out,
    )
    made = json.loads(out.getvalue())
    print(
        f"bench-data: {made['organizations']} orgs, {made['members']} members, "
        f"{made['memberships']} memberships in {made['seconds']} s = "
        f"{made['rows_per_second']} rows/s ({made['members_per_second']} members/s)"
    )
    figures["bench-data rows/s"] = made["rows_per_second"]
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            # What autovacuum does after a bulk load: statistics, and the
            # visibility map that lets counts run as index-only scans.
            cursor.execute("VACUUM ANALYZE")

    root = Organization.objects.get(pk=made["root_id"])
    active = Member.objects.filter(status=Member.Status.ACTIVE).count()
    level1 = list(Organization.objects.filter(parent=root))
    node = min(level1, key=lambda o: abs(subtree_member_count(org=o) - active / 5))
    node_count = subtree_member_count(org=node)
    print(
        f"node: {node.name} (depth {node.depth}) holds {node_count} of {active} "
        f"active members ({node_count / active:.0%})"
    )

    node_staff = user_create(by=None, username="bench_node", password=None)
    grant_role(by=None, user=node_staff, role="staff_org", organization=node)
    all_staff = user_create(by=None, username="bench_all", password=None)
    grant_role(by=None, user=all_staff, role="staff_org", organization=root)
    admin = User.objects.create_superuser(
        "bench_admin", "bench@example.com", "Bench-Admin-2026"
    )

    repeat = args.repeat
    for user in (node_staff, all_staff):
        user = User.objects.get(pk=user.pk)
        print(
            f"\n== user {user.username} (staff_org on {user.grants.get().organization.name})"
        )
        for q in (args.q, None):
            filters = MemberFilters(org=node, q=q)
            base = member_list(user=user, filters=filters)
            n = base.count()
            key, pk = base.values_list("stroke_key", "id")[max(0, int(n * 0.9) - 1)]
            deep_cursor = encode_cursor((key, pk), "next")
            label = f"q={q!r}" if q else "no search"
            print(
                f"-- subtree of {node.name}, {label}: {n} rows; deep cursor at row {int(n * 0.9)}"
            )

            def first(user=user, filters=filters):
                return keyset_page(
                    member_list(user=user, filters=filters), key="stroke_key", size=PAGE
                )

            def deep(user=user, filters=filters, cursor=deep_cursor):
                return keyset_page(
                    member_list(user=user, filters=filters),
                    key="stroke_key",
                    cursor=cursor,
                    size=PAGE,
                )

            assert len(first().items) == PAGE and deep().items
            t_first, t_deep = measure(first, repeat), measure(deep, repeat)
            sql_first, sql_deep = capture_sql(first), capture_sql(deep)
            r_first = measure(run_raw(*sql_first), repeat)
            r_deep = measure(run_raw(*sql_deep), repeat)
            ratio = t_deep.median / t_first.median
            report.line("keyset first page (member_list+keyset_page)", t_first)
            report.line(
                "keyset deep page",
                t_deep,
                f"deep/first {ratio:4.2f} "
                + report.check(
                    ratio <= 2, f"{user.username} {label} deep/first", sql_deep
                ),
            )
            for name, ours, raw, sql in (
                ("first", t_first, r_first, sql_first),
                ("deep", t_deep, r_deep, sql_deep),
            ):
                ok = ours.median <= 1.5 * raw.median + 0.5
                report.line(
                    f"raw SQL, {name} page",
                    raw,
                    f"ours/raw {ours.median / raw.median:4.2f} "
                    + report.check(ok, f"{user.username} {label} {name} ours/raw", sql),
                )
            t_count = measure(lambda base=base: bounded_count(base), repeat)
            report.line("bounded count (list header)", t_count)
            who = "node staff" if user.pk == node_staff.pk else "all staff"
            tag = f"list {who}, {label}"
            figures[f"{tag}: first page ms"] = round(t_first.median, 3)
            figures[f"{tag}: deep page ms"] = round(t_deep.median, 3)
            figures[f"{tag}: raw SQL first page ms"] = round(r_first.median, 3)
            figures[f"{tag}: deep/first"] = round(ratio, 2)
            figures[f"{tag}: ours/raw first"] = round(
                t_first.median / r_first.median, 2
            )
            figures[f"{tag}: ours/raw deep"] = round(t_deep.median / r_deep.median, 2)
            figures[f"{tag}: bounded count ms"] = round(t_count.median, 3)

    # The subtree member count against its raw SQL.
    print("\n== subtree member count")
    count_sql = capture_sql(lambda: subtree_member_count(org=node))
    t_ours = measure(lambda: subtree_member_count(org=node), repeat)
    t_raw = measure(run_raw(*count_sql), repeat)
    report.line("subtree_member_count", t_ours)
    ok = t_ours.median <= 1.5 * t_raw.median + 0.5
    report.line(
        "raw SQL",
        t_raw,
        f"ours/raw {t_ours.median / t_raw.median:4.2f} "
        + report.check(ok, "subtree count ours/raw", count_sql),
    )
    figures["subtree_member_count ms"] = round(t_ours.median, 3)
    figures["subtree_member_count raw SQL ms"] = round(t_raw.median, 3)
    figures["subtree_member_count ours/raw"] = round(t_ours.median / t_raw.median, 2)

    # Django admin's changelist (OFFSET pagination and full counts) for comparison.
    print("\n== Django admin changelist (superuser, all members)")
    client = Client()
    client.force_login(admin)
    # Superusers pass a second factor (TOTP) before the admin: a confirmed
    # device in the session, as after a real login.
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=admin, name="totp", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    url = "/admin/members/member/"
    for q in (args.q, None):
        params = {"q": q} if q else {}
        total = (
            Member.objects.filter(search_text__contains=q).count()
            if q
            else Member.objects.count()
        )
        deep_p = max(0, int(total / 100 * 0.9))
        for name, extra in (("page 1", {}), (f"?p={deep_p}", {"p": deep_p})):
            full = url + "?" + urlencode({**params, **extra})
            assert client.get(full).status_code == 200, full
            t = measure(lambda full=full: client.get(full), max(5, repeat // 3))
            report.line(f"admin {('q=' + repr(q)) if q else 'no search'}, {name}", t)
            figures[
                f"admin changelist {('q=' + repr(q)) if q else 'no search'}, "
                f"{'page 1' if not extra else 'deep ?p='} ms"
            ] = round(t.median, 3)

    # The whole HTTP member list page.
    list_url = reverse("members:list")
    for user in (node_staff, all_staff):
        print(f"\n== HTTP {list_url} as {user.username} (org={node.pk})")
        client = Client()
        client.force_login(user)
        for q in (args.q, None):
            filters = MemberFilters(org=node, q=q)
            base = member_list(user=User.objects.get(pk=user.pk), filters=filters)
            n = base.count()
            key, pk = base.values_list("stroke_key", "id")[max(0, int(n * 0.9) - 1)]
            params = {"org": node.pk, **({"q": q} if q else {})}
            first_url = list_url + "?" + urlencode(params)
            deep_url = (
                list_url
                + "?"
                + urlencode({**params, "cursor": encode_cursor((key, pk), "next")})
            )
            for u in (first_url, deep_url):
                response = client.get(u)
                assert response.status_code == 200, (u, response.status_code)
            t1 = measure(lambda c=client, u=first_url: c.get(u), max(5, repeat // 3))
            t2 = measure(lambda c=client, u=deep_url: c.get(u), max(5, repeat // 3))
            label = f"q={q!r}" if q else "no search"
            report.line(f"page, {label}, first", t1)
            ratio = t2.median / t1.median
            who = "node staff" if user.pk == node_staff.pk else "all staff"
            figures[f"HTTP page (test client) {who}, {label}: first ms"] = round(
                t1.median, 3
            )
            figures[f"HTTP page (test client) {who}, {label}: deep ms"] = round(
                t2.median, 3
            )
            report.line(
                f"page, {label}, deep",
                t2,
                f"deep/first {ratio:4.2f} "
                + report.check(ratio <= 2, f"HTTP {user.username} {label} deep/first"),
            )
            if q is None:
                # For comparison: the page as it was when its organization
                # filter listed every organization of the user's scope.
                from tongxin.orgs import selectors as org_selectors

                limit = org_selectors.FILTER_CHOICES_LIMIT
                org_selectors.FILTER_CHOICES_LIMIT = 10**9
                try:
                    t_all = measure(
                        lambda c=client, u=first_url: c.get(u), max(3, repeat // 5)
                    )
                finally:
                    org_selectors.FILTER_CHOICES_LIMIT = limit
                report.line(
                    "page, every organization in the filter",
                    t_all,
                    f"all/trimmed {t_all.median / t1.median:4.1f}",
                )
                figures[
                    f"HTTP page (test client) {who}, every org in the filter: first ms"
                ] = round(t_all.median, 3)

    print()
    if report.problems:
        print("targets missed: " + "; ".join(report.problems))
    else:
        print(
            "all targets met (deep within 2x of first, ours within 1.5x raw + 0.5 ms)"
        )
    print_summary(
        {
            "bench": "member_list",
            "engine": vendor,
            "figures": figures,
            "targets_missed": report.problems,
        }
    )


if __name__ == "__main__":
    main()
