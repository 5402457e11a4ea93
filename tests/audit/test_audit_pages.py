"""The audit administrator's pages and API; everybody else is refused."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests.audit.conftest import last_event
from tongxin.audit import triggers
from tongxin.audit.models import AuditEvent
from tongxin.audit.services import audit_record

PAGES = ["audit:list", "audit:export", "audit:verify"]
API = ["/api/v1/audit/events", "/api/v1/audit/verify"]
REFUSED = [
    "member",
    "head",
    "leader",
    "staff",
    "outsider",
    "root",
    "sysadmin",
    "secadmin",
]


# Who may -------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_only_the_audit_administrator_opens_the_pages(clients, name):
    url = reverse(name)
    response = clients["auditadmin"].get(url)
    assert response.status_code == 200
    for role in REFUSED:
        refused = clients[role].get(url)
        assert refused.status_code == 403, role
        assert "审计管理员" in refused.content.decode(), role
    anonymous = clients["anonymous"].get(url)
    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("accounts:login"))


def test_only_the_audit_administrator_sees_the_audit_link(clients):
    link = f'href="{reverse("audit:list")}"'
    page = clients["auditadmin"].get(reverse("accounts:password_change"))
    assert link in page.content.decode()
    for role in REFUSED:
        response = clients[role].get(reverse("accounts:password_change"))
        assert response.status_code == 200, role
        assert link not in response.content.decode(), role


@pytest.mark.parametrize("name", PAGES)
def test_the_pages_refuse_other_methods(clients, name):
    # The verify page takes a POST (a full walk) and refuses the others.
    method = "put" if name == "audit:verify" else "post"
    response = getattr(clients["auditadmin"], method)(reverse(name))
    assert response.status_code == 405


@pytest.mark.parametrize("url", API)
def test_only_the_audit_administrator_reads_the_api(clients, url):
    response = clients["auditadmin"].get(url)
    assert response.status_code == 200
    for role in REFUSED:
        refused = clients[role].get(url)
        assert refused.status_code == 403, role
        assert refused.json()["detail"]
    assert clients["anonymous"].get(url).status_code == 401


@pytest.mark.parametrize("url", API)
def test_the_api_refuses_other_methods(clients, url):
    response = clients["auditadmin"].post(url, content_type="application/json")
    assert response.status_code == 405


def test_a_refused_look_changes_nothing(clients):
    before = AuditEvent.objects.count()
    clients["sysadmin"].get(reverse("audit:export"), {"format": "csv"})
    clients["secadmin"].get("/api/v1/audit/events")
    assert AuditEvent.objects.count() == before


# The list ------------------------------------------------------------------------


def test_the_list_shows_time_actor_address_action_object_and_changes(
    clients, org, people
):
    audit_record(
        action="update",
        obj=org.edu1,
        actor=people.staff,
        ip="192.0.2.44",
        detail={"before": {"note": "旧"}, "after": {"note": "新<b>"}},
    )
    response = clients["auditadmin"].get(reverse("audit:list"))
    body = response.content.decode()
    assert "staff" in body and "192.0.2.44" in body and "修改" in body
    assert "教育一支部" in body and "orgs.organization" in body
    assert "备注" in body and "旧" in body and "新&lt;b&gt;" in body
    assert "新<b>" not in body


def test_the_list_filters_by_actor_action_object_text_and_dates(clients, org, people):
    client = clients["auditadmin"]
    audit_record(action="export", actor=people.leader, detail={"文件": "名册甲"})
    audit_record(action="reveal", obj=people.member_record, actor=people.staff)

    def ids(**params) -> set[int]:
        response = client.get("/api/v1/audit/events", params)
        assert response.status_code == 200, response.content
        return {item["id"] for item in response.json()["items"]}

    export = last_event(action="export")
    reveal = last_event(action="reveal")
    by_leader = ids(actor="leader")
    assert export.pk in by_leader and reveal.pk not in by_leader
    assert set(
        AuditEvent.objects.filter(pk__in=by_leader).values_list("actor_name", flat=True)
    ) == {"leader"}
    assert ids(action="reveal") == {reveal.pk}
    assert ids(
        object_type="members.member", object_id=str(people.member_record.pk)
    ) >= {reveal.pk}
    assert export.pk in ids(q="名册甲")
    assert reveal.pk not in ids(q="名册甲")
    today = timezone.localdate()
    assert export.pk in ids(date_from=today.isoformat(), date_to=today.isoformat())
    assert ids(date_to=(today - dt.timedelta(days=1)).isoformat()) == set()
    page = client.get(reverse("audit:list"), {"q": "名册甲"}).content.decode()
    assert "名册甲" in page


def test_bad_filters_get_a_chinese_message_naming_the_field(clients):
    client = clients["auditadmin"]
    response = client.get(reverse("audit:list"), {"date_from": "2026/01/01"})
    assert response.status_code == 400
    assert "开始日期" in response.content.decode()
    response = client.get("/api/v1/audit/events", {"action": "hack"})
    assert response.status_code == 422
    assert "action" in response.json()["errors"]
    response = client.get("/api/v1/audit/events", {"cursor": "garbage"})
    assert response.status_code == 422
    response = client.get(
        "/api/v1/audit/events", {"date_from": "2026-02-01", "date_to": "2026-01-01"}
    )
    assert response.status_code == 422
    assert "结束日期" in response.json()["detail"]


def test_the_list_pages_newest_first_by_cursor(clients):
    client = clients["auditadmin"]
    for i in range(60):
        audit_record(action="backup", detail={"i": i})
    expected = list(
        AuditEvent.objects.filter(action="backup")
        .order_by("-id")
        .values_list("id", flat=True)
    )
    first = client.get("/api/v1/audit/events", {"action": "backup", "size": 25}).json()
    assert [e["id"] for e in first["items"]] == expected[:25]
    assert first["prev_cursor"] is None
    second = client.get(
        "/api/v1/audit/events",
        {"action": "backup", "size": 25, "cursor": first["next_cursor"]},
    ).json()
    assert [e["id"] for e in second["items"]] == expected[25:50]
    back = client.get(
        "/api/v1/audit/events",
        {"action": "backup", "size": 25, "cursor": second["prev_cursor"]},
    ).json()
    assert [e["id"] for e in back["items"]] == expected[:25]
    page = client.get(reverse("audit:list"), {"action": "backup"})
    assert page.content.decode().count('id="event-') == 50
    assert "下一页" in page.content.decode()


# Export --------------------------------------------------------------------------


def test_the_csv_export_streams_the_filtered_rows_and_is_recorded(clients, people):
    audit_record(action="reveal", actor=people.staff, object_repr="=cmd|' /C calc'!A0")
    audit_record(action="backup")
    client = clients["auditadmin"]
    response = client.get(
        reverse("audit:export"), {"format": "csv", "action": "reveal"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:5] == ["编号", "时间", "操作人", "地址", "操作"]
    assert len(rows) == 2
    assert rows[1][2] == "staff" and rows[1][4] == "查看明文"
    assert rows[1][7] == "'=cmd|' /C calc'!A0"
    event = last_event(action="export", object_type="audit.auditevent")
    assert event.detail["format"] == "csv"
    assert event.detail["filters"] == {"action": "reveal"}
    assert event.detail["rows"] == 1
    assert event.actor.username == "auditadmin"


def test_the_xlsx_export_holds_the_rows(clients, people):
    audit_record(action="reveal", actor=people.staff, object_repr="@SUM(1)")
    response = clients["auditadmin"].get(
        reverse("audit:export"), {"format": "xlsx", "action": "reveal"}
    )
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "编号" and len(rows) == 2
    assert rows[1][7] == "'@SUM(1)"
    assert last_event(action="export").detail["format"] == "xlsx"


def test_both_exports_hold_every_filtered_row_over_many_batches(
    clients, people, admins, monkeypatch
):
    """The whole filtered trail, batch after batch, counted in the file's name.

    A service-activity write names a reverse relation (``volunteers``) in its
    diff: the export writes it with the related model's name and goes on.
    """
    from tongxin.audit import exports
    from tongxin.audit.selectors import AuditFilters, event_list

    monkeypatch.setattr(exports, "CHUNK", 7)
    for i in range(30):
        audit_record(action="update", actor=people.staff, detail={"i": i})
        audit_record(action="backup", detail={"i": i})
    audit_record(
        action="update",
        actor=people.staff,
        object_type="activities.serviceactivity",
        object_id="9",
        detail={"after": {"volunteers": [[71, "5.5"]]}},
    )
    expected = list(
        event_list(user=admins.auditadmin, filters=AuditFilters(action="update"))
        .order_by("id")
        .values_list("id", flat=True)
    )
    assert len(expected) == 31
    client = clients["auditadmin"]
    response = client.get(
        reverse("audit:export"), {"format": "csv", "action": "update"}
    )
    assert "%E5%85%B131%E6%9D%A1" in response["Content-Disposition"]  # 共31条
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))[1:]
    assert [int(r[0]) for r in rows] == expected
    assert "志愿服务记录" in rows[-1][8]
    response = client.get(
        reverse("audit:export"), {"format": "xlsx", "action": "update"}
    )
    assert "%E5%85%B131%E6%9D%A1" in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))[1:]
    assert [int(r[0]) for r in rows] == expected


def test_the_xlsx_export_starts_a_new_sheet_past_the_sheet_limit(clients, monkeypatch):
    from tongxin.audit import exports

    monkeypatch.setattr(exports, "MAX_SHEET_ROWS", 4)
    for i in range(10):
        audit_record(action="backup", detail={"i": i})
    response = clients["auditadmin"].get(
        reverse("audit:export"), {"format": "xlsx", "action": "backup"}
    )
    book = openpyxl.load_workbook(
        io.BytesIO(b"".join(response.streaming_content)), read_only=True
    )
    assert book.sheetnames == ["审计记录", "审计记录2", "审计记录3"]
    counts = [sum(1 for _ in ws.iter_rows(min_row=2)) for ws in book.worksheets]
    assert counts == [4, 4, 2]


def test_the_export_refuses_an_unknown_format(clients):
    before = AuditEvent.objects.count()
    response = clients["auditadmin"].get(reverse("audit:export"), {"format": "pdf"})
    assert response.status_code == 400
    assert "格式" in response.content.decode()
    assert AuditEvent.objects.count() == before


# Verify --------------------------------------------------------------------------


def test_the_verify_page_and_api_report_the_chain(clients):
    events = [audit_record(action="backup", detail={"i": i}) for i in range(3)]
    client = clients["auditadmin"]
    assert "尚未做过完整校验" in client.get(reverse("audit:verify")).content.decode()
    r = client.post(reverse("audit:verify"))
    assert r.status_code == 302
    assert "审计链完整" in client.get(reverse("audit:verify")).content.decode()
    ok = client.get("/api/v1/audit/verify").json()
    assert ok["ok"] is True and ok["count"] == AuditEvent.objects.count()
    triggers.drop(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_auditevent SET action = 'login' WHERE id = %s",
                [events[1].pk],
            )
    finally:
        triggers.create(connection)
    # A view shows the latest full walk with its time; a full walk finds the break.
    body = client.get(reverse("audit:verify")).content.decode()
    assert "审计链完整" in body and f"第 {events[1].pk} 号记录" not in body
    client.post(reverse("audit:verify"))
    body = client.get(reverse("audit:verify")).content.decode()
    assert f"第 {events[1].pk} 号记录" in body and "审计链完整" not in body
    broken = client.get("/api/v1/audit/verify").json()
    assert broken["ok"] is False and broken["broken_id"] == events[1].pk


def test_the_verify_page_walks_the_rows_appended_since_the_last_full_walk(
    clients, admins
):
    from tongxin.audit.models import ChainCheck

    client = clients["auditadmin"]
    client.post(reverse("audit:verify"))
    check = ChainCheck.objects.get()
    assert check.ok and check.count == AuditEvent.objects.count()
    assert check.by == admins.auditadmin
    events = [audit_record(action="backup", detail={"i": i}) for i in range(3)]
    body = client.get(reverse("audit:verify")).content.decode()
    assert "此后新增 3 条记录，均接续完好" in body
    assert events[-1].hash in body
    # A row appended since, altered: the view finds it without a full walk.
    triggers.drop(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_auditevent SET action = 'login' WHERE id = %s",
                [events[1].pk],
            )
    finally:
        triggers.create(connection)
    body = client.get(reverse("audit:verify")).content.decode()
    assert "此后新增的记录" in body and f"第 {events[1].pk} 号记录" in body
    assert ChainCheck.objects.count() == 1
