"""Test-run costs that prove nothing, made cheap (see docs/architecture.md, Tests).

Two costs ran on every test without being what any test checks:

* Django's file cache lists its whole directory on every write to decide
  whether to cull (``FileBasedCache._cull``).  The test run writes thousands
  of frame-cache entries into one directory, so each write grew slower than
  the last.  :class:`FileCache` is the same file cache -- same files, same
  place, shared with any process the tests start -- that looks at the
  directory only every :data:`CULL_EVERY` writes.
* WhiteNoise walks every static file the finders know each time a
  middleware chain is built, and Django's test ``Client`` builds one per
  client: every test paid for a walk of ``static/``.  :func:`share_static_scan`
  walks once per set of static-file settings and gives every later chain the
  same table.
"""

from __future__ import annotations

import itertools

from django.conf import settings
from django.core.cache.backends.filebased import FileBasedCache

#: A write in this many looks at the directory size (and culls if over).
CULL_EVERY = 500
_writes = itertools.count(1)


class FileCache(FileBasedCache):
    """Django's file cache, culling on every :data:`CULL_EVERY`-th write."""

    def _cull(self):
        if next(_writes) % CULL_EVERY == 0:
            super()._cull()


def caches_for_tests() -> dict:
    """Return ``settings.CACHES`` with the default cache made a :class:`FileCache`."""
    caches = {name: dict(conf) for name, conf in settings.CACHES.items()}
    default = caches["default"]
    if default["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache":
        default["BACKEND"] = f"{__name__}.FileCache"
    return caches


_static_tables: dict[tuple, dict] = {}


def share_static_scan() -> None:
    """Make WhiteNoise walk the static files once per static-file settings."""
    from whitenoise.middleware import WhiteNoiseMiddleware

    walk = WhiteNoiseMiddleware.add_files_from_finders
    if getattr(walk, "shared", False):
        return

    def add_files_from_finders(self):
        key = (
            self.static_prefix,
            repr(settings.STATICFILES_DIRS),
            tuple(settings.STATICFILES_FINDERS),
            tuple(settings.INSTALLED_APPS),
        )
        table = _static_tables.get(key)
        if table is None:
            before = dict(self.files)
            walk(self)
            table = _static_tables[key] = {
                url: found
                for url, found in self.files.items()
                if before.get(url) is not found
            }
        self.files.update(table)

    add_files_from_finders.shared = True
    WhiteNoiseMiddleware.add_files_from_finders = add_files_from_finders
