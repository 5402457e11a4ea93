"""A small committee built only through the public interfaces -- the command
line (create-org, create-user, grant, create-api-token, import-roster, and
import-ledger for past years' honors and talent placements) and the REST API
with a bearer token -- with facts inside and outside 2024, departures and a
closure in the middle of the year, completions recorded late and items whose
state changed after it; then every figure of the 2024 annual report
(``GET /api/v1/reports/annual?format=json``) and of the statistics API is
checked against values worked out by hand below, from the facts as entered.
"""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tests.conftest import make_id_number

pytestmark = pytest.mark.django_db

API = "/api/v1"


def _cli(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip()


class Api:
    """The REST API with a bearer token, as a script would call it."""

    def __init__(self, token: str):
        self.client = Client()
        self.auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    def get(self, url, **params):
        response = self.client.get(API + url, params, **self.auth)
        assert response.status_code == 200, (url, response.content[:500])
        return response.json()

    def send(self, url, data, expect=(200, 201)):
        response = self.client.post(
            API + url, data, content_type="application/json", **self.auth
        )
        assert response.status_code in expect, (url, response.content[:800])
        return response.json()


# The roster: name, organization, joined, birth date, woman.  Ages at
# 2024-12-31 and the bands they fall in are written beside each.
ROSTER = [
    # 教育一支部 (G1B1)
    ("甲一", "教育一支部", "2005-06-01", "1960-03-01", False),  # 64
    ("甲二", "教育一支部", "2008-06-01", "1970-05-01", True),  # 54
    ("甲三", "教育一支部", "2010-06-01", "1980-07-01", True),  # 44
    ("甲四", "教育一支部", "2012-06-01", "1990-09-01", False),  # 34
    ("甲五", "教育一支部", "2015-06-01", "1975-01-01", False),  # left 2024-04-15
    ("甲六", "教育一支部", "2016-06-01", "1985-02-01", True),  # 39
    ("甲七", "教育一支部", "2018-06-01", "1988-04-01", True),  # 36
    ("甲八", "教育一支部", "2024-05-10", "1995-06-01", False),  # 29, joined 2024
    # 教育二支部 (G1B2): moved to G1B1 on 2024-06-01, G1B2 closed 2024-06-30
    ("乙一", "教育二支部", "2009-06-01", "1965-03-01", True),  # 59
    ("乙二", "教育二支部", "2011-06-01", "1972-03-01", False),  # 52
    ("乙三", "教育二支部", "2013-06-01", "1982-03-01", True),  # 42
    ("乙四", "教育二支部", "2015-06-01", "1992-03-01", False),  # 32
    # 市直一支部 (D1)
    ("丙一", "市直一支部", "2006-06-01", "1962-03-01", False),  # 62, 政协委员
    ("丙二", "市直一支部", "2007-06-01", "1955-03-01", False),  # died 2024-10-10
    ("丙三", "市直一支部", "2009-06-01", "1968-03-01", True),  # left 2025-06-01
    ("丙四", "市直一支部", "2010-06-01", "1978-03-01", False),  # left 2023-11-30
    ("丙五", "市直一支部", "2012-06-01", "1983-03-01", True),  # 41
    ("丙六", "市直一支部", "2014-06-01", "1958-03-01", False),  # 66
    ("丙七", "市直一支部", "2024-09-01", "1993-03-01", True),  # 31, joined 2024
    ("丙八", "市直一支部", "2025-02-01", "1996-03-01", False),  # joined 2025
    # 市直二支部 (D2, founded 2024-03-01)
    ("丁一", "市直二支部", "2024-03-15", "1986-03-01", True),  # 38, joined 2024
    ("丁二", "市直二支部", "2024-03-15", "1976-03-01", False),  # 48, joined 2024
]


def _roster_file(tmp_path):
    import datetime as dt

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "身份证号", "所在组织", "入会时间"])
    for name, org, joined, born, woman in ROSTER:
        number = make_id_number(dt.date.fromisoformat(born), woman)
        sheet.append([name, number, org, joined])
    path = tmp_path / "花名册.xlsx"
    book.save(path)
    return path


def _build(tmp_path) -> tuple[Api, dict]:
    """The committee, through the CLI and the API only."""
    orgs = {}
    for code, name, kind, parent, founded in (
        ("C", "民进同心市委员会", "committee", None, "1988-05-01"),
        ("G1", "教育基层委员会", "grassroots", "C", "1990-01-01"),
        ("G1B1", "教育一支部", "branch", "G1", "1990-01-01"),
        ("G1B2", "教育二支部", "branch", "G1", "1995-01-01"),
        ("D1", "市直一支部", "direct_branch", "C", "2000-01-01"),
        ("D2", "市直二支部", "direct_branch", "C", "2024-03-01"),
        ("D3", "市直三支部", "direct_branch", "C", "2010-01-01"),
    ):
        args = ["create_org", code, name, "--kind", kind, "--json"]
        args += ["--founded-on", founded] + (["--parent", parent] if parent else [])
        orgs[code] = json.loads(_cli(*args))["id"]
    _cli(
        "create_user",
        "ops",
        "--display-name",
        "市委会办公室",
        "--role",
        "staff_org",
        "--org",
        "C",
    )
    for role in ("staff_participation", "staff_office"):
        _cli("grant", "ops", role, "C")
    api = Api(_cli("create_api_token", "ops", "--name", "迁移"))
    imported = json.loads(
        _cli(
            "import_roster",
            str(_roster_file(tmp_path)),
            "--commit",
            "--user",
            "ops",
            "--json",
        )
    )
    assert imported["created"] == len(ROSTER) and imported["errors"] == []
    members = {m["name"]: m for m in api.get("/members", size=100)["items"]}
    return api, {"orgs": orgs, "members": members}


def _history(api: Api, ids: dict) -> None:
    """The year's facts, each with its real date, entered in 2026."""
    org, m = ids["orgs"], {k: v["id"] for k, v in ids["members"].items()}

    def version(member):
        return api.get(f"/members/{m[member]}")["version"]

    # Departures: one before the year, two in it, one after it.
    for name, status, on in (
        ("丙四", "withdrawn", "2023-11-30"),
        ("甲五", "withdrawn", "2024-04-15"),
        ("丙二", "deceased", "2024-10-10"),
        ("丙三", "withdrawn", "2025-06-01"),
    ):
        api.send(
            f"/members/{m[name]}/leave",
            {"status": status, "on": on, "version": version(name)},
        )
    # 教育二支部 merges into 教育一支部: its members move on 06-01, it closes 06-30.
    for name in ("乙一", "乙二", "乙三", "乙四"):
        api.send(
            f"/members/{m[name]}/transfer",
            {"to_org": org["G1B1"], "on": "2024-06-01", "version": version(name)},
        )
    for code, on in (("G1B2", "2024-06-30"), ("D3", "2025-03-01")):
        current = api.get(f"/orgs/{org[code]}")["version"]
        api.send(f"/orgs/{org[code]}/close", {"on": on, "version": current})
    api.send(
        f"/members/{m['丙一']}/public-posts",
        {
            "kind": "cppcc",
            "level": "city",
            "body": "大连市政协",
            "start_on": "2022-01-01",
        },
    )

    # Participation.
    def item(kind, data):
        return api.send(
            f"/participation/{kind}", {"text": "内容", "submit": True, **data}
        )["id"]

    def step(kind, pk, action, on, values=None):
        api.send(
            f"/participation/{kind}/{pk}/transitions",
            {"action": action, "occurred_on": on, "values": values or {}},
        )

    item("suggestions", {"title": "建议一", "author": m["甲一"], "date": "2024-02-01"})
    s2 = item(
        "suggestions", {"title": "建议二", "author": m["甲二"], "date": "2024-11-20"}
    )
    step("suggestions", s2, "accept", "2025-01-10")  # after the year
    item(
        "suggestions",
        {"title": "去年的建议", "author": m["甲三"], "date": "2023-12-15"},
    )
    item(
        "suggestions",
        {"title": "草稿", "author": m["甲四"], "date": "2024-05-01", "submit": False},
    )
    item(
        "suggestions",
        {"title": "离会前的建议", "author": m["甲五"], "date": "2024-03-01"},
    )
    session = api.send(
        "/participation/sessions",
        {
            "name": "市政协十四届三次会议",
            "body": "大连市政协",
            "level": "city",
            "year": 2024,
            "held_on": "2024-01-10",
        },
    )["id"]
    p1 = item(
        "proposals",
        {
            "title": "委员提案",
            "proposal_kind": "member",
            "session": session,
            "member": m["丙一"],
            "date": "2024-01-05",
        },
    )
    step("proposals", p1, "file", "2024-01-20")
    step(
        "proposals",
        p1,
        "reply",
        "2025-03-01",
        {"reply_on": "2025-03-01", "reply_text": "已办理"},
    )
    p2 = item(
        "proposals",
        {
            "title": "集体提案",
            "proposal_kind": "group",
            "session": session,
            "organization": org["D1"],
            "date": "2024-01-06",
        },
    )
    step("proposals", p2, "file", "2024-01-21")
    step(
        "proposals",
        p2,
        "reply",
        "2024-06-01",
        {"reply_on": "2024-06-01", "reply_text": "已办理"},
    )
    p3 = item(
        "proposals",
        {
            "title": "已撤销支部的提案",
            "proposal_kind": "group",
            "session": session,
            "organization": org["G1B2"],
            "date": "2024-01-07",
        },
    )
    step(
        "proposals", p3, "reject", "2024-02-01", {"not_filed_reason": "不属于提案范围"}
    )
    o1 = item(
        "opinions",
        {"title": "信息一", "authors": [m["甲六"], m["甲七"]], "date": "2024-03-01"},
    )
    o2 = item(
        "opinions", {"title": "信息二", "authors": [m["乙一"]], "date": "2024-05-01"}
    )
    item("opinions", {"title": "信息三", "authors": [m["丙二"]], "date": "2024-08-01"})
    for pk, day in ((o1, "2024-03-0"), (o2, "2024-05-0")):
        step("opinions", pk, "sign_off", day + "2")
        step("opinions", pk, "report", day + "3", {"targets": ["市委统战部"]})
    step("opinions", o1, "adopt", "2025-01-15", {"level": "city", "body": "市委统战部"})
    step(
        "opinions",
        o2,
        "adopt",
        "2024-06-10",
        {"level": "provincial", "body": "民进省委"},
    )

    # The work plan: every completion recorded now, with its real day.
    office = api.send(
        f"/orgs/{org['C']}/departments", {"kind": "office", "name": "办公室"}
    )["id"]
    campaign = api.send(
        "/campaigns",
        {
            "organization": org["C"],
            "title": "凝心铸魂主题活动",
            "start_on": "2024-01-01",
            "end_on": "2024-12-31",
        },
    )["id"]
    for title, due, changes in (
        ("T1", "2024-03-31", [("done", "2024-03-20")]),
        ("T2", "2024-06-30", [("done", "2024-06-15")]),
        ("T3", "2024-09-30", [("done", "2025-01-10")]),
        ("T4", "2024-10-31", []),
        ("T5", "2024-05-31", [("cancelled", "2025-02-01")]),
        ("T6", "2024-12-31", []),
        ("T7", "2024-04-30", [("done", "2024-04-20"), ("doing", "2025-03-01")]),
    ):
        task = api.send(
            f"/campaigns/{campaign}/tasks",
            {"title": title, "department": office, "due_on": due},
        )["id"]
        for to, on in changes:
            api.send(
                f"/campaigns/tasks/{task}/transition", {"to": to, "occurred_on": on}
            )

    # Events and who attended.
    for code, kind, day, names in (
        ("G1B1", "lecture", "2024-04-10", ["甲一", "甲二", "甲三"]),
        ("G1B2", "seminar", "2024-05-20", ["乙一", "乙二"]),
        ("D1", "lecture", "2023-12-20", ["丙一"]),
        ("D1", "lecture", "2025-01-05", ["丙一"]),
    ):
        event = api.send(
            "/activities/events",
            {
                "organization": org[code],
                "title": f"{day}学习会",
                "kind": kind,
                "start_at": f"{day}T14:00:00+08:00",
                "end_at": f"{day}T16:00:00+08:00",
            },
        )["id"]
        api.send(
            f"/activities/events/{event}/attendance/bulk",
            {"members": [m[n] for n in names]},
        )


# --- what the 2024 report must say, worked out by hand from the facts above ---

#: Organizations existing on 2024-12-31: 教育基层委员会, 教育一支部, 市直一/二/三支部
#: (教育二支部 closed 2024-06-30; 市直三支部 only on 2025-03-01); 市直二支部 was
#: founded in the year and 教育二支部 closed in it.
ORGANIZATIONS = {
    "open": 5,
    "by_kind": {"grassroots": 1, "branch": 1, "direct_branch": 3},
    "opened": 1,
    "closed": 1,
}
#: On 2023-12-31: the 22 imported, less the five who joined in 2024 or later
#: (甲八, 丙七, 丁一, 丁二; 丙八 in 2025) and 丙四, who left in 2023 = 16.
#: Admitted in 2024: 甲八, 丙七, 丁一, 丁二; withdrew 甲五, died 丙二: 16 + 4 - 2.
#: The moves from 教育二支部 are inside the committee: no transfer in or out.
MEMBERS = {
    "start": 16,
    "end": 18,
    "net_change": 2,
    "admitted": 4,
    "transferred_in": 0,
    "transferred_out": 0,
    "withdrawn": 1,
    "deceased": 1,
    "expelled": 0,
}
#: The 18 members of 2024-12-31 (丙三 left only in 2025), ages on that day.
STRUCTURE = {
    "total": 18,
    # 甲二 甲三 甲六 甲七 乙一 乙三 丙三 丙五 丙七 丁一
    "women": 10,
    "ethnic_minorities": 0,
    "age_bands": {
        "-35": 4,  # 甲四 34, 甲八 29, 乙四 32, 丙七 31
        "36-45": 6,  # 甲三 44, 甲六 39, 甲七 36, 乙三 42, 丙五 41, 丁一 38
        "46-55": 3,  # 甲二 54, 乙二 52, 丁二 48
        "56-65": 4,  # 甲一 64, 乙一 59, 丙一 62, 丙三 56
        "66-": 1,  # 丙六 66
        "unknown": 0,
    },
    # The roster gave no 学历, 职称 or 界别.
    "education": {
        "postgraduate": 0,
        "undergraduate": 0,
        "college": 0,
        "secondary": 0,
        "other": 18,
    },
    "titles": {"senior": 0, "intermediate": 0},
    "public_posts": {
        "npc": {"total": 0, "national": 0, "provincial": 0, "city": 0, "district": 0},
        # 丙一, 大连市政协 since 2022
        "cppcc": {"total": 1, "national": 0, "provincial": 0, "city": 1, "district": 0},
    },
    "sectors": {"none": 18},
}
#: Seven tasks due in 2024: done in the year T1, T2 and T7 (reopened only in
#: 2025); T3 done in 2025, T5 cancelled in 2025 and T4 never done are overdue
#: on 12-31; T6, due on 12-31 itself, is open but not overdue. 3 / 7 = 42.9 %.
TASKS = {
    "total": 7,
    "done": 3,
    "open": 4,
    "overdue": 3,
    "cancelled": 0,
    "completion_rate": 42.9,
}
BY_MONTH = [
    {"month": "2024-03", "total": 1, "done": 1},  # T1
    {"month": "2024-04", "total": 1, "done": 1},  # T7
    {"month": "2024-05", "total": 1, "done": 0},  # T5
    {"month": "2024-06", "total": 1, "done": 1},  # T2
    {"month": "2024-09", "total": 1, "done": 0},  # T3
    {"month": "2024-10", "total": 1, "done": 0},  # T4
    {"month": "2024-12", "total": 1, "done": 0},  # T6
]
#: Items dated 2024 (the 2023 suggestion and the draft left out), each in the
#: state it had on 12-31: 建议二 accepted only in 2025; the member proposal
#: replied only in 2025 is 已立案; 信息一 adopted only in 2025 is 已报送.
#: Items by members who left in the year (甲五, 丙二) and by 教育二支部 before
#: its closure count.
PARTICIPATION = {
    "suggestions": {"total": 3, "states": {"submitted": 3}},
    "proposals": {
        "total": 3,
        "states": {"filed": 1, "not_filed": 1, "replied": 1},
        "kinds": {"group": 2, "member": 1},
        "filed": 2,
    },
    "opinions": {
        "total": 3,
        "states": {"adopted": 1, "reported": 1, "submitted": 1},
        "adopted": 1,
    },
    "research": {"total": 0, "states": {}, "approved": 0, "by_body": {}},
    # 信息二's provincial adoption of 2024-06-10 (信息一's is 2025's).
    "adoptions": {"total": 1, "by_level": {"provincial": 1}},
    "awards": 0,
    # Of the 18 members of 12-31: 甲一, 甲二, 丙一, 甲六, 甲七, 乙一 (甲五 and
    # 丙二 are no longer members; 甲三's item is of 2023). 6 / 18 = 33.3 %.
    "coverage": {"members": 18, "contributors": 6, "rate": 33.3},
}
#: Two events in 2024 (the 2023 and 2025 ones left out): a lecture of 教育一支部
#: (甲一 甲二 甲三) and a seminar of 教育二支部 before its closure (乙一 乙二).
EVENTS = {
    "held": 2,
    "by_kind": {"lecture": 1, "seminar": 1},
    "participants": 5,
    "members_attending": 5,
}


def test_the_2024_report_of_a_committee_built_through_the_public_interfaces(
    tmp_path,
):
    api, ids = _build(tmp_path)
    _history(api, ids)
    report = api.get("/reports/annual", year=2024, format="json")
    assert report["period"]["as_of"] == "2024-12-31"
    overview = report["overview"]
    assert overview["organizations"] == ORGANIZATIONS
    assert overview["members"] == MEMBERS
    assert overview["structure"] == STRUCTURE

    campaigns = report["campaigns"]
    assert campaigns["campaign_count"] == 1
    (campaign,) = campaigns["campaigns"]
    assert campaign["title"] == "凝心铸魂主题活动"
    assert campaign["tasks"] == TASKS
    assert campaign["group"]["size"] == 0 and campaign["goals"] == []
    tasks = dict(campaigns["tasks"])
    assert tasks.pop("by_department") == [
        {"department": "办公室", "total": 7, "done": 3}
    ]
    assert tasks.pop("by_month") == BY_MONTH
    assert tasks == TASKS
    inspections = campaigns["inspections"]
    # No visits; the base organizations are the five existing on 12-31.
    assert inspections["base_organizations"] == ORGANIZATIONS["open"]
    assert inspections["not_visited"] == [
        "教育基层委员会",
        "教育一支部",
        "市直一支部",
        "市直二支部",
        "市直三支部",
    ]
    assert (inspections["visits"], inspections["coverage_rate"]) == (0, 0.0)
    assert inspections["followups"] == {"total": 0, "done": 0, "open": 0}

    assert report["participation"] == PARTICIPATION

    service = report["service"]
    assert service["events"] == EVENTS
    assert service["programs"] == []
    assert service["social_service"]["activities"] == 0
    culture = report["culture"]
    assert (culture["events"], culture["attendance"], culture["participants"]) == (
        2,
        5,
        5,
    )
    assert [(k["kind"], k["events"], k["attendance"]) for k in culture["by_kind"]] == [
        ("lecture", 1, 3),
        ("seminar", 1, 2),
    ]
    assert [(h["date"], h["attendance"]) for h in culture["highlights"]] == [
        ("2024-04-10", 3),
        ("2024-05-20", 2),
    ]
    assert culture["series"] == []

    # Sections with nothing recorded say nothing, and no figure is left over.
    team = report["team"]
    assert team["talent"]["total"] == team["talent"]["new_in_period"] == 0
    assert team["reserve"]["entries"] == team["classes"]["count"] == 0
    assert team["certificates"] == {"issued": 0, "at_classes": 0, "voided": 0}
    regulations = report["regulations"]
    assert regulations["adopted_count"] == regulations["revised_count"] == 0
    assert regulations["in_force"] == 0
    assert regulations["liaison"]["base_organizations"] == ORGANIZATIONS["open"]
    assert regulations["liaison"]["coverage_rate"] == 0.0
    assert report["honors"]["honors"] == 0
    assert report["publicity"]["articles"]["total"] == 0

    # The statistics API gives the report's sections, figure for figure.
    stats = api.get("/stats/figures", year=2024)
    for name, section in stats["sections"].items():
        assert section == report[name], name
    # The participation statistics and the coverage page's API agree.
    part = api.get("/participation/stats", start="2024-01-01", end="2024-12-31")
    assert part["kinds"] == {
        "suggestions": 3,
        "proposals": 3,
        "opinions": 3,
        "research": 0,
    }
    assert part["proposals_filed"] == PARTICIPATION["proposals"]["filed"]
    assert part["totals"]["adoptions"] == PARTICIPATION["adoptions"]["total"]
    coverage = api.get("/participation/coverage", year=2024)
    assert coverage["as_of"] == "2024-12-31"
    assert coverage["rate"] == PARTICIPATION["coverage"]["rate"]
    assert sorted(p["name"] for p in coverage["members_done"]) == sorted(
        ["甲一", "甲二", "丙一", "甲六", "甲七", "乙一"]
    )
    assert len(coverage["members_not_yet"]) == 18 - 6

    # The first half-year: as of 06-30, 教育二支部 still exists (closing day is
    # 06-30 itself: closed on it), 丙二 is still a member.
    half = api.get("/stats/figures", start="2024-01-01", end="2024-06-30")
    first = half["sections"]
    assert first["overview"]["members"]["end"] == 16 + 3 - 1  # 甲八 丁一 丁二 - 甲五
    assert first["overview"]["members"]["admitted"] == 3
    assert first["overview"]["organizations"]["open"] == 5  # G1B2 closed on 06-30
    # Tasks due by 06-30: T1, T2, T5, T7 -- T5 open and overdue on 06-30.
    assert {k: first["campaigns"]["tasks"][k] for k in TASKS} == {
        "total": 4,
        "done": 3,
        "open": 1,
        "overdue": 1,
        "cancelled": 0,
        "completion_rate": 75.0,
    }
    # 信息二 adopted 06-10; 信息一 reported; 信息三 (08-01) is not of the half.
    assert first["participation"]["opinions"]["states"] == {
        "adopted": 1,
        "reported": 1,
    }
    # P2 replied 06-01, P1 filed, P3 not filed.
    assert first["participation"]["proposals"]["states"] == {
        "filed": 1,
        "not_filed": 1,
        "replied": 1,
    }

    # Past years' ledgers (台账导入) through the command line, each row checked
    # as of its own date; the report then counts them by those dates.
    _ledger_history(tmp_path)
    report = api.get("/reports/annual", year=2024, format="json")
    # One honor of 2024 (the 2023 one is of another year): 甲一 and 丙二 (who
    # died on 2024-10-10, after the award) and 教育一支部.
    assert report["honors"] == {
        "honors": 1,
        "by_level": {"city": 1},
        "by_category": {"overall": 1},
        "recipients": {"members": 2, "organizations": 1},
    }
    talent = report["team"]["talent"]
    # In the pool on 12-31: 甲一 (since 2023) and 乙一 (since 2024-05-01, the one
    # new entry); 丙二's period ended when he died.
    assert (talent["total"], talent["new_in_period"]) == (2, 1)
    stats = api.get("/stats/figures", year=2024)
    assert stats["sections"]["honors"] == report["honors"]
    assert stats["sections"]["team"]["talent"] == talent


def _ledger(tmp_path, name: str, rows: list[dict]):
    """A ledger as a secretary fills the template the command writes."""
    template = tmp_path / f"{name}-模板.xlsx"
    _cli("ledger_template", name, str(template))
    book = openpyxl.load_workbook(template)
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    sheet.delete_rows(2)
    for row in rows:
        assert set(row) <= set(headers), set(row) - set(headers)
        sheet.append([row.get(h) for h in headers])
    path = tmp_path / f"{name}.xlsx"
    book.save(path)
    return path


def _import_ledger(path, kind: str) -> dict:
    out = io.StringIO()
    with pytest.raises(CommandError) as partial:
        # Mode all: a refused row keeps the whole ledger out (exit status 1).
        call_command(
            "import_ledger",
            kind,
            str(path),
            "--commit",
            "--user",
            "ops",
            "--json",
            stdout=out,
        )
    assert partial.value.returncode == 1
    assert json.loads(out.getvalue())["committed"] is False
    return json.loads(
        _cli(
            "import_ledger",
            kind,
            str(path),
            "--commit",
            "--mode",
            "valid",
            "--user",
            "ops",
            "--json",
        )
    )


def _ledger_history(tmp_path) -> None:
    honor = {"类别": "综合", "级别": "市级", "授予单位": "中共同心市委统战部"}
    honors = _import_ledger(
        _ledger(
            tmp_path,
            "honors",
            [
                {
                    **honor,
                    "荣誉名称": "统战工作先进个人",
                    "授予日期": "2024-06-20",
                    "登记组织": "C",
                    "获奖会员": "甲一、丙二",
                    "获奖组织": "教育一支部",
                },
                {
                    **honor,
                    "荣誉名称": "统战工作先进集体",
                    "授予日期": "2023-12-20",
                    "登记组织": "C",
                    "获奖会员": "丙一",
                },
                # 丙二 died on 2024-10-10: not a member on 11-01.
                {
                    **honor,
                    "荣誉名称": "优秀会员",
                    "授予日期": "2024-11-01",
                    "登记组织": "C",
                    "获奖会员": "丙二",
                },
            ],
        ),
        "honors",
    )
    assert (honors["rows"], honors["valid"], honors["created"]) == (3, 2, 2)
    assert [(e["row"], e["column"]) for e in honors["errors"]] == [(4, "获奖会员")]
    talent = _import_ledger(
        _ledger(
            tmp_path,
            "talent",
            [
                {"会员": "甲一", "层级": "骨干", "入库日期": "2023-03-01"},
                {"会员": "乙一", "层级": "后备", "入库日期": "2024-05-01"},
                {
                    "会员": "丙二",
                    "层级": "重点",
                    "入库日期": "2022-01-01",
                    "出库日期": "2024-10-10",
                },
                # 甲五 left on 2024-04-15.
                {"会员": "甲五", "层级": "骨干", "入库日期": "2024-05-01"},
            ],
        ),
        "talent",
    )
    assert (talent["rows"], talent["valid"], talent["created"]) == (4, 3, 3)
    assert [(e["row"], e["column"]) for e in talent["errors"]] == [(5, "会员")]
