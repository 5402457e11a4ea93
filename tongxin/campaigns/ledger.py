"""台账导入 of a campaign's past work-plan tasks with their completion dates
(kind ``tasks``).

One row is one task of a campaign's work plan (工作任务台账): the campaign it
belongs to (already registered), the task, the responsible department, its
month and deadline, and -- if it was done -- the day it was completed.  The
task is added with :func:`task_create` and completed with
:func:`task_transition` on its real day, never in the future nor before the
campaign started.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.campaigns.models import Campaign, InspectionTeam, Task, Visit
from tongxin.campaigns.policies import policy
from tongxin.campaigns.services.campaigns import task_create, task_transition
from tongxin.campaigns.services.inspections import (
    followup_add,
    followup_done,
    team_create,
    visit_create,
)
from tongxin.core import tree
from tongxin.core.ledger import REFUSED, Column, LedgerError, LedgerKind, Row
from tongxin.members.ledger import organization_named, organization_on
from tongxin.orgs.models import Department


class TasksLedger(LedgerKind):
    name = "tasks"
    label = gettext_lazy("工作任务台账")
    row_is = gettext_lazy("专项活动工作方案中的一项任务；已完成的填写完成日期。")
    columns = (
        Column(
            "campaign",
            gettext_lazy("专项活动"),
            True,
            "",
            gettext_lazy("已登记的专项活动名称。"),
        ),
        Column("title", gettext_lazy("任务"), True, "召开动员部署会"),
        Column(
            "department",
            gettext_lazy("负责部室"),
            True,
            "",
            gettext_lazy("部室名称，如 组织部、宣传部。"),
        ),
        Column(
            "month",
            gettext_lazy("月份"),
            False,
            "2024-03",
            gettext_lazy("任务所属月份；不填则取完成期限所在月份。"),
        ),
        Column("due_on", gettext_lazy("完成期限"), True, "2024-03-31"),
        Column(
            "done_on",
            gettext_lazy("完成日期"),
            False,
            "2024-03-28",
            gettext_lazy("实际完成的日期；未完成的留空。不能晚于今天、早于活动开始。"),
        ),
        Column("description", gettext_lazy("说明"), False, ""),
    )
    field_columns = {
        "title": "title",
        "due_on": "due_on",
        "month": "month",
        "department": "department",
        "occurred_on": "done_on",
        "campaign": "campaign",
    }
    main_column = "title"

    def may_import(self, user) -> bool:
        return policy.can(user, "manage")

    def import_row(self, *, by, row: Row) -> Task:
        name = row.required_text(self, "campaign")
        campaigns = list(
            policy.visible(by, Campaign.objects.filter(title=name)).order_by(
                "-start_on"
            )[:2]
        )
        if not campaigns:
            raise LedgerError(
                _("找不到专项活动“%s”（或您无权查看）。") % name,
                column="campaign",
                value=name,
            )
        if len(campaigns) > 1:
            raise LedgerError(
                _("有多个名为“%s”的专项活动，请先修改名称以便区分。") % name,
                column="campaign",
                value=name,
            )
        campaign = campaigns[0]
        title = row.required_text(self, "title")
        department = self._department(row, campaign)
        due_on = row.date(self, "due_on", required=True)
        month = row.date(self, "month") if row.text("month") else None
        done_on = row.date(self, "done_on")
        if Task.objects.filter(campaign=campaign, title=title, due_on=due_on).exists():
            raise LedgerError(
                _("该任务已登记（同一专项活动、同名、同一完成期限），不再重复导入。"),
                column="title",
                value=title,
            )
        task = task_create(
            campaign=campaign,
            by=by,
            title=title,
            department=department,
            due_on=due_on,
            month=month,
            description=row.text("description"),
        )
        if done_on is not None:
            try:
                task = task_transition(
                    task=task,
                    by=by,
                    to=Task.Status.DONE,
                    on=done_on,
                    note=_("据台账登记"),
                )
            except REFUSED as e:
                if isinstance(e, LedgerError):
                    raise
                messages = getattr(e, "messages", None) or [
                    getattr(e, "message", None) or str(e)
                ]
                raise LedgerError(
                    "；".join(str(m) for m in messages),
                    column="done_on",
                    value=row.cells.get("done_on"),
                ) from e
        return task

    def _department(self, row: Row, campaign: Campaign) -> Department:
        text = row.required_text(self, "department")
        found = [
            d
            for d in Department.objects.select_related("organization").filter(
                Q(name=text)
            )
            if tree.is_within(campaign.path, d.organization.path)
        ]
        if not found:
            raise LedgerError(
                _("“%(org)s”及其上级组织没有名为“%(name)s”的部室。")
                % {"org": campaign.organization.name, "name": text},
                column="department",
                value=text,
            )
        found.sort(key=lambda d: (d.closed_on is not None, -len(d.organization.path)))
        return found[0]


ledger_kind = TasksLedger()


RATINGS = {str(label): value for value, label in Visit.Rating.choices}


class InspectionsLedger(LedgerKind):
    """台账导入 of past inspections (kind ``inspections``).

    One row is one visit of an inspection team to a base organization with,
    optionally, one follow-up (整改事项) and the day it was done.  A visit
    already recorded (same team, organization and day) takes the row's
    follow-up, so a visit with several follow-ups is several rows.

    Last year's inspections come in one file: a team not yet registered is
    registered by its first row (:func:`team_create`, in the name of the row's
    派出组织, which must have existed on the visit's day) and found by name in
    the rows after it; its members (users) are added on the team's page.
    """

    name = "inspections"
    label = gettext_lazy("督查台账")
    row_is = gettext_lazy(
        "一次督查走访及其一项整改事项；同一次走访有多项整改的，每项一行。"
    )
    columns = (
        Column(
            "team",
            gettext_lazy("督查组"),
            True,
            "",
            gettext_lazy("督查组名称；未登记的督查组按“派出组织”登记。"),
        ),
        Column(
            "team_org",
            gettext_lazy("派出组织"),
            False,
            "",
            gettext_lazy(
                "督查组未登记时必填：派出督查组的组织（全称、简称或代码），"
                "须在督查当天存在。"
            ),
        ),
        Column("visited_on", gettext_lazy("督查日期"), True, "2024-07-10"),
        Column(
            "organization",
            gettext_lazy("被督查组织"),
            True,
            "",
            gettext_lazy("基层组织的全称、简称或组织代码；须在督查当天存在。"),
        ),
        Column("rating", gettext_lazy("评价"), True, "较好", "、".join(RATINGS)),
        Column("people_met", gettext_lazy("座谈人员"), False, ""),
        Column("findings", gettext_lazy("发现问题"), False, ""),
        Column("action", gettext_lazy("整改事项"), False, "完善支部活动记录"),
        Column(
            "due_on",
            gettext_lazy("整改期限"),
            False,
            "2024-08-31",
            gettext_lazy("有整改事项时必填，不早于督查日期。"),
        ),
        Column(
            "done_on",
            gettext_lazy("完成日期"),
            False,
            "2024-08-20",
            gettext_lazy("整改实际完成的日期；未完成的留空。"),
        ),
    )
    field_columns = {
        "visited_on": "visited_on",
        "organization": "organization",
        "rating": "rating",
        "due_on": "due_on",
        "occurred_on": "done_on",
        "team": "team",
        "name": "team",
    }
    main_column = "team"

    def may_import(self, user) -> bool:
        return policy.can(user, "manage_inspections")

    def import_row(self, *, by, row: Row) -> Visit:
        day = row.date(self, "visited_on", required=True)
        team = self._team(by, row, day)
        organization = organization_named(
            row.required_text(self, "organization"), column="organization"
        )
        rating = row.choice(self, "rating", RATINGS)
        due_on = row.date(self, "due_on")
        done_on = row.date(self, "done_on")
        action = row.text("action")
        if (due_on or done_on) and not action:
            raise LedgerError(_("请填写“整改事项”。"), column="action", value="")
        if action and due_on is None:
            raise LedgerError(_("请填写“整改期限”。"), column="due_on", value="")
        visit = Visit.objects.filter(
            team=team, organization=organization, visited_on=day
        ).first()
        if visit is None:
            visit = visit_create(
                team=team,
                by=by,
                organization=organization,
                visited_on=day,
                rating=rating,
                people_met=row.text("people_met"),
                findings=row.text("findings"),
            )
        elif not action:
            raise LedgerError(
                _("该督查走访已登记，不再重复导入。"), column="visited_on", value=day
            )
        if action and visit.followups.filter(action=action).exists():
            # The same ledger imported twice adds no second follow-up.
            raise LedgerError(
                _("该整改事项已登记，不再重复导入。"), column="action", value=action
            )
        if action:
            followup = followup_add(visit=visit, by=by, action=action, due_on=due_on)
            if done_on is not None:
                try:
                    followup_done(followup=followup, by=by, on=done_on)
                except REFUSED as e:
                    messages = getattr(e, "messages", None) or [
                        getattr(e, "message", None) or str(e)
                    ]
                    raise LedgerError(
                        "；".join(str(m) for m in messages),
                        column="done_on",
                        value=row.cells.get("done_on"),
                    ) from e
        return visit

    def _team(self, by, row: Row, day) -> InspectionTeam:
        """The team the row names: registered, or registered now in the name
        of the row's 派出组织 (as of the visit's day)."""
        name = row.required_text(self, "team")
        named = InspectionTeam.objects.filter(name=name)
        teams = list(
            named.filter(pk__in=policy.visible(by, InspectionTeam.objects.all()))[:2]
        )
        if len(teams) == 1:
            return teams[0]
        if teams or named.exists():
            raise LedgerError(
                _("有多个名为“%s”的督查组（或您无权查看），请改用唯一的名称。") % name,
                column="team",
                value=name,
            )
        sender = row.text("team_org")
        if not sender:
            raise LedgerError(
                _("督查组“%s”未登记：请填写“派出组织”，导入时一并登记。") % name,
                column="team_org",
                value="",
            )
        organization = organization_on(sender, on=day, column="team_org")
        return team_create(by=by, organization=organization, name=name)


inspections_kind = InspectionsLedger()
KINDS = (ledger_kind, inspections_kind)
