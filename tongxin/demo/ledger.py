"""Past-year ledgers (台账) of the demo committee, imported as a committee would.

Two years before the demo's reference day, a base organization's activities
(with the members who attended), an opinion report with its dated steps and
an honor are written into the kinds' own templates and imported with
:func:`~tongxin.ledger.services.ledger_import`, so the demo shows records that
came in through 台账导入 with their real dates.
"""

from __future__ import annotations

import datetime as dt
import io

from django.db.models import Q
from openpyxl import load_workbook

from tongxin.accounts.models import User
from tongxin.ledger.services import ledger_import, ledger_template
from tongxin.members.models import Member
from tongxin.members.selectors import memberships_on
from tongxin.orgs.models import Organization

ROOT_CODE = "DL"


def _fill(template: bytes, rows: list[dict]) -> bytes:
    book = load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    sheet.delete_rows(2)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _names(members: list[Member]) -> str:
    return "、".join(m.certificate_no or m.name for m in members)


def build_ledgers(*, ref: dt.date) -> int:
    """Import the demo's past-year ledgers; return the rows imported."""
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    year = ref.year - 2
    day = dt.date(year, 5, 18)
    branch = (
        Organization.objects.filter(
            Q(founded_on__isnull=True) | Q(founded_on__lt=dt.date(year, 1, 1)),
            closed_on__isnull=True,
            kind=Organization.Kind.BRANCH,
        )
        .order_by("path")
        .first()
    )
    if branch is None:
        return 0
    # Members of the branch on both activity days (so also on the days between).
    present = list(
        Member.objects.filter(
            pk__in=memberships_on(day, Q(organization=branch)).values("member_id")
        )
        .filter(
            pk__in=memberships_on(dt.date(year, 3, 12), Q(organization=branch)).values(
                "member_id"
            )
        )
        .order_by("pk")[:6]
    )
    if not present:
        return 0
    rows = {
        "activities": [
            {
                "日期": f"{year}-03-12",
                "活动名称": "义务植树活动",
                "活动类型": "植树",
                "主办组织": branch.code,
                "地点": "西郊森林公园",
                "开始时间": "8:30",
                "参加人员": _names(present[:4]),
            },
            {
                "日期": day.isoformat(),
                "活动名称": "支部学习座谈会",
                "活动类型": "座谈会",
                "主办组织": branch.code,
                "地点": "支部活动室",
                "开始时间": "14:30",
                "结束时间": "16:30",
                "参加人员": _names(present),
            },
        ],
        "items": [
            {
                "类别": "社情民意",
                "标题": "关于完善社区老年助餐服务的建议",
                "提出人": _names(present[:1]),
                "提交日期": f"{year}-04-02",
                "签批日期": f"{year}-04-08",
                "报送日期": f"{year}-04-10",
                "报送单位": "民进省委会",
                "采用日期": f"{year}-06-20",
                "采用级别": "省级",
                "采用单位": "民进省委会",
            }
        ],
        "honors": [
            {
                "荣誉名称": "社会服务工作先进集体",
                "类别": "社会服务",
                "级别": "市委会级",
                "授予单位": "民进大连市委会",
                "授予日期": f"{year}-12-20",
                "登记组织": ROOT_CODE,
                "获奖组织": branch.code,
            }
        ],
    }
    imported = 0
    for kind, kind_rows in rows.items():
        data = _fill(ledger_template(by=admin, kind=kind), kind_rows)
        report = ledger_import(
            by=admin,
            kind=kind,
            source=data,
            filename=f"台账示例-{kind}.xlsx",
            commit=True,
            mode="all",
        )
        if not report.committed:  # the demo's data must fit its own checks
            raise RuntimeError(f"demo ledger {kind}: {report.as_dict()['errors']}")
        imported += report.created
    return imported
