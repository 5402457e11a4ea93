"""Run the whole benchmark suite on SQLite and PostgreSQL; print the figures side by side.

Run as ``.venv/bin/python bench/run_all.py`` (or ``make bench``); ``--quick``
runs every script at a tiny scale (a smoke run: the scripts work, the figures
mean little).

For each database engine -- SQLite always, PostgreSQL when the server at
``--pg-url`` answers (or ``--engines`` says which) -- the script migrates one
template database, then runs each benchmark script in its own process on a
fresh copy of it (``bench/_common.py``), streaming the script's own report,
and collects the ``SUMMARY`` line each script ends with.  At the end it
prints one table: every figure on SQLite and on PostgreSQL, measured in the
same run, and their ratio, then the targets any script missed.  ``--json``
writes all summaries to a file as well.  The exit status is 1 if a script
failed (not if a target was missed: that is a finding, not a failure).

Scales (full / ``--quick``): member list and HTTP at 200,000 members in 10,000
organizations / 5,000 in 100; attendance and the statistics 5,000,000
attendance rows (``--attendance``) / 20,000; roster import 100,000 rows / 300; SQLite writers 8 for 60 s / 2 for
2 s (SQLite only: PostgreSQL has no single-writer lock to measure).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(BENCH))

from _common import PG_TEMPLATE, SQLITE_TEMPLATE, parse_summary  # noqa: E402

BENCHES = (
    "member_list",
    "attendance",
    "stats",
    "import",
    "http",
    "sqlite_writers",
)


def scale_args(name: str, args) -> list[str]:
    """Return the command-line arguments of bench ``name`` at the chosen scale."""
    q = args.quick
    members = ["--members", "5000", "--orgs", "100"] if q else []
    if args.members:
        members = ["--members", str(args.members), "--orgs", str(args.orgs)]
    if name == "member_list":
        return [*members, "--repeat", "3" if q else str(args.repeat)]
    if name == "attendance":
        attendance = args.attendance or (20_000 if q else 5_000_000)
        events = ["--events", "300"] if q else []
        return [
            *members,
            *events,
            "--attendance",
            str(attendance),
            "--repeat",
            "3" if q else "15",
        ]
    if name == "stats":
        attendance = args.attendance or (20_000 if q else 5_000_000)
        events = ["--events", "300"] if q else []
        return [
            *members,
            *events,
            "--attendance",
            str(attendance),
            "--repeat",
            "2" if q else "7",
        ]
    if name == "import":
        rows = args.rows or (300 if q else 100_000)
        return [
            "--rows",
            str(rows),
            "--iie",
            args.iie,
            *(["--orgs-count", "20"] if q else []),
        ]
    if name == "http":
        return [*members, "--seconds", "5" if q else str(args.http_seconds)]
    if name == "sqlite_writers":
        return ["--writers", "2", "--seconds", "2"] if q else []
    raise KeyError(name)


def with_db(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


def pg_reachable(url: str) -> bool:
    try:
        import psycopg

        with psycopg.connect(with_db(url, "postgres"), connect_timeout=3):
            return True
    except Exception:
        return False


def pg_admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(with_db(url, "postgres"), autocommit=True) as conn:
        conn.execute(sql)


def make_template(engine: str, args, workdir: Path) -> dict[str, str]:
    """Migrate one database for the engine; return the environment of the scripts."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(ROOT)
    var = workdir / f"template-{engine}"
    var.mkdir()
    env["TONGXIN_VAR_DIR"] = str(var)
    if engine == "sqlite" and args.sqlite_template:
        # A migrated database given (the test suite's): copied, not migrated.
        with (
            sqlite3.connect(args.sqlite_template) as src,
            sqlite3.connect(var / "tongxin.sqlite3") as dst,
        ):
            src.backup(dst)
    if engine == "sqlite":
        env.pop("DATABASE_URL", None)
    else:
        name = f"{args.pg_db}_template"
        pg_admin(args.pg_url, f'DROP DATABASE IF EXISTS "{name}"')
        pg_admin(args.pg_url, f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = with_db(args.pg_url, name)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "tongxin.cli", "migrate", "--verbosity", "0"],
        env=env,
        cwd=ROOT,
        check=True,
    )
    print(f"[{engine}] template migrated in {time.perf_counter() - started:.0f} s")
    script_env = dict(env)
    script_env.pop("TONGXIN_VAR_DIR")
    script_env["PYTHONUNBUFFERED"] = "1"  # the reports stream as they are made
    if engine == "sqlite":
        script_env[SQLITE_TEMPLATE] = str(var / "tongxin.sqlite3")
    else:
        script_env[PG_TEMPLATE] = f"{args.pg_db}_template"
        script_env["DATABASE_URL"] = with_db(args.pg_url, "postgres")
    return script_env


def drop_template(engine: str, args) -> None:
    if engine == "postgresql":
        pg_admin(
            args.pg_url, f'DROP DATABASE IF EXISTS "{args.pg_db}_template" WITH (FORCE)'
        )


def run_bench(name: str, engine: str, env: dict, args, log_dir: Path) -> dict:
    cmd = [sys.executable, str(BENCH / f"bench_{name}.py"), *scale_args(name, args)]
    if engine == "postgresql" and name != "sqlite_writers":
        cmd += ["--pg-db", f"{args.pg_db}_{name}"]
    print(f"\n[{engine}] $ {' '.join(cmd[1:])}", flush=True)
    log = log_dir / f"{engine}-{name}.log"
    started = time.perf_counter()
    with log.open("w") as out:
        proc = subprocess.Popen(
            cmd,
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        lines = []
        for line in proc.stdout:
            out.write(line)
            lines.append(line)
            if not args.quiet:
                sys.stdout.write("    " + line)
                sys.stdout.flush()
        proc.wait()
    seconds = time.perf_counter() - started
    summary = parse_summary("".join(lines))
    if proc.returncode != 0 or summary is None:
        tail = "".join(lines[-30:])
        print(f"[{engine}] {name} FAILED (exit {proc.returncode}); log {log}\n{tail}")
        return {"bench": name, "engine": engine, "failed": True, "seconds": seconds}
    summary["seconds"] = round(seconds, 1)
    print(f"[{engine}] {name} done in {seconds:.0f} s (log {log})")
    return summary


def _fmt(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    if isinstance(value, int | float) and abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:g}" if isinstance(value, float) else str(value)


def side_by_side(results: list[dict], engines: list[str]) -> str:
    """Return the table of every figure per engine, with PostgreSQL/SQLite."""
    by: dict[tuple[str, str], dict] = {}
    order: list[tuple[str, str]] = []
    for r in results:
        for key, value in (r.get("figures") or {}).items():
            k = (r["bench"], key)
            if k not in by:
                by[k] = {}
                order.append(k)
            by[k][r["engine"]] = value
    both = len(engines) == 2
    head = f"{'benchmark':<15} {'figure':<62}" + "".join(f"{e:>13}" for e in engines)
    lines = [head + ("   PG/SQLite" if both else ""), "-" * (len(head) + 12)]
    for bench, key in order:
        values = by[(bench, key)]
        line = f"{bench:<15} {key[:62]:<62}" + "".join(
            f"{_fmt(values.get(e)):>13}" for e in engines
        )
        a, b = values.get("sqlite"), values.get("postgresql")
        if both and isinstance(a, int | float) and isinstance(b, int | float) and a:
            line += f"   {b / a:9.2f}"
        lines.append(line)
    return "\n".join(lines)


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="tiny scale: a smoke run")
    p.add_argument(
        "--engines",
        default="auto",
        help="sqlite, postgresql or both comma-separated (default: SQLite, and "
        "PostgreSQL if it answers)",
    )
    p.add_argument(
        "--only",
        default=",".join(BENCHES),
        help=f"which benchmarks, comma-separated (default: {','.join(BENCHES)})",
    )
    p.add_argument(
        "--pg-url",
        default=os.environ.get("DATABASE_URL")
        if (os.environ.get("DATABASE_URL") or "").startswith("postgres")
        else "postgres://postgres@127.0.0.1:5432/postgres",
        help="a PostgreSQL server the user may create databases on",
    )
    p.add_argument(
        "--pg-db",
        default="tongxin_bench",
        help="prefix of the PostgreSQL databases the scripts create and drop",
    )
    p.add_argument("--members", type=int, help="override the members (and --orgs)")
    p.add_argument("--orgs", type=int, default=10_000)
    p.add_argument("--attendance", type=int, help="attendance rows")
    p.add_argument("--rows", type=int, help="roster import rows")
    p.add_argument(
        "--iie",
        default="row,bulk",
        help="django-import-export modes the import bench times (row, bulk, none)",
    )
    p.add_argument("--repeat", type=int, default=30, help="member list repeats")
    p.add_argument("--http-seconds", type=int, default=20)
    p.add_argument(
        "--sqlite-template",
        help="a migrated SQLite database to start from instead of migrating one",
    )
    p.add_argument("--json", help="write all summaries to this file")
    p.add_argument("--logs", help="directory for each script's full output")
    p.add_argument("--quiet", action="store_true", help="do not echo the scripts")
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.engines == "auto":
        engines = ["sqlite"] + (["postgresql"] if pg_reachable(args.pg_url) else [])
    else:
        engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    benches = [b.strip() for b in args.only.split(",") if b.strip()]
    unknown = set(benches) - set(BENCHES)
    if unknown or set(engines) - {"sqlite", "postgresql"}:
        raise SystemExit(f"unknown benchmark or engine: {unknown or engines}")
    print(
        f"Tongxin benchmark suite ({'quick' if args.quick else 'full'} scale) on "
        f"{', '.join(engines)}; {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.1f}; {time.strftime('%Y-%m-%d %H:%M %Z')}"
    )
    if "postgresql" not in engines:
        print("PostgreSQL: not reachable at --pg-url or not chosen; SQLite only.")
    workdir = Path(tempfile.mkdtemp(prefix="tongxin-suite-"))
    log_dir = Path(args.logs) if args.logs else workdir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    results: list[dict] = []
    try:
        for engine in engines:
            env = make_template(engine, args, workdir)
            try:
                for name in benches:
                    if name == "sqlite_writers" and engine != "sqlite":
                        continue
                    results.append(run_bench(name, engine, env, args, log_dir))
            finally:
                drop_template(engine, args)
    finally:
        shutil.rmtree(workdir / "template-sqlite", ignore_errors=True)
        shutil.rmtree(workdir / "template-postgresql", ignore_errors=True)
    print("\n" + "=" * 30 + " figures side by side " + "=" * 30)
    print(side_by_side(results, engines))
    missed = [
        f"[{r['engine']}] {r['bench']}: {m}"
        for r in results
        for m in r.get("targets_missed") or []
    ]
    skipped = [
        f"[{r['engine']}] {r['bench']}: {r['skipped']}"
        for r in results
        if r.get("skipped")
    ]
    failed = [f"[{r['engine']}] {r['bench']}" for r in results if r.get("failed")]
    missed_title = "targets missed" + (
        " (meaningless at --quick scale)" if args.quick else ""
    )
    for title, items in (
        ("skipped", skipped),
        (missed_title, missed),
        ("FAILED", failed),
    ):
        if items:
            print(f"\n{title}:\n  " + "\n  ".join(items))
    kept = str(log_dir) if args.logs else "not kept (--logs DIR keeps them)"
    print(f"\nlogs: {kept}; load average at the end {os.getloadavg()[0]:.1f}")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {"engines": engines, "quick": args.quick, "results": results},
                ensure_ascii=False,
                indent=1,
            )
        )
    if not args.logs:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
