"""The annual work report of a known report_committee (conftest.py): its sentences,
tables, charts and styles, the statistical appendix, the command line, and
the document as LibreOffice renders it."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from tongxin.core.periods import Period
from tongxin.reports import charts
from tongxin.reports.services import build_annual_report, build_appendix
from tongxin.stats.scope import resolve_scope

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 1)
Y2014 = Period.for_year(2014, today=TODAY)

#: Sentences the 2014 report must hold, whole.
SENTENCES = [
    "民进测试市委员会2014年工作报告",
    "（统计时段：2014年1月1日至2014年12月31日，数据截至2014年12月31日）",
    "2014年，民进测试市委员会开展“创先争优活动”（2014年1月1日至2014年12月31日）。",
    "成立了由陈主委担任组长，王副主委、李副主委担任副组长，"
    "张一支、赵二支、孙直属3人为成员的领导小组，共6人。",
    "将工作任务分布到全年3个月份，明确3个负责部室，本期共有工作任务4项，"
    "截至2014年12月31日已完成2项，完成率66.7%；1项逾期未完成，1项已取消。",
    "开展督促检查，1个督查组深入基层组织督查走访3次，走访基层组织2个，"
    "占基层组织总数（4个）的50.0%；同所在单位党组织交流沟通1次。",
    "提出整改事项1项，已完成1项。",
    "2014年，共举办文化教育活动4场，会员参加6人次（3人），"
    "其中讲座（文化讲堂）2场、论坛（教育论坛）1场、中心组学习会1场。",
    "“大连民进文化讲堂”本期举办2场（第3、4届），参加5人次，已连续3年举办。",
    "截至2014年12月31日，代表人物队伍共4人，其中领军1人、重点1人、骨干1人、后备1人；"
    "本期新入库3人。",
    "推荐1人次（政协委员1人次），已任用1人次。",
    "建立了2人的领导班子后备干部名册（2人次，涉及2个领导班子），"
    "其中近期可任1人次、一至两年可任1人次。",
    "举办新会员培训班1期（2014年新会员培训班），安排课次2次，学员3人，结业2人。",
    "颁发《会员证》2本，其中在新会员培训班上举行发证仪式颁发2本。",
    "加强制度建设，2014年制定了《领导班子成员分工联系基层组织制度》1项制度，"
    "修订了《基层组织工作条例》1项制度；截至2014年12月31日，现行有效制度2项。",
    "按照联系制度，2名领导班子成员、1个机关部室分工联系基层组织3个，"
    "覆盖基层组织的75.0%。",
]


@pytest.fixture
def report(report_committee):
    return Document(io.BytesIO(build_annual_report(resolve_scope(), Y2014)))


def _text(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def test_the_report_writes_every_figure_as_sentences(report):
    text = _text(report)
    for sentence in SENTENCES:
        assert sentence in text, sentence
    headings = [p.text for p in report.paragraphs if p.style.name == "Heading 1"]
    assert headings[:2] == ["一、基本情况", "二、专项活动与组织领导"] or headings[
        1
    ].endswith("专项活动与组织领导")
    assert any(h.endswith("文化教育") for h in headings)
    assert any(h.endswith("队伍建设") for h in headings)
    assert any(h.endswith("制度建设") for h in headings)


def test_the_report_has_tables_charts_and_east_asian_fonts(report):
    tables = {t.rows[0].cells[0].text: t for t in report.tables}
    deps = tables["负责部室"]
    assert [[c.text for c in r.cells] for r in deps.rows[1:]] == [
        ["办公室", "1", "1"],
        ["宣传部", "2", "1"],
        ["组织部", "1", "0"],
    ]
    classes = tables["名称"]
    assert classes.rows[1].cells[0].text in (
        "2014年新会员培训班",
        "领导班子成员分工联系基层组织制度",
    )
    if charts.cjk_font() is not None:
        assert len(report.inline_shapes) >= 2
    normal = report.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "FangSong"
    heading = report.styles["Heading 1"].element.rPr.rFonts
    assert heading.get(qn("w:eastAsia")) == "SimHei"


def test_a_period_without_records_gets_plain_sentences_not_zeros(report_committee):
    doc = Document(
        io.BytesIO(
            build_annual_report(resolve_scope(), Period.for_year(2020, today=TODAY))
        )
    )
    text = _text(doc)
    assert "2020年，没有登记开展中的专项活动。" in text
    assert "本期没有登记督查走访。" in text
    assert "2020年，没有登记文化教育活动。" in text
    assert "本期未举办新会员培训班。" in text
    assert "2020年没有新制定或修订的制度；截至2020年12月31日，现行有效制度3项。" in text
    assert not re.search(r"[^0-9.]0(项|场|人次|个|本)", text)


def test_the_appendix_has_one_sheet_per_section(report_committee):
    wb = load_workbook(io.BytesIO(build_appendix(resolve_scope(), Y2014)))
    assert {"说明", "专项活动与组织领导", "文化教育", "队伍建设", "制度建设"} <= set(
        wb.sheetnames
    )
    ws = wb["专项活动与组织领导"]
    values = {
        row[2]: row[1] for row in ws.iter_rows(min_row=2, values_only=True) if row[2]
    }
    assert values["tasks.total"] == 4 and values["tasks.done"] == 2
    assert values["inspections.coverage_rate"] == 50
    team = {
        row[2]: row[1]
        for row in wb["队伍建设"].iter_rows(min_row=2, values_only=True)
        if row and len(row) > 2 and row[2]
    }
    assert team["talent.total"] == 4 and team["certificates.issued"] == 2
    cells = [c for row in wb["队伍建设"].iter_rows(values_only=True) for c in row if c]
    assert "2014年新会员培训班" in cells


def test_the_command_writes_both_files_and_prints_the_figures(
    report_committee, tmp_path, capsys
):
    docx, xlsx = tmp_path / "report.docx", tmp_path / "appendix.xlsx"
    call_command("report", year="2014", output=str(docx), xlsx=str(xlsx), as_json=True)
    figures = json.loads(capsys.readouterr().out)
    assert figures["period"]["start"] == "2014-01-01"
    assert figures["campaigns"]["tasks"]["done"] == 2
    assert figures["team"]["talent"]["total"] == 4
    assert figures["culture"]["series"][0]["name"] == "大连民进文化讲堂"
    assert docx.stat().st_size > 0 and xlsx.stat().st_size > 0
    # One organization's subtree.
    call_command("report", year="2014", org="G1B1", as_json=True)
    branch = json.loads(capsys.readouterr().out)
    assert branch["scope"]["title"] == "教育一支部"
    assert branch["campaigns"]["inspections"]["visits"] == 2


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"year": "2999"}, "2999 年尚未到来"),
        ({"start": "2014-12-31", "end": "2014-01-01"}, "早于开始日期"),
        ({"year": "2014", "org": "NOPE"}, "组织代码“NOPE”不存在"),
        ({"year": "2014", "since": "2014-01-01"}, "请只选择一种统计时段"),
    ],
)
def test_the_command_refuses_bad_input_and_writes_nothing(
    db, tmp_path, options, message
):
    target = tmp_path / "r.docx"
    with pytest.raises(CommandError) as err:
        call_command("report", output=str(target), **options)
    assert message in str(err.value)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_the_installed_command_exits_non_zero_with_a_chinese_message(tmp_path):
    target = tmp_path / "r.docx"
    env = {**os.environ, "TONGXIN_VAR_DIR": str(tmp_path / "var")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tongxin.cli",
            "report",
            "--year",
            "2999",
            "-o",
            str(target),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode != 0
    assert "2999 年尚未到来" in result.stderr
    assert not target.exists()


def _require_libreoffice():
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        if os.environ.get("TONGXIN_REQUIRE_BROWSER"):
            pytest.fail("LibreOffice (soffice) and pdftotext are required")
        pytest.skip(
            "LibreOffice (soffice) or pdftotext (poppler-utils) is not installed"
        )


def test_libreoffice_renders_the_report_with_its_sentences_and_tables(
    report_committee, tmp_path
):
    _require_libreoffice()
    source = tmp_path / "report.docx"
    source.write_bytes(build_annual_report(resolve_scope(), Y2014))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = tmp_path / "report.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    # A sentence may run across a page: drop the page numbers of the footer.
    flat = re.sub(r"\s+", "", re.sub(r"(?m)^\s*\d+\s*$", "", text))
    for sentence in SENTENCES:
        assert re.sub(r"\s+", "", sentence) in flat, sentence
    # Table rows: department, tasks, done.
    assert re.search(r"宣传部\s+2\s+1", text)
    assert re.search(r"组织部\s+1\s+0", text)
    assert "2014年新会员培训班" in flat
