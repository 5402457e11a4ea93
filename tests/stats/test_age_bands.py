"""Age bands: the setting's by default, a request's own on the statistics API,
the dashboard, the structure table and the report (web and CLI), and a clear
refusal of bands that cannot be read. Over the known committee of
tests/stats/conftest.py: at 2025-12-31 its five members are 33 (王芳), 45
(赵明), 50 (周新), 李晓梅 (46–55) and 65 (张传吉) years old."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from docx import Document
from openpyxl import load_workbook

from tongxin.core.periods import Period
from tongxin.members.ages import (
    AgeBandsError,
    age_bands,
    age_bands_override,
    check_age_bands,
    parse_age_bands,
)
from tongxin.stats.figures import compute_section
from tongxin.stats.scope import resolve_scope

OWN = {"-40": 1, "41-60": 3, "61-": 1, "unknown": 0}
OWN_LABELS = ["40岁及以下", "41—60岁", "61岁及以上"]


def client_of(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_bands_are_read_from_their_upper_bounds():
    bands = parse_age_bands("40,60")
    assert [b.key for b in bands] == ["-40", "41-60", "61-"]
    assert [b.label for b in bands] == OWN_LABELS
    assert [(b.lo, b.hi) for b in bands[:2]] == [(0, 40), (41, 60)]
    assert [b.key for b in parse_age_bands(" 30， 50、70 ")] == [
        "-30",
        "31-50",
        "51-70",
        "71-",
    ]
    assert [b.label for b in parse_age_bands("60")] == ["60岁及以下", "61岁及以上"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "上限"),
        ("40,abc", "“abc”不是整数"),
        ("60,40", "从小到大"),
        ("40,40", "不重复"),
        ("0,40", "超出范围"),
        ("40,200", "超出范围"),
        ("-5", "不是整数"),
        (",".join(str(n) for n in range(5, 80, 5)), "至多分"),
    ],
)
def test_bad_bands_are_refused_in_chinese(text, message):
    with pytest.raises(AgeBandsError, match=message):
        parse_age_bands(text)


def test_the_default_is_the_setting(settings):
    assert [b.key for b in age_bands()] == ["-35", "36-45", "46-55", "56-65", "66-"]
    assert [b.label for b in age_bands()][1] == "36—45岁"
    settings.TONGXIN_AGE_BANDS = "40,60"
    assert [b.label for b in age_bands()] == OWN_LABELS
    with age_bands_override(parse_age_bands("50")):
        assert [b.key for b in age_bands()] == ["-50", "51-"]
    assert [b.key for b in age_bands()] == ["-40", "41-60", "61-"]
    assert check_age_bands() == []
    settings.TONGXIN_AGE_BANDS = "60,40"
    [error] = check_age_bands()
    assert error.id == "tongxin.E601" and "从小到大" in error.msg


def test_the_structure_counts_by_the_setting(committee, settings):
    year = Period.for_year(2025)
    scope = resolve_scope(user=None, code="C")
    default = compute_section("overview", scope, year)["structure"]["age_bands"]
    assert default == {
        "-35": 1,
        "36-45": 1,
        "46-55": 2,
        "56-65": 1,
        "66-": 0,
        "unknown": 0,
    }
    settings.TONGXIN_AGE_BANDS = "40,60"
    assert compute_section("overview", scope, year)["structure"]["age_bands"] == OWN


def test_the_api_takes_bands_per_call(committee):
    c = client_of(committee.people.staff)
    query = {"year": "2025", "org": "C", "age_bands": "40,60"}
    r = c.get("/api/v1/stats/figures", {**query, "section": "overview"})
    assert r.status_code == 200
    assert r.json()["sections"]["overview"]["structure"]["age_bands"] == OWN
    # The next call without bands has the default again.
    r = c.get("/api/v1/stats/figures", {"year": "2025", "section": "overview"})
    assert "-35" in r.json()["sections"]["overview"]["structure"]["age_bands"]

    body = c.get("/api/v1/stats/structure", query).json()
    labels = {col["key"]: col["label"] for col in body["columns"]}
    assert [labels[f"age_bands.{k}"] for k in ("-40", "41-60", "61-")] == OWN_LABELS
    assert body["rows"][-1]["values"]["age_bands.41-60"] == 3

    r = c.get(
        "/api/v1/stats/drill",
        {**query, "section": "overview", "key": "structure.age_bands.41-60"},
    )
    assert r.status_code == 200 and r.json()["total"] == 3
    assert r.json()["title"].endswith("41—60岁") or "41—60岁" in r.json()["title"]


@pytest.mark.parametrize(
    "path",
    ["/api/v1/stats/figures", "/api/v1/stats/structure", "/api/v1/reports/annual"],
)
def test_the_api_refuses_bad_bands_with_a_chinese_message(committee, path):
    r = client_of(committee.people.staff).get(
        path, {"year": "2025", "age_bands": "60,40"}
    )
    assert r.status_code == 400
    assert "年龄段上限应从小到大" in r.json()["detail"]


def test_the_dashboard_and_the_structure_table_use_the_chosen_bands(committee):
    c = client_of(committee.people.staff)
    query = {"year": "2025", "org": "C", "age_bands": "40,60"}
    html = c.get("/stats/", query).content.decode()
    assert all(label in html for label in OWN_LABELS)
    assert 'name="age_bands" value="40,60"' in html
    assert "age_bands=40%2C60" in html  # links keep the choice
    html = c.get("/stats/structure/", query).content.decode()
    assert all(label in html for label in OWN_LABELS)
    r = c.get("/stats/structure/export/", query)
    ws = load_workbook(io.BytesIO(r.content)).active
    assert [ws.cell(row=4, column=n).value for n in (5, 6, 7)] == OWN_LABELS
    r = c.get("/stats/", {"year": "2025", "age_bands": "40,x"})
    assert r.status_code == 400 and "“x”不是整数" in r.content.decode()


def test_the_report_page_has_the_field_and_the_report_the_bands(committee):
    c = client_of(committee.people.staff)
    html = c.get("/reports/").content.decode()
    assert 'name="age_bands"' in html and 'placeholder="35,45,55,65"' in html
    query = {"year": "2025", "org": "C", "age_bands": "40,60"}
    html = c.get("/reports/", query).content.decode()
    assert "age_bands=40%2C60" in html
    r = c.get("/reports/annual.docx", query)
    assert r.status_code == 200
    document = Document(io.BytesIO(r.content))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for t in document.tables for row in t.rows for cell in row.cells
    )
    assert "41—60岁" in text and "36—45岁" not in text
    r = c.get("/api/v1/reports/annual", {**query, "format": "json"})
    assert r.json()["overview"]["structure"]["age_bands"] == OWN


def test_the_report_command_takes_bands(committee, capsys):
    call_command("report", year="2025", age_bands="40,60", as_json=True)
    figures = json.loads(capsys.readouterr().out)
    assert figures["overview"]["structure"]["age_bands"] == OWN
    with pytest.raises(CommandError, match="不是整数"):
        call_command("report", year="2025", age_bands="四十", as_json=True)
