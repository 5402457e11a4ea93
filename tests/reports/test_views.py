"""The reports page, its downloads and the report API, as a leader and a branch head."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client
from docx import Document
from openpyxl import load_workbook

from tongxin.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_the_page_offers_both_downloads_for_a_chosen_year(report_committee):
    c = _client(report_committee.leader)
    page = c.get("/reports/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "年度工作报告" in html and 'name="year"' in html
    assert "教育一支部" in html  # an organization to choose
    chosen = c.get("/reports/", {"year": "2014", "org": "C"}).content.decode()
    assert "民进测试市委员会2014年工作报告" in chosen
    assert "/reports/annual.docx?org=C&amp;year=2014" in chosen
    assert "/reports/annual.xlsx?org=C&amp;year=2014" in chosen


def test_the_downloads_hold_the_report_and_the_appendix(report_committee):
    c = _client(report_committee.leader)
    r = c.get("/reports/annual.docx", {"year": "2014"})
    assert r.status_code == 200
    assert "attachment" in r["Content-Disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert "本期共有工作任务4项" in text
    x = c.get("/reports/annual.xlsx", {"year": "2014"})
    assert "队伍建设" in load_workbook(io.BytesIO(x.content)).sheetnames
    assert (
        AuditEvent.objects.filter(action="export", object_type="reports.annual").count()
        == 2
    )


def test_bad_choices_are_refused_in_chinese(report_committee):
    c = _client(report_committee.leader)
    future = c.get("/reports/", {"year": "2999"})
    assert future.status_code == 400 and "2999 年尚未到来" in future.content.decode()
    backwards = c.get(
        "/reports/annual.docx", {"start": "2014-12-01", "end": "2014-01-01"}
    )
    assert backwards.status_code == 400 and "早于开始日期" in backwards.content.decode()
    head = _client(report_committee.head)  # head of edu1
    outside = head.get("/reports/annual.docx", {"year": "2014", "org": "D1"})
    assert outside.status_code == 404
    assert "不在您可查看的范围内" in outside.content.decode()


def test_the_api_returns_the_figures_the_document_and_the_appendix(report_committee):
    c = _client(report_committee.head)
    r = c.get("/api/v1/reports/annual", {"year": "2014", "format": "json"})
    assert r.status_code == 200
    data = json.loads(r.content)
    assert data["scope"]["title"] == "教育一支部"  # a head's own subtree
    assert data["campaigns"]["inspections"]["visits"] == 2
    docx = c.get("/api/v1/reports/annual", {"year": "2014"})
    assert docx["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "教育一支部2014年工作报告" in text
    xlsx = c.get("/api/v1/reports/annual", {"year": "2014", "format": "xlsx"})
    assert xlsx.status_code == 200
    assert c.get("/api/v1/reports/annual", {"year": "2999"}).status_code == 400
    assert (
        c.get("/api/v1/reports/annual", {"year": "2014", "org": "D1"}).status_code
        == 404
    )
    assert (
        _client(report_committee.member)
        .get("/api/v1/reports/annual", {"year": "2014"})
        .status_code
        == 403
    )
