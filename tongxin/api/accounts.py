"""API router: accounts (system administrator) and grants (security administrator).

The same services and selectors as the pages of ``tongxin.accounts``: an
account outside the system administrator's reach answers 404; one-time
passwords and tokens are in the response once and never again. Administrator
accounts use the API only through a browser session verified by TOTP.
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
from tongxin.accounts.models import Grant, Role, User
from tongxin.accounts.policies import policy
from tongxin.accounts.selectors import (
    grant_get,
    grant_list,
    grantable_orgs,
    grantee_get,
    linkable_member_get,
    user_get,
    user_list,
    viewable_orgs,
)
from tongxin.api.errors import referenced
from tongxin.api.schemas import (
    MAX_ID,
    WRITE_ERRORS,
    ErrorOut,
    Id,
    InputSchema,
    PathId,
    ValidationErrorOut,
)
from tongxin.core.pagination import decode_cursor, keyset_page

router = Router(tags=["accounts"])

#: Reads here may be refused outright (403): listing accounts or grants is a right.
READ_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
MAX_PAGE_SIZE = 200


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


class TokenOut(Schema):
    id: int
    name: str
    token: str = Field(description="令牌原文；只在此响应中出现一次")


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
    role: Role
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
    member = None
    if payload.member is not None:
        member = referenced(
            "member", linkable_member_get, user=request.auth, pk=payload.member
        )
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
    response={200: SecretOut, **WRITE_ERRORS},
    summary="重置密码",
)
def reset_password(request: HttpRequest, user_id: PathId) -> dict:
    """Give the account a one-time password; it must be changed at next login."""
    account = _account(request, user_id)
    return {"password": services.password_reset_by_admin(by=request.auth, user=account)}


@router.post(
    "/users/{user_id}/tokens",
    response={201: TokenOut, **WRITE_ERRORS},
    summary="生成接口令牌",
)
def create_token(request: HttpRequest, user_id: PathId, payload: TokenIn) -> Status:
    """Create an API token for the account; the token is in this response only."""
    account = _account(request, user_id)
    token, raw = services.api_token_create(
        by=request.auth, user=account, name=payload.name
    )
    return Status(201, {"id": token.pk, "name": token.name, "token": raw})


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
