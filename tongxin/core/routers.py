"""Read-only reports on a replica database (``TONGXIN_REPLICA_DATABASE_URL``).

A national association's statistics read millions of rows; on PostgreSQL they
can run against a streaming replica so that they never compete with the
writes of the people working on the primary.  When the environment names a
replica, settings add the database alias :data:`REPLICA` and install
:class:`ReplicaRouter`.  Code opts in explicitly::

    with reading_from_replica():
        figures = compute(...)          # its queries read from the replica

or decorates a read-only view with :func:`replica_reads`.  The choice lives in
a :class:`~contextvars.ContextVar`, so it holds for the code inside the block
(thread and task local) and nowhere else.  Everything else reads from
``default``, writes always go to ``default``, inside the block too, and
migrations run only on ``default`` (the replica copies its schema from the
primary).  Inside a transaction on ``default`` reads stay on ``default``, so
a transaction sees its own writes.  Without a replica configured the context
manager changes nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections

__all__ = ["REPLICA", "ReplicaRouter", "reading_from_replica", "replica_reads"]

#: The database alias of the replica.
REPLICA = "replica"

_use_replica: ContextVar[bool] = ContextVar("tongxin_use_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.settings


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """Send the reads of the code inside the block to the replica, if there is one."""
    token = _use_replica.set(True)
    try:
        yield
    finally:
        _use_replica.reset(token)


def replica_reads(view: Callable) -> Callable:
    """Decorate a read-only view so that its queries read from the replica."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        with reading_from_replica():
            return view(*args, **kwargs)

    return wrapper


class ReplicaRouter:
    """Reads inside :func:`reading_from_replica` go to the replica; all else to default."""

    def db_for_read(self, model, **hints) -> str | None:
        if (
            _use_replica.get()
            and replica_configured()
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        return None  # Django's default: the instance's database, or default

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # Both aliases hold the same data: objects read from either may relate.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS
