"""台账导入 over its three faces: ``tongxin import-ledger``, the API and the pages."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from tests.ledger.helpers import fill, history
from tongxin.activities.models import Attendance, Event
from tongxin.activities.selectors import event_list
from tongxin.honors.models import Honor
from tongxin.ledger.services import ledger_template
from tongxin.members.roster.actor import SYSTEM_ACTOR

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def past(org, people, make_member):
    return history(org, people, make_member)


def activities(*rows):
    template = ledger_template(by=SYSTEM_ACTOR, kind="activities")
    return fill(
        template,
        [
            {
                "日期": "2024-05-18",
                "活动名称": "学习座谈会",
                "活动类型": "座谈会",
                "主办组织": "教育一支部",
                "参加人员": "黄蓉",
                **row,
            }
            for row in rows
        ],
    )


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


# --- CLI -------------------------------------------------------------------------------


def test_cli_json_dry_run_then_commit(people, past, tmp_path):
    path = tmp_path / "活动.xlsx"
    path.write_bytes(activities({}, {"活动名称": "坏", "参加人员": "欧阳锋"}))
    data = json.loads(run("import_ledger", "activities", str(path), "--json"))
    assert list(data)[:5] == ["kind", "rows", "valid", "created", "errors"]
    assert (data["rows"], data["valid"], data["committed"], data["mode"]) == (
        2,
        1,
        False,
        "all",
    )
    assert data["errors"] == [
        {
            "row": 3,
            "column": "参加人员",
            "value": "欧阳锋",
            "message": "找不到会员“欧阳锋”（或您无权查看）。",
        }
    ]
    with pytest.raises(CommandError) as refused:
        run("import_ledger", "activities", str(path), "--commit", "--json")
    assert refused.value.returncode == 1 and not Event.objects.exists()
    out = run(
        "import_ledger",
        "activities",
        str(path),
        "--commit",
        "--mode",
        "valid",
        "--user",
        "root",
        "--json",
    )
    assert json.loads(out)["committed"] and Event.objects.count() == 1


def test_cli_refuses_unknown_kinds_and_missing_files_with_status_2(db, tmp_path):
    with pytest.raises(CommandError) as refused:
        run("import_ledger", "cars", str(tmp_path / "x.xlsx"), "--json")
    assert refused.value.returncode == 2 and "activities" in str(refused.value)
    with pytest.raises(CommandError) as missing:
        run("import_ledger", "honors", str(tmp_path / "无.xlsx"))
    assert missing.value.returncode == 2


def test_cli_writes_every_template(db, tmp_path):
    for kind in ("activities", "items", "honors", "tasks", "inspections", "talent"):
        path = tmp_path / f"{kind}.xlsx"
        run("ledger_template", kind, str(path))
        book = load_workbook(path)
        assert book.sheetnames[1] == "填写说明"
        headers = [c.value for c in book.worksheets[0][1]]
        assert headers and all("\u4e00" <= h[0] <= "\u9fff" for h in headers)


# --- API -------------------------------------------------------------------------------


def test_api_template_and_import_round_trip(client, people, past):
    client.force_login(people.staff)
    response = client.get("/api/v1/ledger/activities/template")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    template = b"".join(response.streaming_content)
    data = fill(
        template,
        [
            {
                "日期": "2024-06-01",
                "活动名称": "义诊",
                "活动类型": "咨询服务",
                "主办组织": "G1B1",
                "参加人员": "黄蓉、周伯通",
            }
        ],
    )
    upload = SimpleUploadedFile("活动.xlsx", data)
    preview = client.post("/api/v1/ledger/activities/import", {"file": upload})
    assert preview.status_code == 200, preview.content
    assert preview.json()["valid"] == 1 and not preview.json()["committed"]
    upload = SimpleUploadedFile("活动.xlsx", data)
    done = client.post(
        "/api/v1/ledger/activities/import", {"file": upload, "commit": "true"}
    )
    assert done.json()["committed"] and done.json()["created"] == 1
    # Read back through the selector and the API, as the staff member.
    event = event_list(user=people.staff).get(title="义诊")
    assert event.start_at.date() == dt.date(2024, 6, 1)
    answer = client.get(f"/api/v1/activities/events/{event.pk}").json()
    assert answer["title"] == "义诊"
    assert set(
        Attendance.objects.filter(event=event).values_list("member__name", flat=True)
    ) == {"黄蓉", "周伯通"}


def test_api_refuses_users_who_may_not_write_the_kind(client, people, past):
    client.force_login(people.member)
    assert client.get("/api/v1/ledger/honors/template").status_code == 403
    upload = SimpleUploadedFile("活动.xlsx", activities({}))
    response = client.post("/api/v1/ledger/activities/import", {"file": upload})
    assert response.status_code == 403
    client.force_login(people.staff)
    response = client.get("/api/v1/ledger/cars/template")
    assert response.status_code == 400 and "activities" in response.content.decode()


# --- pages -----------------------------------------------------------------------------


def test_the_page_previews_and_commits_a_ledger(client, people, past):
    client.force_login(people.staff)
    page = client.get(reverse("ledger:import"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "台账导入" in text and reverse("ledger:template", args=["honors"]) in text
    assert (
        reverse("ledger:import") in client.get(reverse("members:list")).content.decode()
    )
    template = client.get(reverse("ledger:template", args=["honors"]))
    assert template.status_code == 200
    data = fill(
        b"".join(template.streaming_content),
        [
            {
                "荣誉名称": "先进个人",
                "类别": "综合",
                "级别": "市级",
                "授予单位": "市委统战部",
                "授予日期": "2024-06-20",
                "登记组织": "C",
                "获奖会员": "黄蓉",
            },
            {
                "荣誉名称": "先进集体",
                "类别": "综合",
                "级别": "市级",
                "授予单位": "市委统战部",
                "授予日期": "2024-12-20",
                "登记组织": "C",
                "获奖组织": "市直属第一支部",
            },
        ],
    )
    preview = client.post(
        reverse("ledger:import"),
        {
            "kind": "honors",
            "mode": "all",
            "file": SimpleUploadedFile("荣誉.xlsx", data),
        },
    )
    assert preview.status_code == 200
    shown = preview.content.decode()
    assert "获奖组织" in shown and "2024-12-20 时已不存在" in shown
    token = preview.context["commit_form"].initial["token"]
    result = client.post(
        reverse("ledger:commit"), {"token": token, "kind": "honors", "mode": "valid"}
    )
    assert result.status_code == 200
    assert "已导入 1 行" in result.content.decode()
    assert list(Honor.objects.values_list("title", flat=True)) == ["先进个人"]
    # A token commits once.
    again = client.post(
        reverse("ledger:commit"), {"token": token, "kind": "honors", "mode": "valid"}
    )
    assert again.status_code == 400 and "预览已过期" in again.content.decode()


def test_the_page_refuses_a_bad_file_in_chinese(client, people):
    client.force_login(people.staff)
    response = client.post(
        reverse("ledger:import"),
        {
            "kind": "activities",
            "mode": "all",
            "file": SimpleUploadedFile("活动.xlsx", b"not a workbook"),
        },
    )
    assert response.status_code == 400
    assert "扩展名与内容不符" in response.content.decode()
    client.force_login(people.member)
    assert client.get(reverse("ledger:import")).status_code == 403
