"""The sections the secretary writes (存在的问题, 下一年工作思路), the closing
signature and the tables' look: written on the report page or over the API,
kept per scope and year, and found in the downloaded document."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from tests.campaigns.conftest import cmp  # noqa: F401
from tongxin.audit.models import AuditEvent
from tongxin.campaigns import services as camp
from tongxin.reports.models import ReportText

pytestmark = pytest.mark.django_db

PROBLEMS = "基层组织活动开展不平衡。\n参政议政成果转化率不高。"
PLANS = "加强基层组织建设。"


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _docx(client, **params) -> Document:
    r = client.get("/reports/annual.docx", params)
    assert r.status_code == 200
    return Document(io.BytesIO(r.content))


def test_the_secretary_writes_both_sections_on_the_page_and_they_reach_the_report(
    cmp,  # noqa: F811
):
    c = _client(cmp.leader)
    page = c.get("/reports/", {"year": "2014", "org": "C"}).content.decode()
    assert 'name="problems"' in page and 'name="plans"' in page
    assert 'action="/reports/texts/"' in page
    r = c.post(
        "/reports/texts/",
        {"year": "2014", "org": "C", "problems": PROBLEMS, "plans": PLANS},
    )
    assert r.status_code == 302 and r.url == "/reports/?org=C&year=2014"
    page = c.get(r.url).content.decode()
    assert "基层组织活动开展不平衡。" in page  # the form shows what was saved
    doc = _docx(c, year="2014", org="C")
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[-2].endswith("、存在的问题")
    assert headings[-1].endswith("、下一年工作思路")
    texts = [p.text for p in doc.paragraphs]
    i = texts.index(headings[-2])
    assert texts[i + 1 : i + 3] == PROBLEMS.split("\n")
    # The closing signature: the organization, then the date, flush right.
    body = [p for p in doc.paragraphs if p.text.strip()]
    assert [p.text for p in body[-2:]] == [
        "民进测试市委员会",
        "{0.year}年{0.month}月{0.day}日".format(timezone.localdate()),
    ]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.RIGHT for p in body[-2:])
    assert AuditEvent.objects.filter(object_type="reports.reporttext").count() == 1
    # Kept per year and scope: neither 2015 nor a branch's report has them.
    for params in ({"year": "2015", "org": "C"}, {"year": "2014", "org": "G1B1"}):
        other = "\n".join(p.text for p in _docx(c, **params).paragraphs)
        assert "存在的问题" not in other and "基层组织活动开展不平衡" not in other


def test_an_overlong_text_is_refused_in_chinese_and_nothing_is_saved(cmp):  # noqa: F811
    c = _client(cmp.leader)
    r = c.post(
        "/reports/texts/", {"year": "2014", "problems": "长" * 5001, "plans": PLANS}
    )
    assert r.status_code == 400
    assert "5000" in r.content.decode() and "长长长" in r.content.decode()
    assert not ReportText.objects.exists()


def test_a_member_cannot_write_the_report(cmp):  # noqa: F811
    r = _client(cmp.member).post(
        "/reports/texts/", {"year": "2014", "problems": PROBLEMS}
    )
    assert r.status_code == 403
    assert not ReportText.objects.exists()


def test_the_api_reads_and_writes_the_texts_and_the_json_carries_them(cmp):  # noqa: F811
    c = _client(cmp.leader)
    url = "/api/v1/reports/texts?year=2014&org=C"
    assert c.get(url).json() == {"problems": "", "plans": ""}
    r = c.put(
        url,
        json.dumps({"problems": PROBLEMS, "plans": PLANS}),
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    assert c.get(url).json() == {"problems": PROBLEMS, "plans": PLANS}
    data = c.get(
        "/api/v1/reports/annual", {"year": "2014", "org": "C", "format": "json"}
    ).json()
    assert data["texts"] == {"problems": PROBLEMS, "plans": PLANS}
    assert c.put(url, "{}", content_type="application/json").json() == {
        "problems": "",
        "plans": "",
    }


def test_tables_are_five_point_with_borders_and_centred_headers(cmp):  # noqa: F811
    for title, dep in (("召开动员大会", cmp.dep.office), ("专栏", cmp.dep.publicity)):
        camp.task_create(
            campaign=cmp.campaign,
            by=cmp.root,
            title=title,
            department=dep,
            due_on=cmp.campaign.end_on,
            month="2014-12",
        )
    doc = _docx(_client(cmp.leader), year="2014", org="C")
    assert doc.tables
    for table in doc.tables:
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        edges = {el.tag.split("}")[1]: el.get(qn("w:val")) for el in borders}
        assert edges == dict.fromkeys(
            ("top", "left", "bottom", "right", "insideH", "insideV"), "single"
        )
        for cell in table.rows[0].cells:
            assert cell.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
        for row in table.rows:
            for cell in row.cells:
                for run in cell.paragraphs[0].runs:
                    assert run.font.size.pt >= 10.5
