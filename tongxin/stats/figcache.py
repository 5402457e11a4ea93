"""The dashboard's figures kept between requests, dropped by any write.

Counting every section's figures for a committee costs some 150 queries; the
same figures are asked again and again (the dashboard, its API, each choice of
organization and period) while the records behind them change rarely. Each
section's figures are kept in Django's cache (``CACHES``, shared by every
server process) under

    ``tx:stats:<generation>:<section>:<digest of the scope, period, age bands,
    language and today's date>``

and every write to the database drops them all: a wrapper on every database
connection (:func:`watch`, installed when a connection opens) sees each
``INSERT``, ``UPDATE``, ``DELETE`` or schema statement and deletes the
generation key, at once and again when the transaction commits, like
:mod:`tongxin.core.framecache`. Writes to tables no figure reads do not drop
them: sessions, login throttling, second-factor devices, notifications
(:data:`IGNORED_TABLES`).

A transaction that has written reads around the cache (neither reads nor
writes it): what it sees is not yet what the others see. So every entry was
computed from committed rows, after the last write its generation survived.

Not seen by the wrapper, and what covers it: PostgreSQL ``COPY`` run on the
driver's cursor (the roster import's bulk writer) — the import writes its
audit record and its other rows through ordinary statements in the same
transaction; a restore — it clears the whole cache; a write made outside the
product (``psql``) — entries expire after :data:`FIGURE_CACHE_SECONDS`.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db.backends.signals import connection_created
from django.utils import timezone, translation

from tongxin.members.ages import age_bands

#: How long an entry lives at most (seconds); a write drops entries at once.
FIGURE_CACHE_SECONDS = 3600
#: The key holding the current generation.
GENERATION = "tx:stats:gen"
#: Tables written on ordinary requests that no figure reads.
IGNORED_TABLES = re.compile(r"^(django_session|axes_|otp_|notifications_)")

_WRITE = re.compile(
    r"^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO"
    r"|TRUNCATE(?:\s+TABLE)?|ALTER\s+TABLE|DROP\s+TABLE|CREATE\s+TABLE|COPY)"
    r"\s+(?:ONLY\s+)?[\"`]?(\w+)",
    re.IGNORECASE,
)


def writes(sql: str) -> bool:
    """True if ``sql`` may change a row a figure reads."""
    m = _WRITE.match(sql)
    return bool(m) and not IGNORED_TABLES.match(m.group(1).lower())


def _marker(alias: str) -> Callable[[], None]:
    """The commit hook that drops the generation when ``alias``'s transaction commits."""

    def at_commit() -> None:
        cache.delete(GENERATION)

    at_commit.stats_alias = alias  # type: ignore[attr-defined]
    return at_commit


def in_written_transaction(connection) -> bool:
    """True inside a transaction that has written a row a figure may read."""
    if not connection.in_atomic_block:
        return False
    marker = getattr(connection, "_tx_stats_marker", None)
    if marker is None:
        return False
    hooks = connection.run_on_commit
    if getattr(connection, "_tx_stats_hooks", None) is hooks:
        return True
    # A savepoint's rollback or a commit replaces the list: look for the hook.
    if any(func is marker for _sids, func, _robust in hooks):
        connection._tx_stats_hooks = hooks
        return True
    return False


def dropped_by_write(connection) -> None:
    """Drop every entry now and, inside a transaction, again at its commit."""
    if in_written_transaction(connection):
        return  # already dropped, and the commit hook is in place
    cache.delete(GENERATION)
    if connection.in_atomic_block:
        marker = _marker(connection.alias)
        connection._tx_stats_marker = marker
        connection.on_commit(marker)
        connection._tx_stats_hooks = connection.run_on_commit


def watch(execute, sql, params, many, context):
    """The connection's execute wrapper: a write drops the figures."""
    if isinstance(sql, str) and writes(sql):
        dropped_by_write(context["connection"])
    return execute(sql, params, many, context)


def _install(sender, connection, **kwargs) -> None:
    if watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch)


def install() -> None:
    """Watch every database connection, those open already and those to come."""
    from django.db import connections

    connection_created.connect(_install, dispatch_uid="tongxin.stats.figcache")
    for connection in connections.all(initialized_only=True):
        _install(None, connection)


def _generation() -> str | None:
    generation = cache.get(GENERATION)
    if generation is None:
        cache.add(GENERATION, uuid.uuid4().hex, None)
        generation = cache.get(GENERATION)
    return generation


def digest(scope, period) -> str:
    """What the figures depend on besides the rows, as a short digest."""
    data = [
        list(scope.paths),
        scope.org.pk if scope.org is not None else None,
        period.as_dict(),
        [repr(b) for b in age_bands()],
        translation.get_language(),
        timezone.localdate().isoformat(),
        timezone.localdate().isoformat(),
    ]
    raw = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def sections(
    names: list[str], scope, period, compute: Callable[[str], dict]
) -> dict[str, dict]:
    """``{name: compute(name)}`` for each of ``names``, from the cache where kept."""
    from django.db import connections

    if any(in_written_transaction(c) for c in connections.all(initialized_only=True)):
        return {name: compute(name) for name in names}
    generation = _generation()
    if generation is None:  # the cache keeps nothing
        return {name: compute(name) for name in names}
    base = f"tx:stats:{generation}:{digest(scope, period)}"
    keys = {name: f"{base}:{name}" for name in names}
    found = cache.get_many(list(keys.values()))
    result, missing = {}, {}
    for name, key in keys.items():
        if key in found:
            result[name] = found[key]
        else:
            result[name] = missing[key] = compute(name)
    if missing and not any(
        in_written_transaction(c) for c in connections.all(initialized_only=True)
    ):
        cache.set_many(missing, FIGURE_CACHE_SECONDS)
    return result
