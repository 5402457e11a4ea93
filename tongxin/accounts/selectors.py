"""Every read of accounts, grants and tokens, scoped to the acting user.

System administrators see the accounts within their reach (see
``tongxin.accounts.policies``); the three administrators see the grants in
their subtrees; security administrators find grantees by user name.
"""

from __future__ import annotations

from django.db.models import F, Prefetch, Q, QuerySet

from tongxin.accounts.models import ApiToken, Grant, User
from tongxin.accounts.policies import policy
from tongxin.core import tree
from tongxin.members.models import Member
from tongxin.orgs.models import Organization


def user_list(*, user, query: str = "") -> QuerySet[User]:
    """Return the accounts ``user`` may manage, optionally matching ``query``."""
    qs = policy.visible(user, User.objects.all(), "manage_users")
    query = (query or "").strip()
    if query:
        qs = qs.filter(Q(username__icontains=query) | Q(display_name__icontains=query))
    return qs.select_related("member").prefetch_related(
        Prefetch(
            "grants",
            queryset=Grant.objects.select_related("organization").order_by("role"),
        )
    )


def user_get(*, user, pk: int) -> User:
    """Return one account ``user`` may manage; ``User.DoesNotExist`` otherwise."""
    return user_list(user=user).get(pk=pk)


def grant_list(
    *, user, username: str = "", organization: Organization | None = None
) -> QuerySet[Grant]:
    """Return the grants on organizations in ``user``'s reach.

    ``username`` keeps one user's grants; ``organization`` those on its subtree.
    """
    qs = Grant.objects.filter(policy.scope_q(user, "view_grants", "organization__path"))
    if username:
        qs = qs.filter(user__username=username)
    if organization is not None:
        qs = qs.filter(tree.subtree_q(organization.path, "organization__path"))
    return (
        qs.select_related("user", "organization", "granted_by")
        .annotate(org_path=F("organization__path"))
        .order_by("org_path", "id")
    )


def grant_get(*, user, pk: int) -> Grant:
    """Return one grant ``user`` may see; ``Grant.DoesNotExist`` otherwise."""
    return grant_list(user=user).get(pk=pk)


def grantable_orgs(*, user) -> QuerySet[Organization]:
    """Return the open organizations where ``user`` may grant roles."""
    if not policy.scopes(user, "grant"):
        return Organization.objects.none()
    return Organization.objects.filter(
        policy.scope_q(user, "grant", "path"), closed_on__isnull=True
    ).order_by("path")


def viewable_orgs(*, user) -> QuerySet[Organization]:
    """Return the organizations whose grants ``user`` may list."""
    if not policy.scopes(user, "view_grants"):
        return Organization.objects.none()
    return Organization.objects.filter(
        policy.scope_q(user, "view_grants", "path")
    ).order_by("path")


def grantee_get(*, user, username: str) -> User:
    """Return the active account named ``username`` for a grant.

    Only a user who may grant somewhere can look accounts up this way.
    """
    if not policy.can(user, "grant"):
        raise User.DoesNotExist
    return User.objects.get(username=(username or "").strip(), is_active=True)


def linkable_member_get(*, user, pk: int) -> Member:
    """Return a member an account managed by ``user`` may be linked to."""
    if not policy.scopes(user, "manage_users"):
        raise Member.DoesNotExist
    return Member.objects.filter(policy.scope_q(user, "manage_users", "org_path")).get(
        pk=pk
    )


def api_token_list(*, user, account: User) -> QuerySet[ApiToken]:
    """Return ``account``'s API tokens if ``user`` manages the account."""
    if not policy.can(user, "manage_users", account):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=account).order_by("-created_at")
