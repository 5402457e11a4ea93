"""Time every page the crawl visits on the demo committee, as every demo role.

Run as ``TONGXIN_VAR_DIR=var-demo .venv/bin/python bench/bench_pages.py``
against a demo database built with ``tongxin demo --no-serve`` in that
directory (``--build`` builds it first; the script only reads, apart from the
sessions and audit events a visit writes). Each role signs in with its second
factor, walks the pages like ``tests/crawl`` (GET only, a sample of each kind
of page), then every page visited is requested again ``--repeat`` times and
the median server time (the Django test client: the whole request through the
middleware, no network) is reported, with its CPU time (this process's: with
SQLite the database work is in it too; steadier than wall time on a shared
machine). Pages over ``--limit`` ms (300) are
listed, slowest first; downloads (exports) are listed apart.

``--only /stats/,/appraisal/`` times the given paths for ``--roles`` without
walking (query strings allowed); ``--queries`` also prints each page's number
of SQL queries.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _common import print_summary  # noqa: E402

ROLES = "zhuwei,zuzhibu,canzheng,zhibu,huiyuan,xitong,anquan,shenji,admin"


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--roles", default=ROLES)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--limit", type=float, default=300.0, help="ms")
    p.add_argument("--only", default="", help="comma-separated paths, no walk")
    p.add_argument("--queries", action="store_true")
    p.add_argument("--show", type=int, default=40, help="the slowest N pages")
    p.add_argument("--build", action="store_true", help="build the demo first")
    return p.parse_args()


def main() -> None:
    args = parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongxin.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import setup_test_environment

    from tests.accounts.support import login_verified
    from tests.crawl.crawler import DOWNLOAD_NAMES, DOWNLOAD_SUFFIXES, crawl
    from tongxin.accounts.models import User

    settings.ALLOWED_HOSTS = ["*"]
    setup_test_environment()
    if args.build:
        call_command("demo", no_serve=True, reset=True, stdout=io.StringIO())
    rows = []  # (ms, queries, role, url, download, CPU ms)
    for role in args.roles.split(","):
        client = Client(raise_request_exception=False)
        login_verified(client, User.objects.get(username=role))
        if args.only:
            urls = args.only.split(",")
        else:
            urls = list(dict.fromkeys(v.url for v in crawl(client, role).visits))
        for url in urls:
            download = url.endswith(DOWNLOAD_SUFFIXES) or bool(
                DOWNLOAD_NAMES.search(url.split("?")[0])
            )
            client.get(url)  # warm
            times, cpu, queries = [], [], 0
            for _ in range(args.repeat):
                settings.DEBUG = args.queries
                reset_queries()
                started, started_cpu = time.perf_counter(), time.process_time()
                client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
                queries = len(connection.queries)
                settings.DEBUG = False
            rows.append(
                (
                    statistics.median(times),
                    queries,
                    role,
                    url,
                    download,
                    statistics.median(cpu),
                )
            )
    rows.sort(key=lambda r: -r[0])
    slow = [r for r in rows if r[0] > args.limit and not r[4]]
    print(f"{len(rows)} pages timed, {len(slow)} over {args.limit:.0f} ms")
    print("    wall ms   CPU ms  role      page")
    for ms, queries, role, url, download, cpu_ms in rows[: args.show]:
        q = f"{queries:>5}q" if args.queries else ""
        tag = " (download)" if download else ""
        print(f"{ms:>11.1f} {cpu_ms:>8.1f}{q}  {role:<9} {url}{tag}")
    print_summary(
        {
            "pages": len(rows),
            "over_limit": len(slow),
            "slowest_page_ms": round(
                max((r[0] for r in rows if not r[4]), default=0), 1
            ),
        }
    )


if __name__ == "__main__":
    main()
