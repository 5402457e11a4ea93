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
    GrantForm,
    OtpForm,
    PasswordChangeForm,
    TokenCreateForm,
    UserCreateForm,
    UserEditForm,
    add_service_errors,
)
from tongxin.accounts.models import Grant, Role, User
from tongxin.accounts.policies import policy
from tongxin.accounts.selectors import (
    api_token_list,
    grant_get,
    grant_list,
    grantee_get,
    user_get,
    user_list,
    viewable_orgs,
)
from tongxin.core.errors import ServiceError
from tongxin.core.pagination import keyset_page


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
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(
                user=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            # Stay logged in: the session's password hash follows the change.
            update_session_auth_hash(request, request.user)
            messages.success(request, _("密码已修改。"))
            return redirect(_next_url(request))
    return render(
        request,
        "accounts/password_change.html",
        {
            "form": form,
            "forced": request.user.must_change_password,
            "next": _next_url(request),
        },
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
    form = UserCreateForm(request.POST or None, user=request.user)
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
                member=data["member"],
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
    request: HttpRequest, account: User, *, title, label, secret, note
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
            "tokens": list(api_token_list(user=request.user, account=account)),
            "otp_enrolled": services.otp_confirmed_device(user=account) is not None,
            "is_self": account.pk == request.user.pk,
            "may_have_tokens": not policy.needs_second_factor(account),
            "token_form": TokenCreateForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an account's display name, e-mail or linked member."""
    account = _get_account(request, pk)
    if request.method == "POST":
        form = UserEditForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.user_update(by=request.user, user=account, **form.cleaned_data)
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                messages.success(request, _("已保存账户信息。"))
                return redirect("accounts:user_detail", pk=account.pk)
    else:
        form = UserEditForm(
            initial=UserEditForm.initial_for(account), user=request.user
        )
    return render(
        request, "accounts/user_form.html", {"form": form, "account": account}
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
    """Remove an account's TOTP device; the user enrolls again at next login."""
    return _account_action(
        request,
        pk,
        services.otp_reset_by_admin,
        _("已重置“%(name)s”的双因素验证，该用户下次登录时重新绑定。"),
    )


@login_required
@require_POST
def user_reset_password(request: HttpRequest, pk: int) -> HttpResponse:
    """Give an account a one-time password (shown once) and force a change."""
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


@login_required
@require_POST
def user_token_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Create an API token for an account; the token is shown once."""
    account = _get_account(request, pk)
    form = TokenCreateForm(request.POST)
    if form.is_valid():
        try:
            _token, raw = services.api_token_create(
                by=request.user, user=account, name=form.cleaned_data["name"]
            )
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        except ServiceError as e:
            messages.error(request, e.message)
        else:
            return _secret_page(
                request,
                account,
                title=_("接口令牌已生成"),
                label=_("接口令牌"),
                secret=raw,
                note=_(
                    "令牌只显示这一次；脚本以“Authorization: Bearer <令牌>”访问接口。"
                ),
            )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("accounts:user_detail", pk=account.pk)


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
