"""HTTP throughput of the member list page under gunicorn, with wrk on loopback.

Run as ``.venv/bin/python bench/bench_http.py [--members 200000 --seconds 20]``.

The script makes a throwaway database like ``bench_member_list.py`` (an SQLite
file in a temporary ``TONGXIN_VAR_DIR``, or with ``DATABASE_URL`` a dedicated
PostgreSQL database, ``--pg-db``, dropped afterwards), fills it with
``tongxin bench-data`` and logs a staff user granted the provincial node that
holds about a fifth of the members in (a session in the database, as a
browser's).  It then starts the production server -- gunicorn,
``--workers`` sync workers (default 4: two per core on a 2-core machine) on
127.0.0.1 -- and drives it with ``wrk`` (``--threads``, ``--connections``,
for ``--seconds`` per URL) on:

1. the member list of that node's subtree, first page (50 rows by stroke
   order, with the bounded count in the header);
2. the same list searched by a name (``--q``);
3. the app's own floor: a signed-in page with no list (``/notifications/``),
   through every middleware, the session and the navigation;
4. for comparison, a bare Django project's trivial view
   (``bench/http_baseline.py``) under the same gunicorn settings: the floor of
   what a Django request costs on this machine.

The light page and the trivial view are measured in turns (``--rounds``,
sharing ``--seconds``, both servers up), so that a shared machine's changing
load weighs on both sides of their ratio; the median turn is reported, and
the aim for the light page is 25 % of the trivial view's requests/s.  For
each turn the script also reads the gunicorn workers' CPU time (``/proc``)
and prints the CPU milliseconds per request of each side: their ratio is the
share the machine would show if the bench had it alone.

It prints requests per second and wrk's latency percentiles, and the ratio
of each page to the floor.  Every response of a run must be 200 (wrk counts
the others); the script checks one response's content first.  Without
``wrk`` on ``PATH`` (Debian: ``apt-get install wrk``) it says so and exits
without measuring.  Aim: 800 requests/s or more on two cores at 200,000
members.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _common import print_summary  # noqa: E402
from bench_member_list import setup_database  # noqa: E402

TARGET_RPS = 800
#: The signed-in page without a list, as a share of the trivial view.
LIGHT_TARGET_SHARE = 0.25
WARM_UP_SECONDS = 3


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--members", type=int, default=200_000)
    p.add_argument("--orgs", type=int, default=10_000)
    p.add_argument("--seconds", type=int, default=20, help="wrk duration per URL")
    p.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    p.add_argument("--threads", type=int, default=2, help="wrk threads")
    p.add_argument("--connections", type=int, default=8, help="wrk connections")
    p.add_argument("--q", default="王", help="the name search term")
    p.add_argument(
        "--rounds",
        type=int,
        default=4,
        help="turns of the light page and the trivial view, --seconds shared",
    )
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--pg-db", default="tongxin_bench_http")
    p.add_argument("--keep", action="store_true", help="keep the database afterwards")
    return p.parse_args()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn serving ``app`` on a free loopback port, stopped on exit."""

    def __init__(self, app: str, workers: int, env: dict[str, str]):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                app,
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--worker-class",
                "sync",
                "--timeout",
                "120",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
            start_new_session=True,  # its own process group, stopped as one
        )

    def __enter__(self) -> Server:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"gunicorn exited ({self.proc.returncode})")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.2)
        raise SystemExit("gunicorn did not start within 120 s")

    def __exit__(self, *exc) -> None:
        # The master and every worker: none may outlive the database.
        group = os.getpgid(self.proc.pid)
        os.killpg(group, signal.SIGTERM)
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(group, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by the workers (Linux ``/proc``)."""
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            # fields[1] is the parent's pid; [11], [12] user and system ticks.
            if int(fields[1]) == self.proc.pid:
                total += int(fields[11]) + int(fields[12])
        return total / tick

    def measure(self, path: str, args, cookie: str | None = None) -> dict:
        """Run wrk on ``path``; add the workers' CPU milliseconds per request."""
        before = self.cpu_seconds()
        result = run_wrk(self.url + path, args, cookie)
        used = self.cpu_seconds() - before
        if result.get("requests"):
            result["cpu_ms"] = round(used * 1000 / result["requests"], 3)
        return result

    def warm_up(self, path: str, args, cookie: str | None = None) -> None:
        """Load every worker (imports, templates, connections) before measuring.

        gunicorn accepts connections as soon as its master listens, while the
        workers may still be importing Django; a short wrk run first makes
        every worker serve some requests.
        """
        warm = argparse.Namespace(**{**vars(args), "seconds": WARM_UP_SECONDS})
        run_wrk(self.url + path, warm, cookie)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    return float(m.group(1)) * _UNITS[m.group(2)] if m else float("nan")


def _median_run(runs: list[dict]) -> dict:
    """The run with the median requests/s (its latencies and report with it)."""
    ordered = sorted(runs, key=lambda r: r.get("rps", 0))
    return ordered[len(ordered) // 2]


def run_wrk(url: str, args, cookie: str | None = None) -> dict:
    cmd = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.seconds}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    result: dict = {"raw": out}
    if m := re.search(r"Requests/sec:\s+([\d.]+)", out):
        result["rps"] = float(m.group(1))
    if m := re.search(r"(\d+) requests in", out):
        result["requests"] = int(m.group(1))
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    result["non_2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors:.*", out)
    result["socket_errors"] = m.group(0) if m else ""
    for pct in ("50", "75", "90", "99"):
        if m := re.search(rf"^\s+{pct}%\s+(\S+)", out, re.MULTILINE):
            result[f"p{pct}_ms"] = round(_ms(m.group(1)), 2)
    return result


def main() -> None:
    args = parse_args()
    if shutil.which("wrk") is None:
        print("wrk not found on PATH (Debian: apt-get install wrk); not measuring.")
        print_summary(
            {
                "bench": "http",
                "engine": "postgresql" if os.environ.get("DATABASE_URL") else "sqlite",
                "skipped": "wrk not installed",
                "figures": {},
                "targets_missed": [],
            }
        )
        return
    teardown = setup_database(args)
    try:
        import django

        django.setup()
        run(args)
    finally:
        teardown()


def run(args) -> None:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, connections
    from django.test import Client
    from django.urls import reverse

    from tongxin.accounts.services import grant_role, user_create
    from tongxin.members.models import Member
    from tongxin.orgs.models import Organization
    from tongxin.orgs.selectors import subtree_member_count

    vendor = connection.vendor
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
    print(f"bench-data: {made['organizations']} orgs, {made['members']} members")
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            # What autovacuum does after a bulk load: statistics, and the
            # visibility map that lets counts run as index-only scans.
            cursor.execute("VACUUM ANALYZE")
    root = Organization.objects.get(pk=made["root_id"])
    active = Member.objects.filter(status=Member.Status.ACTIVE).count()
    level1 = list(Organization.objects.filter(parent=root))
    node = min(level1, key=lambda o: abs(subtree_member_count(org=o) - active / 5))
    staff = user_create(by=None, username="bench_http", password=None)
    grant_role(by=None, user=staff, role="staff_org", organization=node)
    client = Client()
    client.force_login(staff)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    list_url = reverse("members:list")
    paths = {
        "member list, first page": f"{list_url}?{urlencode({'org': node.pk})}",
        f"member list, q={args.q}": f"{list_url}?{urlencode({'org': node.pk, 'q': args.q})}",
    }
    connections.close_all()

    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    results: dict[str, dict] = {}
    print(
        f"gunicorn: {args.workers} sync workers; wrk: {args.threads} threads, "
        f"{args.connections} connections, {args.seconds} s per URL; "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
    )
    base_env = {k: v for k, v in env.items() if k != "DJANGO_SETTINGS_MODULE"}
    with Server("tongxin.wsgi:application", args.workers, env) as server:
        for label, path in paths.items():
            request = urllib.request.Request(
                server.url + path, headers={"Cookie": cookie}
            )
            with urllib.request.urlopen(request, timeout=60) as response:
                body = response.read().decode()
                assert response.status == 200, response.status
                assert "tx-" in body and node.name in body, "not the member list"
            server.warm_up(path, args, cookie)
            results[label] = run_wrk(server.url + path, args, cookie)
            print(f"-- wrk, {label}:\n{results[label]['raw']}", flush=True)
        # The app's own floor: a signed-in page through every middleware, the
        # session, the navigation and the notifications badge, with no list,
        # measured in turns with the trivial view (both servers up), so that
        # a machine whose load changes weighs on both sides of the ratio alike.
        light = "/notifications/"
        request = urllib.request.Request(server.url + light, headers={"Cookie": cookie})
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status == 200, response.status
            assert "tx-nav-links" in response.read().decode(), "not signed in"
        server.warm_up(light, args, cookie)
        light_label = "signed-in page without a list (/notifications/)"
        floor_label = "trivial Django view (floor)"
        with Server(
            "bench.http_baseline:application", args.workers, base_env
        ) as baseline:
            with urllib.request.urlopen(baseline.url + "/", timeout=60) as response:
                assert response.read() == b"ok"
            baseline.warm_up("/", args)
            turns = argparse.Namespace(
                **{**vars(args), "seconds": max(1, args.seconds // args.rounds)}
            )
            pairs = []
            for _ in range(args.rounds):
                page = server.measure(light, turns, cookie)
                base = baseline.measure("/", turns)
                pairs.append((page, base))
                print(
                    f"-- turn: {light_label} {page.get('rps', 0):.1f} req/s, "
                    f"{page.get('cpu_ms', 0):.2f} CPU ms/request; floor "
                    f"{base.get('rps', 0):.1f} req/s, "
                    f"{base.get('cpu_ms', 0):.3f} CPU ms/request",
                    flush=True,
                )
            results[light_label] = _median_run([p for p, _ in pairs])
            results[floor_label] = _median_run([b for _, b in pairs])
            light_shares = [
                p.get("rps", 0) / b["rps"] for p, b in pairs if b.get("rps")
            ]
            # On a shared machine the requests/s of either side depend on what
            # else runs at that moment; the CPU each request costs the workers
            # does much less: its ratio is what the share would be on a
            # machine given to the bench alone (both sides CPU-bound).
            cpu_shares = [
                b["cpu_ms"] / p["cpu_ms"]
                for p, b in pairs
                if p.get("cpu_ms") and b.get("cpu_ms")
            ]
            print(f"-- wrk, {light_label} (median turn):")
            print(results[light_label]["raw"])
            print(f"-- wrk, trivial view (median turn):\n{results[floor_label]['raw']}")

    floor = results["trivial Django view (floor)"].get("rps") or float("nan")
    figures: dict[str, float] = {}
    missed: list[str] = []
    print(f"\n{'':<32} {'req/s':>9} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8}  non-2xx")
    for label, r in results.items():
        print(
            f"  {label:<30} {r.get('rps', 0):9.1f} {r.get('p50_ms', 0):8.2f} "
            f"{r.get('p90_ms', 0):8.2f} {r.get('p99_ms', 0):8.2f}  {r['non_2xx']}"
            + (f"  {r['socket_errors']}" if r["socket_errors"] else "")
        )
        figures[f"{label}: requests/s"] = r.get("rps", 0)
        figures[f"{label}: latency p50 ms"] = r.get("p50_ms", 0)
        figures[f"{label}: latency p99 ms"] = r.get("p99_ms", 0)
        if r["non_2xx"]:
            missed.append(f"{label}: {r['non_2xx']} responses not 200")
    if light_shares:
        share = statistics.median(light_shares)
        figures[f"{light_label}: share of the floor"] = round(share, 3)
        print(
            f"  {light_label}: {share:.1%} of the trivial view's requests/s "
            f"(median of {len(light_shares)} turns: "
            + ", ".join(f"{x:.1%}" for x in light_shares)
            + ")"
        )
        if cpu_shares:
            cpu_share = statistics.median(cpu_shares)
            figures[f"{light_label}: share of the floor by CPU per request"] = round(
                cpu_share, 3
            )
            figures[f"{light_label}: worker CPU ms per request"] = statistics.median(
                p["cpu_ms"] for p, _ in pairs if p.get("cpu_ms")
            )
            figures["trivial Django view (floor): worker CPU ms per request"] = (
                statistics.median(b["cpu_ms"] for _, b in pairs if b.get("cpu_ms"))
            )
            print(
                f"  {light_label}: {cpu_share:.1%} of the trivial view by worker CPU "
                "per request (floor's / page's; median of turns: "
                + ", ".join(f"{x:.1%}" for x in cpu_shares)
                + ")"
            )
        if share < LIGHT_TARGET_SHARE:
            missed.append(f"{light_label} below {LIGHT_TARGET_SHARE:.0%} of the floor")
    for label, r in results.items():
        if label.startswith("member list"):
            share = r.get("rps", 0) / floor
            figures[f"{label}: share of the floor"] = round(share, 3)
            print(f"  {label}: {share:.1%} of the trivial view's requests/s")
            if r.get("rps", 0) < TARGET_RPS:
                missed.append(f"{label} below {TARGET_RPS} requests/s")
    print(
        f"\nload average at the end: {os.getloadavg()[0]:.1f}"
        + ("" if not missed else "\ntargets missed: " + "; ".join(missed))
    )
    print_summary(
        {
            "bench": "http",
            "engine": vendor,
            "figures": figures,
            "targets_missed": missed,
        }
    )


if __name__ == "__main__":
    main()
