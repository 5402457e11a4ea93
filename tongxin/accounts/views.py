"""Pages of login policy and account administration (三员分立).

Anyone logged in: change their password; administrators: the second factor.
System administrators: accounts (create, edit, disable, reset, API tokens).
Security administrators: grants. Views parse input with forms, call services
for every write and selectors for every read, and ask the policy what to offer.
"""

from __future__ import annotations

import base64

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login

from tongxin.accounts import services
from tongxin.accounts.forms import (
    BulkAccountsForm,
    GrantForm,
    LinkConfirmForm,
    MemberAccountForm,
    OtpForm,
    PasswordChangeForm,
    ResetDecisionForm,
    TokenCreateForm,
    UserCreateForm,
    UserEditForm,
    add_service_errors,
)
from tongxin.accounts.middleware import LINK_PENDING_KEY
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
    grantee_get,
    link_get,
    link_list,
    own_tokens,
    pending_link,
    reset_get,
    reset_list,
    token_get,
    user_get,
    user_list,
    viewable_orgs,
)
from tongxin.core.errors import ServiceError
from tongxin.core.pagination import keyset_page
from tongxin.core.web import form_page


def _next_url(request: HttpRequest) -> str:
    """Return the safe ``next`` parameter, or the home page."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        return candidate
    return reverse("home")


def _require(request: HttpRequest, action: str, obj=None) -> None:
    if not policy.can(request.user, action, obj):
        raise PermissionDenied(_("您没有权限执行此操作。"))


def _get_account(request: HttpRequest, pk: int) -> User:
    """Return an account the user manages; 403 without the right, else 404."""
    _require(request, "manage_users")
    try:
        return user_get(user=request.user, pk=pk)
    except User.DoesNotExist:
        raise Http404(_("账户不存在或不在您的管理范围内。")) from None


# --- login policy ------------------------------------------------------------------


def lockout_response(
    request: HttpRequest, original_response=None, credentials=None
) -> HttpResponse:
    """Answer a locked-out login (django-axes ``AXES_LOCKOUT_CALLABLE``)."""
    minutes = settings.TONGXIN_LOCKOUT_MINUTES
    message = _(
        "登录失败次数过多（连续 %(limit)d 次），该账户或当前地址已被锁定 "
        "%(minutes)d 分钟，请稍后再试；如需立即解锁，请联系系统管理员重置密码。"
    ) % {"limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith("/api/") or request.headers.get("x-requested-with") == (
        "XMLHttpRequest"
    ):
        return JsonResponse(
            {"detail": message},
            status=status,
            json_dumps_params={"ensure_ascii": False},
        )
    return render(
        request,
        "accounts/lockout.html",
        {"message": message, "minutes": minutes},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    """Change one's own password (forced after an administrator set it)."""

    def save(data: dict) -> None:
        services.password_change(
            user=request.user,
            old_password=data["old_password"],
            new_password=data["new_password"],
        )
        # Stay logged in: the session's password hash follows the change.
        update_session_auth_hash(request, request.user)

    return form_page(
        request,
        PasswordChangeForm(request.POST or None),
        template="accounts/password_change.html",
        context={
            "forced": request.user.must_change_password,
            "next": _next_url(request),
        },
        save=save,
        done=lambda _none: _("密码已修改。"),
        then=lambda _none: _next_url(request),
    )


@login_required
@require_http_methods(["GET", "POST"])
def otp(request: HttpRequest) -> HttpResponse:
    """Verify the TOTP code of an administrator, enrolling a device first."""
    user = request.user
    if not policy.needs_second_factor(user):
        raise PermissionDenied(_("您的账户无需双因素验证。"))
    if user.is_verified():
        return redirect(_next_url(request))
    device = services.otp_confirmed_device(user=user)
    enrolling = device is None
    if enrolling:
        device = services.otp_enrollment_device(user=user)
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        try:
            if enrolling:
                confirmed = services.otp_enroll_confirm(
                    user=user, device=device, token=token
                )
                verified = device if confirmed else None
            else:
                verified = services.otp_check(user=user, token=token)
        except ServiceError as e:
            form.add_error("token", e.message)
        else:
            if verified is not None:
                request.session.cycle_key()
                otp_login(request, verified)
                if enrolling:
                    messages.success(request, _("已启用双因素验证。"))
                return redirect(_next_url(request))
            form.add_error(
                "token",
                _("验证码不正确或已过期，请输入验证器上当前显示的 6 位数字。"),
            )
    context = {"form": form, "enrolling": enrolling, "next": _next_url(request)}
    if enrolling:
        context["qr_svg"] = segno.make(device.config_url, error="m").svg_inline(
            scale=5, title=_("双因素验证二维码")
        )
        context["secret"] = base64.b32encode(device.bin_key).decode()
    return render(request, "accounts/otp.html", context)


# --- accounts (system administrator) --------------------------------------------


@login_required
@require_GET
def users(request: HttpRequest) -> HttpResponse:
    """List the accounts the system administrator manages."""
    _require(request, "manage_users")
    query = request.GET.get("q", "").strip()
    page = keyset_page(
        user_list(user=request.user, query=query),
        key="username",
        cursor=request.GET.get("cursor"),
    )
    return render(
        request,
        "accounts/users.html",
        {"page": page, "query": query},
    )


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    """Create an account with a one-time password shown once."""
    _require(request, "manage_users")
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        password = services.generate_password() if data["password_login"] else None
        try:
            account = services.user_create(
                by=request.user,
                username=data["username"],
                password=password,
                display_name=data["display_name"],
                email=data["email"],
            )
        except ValidationError as e:
            add_service_errors(form, e)
        except ServiceError as e:
            messages.error(request, e.message)
        else:
            return _secret_page(
                request,
                account,
                title=_("账户已创建"),
                label=_("初始密码"),
                secret=password,
                note=_(
                    "请把初始密码当面或通过安全渠道交给用户；用户首次登录后须修改。"
                ),
            )
    return render(request, "accounts/user_form.html", {"form": form})


def _secret_page(
    request: HttpRequest,
    account: User,
    *,
    title,
    label,
    secret,
    note,
    back_url: str = "",
    back_label: str = "",
) -> HttpResponse:
    """Show a one-time secret; it is never stored in clear nor shown again."""
    response = render(
        request,
        "accounts/secret.html",
        {
            "account": account,
            "title": title,
            "label": label,
            "secret": secret,
            "note": note,
            "back_url": back_url,
            "back_label": back_label,
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one account: its facts, grants and API tokens, with actions."""
    account = _get_account(request, pk)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "account": account,
            "grants": list(account.grants.all()),
            "otp_enrolled": services.otp_confirmed_device(user=account) is not None,
            "is_self": account.pk == request.user.pk,
            "is_admin_account": policy.is_admin_account(account),
            "pending": pending_link(user=account),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an account's display name, e-mail or linked member."""
    account = _get_account(request, pk)
    if request.method == "POST":
        form = UserEditForm(request.POST)
    else:
        form = UserEditForm(initial=UserEditForm.initial_for(account))
    return form_page(
        request,
        form,
        template="accounts/user_form.html",
        context={"account": account},
        save=lambda data: services.user_update(by=request.user, user=account, **data),
        done=lambda _user: _("已保存账户信息。"),
        then=lambda _user: reverse("accounts:user_detail", args=[account.pk]),
    )


def _account_action(request: HttpRequest, pk: int, action, done: str) -> HttpResponse:
    account = _get_account(request, pk)
    try:
        action(by=request.user, user=account)
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, done % {"name": account.username})
    return redirect("accounts:user_detail", pk=account.pk)


@login_required
@require_POST
def user_disable(request: HttpRequest, pk: int) -> HttpResponse:
    """Disable an account: its sessions and API tokens stop working."""

    def disable(*, by, user):
        services.user_set_active(by=by, user=user, active=False)

    return _account_action(request, pk, disable, _("已停用账户“%(name)s”。"))


@login_required
@require_POST
def user_enable(request: HttpRequest, pk: int) -> HttpResponse:
    """Enable a disabled account again."""

    def enable(*, by, user):
        services.user_set_active(by=by, user=user, active=True)

    return _account_action(request, pk, enable, _("已启用账户“%(name)s”。"))


@login_required
@require_POST
def user_reset_otp(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove an account's TOTP device; the user enrolls again at next login.

    For an administrator account this files a request (two-person rule).
    """
    if (response := _maybe_request_reset(request, pk, "otp")) is not None:
        return response
    return _account_action(
        request,
        pk,
        services.otp_reset_by_admin,
        _("已重置“%(name)s”的双因素验证，该用户下次登录时重新绑定。"),
    )


@login_required
@require_POST
def user_reset_password(request: HttpRequest, pk: int) -> HttpResponse:
    """Give an account a one-time password (shown once) and force a change.

    For an administrator account this files a request (two-person rule).
    """
    if (response := _maybe_request_reset(request, pk, "password")) is not None:
        return response
    account = _get_account(request, pk)
    try:
        password = services.password_reset_by_admin(by=request.user, user=account)
    except ServiceError as e:
        messages.error(request, e.message)
        return redirect("accounts:user_detail", pk=account.pk)
    return _secret_page(
        request,
        account,
        title=_("密码已重置"),
        label=_("临时密码"),
        secret=password,
        note=_("用户用临时密码登录后须立即修改；账户的登录锁定已一并解除。"),
    )


def _maybe_request_reset(request: HttpRequest, pk: int, kind: str):
    """File a reset request for an administrator account; None for others."""
    account = _get_account(request, pk)
    if not policy.is_admin_account(account):
        return None
    try:
        services.credential_reset_request(
            by=request.user,
            user=account,
            kind=kind,
            reason=request.POST.get("reason", "")[:200],
        )
    except (ServiceError, ValidationError) as e:
        messages.error(request, getattr(e, "message", None) or " ".join(e.messages))
    else:
        messages.success(
            request,
            _("已提交申请：须经安全管理员批准后才会重置“%(name)s”的凭据。")
            % {"name": account.username},
        )
    return redirect("accounts:user_detail", pk=account.pk)


@login_required
@require_POST
def user_token_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Kept address: mints only for oneself (see :func:`tokens`)."""
    if pk != request.user.pk:
        raise PermissionDenied(services.NOT_YOURS)
    return token_create(request)


# --- one's own API tokens -----------------------------------------------------------


@login_required
@require_GET
def tokens(request: HttpRequest) -> HttpResponse:
    """The user's own API tokens: list, mint, revoke."""
    return render(
        request,
        "accounts/tokens.html",
        {
            "tokens": list(own_tokens(user=request.user)),
            "form": TokenCreateForm(user=request.user),
            "may_manage_all": policy.can(request.user, "manage_tokens"),
        },
    )


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    """Mint a token for oneself; it is shown once."""
    form = TokenCreateForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            _token, raw = services.api_token_create(
                by=request.user,
                user=request.user,
                name=data["name"],
                expires_days=data["expires_days"],
                read_only=data["read_only"],
                roles=data["roles"],
            )
        except ValidationError as e:
            add_service_errors(form, e)
        except ServiceError as e:
            form.add_error(None, e.message)
        else:
            return _secret_page(
                request,
                request.user,
                title=_("接口令牌已生成"),
                label=_("接口令牌"),
                secret=raw,
                note=_(
                    "令牌只显示这一次；脚本以“Authorization: Bearer <令牌>”访问接口。"
                    "令牌到期、被撤销、账户停用或您修改密码后即失效。"
                ),
                back_url=reverse("accounts:tokens"),
                back_label=_("我的接口令牌"),
            )
    return render(
        request,
        "accounts/tokens.html",
        {
            "tokens": list(own_tokens(user=request.user)),
            "form": form,
            "may_manage_all": policy.can(request.user, "manage_tokens"),
        },
        status=200,
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke a token: one's own, or any (security administrator)."""
    try:
        token = token_get(user=request.user, pk=pk)
    except ApiToken.DoesNotExist:
        raise Http404(_("接口令牌不存在或您无权撤销。")) from None
    services.api_token_revoke(by=request.user, token=token)
    messages.success(request, _("已撤销接口令牌“%s”。") % token.name)
    if token.user_id == request.user.pk:
        return redirect("accounts:tokens")
    return redirect("accounts:all_tokens")


@login_required
@require_GET
def all_tokens_view(request: HttpRequest) -> HttpResponse:
    """Every account's tokens, for the security administrator to revoke."""
    _require(request, "manage_tokens")
    page = keyset_page(
        all_tokens(user=request.user),
        key="created_at",
        cursor=request.GET.get("cursor"),
    )
    return render(request, "accounts/all_tokens.html", {"page": page})


# --- two-person rule on administrator credentials ------------------------------------


@login_required
@require_GET
def resets(request: HttpRequest) -> HttpResponse:
    """Reset requests: filed by the system administrator, decided by the security one."""
    _require(request, "view_resets")
    rows = list(reset_list(user=request.user)[:200])
    return render(
        request,
        "accounts/resets.html",
        {
            "rows": rows,
            "may_decide": {
                r.pk
                for r in rows
                if r.state == CredentialReset.State.PENDING
                and policy.can(request.user, "approve_reset", r.target)
                and request.user.pk not in (r.requested_by_id, r.target_id)
            },
            "form": ResetDecisionForm(),
        },
    )


def _decide(request: HttpRequest, pk: int, approve: bool) -> HttpResponse:
    _require(request, "approve_reset")
    try:
        reset = reset_get(user=request.user, pk=pk)
    except CredentialReset.DoesNotExist:
        raise Http404(_("申请不存在或不在您的范围内。")) from None
    form = ResetDecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        reset, password = services.credential_reset_decide(
            by=request.user, reset=reset, approve=approve, note=note
        )
    except ServiceError as e:
        messages.error(request, e.message)
        return redirect("accounts:resets")
    if password:
        return _secret_page(
            request,
            reset.target,
            title=_("已批准并重置密码"),
            label=_("临时密码"),
            secret=password,
            note=_(
                "请把临时密码当面交给账户本人；登录后须立即修改，该次登录记入审计。"
            ),
            back_url=reverse("accounts:resets"),
            back_label=_("凭据重置申请"),
        )
    messages.success(
        request,
        (
            _("已批准并执行：%(kind)s“%(name)s”。")
            if approve
            else _("已拒绝：%(kind)s“%(name)s”。")
        )
        % {"kind": reset.get_kind_display(), "name": reset.target.username},
    )
    return redirect("accounts:resets")


@login_required
@require_POST
def reset_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve and carry out a reset request (security administrator)."""
    return _decide(request, pk, True)


@login_required
@require_POST
def reset_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    """Refuse a reset request (security administrator)."""
    return _decide(request, pk, False)


# --- member accounts and links (组织部) ----------------------------------------------


@login_required
@require_GET
def links(request: HttpRequest) -> HttpResponse:
    """The member links 组织部 proposed, with in-person confirmation."""
    _require(request, "link_member")
    page = keyset_page(
        link_list(user=request.user),
        key="proposed_at",
        cursor=request.GET.get("cursor"),
    )
    return render(request, "accounts/links.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def member_account_create(request: HttpRequest) -> HttpResponse:
    """Create an account for a member chosen by search; shows the password once."""
    _require(request, "link_member")
    form = MemberAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            account, password = services.member_account_create(
                by=request.user,
                member=form.cleaned_data["member"],
                username=form.cleaned_data["username"],
            )
        except ValidationError as e:
            add_service_errors(form, e)
        except ServiceError as e:
            form.add_error(None, e.message)
        else:
            return _secret_page(
                request,
                account,
                title=_("已为会员建立账户"),
                label=_("用户名 %(username)s，初始密码")
                % {"username": account.username},
                secret=password,
                note=_(
                    "请把用户名和初始密码交给会员本人。会员首次登录须修改密码，"
                    "并核对身份证号后 4 位或会员证号确认本人；确认前没有会员权限。"
                ),
                back_url=reverse("accounts:links"),
                back_label=_("会员账户"),
            )
    return render(request, "accounts/member_account_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def member_accounts_bulk(request: HttpRequest) -> HttpResponse:
    """Bulk-create member accounts: choose organization → preview → create."""
    _require(request, "link_member")
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = BulkAccountsForm(data, user=request.user)
    context = {"form": form}
    if form.is_bound and form.is_valid():
        organization = form.cleaned_data["organization"]
        if request.method == "POST":
            rows = services.member_accounts_bulk_create(
                by=request.user, organization=organization
            )
            response = render(
                request,
                "accounts/member_accounts_done.html",
                {
                    "rows": rows,
                    "organization": organization,
                    "xlsx": _accounts_xlsx(rows),
                    "filename": _("会员账户-%(org)s-%(n)d人.xlsx")
                    % {"org": organization.name, "n": len(rows)},
                },
            )
            response["Cache-Control"] = "no-store"
            return response
        context["preview"] = list(
            services.members_without_account(by=request.user, organization=organization)
        )
        context["organization"] = organization
    return render(request, "accounts/member_accounts_bulk.html", context)


def _accounts_xlsx(rows) -> str:
    """Return the created accounts as a base64 .xlsx (never stored on the server)."""
    import base64
    import io

    from tongxin.core import exports

    wb = exports.workbook()
    ws = wb.active
    ws.title = _("会员账户")
    ws.append([_("序号"), _("姓名"), _("所在组织"), _("用户名"), _("初始密码")])
    for i, (member, user, password) in enumerate(rows, 1):
        ws.append([i, member.name, member.organization.name, user.username, password])
    buf = io.BytesIO()
    wb.save(buf)
    return base64.b64encode(buf.getvalue()).decode()


@login_required
@require_POST
def link_confirm_in_person(request: HttpRequest, pk: int) -> HttpResponse:
    """组织部 records that the member confirmed the link in person."""
    _require(request, "link_member")
    try:
        link = link_get(user=request.user, pk=pk)
    except MemberLink.DoesNotExist:
        raise Http404(_("关联不存在或不在您的范围内。")) from None
    try:
        services.member_link_confirm_in_person(by=request.user, link=link)
    except (ServiceError, ValidationError) as e:
        messages.error(request, getattr(e, "message", None) or " ".join(e.messages))
    else:
        messages.success(
            request,
            _("已记录当面确认：账户“%(user)s”关联会员“%(name)s”。")
            % {"user": link.user.username, "name": link.member.name},
        )
    return redirect("accounts:links")


@login_required
@require_http_methods(["GET", "POST"])
def link_confirm(request: HttpRequest) -> HttpResponse:
    """The member confirms (or denies) the link 组织部 proposed for their account."""
    link = pending_link(user=request.user)
    if link is None:
        request.session.pop(LINK_PENDING_KEY, None)
        return redirect(_next_url(request))
    form = LinkConfirmForm(request.POST or None)
    if request.method == "POST" and request.POST.get("deny"):
        services.member_link_refuse(user=request.user, link=link)
        request.session.pop(LINK_PENDING_KEY, None)
        messages.info(request, _("已记录：该会员不是您本人。请联系组织部。"))
        return redirect("home")
    if request.method == "POST" and form.is_valid():
        if services.member_link_confirm(
            user=request.user, link=link, proof=form.cleaned_data["proof"]
        ):
            request.session.pop(LINK_PENDING_KEY, None)
            messages.success(request, _("已确认本人身份，账户已关联会员。"))
            return redirect(_next_url(request))
        link.refresh_from_db()
        if link.state != MemberLink.State.PROPOSED:
            request.session.pop(LINK_PENDING_KEY, None)
            messages.error(
                request, _("核对错误次数过多，关联已取消，请联系组织部当面确认。")
            )
            return redirect("home")
        form.add_error(
            "proof",
            _("核对信息不正确，还可尝试 %(n)d 次。")
            % {"n": services.LINK_MAX_ATTEMPTS - link.failed_attempts},
        )
    id_number = link.member.id_number or ""
    return render(
        request,
        "accounts/link_confirm.html",
        {
            "link": link,
            # Only the first character: the page asks for the last four.
            "masked_id": (id_number[:1] + "*" * (len(id_number) - 1))
            if id_number
            else "",
            "form": form,
            "next": _next_url(request),
        },
    )


# --- grants (security administrator) ---------------------------------------------


@login_required
@require_GET
def grants(request: HttpRequest) -> HttpResponse:
    """List grants by user or by organization (subtree)."""
    _require(request, "view_grants")
    username = request.GET.get("user", "").strip()
    org_code = request.GET.get("org", "").strip()
    orgs = viewable_orgs(user=request.user)
    organization = orgs.filter(code=org_code).first() if org_code else None
    if org_code and organization is None:
        messages.error(
            request, _("组织代码“%s”不存在或不在您的范围内，已忽略。") % org_code
        )
    rows = grant_list(user=request.user, username=username, organization=organization)
    page = keyset_page(rows, key="org_path", cursor=request.GET.get("cursor"))
    return render(
        request,
        "accounts/grants.html",
        {
            "page": page,
            "username": username,
            "org_code": org_code if organization else "",
            "organization": organization,
            "orgs": orgs,
            "can_grant": policy.can(request.user, "grant"),
            "revocable": {
                g.pk for g in page.items if policy.can(request.user, "grant", g)
            },
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def grant_create(request: HttpRequest) -> HttpResponse:
    """Grant a role on an organization's subtree to an account."""
    _require(request, "grant")
    form = GrantForm(
        request.POST or None,
        user=request.user,
        initial={"username": request.GET.get("user", "")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            grantee = grantee_get(user=request.user, username=data["username"])
        except User.DoesNotExist:
            form.add_error("username", _("用户“%s”不存在或已停用。") % data["username"])
        else:
            try:
                services.grant_role(
                    by=request.user,
                    user=grantee,
                    role=data["role"],
                    organization=data["organization"],
                )
            except ValidationError as e:
                add_service_errors(form, e)
            except ServiceError as e:
                form.add_error(None, e.message)
            else:
                messages.success(
                    request,
                    _("已授予 %(user)s 在“%(org)s”及其下级的%(role)s权限。")
                    % {
                        "user": grantee.username,
                        "org": data["organization"].name,
                        "role": Role(data["role"]).label,
                    },
                )
                return redirect(
                    reverse("accounts:grants") + f"?user={grantee.username}"
                )
    return render(request, "accounts/grant_form.html", {"form": form})


@login_required
@require_POST
def grant_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Take back a grant."""
    _require(request, "grant")
    try:
        grant = grant_get(user=request.user, pk=pk)
    except Grant.DoesNotExist:
        raise Http404(_("授权不存在或不在您的范围内。")) from None
    services.grant_revoke(by=request.user, grant=grant)
    messages.success(
        request,
        _("已收回 %(user)s 在“%(org)s”的%(role)s权限。")
        % {
            "user": grant.user.username,
            "org": grant.organization.name,
            "role": grant.get_role_display(),
        },
    )
    return redirect(
        _next_url(request) if request.POST.get("next") else "accounts:grants"
    )
