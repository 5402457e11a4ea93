"""SQLite under concurrent writers: no "database is locked" reaches a caller.

Runs ``bench/bench_sqlite_writers.py`` for 5 seconds with 4 writer processes
(the full figure is the 60-second, 8-writer run of the benchmark).  The
benchmark always uses its own SQLite file, whatever database the suite runs on.
"""

import json
import subprocess
import sys

from tests.ops.procs import REPO

BENCH = REPO / "bench" / "bench_sqlite_writers.py"


def test_it_serves_four_writers_for_five_seconds_without_a_lock_error():
    """Every writer commits, nothing fails, no lock error surfaces."""
    done = subprocess.run(
        [sys.executable, str(BENCH), "--writers", "4", "--seconds", "5", "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["locked"] == 0
    assert summary["errors"] == 0, summary["error_samples"]
    assert summary["conflicts"] == 0
    assert summary["sqlite"]["options"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in summary["sqlite"]["init_command"]
    assert len(summary["per_writer_tx_per_second"]) == 4
    assert all(rate > 0 for rate in summary["per_writer_tx_per_second"])
    assert summary["creates"] > 0
    assert summary["updates"] > 0
