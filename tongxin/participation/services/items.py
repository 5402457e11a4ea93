"""Create, edit and move items through their workflows; attach documents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import files
from tongxin.core.dates import check_bounded
from tongxin.core.errors import PermissionDenied, ServiceError, ValidationError
from tongxin.core.policies import require
from tongxin.core.services import check_version, save_with_history
from tongxin.members.models import Member, PublicPost
from tongxin.orgs.models import Organization
from tongxin.orgs.services import check_org_existed
from tongxin.participation import limits
from tongxin.participation.bodies import canonical
from tongxin.participation.models import (
    Attachment,
    Drive,
    Item,
    OpinionReport,
    Proposal,
    ReportTarget,
    ResearchTopic,
    Session,
    Suggestion,
)
from tongxin.participation.policies import policy
from tongxin.participation.services.feedback import step_feedback
from tongxin.workflows import engine

#: Values a transition may set besides its required fields, by kind and action.
OPTIONAL_VALUES: dict[str, dict[str, tuple[str, ...]]] = {
    "proposals": {"file": ("number",), "reply": ("reply_unit",)},
    "research": {"approve": ("funding", "deadline")},
}
#: Fields an edit may change, by kind (title, text, date, confidential always).
EDITABLE = {
    "suggestions": ("drive",),
    "proposals": ("session", "cosigners"),
    "opinions": ("authors",),
    "research": ("members", "target_body", "deadline", "funding"),
}
COMMON_EDITABLE = ("title", "text", "date", "confidential")


def _today() -> dt.date:
    return timezone.localdate()


def _self_member(by) -> Member | None:
    member_id = policy.member_id(by)
    return Member.objects.get(pk=member_id) if member_id else None


def _check_org_open(
    org: Organization, field: str = "organization", on: dt.date | None = None
) -> None:
    check_org_existed(org, field=field, on=on)


def _check_members(
    members: Iterable[Member], field: str, on: dt.date | None = None
) -> list[Member]:
    """The members are in the association, or were on ``on``.

    A member who has since left is accepted for an item dated before the
    departure (the leaving day is the first day out); when they joined is
    checked with the item's date (:func:`check_item_date`)."""
    result = []
    for m in members:
        if not m.is_active:
            left_on = m.left_on()
            if on is None or left_on is None:
                raise ValidationError({field: _("“%s”不是在册会员。") % m.name})
            if on >= left_on:
                raise ValidationError(
                    {
                        field: _(
                            "“%(name)s”已于 %(left)s 离会，%(day)s 时不是在册会员。"
                        )
                        % {
                            "name": m.name,
                            "left": left_on.isoformat(),
                            "day": on.isoformat(),
                        }
                    }
                )
        if m not in result:
            result.append(m)
    return result


def check_item_date(
    day: dt.date, *, organization: Organization, members: Iterable[Member] = ()
) -> None:
    """An item's date is not in the future, nor before its organization was
    founded or its (earliest-joined) author joined: a suggestion dated
    1800-01-01 or 9999-12-31 would count in any year's figures."""
    floors: list[tuple[dt.date | None, str]] = [
        (organization.founded_on, _("组织“%s”成立") % organization.name)
    ]
    joined = [m for m in members if m.joined_on is not None]
    if joined:
        first = min(joined, key=lambda m: m.joined_on)
        floors.append((first.joined_on, _("“%s”入会") % first.name))
    check_bounded(day, field="date", what=_("日期"), floors=floors, today=_today())


def _check_drive(drive: Drive | None, day: dt.date) -> None:
    if drive is None:
        return
    if not drive.start_on <= day <= drive.end_on:
        raise ValidationError(
            {
                "drive": _(
                    "征集活动“%(theme)s”的征集期为 %(start)s 至 %(end)s，"
                    "建议日期不在其中。"
                )
                % {"theme": drive.theme, "start": drive.start_on, "end": drive.end_on}
            }
        )


def _start(item: Item, *, by) -> Item:
    """Save a new item in its initial state, record it, and submit it if asked."""
    item.state = engine.initial_state(item.WORKFLOW)
    item.created_by = by if getattr(by, "pk", None) else None
    save_with_history(item, by=by, reason=_("新建"))
    return item


def _after_create(item: Item, *, by, submit: bool, at=None) -> Item:
    if at is None and item.date is not None:
        # An item entered late: its first steps happened on its own date.
        at = engine.step_time(item, item.date, field="date")
    engine.record_created(workflow=item.WORKFLOW, obj=item, by=by, at=at)
    if submit:
        engine.transition(
            workflow=item.WORKFLOW,
            obj=item,
            action="submit",
            by=by,
            roles=policy.roles_on(by, item),
            at=at,
        )
    return item


def current_cppcc_post(member: Member, on: dt.date) -> PublicPost | None:
    """Return the member's 政协委员 post current on ``on``, if any."""
    return (
        PublicPost.objects.filter(
            Q(start_on__isnull=True) | Q(start_on__lte=on),
            Q(end_on__isnull=True) | Q(end_on__gte=on),
            member=member,
            kind=PublicPost.Kind.CPPCC,
        )
        .order_by("-start_on")
        .first()
    )


# --- creating ----------------------------------------------------------------------
#
# What a form or a request leaves out is filled here, once, so the web and the
# API cannot disagree: the signed-in member is the author of their own item
# when none is named (a member who manages nowhere is always one of an opinion
# report's authors), and a research topic without an organization is their
# organization's.


def _own_member(by) -> Member | None:
    """Return the user's own member record, if they have one."""
    own = policy.member_id(by)
    return Member.objects.filter(pk=own).first() if own else None


@transaction.atomic
def suggestion_create(
    *,
    by,
    title: str,
    author: Member | None = None,
    text: str = "",
    drive: Drive | None = None,
    date: dt.date | None = None,
    confidential: bool = False,
    submit: bool = False,
    at: dt.datetime | None = None,
) -> Suggestion:
    """Record a member's suggestion (一人一案): their own, or entered by staff."""
    if author is None:
        author = _own_member(by)
        if author is None:
            raise ValidationError({"author": _("请选择建议人。")})
    author = Member.objects.get(pk=author.pk)
    if policy.member_id(by) != author.pk:
        require(policy, by, "manage", author.organization)
    date = date or _today()
    _check_members([author], "author", on=date)
    check_item_date(date, organization=author.organization, members=[author])
    limits.check_item_text("suggestions", title, text)
    _check_drive(drive, date)
    item = Suggestion(
        author=author,
        organization=author.organization,
        path=author.org_path,
        drive=drive,
        title=title.strip(),
        text=text or "",
        date=date,
        confidential=bool(confidential),
    )
    _start(item, by=by)
    return _after_create(item, by=by, submit=submit, at=at)


@transaction.atomic
def proposal_create(
    *,
    by,
    kind: str,
    session: Session,
    title: str,
    text: str = "",
    organization: Organization | None = None,
    member: Member | None = None,
    cosigners: Iterable[Member] = (),
    date: dt.date | None = None,
    confidential: bool = False,
    submit: bool = False,
    at: dt.datetime | None = None,
) -> Proposal:
    """Record a group proposal (团体提案) or a member proposal (委员提案).

    A group proposal is in the name of the committee or a base organization
    and is entered by the participation department; a member proposal is
    by a member who holds a 政协委员 post on the proposal's date.
    """
    date = date or _today()
    limits.check_item_text("proposals", title, text)
    if kind == Proposal.Kind.GROUP:
        if organization is None:
            raise ValidationError(
                {"organization": _("团体提案须选择以哪个组织的名义提出。")}
            )
        organization = Organization.objects.get(pk=organization.pk)
        require(policy, by, "manage", organization)
        _check_org_open(organization, on=date)
        member = None
    elif kind == Proposal.Kind.MEMBER:
        if member is None:
            member = _own_member(by)
        if member is None:
            raise ValidationError({"member": _("委员提案须选择提案委员。")})
        member = Member.objects.get(pk=member.pk)
        if policy.member_id(by) != member.pk:
            require(policy, by, "manage", member.organization)
        _check_members([member], "member", on=date)
        if current_cppcc_post(member, date) is None:
            raise ValidationError(
                {
                    "member": _(
                        "“%(name)s”在 %(date)s 没有担任政协委员，不能提出委员提案；"
                        "可改为团体提案或由政协委员提出。"
                    )
                    % {"name": member.name, "date": date}
                }
            )
        organization = member.organization
    else:
        raise ValidationError({"kind": _("提案类别应为团体提案或委员提案。")})
    signers = [
        m
        for m in _check_members(cosigners, "cosigners", on=date)
        if m.pk != getattr(member, "pk", None)
    ]
    check_item_date(date, organization=organization, members=[member] if member else [])
    item = Proposal(
        kind=kind,
        member=member,
        session=session,
        organization=organization,
        path=organization.path,
        title=title.strip(),
        text=text or "",
        date=date,
        confidential=bool(confidential),
    )
    _start(item, by=by)
    item.cosigners.set(signers)
    return _after_create(item, by=by, submit=submit, at=at)


@transaction.atomic
def opinion_create(
    *,
    by,
    title: str,
    authors: Iterable[Member] = (),
    text: str = "",
    date: dt.date | None = None,
    confidential: bool = False,
    submit: bool = False,
    at: dt.datetime | None = None,
) -> OpinionReport:
    """Record an opinion report (社情民意信息) written by ``authors``."""
    authors = list(authors)
    me = _own_member(by)
    if me is not None and me.pk not in {a.pk for a in authors}:
        if not authors or not policy.scopes(by, "manage"):
            authors.insert(0, me)
    authors = _check_members(
        Member.objects.filter(pk__in=[a.pk for a in authors]),
        "authors",
        on=date or _today(),
    )
    if not authors:
        raise ValidationError({"authors": _("请至少选择一位作者。")})
    own = policy.member_id(by)
    if own not in {a.pk for a in authors}:
        for a in authors:
            require(policy, by, "manage", a.organization)
    first = next((a for a in authors if a.pk == own), authors[0])
    date = date or _today()
    check_item_date(date, organization=first.organization, members=authors)
    limits.check_item_text("opinions", title, text)
    item = OpinionReport(
        organization=first.organization,
        path=first.org_path,
        title=title.strip(),
        text=text or "",
        date=date or _today(),
        confidential=bool(confidential),
    )
    _start(item, by=by)
    item.authors.set(authors)
    return _after_create(item, by=by, submit=submit, at=at)


def _decimal(value, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("经费应为数字（元）。")}) from None
    if number < 0 or not number.is_finite():
        raise ValidationError({field: _("经费不能为负数。")})
    return number


@transaction.atomic
def research_create(
    *,
    by,
    title: str,
    target_body: str,
    organization: Organization | None = None,
    text: str = "",
    members: Iterable[Member] = (),
    deadline: dt.date | None = None,
    funding=None,
    date: dt.date | None = None,
    confidential: bool = False,
    submit: bool = False,
    at: dt.datetime | None = None,
) -> ResearchTopic:
    """Record a research topic (调研课题) submitted to ``target_body``.

    Submitted by an organization (the participation department enters it)
    or by members (a member in the group submits it for their own branch).
    """
    members = list(members)
    if organization is None:
        me = _own_member(by)
        if me is None:
            raise ValidationError({"organization": _("请选择申报组织。")})
        organization = me.organization
        if me.pk not in {m.pk for m in members}:
            members.insert(0, me)
    organization = Organization.objects.get(pk=organization.pk)
    members = _check_members(members, "members", on=date or _today())
    own = policy.member_id(by)
    own_member = next((m for m in members if m.pk == own), None)
    if own_member is None or own_member.organization_id != organization.pk:
        require(policy, by, "manage", organization)
    _check_org_open(organization, on=date or _today())
    limits.check_item_text("research", title, text)
    if not (target_body or "").strip():
        raise ValidationError(
            {"target_body": _("请填写报送单位，如民进省委会、市委统战部。")}
        )
    limits.check_length("target_body", _("报送单位"), target_body, 100)
    date = date or _today()
    check_item_date(date, organization=organization, members=members)
    item = ResearchTopic(
        organization=organization,
        path=organization.path,
        title=title.strip(),
        text=text or "",
        target_body=canonical(target_body),
        deadline=deadline,
        funding=_decimal(funding, "funding"),
        date=date or _today(),
        confidential=bool(confidential),
    )
    _start(item, by=by)
    item.members.set(members)
    return _after_create(item, by=by, submit=submit, at=at)


# --- editing -----------------------------------------------------------------------


def can_edit(user, item: Item) -> bool:
    """Owners edit their drafts; the participation department edits any time."""
    if policy.can(user, "manage", item):
        return True
    return item.is_draft and policy.is_owner(user, item)


@transaction.atomic
def item_update(*, by, item: Item, version: int | None = None, **fields) -> Item:
    """Change an item's title, text, date, confidentiality and kind's fields.

    The participation department edits (编辑) opinion reports before they are
    signed off; authors edit their own drafts.
    """
    model = type(item)
    item = model.objects.select_for_update().get(pk=item.pk)
    if not can_edit(by, item):
        raise PermissionDenied(_("只有作者（草稿）或参政议政部可以修改。"))
    allowed = set(COMMON_EDITABLE) | set(EDITABLE[item.KIND])
    unknown = set(fields) - allowed
    if unknown:
        raise ServiceError(_("不能直接修改字段：%s") % ", ".join(sorted(unknown)))
    check_version(item, version)
    m2m = {}
    for key, value in fields.items():
        if key in ("cosigners", "authors", "members"):
            m2m[key] = _check_members(value, key, on=fields.get("date") or item.date)
        elif key in ("title",):
            item.title = (value or "").strip()
        elif key == "funding":
            item.funding = _decimal(value, "funding")
        elif key == "confidential":
            item.confidential = bool(value)
        else:
            setattr(item, key, value)
    limits.check_item_text(item.KIND, item.title, item.text)
    if "target_body" in fields:
        limits.check_length("target_body", _("报送单位"), item.target_body or "", 100)
        item.target_body = canonical(item.target_body or "")
    if "date" in fields:
        authors = m2m.get("authors") or m2m.get("members")
        if authors is None:
            authors = item.author_members()
        check_item_date(item.date, organization=item.organization, members=authors)
    if isinstance(item, Suggestion) and {"drive", "date"} & set(fields):
        _check_drive(item.drive, item.date)
    if m2m.get("authors") == []:
        raise ValidationError({"authors": _("请至少选择一位作者。")})
    save_with_history(item, by=by, reason=_("修改"))
    for key, members in m2m.items():
        if key == "cosigners":
            members = [m for m in members if m.pk != item.member_id]
        getattr(item, key).set(members)
    return item


# --- transitions -------------------------------------------------------------------


def _apply_values(
    item: Item,
    action: str,
    values: dict,
    fields: set[str],
    by,
    uploaded: list,
    day: dt.date | None = None,
) -> None:
    unknown = set(values) - fields
    if unknown:
        raise ServiceError(
            _("“%(action)s”不接受这些字段：%(fields)s")
            % {"action": action, "fields": ", ".join(sorted(unknown))}
        )
    # An upload last: nothing is written to disk for a value refused before it.
    for key, value in sorted(values.items(), key=lambda kv: kv[0] == "final_report"):
        if key == "targets":
            bodies = (
                value
                if isinstance(value, (list, tuple))
                else str(value or "").replace("，", ",").replace("\n", ",").split(",")
            )
            day = day or _today()
            for body in [canonical(b) for b in bodies if b and b.strip()]:
                limits.check_length("targets", _("报送单位"), body, 100)
                ReportTarget.objects.get_or_create(
                    report=item, body=body, defaults={"reported_on": day}
                )
        elif key == "merged_into":
            if value is not None:
                target = Proposal.objects.get(pk=getattr(value, "pk", value))
                if target.pk == item.pk:
                    raise ValidationError({"merged_into": _("不能并入自身。")})
                if target.session_id != item.session_id:
                    raise ValidationError(
                        {"merged_into": _("只能并入同一次会议的提案。")}
                    )
                if target.state in ("merged", "not_filed", "draft"):
                    raise ValidationError(
                        {"merged_into": _("不能并入草稿、不予立案或已并案的提案。")}
                    )
                value = target
            item.merged_into = value
        elif key == "funding":
            item.funding = _decimal(value, "funding")
        elif key == "reply_text":
            limits.check_length(
                "reply_text", _("答复内容"), value or "", limits.REPLY_MAX
            )
            item.reply_text = value or ""
        elif key == "not_filed_reason":
            limits.check_length(
                "not_filed_reason", _("不予立案理由"), value or "", limits.REASON_MAX
            )
            item.not_filed_reason = value or ""
        elif key in ("number", "reply_unit", "outcome"):
            limit = {"number": 30, "reply_unit": 100, "outcome": limits.REPLY_MAX}[key]
            if value is not None and not isinstance(value, str):
                raise ValidationError({key: _("应为文本。")})
            limits.check_length(key, key, value or "", limit)
            setattr(item, key, value or "")
        elif key == "final_report" and hasattr(value, "read"):
            # The final report uploaded with the conclusion itself.
            uploaded.append(
                attachment_add(by=by, item=item, upload=value, final_report=True)
            )
        elif key == "final_report" and value is None:
            continue
        elif key in ("final_report", "adoptions"):
            raise ServiceError(_("请先上传结题报告或记录采用，再执行此操作。"))
        else:
            setattr(item, key, value)


@transaction.atomic
def item_transition(
    *,
    by,
    item: Item,
    action: str,
    comment: str = "",
    values: dict | None = None,
    version: int | None = None,
    at: dt.datetime | None = None,
    occurred_on: dt.date | dt.datetime | None = None,
    feedback: bool = True,
):
    """Take ``item`` through the workflow ``action``, with the values it asks for.

    A step answering the authors (adopted, returned, replied to…) notifies
    them (``services.feedback``) unless ``feedback`` is false (a ledger
    import of past steps).

    ``occurred_on`` (or ``at``) is when the step really happened, default
    now: not in the future, not before the item's previous step. The step
    keeps it beside its entry time and actor; a report's targets take it as
    their ``reported_on``, a sign-off as its ``signed_off_at``.

    Refused with a Chinese message, writing nothing: an action the workflow
    does not allow from the current state (a reply before filing), a user
    without the transition's role, a required value left empty.
    """
    model = type(item)
    item = model.objects.select_for_update().get(pk=item.pk)
    if not policy.can_view(by, item):
        raise PermissionDenied(_("您没有权限执行此操作。"))
    limits.check_length("comment", _("意见"), comment or "", limits.REASON_MAX)
    check_version(item, version)
    roles = policy.roles_on(by, item)
    # Refuse an action the state does not allow before touching any value.
    found = next(
        (
            t
            for t in engine.transitions_from(item.WORKFLOW, item.state)
            if t.action == action
        ),
        None,
    )
    if found is None:
        # Raises TransitionRefused, naming the actions the state allows.
        engine.check(workflow=item.WORKFLOW, obj=item, action=action, roles=roles)
    assert found is not None
    if not found.role_set & roles:
        raise PermissionDenied(
            _("您不能在此执行“%s”：该操作只限指定的角色。") % found.name
        )
    if isinstance(item, OpinionReport) and action == "adopt":
        return _adopt(
            item,
            dict(values or {}),
            by=by,
            comment=comment,
            occurred_on=occurred_on if occurred_on is not None else at,
            feedback=feedback,
        )
    at = engine.step_time(item, occurred_on if occurred_on is not None else at)
    fields = set(found.field_list) | set(
        OPTIONAL_VALUES.get(item.KIND, {}).get(action, ())
    )
    uploaded: list[Attachment] = []
    _apply_values(
        item,
        found.name,
        dict(values or {}),
        fields,
        by,
        uploaded,
        day=timezone.localtime(at).date(),
    )
    if isinstance(item, OpinionReport) and action == "sign_off":
        item.signed_off_by = by if getattr(by, "pk", None) else None
        item.signed_off_at = at
    try:
        step = engine.transition(
            workflow=item.WORKFLOW,
            obj=item,
            action=action,
            by=by,
            roles=roles,
            comment=comment,
            at=at,
        )
        if feedback:
            step_feedback(
                item, step, by=by, action=action, name=found.name, comment=comment
            )
        return step
    except BaseException:
        # The rows roll back with the transaction; the uploaded file goes too.
        for attachment in uploaded:
            files.remove(attachment.stored_name)
        raise


#: What the ``adopt`` action of an opinion report asks for: the adoption itself.
ADOPTION_VALUES = ("level", "body", "adopted_on", "note")


def _adopt(
    report: OpinionReport,
    values: dict,
    *,
    by,
    comment: str,
    occurred_on=None,
    feedback: bool = True,
):
    """Adopt a reported opinion report by recording its first adoption.

    The step's real day is the adoption's date (采用日期): ``occurred_on``
    stands for it when the values leave it out, and must agree with it.
    """
    from tongxin.participation.services.opinions import adoption_add

    unknown = set(values) - set(ADOPTION_VALUES)
    if unknown:
        raise ServiceError(_("“采用”不接受这些字段：%s") % ", ".join(sorted(unknown)))
    if isinstance(occurred_on, dt.datetime):
        occurred_on = timezone.localtime(occurred_on).date()
    if occurred_on is not None:
        given = values.get("adopted_on")
        if isinstance(given, str) and given.strip():
            try:
                given = dt.date.fromisoformat(given.strip())
            except ValueError:
                raise ValidationError(
                    {"adopted_on": _("日期应为 2013-12-31 这样的格式。")}
                ) from None
        if given in (None, ""):
            values["adopted_on"] = occurred_on
        elif given != occurred_on:
            raise ValidationError(
                {
                    "occurred_on": _(
                        "采用这一步的日期就是采用日期：发生日期 %(on)s 与采用日期 %(adopted)s 不一致。"
                    )
                    % {"on": occurred_on.isoformat(), "adopted": given.isoformat()}
                }
            )
    adoption_add(
        by=by,
        report=report,
        level=values.get("level") or "",
        body=values.get("body") or "",
        adopted_on=values.get("adopted_on"),
        note=values.get("note") or "",
        comment=comment,
        feedback=feedback,
    )
    return engine.steps_of(report)[-1]


def transition_fields(item: Item, transition) -> list[str]:
    """Return the fields a transition's form asks for."""
    return list(transition.field_list) + [
        f
        for f in OPTIONAL_VALUES.get(item.KIND, {}).get(transition.action, ())
        if f not in transition.field_list
    ]


# --- attachments -------------------------------------------------------------------


@transaction.atomic
def attachment_add(
    *, by, item: Item, upload, title: str = "", final_report: bool = False
) -> Attachment:
    """Attach a PDF, Office document or image to an item, checked by content.

    Refused: files over the upload limit and files that are not a PDF, an
    Office document or an image (judged by their bytes).
    """
    item = type(item).objects.get(pk=item.pk)
    if not can_edit(by, item) and not (
        policy.is_owner(by, item) and final_report and isinstance(item, ResearchTopic)
    ):
        raise PermissionDenied(_("只有作者或参政议政部可以上传附件。"))
    if final_report and not isinstance(item, ResearchTopic):
        raise ValidationError({"final_report": _("只有调研课题有结题报告。")})
    checked = files.check_attachment(upload)
    limits.check_length("title", _("附件名称"), (title or "").strip(), 200)
    name = files.new_name("participation", checked.extension)
    attachment = Attachment(
        kind=item.KIND,
        item_id=item.pk,
        path=item.path,
        title=(title or "").strip() or checked.original_name or _("附件"),
        is_final_report=bool(final_report),
        stored_name=name,
        content_type=checked.content_type,
        size=len(checked.data),
        uploaded_by=by if getattr(by, "pk", None) else None,
    )
    attachment.full_clean()
    files.write(name, checked.data)
    try:
        save_with_history(attachment, by=by, reason=_("上传附件"))
    except BaseException:
        files.remove(name)
        raise
    return attachment


#: A micro-suggestion (微建议) carries at most this many photos.
MICRO_PHOTOS = 3


@transaction.atomic
def micro_suggestion_submit(
    *, by, title: str, text: str, photos: Iterable = ()
) -> Suggestion:
    """A member's 微建议 from their phone: a suggestion with up to three photos.

    The photos are checked (images only, by content) before anything is
    written; then the suggestion is created as the member's own, the photos
    attached, and it is submitted, entering the suggestion workflow as any
    other (its steps are dated now).
    """
    photos = [p for p in photos if p]
    if len(photos) > MICRO_PHOTOS:
        raise ValidationError({"photos": _("最多上传 %d 张照片。") % MICRO_PHOTOS})
    for i, photo in enumerate(photos, 1):
        files.check_image(photo, field=f"photo{i}")
    if not (text or "").strip():
        raise ValidationError({"text": _("请填写建议内容。")})
    item = suggestion_create(by=by, title=title, text=text)
    stored: list[Attachment] = []
    try:
        for i, photo in enumerate(photos, 1):
            stored.append(
                attachment_add(by=by, item=item, upload=photo, title=_("照片 %d") % i)
            )
        item_transition(by=by, item=item, action="submit")
    except BaseException:
        # The rows roll back with the transaction; the stored photos go too.
        for attachment in stored:
            files.remove(attachment.stored_name)
        raise
    return Suggestion.objects.get(pk=item.pk)
