"""Run ``tongxin`` in subprocesses against a chosen database (the ops tests)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[2]
TONGXIN = str(Path(sys.executable).parent / "tongxin")


def database_url(settings_dict: dict) -> str:
    """Return a DATABASE_URL naming the database of ``settings_dict``."""
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    user = quote(settings_dict.get("USER") or "", safe="")
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{quote(password, safe='')}@" if password else f"{user}@"
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{settings_dict['NAME']}"


def subprocess_env(var_dir: Path, url: str, **extra: str) -> dict[str, str]:
    """Return the environment of a ``tongxin`` subprocess on database ``url``."""
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(TONGXIN_VAR_DIR=str(var_dir), DATABASE_URL=url, PYTHONPATH=str(REPO))
    env.update(extra)
    return env


def run_tongxin(
    args: list[str], env: dict[str, str], timeout: float = 300
) -> subprocess.CompletedProcess:
    """Run ``tongxin ARGS`` and return the finished process (text output)."""
    return subprocess.run(
        [TONGXIN, *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
