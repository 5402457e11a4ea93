"""Every statistics drill-down obeys the policy of the records it lists.

A figure is a number any statistics reader of the scope sees; the list
behind it shows records, which the app keeping them may not show that
reader (the talent pool to 参政议政部, a confidential opinion report to
someone without clearance). Every figure key of every section is opened as
every role (``tests/security/matrix_stats.py``: ``DRILL_READERS``), and the
leaks found on the demo committee are checked through the web and the API.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

import tests.security.matrix  # noqa: F401  (loads the matrix modules in order)
from tests.activities.conftest import login_user
from tests.security.matrix_stats import STATS_ROLES, drill_readers
from tests.stats.conftest import committee  # noqa: F401  (the fixture)
from tongxin.core.periods import Period
from tongxin.participation import services as part
from tongxin.stats import figures as registry
from tongxin.stats.drilling import UnknownFigure, flatten
from tongxin.stats.scope import Scope
from tongxin.talent import services as talent

YEAR = dt.date(2025, 1, 1)


@pytest.fixture
def world(committee):  # noqa: F811
    root = committee.root
    org = committee
    talent.placement_add(
        by=root, member=committee.zhang, tier="leading", start_on=dt.date(2024, 1, 1)
    )
    talent.reserve_add(
        by=root,
        member=committee.wang,
        organization=org.city,
        post="副主委",
        readiness="now",
        start_on=dt.date(2025, 2, 1),
    )
    secret = part.opinion_create(
        by=root,
        authors=[committee.zhou],
        title="涉密的社情民意",
        date=dt.date(2025, 3, 1),
        confidential=True,
        submit=True,
    )
    part.item_transition(
        by=root, item=secret, action="sign_off", occurred_on=dt.date(2025, 3, 10)
    )
    part.item_transition(
        by=root,
        item=secret,
        action="report",
        values={"targets": ["民进省委"]},
        occurred_on=dt.date(2025, 3, 20),
    )
    part.adoption_add(
        by=root,
        report=secret,
        level="national",
        body="全国政协办公厅",
        adopted_on=dt.date(2025, 6, 1),
    )
    users = {
        name: login_user(
            f"drill_{name}",
            root=root,
            role=role,
            node=org.edu1 if name == "head" else org.city,
        )
        for name, role in STATS_ROLES.items()
    }
    committee.users = users
    committee.secret = secret
    return committee


def _period() -> Period:
    return Period.for_year(2025)


def test_every_drill_key_opens_exactly_for_the_readers_of_its_records(world):
    period = _period()
    everything = Scope(("",))
    opened = refused = 0
    for name in registry.SECTIONS:
        if not registry._available(name):
            continue
        figures = registry.compute_section(name, everything, period)
        for key, _value in flatten(figures):
            try:
                full = registry.drill(name, everything, period, key)
            except UnknownFigure:
                continue  # a label or a date, not a count: no list behind it
            readers = drill_readers(name, key)
            for role, user in world.users.items():
                scope = Scope((world.edu1.path,)) if role == "head" else everything
                try:
                    result = registry.drill(name, scope, period, key, user=user)
                except PermissionDenied:
                    assert role not in readers, (name, key, role)
                    refused += 1
                    continue
                assert role in readers, (name, key, role)
                assert result.total <= full.total, (name, key, role)
                opened += 1
    assert opened > 400 and refused > 40


@pytest.mark.parametrize("key", ["talent.total", "talent.tiers.0", "reserve.entries"])
def test_the_talent_pool_does_not_leak_through_statistics(world, key):
    params = {"section": "team", "key": key, "year": "2025"}
    for role in ("part_dept", "head", "office"):
        c = Client()
        c.force_login(world.users[role])
        r = c.get("/api/v1/stats/drill", params)
        assert r.status_code == 403, (role, r.content)
        assert "张传吉" not in r.content.decode() and "王芳" not in r.content.decode()
        r = c.get(f"/stats/drill/team/{key}/", {"year": "2025"})
        assert r.status_code == 403
        # The figure itself is shown, without a link to the list.
        page = c.get("/stats/", {"year": "2025"}).content.decode()
        assert f'href="/stats/drill/team/{key}/' not in page
    c = Client()
    c.force_login(world.users["leader"])
    body = c.get("/api/v1/stats/drill", params).json()
    assert body["total"] == 1
    assert body["rows"][0][0] in ("张传吉", "王芳")
    page = c.get(f"/stats/drill/team/{key}/", {"year": "2025"}).content.decode()
    assert body["rows"][0][0] in page


@pytest.mark.parametrize(
    "key", ["adoptions.total", "adoptions.by_level.national", "opinions.total"]
)
def test_confidential_items_stay_out_of_drills_without_clearance(world, key):
    user = world.users["part_dept"]
    c = Client()
    c.force_login(user)
    params = {"section": "participation", "key": key, "year": "2025"}
    body = c.get("/api/v1/stats/drill", params).json()
    text = str(body)
    assert "全国政协办公厅" not in text and "2025-06-01" not in text
    assert "2025-03-01" not in text and "周新" not in text
    assert "涉密" not in text
    page = c.get(f"/stats/drill/participation/{key}/", {"year": "2025"})
    assert "全国政协办公厅" not in page.content.decode()
    part.clearance_grant(by=world.root, user=user, start_on=dt.date(2025, 1, 1))
    c = Client()
    c.force_login(user)
    body = c.get("/api/v1/stats/drill", params).json()
    assert any(
        "全国政协办公厅" in row or "2025-03-01" in row for row in body["rows"]
    ), body


# --- paging and export -------------------------------------------------------------


def _xlsx_rows(response) -> list[list]:
    import io

    from openpyxl import load_workbook

    data = b"".join(response.streaming_content)
    wb = load_workbook(io.BytesIO(data), read_only=True)
    return [
        [list(ws.iter_rows(values_only=True)) for ws in wb.worksheets][i]
        for i in range(len(wb.worksheets))
    ]


def test_a_drill_list_pages_and_exports_every_row_with_its_total(world, monkeypatch):
    from tongxin.stats import views

    monkeypatch.setattr(views, "DRILL_PAGE", 2)
    c = Client()
    c.force_login(world.users["leader"])
    params = {"year": "2025"}
    url = "/stats/drill/overview/members.end/"
    api = c.get(
        "/api/v1/stats/drill", {**params, "section": "overview", "key": "members.end"}
    ).json()
    total = api["total"]
    assert total >= 5 and len(api["rows"]) == total
    shown = []
    page = 1
    while True:
        html = c.get(url, {**params, "page": page}).content.decode()
        assert f"共 {total} 条记录" in html
        names = [row[0] for row in api["rows"][(page - 1) * 2 : page * 2]]
        for name in names:
            assert name in html
        shown += names
        if 'rel="next"' not in html:
            break
        page += 1
    assert page == -(-total // 2) and shown == [row[0] for row in api["rows"]]
    # The API pages the same list.
    second = c.get(
        "/api/v1/stats/drill",
        {
            **params,
            "section": "overview",
            "key": "members.end",
            "offset": 2,
            "limit": 2,
        },
    ).json()
    assert second["rows"] == api["rows"][2:4] and second["total"] == total
    # The export holds every row, numbered, and a total line.
    r = c.get(url, {**params, "format": "xlsx"})
    assert r.status_code == 200 and r["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    (sheet,) = _xlsx_rows(r)
    header = sheet.index(tuple(["序号", *api["columns"]]))
    body = sheet[header + 1 : -1]
    assert len(body) == total
    assert [list(row[1:]) for row in body] == [
        [cell if cell != "" else None for cell in row] for row in api["rows"]
    ]
    assert [row[0] for row in body] == list(range(1, total + 1))
    assert sheet[-1][:2] == ("合计", f"共 {total} 条记录")
    from tongxin.audit.models import AuditEvent

    event = AuditEvent.objects.get(object_type="stats.drill")
    assert event.action == "export" and event.detail["rows"] == total


def test_a_refused_drill_is_not_exported(world):
    c = Client()
    c.force_login(world.users["part_dept"])
    r = c.get("/stats/drill/team/talent.total/", {"year": "2025", "format": "xlsx"})
    assert r.status_code == 403


def test_participation_statistics_have_totals_and_export(world):
    c = Client()
    user = world.users["part_dept"]
    c.force_login(user)
    params = {"start": "2025-01-01", "end": "2025-12-31"}
    data = c.get("/api/v1/participation/stats", params).json()
    # Without clearance the confidential report counts only as a number.
    assert data["confidential"]["opinions"] == 1
    assert data["confidential"]["adoptions"] == 1
    assert "全国政协办公厅" not in str(data)
    assert data["totals"]["adoptions"] == sum(
        r["count"] for r in data["adoptions_by_body"]
    )
    html = c.get("/participation/stats/", params).content.decode()
    assert "合计" in html and "全国政协办公厅" not in html and "涉密事项 1 件" in html
    r = c.get("/participation/stats/export/", params)
    assert r.status_code == 200
    kinds, adoptions, research, orgs = _xlsx_rows(r)
    assert kinds[-1][:2] == ("合计", sum(data["kinds"].values()))
    body = adoptions[adoptions.index(("级别", "单位", "采用")) + 1 : -1]
    assert [(b, n) for _lv, b, n in body] == [
        (r["body"], r["count"]) for r in data["adoptions_by_body"]
    ]
    assert adoptions[-1] == ("合计", None, data["totals"]["adoptions"])
    assert orgs[-1][1:] == tuple(
        data["totals"]["orgs"][k]
        for k in ("suggestions", "proposals", "opinions", "research")
    )
    # With clearance, the breakdowns hold it.
    part.clearance_grant(by=world.root, user=user, start_on=dt.date(2025, 1, 1))
    c = Client()
    c.force_login(user)
    data = c.get("/api/v1/participation/stats", params).json()
    assert "confidential" not in data
    assert any(r["body"] == "全国政协办公厅" for r in data["adoptions_by_body"])


def test_the_duty_record_does_not_list_confidential_items_without_clearance(world):
    c = Client()
    user = world.users["org_dept"]
    c.force_login(user)
    url = f"/api/v1/appraisal/members/{world.zhou.pk}/record"
    body = c.get(url, {"year": "2025"}).json()
    text = str(body["sections"])
    assert "全国政协办公厅" not in text and "2025-03-01" not in text
    assert "2025-06-01" not in text
    assert body["figures"]["opinions"] >= 1 and body["figures"]["adoptions"] == 1
    assert "涉密或不在您的查看范围" in text
    part.clearance_grant(by=world.root, user=user, start_on=dt.date(2025, 1, 1))
    c = Client()
    c.force_login(user)
    text = str(c.get(url, {"year": "2025"}).json()["sections"])
    assert "全国政协办公厅" in text and "涉密的社情民意" in text
