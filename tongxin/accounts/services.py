"""Every write to users, grants, API tokens and second-factor devices.

Each service checks permission through ``tongxin.accounts.policies.policy``
(``by=None`` means trusted code: the demo builder and management commands)
and appends an audit event. Passwords never reach the audit trail.
"""

from __future__ import annotations

import math
import secrets
import string

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp import verify_token as otp_verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from tongxin.accounts.models import ADMIN_ROLES, ApiToken, Grant, Role, User
from tongxin.accounts.policies import policy
from tongxin.audit.services import audit_record
from tongxin.core.errors import PermissionDenied, ServiceError, ValidationError
from tongxin.core.policies import forget_grants

#: Fields of a user that ``user_update`` may change.
USER_FIELDS = ("display_name", "email", "member")
#: Name of the one TOTP device each account may hold.
OTP_DEVICE_NAME = "totp"


def generate_password(length: int = 16) -> str:
    """Return a random password with all four character classes."""
    pools = [
        string.ascii_lowercase,
        string.ascii_uppercase,
        string.digits,
        "!#$%&*+-=?@^_",
    ]
    chars = [secrets.choice(pool) for pool in pools]
    alphabet = "".join(pools)
    chars += [secrets.choice(alphabet) for _i in range(length - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


def _require_manage(by, account: User | None = None) -> None:
    """Refuse unless ``by`` may manage accounts (``account`` within reach)."""
    if by is None:
        return
    if account is None:
        allowed = policy.can(by, "manage_users")
    else:
        allowed = policy.can(by, "manage_users", account)
    if not allowed:
        raise PermissionDenied(_("您没有权限管理该账户。"))


def _refuse_self(by, account: User, message: str) -> None:
    if by is not None and by.pk == account.pk:
        raise ServiceError(message)


def _user_snapshot(user: User) -> dict:
    return {
        "username": user.username,
        "display_name": user.display_name,
        "email": user.email,
        "member": user.member_id,
        "is_active": user.is_active,
        "must_change_password": user.must_change_password,
    }


def _check_member_free(member, user: User | None = None) -> None:
    if member is None:
        return
    taken = User.objects.filter(member=member)
    if user is not None and user.pk:
        taken = taken.exclude(pk=user.pk)
    holder = taken.first()
    if holder is not None:
        raise ValidationError({"member": _("该会员已关联账户“%s”。") % holder.username})


def _validate_new_password(password: str, user: User, field: str) -> None:
    try:
        validate_password(password, user)
    except ValidationError as e:
        raise ValidationError({field: e.messages}) from None


# --- accounts ------------------------------------------------------------------


@transaction.atomic
def user_create(
    *,
    by,
    username: str,
    password: str | None,
    display_name: str = "",
    member=None,
    email: str = "",
    must_change_password: bool = True,
) -> User:
    """Create a login; with ``by=None`` only from trusted code (demo, commands).

    A password set by someone else must be changed at first login unless the
    caller says otherwise (the demo does); ``password=None`` makes an account
    that cannot log in with a password (a script using an API token).
    """
    _require_manage(by)
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": _("请填写用户名。")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("用户名“%s”已存在。") % username})
    _check_member_free(member)
    user = User(
        username=username,
        display_name=display_name,
        member=member,
        email=email,
        must_change_password=bool(password) and must_change_password,
    )
    if by is not None and not policy.can(by, "manage_users", user):
        raise ValidationError({"member": _("请关联您管理范围内的会员。")})
    if password:
        _validate_new_password(password, user, "password")
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(action="user_create", obj=user, actor=by, detail=_user_snapshot(user))
    return user


@transaction.atomic
def user_update(*, by, user: User, **fields) -> User:
    """Change a user's display name, e-mail or linked member."""
    unknown = set(fields) - set(USER_FIELDS)
    if unknown:
        raise ValidationError({f: _("不能修改此项。") for f in sorted(unknown)})
    _require_manage(by, user)
    before = _user_snapshot(user)
    if "member" in fields:
        _check_member_free(fields["member"], user)
    for name, value in fields.items():
        setattr(user, name, value)
    if by is not None and not policy.can(by, "manage_users", user):
        raise ValidationError({"member": _("请关联您管理范围内的会员。")})
    user.full_clean(exclude=["password"])
    user.save()
    after = _user_snapshot(user)
    changed = {k: after[k] for k in after if after[k] != before[k]}
    if changed:
        audit_record(
            action="user_update",
            obj=user,
            actor=by,
            detail={
                "before": {k: before[k] for k in changed},
                "after": changed,
            },
        )
    return user


@transaction.atomic
def user_set_active(*, by, user: User, active: bool) -> User:
    """Disable or enable an account; a disabled one's sessions and tokens stop."""
    _require_manage(by, user)
    if not active:
        _refuse_self(by, user, _("不能停用自己的账户。"))
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    if active:
        audit_record(
            action="user_update",
            obj=user,
            actor=by,
            detail={"before": {"is_active": False}, "after": {"is_active": True}},
        )
    else:
        audit_record(action="user_disable", obj=user, actor=by)
    return user


@transaction.atomic
def password_reset_by_admin(*, by, user: User) -> str:
    """Give ``user`` a random one-time password and return it (shown once).

    The user must change it at the next login; the reset also lifts a
    lockout of the account name.
    """
    from axes.handlers.proxy import AxesProxyHandler

    _require_manage(by, user)
    _refuse_self(by, user, _("请在“修改密码”页面修改自己的密码。"))
    password = generate_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    AxesProxyHandler.reset_attempts(username=user.username)
    audit_record(action="password_reset", obj=user, actor=by)
    return password


@transaction.atomic
def password_change(*, user: User, old_password: str, new_password: str) -> User:
    """Change one's own password, which lifts ``must_change_password``."""
    if not user.check_password(old_password or ""):
        raise ValidationError({"old_password": _("原密码不正确。")})
    if new_password == old_password:
        raise ValidationError({"new_password": _("新密码不能与原密码相同。")})
    _validate_new_password(new_password, user, "new_password")
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    audit_record(action="password_change", obj=user, actor=user)
    return user


# --- second factor (TOTP) ----------------------------------------------------------


def otp_confirmed_device(*, user: User) -> TOTPDevice | None:
    """Return the user's confirmed TOTP device, if enrolled."""
    return next(iter(devices_for_user(user, confirmed=True)), None)


@transaction.atomic
def otp_enrollment_device(*, user: User) -> TOTPDevice:
    """Return the device being enrolled (unconfirmed), creating it once.

    Reloading the enrollment page keeps the same secret, so a code from an
    authenticator app that already scanned it stays valid.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=OTP_DEVICE_NAME, confirmed=False
        )
    return device


def _check_otp_throttle(device: TOTPDevice) -> None:
    """Refuse while django-otp's back-off after wrong codes is running."""
    allowed, info = device.verify_is_allowed()
    if allowed:
        return
    until = (info or {}).get("locked_until")
    seconds = (
        max(1, math.ceil((until - timezone.now()).total_seconds())) if until else 1
    )
    raise ServiceError(
        _("验证码错误次数过多，请 %(seconds)d 秒后再试。") % {"seconds": seconds}
    )


@transaction.atomic
def otp_enroll_confirm(*, user: User, device: TOTPDevice, token: str) -> bool:
    """Confirm ``device`` if ``token`` is its current code; return success."""
    if device.user_id != user.pk or device.confirmed:
        raise PermissionDenied(_("该验证设备不属于您或已启用。"))
    _check_otp_throttle(device)
    if not otp_verify_token(user, device.persistent_id, (token or "").strip()):
        audit_record(
            action="login_failed",
            obj=user,
            actor=user,
            detail={"stage": "otp_enroll"},
        )
        return False
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(action="otp_enroll", obj=user, actor=user)
    return True


@transaction.atomic
def otp_check(*, user: User, token: str) -> TOTPDevice | None:
    """Return the user's device if ``token`` is its current code, else None.

    Failures are recorded in the audit trail; after one, django-otp makes the
    user wait 1, 2, 4, ... seconds (``ServiceError`` meanwhile).
    """
    device = otp_confirmed_device(user=user)
    if device is None:
        return None
    _check_otp_throttle(device)
    verified = otp_verify_token(user, device.persistent_id, (token or "").strip())
    if verified is None:
        audit_record(
            action="login_failed", obj=user, actor=user, detail={"stage": "otp"}
        )
    return verified


@transaction.atomic
def otp_reset_by_admin(*, by, user: User) -> None:
    """Remove a user's TOTP device (a lost phone); they enroll again."""
    _require_manage(by, user)
    _refuse_self(by, user, _("不能重置自己的双因素验证。"))
    deleted, _rows = TOTPDevice.objects.filter(user=user).delete()
    audit_record(
        action="user_update",
        obj=user,
        actor=by,
        detail={"otp_reset": True, "devices": deleted},
    )


# --- grants --------------------------------------------------------------------


def _role_labels(roles) -> str:
    return "、".join(str(Role(r).label) for r in sorted(roles))


@transaction.atomic
def grant_role(*, by, user: User, role: str, organization) -> Grant:
    """Grant ``role`` on ``organization``'s subtree to ``user``.

    三员分立: no account holds two administrator roles, nor an administrator
    role together with a business role, and nobody grants to themselves.
    Granting an administrator role voids the account's API tokens (an
    administrator uses the web with a second factor).
    """
    if by is not None and not policy.can(by, "grant", organization):
        raise PermissionDenied(_("您没有权限在该组织授予权限。"))
    if by is not None and by.pk == user.pk:
        raise PermissionDenied(_("不能给自己授予权限。"))
    if role not in Role.values:
        raise ValidationError({"role": _("未知角色：%s") % role})
    held = set(Grant.objects.filter(user=user).values_list("role", flat=True))
    if role in ADMIN_ROLES:
        other_admin = (held & ADMIN_ROLES) - {role}
        if other_admin:
            raise ServiceError(
                _("三员分立：该账户已是%(held)s，不能再兼任%(role)s。")
                % {"held": _role_labels(other_admin), "role": Role(role).label}
            )
        business = held - ADMIN_ROLES
        if business:
            raise ServiceError(
                _("三员分立：该账户持有业务角色（%(held)s），不能再兼任%(role)s。")
                % {"held": _role_labels(business), "role": Role(role).label}
            )
    elif held & ADMIN_ROLES:
        raise ServiceError(
            _("三员分立：该账户是%(held)s，不能再授予业务角色。")
            % {"held": _role_labels(held & ADMIN_ROLES)}
        )
    grant, created = Grant.objects.get_or_create(
        user=user,
        role=role,
        organization=organization,
        defaults={"granted_by": by if getattr(by, "pk", None) else None},
    )
    if created:
        voided = 0
        if role in ADMIN_ROLES:
            voided, _rows = ApiToken.objects.filter(user=user).delete()
        audit_record(
            action="grant",
            obj=grant,
            actor=by,
            detail={
                "user": user.username,
                "role": role,
                "organization": organization.code,
                **({"tokens_voided": voided} if voided else {}),
            },
        )
    forget_grants(user)
    return grant


@transaction.atomic
def grant_revoke(*, by, grant: Grant) -> None:
    """Take back a grant."""
    if by is not None and not policy.can(by, "grant", grant.organization):
        raise PermissionDenied(_("您没有权限收回该权限。"))
    detail = {
        "user": grant.user.username,
        "role": grant.role,
        "organization": grant.organization.code,
    }
    audit_record(
        action="revoke",
        actor=by,
        object_type=grant._meta.label_lower,
        object_id=str(grant.pk),
        object_repr=str(grant),
        detail=detail,
    )
    grant._history_user = by if getattr(by, "pk", None) else None
    grant.delete()
    forget_grants(grant.user)


# --- API tokens ------------------------------------------------------------------


@transaction.atomic
def api_token_create(*, user: User, name: str, by=None) -> tuple[ApiToken, str]:
    """Create a bearer token for ``user``; the raw token is returned only once.

    Administrator accounts get no tokens: their second factor cannot be
    checked on a script's request.
    """
    _require_manage(by, user)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写令牌名称。")})
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise ValidationError({"name": _("令牌名称不能超过 50 个字符。")})
    if not user.is_active:
        raise ServiceError(_("账户已停用，不能生成接口令牌。"))
    if policy.needs_second_factor(user):
        raise ServiceError(
            _("管理员账户不能使用接口令牌，请在网页上登录并完成双因素验证。")
        )
    raw = ApiToken.generate()
    token = ApiToken.objects.create(user=user, name=name, digest=ApiToken.hash(raw))
    audit_record(
        action="create",
        obj=token,
        actor=by,
        object_repr=f"{user.username}: {name}",
        detail={"user": user.username, "name": name},
    )
    return token, raw
