"""Access by organization subtree: the base of every app's policy.

A grant is (user, role, organization); it covers the organization's subtree.  An
app's policy maps its actions to the roles that may perform them; the policy
answers ``can(user, action, obj)`` and ``visible(user, queryset, action)``.
Views, API handlers and commands ask the policy and never test roles themselves.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from tongxin.core import tree

STAFF_ROLES = frozenset(
    {
        "staff_office",
        "staff_org",
        "staff_publicity",
        "staff_participation",
        "staff_service",
    }
)
READ_ROLES = STAFF_ROLES | {"leader", "org_head"}


def user_grants(user) -> list[tuple[str, str]]:
    """Return the user's grants as ``(role, path)`` pairs.

    Kept on the user object for the request, and in the frame cache between
    requests (``core.framecache``: dropped whenever a grant or an organization
    changes).
    """
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return []
    cached = getattr(user, "_tongxin_grants", None)
    if cached is None:
        from tongxin.accounts.models import Grant
        from tongxin.core import framecache

        def query() -> list[tuple[str, str]]:
            return list(
                Grant.objects.filter(
                    user_id=user.pk, organization__closed_on__isnull=True
                ).values_list("role", "organization__path")
            )

        cached = framecache.cached(framecache.GRANTS, f"tx:grants:{user.pk}", query)
        user._tongxin_grants = cached
    return cached


def forget_grants(user) -> None:
    """Drop the cached grants (after granting or revoking)."""
    if hasattr(user, "_tongxin_grants"):
        del user._tongxin_grants


class Policy:
    """Map actions to roles; answer questions about a user's reach.

    ``rules`` maps an action to the set of roles allowed to perform it anywhere
    in their granted subtrees.  ``self_actions`` lists actions a member may
    perform on records that are their own (see :meth:`owner_q`).
    """

    rules: dict[str, frozenset[str]] = {}
    self_actions: frozenset[str] = frozenset()
    #: Actions the superuser's flag does not grant (reading personal data):
    #: only the grants count, and the superuser holds none that allow them.
    not_for_superuser: frozenset[str] = frozenset()
    path_field = "path"

    def scopes(self, user, action: str) -> list[str]:
        """Return the minimal list of subtree paths where ``action`` is allowed."""
        if getattr(user, "is_system", False):
            # The command line's actor (no account): whoever runs it has the
            # server and its database already.
            return [""]
        if (
            getattr(user, "is_superuser", False)
            and user.is_active
            and action not in self.not_for_superuser
        ):
            return [""]
        roles = self.rules.get(action, frozenset())
        return tree.minimal_paths(p for r, p in user_grants(user) if r in roles)

    def scope_q(self, user, action: str, field: str | None = None) -> Q:
        field = field or self.path_field
        paths = self.scopes(user, action)
        if paths == [""]:
            return Q()
        return tree.subtrees_q(paths, field)

    def visible(self, user, queryset: QuerySet, action: str = "view") -> QuerySet:
        """Return the part of ``queryset`` the user may see (or act on)."""
        if not getattr(user, "is_authenticated", False):
            return queryset.none()
        q = self.scope_q(user, action)
        if action in self.self_actions:
            own = self.owner_q(user)
            if own is not None:
                if self.scopes(user, action):
                    q = q | own
                else:
                    q = own
            elif not self.scopes(user, action):
                return queryset.none()
        elif not self.scopes(user, action):
            return queryset.none()
        return queryset.filter(q)

    def can(self, user, action: str, obj=None) -> bool:
        """Return True if the user may perform ``action`` (on ``obj``)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        paths = self.scopes(user, action)
        if obj is None:
            return bool(paths) or (
                action in self.self_actions and self.owner_q(user) is not None
            )
        obj_path = self.path_of(obj)
        if any(tree.is_within(obj_path, p) for p in paths):
            return True
        return action in self.self_actions and self.is_owner(user, obj)

    def can_in(self, user, action: str, paths: Iterable[str]) -> bool:
        """Return True if ``action`` is allowed in every one of ``paths``."""
        scopes = self.scopes(user, action)
        return all(any(tree.is_within(p, s) for s in scopes) for p in paths)

    # Hooks for subclasses.
    def path_of(self, obj) -> str:
        """Return the tree path an object lives at (an organization is its own)."""
        if hasattr(obj, self.path_field):
            return getattr(obj, self.path_field)
        if hasattr(obj, "path"):
            return obj.path
        return obj.organization.path

    def owner_q(self, user) -> Q | None:
        return None

    def is_owner(self, user, obj) -> bool:
        return False


def require(policy: Policy, user, action: str, obj=None) -> None:
    """Raise ``PermissionDenied`` with a Chinese message unless allowed."""
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext as _

    if not policy.can(user, action, obj):
        raise PermissionDenied(_("您没有权限执行此操作。"))
