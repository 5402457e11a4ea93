"""Writes of 会员之家's sign-in: SMS codes, failures, locks, remembered phones.

Every attempt leaves an audit row.  A number that no member may sign in with
gets the same answer as one that may: a code row is written for it too (so
the limits count it alike), only no message is sent.  The services return a
result rather than raising, so that failures, locks and audit rows they write
are committed along with the refusal.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from tongxin.audit.services import audit_record
from tongxin.core.crypto import blind_index
from tongxin.core.idnumber import mask_phone
from tongxin.lifecycle.services.admission import (
    IntroducerMismatch,
    application_apply_online,
)
from tongxin.memberhome import selectors
from tongxin.memberhome.models import RememberedPhone, SmsCode, SmsFailure, SmsLock
from tongxin.publicity.gateways import GatewayError, sms_gateway

CODE_DIGITS = 6


def phone_digest(phone: str) -> str:
    """The keyed hash of a mobile number, as the member registry stores it."""
    return blind_index("mobile", phone)


def code_hash(digest: str, code: str) -> str:
    """The HMAC of a code for one number (under ``SECRET_KEY``)."""
    return salted_hmac(
        "tongxin.memberhome.sms", f"{digest}:{code}", algorithm="sha256"
    ).hexdigest()


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclasses.dataclass
class CodeRequest:
    """The answer to "send me a code": the same for every number."""

    digest: str
    mask: str
    #: Empty when accepted; else why not, in Chinese (limits and locks only).
    refusal: str = ""


@dataclasses.dataclass
class SignIn:
    """The outcome of a sign-in attempt."""

    user: object | None = None
    refusal: str = ""
    #: The token to put in the device's cookie when the phone is remembered.
    remember_token: str = ""


def _serialise(digest: str) -> None:
    """Make attempts on one number wait for each other until commit.

    SQLite's ``BEGIN IMMEDIATE`` already serialises every write transaction;
    on PostgreSQL a transaction-level advisory lock keyed by the number's hash
    keeps two parallel requests from both passing a limit or a failure count.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(digest[:15], 16)])


def _audit(action: str, *, user=None, mask: str, ip, **detail) -> None:
    detail = {"phone": mask, **detail}
    if user is not None:
        audit_record(action=action, obj=user, actor=user, ip=ip, detail=detail)
    else:
        audit_record(
            action=action,
            object_type="accounts.user",
            object_repr=mask,
            ip=ip,
            detail=detail,
        )


def _refusal_for_request(digest: str, ip, now: dt.datetime) -> tuple[str, str]:
    """Return (outcome, message) when a new code may not be sent now."""
    lock = selectors.active_lock(phone_digest=digest, now=now)
    if lock is not None:
        minutes = max(1, int((lock.until - now).total_seconds() // 60) + 1)
        return "locked", _(
            "该号码验证码错误次数过多，已暂停短信登录，请 %(minutes)d 分钟后再试。"
        ) % {"minutes": minutes}
    last = SmsCode.objects.filter(phone_digest=digest).order_by("-created_at").first()
    interval = settings.TONGXIN_SMS_CODE_INTERVAL_SECONDS
    if last is not None and (now - last.created_at).total_seconds() < interval:
        wait = interval - int((now - last.created_at).total_seconds())
        return "interval", _("验证码已发送，请 %(seconds)d 秒后再重新获取。") % {
            "seconds": max(1, wait)
        }
    hour_ago = now - dt.timedelta(hours=1)
    sent = SmsCode.objects.filter(phone_digest=digest, created_at__gt=hour_ago)
    if sent.count() >= settings.TONGXIN_SMS_CODE_PER_HOUR:
        return "rate_number", _("该号码一小时内获取验证码的次数已达上限，请稍后再试。")
    if ip:
        from_ip = SmsCode.objects.filter(ip=ip, created_at__gt=hour_ago)
        if from_ip.count() >= settings.TONGXIN_SMS_CODE_PER_IP_HOUR:
            return "rate_ip", _(
                "您所在网络一小时内获取验证码的次数已达上限，请稍后再试。"
            )
    return "", ""


def join_digest(phone: str) -> str:
    """The keyed hash a number's join codes, failures and locks are kept under.

    Apart from the sign-in hash: a code to apply cannot sign anyone in, and
    the limits and locks of the two count separately (the per-address limit
    counts both).
    """
    return blind_index("join_mobile", phone)


@transaction.atomic
def _issue(
    *, phone: str, ip: str | None, purpose: str = "login"
) -> tuple[CodeRequest, SmsCode | None, str]:
    join = purpose == "join"
    digest = join_digest(phone) if join else phone_digest(phone)
    mask = mask_phone(phone)
    _serialise(digest)
    now = timezone.now()
    outcome, refusal = _refusal_for_request(digest, ip, now)
    if refusal:
        _audit("sms_code", mask=mask, ip=ip, outcome=outcome, purpose=purpose)
        return CodeRequest(digest=digest, mask=mask, refusal=refusal), None, ""
    user = None if join else selectors.sms_user(phone_digest=digest)
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    # Earlier codes of the number stop working: only the newest one counts.
    SmsCode.objects.filter(phone_digest=digest, used_at__isnull=True).update(
        used_at=now
    )
    row = SmsCode(
        phone_digest=digest,
        code_hash=code_hash(digest, code),
        user=user,
        ip=ip,
        created_at=now,
        expires_at=now + dt.timedelta(minutes=settings.TONGXIN_SMS_CODE_MINUTES),
    )
    row.full_clean()
    row.save()
    _audit(
        "sms_code",
        user=user,
        mask=mask,
        ip=ip,
        outcome="sent" if user is not None or join else "no_account",
        purpose=purpose,
    )
    return CodeRequest(digest=digest, mask=mask), row, code


def sms_code_request(*, phone: str, ip: str | None) -> CodeRequest:
    """Issue a sign-in code for ``phone`` (11 digits, already validated).

    The code row and its audit row are committed first; the message is sent
    after, outside the transaction (a slow gateway holds no database lock).
    A gateway failure is audited and answered like a success: telling the
    visitor would tell them the number belongs to a member.
    """
    answer, row, code = _issue(phone=phone, ip=ip)
    if row is None or row.user is None:
        return answer
    minutes = settings.TONGXIN_SMS_CODE_MINUTES
    text = settings.TONGXIN_SMS_SIGNATURE + _(
        "您的同心登录验证码是 %(code)s，%(minutes)d 分钟内有效。"
        "如非本人操作，请忽略本短信。"
    ) % {"code": code, "minutes": minutes}
    try:
        sms_gateway().send(to=phone, text=text, reference=f"sms-code-{row.pk}")
    except GatewayError as e:
        with transaction.atomic():
            _audit(
                "sms_code",
                user=row.user,
                mask=answer.mask,
                ip=ip,
                outcome="gateway_error",
                reason=e.reason,
            )
    return answer


def join_code_request(*, phone: str, ip: str | None) -> CodeRequest:
    """Send a code to ``phone`` to prove it before applying to join online.

    Every number gets one (an applicant is not a member): the limits per
    number and per address, expiry and lockout are the sign-in's.
    """
    answer, row, code = _issue(phone=phone, ip=ip, purpose="join")
    if row is None:
        return answer
    text = settings.TONGXIN_SMS_SIGNATURE + _(
        "您的入会申请验证码是 %(code)s，%(minutes)d 分钟内有效。"
        "如非本人操作，请忽略本短信。"
    ) % {"code": code, "minutes": settings.TONGXIN_SMS_CODE_MINUTES}
    try:
        sms_gateway().send(to=phone, text=text, reference=f"join-code-{row.pk}")
    except GatewayError as e:
        with transaction.atomic():
            _audit(
                "sms_code",
                mask=answer.mask,
                ip=ip,
                outcome="gateway_error",
                reason=e.reason,
                purpose="join",
            )
    return answer


def _lock_refusal(lock, now) -> str:
    minutes = max(1, int((lock.until - now).total_seconds() // 60) + 1)
    return _("该号码验证码错误次数过多，已暂停使用，请 %(minutes)d 分钟后再试。") % {
        "minutes": minutes
    }


def _count_failure(*, digest: str, ip, now, audit_user=None, mask: str, **detail):
    """Count one failure against ``digest``; lock it at the limit.

    Returns the refusal: how many tries are left, or the lock.
    """
    failure = SmsFailure(phone_digest=digest, ip=ip, at=now)
    failure.full_clean()
    failure.save()
    failures = selectors.counted_failures(phone_digest=digest)
    limit = settings.TONGXIN_SMS_CODE_FAILURES
    if failures < limit:
        return failures, ""
    minutes = settings.TONGXIN_SMS_LOCK_MINUTES
    lock = SmsLock(
        phone_digest=digest, at=now, until=now + dt.timedelta(minutes=minutes)
    )
    lock.full_clean()
    lock.save()
    SmsFailure.objects.filter(phone_digest=digest, counted=True).update(counted=False)
    SmsCode.objects.filter(phone_digest=digest, used_at__isnull=True).update(
        used_at=now
    )
    _audit(
        "sms_lockout",
        user=audit_user,
        mask=mask,
        ip=ip,
        failures=failures,
        minutes=minutes,
        **detail,
    )
    return failures, _("验证码错误次数过多，该号码已暂停使用 %(minutes)d 分钟。") % {
        "minutes": minutes
    }


@transaction.atomic
def join_code_verify(*, digest: str, mask: str, code: str, ip: str | None) -> str:
    """Check a join code; return "" when right, else the refusal in Chinese."""
    _serialise(digest)
    now = timezone.now()
    lock = selectors.active_lock(phone_digest=digest, now=now)
    if lock is not None:
        _audit("sms_login_failed", mask=mask, ip=ip, outcome="locked", purpose="join")
        return _lock_refusal(lock, now)
    row = (
        SmsCode.objects.filter(phone_digest=digest, used_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    if row is None or row.expires_at <= now:
        _audit("sms_login_failed", mask=mask, ip=ip, outcome="expired", purpose="join")
        return _("验证码已过期或已失效，请重新获取。")
    if not constant_time_compare(row.code_hash, code_hash(digest, code)):
        failures, locked = _count_failure(
            digest=digest, ip=ip, now=now, mask=mask, purpose="join"
        )
        _audit(
            "sms_login_failed",
            mask=mask,
            ip=ip,
            outcome="wrong_code",
            failures=failures,
            purpose="join",
        )
        return locked or _("验证码不正确，还可再试 %(left)d 次。") % {
            "left": settings.TONGXIN_SMS_CODE_FAILURES - failures
        }
    SmsCode.objects.filter(pk=row.pk).update(used_at=now)
    SmsFailure.objects.filter(phone_digest=digest, counted=True).update(counted=False)
    return ""


def join_locked(*, digest: str) -> str:
    """The refusal when a verified number has since been locked, else ""."""
    now = timezone.now()
    lock = selectors.active_lock(phone_digest=digest, now=now)
    return _lock_refusal(lock, now) if lock is not None else ""


def join_apply(*, phone: str, ip: str | None, **data):
    """Make the online application of a verified number (see lifecycle).

    Introducers who do not match count as a failure against the number, as a
    wrong code does: enough of them lock it, so the roster cannot be probed
    name by name.  Returns (application or None, refusal error or None).
    """
    digest, mask = join_digest(phone), mask_phone(phone)
    refusal = join_locked(digest=digest)
    if refusal:
        return None, refusal
    try:
        with transaction.atomic():
            app = application_apply_online(mobile=phone, **data)
            _audit("join_apply", mask=mask, ip=ip, application=app.pk)
    except IntroducerMismatch:
        with transaction.atomic():
            _serialise(digest)
            now = timezone.now()
            failures, locked = _count_failure(
                digest=digest, ip=ip, now=now, mask=mask, purpose="join"
            )
            _audit("join_introducer", mask=mask, ip=ip, failures=failures)
        raise
    return app, ""


def _remember(*, user, digest: str, mask: str, ip, now) -> str:
    token = secrets.token_urlsafe(32)
    row = RememberedPhone(
        user=user,
        phone_digest=digest,
        token_digest=token_digest(token),
        phone_mask=mask,
        created_at=now,
        expires_at=now + dt.timedelta(days=settings.TONGXIN_REMEMBER_PHONE_DAYS),
    )
    row.full_clean()
    row.save()
    _audit(
        "phone_remember",
        user=user,
        mask=mask,
        ip=ip,
        days=settings.TONGXIN_REMEMBER_PHONE_DAYS,
    )
    return token


@transaction.atomic
def sms_code_verify(
    *, digest: str, mask: str, code: str, ip: str | None, remember: bool = False
) -> SignIn:
    """Check a code entered for a number; on success say whom it signs in.

    A wrong code counts against the number; ``TONGXIN_SMS_CODE_FAILURES``
    of them lock it for ``TONGXIN_SMS_LOCK_MINUTES`` and void its code.
    """
    _serialise(digest)
    now = timezone.now()
    lock = selectors.active_lock(phone_digest=digest, now=now)
    if lock is not None:
        _audit("sms_login_failed", mask=mask, ip=ip, outcome="locked")
        minutes = max(1, int((lock.until - now).total_seconds() // 60) + 1)
        return SignIn(
            refusal=_(
                "该号码验证码错误次数过多，已暂停短信登录，请 %(minutes)d 分钟后再试。"
            )
            % {"minutes": minutes}
        )
    row = (
        SmsCode.objects.select_related("user")
        .filter(phone_digest=digest, used_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    if row is None or row.expires_at <= now:
        _audit("sms_login_failed", mask=mask, ip=ip, outcome="expired")
        return SignIn(refusal=_("验证码已过期或已失效，请重新获取。"))
    user = row.user
    right = constant_time_compare(row.code_hash, code_hash(digest, code))
    if right and user is not None:
        # The account may have changed since the code was sent.
        if selectors.sms_user(phone_digest=digest) != user:
            user = None
    if not right or user is None:
        failure = SmsFailure(phone_digest=digest, ip=ip, at=now)
        failure.full_clean()
        failure.save()
        failures = selectors.counted_failures(phone_digest=digest)
        _audit(
            "sms_login_failed",
            user=row.user,
            mask=mask,
            ip=ip,
            outcome="wrong_code",
            failures=failures,
        )
        limit = settings.TONGXIN_SMS_CODE_FAILURES
        if failures < limit:
            return SignIn(
                refusal=_("验证码不正确，还可再试 %(left)d 次。")
                % {"left": limit - failures}
            )
        minutes = settings.TONGXIN_SMS_LOCK_MINUTES
        lock = SmsLock(
            phone_digest=digest, at=now, until=now + dt.timedelta(minutes=minutes)
        )
        lock.full_clean()
        lock.save()
        SmsFailure.objects.filter(phone_digest=digest, counted=True).update(
            counted=False
        )
        SmsCode.objects.filter(phone_digest=digest, used_at__isnull=True).update(
            used_at=now
        )
        _audit(
            "sms_lockout",
            user=row.user,
            mask=mask,
            ip=ip,
            failures=failures,
            minutes=minutes,
        )
        return SignIn(
            refusal=_("验证码错误次数过多，该号码已暂停短信登录 %(minutes)d 分钟。")
            % {"minutes": minutes}
        )
    SmsCode.objects.filter(pk=row.pk).update(used_at=now)
    SmsFailure.objects.filter(phone_digest=digest, counted=True).update(counted=False)
    _audit("sms_login", user=user, mask=mask, ip=ip, remember=remember)
    token = ""
    if remember:
        token = _remember(user=user, digest=digest, mask=mask, ip=ip, now=now)
    return SignIn(user=user, remember_token=token)


@transaction.atomic
def phone_login(*, token: str, ip: str | None) -> SignIn:
    """Sign in with a remembered phone's token, if it still holds."""
    now = timezone.now()
    row = selectors.remembered_phone(token_digest=token_digest(token), now=now)
    if row is None:
        _audit("phone_login", mask="", ip=ip, outcome="invalid")
        return SignIn(refusal=_("记住的手机已失效，请用短信验证码登录。"))
    current = selectors.sms_user(phone_digest=row.phone_digest)
    if current is None or current.pk != row.user_id:
        _audit(
            "phone_login", user=row.user, mask=row.phone_mask, ip=ip, outcome="refused"
        )
        return SignIn(refusal=_("记住的手机已失效，请用短信验证码登录。"))
    RememberedPhone.objects.filter(pk=row.pk).update(last_used_at=now)
    _audit("phone_login", user=row.user, mask=row.phone_mask, ip=ip, outcome="ok")
    return SignIn(user=row.user)


@transaction.atomic
def phone_forget(*, token: str, ip: str | None) -> bool:
    """Revoke the remembered phone a device's token names; True if there was one."""
    now = timezone.now()
    row = selectors.remembered_phone(token_digest=token_digest(token), now=now)
    if row is None:
        return False
    RememberedPhone.objects.filter(pk=row.pk).update(revoked_at=now)
    _audit("phone_forget", user=row.user, mask=row.phone_mask, ip=ip)
    return True


# --- The branch head's phone on 我的 ------------------------------------------


class HeadPhoneRefused(Exception):
    """The post is not the head of the caller's own branch (or they have none)."""


def head_phone_reveal(*, by, post_id: int) -> str:
    """Return the mobile of ``by``'s own branch head (post ``post_id``); audit it.

    Only a member whose branch head holds that post may read the number; any
    other attempt is recorded as ``reveal_refused`` and raises
    :class:`HeadPhoneRefused`.  A member may reveal it at most
    ``TONGXIN_HEAD_PHONE_REVEALS_PER_DAY`` times in 24 hours (a
    ``ValidationError`` in Chinese past that).  Each reveal is an audit
    ``reveal`` event on the head's record, with ``via: branch_head``.
    """
    from django.core.exceptions import ValidationError

    from tongxin.audit.models import AuditEvent

    member = by.member if getattr(by, "member_id", None) else None
    head = (
        selectors.branch_head(member=member)
        if member is not None and member.is_active
        else None
    )
    if head is None or head.pk != post_id:
        with transaction.atomic():
            audit_record(
                action="reveal_refused",
                object_type="members.post",
                object_id=str(post_id),
                detail={"field": "mobile", "reason": "not_own_head"},
                actor=by,
            )
        raise HeadPhoneRefused
    with transaction.atomic():
        since = timezone.now() - dt.timedelta(days=1)
        used = AuditEvent.objects.filter(
            actor=by, action="reveal", detail__via="branch_head", at__gte=since
        ).count()
        if used >= settings.TONGXIN_HEAD_PHONE_REVEALS_PER_DAY:
            raise ValidationError(
                _("24 小时内显示电话已达 %(n)d 次，请稍后再试。")
                % {"n": settings.TONGXIN_HEAD_PHONE_REVEALS_PER_DAY}
            )
        audit_record(
            action="reveal",
            obj=head.member,
            detail={"field": "mobile", "via": "branch_head"},
            actor=by,
        )
    return head.member.mobile or ""
