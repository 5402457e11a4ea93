"""API router: accounts (system administrator), grants (security administrator),
one's own API tokens, the two-person rule on administrator credentials and
account–member links (组织部).

The same services and selectors as the pages of ``tongxin.accounts``: an
account outside the system administrator's reach answers 404; one-time
passwords and tokens are in the response once and never again. A token is
minted only by its owner (``POST /accounts/tokens``, or the old
``/accounts/users/{own id}/tokens``), never for someone else (403).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import SESSION_KEY, update_session_auth_hash
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from tongxin.accounts import services
from tongxin.accounts.models import (
    ApiToken,
    CredentialReset,
    Grant,
    MemberLink,
    Role,
    User,
)
from tongxin.accounts.policies import policy
from tongxin.accounts.selectors import (
    all_tokens,
    grant_get,
    grant_list,
    grantable_orgs,
    grantee_get,
    link_get,
    link_list,
    linkable_accounts_get,
    linkable_members,
    own_tokens,
    pending_link,
    reset_get,
    reset_list,
    token_get,
    user_get,
    user_list,
    viewable_orgs,
)
from tongxin.core.pagination import decode_cursor, keyset_page
from tongxin.core.schemas import (
    MAX_ID,
    WRITE_ERRORS,
    ErrorOut,
    Id,
    InputSchema,
    PathId,
    ValidationErrorOut,
    named_enum,
    referenced,
)

router = Router(tags=["accounts"])

#: Reads here may be refused outright (403): listing accounts or grants is a right.
READ_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
MAX_PAGE_SIZE = 200


AccountRole = named_enum("AccountRole", Role)


class GrantBriefOut(Schema):
    id: int
    role: str
    role_label: str = Field(alias="get_role_display")
    organization: int = Field(alias="organization_id")
    organization_name: str = Field(alias="organization.name")


class UserOut(Schema):
    """An account as the system administrator sees it (never its password)."""

    id: int
    username: str
    display_name: str
    email: str
    member: int | None = Field(alias="member_id", description="关联会员的编号")
    is_active: bool
    must_change_password: bool
    last_login: dt.datetime | None
    date_joined: dt.datetime
    grants: list[GrantBriefOut] = Field(alias="grants.all")


class UserPageOut(Schema):
    items: list[UserOut]
    next_cursor: str | None = Field(description="下一页游标；没有下一页时为 null")
    prev_cursor: str | None = Field(description="上一页游标；第一页为 null")


class UserCreateIn(InputSchema):
    username: str = Field(min_length=1, max_length=150, pattern=r"^[\w.@+-]+$")
    display_name: str = Field("", max_length=50)
    email: str = Field("", max_length=254)
    member: Id | None = Field(None, description="关联会员的编号")
    password_login: bool = Field(
        True, description="为 false 时不设密码，只能用接口令牌访问"
    )


class SecretOut(Schema):
    password: str | None = Field(description="一次性密码；只在此响应中出现一次")


class UserCreatedOut(SecretOut):
    user: UserOut


class TokenIn(InputSchema):
    name: str = Field(min_length=1, max_length=50)
    expires_days: int = Field(
        services.TOKEN_MAX_DAYS,
        ge=1,
        le=services.TOKEN_MAX_DAYS,
        description="有效天数（1–90，默认 90）",
    )
    read_only: bool = Field(False, description="只读令牌只能查询")
    roles: list[AccountRole] = Field(
        default_factory=list, description="角色范围（本人持有角色的子集）；空为全部"
    )


class TokenOut(Schema):
    id: int
    name: str
    token: str = Field(description="令牌原文；只在此响应中出现一次")
    expires_at: dt.datetime | None = None


class TokenInfoOut(Schema):
    """A token as its owner or the security administrator sees it (never its text)."""

    id: int
    username: str = Field(alias="user.username")
    name: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    last_used_at: dt.datetime | None
    read_only: bool
    roles: list[str]
    revoked_at: dt.datetime | None
    state: str = Field(description="active/revoked/expired/disabled/password")
    state_label: str

    @staticmethod
    def resolve_state(obj: ApiToken) -> str:
        return obj.state()

    @staticmethod
    def resolve_state_label(obj: ApiToken) -> str:
        return str(obj.state_label())


class ResetRequestIn(InputSchema):
    reason: str = Field("", max_length=200)


class ResetDecisionIn(InputSchema):
    note: str = Field("", max_length=200)


class ResetOut(Schema):
    """A request to reset an administrator's password or second factor."""

    id: int
    target: int = Field(alias="target_id")
    username: str = Field(alias="target.username")
    kind: str
    kind_label: str = Field(alias="get_kind_display")
    reason: str
    state: str
    state_label: str = Field(alias="get_state_display")
    requested_by: str = Field(alias="requested_by.username")
    requested_at: dt.datetime
    decided_by: str | None = Field(None, alias="decided_by.username")
    decided_at: dt.datetime | None


class ResetDoneOut(Schema):
    request: ResetOut
    password: str | None = Field(
        description="批准重置密码时的一次性密码；只在此响应中出现一次"
    )


class MemberAccountIn(InputSchema):
    member: Id = Field(description="会员编号")
    username: str = Field("", max_length=150, pattern=r"^[\w.@+-]*$")


class MemberAccountOut(Schema):
    user: UserOut
    password: str = Field(description="初始密码；只在此响应中出现一次")
    link: int = Field(description="待会员确认的关联编号")


class LinkIn(InputSchema):
    username: str = Field(min_length=1, max_length=150)
    member: Id


class LinkConfirmIn(InputSchema):
    proof: str = Field(
        min_length=1, max_length=30, description="身份证号后 4 位或会员证号"
    )


class LinkOut(Schema):
    id: int
    username: str = Field(alias="user.username")
    member: int = Field(alias="member_id")
    member_name: str = Field(alias="member.name")
    state: str
    state_label: str = Field(alias="get_state_display")
    confirmed_how: str
    proposed_by: str | None = Field(None, alias="proposed_by.username")
    proposed_at: dt.datetime
    decided_at: dt.datetime | None


class UserListQuery(Schema):
    q: str | None = Field(None, max_length=150, description="用户名或显示名")
    cursor: str | None = Field(None, max_length=500)
    size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)


class GrantOut(Schema):
    id: int
    user: int = Field(alias="user_id")
    username: str = Field(alias="user.username")
    role: str
    role_label: str = Field(alias="get_role_display")
    organization: int = Field(alias="organization_id")
    organization_name: str = Field(alias="organization.name")
    granted_by: str | None = Field(None, alias="granted_by.username")
    granted_at: dt.datetime


class GrantPageOut(Schema):
    items: list[GrantOut]
    next_cursor: str | None
    prev_cursor: str | None


class GrantListQuery(Schema):
    user: str | None = Field(None, max_length=150, description="用户名")
    organization: int | None = Field(
        None, ge=1, le=MAX_ID, description="组织编号（含下级）"
    )
    cursor: str | None = Field(None, max_length=500)
    size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)


class GrantIn(InputSchema):
    username: str = Field(min_length=1, max_length=150)
    role: AccountRole
    organization: Id


class PasswordChangeIn(InputSchema):
    old_password: str = Field(max_length=4096)
    new_password: str = Field(max_length=4096)


def _require(request: HttpRequest, action: str) -> None:
    if not policy.can(request.auth, action):
        raise PermissionDenied(_("您没有权限执行此操作。"))


def _cursor(cursor: str | None) -> str | None:
    if cursor and decode_cursor(cursor) is None:
        raise ValidationError({"cursor": _("翻页游标无效，请从第一页重新开始。")})
    return cursor


def _account(request: HttpRequest, user_id: int) -> User:
    _require(request, "manage_users")
    return user_get(user=request.auth, pk=user_id)


# --- accounts ------------------------------------------------------------------


@router.get("/users", response={200: UserPageOut, **READ_ERRORS}, summary="账户列表")
def list_users(request: HttpRequest, params: Query[UserListQuery]) -> dict:
    """Return one page of the accounts the system administrator manages."""
    _require(request, "manage_users")
    page = keyset_page(
        user_list(user=request.auth, query=params.q or ""),
        key="username",
        cursor=_cursor(params.cursor),
        size=params.size or settings.TONGXIN_PAGE_SIZE,
    )
    return {
        "items": page.items,
        "next_cursor": page.next_cursor,
        "prev_cursor": page.prev_cursor,
    }


@router.post(
    "/users", response={201: UserCreatedOut, **WRITE_ERRORS}, summary="新建账户"
)
def create_user(request: HttpRequest, payload: UserCreateIn) -> Status:
    """Create an account; its one-time password is in this response only."""
    _require(request, "manage_users")
    if payload.member is not None:
        raise PermissionDenied(
            _(
                "系统管理员不能把账户关联到会员：关联会员由组织部提出，"
                "会员本人登录确认。"
            )
        )
    member = None
    password = services.generate_password() if payload.password_login else None
    account = services.user_create(
        by=request.auth,
        username=payload.username,
        password=password,
        display_name=payload.display_name,
        email=payload.email,
        member=member,
    )
    account = user_get(user=request.auth, pk=account.pk)
    return Status(201, {"user": account, "password": password})


@router.get(
    "/users/{user_id}", response={200: UserOut, **READ_ERRORS}, summary="账户详情"
)
def get_user(request: HttpRequest, user_id: PathId) -> User:
    """Return one account the system administrator manages."""
    return _account(request, user_id)


@router.post(
    "/users/{user_id}/disable",
    response={200: UserOut, **WRITE_ERRORS},
    summary="停用账户",
)
def disable_user(request: HttpRequest, user_id: PathId) -> User:
    """Disable an account: its sessions and API tokens stop working."""
    account = _account(request, user_id)
    services.user_set_active(by=request.auth, user=account, active=False)
    return user_get(user=request.auth, pk=account.pk)


@router.post(
    "/users/{user_id}/enable",
    response={200: UserOut, **WRITE_ERRORS},
    summary="启用账户",
)
def enable_user(request: HttpRequest, user_id: PathId) -> User:
    """Enable a disabled account."""
    account = _account(request, user_id)
    services.user_set_active(by=request.auth, user=account, active=True)
    return user_get(user=request.auth, pk=account.pk)


@router.post(
    "/users/{user_id}/reset-password",
    response={200: SecretOut, 202: ResetOut, **WRITE_ERRORS},
    summary="重置密码",
)
def reset_password(
    request: HttpRequest, user_id: PathId, payload: ResetRequestIn | None = None
):
    """Give the account a one-time password; it must be changed at next login.

    For an administrator account (or the superuser) this only files a
    request (202) that a security administrator must approve.
    """
    account = _account(request, user_id)
    if policy.is_admin_account(account):
        return Status(202, _reset_request(request, account, "password", payload))
    return {"password": services.password_reset_by_admin(by=request.auth, user=account)}


@router.post(
    "/users/{user_id}/reset-otp",
    response={204: None, 202: ResetOut, **WRITE_ERRORS},
    summary="重置双因素验证",
)
def reset_otp(
    request: HttpRequest, user_id: PathId, payload: ResetRequestIn | None = None
):
    """Remove the account's TOTP device; an administrator's only on approval (202)."""
    account = _account(request, user_id)
    if policy.is_admin_account(account):
        return Status(202, _reset_request(request, account, "otp", payload))
    services.otp_reset_by_admin(by=request.auth, user=account)
    return Status(204, None)


def _reset_request(request, account, kind: str, payload) -> CredentialReset:
    reset = services.credential_reset_request(
        by=request.auth,
        user=account,
        kind=kind,
        reason=payload.reason if payload else "",
    )
    return reset_get(user=request.auth, pk=reset.pk)


def _mint(request: HttpRequest, payload: TokenIn) -> Status:
    if getattr(request, "api_token", None) is not None:
        raise PermissionDenied(_("不能用接口令牌生成新的令牌，请在网页上登录后生成。"))
    token, raw = services.api_token_create(
        by=request.auth,
        user=request.auth,
        name=payload.name,
        expires_days=payload.expires_days,
        read_only=payload.read_only,
        roles=[r.value for r in payload.roles],
    )
    return Status(
        201,
        {
            "id": token.pk,
            "name": token.name,
            "token": raw,
            "expires_at": token.expires_at,
        },
    )


@router.post(
    "/users/{user_id}/tokens",
    response={201: TokenOut, **WRITE_ERRORS},
    summary="生成接口令牌（仅限本人）",
)
def create_token(request: HttpRequest, user_id: PathId, payload: TokenIn) -> Status:
    """Create an API token for oneself; for anyone else the answer is 403.

    Kept for existing scripts; ``POST /accounts/tokens`` is the same.
    """
    if user_id != request.auth.pk:
        raise PermissionDenied(services.NOT_YOURS)
    return _mint(request, payload)


# --- one's own API tokens; the security administrator's view of all -------------


@router.get(
    "/tokens", response={200: list[TokenInfoOut], **READ_ERRORS}, summary="我的接口令牌"
)
def list_own_tokens(request: HttpRequest) -> list[ApiToken]:
    """Return the caller's own tokens (never their text)."""
    return list(own_tokens(user=request.auth))


@router.post(
    "/tokens", response={201: TokenOut, **WRITE_ERRORS}, summary="生成本人接口令牌"
)
def create_own_token(request: HttpRequest, payload: TokenIn) -> Status:
    """Mint a token for oneself (after one's second factor, where one has it);
    the token is in this response only."""
    return _mint(request, payload)


@router.delete(
    "/tokens/{token_id}", response={204: None, **WRITE_ERRORS}, summary="撤销接口令牌"
)
def revoke_token(request: HttpRequest, token_id: PathId) -> Status:
    """Revoke a token: one's own, or any (security administrator)."""
    token = token_get(user=request.auth, pk=token_id)
    services.api_token_revoke(by=request.auth, token=token)
    return Status(204, None)


@router.get(
    "/all-tokens",
    response={200: list[TokenInfoOut], **READ_ERRORS},
    summary="全部接口令牌",
)
def list_all_tokens(request: HttpRequest) -> list[ApiToken]:
    """Return every account's tokens within the security administrator's reach."""
    _require(request, "manage_tokens")
    return list(all_tokens(user=request.auth)[:1000])


# --- two-person rule ------------------------------------------------------------


@router.get(
    "/credential-resets",
    response={200: list[ResetOut], **READ_ERRORS},
    summary="管理员凭据重置申请",
)
def list_resets(request: HttpRequest) -> list[CredentialReset]:
    """Return the reset requests (system and security administrators)."""
    _require(request, "view_resets")
    return list(reset_list(user=request.auth)[:500])


def _decide(request, reset_id: int, payload, approve: bool) -> dict:
    _require(request, "approve_reset")
    reset = reset_get(user=request.auth, pk=reset_id)
    reset, password = services.credential_reset_decide(
        by=request.auth,
        reset=reset,
        approve=approve,
        note=payload.note if payload else "",
    )
    return {"request": reset_get(user=request.auth, pk=reset.pk), "password": password}


@router.post(
    "/credential-resets/{reset_id}/approve",
    response={200: ResetDoneOut, **WRITE_ERRORS},
    summary="批准并执行重置",
)
def approve_reset(
    request: HttpRequest, reset_id: PathId, payload: ResetDecisionIn | None = None
) -> dict:
    """Approve and carry out a reset (a security administrator other than the
    requester and the target); a new password is in this response only."""
    return _decide(request, reset_id, payload, True)


@router.post(
    "/credential-resets/{reset_id}/refuse",
    response={200: ResetDoneOut, **WRITE_ERRORS},
    summary="拒绝重置申请",
)
def refuse_reset(
    request: HttpRequest, reset_id: PathId, payload: ResetDecisionIn | None = None
) -> dict:
    """Refuse a reset request."""
    return _decide(request, reset_id, payload, False)


# --- account–member links (组织部 proposes, the member confirms) ------------------


@router.post(
    "/member-accounts",
    response={201: MemberAccountOut, **WRITE_ERRORS},
    summary="为会员建立账户",
)
def create_member_account(request: HttpRequest, payload: MemberAccountIn) -> Status:
    """Create an account for a member (组织部); the member confirms the link at
    first login; the readable initial password is in this response only."""
    _require(request, "link_member")
    member = referenced(
        "member",
        lambda *, user, pk: linkable_members(user=user).get(pk=pk),
        user=request.auth,
        pk=payload.member,
    )
    account, password = services.member_account_create(
        by=request.auth, member=member, username=payload.username
    )
    link = account.links.get()
    account = User.objects.prefetch_related("grants").get(pk=account.pk)
    return Status(201, {"user": account, "password": password, "link": link.pk})


@router.get(
    "/member-links",
    response={200: list[LinkOut], **READ_ERRORS},
    summary="账户关联会员",
)
def list_links(request: HttpRequest) -> list[MemberLink]:
    """Return the links in 组织部's scope, or the caller's own pending link."""
    if policy.can(request.auth, "link_member"):
        return list(link_list(user=request.auth)[:500])
    own = pending_link(user=request.auth)
    return [own] if own else []


@router.post(
    "/member-links", response={201: LinkOut, **WRITE_ERRORS}, summary="提出关联会员"
)
def propose_link(request: HttpRequest, payload: LinkIn) -> Status:
    """Propose linking an existing account to a member (组织部)."""
    _require(request, "link_member")
    member = referenced(
        "member",
        lambda *, user, pk: linkable_members(user=user).get(pk=pk),
        user=request.auth,
        pk=payload.member,
    )
    try:
        account = linkable_accounts_get(user=request.auth, username=payload.username)
    except User.DoesNotExist:
        raise ValidationError(
            {"username": _("用户“%s”不存在或已停用。") % payload.username}
        ) from None
    link = services.member_link_propose(by=request.auth, user=account, member=member)
    return Status(201, link_get(user=request.auth, pk=link.pk))


def _own_link(request, link_id: int) -> MemberLink:
    link = pending_link(user=request.auth)
    if link is None or link.pk != link_id:
        raise MemberLink.DoesNotExist
    return link


@router.post(
    "/member-links/{link_id}/confirm",
    response={200: LinkOut, **WRITE_ERRORS},
    summary="本人确认关联会员",
)
def confirm_link(request: HttpRequest, link_id: PathId, payload: LinkConfirmIn):
    """The account's owner confirms with the last 4 ID digits or the certificate number."""
    link = _own_link(request, link_id)
    if not services.member_link_confirm(
        user=request.auth, link=link, proof=payload.proof
    ):
        raise ValidationError({"proof": _("核对信息不正确。")})
    return MemberLink.objects.select_related("user", "member", "proposed_by").get(
        pk=link.pk
    )


@router.post(
    "/member-links/{link_id}/confirm-in-person",
    response={200: LinkOut, **WRITE_ERRORS},
    summary="组织部当面确认关联",
)
def confirm_link_in_person(request: HttpRequest, link_id: PathId) -> MemberLink:
    """Record that 组织部 confirmed the link with the member in person."""
    _require(request, "link_member")
    link = link_get(user=request.auth, pk=link_id)
    services.member_link_confirm_in_person(by=request.auth, link=link)
    return link_get(user=request.auth, pk=link.pk)


@router.post(
    "/password",
    response={204: None, **WRITE_ERRORS},
    summary="修改本人密码",
    url_name="account_password_change",
)
def change_password(request: HttpRequest, payload: PasswordChangeIn) -> Status:
    """Change the caller's own password (the one path open before a forced change)."""
    services.password_change(
        user=request.auth,
        old_password=payload.old_password,
        new_password=payload.new_password,
    )
    if request.session.get(SESSION_KEY) == str(request.auth.pk):
        # A browser session stays logged in after the change.
        update_session_auth_hash(request, request.auth)
    return Status(204, None)


# --- grants --------------------------------------------------------------------


@router.get("/grants", response={200: GrantPageOut, **READ_ERRORS}, summary="授权列表")
def list_grants(request: HttpRequest, params: Query[GrantListQuery]) -> dict:
    """Return grants by user and/or organization (its subtree)."""
    _require(request, "view_grants")
    organization = None
    if params.organization is not None:
        organization = referenced(
            "organization",
            lambda *, user, pk: viewable_orgs(user=user).get(pk=pk),
            user=request.auth,
            pk=params.organization,
        )
    page = keyset_page(
        grant_list(
            user=request.auth, username=params.user or "", organization=organization
        ),
        key="org_path",
        cursor=_cursor(params.cursor),
        size=params.size or settings.TONGXIN_PAGE_SIZE,
    )
    return {
        "items": page.items,
        "next_cursor": page.next_cursor,
        "prev_cursor": page.prev_cursor,
    }


@router.post("/grants", response={201: GrantOut, **WRITE_ERRORS}, summary="授予权限")
def create_grant(request: HttpRequest, payload: GrantIn) -> Status:
    """Grant a role on an organization's subtree (三员分立 rules apply)."""
    _require(request, "grant")
    organization = referenced(
        "organization",
        lambda *, user, pk: grantable_orgs(user=user).get(pk=pk),
        user=request.auth,
        pk=payload.organization,
    )
    try:
        grantee = grantee_get(user=request.auth, username=payload.username)
    except User.DoesNotExist:
        raise ValidationError(
            {"username": _("用户“%s”不存在或已停用。") % payload.username}
        ) from None
    grant = services.grant_role(
        by=request.auth,
        user=grantee,
        role=payload.role.value,
        organization=organization,
    )
    return Status(201, grant_get(user=request.auth, pk=grant.pk))


@router.delete(
    "/grants/{grant_id}", response={204: None, **WRITE_ERRORS}, summary="收回权限"
)
def revoke_grant(request: HttpRequest, grant_id: PathId) -> Status:
    """Take back a grant."""
    _require(request, "grant")
    grant: Grant = grant_get(user=request.auth, pk=grant_id)
    services.grant_revoke(by=request.auth, grant=grant)
    return Status(204, None)
