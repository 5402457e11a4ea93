"""台账导入 of past honors with their recipients (kind ``honors``).

One row is one honor as an honors ledger (表彰台账) lists it: its name,
category, level, awarding body, the day it was awarded, and the members and
organizations who received it.  Each recipient must have been a member, or
have existed, on the day of the award; the honor is registered with
:func:`honor_create` in the name of the registering organization.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core.ledger import Column, LedgerError, LedgerKind, Row
from tongxin.honors.models import Category, Honor, Level
from tongxin.honors.policies import policy
from tongxin.honors.services import honor_create
from tongxin.members.ledger import members_on, organization_named, organization_on

CATEGORIES = {str(label): value for value, label in Category.choices}
LEVELS = {str(label): value for value, label in Level.choices}


class HonorsLedger(LedgerKind):
    name = "honors"
    label = gettext_lazy("荣誉台账")
    row_is = gettext_lazy("一项荣誉，获奖会员和获奖组织各写在同一格中。")
    columns = (
        Column("title", gettext_lazy("荣誉名称"), True, "全市统战工作先进个人"),
        Column("category", gettext_lazy("类别"), True, "综合", "、".join(CATEGORIES)),
        Column("level", gettext_lazy("级别"), True, "市级", "、".join(LEVELS)),
        Column("awarding_body", gettext_lazy("授予单位"), True, "中共某市委统战部"),
        Column(
            "awarded_on",
            gettext_lazy("授予日期"),
            True,
            "2024-12-20",
            gettext_lazy("获奖者须在这一天在册或存在。"),
            synonyms=("日期", "表彰日期"),
        ),
        Column("document_number", gettext_lazy("文号"), False, ""),
        Column(
            "organization",
            gettext_lazy("登记组织"),
            True,
            "",
            gettext_lazy("由哪个组织登记这项荣誉（全称、简称或组织代码）。"),
        ),
        Column(
            "members",
            gettext_lazy("获奖会员"),
            False,
            "",
            gettext_lazy("姓名或会员证号，用顿号分隔；同名时填会员证号。"),
        ),
        Column(
            "organizations",
            gettext_lazy("获奖组织"),
            False,
            "",
            gettext_lazy("组织全称、简称或代码，用顿号分隔。"),
        ),
        Column("note", gettext_lazy("备注"), False, ""),
    )
    field_columns = {
        "organization": "organization",
        "recipients": "members",
        "year": "awarded_on",
        "awarded_on": "awarded_on",
        "level": "level",
        "category": "category",
        "awarding_body": "awarding_body",
        "document_number": "document_number",
    }
    main_column = "title"

    def may_import(self, user) -> bool:
        return policy.can(user, "manage")

    def import_row(self, *, by, row: Row) -> Honor:
        title = row.required_text(self, "title")
        category = row.choice(self, "category", CATEGORIES)
        level = row.choice(self, "level", LEVELS)
        body = row.required_text(self, "awarding_body")
        day = row.date(self, "awarded_on", required=True)
        registrar = organization_named(
            row.required_text(self, "organization"), column="organization"
        )
        members = members_on(
            by=by, names=row.names("members"), on=day, column="members"
        )
        organizations = [
            organization_on(name, on=day, column="organizations")
            for name in row.names("organizations")
        ]
        if Honor.objects.filter(
            title=title, awarded_on=day, awarding_body=body
        ).exists():
            raise LedgerError(
                _("该荣誉已登记（同名、同一授予单位和日期），不再重复导入。"),
                column="title",
                value=title,
            )
        return honor_create(
            by=by,
            organization=registrar,
            title=title,
            category=category,
            level=level,
            awarding_body=body,
            awarded_on=day,
            document_number=row.text("document_number"),
            note=row.text("note"),
            members=members,
            organizations=organizations,
        )


ledger_kind = HonorsLedger()
