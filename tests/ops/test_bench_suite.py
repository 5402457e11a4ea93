"""The benchmark suite works: ``bench/run_all.py --quick`` runs every script.

A smoke run at a tiny scale on SQLite (the template is the test database,
already migrated): every benchmark must finish and report its figures.  The
figures themselves are not checked -- no timing assertions -- only that each
script measured what it says and that nothing went wrong that is a fault
rather than a finding (an error, a "database is locked", a page that was not
200).  The HTTP benchmark reports itself skipped where ``wrk`` is missing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.db import connection

from tests.ops.procs import REPO

BENCHES = {"member_list", "attendance", "stats", "import", "http", "sqlite_writers"}


@pytest.mark.django_db
def test_the_quick_suite_runs_every_benchmark(tmp_path):
    if connection.vendor != "sqlite":
        # The smoke run uses SQLite whatever the suite runs on: once is enough.
        pytest.skip("the quick benchmark suite runs once, in the SQLite test run")
    cmd = [
        sys.executable,
        str(REPO / "bench" / "run_all.py"),
        "--quick",
        "--engines",
        "sqlite",
        "--json",
        str(tmp_path / "suite.json"),
        "--logs",
        str(tmp_path / "logs"),
        "--quiet",
    ]
    if connection.vendor == "sqlite":
        cmd += ["--sqlite-template", str(connection.settings_dict["NAME"])]
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["TONGXIN_VAR_DIR"] = str(tmp_path / "var")
    done = subprocess.run(
        cmd,
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "figures side by side" in done.stdout
    data = json.loads((tmp_path / "suite.json").read_text())
    results = {r["bench"]: r for r in data["results"]}
    assert set(results) == set(BENCHES)
    assert not [r for r in results.values() if r.get("failed")]

    listing = results["member_list"]["figures"]
    assert listing["list node staff, no search: first page ms"] > 0
    assert listing["list all staff, q='王': deep/first"] > 0
    assert any(k.startswith("admin changelist") for k in listing)

    imported = results["import"]["figures"]
    assert imported["rows"] == 300 and imported["tongxin import rows/s"] > 0
    assert "iie-row/tongxin time ratio" in imported

    attendance = results["attendance"]["figures"]
    assert attendance["attendance rows"] == 20_000
    assert "attendance_by_year whole tree, by member ours/raw" in attendance

    stats = results["stats"]["figures"]
    assert stats["figures whole tree queries"] > 0
    assert stats["figures whole tree ms"] > 0
    assert "annual report whole tree ms" in stats

    writers = results["sqlite_writers"]["figures"]
    assert writers["errors"] == 0
    assert writers["database is locked reaching a caller"] == 0

    http = results["http"]
    if http.get("skipped"):
        assert "wrk" in http["skipped"]
    else:
        assert "member list, first page: requests/s" in http["figures"]
        assert not [m for m in http["targets_missed"] if "not 200" in m]
