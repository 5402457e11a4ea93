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


#: Reads a user's grants from the store; plugged in by ``tongxin.accounts``
#: when the apps are ready (the kernel does not import the apps above it).
_grants_loader = None


def use_grants_loader(loader) -> None:
    """Make ``loader(user)`` the source of ``(role, path)`` grants."""
    global _grants_loader
    _grants_loader = loader


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
        if _grants_loader is None:
            from django.core.exceptions import ImproperlyConfigured

            raise ImproperlyConfigured("tongxin.accounts is not installed")
        from tongxin.core import framecache

        cached = framecache.cached(
            framecache.GRANTS,
            f"tx:grants:{user.pk}",
            lambda: list(_grants_loader(user)),
        )
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
    #: Actions under which a record is also open to those below its owner
    #: (see :meth:`open_paths`); ``open_to_members`` adds the user's own
    #: organization to the places they look up from.
    open_actions: frozenset[str] = frozenset()
    open_to_members: bool = False

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

    # --- open below the owner ------------------------------------------------

    def opens(self, model) -> bool:
        """Return True if records of ``model`` are open below their owner.

        ``model`` is None when the question is about no record in particular.
        Policies with ``open_actions`` open all their records; override to
        open only some kinds.
        """
        return bool(self.open_actions)

    def member_path(self, user) -> str | None:
        """Return the organization path of the user's own member record, if active."""
        member = (
            getattr(user, "member", None) if getattr(user, "member_id", None) else None
        )
        if member is None or not member.is_active:
            return None
        return member.org_path

    def open_paths(self, user, action: str, model=None) -> list[str]:
        """Return the paths whose records are open to the user beyond their scopes.

        A record open below its owner is open to a user when its path is an
        ancestor (or the node) of a node where they hold a role for
        ``action`` — or, with ``open_to_members``, of their own organization.
        """
        if action not in self.open_actions or not self.opens(model):
            return []
        bases = list(self.scopes(user, action))
        if self.open_to_members:
            own = self.member_path(user)
            if own:
                bases.append(own)
        paths: set[str] = set()
        for base in bases:
            if base:
                paths.update(tree.ancestor_paths(base))
        return sorted(paths)

    # --- the questions -------------------------------------------------------

    @staticmethod
    def active(user) -> bool:
        """Return True for a signed-in, active account (the one check of both)."""
        return bool(getattr(user, "is_authenticated", False) and user.is_active)

    def visible(self, user, queryset: QuerySet, action: str = "view") -> QuerySet:
        """Return the part of ``queryset`` the user may see (or act on)."""
        if not self.active(user):
            return queryset.none()
        scopes = self.scopes(user, action)
        if scopes == [""]:
            return queryset
        q = tree.subtrees_q(scopes, self.path_field)
        found = bool(scopes)
        if action in self.self_actions:
            own = self.owner_q(user)
            if own is not None:
                q |= own
                found = True
        opened = self.open_paths(user, action, queryset.model)
        if opened:
            q |= Q(**{f"{self.path_field}__in": opened})
            found = True
        return queryset.filter(q) if found else queryset.none()

    def can(self, user, action: str, obj=None) -> bool:
        """Return True if the user may perform ``action`` (on ``obj``)."""
        if not self.active(user):
            return False
        paths = self.scopes(user, action)
        if obj is None:
            return (
                bool(paths)
                or (action in self.self_actions and self.owner_q(user) is not None)
                or bool(self.open_paths(user, action))
            )
        obj_path = self.path_of(obj)
        if any(tree.is_within(obj_path, p) for p in paths):
            return True
        if action in self.self_actions and self.is_owner(user, obj):
            return True
        return obj_path in self.open_paths(user, action, type(obj))

    def require_somewhere(self, user, action: str) -> None:
        """Refuse (``PermissionDenied``) a user who may not ``action`` anywhere.

        Called before reading the ids a request names, so that a refused user
        learns nothing about which records exist.
        """
        from django.core.exceptions import PermissionDenied
        from django.utils.translation import gettext as _

        if not self.scopes(user, action):
            raise PermissionDenied(_("您没有权限执行此操作。"))

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
