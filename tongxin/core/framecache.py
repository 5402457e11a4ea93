"""What every signed-in request reads, kept in Django's cache between requests.

The page frame reads the same few rows on every request: the session, the
user, the user's grants (the login policy and every policy check), the
unread notifications badge.  They are kept in Django's cache (``CACHES``,
shared by every server process: see ``docs/architecture.md``) and dropped the
moment the rows change, so a check never reads an older answer than the
database holds.

Each entry lives under a *generation*: ``<item>:<generation>``, the
generation being a random token kept at its own key.  Dropping means deleting
the generation key, at once and again when the transaction commits; the next
reader starts a new generation, so an entry written from rows read while the
change was in progress is unreachable after the commit (a plain delete would
let such a reader put the old rows back).  What is kept, and what drops it:

========================  ====================================================
what                      dropped when
========================  ====================================================
session                   Django's ``cached_db`` engine writes through and
                          deletes on logout and cycling; the database stays
                          the truth (``SESSION_ENGINE``).
user row                  that user saved or deleted (signals), and the one
``tx:user:<id>``          queryset update of a user row
                          (``flag_login_after_reset``).
grants                    any grant saved or deleted, any organization saved
``tx:grants:<id>``        or deleted, an organization moved (its subtree's
                          paths change), a user created or deleted (an id
                          may be reused): one generation for all users.
unread badge              a notification of that user created, changed or
``tx:unread:<id>``        deleted, or marked read.
========================  ====================================================

A restore of the database clears the whole cache.  Each entry also expires
after ``FRAME_CACHE_SECONDS``, a backstop only.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction

#: How long an entry lives at most (seconds); changes drop entries at once.
FRAME_CACHE_SECONDS = 300
#: The generation of every user's grants.
GRANTS = "tx:grants"
_MISSING = object()


def user_ns(user_id) -> str:
    return f"tx:user:{user_id}"


def unread_ns(user_id) -> str:
    return f"tx:unread:{user_id}"


def cached(namespace: str, item: str, compute: Callable[[], Any]) -> Any:
    """Return ``item`` of ``namespace`` from the cache, computing it on a miss."""
    generation = cache.get(f"{namespace}:gen")
    if generation is None:
        cache.add(f"{namespace}:gen", uuid.uuid4().hex, None)
        generation = cache.get(f"{namespace}:gen")
        if generation is None:  # the cache keeps nothing: compute every time
            return compute()
    key = f"{item}:{generation}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, FRAME_CACHE_SECONDS)
    return value


def forget(*namespaces: str) -> None:
    """Make every entry of ``namespaces`` unreachable, now and at commit."""
    keys = [f"{ns}:gen" for ns in namespaces]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def forget_user(user_id) -> None:
    forget(user_ns(user_id), unread_ns(user_id))


def forget_unread(user_id) -> None:
    forget(unread_ns(user_id))


def forget_all_grants() -> None:
    forget(GRANTS)


def database_key(key: str, key_prefix: str, version) -> str:
    """Django's cache key with the default database's name in it."""
    from django.db import connections

    name = connections["default"].settings_dict.get("NAME") or ""
    return f"{key_prefix}:{version}:{name}:{key}"
