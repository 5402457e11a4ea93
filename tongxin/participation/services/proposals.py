"""Handling units, awards, and turning a suggestion into a member proposal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.core.errors import PermissionDenied, ValidationError
from tongxin.core.policies import require
from tongxin.core.services import save_with_history
from tongxin.members.models import Member
from tongxin.participation import limits
from tongxin.participation.models import (
    Proposal,
    ProposalAward,
    ProposalUnit,
    Session,
    Suggestion,
)
from tongxin.participation.policies import policy
from tongxin.participation.services.feedback import step_feedback
from tongxin.participation.services.items import proposal_create
from tongxin.workflows import engine

#: States in which a proposal has been filed (立案).
FILED_STATES = frozenset({"filed", "replied", "closed"})


@transaction.atomic
def proposal_unit_add(*, by, proposal: Proposal, name: str, role: str) -> ProposalUnit:
    """Name a unit handling a filed proposal: the lead (主办) or an assisting one."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    require(policy, by, "manage", proposal)
    if proposal.state not in FILED_STATES:
        raise ValidationError({"name": _("提案立案后才能确定承办单位。")})
    if role not in ProposalUnit.Role.values:
        raise ValidationError({"role": _("承办方式应为主办或协办。")})
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写承办单位。")})
    limits.check_length("name", _("承办单位"), name, 100)
    if role == ProposalUnit.Role.LEAD and proposal.units.filter(role=role).exists():
        raise ValidationError({"role": _("该提案已有主办单位，其他单位请作为协办。")})
    if proposal.units.filter(name=name).exists():
        raise ValidationError({"name": _("“%s”已是该提案的承办单位。") % name})
    unit = ProposalUnit(proposal=proposal, name=name, role=role)
    save_with_history(unit, by=by, reason=_("确定承办单位"))
    return unit


@transaction.atomic
def proposal_award_add(
    *, by, proposal: Proposal, name: str, body: str, year: int
) -> ProposalAward:
    """Record an award for a proposal (优秀提案)."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    require(policy, by, "manage", proposal)
    if proposal.state not in FILED_STATES:
        raise ValidationError({"name": _("只有已立案的提案可以获奖。")})
    for field, label, value in (
        ("name", _("奖项"), name),
        ("body", _("颁发单位"), body),
    ):
        if not (value or "").strip():
            raise ValidationError({field: _("请填写%s。") % label})
        limits.check_length(field, label, value.strip(), 100)
    award = ProposalAward(
        proposal=proposal, name=name.strip(), body=body.strip(), year=year
    )
    save_with_history(award, by=by, reason=_("记录提案获奖"))
    return award


@transaction.atomic
def suggestion_to_proposal(
    *,
    by,
    suggestion: Suggestion,
    session: Session,
    member: Member | None = None,
    cosigners: Iterable[Member] = (),
    title: str | None = None,
    text: str | None = None,
    date: dt.date | None = None,
    comment: str = "",
) -> Proposal:
    """Turn a suggestion into a member proposal (委员提案) and submit it.

    ``member`` (the 政协委员 proposing it) defaults to the suggestion's
    author; the suggestion moves to 已转为提案 and points to the proposal.
    """
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if not policy.can(by, "manage", suggestion):
        raise PermissionDenied(_("只有参政议政部可以将建议转为提案。"))
    # Refuse early (and name the allowed actions) if the state does not allow it.
    if not any(
        t.action == "convert"
        for t in engine.transitions_from(suggestion.WORKFLOW, suggestion.state)
    ):
        engine.check(
            workflow=suggestion.WORKFLOW,
            obj=suggestion,
            action="convert",
            roles=policy.roles_on(by, suggestion),
        )
    proposal = proposal_create(
        by=by,
        kind=Proposal.Kind.MEMBER,
        session=session,
        member=member or suggestion.author,
        cosigners=cosigners,
        title=suggestion.title if title is None else title,
        text=suggestion.text if text is None else text,
        date=date,
        confidential=suggestion.confidential,
        submit=True,
    )
    suggestion.proposal = proposal
    comment = comment or _("转为提案：%s") % proposal.title
    step = engine.transition(
        workflow=suggestion.WORKFLOW,
        obj=suggestion,
        action="convert",
        by=by,
        roles=policy.roles_on(by, suggestion),
        comment=comment,
    )
    step_feedback(
        suggestion, step, by=by, action="convert", name=_("转为提案"), comment=comment
    )
    return proposal
