"""Materialized paths for the organization tree.

A path is a string of digits, ``SEGMENT`` characters per level: the root
``00001``, its third child ``0000100003``.  Every subtree is one contiguous range
of paths, so subtree filters are range conditions that use a plain B-tree index
on both SQLite and PostgreSQL (``LIKE 'p%'`` does not).  Paths hold digits only
so that any database collation orders them the same way.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat, Substr

SEGMENT = 5
MAX_CHILDREN = 10**SEGMENT - 1
PATH_LENGTH = 100


class TreePathField(models.CharField):
    """A copy of an organization's tree path kept on another record.

    Records carry the path of the organization they belong to so that subtree
    filters are one range condition on their own table.  Declaring the copy
    with this field is all it takes for it to follow a moved subtree:
    :func:`move_path_copies` finds every such column by introspection.  The
    field is a plain ``varchar`` in the database; its migrations name
    ``CharField`` so that the marker costs no schema change.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", PATH_LENGTH)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs


def path_copy_columns() -> list[tuple[type[models.Model], list[str]]]:
    """Return every model holding tree path copies, with the copies' field names.

    Historical records (django-simple-history) keep the path a record had
    then and are left out, as are proxy and unmanaged models.
    """
    from simple_history.models import HistoricalChanges

    found = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or issubclass(model, HistoricalChanges):
            continue
        names = [f.name for f in meta.concrete_fields if isinstance(f, TreePathField)]
        if names:
            found.append((model, names))
    return found


def move_path_copies(*, old_path: str, new_path: str) -> dict[str, int]:
    """Rewrite every copy of a path inside ``old_path``'s subtree to ``new_path``.

    Called in the transaction that moves the subtree; returns the rows
    rewritten per ``app_label.Model.field``.
    """
    n = len(old_path) + 1
    moved = {}
    for model, names in path_copy_columns():
        for name in names:
            rows = model._base_manager.filter(subtree_q(old_path, name)).update(
                **{name: Concat(Value(new_path), Substr(name, n))}
            )
            moved[f"{model._meta.label}.{name}"] = rows
    return moved


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


def ancestor_paths(path: str) -> list[str]:
    """Return ``path`` and the paths of all its ancestors."""
    return [path[:i] for i in range(SEGMENT, len(path) + 1, SEGMENT)]


def is_within(path: str, ancestor: str) -> bool:
    """Return True if ``path`` is ``ancestor`` or one of its descendants."""
    return path.startswith(ancestor) and len(path) >= len(ancestor)


def depth_of(path: str) -> int:
    """Return the depth of a path, the root being 0."""
    return len(path) // SEGMENT - 1
