"""Member certificates (会员证): numbers in a configurable pattern, issued one
by one or for a whole class, replaced when lost (the old number is voided and
never used again)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tongxin.core.errors import ServiceError, ValidationError
from tongxin.core.policies import require
from tongxin.core.services import save_with_history
from tongxin.lifecycle.models import Attendee, Certificate, TrainingClass
from tongxin.lifecycle.policies import policy
from tongxin.members.models import Member
from tongxin.members.services import member_update

DEFAULT_PATTERN = "{year}{seq:04d}"


def pattern() -> str:
    return getattr(settings, "TONGXIN_CERTIFICATE_PATTERN", DEFAULT_PATTERN)


def _used(number: str) -> bool:
    return (
        Certificate.objects.filter(number=number).exists()
        or Member.objects.filter(certificate_no=number).exists()
    )


def next_number(on: dt.date) -> str:
    """Return the first unused number of ``on``'s year in the configured pattern."""
    seq = Certificate.objects.filter(issued_on__year=on.year).count() + 1
    while True:
        number = pattern().format(year=on.year, seq=seq)
        if not _used(number):
            return number
        seq += 1


def _check_number(number: str, member: Member) -> str:
    number = (number or "").strip()
    if not number or len(number) > 30:
        raise ValidationError({"number": _("会员证号应为 1 至 30 个字符。")})
    used = Certificate.objects.filter(number=number).first()
    if used is not None:
        raise ValidationError(
            {
                "number": _("会员证号 %(number)s 已被使用（%(name)s，%(status)s）。")
                % {
                    "number": number,
                    "name": used.member.name,
                    "status": used.get_status_display(),
                }
            }
        )
    if Member.objects.filter(certificate_no=number).exclude(pk=member.pk).exists():
        raise ValidationError({"number": _("会员证号 %s 已被使用。") % number})
    return number


def _issue(
    *,
    by,
    member: Member,
    issued_on: dt.date,
    number: str = "",
    training_class: TrainingClass | None = None,
    replaces: Certificate | None = None,
) -> Certificate:
    member = Member.objects.select_for_update().get(pk=member.pk)
    require(policy, by, "issue", member)
    if not member.is_active:
        raise ValidationError({"member": _("“%s”不是在册会员。") % member.name})
    if Certificate.objects.filter(
        member=member, status=Certificate.Status.VALID
    ).exists():
        raise ValidationError(
            {"member": _("“%s”已有有效的会员证；遗失请办理补发。") % member.name}
        )
    registered = member.certificate_no
    if number:
        number = _check_number(number, member)
    elif registered and not Certificate.objects.filter(number=registered).exists():
        # The registry already holds this member's number (an imported roster):
        # the certificate records it rather than inventing another.
        number = registered
    else:
        number = next_number(issued_on)
    cert = Certificate(
        member=member,
        path=member.org_path,
        number=number,
        issued_on=issued_on,
        training_class=training_class,
        replaces=replaces,
        issued_by=by if getattr(by, "pk", None) else None,
    )
    try:
        with transaction.atomic():
            save_with_history(cert, by=by, reason=_("颁发会员证"))
    except IntegrityError:
        # Someone issued the same number or a certificate to the same member
        # between our checks and the insert.
        raise ValidationError(
            {
                "number": _(
                    "会员证号 %s 刚被他人使用，或该会员已获颁证，请刷新后重试。"
                )
                % number
            }
        ) from None
    # The registry's certificate_no shows the valid number.
    member_update(member=member, by=by, certificate_no=number)
    return cert


@transaction.atomic
def certificate_issue(
    *,
    by,
    member: Member,
    issued_on: dt.date,
    number: str = "",
    training_class: TrainingClass | None = None,
) -> Certificate:
    """Issue a certificate; the number is the next in the pattern unless given.

    A member whose registry row already carries a number never used by a
    certificate keeps it.  A number already used (by any certificate, valid or
    voided, or by another member's registry row) is refused.
    """
    return _issue(
        by=by,
        member=member,
        issued_on=issued_on,
        number=number,
        training_class=training_class,
    )


@transaction.atomic
def certificates_issue_for_class(
    *, by, training_class: TrainingClass, issued_on: dt.date | None = None
) -> list[Certificate]:
    """Issue certificates at a class's ceremony to every attendee who completed it
    and holds no valid certificate yet."""
    klass = TrainingClass.objects.select_for_update().get(pk=training_class.pk)
    require(policy, by, "manage_classes", klass)
    issued_on = issued_on or klass.end_on
    holders = Certificate.objects.filter(status=Certificate.Status.VALID).values(
        "member_id"
    )
    attendees = (
        Attendee.objects.filter(training_class=klass, completed_on__isnull=False)
        .exclude(member_id__in=holders)
        .select_related("member")
        .order_by("member__stroke_key", "id")
    )
    issued = [
        _issue(by=by, member=a.member, issued_on=issued_on, training_class=klass)
        for a in attendees
    ]
    if not issued:
        raise ServiceError(_("没有需要颁证的学员（须已结业且尚无有效会员证）。"))
    return issued


@transaction.atomic
def certificate_replace(
    *,
    by,
    certificate: Certificate,
    on: dt.date,
    reason: str = "",
    number: str = "",
) -> Certificate:
    """Replace a lost certificate: void the old number, issue a new one."""
    old = Certificate.objects.select_for_update().get(pk=certificate.pk)
    require(policy, by, "issue", old)
    if old.status != Certificate.Status.VALID:
        raise ServiceError(_("会员证 %s 已作废，不能再补发。") % old.number)
    if on < old.issued_on:
        raise ValidationError({"on": _("补发日期不能早于原证颁发日期。")})
    old.status = Certificate.Status.VOID
    old.voided_on = on
    old.void_reason = reason or _("遗失补发")
    save_with_history(old, by=by, reason=_("会员证作废"))
    return _issue(by=by, member=old.member, issued_on=on, number=number, replaces=old)
