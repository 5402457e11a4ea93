"""Who may manage accounts and grants (三员分立).

The system administrator manages accounts; the security administrator grants
rights; the audit administrator only reads the audit trail (see
``tongxin.audit.policies``). No account holds two of these roles, and an
administrator account holds no business role either (``grant_role`` refuses).

An account lies within a system administrator's reach when everything it is
attached to — its member record and its grants — lies within the
administrator's subtrees. An account attached to nothing belongs to a system
administrator granted on a root of the tree.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from tongxin.core import tree
from tongxin.core.policies import Policy, user_grants

#: The administrator roles (mirrors ``tongxin.accounts.models.ADMIN_ROLES``,
#: kept as plain strings so this module imports no models).
ADMIN_ROLE_NAMES = frozenset({"sysadmin", "secadmin", "auditadmin"})


class AccountPolicy(Policy):
    rules = {
        "manage_users": frozenset({"sysadmin"}),
        "grant": frozenset({"secadmin"}),
        "view_grants": frozenset({"secadmin", "sysadmin", "auditadmin"}),
        # Two-person rule: the security administrator approves resets of
        # administrator credentials that a system administrator requested.
        "approve_reset": frozenset({"secadmin"}),
        "view_resets": frozenset({"sysadmin", "secadmin"}),
        # The security administrator lists and revokes anyone's API tokens.
        "manage_tokens": frozenset({"secadmin"}),
        # Linking an account to a member is a business act of 组织部.
        "link_member": frozenset({"staff_org"}),
    }
    path_field = "path"

    def can(self, user, action: str, obj=None) -> bool:
        """Return True if ``user`` may ``action``; accounts by their attachments."""
        from tongxin.accounts.models import User

        if isinstance(obj, User):
            if not self.active(user):
                return False
            return self._reaches(self.scopes(user, action), obj)
        return super().can(user, action, obj)

    def visible(self, user, queryset: QuerySet, action: str = "view") -> QuerySet:
        """Return the part of ``queryset`` the user may see or act on.

        Querysets of users are filtered by the accounts' attachments; others
        (grants, organizations) by ``path_field`` as usual.
        """
        if queryset.model._meta.label_lower == "accounts.user":
            return self._visible_users(user, queryset, action)
        return super().visible(user, queryset, action)

    def is_admin_account(self, account) -> bool:
        """Return True for the superuser and holders of an administrator role.

        Grants on closed organizations count too: an account that ever held
        an administrator role stays an administrator account.
        """
        if account is None or not getattr(account, "pk", None):
            return False
        if account.is_superuser:
            return True
        return account.grants.filter(role__in=ADMIN_ROLE_NAMES).exists()

    def needs_second_factor(self, user) -> bool:
        """Return True if ``user`` must pass TOTP before using the site.

        Superusers and holders of an administrator role do (等保 level 3).
        """
        if not getattr(user, "is_authenticated", False):
            return False
        if user.is_superuser:
            return True
        return any(role in ADMIN_ROLE_NAMES for role, _path in user_grants(user))

    # --- accounts by attachment ------------------------------------------------

    @staticmethod
    def attachment_paths(account) -> list[str]:
        """Return the tree paths an account is attached to (member, grants)."""
        paths = []
        if account.member_id:
            paths.append(account.member.org_path)
        if account.pk:
            paths.extend(account.grants.values_list("organization__path", flat=True))
        return paths

    def _reaches(self, scopes: list[str], account) -> bool:
        if not scopes:
            return False
        if scopes == [""]:
            return True
        paths = self.attachment_paths(account)
        if not paths:
            return any(tree.depth_of(s) == 0 for s in scopes)
        return all(any(tree.is_within(p, s) for s in scopes) for p in paths)

    def _visible_users(self, user, queryset: QuerySet, action: str) -> QuerySet:
        from tongxin.accounts.models import Grant

        if not self.active(user):
            return queryset.none()
        scopes = self.scopes(user, action)
        if not scopes:
            return queryset.none()
        if scopes == [""]:
            return queryset
        grants = Grant.objects.filter(user=OuterRef("pk"))
        outside = grants.exclude(tree.subtrees_q(scopes, "organization__path"))
        q = ~Exists(outside) & (
            Q(member__isnull=True) | tree.subtrees_q(scopes, "member__org_path")
        )
        if not any(tree.depth_of(s) == 0 for s in scopes):
            q &= Q(member__isnull=False) | Exists(grants)
        return queryset.filter(q)


policy = AccountPolicy()
