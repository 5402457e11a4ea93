"""Every write to social-service programs, their activities and donations, and funds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.activities.models import (
    Beneficiary,
    Donation,
    Event,
    Fund,
    FundEntry,
    Partner,
    Program,
    ProgramBase,
    ServiceActivity,
    ServiceResult,
    VolunteerRecord,
)
from tongxin.activities.policies import policy
from tongxin.activities.services.values import parse_count, parse_hours, parse_money
from tongxin.core.errors import PermissionDenied, ServiceError, ValidationError
from tongxin.core.policies import require
from tongxin.core.services import check_version, save_with_history
from tongxin.members.models import Member
from tongxin.members.policies import policy as member_policy
from tongxin.orgs.models import Organization


def _open_org(organization: Organization, field: str = "organization") -> Organization:
    organization = Organization.objects.get(pk=organization.pk)
    if organization.closed_on is not None:
        raise ValidationError({field: _("组织“%s”已撤销。") % organization.name})
    return organization


def _text(value) -> str:
    return (value or "").strip()


# --- partners and programs -----------------------------------------------------------


@transaction.atomic
def partner_create(
    *,
    by,
    organization: Organization,
    name: str,
    kind: str,
    address: str = "",
    note: str = "",
) -> Partner:
    """Register a partner institution (school, nursing home ...)."""
    organization = _open_org(organization)
    require(policy, by, "manage_programs", organization)
    partner = Partner(
        organization=organization,
        path=organization.path,
        name=_text(name),
        kind=kind,
        address=_text(address),
        note=note or "",
    )
    save_with_history(partner, by=by, reason=_("登记合作单位"))
    return partner


PROGRAM_FIELDS = frozenset(
    {"name", "kind", "partner", "description", "started_on", "ended_on"}
)


@transaction.atomic
def program_create(
    *,
    by,
    organization: Organization,
    name: str,
    kind: str,
    partner: Partner | None = None,
    description: str = "",
    started_on: dt.date | None = None,
    ended_on: dt.date | None = None,
) -> Program:
    """Create a social-service program owned by ``organization``."""
    organization = _open_org(organization)
    require(policy, by, "manage_programs", organization)
    program = Program(
        organization=organization,
        path=organization.path,
        name=_text(name),
        kind=kind,
        partner=partner,
        description=description or "",
        started_on=started_on,
        ended_on=ended_on,
    )
    save_with_history(program, by=by, reason=_("新建社会服务项目"))
    return program


@transaction.atomic
def program_update(
    *, program: Program, by, version: int | None = None, **fields
) -> Program:
    """Change a program's name, kind, partner, description or dates."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    require(policy, by, "manage_programs", program)
    unknown = set(fields) - PROGRAM_FIELDS
    if unknown:
        raise ServiceError(_("不能直接修改字段：%s") % ", ".join(sorted(unknown)))
    check_version(program, version)
    for key, value in fields.items():
        setattr(program, key, _text(value) if key == "name" else value)
    save_with_history(program, by=by, reason=_("修改社会服务项目"))
    return program


@transaction.atomic
def program_base_add(
    *,
    program: Program,
    by,
    name: str,
    partner: Partner | None = None,
    plaque_on: dt.date | None = None,
    note: str = "",
) -> ProgramBase:
    """Add a base to a program, with the date its plaque was unveiled."""
    program = Program.objects.get(pk=program.pk)
    require(policy, by, "manage_programs", program)
    base = ProgramBase(
        program=program,
        path=program.path,
        name=_text(name),
        partner=partner,
        plaque_on=plaque_on,
        note=_text(note),
    )
    save_with_history(base, by=by, reason=_("新增服务基地"))
    return base


# --- service activities --------------------------------------------------------------


def _volunteer_rows(by, volunteers) -> list[tuple[Member, Decimal]]:
    rows: list[tuple[Member, Decimal]] = []
    seen: set[int] = set()
    for i, (member, hours) in enumerate(volunteers or (), start=1):
        field = "volunteers"
        try:
            hours = parse_hours(hours, field=field)
        except ValidationError as e:
            raise ValidationError(
                {
                    field: _("第 %(n)d 位志愿者（%(name)s）：%(msg)s")
                    % {"n": i, "name": member.name, "msg": e.message_dict[field][0]}
                }
            ) from None
        if member.pk in seen:
            raise ValidationError({field: _("志愿者“%s”重复登记。") % member.name})
        if not member_policy.can(by, "view", member):
            raise PermissionDenied(_("您无权登记会员“%s”。") % member.name)
        seen.add(member.pk)
        rows.append((member, hours))
    return rows


def _beneficiary_rows(beneficiaries) -> list[tuple[str, int]]:
    rows: dict[str, int] = {}
    labels = dict(Beneficiary.Kind.choices)
    for kind, count in beneficiaries or ():
        if kind not in labels:
            raise ValidationError(
                {"beneficiaries": _("受益对象类别“%s”无效，请从列表中选择。") % kind}
            )
        if kind in rows:
            raise ValidationError(
                {"beneficiaries": _("受益对象“%s”重复登记。") % labels[kind]}
            )
        rows[kind] = parse_count(
            count,
            field="beneficiaries",
            label=_("受益人数（%s）") % labels[kind],
        )
    return list(rows.items())


def _outcome_rows(outcomes) -> list[tuple[str, int, str]]:
    rows = []
    for item, quantity, unit in outcomes or ():
        item = _text(item)
        if not item:
            raise ValidationError({"outcomes": _("请填写服务成果的名称。")})
        quantity = parse_count(quantity, field="outcomes", label=_("“%s”的数量") % item)
        rows.append((item, quantity, _text(unit)))
    return rows


def _write_children(activity, *, by, volunteers, beneficiaries, outcomes) -> None:
    """Insert an activity's volunteers, beneficiaries and outcomes in bulk.

    The rows were checked before (hours, counts, duplicates); the database
    constraints stand behind those checks.  Each row gets its history record;
    the audit trail gets one event listing them, as for an import.
    """
    from simple_history.utils import bulk_create_with_history

    from tongxin.audit.services import audit_record

    user = by if getattr(by, "pk", None) else None
    groups = (
        (
            VolunteerRecord,
            [
                VolunteerRecord(
                    activity=activity, member=m, hours=h, org_path=m.org_path
                )
                for m, h in volunteers
            ],
        ),
        (
            Beneficiary,
            [Beneficiary(activity=activity, kind=k, count=n) for k, n in beneficiaries],
        ),
        (
            ServiceResult,
            [
                ServiceResult(activity=activity, item=i, quantity=q, unit=u)
                for i, q, u in outcomes
            ],
        ),
    )
    for model, rows in groups:
        if rows:
            bulk_create_with_history(rows, model, default_user=user)
    if any(rows for _model, rows in groups):
        audit_record(
            action="update",
            obj=activity,
            actor=by,
            detail={
                "after": {
                    "volunteers": [(m.pk, str(h)) for m, h in volunteers],
                    "beneficiaries": dict(beneficiaries),
                    "outcomes": [list(o) for o in outcomes],
                }
            },
        )


def _check_event(by, event: Event | None) -> None:
    if event is not None and not policy.can(by, "view", event):
        raise ValidationError({"event": _("对应活动不存在或您无权查看。")})


@transaction.atomic
def service_activity_create(
    *,
    program: Program,
    by,
    title: str,
    held_on: dt.date,
    place: str = "",
    results: str = "",
    event: Event | None = None,
    other_volunteers=0,
    volunteers: Iterable[tuple[Member, object]] = (),
    beneficiaries: Iterable[tuple[str, object]] = (),
    outcomes: Iterable[tuple[str, object, str]] = (),
) -> ServiceActivity:
    """Record one activity of a program with its volunteers, beneficiaries and outcomes.

    ``volunteers`` pairs members with hours, ``beneficiaries`` kinds with
    numbers, ``outcomes`` are ``(item, quantity, unit)``.  Everything is
    checked before anything is written.
    """
    program = Program.objects.select_for_update().get(pk=program.pk)
    require(policy, by, "manage_programs", program)
    _check_event(by, event)
    volunteer_rows = _volunteer_rows(by, volunteers)
    beneficiary_rows = _beneficiary_rows(beneficiaries)
    outcome_rows = _outcome_rows(outcomes)
    activity = ServiceActivity(
        program=program,
        path=program.path,
        event=event,
        title=_text(title),
        held_on=held_on,
        place=_text(place),
        results=results or "",
        other_volunteers=parse_count(
            other_volunteers, field="other_volunteers", label=_("其他志愿者人数")
        ),
        created_by=by if getattr(by, "pk", None) else None,
    )
    save_with_history(activity, by=by, reason=_("登记服务活动"))
    _write_children(
        activity,
        by=by,
        volunteers=volunteer_rows,
        beneficiaries=beneficiary_rows,
        outcomes=outcome_rows,
    )
    return activity


@transaction.atomic
def service_activity_update(
    *,
    activity: ServiceActivity,
    by,
    version: int | None = None,
    volunteers: Iterable[tuple[Member, object]] | None = None,
    beneficiaries: Iterable[tuple[str, object]] | None = None,
    outcomes: Iterable[tuple[str, object, str]] | None = None,
    **fields,
) -> ServiceActivity:
    """Change an activity; given lists of volunteers, beneficiaries or outcomes
    replace the recorded ones."""
    from tongxin.audit.services import audit_model_delete

    activity = ServiceActivity.objects.select_for_update().get(pk=activity.pk)
    require(policy, by, "manage_programs", activity)
    allowed = {"title", "held_on", "place", "results", "event", "other_volunteers"}
    unknown = set(fields) - allowed
    if unknown:
        raise ServiceError(_("不能直接修改字段：%s") % ", ".join(sorted(unknown)))
    if "event" in fields:
        _check_event(by, fields["event"])
    volunteer_rows = _volunteer_rows(by, volunteers) if volunteers is not None else None
    beneficiary_rows = (
        _beneficiary_rows(beneficiaries) if beneficiaries is not None else None
    )
    outcome_rows = _outcome_rows(outcomes) if outcomes is not None else None
    check_version(activity, version)
    for key, value in fields.items():
        if key == "other_volunteers":
            value = parse_count(value, field=key, label=_("其他志愿者人数"))
        elif key in ("title", "place"):
            value = _text(value)
        setattr(activity, key, value)
    save_with_history(activity, by=by, reason=_("修改服务活动"))
    replaced = (
        (activity.volunteers.all(), volunteer_rows),
        (activity.beneficiaries.all(), beneficiary_rows),
        (activity.outcomes.all(), outcome_rows),
    )
    for rows, new in replaced:
        if new is None:
            continue
        for row in rows:
            row._history_user = by if getattr(by, "pk", None) else None
            audit_model_delete(row, by=by, reason=_("修改服务活动"))
            row.delete()
    _write_children(
        activity,
        by=by,
        volunteers=volunteer_rows or [],
        beneficiaries=beneficiary_rows or [],
        outcomes=outcome_rows or [],
    )
    return activity


@transaction.atomic
def donation_add(
    *,
    activity: ServiceActivity,
    by,
    kind: str,
    value,
    description: str = "",
    donor_org: Organization | None = None,
    donor_member: Member | None = None,
    donor_name: str = "",
) -> Donation:
    """Record money or goods given at an activity, valued in yuan, with the donor."""
    activity = ServiceActivity.objects.select_for_update().get(pk=activity.pk)
    require(policy, by, "manage_programs", activity)
    if kind not in Donation.Kind.values:
        raise ValidationError({"kind": _("捐赠类别应为资金或物资。")})
    amount = parse_money(value, field="value", label=_("捐赠价值"))
    if kind == Donation.Kind.GOODS and not _text(description):
        raise ValidationError({"description": _("请填写捐赠的物资，如 电脑 10 台。")})
    donation = Donation(
        activity=activity,
        path=activity.path,
        kind=kind,
        value=amount,
        description=_text(description),
        donor_org=donor_org,
        donor_member=donor_member,
        donor_name=_text(donor_name),
        recorded_by=by if getattr(by, "pk", None) else None,
    )
    save_with_history(donation, by=by, reason=_("登记捐赠"))
    return donation


# --- funds -----------------------------------------------------------------------------


@transaction.atomic
def fund_create(
    *,
    by,
    organization: Organization,
    name: str,
    description: str = "",
    established_on: dt.date | None = None,
) -> Fund:
    """Create a fund (an award fund, a scholarship) managed by ``organization``."""
    organization = _open_org(organization)
    require(policy, by, "manage_funds", organization)
    fund = Fund(
        organization=organization,
        path=organization.path,
        name=_text(name),
        description=description or "",
        established_on=established_on,
    )
    save_with_history(fund, by=by, reason=_("设立基金"))
    return fund


@transaction.atomic
def fund_entry_add(
    *,
    fund: Fund,
    by,
    direction: str,
    on: dt.date,
    amount,
    party_org: Organization | None = None,
    party_member: Member | None = None,
    party_name: str = "",
    purpose: str = "",
) -> FundEntry:
    """Record money into the fund or a grant out of it.

    A grant may not take the balance below zero on its date or on any later
    date already recorded.
    """
    fund = Fund.objects.select_for_update().get(pk=fund.pk)
    require(policy, by, "manage_funds", fund)
    if direction not in FundEntry.Direction.values:
        raise ValidationError({"direction": _("收支应为收入或支出。")})
    if not isinstance(on, dt.date):
        raise ValidationError({"on": _("日期应为有效日期，如 2013-12-31。")})
    money = parse_money(amount, field="amount", label=_("金额"), positive=True)
    if fund.established_on and on < fund.established_on:
        raise ValidationError(
            {"on": _("日期不能早于基金设立日期 %s。") % fund.established_on}
        )
    entry = FundEntry(
        fund=fund,
        path=fund.path,
        direction=direction,
        on=on,
        amount=money,
        party_org=party_org,
        party_member=party_member,
        party_name=_text(party_name),
        purpose=_text(purpose),
        recorded_by=by if getattr(by, "pk", None) else None,
    )
    entry.full_clean()
    if direction == FundEntry.Direction.OUT:
        _check_balance(fund, entry)
    save_with_history(entry, by=by, reason=_("登记基金收支"))
    return entry


def _check_balance(fund: Fund, new: FundEntry) -> None:
    entries = list(fund.entries.values_list("on", "direction", "amount"))
    entries.append((new.on, new.direction, new.amount))
    # On one day, money in counts before money out.
    entries.sort(key=lambda e: (e[0], e[1] != FundEntry.Direction.IN))
    balance = Decimal(0)
    for on, direction, amount in entries:
        balance += amount if direction == FundEntry.Direction.IN else -amount
        if balance < 0 and on >= new.on:
            raise ValidationError(
                {
                    "amount": _(
                        "基金余额不足：支出 %(amount)s 元后，%(on)s 的余额将为 %(balance)s 元。"
                    )
                    % {"amount": new.amount, "on": on.isoformat(), "balance": balance}
                }
            )
