"""New-member training classes: the class, its sessions, attendees, completion."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tongxin.core.errors import PermissionDenied, ValidationError
from tongxin.core.policies import require
from tongxin.core.services import save_with_history
from tongxin.lifecycle.models import Attendee, ClassSession, TrainingClass
from tongxin.lifecycle.policies import policy
from tongxin.members.models import Member
from tongxin.members.services import check_member_on
from tongxin.orgs.models import Organization
from tongxin.orgs.services import check_org_existed


@transaction.atomic
def class_create(
    *,
    by,
    organization: Organization,
    name: str,
    start_on: dt.date,
    end_on: dt.date,
    place: str = "",
    note: str = "",
) -> TrainingClass:
    """Open a training class organized by ``organization`` (one since closed
    for a class that started before its closure)."""
    organization = Organization.objects.get(pk=organization.pk)
    require(policy, by, "manage_classes", organization)
    check_org_existed(organization, on=start_on)
    klass = TrainingClass(
        organization=organization,
        path=organization.path,
        name=(name or "").strip(),
        start_on=start_on,
        end_on=end_on,
        place=place,
        note=note,
    )
    save_with_history(klass, by=by, reason=_("开设培训班"))
    return klass


def _locked(by, klass: TrainingClass) -> TrainingClass:
    klass = TrainingClass.objects.select_for_update().get(pk=klass.pk)
    require(policy, by, "manage_classes", klass)
    return klass


@transaction.atomic
def session_add(
    *, by, training_class: TrainingClass, on: dt.date, title: str, speaker: str = ""
) -> ClassSession:
    """Add a session within the class's dates."""
    klass = _locked(by, training_class)
    if not klass.start_on <= on <= klass.end_on:
        raise ValidationError(
            {
                "on": _("课次日期须在培训班日期（%(start)s 至 %(end)s）之内。")
                % {"start": klass.start_on, "end": klass.end_on}
            }
        )
    session = ClassSession(training_class=klass, on=on, title=title, speaker=speaker)
    save_with_history(session, by=by)
    return session


@transaction.atomic
def attendee_add(
    *, by, training_class: TrainingClass, members: Iterable[Member]
) -> list[Attendee]:
    """Enrol members the user may see, who were members on the class's first
    day; one already enrolled is refused."""
    from tongxin.members.policies import policy as member_policy

    klass = _locked(by, training_class)
    added = []
    for member in members:
        if not member_policy.can(by, "view", member):
            raise PermissionDenied(_("您无权查看会员“%s”。") % member.name)
        # A member who has left since attended a class that began before.
        check_member_on(member, field="members", on=klass.start_on)
        if Attendee.objects.filter(training_class=klass, member=member).exists():
            raise ValidationError({"members": _("“%s”已在此培训班中。") % member.name})
        attendee = Attendee(training_class=klass, member=member)
        try:
            with transaction.atomic():
                save_with_history(attendee, by=by, reason=_("报名培训班"))
        except IntegrityError:
            raise ValidationError(
                {"members": _("“%s”已在此培训班中。") % member.name}
            ) from None
        added.append(attendee)
    if not added:
        raise ValidationError({"members": _("请选择学员。")})
    return added


@transaction.atomic
def attendee_complete(
    *,
    by,
    training_class: TrainingClass,
    attendees: Iterable[Attendee],
    on: dt.date | None = None,
) -> list[Attendee]:
    """Mark attendees as having completed the class (on its last day by default)."""
    klass = _locked(by, training_class)
    on = on or klass.end_on
    if on < klass.start_on:
        raise ValidationError({"on": _("结业日期不能早于开班日期。")})
    done = []
    for attendee in attendees:
        attendee = Attendee.objects.select_for_update().get(pk=attendee.pk)
        if attendee.training_class_id != klass.pk:
            raise ValidationError({"attendees": _("学员不属于此培训班。")})
        if attendee.completed_on is None:
            attendee.completed_on = on
            save_with_history(attendee, by=by, reason=_("结业"))
        done.append(attendee)
    if not done:
        raise ValidationError({"attendees": _("请选择结业的学员。")})
    return done
