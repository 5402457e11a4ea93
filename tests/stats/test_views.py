"""The dashboard, drill-down pages, the structure table and its .xlsx export,
and the statistics API, over the known committee (tests/stats/conftest.py)."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from openpyxl import load_workbook

from tests.activities.conftest import login_user


@pytest.fixture
def users(committee):
    root = committee.root
    return {
        "staff": committee.people.staff,  # organization department, whole committee
        "leader": committee.people.leader,
        "head": committee.people.head,  # head of branch edu1
        "edu": login_user("edu_stats", root=root, role="staff_org", node=committee.edu),
        "member": committee.people.member,
        "outsider": committee.people.outsider,
    }


def client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _numbers(html: str, section: str) -> dict[str, str]:
    """The figures a page links, by ``section.key``, as shown."""
    return {
        m.group(1): m.group(2).strip()
        for m in re.finditer(
            rf'data-key="({section}\.[^"]+)"[^>]*>(?:<span class="tx-stats-value">)?([^<]+)<',
            html,
        )
    }


def test_the_dashboard_shows_every_figure_of_the_year(users):
    r = client(users["staff"]).get("/stats/", {"year": "2025", "org": "C"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "民进测试市委员会" in html and "2025年" in html
    overview = _numbers(html, "overview")
    assert overview["overview.members.end"] == "5"
    assert overview["overview.members.net_change"] == "-1"
    assert overview["overview.organizations.open"] == "5"
    assert overview["overview.structure.age_bands.46-55"] == "2"
    assert overview["overview.structure.public_posts.cppcc.city"] == "1"
    part = _numbers(html, "participation")
    assert part["participation.proposals.total"] == "2"
    assert part["participation.adoptions.by_level.provincial"] == "1"
    assert part["participation.coverage.rate"] == "80"
    service = _numbers(html, "service")
    assert service["service.events.participants"] == "5"
    assert service["service.social_service.volunteer_hours"] == "6.5"
    assert service["service.social_service.donations.total"] == "6200.5"
    honors = _numbers(html, "honors")
    assert honors["honors.honors"] == "2"
    assert honors["honors.by_category.social_service"] == "1"
    # Charts are served from the project, drawn from embedded figures.
    assert "/static/vendor/chartjs/chart.umd.js" in html
    assert 'id="tx-stats-charts"' in html
    assert "cdn" not in html.lower()


def test_every_figure_on_the_dashboard_links_a_list_as_long(users):
    c = client(users["staff"])
    html = c.get("/stats/", {"year": "2025", "org": "C"}).content.decode()
    links = re.findall(
        r'<a href="(/stats/drill/[^"]+)" data-key="([^"]+)">([^<]+)</a>', html
    )
    assert len(links) > 60
    for url, key, shown in links:
        if key.endswith(("rate", "net_change", "hours", "beneficiaries", "times")):
            continue
        if ".donations." in key or "beneficiaries_by_kind" in key:
            continue
        page = c.get(url.replace("&amp;", "&"))
        assert page.status_code == 200, key
        body = page.content.decode()
        assert f"共 {shown} 条记录" in body, (key, shown)


def test_a_drill_list_names_the_records_and_links_them(users, committee):
    r = client(users["staff"]).get(
        "/stats/drill/overview/members.admitted/", {"year": "2025", "org": "C"}
    )
    html = r.content.decode()
    assert "王芳" in html and f'href="/members/{committee.wang.pk}/"' in html
    r = client(users["staff"]).get(
        "/stats/drill/participation/research.by_body.民进省委.approved/",
        {"year": "2025"},
    )
    assert "乡村教师队伍建设" in r.content.decode()


@pytest.mark.parametrize(
    "params,status,message",
    [
        ({"year": "2999"}, 400, "尚未到来"),
        ({"start": "2025-05-01", "end": "2025-01-01"}, 400, "早于开始日期"),
        ({"year": "2025", "since": "2025-01-01"}, 400, "只选择一种"),
        ({"org": "NOPE"}, 404, "不存在"),
    ],
)
def test_bad_choices_are_refused_in_chinese(users, params, status, message):
    r = client(users["staff"]).get("/stats/", params)
    assert r.status_code == status
    assert message in r.content.decode()


def test_an_organization_outside_the_users_reach_is_refused(users):
    r = client(users["edu"]).get("/stats/", {"org": "D1", "year": "2025"})
    assert r.status_code == 404
    assert "不在您可查看的范围内" in r.content.decode()
    # Their own subtree is the default, and only it is offered.
    r = client(users["edu"]).get("/stats/", {"year": "2025"})
    html = r.content.decode()
    assert r.status_code == 200 and "教育基层委员会" in html
    assert 'value="D1"' not in html
    assert _numbers(html, "overview")["overview.members.end"] == "4"


def test_members_and_outsiders_see_no_statistics(users):
    for name in ("member", "outsider"):
        assert client(users[name]).get("/stats/").status_code == 403
        assert client(users[name]).get("/stats/structure/").status_code == 403
    assert Client().get("/stats/").status_code == 302


def test_an_unknown_figure_is_404(users):
    r = client(users["staff"]).get("/stats/drill/overview/members.nope/")
    assert r.status_code == 404
    r = client(users["staff"]).get("/stats/drill/nosection/x/")
    assert r.status_code == 404


def test_the_structure_table_by_organization(users):
    r = client(users["staff"]).get("/stats/structure/", {"year": "2025", "org": "C"})
    html = r.content.decode()
    assert r.status_code == 200
    rows = {
        m.group(1): re.findall(r"<td class=\"tx-num\">(?:<a [^>]+>)?(\d+)", m.group(2))
        for m in re.finditer(r'<th scope="row">([^<]+)</th>(.*?)</tr>', html)
    }
    # Columns: total, women, minorities, 5 age bands, unknown age, 5 education
    # levels, senior, intermediate, 人大代表, 政协委员.
    assert rows["教育基层委员会"] == [
        "4", "2", "1", "1", "1", "1", "1", "0", "0",
        "1", "1", "1", "0", "1", "1", "1", "1", "1",
    ]  # fmt: skip
    assert rows["市直属第一支部"][:3] == ["1", "0", "0"]
    assert "市直属第二支部" not in rows  # closed in October, before the end
    assert rows["合计"] == [
        "5", "2", "1", "1", "1", "2", "1", "0", "0",
        "1", "1", "1", "0", "2", "1", "1", "1", "1",
    ]  # fmt: skip
    assert "年龄" in html and "学历" in html and "人大代表" in html


def test_structure_cells_drill_down_to_their_members(users):
    c = client(users["staff"])
    html = c.get("/stats/structure/", {"year": "2025", "org": "G1"}).content.decode()
    assert "教育一支部" in html and "教育二支部" in html and "教育三支部" in html
    women = re.search(
        r'<th scope="row">教育二支部</th><td class="tx-num"><a href="[^"]+">2</a></td>'
        r'<td class="tx-num"><a href="([^"]+)">1</a>',
        html,
    )
    page = c.get(women.group(1).replace("&amp;", "&")).content.decode()
    assert "李晓梅" in page and "共 1 条记录" in page


def test_the_structure_table_exports_to_xlsx(users):
    r = client(users["staff"]).get(
        "/stats/structure/export/", {"year": "2025", "org": "C"}
    )
    assert r.status_code == 200
    assert "spreadsheetml" in r["Content-Type"]
    assert "filename*=utf-8''" in r["Content-Disposition"]
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws["A1"].value == "会员结构统计表"
    assert "2025-12-31" in ws["A2"].value
    assert ws["A3"].value == "组织" and ws["B3"].value == "会员总数"
    assert ws["E3"].value == "年龄" and ws["E4"].value == "35岁及以下"
    assert ws["A1"].font.name == "宋体"
    labels = [ws.cell(row=r, column=1).value for r in range(5, ws.max_row + 1)]
    assert labels[-1] == "合计"
    total = [ws.cell(row=ws.max_row, column=c).value for c in range(2, 5)]
    assert total == [5, 2, 1]
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$3:$4"


# --- API ----------------------------------------------------------------------------


def test_api_figures_of_one_section_and_all(users):
    c = client(users["staff"])
    r = c.get(
        "/api/v1/stats/figures", {"year": "2025", "org": "C", "section": "honors"}
    )
    assert r.status_code == 200
    body = r.json()
    assert list(body["sections"]) == ["honors"]
    assert body["sections"]["honors"]["honors"] == 2
    assert body["period"]["as_of"] == "2025-12-31"
    assert body["scope"] == {"title": "民进测试市委员会", "org": "C"}
    r = c.get("/api/v1/stats/figures", {"year": "2025"})
    sections = r.json()["sections"]
    assert sections["overview"]["members"]["net_change"] == -1
    assert sections["service"]["social_service"]["donations"]["money"] == 5000.0


def test_api_drill_matches_the_figure(users):
    c = client(users["staff"])
    r = c.get(
        "/api/v1/stats/drill",
        {"section": "overview", "key": "members.withdrawn", "year": "2025"},
    )
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == 1 and body["rows"][0][0] == "孙丽"
    r = c.get("/api/v1/stats/drill", {"section": "overview", "key": "nope"})
    assert r.status_code == 404 and "没有这项统计数字" in r.json()["detail"]


def test_api_structure(users):
    r = client(users["staff"]).get("/api/v1/stats/structure", {"year": "2025"})
    body = r.json()
    assert body["columns"][0] == {"key": "total", "label": "会员总数"}
    total = body["rows"][-1]
    assert total["total_row"] and total["values"]["total"] == 5
    assert total["values"]["public_posts.npc.total"] == 1


@pytest.mark.parametrize(
    "user,params,status,message",
    [
        ("staff", {"year": "2999"}, 400, "尚未到来"),
        ("staff", {"start": "2025-02-01", "end": "2025-01-01"}, 400, "早于"),
        ("staff", {"year": "abc"}, 400, "无法识别的年份"),
        ("staff", {"org": "NOPE"}, 404, "不存在"),
        ("edu", {"org": "D1"}, 404, "不在您可查看的范围内"),
        ("member", {}, 403, "没有权限"),
    ],
)
def test_api_refusals(users, user, params, status, message):
    c = client(users[user])
    for path in ("/api/v1/stats/figures", "/api/v1/stats/structure"):
        r = c.get(path, params)
        assert r.status_code == status, path
        assert message in r.json()["detail"]
