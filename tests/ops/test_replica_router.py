"""The read replica router against two database aliases (two SQLite files).

A subprocess (``replica_probe.py``) starts with ``TONGXIN_REPLICA_DATABASE_URL``
set, so the settings add the ``replica`` alias exactly as in production; the
replica is a copy of the primary that has not caught up with its last write.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from django.db import connections

from tests.ops.procs import REPO, subprocess_env
from tongxin.core.routers import REPLICA, ReplicaRouter, reading_from_replica

PROBE = Path(__file__).with_name("replica_probe.py")


def run_probe(tmp_path: Path) -> dict:
    env = subprocess_env(
        tmp_path / "var",
        f"sqlite:///{tmp_path / 'primary.sqlite3'}",
        TONGXIN_REPLICA_DATABASE_URL=f"sqlite:///{tmp_path / 'replica.sqlite3'}",
    )
    done = subprocess.run(
        [sys.executable, str(PROBE)],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def test_reads_in_the_context_go_to_the_replica_and_all_else_to_default(tmp_path):
    out = run_probe(tmp_path)
    assert out["aliases"] == ["default", "replica"]
    # Migrations run on default only.
    assert out["default_has_table"] is True
    assert "django_content_type" not in out["replica_tables_after_migrate"]
    # Outside the block: default, which has the last write.
    assert out["outside"] == [["after", "before"], {"default": 1, "replica": 0}]
    # Inside: the replica, which has not caught up with it.
    assert out["inside"] == [["before"], {"default": 0, "replica": 1}]
    # Writes inside the block still go to default.
    assert out["write_inside"][1]["replica"] == 0
    assert out["write_inside"][1]["default"] >= 1
    # A transaction on default reads its own database.
    assert out["inside_atomic"][0] == ["after", "before", "written"]
    assert out["inside_atomic"][1]["replica"] == 0
    # Leaving a nested block keeps the outer one; leaving the outer ends it.
    assert out["after_nested"] == [["before"], {"default": 0, "replica": 1}]
    assert out["after"] == [
        ["after", "before", "written"],
        {"default": 1, "replica": 0},
    ]


def test_without_a_replica_the_context_changes_nothing():
    assert REPLICA not in connections.settings
    router = ReplicaRouter()
    with reading_from_replica():
        assert router.db_for_read(None) is None
        assert router.db_for_write(None) == "default"
    assert router.allow_migrate("default", "members") is True
    assert router.allow_migrate(REPLICA, "members") is False
