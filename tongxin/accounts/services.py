"""Every write to users, grants, API tokens and second-factor devices.

Each service checks permission through ``tongxin.accounts.policies.policy``
(``by=None`` means trusted code: the demo builder and management commands)
and appends an audit event. Passwords never reach the audit trail.
"""

from __future__ import annotations

import datetime as dt
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

from tongxin.accounts.models import (
    ADMIN_ROLES,
    PERSONAL_DATA_ROLES,
    ApiToken,
    CredentialReset,
    Grant,
    MemberLink,
    Role,
    User,
)
from tongxin.accounts.policies import policy
from tongxin.audit.services import audit_record
from tongxin.core import framecache, tree
from tongxin.core.errors import PermissionDenied, ServiceError, ValidationError
from tongxin.core.memberport import registry
from tongxin.core.policies import forget_grants

#: Fields of a user that ``user_update`` may change.
USER_FIELDS = ("display_name", "email", "member")
#: Name of the one TOTP device each account may hold.
OTP_DEVICE_NAME = "totp"
#: How long an API token lives unless its owner asks for less (days).
TOKEN_MAX_DAYS = 90
#: Wrong answers on the link confirmation page before the proposal lapses.
LINK_MAX_ATTEMPTS = 5
#: Letters and digits of readable passwords: no 0/O/o, 1/l/I/i look-alikes.
_CONSONANTS = "bdfghkmnprstvz"
_VOWELS = "aeu"
_DIGITS = "23456789"

NOT_YOURS = _("接口令牌只能由本人生成；任何人（包括系统管理员）都不能为他人生成令牌。")


def readable_password() -> str:
    """Return a password people can read aloud: ``Bafu-4827-Kemu-3962``.

    Four groups (two capitalised syllable words, two groups of digits)
    without look-alike characters; it satisfies the password rules.
    """
    rng = secrets.SystemRandom()

    def word() -> str:
        w = "".join(rng.choice(_CONSONANTS) + rng.choice(_VOWELS) for _i in range(2))
        return w.capitalize()

    def digits() -> str:
        return "".join(rng.choice(_DIGITS) for _i in range(4))

    return "-".join([word(), digits(), word(), digits()])


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


def _refuse_linking(by, member) -> None:
    """An administrator never links an account to a member (a business act)."""
    if by is not None and member is not None:
        raise PermissionDenied(
            _(
                "系统管理员不能把账户关联到会员：关联会员由组织部提出，"
                "会员本人登录确认。"
            )
        )


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
    _refuse_linking(by, member)
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
        if fields["member"] != user.member and by is not None:
            _refuse_linking(by, fields["member"] or user.member)
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
        revoked = _revoke_tokens(user, by)
        audit_record(
            action="user_disable",
            obj=user,
            actor=by,
            detail={"tokens_revoked": revoked} if revoked else {},
        )
    return user


def _revoke_tokens(user: User, by) -> int:
    """Revoke every live token of ``user``; return how many."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=by if getattr(by, "pk", None) else None
    )


def _refuse_admin_target(by, user: User) -> None:
    if by is not None and policy.is_admin_account(user):
        raise ServiceError(
            _(
                "“%s”是管理员账户：重置其密码或双因素验证须提交申请，"
                "经安全管理员批准后生效。"
            )
            % user.username
        )


@transaction.atomic
def password_reset_by_admin(*, by, user: User) -> str:
    """Give ``user`` a random one-time password and return it (shown once).

    The user must change it at the next login; the reset also lifts a
    lockout of the account name.
    """
    from axes.handlers.proxy import AxesProxyHandler

    _require_manage(by, user)
    _refuse_self(by, user, _("请在“修改密码”页面修改自己的密码。"))
    _refuse_admin_target(by, user)
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
    _refuse_admin_target(by, user)
    deleted, _rows = TOTPDevice.objects.filter(user=user).delete()
    audit_record(
        action="user_update",
        obj=user,
        actor=by,
        detail={"otp_reset": True, "devices": deleted},
    )


# --- grants --------------------------------------------------------------------


def _role_labels(roles) -> str:
    return "、".join(
        str(_("超级用户")) if r == SUPERUSER else str(Role(r).label)
        for r in sorted(roles)
    )


#: The superuser flag, counted as one of the duties no account combines.
SUPERUSER = "superuser"
#: The duties of which an account holds at most one (三员分立).
EXCLUSIVE_DUTIES = frozenset({*ADMIN_ROLES, SUPERUSER, *PERSONAL_DATA_ROLES})


def duties_of(user: User) -> set[str]:
    """Return the roles ``user`` holds, with ``superuser`` for the flag."""
    held = set(Grant.objects.filter(user=user).values_list("role", flat=True))
    if user.is_superuser:
        held.add(SUPERUSER)
    return held


def check_separation(user: User, role: str) -> None:
    """Refuse ``role`` for ``user`` if it would break 三员分立.

    No account holds two of {system, security, audit administrator,
    superuser, a business role with personal-data rights}; an administrator
    or the superuser holds no business role at all, and an administrator
    account is never linked to a member.
    """
    held = duties_of(user)
    admin_like = held & (ADMIN_ROLES | {SUPERUSER})
    if role in ADMIN_ROLES:
        other = admin_like - {role}
        if other:
            raise ServiceError(
                _("三员分立：该账户已是%(held)s，不能再兼任%(role)s。")
                % {"held": _role_labels(other), "role": Role(role).label}
            )
        business = held - ADMIN_ROLES - {SUPERUSER}
        if business:
            raise ServiceError(
                _("三员分立：该账户持有业务角色（%(held)s），不能再兼任%(role)s。")
                % {"held": _role_labels(business), "role": Role(role).label}
            )
        if (
            user.member_id
            or MemberLink.objects.filter(
                user=user, state=MemberLink.State.PROPOSED
            ).exists()
        ):
            raise ServiceError(
                _("三员分立：该账户关联了会员，不能担任%(role)s。")
                % {"role": Role(role).label}
            )
        return
    if admin_like:
        raise ServiceError(
            _("三员分立：该账户是%(held)s，不能再授予业务角色。")
            % {"held": _role_labels(admin_like)}
        )


def _check_member_grant(user: User, organization) -> None:
    """The 会员 role is held on the account's own member's branch only."""
    if not user.member_id:
        raise ServiceError(
            _("该账户尚未关联会员（或会员尚未确认），不能授予“会员”角色。")
        )
    if user.member.organization_id != organization.pk:
        raise ServiceError(
            _("“会员”角色只能授予在该会员本人所在的组织“%(org)s”，不能授予在其他组织。")
            % {"org": user.member.organization.name}
        )


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
    check_separation(user, role)
    if role == Role.MEMBER:
        _check_member_grant(user, organization)
    grant, created = Grant.objects.get_or_create(
        user=user,
        role=role,
        organization=organization,
        defaults={"granted_by": by if getattr(by, "pk", None) else None},
    )
    if created:
        voided = 0
        if role in ADMIN_ROLES:
            voided = _revoke_tokens(user, by)
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


def _token_roles(user: User, roles) -> list[str]:
    """Return ``roles`` checked as a subset of the roles ``user`` holds."""
    roles = sorted({str(r) for r in (roles or [])})
    if not roles:
        return []
    held = set(Grant.objects.filter(user=user).values_list("role", flat=True))
    unknown = [r for r in roles if r not in Role.values or r not in held]
    if unknown:
        raise ValidationError({"roles": _("令牌的角色范围只能从您持有的角色中选择。")})
    return roles


@transaction.atomic
def api_token_create(
    *,
    user: User,
    name: str,
    by=None,
    expires_days: int = TOKEN_MAX_DAYS,
    read_only: bool = False,
    roles=None,
) -> tuple[ApiToken, str]:
    """Create a bearer token for ``user``; the raw token is returned only once.

    Only the owner mints a token (``by`` is ``user``), or trusted code run
    by the server operator (``by=None``, the ``create-api-token`` command).
    It lives ``expires_days`` days (at most 90), may be read-only or limited
    to some of the owner's roles, and stops when the owner's password
    changes. The superuser gets no tokens (it exists only for bootstrap).
    """
    if by is not None and by.pk != user.pk:
        raise PermissionDenied(NOT_YOURS)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写令牌名称。")})
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise ValidationError({"name": _("令牌名称不能超过 50 个字符。")})
    try:
        days = int(expires_days)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= TOKEN_MAX_DAYS:
        raise ValidationError(
            {"expires_days": _("有效期应为 1 至 %d 天。") % TOKEN_MAX_DAYS}
        )
    if not user.is_active:
        raise ServiceError(_("账户已停用，不能生成接口令牌。"))
    if user.is_superuser:
        raise ServiceError(_("超级用户只用于初始化，不能使用接口令牌。"))
    roles = _token_roles(user, roles)
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        digest=ApiToken.hash(raw),
        expires_at=timezone.now() + dt.timedelta(days=days),
        read_only=bool(read_only),
        roles=roles,
        password_stamp=ApiToken.stamp_of(user),
    )
    audit_record(
        action="create",
        obj=token,
        actor=by,
        object_repr=f"{user.username}: {name}",
        detail={
            "user": user.username,
            "name": name,
            "expires_days": days,
            "read_only": token.read_only,
            **({"roles": roles} if roles else {}),
        },
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, by, token: ApiToken) -> ApiToken:
    """Revoke a token: its owner, or the security administrator, may."""
    if by is not None and by.pk != token.user_id:
        if not policy.can(by, "manage_tokens", token.user):
            raise PermissionDenied(_("您没有权限撤销该接口令牌。"))
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.revoked_by = by if getattr(by, "pk", None) else None
    token.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(
        action="token_revoke",
        obj=token,
        actor=by,
        object_repr=f"{token.user.username}: {token.name}",
        detail={"user": token.user.username, "name": token.name},
    )
    return token


# --- two-person rule for administrator credentials ---------------------------


def _notify(user: User, key: str, title: str, body: str = "", url: str = "") -> None:
    from tongxin.notifications.services import notify

    notify(user=user, key=key, title=title, body=body, url=url)


@transaction.atomic
def credential_reset_request(
    *, by, user: User, kind: str, reason: str = ""
) -> CredentialReset:
    """Ask for a reset of an administrator's password or second factor.

    The reset happens only when a security administrator other than the
    requester approves it (:func:`credential_reset_decide`).
    """
    from django.urls import reverse

    _require_manage(by, user)
    if kind not in CredentialReset.Kind.values:
        raise ValidationError({"kind": _("未知的重置类别。")})
    _refuse_self(by, user, _("不能申请重置自己的凭据。"))
    if not policy.is_admin_account(user):
        raise ServiceError(_("普通账户可直接重置，无需申请。"))
    if CredentialReset.objects.filter(
        target=user, kind=kind, state=CredentialReset.State.PENDING
    ).exists():
        raise ServiceError(_("该账户已有同类待审批的申请。"))
    reset = CredentialReset(
        target=user, kind=kind, reason=(reason or "").strip()[:200], requested_by=by
    )
    reset.full_clean()
    reset.save()
    audit_record(
        action="reset_request",
        obj=user,
        actor=by,
        detail={"kind": kind, "request": reset.pk, "reason": reset.reason},
    )
    label = reset.get_kind_display()
    _notify(
        user,
        f"credential-reset-{reset.pk}-requested",
        _("有人申请%(kind)s您的账户") % {"kind": label},
        _("系统管理员 %(by)s 申请%(kind)s您的账户，须经安全管理员批准。")
        % {"by": by.username, "kind": label},
    )
    approvers = User.objects.filter(is_active=True, grants__role=Role.SECADMIN).exclude(
        pk__in=[by.pk, user.pk]
    )
    for approver in approvers.distinct():
        if policy.can(approver, "approve_reset", user):
            _notify(
                approver,
                f"credential-reset-{reset.pk}-approve",
                _("待审批：%(kind)s“%(name)s”")
                % {"kind": label, "name": user.username},
                url=reverse("accounts:resets"),
            )
    return reset


@transaction.atomic
def credential_reset_decide(
    *, by, reset: CredentialReset, approve: bool, note: str = ""
) -> tuple[CredentialReset, str | None]:
    """Approve (and carry out) or refuse a reset request.

    Returns the request and, for an approved password reset, the one-time
    password (shown once to the approver, who hands it to the account's
    owner). The first login after an approved reset is flagged in the audit.
    """
    from axes.handlers.proxy import AxesProxyHandler

    reset = CredentialReset.objects.select_for_update().get(pk=reset.pk)
    target = reset.target
    if by is not None and not policy.can(by, "approve_reset", target):
        raise PermissionDenied(_("只有安全管理员可以审批管理员凭据的重置。"))
    if by is not None and by.pk in (reset.requested_by_id, target.pk):
        raise PermissionDenied(_("双人规则：申请人和被重置的本人不能审批该申请。"))
    if reset.state != CredentialReset.State.PENDING:
        raise ServiceError(_("该申请已经处理过了。"))
    reset.state = (
        CredentialReset.State.APPROVED if approve else CredentialReset.State.REFUSED
    )
    reset.decided_by = by
    reset.decided_at = timezone.now()
    reset.decision_note = (note or "").strip()[:200]
    reset.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    password = None
    detail = {
        "kind": reset.kind,
        "request": reset.pk,
        "requested_by": reset.requested_by.username,
        "approved": bool(approve),
    }
    audit_record(action="reset_decide", obj=target, actor=by, detail=detail)
    label = reset.get_kind_display()
    if not approve:
        _notify(
            target,
            f"credential-reset-{reset.pk}-refused",
            _("%(kind)s您账户的申请已被拒绝") % {"kind": label},
        )
        return reset, None
    if reset.kind == CredentialReset.Kind.PASSWORD:
        password = generate_password()
        target.set_password(password)
        target.must_change_password = True
        target.flag_next_login = True
        target.save(
            update_fields=["password", "must_change_password", "flag_next_login"]
        )
        AxesProxyHandler.reset_attempts(username=target.username)
        audit_record(action="password_reset", obj=target, actor=by, detail=detail)
    else:
        deleted, _rows = TOTPDevice.objects.filter(user=target).delete()
        target.flag_next_login = True
        target.save(update_fields=["flag_next_login"])
        audit_record(
            action="user_update",
            obj=target,
            actor=by,
            detail={**detail, "otp_reset": True, "devices": deleted},
        )
    _notify(
        target,
        f"credential-reset-{reset.pk}-done",
        _("您的账户已%(kind)s") % {"kind": label},
        _("经 %(by)s 申请、%(approver)s 批准。如非您本人要求，请立即联系安全管理员。")
        % {"by": reset.requested_by.username, "approver": getattr(by, "username", "")},
    )
    return reset, password


def flag_login_after_reset(user: User) -> None:
    """Record the first login after an approved credential reset."""
    if not getattr(user, "flag_next_login", False):
        return
    User.objects.filter(pk=user.pk).update(flag_next_login=False)
    framecache.forget_user(user.pk)
    user.flag_next_login = False
    audit_record(
        action="login_after_reset",
        obj=user,
        actor=user,
        detail={"after_reset": True},
    )


# --- account–member links (组织部 proposes, the member confirms) ----------------


def _require_link(by, member) -> None:
    if by is not None and not policy.can(by, "link_member", member):
        raise PermissionDenied(_("您没有权限为该会员关联账户。"))


def _check_linkable(user: User, member) -> None:
    if policy.is_admin_account(user):
        raise ServiceError(_("三员分立：管理员账户不能关联会员。"))
    if user.member_id:
        raise ServiceError(_("该账户已关联会员“%s”。") % user.member.name)
    if MemberLink.objects.filter(user=user, state=MemberLink.State.PROPOSED).exists():
        raise ServiceError(_("该账户已有待确认的会员关联。"))
    _check_member_free(member)
    pending = MemberLink.objects.filter(
        member=member, state=MemberLink.State.PROPOSED
    ).first()
    if pending is not None:
        raise ValidationError(
            {"member": _("该会员已有待确认的账户“%s”。") % pending.user.username}
        )


@transaction.atomic
def member_link_propose(*, by, user: User, member) -> MemberLink:
    """Propose linking ``user`` to ``member`` (组织部, within their scope)."""
    _require_link(by, member)
    _check_linkable(user, member)
    link = MemberLink.objects.create(
        user=user, member=member, proposed_by=by if getattr(by, "pk", None) else None
    )
    audit_record(
        action="link_propose",
        obj=user,
        actor=by,
        detail={"member": member.pk, "link": link.pk},
    )
    return link


def _username_for(member) -> str:
    """Return a free login name from the member's name in pinyin."""
    from pypinyin import lazy_pinyin

    base = "".join(lazy_pinyin(member.name)).lower()
    base = "".join(c for c in base if c.isascii() and c.isalnum())[:20] or "member"
    name, n = base, 1
    while User.objects.filter(username__iexact=name).exists():
        n += 1
        name = f"{base}{n}"
    return name


@transaction.atomic
def member_account_create(*, by, member, username: str = "") -> tuple[User, str]:
    """Create an account for ``member`` with a proposed (unconfirmed) link.

    Returns the account and its readable initial password (shown once); the
    password must be changed and the link confirmed at first login.
    """
    _require_link(by, member)
    _check_member_free(member)
    if MemberLink.objects.filter(
        member=member, state=MemberLink.State.PROPOSED
    ).exists():
        raise ValidationError({"member": _("该会员已有待确认的账户。")})
    username = (username or "").strip() or _username_for(member)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("用户名“%s”已存在。") % username})
    password = readable_password()
    user = User(
        username=username, display_name=member.name[:50], must_change_password=True
    )
    _validate_new_password(password, user, "password")
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(action="user_create", obj=user, actor=by, detail=_user_snapshot(user))
    member_link_propose(by=by, user=user, member=member)
    return user, password


def members_without_account(*, by, organization):
    """Return the active members of ``organization``'s subtree who have no account."""
    active = registry().active()
    if not policy.can(by, "link_member", organization):
        return active.none()
    return (
        active.filter(
            tree.subtree_q(organization.path, "org_path"),
            user__isnull=True,
        )
        .exclude(account_links__state=MemberLink.State.PROPOSED)
        .select_related("organization")
        .order_by("org_path", "stroke_key", "id")
    )


@transaction.atomic
def member_accounts_bulk_create(*, by, organization) -> list[tuple]:
    """Create accounts for every member of a subtree who has none.

    Returns ``(member, user, password)`` rows; all or nothing.
    """
    if by is not None and not policy.can(by, "link_member", organization):
        raise PermissionDenied(_("您没有权限为该组织的会员建立账户。"))
    rows = []
    for member in members_without_account(by=by, organization=organization):
        user, password = member_account_create(by=by, member=member)
        rows.append((member, user, password))
    return rows


def _proof_matches(member, proof: str) -> bool:
    proof = (proof or "").strip().upper()
    if not proof:
        return False
    id_number = (member.id_number or "").upper()
    if len(proof) == 4 and id_number and id_number[-4:] == proof:
        return True
    cert = (member.certificate_no or "").strip().upper()
    return bool(cert) and secrets.compare_digest(cert, proof)


def member_link_confirm(*, user: User, link: MemberLink, proof: str) -> bool:
    """Confirm one's own proposed link with the last 4 ID digits or the
    certificate number; return success. Wrong answers are counted and
    audited; after ``LINK_MAX_ATTEMPTS`` the proposal lapses.
    """
    with transaction.atomic():
        link = MemberLink.objects.select_for_update().get(pk=link.pk)
        if link.user_id != user.pk or link.state != MemberLink.State.PROPOSED:
            raise PermissionDenied(_("该会员关联不属于您或已处理。"))
        if not _proof_matches(link.member, proof):
            link.failed_attempts += 1
            lapsed = link.failed_attempts >= LINK_MAX_ATTEMPTS
            if lapsed:
                link.state = MemberLink.State.CANCELLED
                link.decided_at = timezone.now()
            link.save(update_fields=["failed_attempts", "state", "decided_at"])
            audit_record(
                action="login_failed",
                obj=user,
                actor=user,
                detail={"stage": "member_link", "lapsed": lapsed},
            )
            return False
        _check_member_free(link.member)
        _settle_link(link, how=MemberLink.How.SELF, by=user)
        return True


def _settle_link(link: MemberLink, *, how: str, by) -> None:
    user = link.user
    user.member = link.member
    user.save(update_fields=["member"])
    link.state = MemberLink.State.CONFIRMED
    link.confirmed_how = how
    link.confirmed_by = by if getattr(by, "pk", None) else None
    link.decided_at = timezone.now()
    link.save(update_fields=["state", "confirmed_how", "confirmed_by", "decided_at"])
    audit_record(
        action="link_confirm",
        obj=user,
        actor=by,
        detail={"member": link.member_id, "link": link.pk, "how": how},
    )


@transaction.atomic
def member_link_confirm_in_person(*, by, link: MemberLink) -> MemberLink:
    """Record that 组织部 confirmed the link with the member in person."""
    link = MemberLink.objects.select_for_update().get(pk=link.pk)
    _require_link(by, link.member)
    if by is not None and by.pk == link.user_id:
        raise PermissionDenied(_("不能为自己的账户当面确认关联。"))
    if link.state != MemberLink.State.PROPOSED:
        raise ServiceError(_("该会员关联已处理。"))
    _check_member_free(link.member)
    _settle_link(link, how=MemberLink.How.IN_PERSON, by=by)
    return link


@transaction.atomic
def member_link_refuse(*, user: User, link: MemberLink) -> MemberLink:
    """The account's owner says the proposed member is not them."""
    link = MemberLink.objects.select_for_update().get(pk=link.pk)
    if link.user_id != user.pk or link.state != MemberLink.State.PROPOSED:
        raise PermissionDenied(_("该会员关联不属于您或已处理。"))
    link.state = MemberLink.State.REFUSED
    link.decided_at = timezone.now()
    link.save(update_fields=["state", "decided_at"])
    audit_record(action="link_refuse", obj=user, actor=user, detail={"link": link.pk})
    return link
