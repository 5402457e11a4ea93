"""Every read of accounts, grants and tokens, scoped to the acting user.

System administrators see the accounts within their reach (see
``tongxin.accounts.policies``); the three administrators see the grants in
their subtrees; security administrators find grantees by user name.
"""

from __future__ import annotations

from django.db.models import F, Prefetch, Q, QuerySet

from tongxin.accounts.models import ApiToken, CredentialReset, Grant, MemberLink, User
from tongxin.accounts.policies import policy
from tongxin.core import tree
from tongxin.core.memberport import registry
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


def own_tokens(*, user) -> QuerySet[ApiToken]:
    """Return the API tokens ``user`` owns, newest first."""
    if not getattr(user, "is_authenticated", False):
        return ApiToken.objects.none()
    return (
        ApiToken.objects.filter(user=user)
        .select_related("user", "revoked_by")
        .order_by("-created_at", "-id")
    )


def all_tokens(*, user) -> QuerySet[ApiToken]:
    """Return the tokens of the accounts within the security administrator's reach."""
    accounts = policy.visible(user, User.objects.all(), "manage_tokens")
    return (
        ApiToken.objects.filter(user__in=accounts)
        .select_related("user", "revoked_by")
        .order_by("-created_at", "-id")
    )


def token_get(*, user, pk: int) -> ApiToken:
    """Return a token ``user`` may revoke (their own, or any for the security
    administrator); ``ApiToken.DoesNotExist`` otherwise."""
    token = own_tokens(user=user).filter(pk=pk).first()
    if token is None:
        token = all_tokens(user=user).get(pk=pk)
    return token


def reset_list(*, user) -> QuerySet[CredentialReset]:
    """Return the credential reset requests on accounts within ``user``'s reach."""
    accounts = policy.visible(user, User.objects.all(), "view_resets")
    return CredentialReset.objects.filter(target__in=accounts).select_related(
        "target", "requested_by", "decided_by"
    )


def reset_get(*, user, pk: int) -> CredentialReset:
    return reset_list(user=user).get(pk=pk)


def link_list(*, user) -> QuerySet[MemberLink]:
    """Return the member links 组织部 ``user`` proposed or may settle."""
    if not policy.scopes(user, "link_member"):
        return MemberLink.objects.none()
    return (
        MemberLink.objects.filter(
            policy.scope_q(user, "link_member", "member__org_path")
        )
        .select_related("user", "member__organization", "proposed_by", "confirmed_by")
        .order_by("-proposed_at", "-id")
    )


def link_get(*, user, pk: int) -> MemberLink:
    return link_list(user=user).get(pk=pk)


def pending_link(*, user) -> MemberLink | None:
    """Return the account's own proposed member link, if any."""
    if not getattr(user, "is_authenticated", False) or user.member_id:
        return None
    return (
        MemberLink.objects.filter(user=user, state=MemberLink.State.PROPOSED)
        .select_related("member__organization")
        .first()
    )


def linkable_accounts_get(*, user, username: str) -> User:
    """Return an active account 组织部 may propose a member link for."""
    if not policy.scopes(user, "link_member"):
        raise User.DoesNotExist
    return User.objects.get(username=(username or "").strip(), is_active=True)


def link_orgs(*, user) -> QuerySet[Organization]:
    """Return the organizations whose members ``user`` may give accounts to."""
    if not policy.scopes(user, "link_member"):
        return Organization.objects.none()
    return Organization.objects.filter(
        policy.scope_q(user, "link_member", "path")
    ).order_by("path")


def linkable_members(*, user) -> QuerySet:
    """Return the members ``user`` may propose a link for (组织部's scope)."""
    members = registry().all()
    if not policy.scopes(user, "link_member"):
        return members.none()
    return members.filter(
        policy.scope_q(user, "link_member", "org_path")
    ).select_related("organization")


def open_grants(user) -> list[tuple[str, str]]:
    """Return ``(role, organization path)`` of the user's grants in open organizations."""
    return list(
        Grant.objects.filter(
            user=user, organization__closed_on__isnull=True
        ).values_list("role", "organization__path")
    )
