"""The appraisal pages, exports and API on the known committee (conftest.py)."""

from __future__ import annotations

import io

from docx import Document
from openpyxl import load_workbook

from tongxin.appraisal.models import PointRule
from tongxin.audit.models import AuditEvent

V1 = "/api/v1/appraisal"


def test_a_member_sees_their_own_record_and_no_one_elses(c, people, client_for):
    client = client_for(people.member)
    page = client.get(f"/appraisal/members/{c.c.pk}/record/?year=2025")
    assert page.status_code == 200
    text = page.content.decode()
    assert "李晓梅的履职档案" in text and "46" in text
    assert "职业教育产教融合调研" in text and "@media print" not in text
    assert (
        client.get(f"/appraisal/members/{c.a.pk}/record/?year=2025").status_code == 404
    )
    assert client.get("/appraisal/").url == f"/appraisal/members/{c.c.pk}/record/"
    assert client.get("/appraisal/ranking/").status_code == 403


def test_staff_see_records_in_their_subtree_only(c, people, client_for):
    head = client_for(people.head)
    assert head.get(f"/appraisal/members/{c.a.pk}/record/?year=2025").status_code == 200
    assert head.get(f"/appraisal/members/{c.c.pk}/record/?year=2025").status_code == 404
    outsider = client_for(people.outsider)
    assert outsider.get(f"/appraisal/members/{c.a.pk}/record/").status_code == 404
    assert outsider.get("/appraisal/scores/").status_code == 403


def test_bad_input_is_refused_in_chinese(c, people, client_for):
    client = client_for(people.head)
    url = f"/appraisal/members/{c.a.pk}/record/"
    page = client.get(url + "?year=2099")
    assert page.status_code == 400 and "2099 年尚未到来" in page.content.decode()
    page = client.get(url + "?start=2025-06-01&end=2025-01-01")
    assert page.status_code == 400 and "早于开始日期" in page.content.decode()
    page = client.get("/appraisal/ranking/?org=G1B2&year=2025")
    assert page.status_code == 400
    assert "不在您可查看的范围内" in page.content.decode()
    page = client.get("/appraisal/scores/?org=NOPE&year=2025")
    assert page.status_code == 400 and "不存在" in page.content.decode()
    api = client.get(f"{V1}/ranking?year=2099")
    assert api.status_code == 400 and "尚未到来" in api.json()["detail"]
    api = client.get(f"{V1}/scores?org=G1B2")
    assert api.status_code == 400 and "不在您可查看的范围内" in api.json()["detail"]
    api = client.get(f"{V1}/members/{c.c.pk}/record?year=2025")
    assert api.status_code == 404


def test_the_ranking_and_scores_pages_and_api(c, people, client_for):
    client = client_for(people.staff)
    page = client.get("/appraisal/ranking/?year=2025").content.decode()
    assert page.index("王委员") < page.index("李晓梅") < page.index("周未交")
    page = client.get("/appraisal/scores/?year=2025&org=C").content.decode()
    page = page[page.index("<tbody>") :]
    assert (
        page.index("教育一支部")
        < page.index("市直属第一支部")
        < page.index("教育二支部")
    )
    data = client.get(f"{V1}/ranking?year=2025").json()
    assert [(r["rank"], r["name"], r["total"]) for r in data["rows"]] == [
        (1, "王委员", 49.75),
        (2, "李晓梅", 46.0),
        (3, "赵联名", 20.0),
        (4, "孙学员", 15.0),
        (5, "周未交", 0.0),
    ]
    assert data["period"]["label"] == "2025年"
    lines = {x["code"]: x for x in data["rows"][0]["lines"]}
    assert (lines["service-hour"]["units"], lines["service-hour"]["points"]) == (
        3.5,
        1.75,
    )
    scores = client.get(f"{V1}/scores?year=2025&org=G1").json()
    assert [(r["code"], r["total"]) for r in scores["rows"]] == [
        ("G1B1", 30.0),
        ("G1B2", 21.0),
    ]
    assert scores["rows"][1]["coverage_done"] == 1
    assert scores["rows"][1]["coverage_members"] == 2
    record = client.get(f"{V1}/members/{c.d.pk}/record?start=2025-01-01&end=2025-12-31")
    body = record.json()
    assert body["points"]["total"] == 15.0
    assert body["figures"]["trainings_completed"] == 1
    assert body["period"]["kind"] == "range"


def test_the_record_exports_to_word_and_excel_and_is_audited(c, people, client_for):
    client = client_for(people.member)
    response = client.get(
        f"/appraisal/members/{c.c.pk}/record/export/?year=2025&format=docx"
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "会员履职档案" in text and "履职积分合计 46 分" in text
    cells = [cell.text for t in doc.tables for row in t.rows for cell in row.cells]
    assert "职业教育产教融合调研" in cells and "市委统战部" in cells
    response = client.get(
        f"/appraisal/members/{c.c.pk}/record/export/?year=2025&format=xlsx"
    )
    wb = load_workbook(io.BytesIO(response.content))
    points = list(wb["履职积分"].iter_rows(values_only=True))
    assert points[-1] == ("合计", None, None, None, 46)
    events = AuditEvent.objects.filter(action="export", object_id=str(c.c.pk))
    assert events.count() == 2
    staff = client_for(people.staff)
    sheet = staff.get("/appraisal/ranking/export/?year=2025")
    rows = list(
        load_workbook(io.BytesIO(b"".join(sheet.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert rows[1][:3] == (1, "王委员", "教育一支部") and rows[1][-1] == 49.75
    assert AuditEvent.objects.filter(object_type="appraisal.ranking").count() == 1


def test_staff_change_a_rule_on_the_page_and_in_the_api(c, people, client_for):
    rule = PointRule.objects.get(code="event")
    head = client_for(people.head)
    assert head.get(f"/appraisal/rules/{rule.pk}/edit/").status_code == 403
    denied = head.put(
        f"{V1}/rules/{rule.pk}",
        {"name": "参加活动", "points": "2", "version": 1},
        content_type="application/json",
    )
    assert denied.status_code == 403
    staff = client_for(people.staff)
    page = staff.post(
        f"/appraisal/rules/{rule.pk}/edit/",
        {"name": "参加活动", "points": "abc", "cap": "", "active": "on", "version": 1},
    )
    assert page.status_code == 200 and "“abc”不是数字" in page.content.decode()
    page = staff.post(
        f"/appraisal/rules/{rule.pk}/edit/",
        {"name": "参加活动", "points": "2", "cap": "", "active": "on", "version": 1},
    )
    assert page.status_code == 302
    rule.refresh_from_db()
    assert (rule.points, rule.cap, rule.version) == (2, None, 2)
    assert AuditEvent.objects.filter(
        object_type__endswith="pointrule", object_id=str(rule.pk)
    ).exists()
    stale = staff.put(
        f"{V1}/rules/{rule.pk}",
        {"name": "参加活动", "points": "3", "version": 1},
        content_type="application/json",
    )
    assert stale.status_code == 409
    made = staff.post(
        f"{V1}/rules",
        {
            "scheme": "org",
            "code": "org-events-extra",
            "name": "错配",
            "measure": "service_hour",
            "points": "1",
        },
        content_type="application/json",
    )
    assert made.status_code == 400 or made.status_code == 422
    assert "不适用于" in str(made.json())
    # A code of control characters only (a NUL byte) is refused in Chinese on
    # both databases, never sent to PostgreSQL.
    nul = staff.post(
        f"{V1}/rules",
        {
            "scheme": "org",
            "code": "\x00",
            "name": "空代码",
            "measure": "org_events_held",
            "points": "1",
        },
        content_type="application/json",
    )
    assert nul.status_code in (400, 422) and "请填写规则代码" in str(nul.json())
    data = staff.get(f"{V1}/ranking?year=2025").json()
    assert data["rows"][0]["total"] == 51.75  # two events now give 4
