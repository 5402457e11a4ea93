"""Materialized paths for the organization tree.

A path is a string of digits, ``SEGMENT`` characters per level: the root
``00001``, its third child ``0000100003``.  Every subtree is one contiguous range
of paths, so subtree filters are range conditions that use a plain B-tree index
on both SQLite and PostgreSQL (``LIKE 'p%'`` does not).  Paths hold digits only
so that any database collation orders them the same way.
"""

from django.db.models import Q

SEGMENT = 5
MAX_CHILDREN = 10**SEGMENT - 1


def segment(n: int) -> str:
    """Return the path segment of the ``n``-th child (1-based)."""
    if not 1 <= n <= MAX_CHILDREN:
        raise ValueError(f"segment out of range: {n}")
    return str(n).zfill(SEGMENT)


def path_upper_bound(path: str) -> str:
    """Return the smallest path greater than every path in ``path``'s subtree."""
    return str(int(path) + 1).zfill(len(path))


def subtree_q(path: str, field: str = "path") -> Q:
    """Return a range condition matching ``path`` and all its descendants.

    The empty path (a superuser's scope, above every root) matches every path.
    """
    if not path:
        return Q(**{f"{field}__gte": ""})
    return Q(**{f"{field}__gte": path, f"{field}__lt": path_upper_bound(path)})


def subtrees_q(paths: list[str], field: str = "path") -> Q:
    """Return a condition matching any of the subtrees (no paths: matches none)."""
    q = Q(pk__in=[])
    for p in minimal_paths(paths):
        q |= subtree_q(p, field)
    return q


def minimal_paths(paths) -> list[str]:
    """Drop paths that lie inside another path of the list."""
    result: list[str] = []
    for p in sorted(set(paths)):
        if not result or not p.startswith(result[-1]):
            result.append(p)
    return result


def is_within(path: str, ancestor: str) -> bool:
    """Return True if ``path`` is ``ancestor`` or one of its descendants."""
    return path.startswith(ancestor) and len(path) >= len(ancestor)


def depth_of(path: str) -> int:
    """Return the depth of a path, the root being 0."""
    return len(path) // SEGMENT - 1
