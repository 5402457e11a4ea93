"""The overview, participation, service and honors sections of the report,
written from the known 2025 committee of tests/stats/conftest.py."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document

from tests.stats.conftest import committee  # noqa: F401
from tongxin.core.periods import Period
from tongxin.reports.services import build_annual_report
from tongxin.stats.scope import resolve_scope

pytestmark = pytest.mark.django_db

Y2025 = Period.for_year(2025, today=dt.date(2026, 6, 1))


def test_the_report_writes_members_participation_service_and_honors(committee):  # noqa: F811
    doc = Document(io.BytesIO(build_annual_report(resolve_scope(), Y2025)))
    text = "\n".join(p.text for p in doc.paragraphs)
    for sentence in [
        "民进测试市委员会现有基层组织5个，会员5人。现将民进测试市委员会2025年工作情况报告如下。",
        "截至2025年12月31日，民进测试市委员会现有基层组织5个（其中基层委员会1个、支部3个、直属支部1个），会员5人。本期新建基层组织1个，撤销基层组织1个。",
        "本期新发展会员1人，退会1人，去世1人；期末会员较期初（6人）净减1人。",
        "2025年，共提交建议1件、提案2件（其中团体提案1件、委员提案1件，已立案1件）、社情民意信息1件。共提交专题调研报告课题2件，其中被民进省委立项1项。",
        "坚持开展“一人一案”工作，期末5名会员中有4人提交了建议、提案或社情民意信息，覆盖率80.0%。",
        "2025年，共举办各类活动3场，会员参加5人次（4人）",
        "开展社会服务活动1次，志愿服务5人次、6.5小时，服务群众150人（老人120人、患者30人），捐赠资金5000元、物资折合1200.50元，合计6200.50元。",
        "其中，“送医下乡”已连续开展2年（2024年起），本期开展活动1次，服务群众150人，捐赠6200.50元。",
        "2025年，共获得各级表彰2项，其中省级1项、市级1项；按类别分，参政议政1项、社会服务1项。"
        "受表彰的有先进集体（组织）1个次、先进个人2人次。",
        "社情民意信息被采用2次（市级1次、省级1次）；1件提案获优秀提案奖。",
        "2025年没有新制定或修订的制度，制度登记簿中尚无现行有效的制度。",
    ]:
        assert sentence in text, sentence
    tables = {t.rows[0].cells[0].text: t for t in doc.tables}
    assert [[c.text for c in r.cells] for r in tables["类别"].rows[1:]] == [
        ["建议（一人一案）", "1"],
        ["政协提案", "2"],
        ["社情民意信息", "1"],
        ["调研课题", "2"],
    ]
