"""台账导入 of past talent-pool placements (kind ``talent``).

One row is one placement as a talent ledger (人才库台账) lists it: the member,
the tier, the day the placement began and, if it has ended, the day it
ended.  The member must have been in the association on the first day; a
member who has since left is placed only for a period that ended by the
departure.  Placements are written with :func:`placement_add`, which refuses
a period overlapping one already recorded, so a ledger imported twice adds
nothing.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core.ledger import Column, LedgerError, LedgerKind, Row
from tongxin.members.ledger import member_on
from tongxin.talent.models import Placement, Tier
from tongxin.talent.policies import policy
from tongxin.talent.services import placement_add

TIERS = {str(label): value for value, label in Tier.choices}


class TalentLedger(LedgerKind):
    name = "talent"
    label = gettext_lazy("人才库台账")
    row_is = gettext_lazy("一位会员在人才库某一层级中的一段时间。")
    columns = (
        Column(
            "member",
            gettext_lazy("会员"),
            True,
            "张三",
            gettext_lazy("姓名或会员证号；同名时填会员证号。"),
            synonyms=("姓名", "会员姓名"),
        ),
        Column("tier", gettext_lazy("层级"), True, "骨干", "、".join(TIERS)),
        Column(
            "start_on",
            gettext_lazy("入库日期"),
            True,
            "2023-03-01",
            gettext_lazy("会员须在这一天在册。"),
            synonyms=("开始日期", "列入日期"),
        ),
        Column(
            "end_on",
            gettext_lazy("出库日期"),
            False,
            "",
            gettext_lazy("仍在库中则留空；已离会的会员须填写，且不晚于离会日期。"),
            synonyms=("结束日期",),
        ),
        Column("reason", gettext_lazy("入库理由"), False, ""),
        Column("note", gettext_lazy("备注"), False, ""),
    )
    field_columns = {"member": "member", "start_on": "start_on", "end_on": "end_on"}
    main_column = "member"

    def may_import(self, user) -> bool:
        return policy.can(user, "manage")

    def import_row(self, *, by, row: Row) -> Placement:
        tier = row.choice(self, "tier", TIERS)
        start_on = row.date(self, "start_on", required=True)
        end_on = row.date(self, "end_on")
        if end_on is not None and end_on < start_on:
            raise LedgerError(
                _("出库日期不能早于入库日期。"), column="end_on", value=end_on
            )
        member = member_on(
            by=by, text=row.required_text(self, "member"), on=start_on, column="member"
        )
        return placement_add(
            by=by,
            member=member,
            tier=tier,
            start_on=start_on,
            end_on=end_on,
            reason=row.text("reason"),
            note=row.text("note"),
        )


ledger_kind = TalentLedger()
