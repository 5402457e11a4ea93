"""The project's settings with SQLite's default page cache (2 MB) instead of 64 MB.

Used only by the kill test: with the small cache a large transaction spills
its uncommitted pages into the write-ahead log while it writes, which is the
signal that the import is in its write phase (with 64 MB the pages of an
8,000-row import reach the log only at commit).  Everything else is the
project's ``tongxin.settings``.
"""

from tongxin.settings import *  # noqa: F403
from tongxin.settings import DATABASES, SQLITE_OPTIONS

_DEFAULT = "PRAGMA cache_size=-64000;"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if _DEFAULT not in SQLITE_OPTIONS["init_command"]:
        raise RuntimeError(f"tongxin.settings no longer sets {_DEFAULT}")
    DATABASES["default"]["OPTIONS"] = {
        **SQLITE_OPTIONS,
        "init_command": SQLITE_OPTIONS["init_command"].replace(
            _DEFAULT, "PRAGMA cache_size=-2000;"
        ),
    }
