"""台账导入 of past participation items with their dated steps (kind ``items``).

One row is one item -- a suggestion (一人一案), an opinion report (社情民意信息),
a proposal (团体提案 / 委员提案) or a research topic (调研课题) -- with the day
it was submitted and the days of the steps it went through: a proposal filed
(立案) or not (不予立案), replied (答复) and closed with the proposers'
satisfaction (办结); a topic approved (立项) or not (未立项).  A topic's
conclusion (结题) needs its final report, uploaded on the topic's page.  Each step is taken through the item's
workflow by :func:`item_transition` with its real day (``occurred_on``), so
the steps must follow the workflow and each other in time; the authors must
have been members, and the organization must have existed, on the item's day.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core.ledger import REFUSED, Column, LedgerError, LedgerKind, Row
from tongxin.members.ledger import members_on, organization_on
from tongxin.participation.models import Level, Proposal, Session
from tongxin.participation.policies import policy
from tongxin.participation.services.items import (
    item_transition,
    opinion_create,
    proposal_create,
    research_create,
    suggestion_create,
)
from tongxin.participation.services.opinions import adoption_add

SUGGESTION = "建议"
OPINION = "社情民意"
GROUP = "团体提案"
MEMBER = "委员提案"
RESEARCH = "调研课题"
KINDS = {
    SUGGESTION: "suggestion",
    OPINION: "opinion",
    GROUP: "group",
    MEMBER: "member",
    RESEARCH: "research",
}
LEVELS = {str(label): value for value, label in Level.choices}
SATISFACTION = {str(label): value for value, label in Proposal.Satisfaction.choices}
#: The comment a step the workflow wants one for is given when imported.
FROM_LEDGER = gettext_lazy("（据台账登记）")
#: The dated steps, in workflow order: column → (action, the kinds it fits).
STEPS = {
    "accepted_on": ("accept", ("suggestion",)),
    "filed_on": ("file", ("group", "member")),
    "not_filed_on": ("reject", ("group", "member")),
    "replied_on": ("reply", ("group", "member")),
    "closed_on": ("evaluate", ("group", "member")),
    "approved_on": ("approve", ("research",)),
    "not_approved_on": ("reject", ("research",)),
    "signed_off_on": ("sign_off", ("opinion",)),
    "reported_on": ("report", ("opinion",)),
    "adopted_on": ("adopt", ("opinion",)),
}


class ItemsLedger(LedgerKind):
    name = "items"
    label = gettext_lazy("参政议政台账")
    row_is = gettext_lazy(
        "一件建议、社情民意信息、提案或调研课题，及其各步骤的日期"
        "（没有经过的步骤留空）。"
    )
    columns = (
        Column("kind", gettext_lazy("类别"), True, OPINION, "、".join(KINDS)),
        Column("title", gettext_lazy("标题"), True, "关于加强社区养老服务的建议"),
        Column(
            "authors",
            gettext_lazy("提出人"),
            False,
            "",
            gettext_lazy(
                "建议、社情民意、委员提案须填：姓名或会员证号，多人用顿号分隔；"
                "须在提交日期时在册（委员提案须当时担任政协委员）；"
                "调研课题填课题组成员。"
            ),
            synonyms=("作者", "提案人", "建议人"),
        ),
        Column(
            "organization",
            gettext_lazy("提出组织"),
            False,
            "",
            gettext_lazy(
                "团体提案、调研课题须填：以哪个组织的名义提出（申报）；"
                "须在提交日期时存在。"
            ),
        ),
        Column(
            "session",
            gettext_lazy("政协会议"),
            False,
            "",
            gettext_lazy("提案须填，已登记的会议名称，如 市政协十四届三次会议。"),
        ),
        Column(
            "date", gettext_lazy("提交日期"), True, "2024-03-05", synonyms=("日期",)
        ),
        Column(
            "accepted_on",
            gettext_lazy("采纳日期"),
            False,
            "",
            gettext_lazy("建议：被采纳的日期。"),
        ),
        Column(
            "filed_on",
            gettext_lazy("立案日期"),
            False,
            "",
            gettext_lazy("提案：立案的日期。"),
        ),
        Column(
            "replied_on",
            gettext_lazy("答复日期"),
            False,
            "",
            gettext_lazy("提案：承办单位答复的日期（须已立案）。"),
        ),
        Column("reply_unit", gettext_lazy("答复单位"), False, ""),
        Column(
            "not_filed_on",
            gettext_lazy("不予立案日期"),
            False,
            "",
            gettext_lazy("提案：决定不予立案的日期。"),
        ),
        Column("not_filed_reason", gettext_lazy("不予立案理由"), False, ""),
        Column(
            "closed_on",
            gettext_lazy("办结日期"),
            False,
            "",
            gettext_lazy("提案：反馈满意度、办结的日期（须已答复）。"),
        ),
        Column(
            "satisfaction",
            gettext_lazy("满意度"),
            False,
            "",
            "、".join(SATISFACTION),
        ),
        Column(
            "approved_on",
            gettext_lazy("立项日期"),
            False,
            "",
            gettext_lazy(
                "调研课题：立项的日期（结题须附结题报告，请在课题页面办理）。"
            ),
        ),
        Column(
            "not_approved_on",
            gettext_lazy("未立项日期"),
            False,
            "",
            gettext_lazy("调研课题：决定不予立项的日期。"),
        ),
        Column(
            "signed_off_on",
            gettext_lazy("签批日期"),
            False,
            "2024-03-08",
            gettext_lazy("社情民意：签批的日期。"),
        ),
        Column(
            "reported_on",
            gettext_lazy("报送日期"),
            False,
            "2024-03-10",
            gettext_lazy("社情民意：报送的日期（须已签批）。"),
        ),
        Column(
            "targets",
            gettext_lazy("报送单位"),
            False,
            "民进省委会",
            gettext_lazy(
                "社情民意：报送单位，多个用顿号分隔；调研课题：申报的单位（一个）。"
            ),
        ),
        Column(
            "adopted_on",
            gettext_lazy("采用日期"),
            False,
            "",
            gettext_lazy("社情民意：被采用的日期（须已报送）。"),
        ),
        Column(
            "adoption_level",
            gettext_lazy("采用级别"),
            False,
            "",
            "、".join(LEVELS),
        ),
        Column(
            "adoption_body",
            gettext_lazy("采用单位"),
            False,
            "",
            gettext_lazy("如 民进中央、省委统战部。"),
        ),
    )
    field_columns = {
        "author": "authors",
        "authors": "authors",
        "member": "authors",
        "cosigners": "authors",
        "organization": "organization",
        "date": "date",
        "title": "title",
        "text": "title",
        "drive": "title",
        "session": "session",
        "targets": "targets",
        "level": "adoption_level",
        "body": "adoption_body",
        "adopted_on": "adopted_on",
        "reply_on": "replied_on",
        "reply_unit": "reply_unit",
        "not_filed_reason": "not_filed_reason",
        "satisfaction": "satisfaction",
        "approved_on": "approved_on",
        "target_body": "targets",
        "members": "authors",
    }
    main_column = "title"

    def may_import(self, user) -> bool:
        return policy.can(user, "manage")

    def import_row(self, *, by, row: Row):
        kind = row.choice(self, "kind", KINDS)
        title = row.required_text(self, "title")
        day = row.date(self, "date", required=True)
        authors = members_on(
            by=by, names=row.names("authors"), on=day, column="authors"
        )
        steps = self._steps(row, kind)
        if kind in ("suggestion", "opinion", "member", "research") and not authors:
            raise LedgerError(
                _("请填写“提出人”。"), column="authors", value=row.text("authors")
            )
        if kind == "suggestion":
            if len(authors) > 1:
                raise LedgerError(
                    _("一件建议只有一位建议人。"),
                    column="authors",
                    value=row.text("authors"),
                )
            item = suggestion_create(
                by=by, title=title, author=authors[0], date=day, submit=True
            )
        elif kind == "opinion":
            item = opinion_create(
                by=by, title=title, authors=authors, date=day, submit=True
            )
        elif kind == "research":
            item = self._research(by, row, title=title, members=authors, day=day)
        else:
            session = self._session(row)
            if kind == "group":
                organization = organization_on(
                    row.required_text(self, "organization"),
                    on=day,
                    column="organization",
                )
                item = proposal_create(
                    by=by,
                    kind="group",
                    session=session,
                    title=title,
                    organization=organization,
                    cosigners=authors,
                    date=day,
                    submit=True,
                )
            else:
                item = proposal_create(
                    by=by,
                    kind="member",
                    session=session,
                    title=title,
                    member=authors[0],
                    cosigners=authors[1:],
                    date=day,
                    submit=True,
                )
        for column, action, values in steps:
            on = row.date(self, column)
            comment = values.pop("comment", "")
            try:
                if action == "adopt":
                    adoption_add(
                        by=by,
                        report=item,
                        level=values["level"],
                        body=values["body"],
                        adopted_on=on,
                        feedback=False,
                    )
                else:
                    item_transition(
                        by=by,
                        item=item,
                        action=action,
                        values=values,
                        comment=comment,
                        occurred_on=on,
                        feedback=False,
                    )
            except REFUSED as e:
                raise self._step_error(e, row, column) from e
        return item

    def _step_error(self, error: Exception, row: Row, column: str) -> Exception:
        """A step's refusal, shown on the step's date column unless it names
        a column of its own (the adoption's level, the report's targets)."""
        if isinstance(error, LedgerError):
            return error
        if hasattr(error, "error_dict"):
            fields = set(error.message_dict)
            if all(
                self.column_of_field(f) not in (self.main_column, "date")
                and f in self.field_columns
                for f in fields
            ):
                return error
        messages = getattr(error, "messages", None) or [
            getattr(error, "message", None) or str(error)
        ]
        return LedgerError(
            "；".join(str(m) for m in messages),
            column=column,
            value=row.cells.get(column),
        )

    def _research(self, by, row: Row, *, title, members, day):
        """A research topic submitted by an organization to one body."""
        organization = organization_on(
            row.required_text(self, "organization"), on=day, column="organization"
        )
        bodies = row.names("targets")
        if len(bodies) != 1:
            raise LedgerError(
                _("调研课题须填写一个“报送单位”（申报的单位）。"),
                column="targets",
                value=row.text("targets"),
            )
        return research_create(
            by=by,
            title=title,
            target_body=bodies[0],
            organization=organization,
            members=members,
            date=day,
            submit=True,
        )

    def _session(self, row: Row) -> Session:
        name = row.required_text(self, "session")
        session = Session.objects.filter(name=name).first()
        if session is None:
            raise LedgerError(
                _("政协会议“%s”未登记，请先在参政议政中登记会议。") % name,
                column="session",
                value=name,
            )
        return session

    def _steps(self, row: Row, kind: str) -> list[tuple[str, str, dict]]:
        """The dated steps the row asks for, in workflow order."""
        steps = []
        for column, (action, kinds) in STEPS.items():
            if row.cells.get(column) in (None, ""):
                continue
            day = row.date(self, column)
            if kind not in kinds:
                raise LedgerError(
                    _("“%(column)s”不适用于%(kind)s。")
                    % {"column": self.header(column), "kind": row.text("kind")},
                    column=column,
                    value=day.isoformat(),
                )
            steps.append((column, action, self._step_values(row, column, day)))
        return steps

    def _step_values(self, row: Row, column: str, day) -> dict:
        """What the step of ``column`` asks for, from the row's other cells."""
        if column == "replied_on":
            return {
                "reply_on": day,
                "reply_text": str(FROM_LEDGER),
                "reply_unit": row.text("reply_unit"),
            }
        if column == "not_filed_on":
            return {
                "not_filed_reason": row.text("not_filed_reason") or str(FROM_LEDGER)
            }
        if column == "closed_on":
            if not row.text("satisfaction"):
                raise LedgerError(
                    _("办结须填写“满意度”（%s）。") % "、".join(SATISFACTION),
                    column="satisfaction",
                    value="",
                )
            return {"satisfaction": row.choice(self, "satisfaction", SATISFACTION)}
        if column == "approved_on":
            return {"approved_on": day}
        if column == "not_approved_on":
            return {"comment": str(FROM_LEDGER)}
        if column == "reported_on":
            targets = row.names("targets")
            if not targets:
                raise LedgerError(
                    _("报送须填写“报送单位”。"), column="targets", value=""
                )
            return {"targets": targets}
        if column == "adopted_on":
            level = (
                row.choice(self, "adoption_level", LEVELS)
                if row.text("adoption_level")
                else ""
            )
            return {"level": level, "body": row.text("adoption_body")}
        return {}


ledger_kind = ItemsLedger()
