"""The names' sort and search keys of a large import, derived in a second process.

Deriving the keys of a name (pypinyin, OpenCC: :func:`~tongxin.members.
services.name_keys`) is the costliest step per row of an import, and it
depends on nothing but the name.  For a large import a worker process derives
them while this process checks the rows; the write then finds them ready.
Small imports, dry runs and single-core machines derive them inline, once per
distinct name either way.

The worker is forked after the dictionaries are loaded; it touches neither the
database nor anything but the names it is given.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor

from tongxin.members.services import name_keys

__all__ = ["NameKeys"]

#: Distinct names from which a worker process pays off (it costs ~0.1 s to start).
PARALLEL_MIN = 20_000
CHUNK = 5_000


def _keys_of(names: list[str]) -> dict[str, dict[str, str]]:
    return {name: name_keys(name) for name in names}


class NameKeys(dict):
    """``name -> name_keys(name)``, computed once per name.

    :meth:`start` hands a list of names to a worker process; calling the
    object returns a name's keys, taking the worker's results when they are
    ready and deriving anything else inline.
    """

    def __init__(self):
        super().__init__()
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future] = []

    def start(self, names: Iterable[str]) -> None:
        """Derive the keys of ``names`` in a worker if there are enough of them."""
        distinct = [n for n in dict.fromkeys(names) if n and n not in self]
        if len(distinct) < PARALLEL_MIN or (os.cpu_count() or 1) < 2:
            return
        if "fork" not in multiprocessing.get_all_start_methods():
            return
        name_keys("张三")  # load pypinyin's and OpenCC's data before forking
        self._pool = ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("fork")
        )
        self._futures = [
            self._pool.submit(_keys_of, distinct[i : i + CHUNK])
            for i in range(0, len(distinct), CHUNK)
        ]

    def __call__(self, name: str) -> dict[str, str]:
        if self._futures:
            self._collect()
        keys = self.get(name)
        if keys is None:
            keys = self[name] = name_keys(name)
        return keys

    def _collect(self) -> None:
        futures, self._futures = self._futures, []
        try:
            for future in futures:
                self.update(future.result())
        finally:
            self.close()

    def close(self) -> None:
        """Stop the worker (results not yet collected are dropped)."""
        for future in self._futures:
            future.cancel()
        self._futures = []
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
