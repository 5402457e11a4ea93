"""The roster endpoints: import (dry run and commit), export, template."""

import datetime as dt
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import make_id_number
from tests.members.roster_files import read_xlsx, xlsx
from tongxin.accounts.services import api_token_create
from tongxin.members.models import Member

ZHANG = make_id_number(dt.date(1975, 3, 14), female=False)
WANG = make_id_number(dt.date(1982, 11, 2), female=True)
IMPORT = "/api/v1/roster/import"
EXPORT = "/api/v1/roster/export"
TEMPLATE = "/api/v1/roster/template"


def roster(rows=None, name="花名册.xlsx") -> SimpleUploadedFile:
    rows = rows or [
        ["姓名", "性别", "身份证号", "所在组织"],
        ["张传吉", "男", ZHANG, "教育一支部"],
        ["王芳", "女", "12345", "教育二支部"],
    ]
    return SimpleUploadedFile(name, xlsx(rows))


def post(client, user, file=None, **data):
    client.force_login(user)
    return client.post(IMPORT, {"file": file or roster(), **data})


def test_a_dry_run_returns_the_report_and_writes_nothing(client, people):
    response = post(client, people.staff)
    assert response.status_code == 200, response.content
    body = response.json()
    assert list(body)[:5] == ["rows", "valid", "created", "updated", "errors"]
    assert (body["rows"], body["valid"], body["created"], body["committed"]) == (
        2,
        1,
        1,
        False,
    )
    assert body["errors"] == [
        {
            "row": 3,
            "column": "身份证号",
            "value": "12345",
            "message": "身份证号应为 18 位，实际为 5 位：“12345”",
        }
    ]
    assert body["plan"] is None
    assert not Member.objects.with_id_number(ZHANG).exists()


def test_commit_in_mode_all_with_errors_writes_nothing(client, people):
    body = post(client, people.staff, commit="true").json()
    assert body["committed"] is False and body["created"] == 0
    assert not Member.objects.with_id_number(ZHANG).exists()


def test_commit_in_mode_valid_writes_the_valid_rows(client, people):
    body = post(client, people.staff, commit="true", mode="valid", plan="true").json()
    assert body["committed"] is True and body["created"] == 1
    zhang = Member.objects.with_id_number(ZHANG).get()
    assert body["plan"] == [
        {
            "row": 2,
            "action": "create",
            "name": "张传吉",
            "organization": "教育一支部",
            "member_id": zhang.pk,
            "changes": [],
        }
    ]
    assert zhang.history.get().history_user == people.staff


def test_org_names_the_default_organization_by_code(client, people, org):
    file = roster([["姓名", "身份证号"], ["张传吉", ZHANG]])
    body = post(client, people.staff, file, commit="true", org="D1").json()
    assert body["created"] == 1
    assert Member.objects.with_id_number(ZHANG).get().organization == org.direct


def test_an_org_outside_the_scope_is_invalid_input(client, people):
    response = post(client, people.head, org="G1B2")
    assert response.status_code == 422
    assert "org" in response.json()["errors"]


def test_a_branch_head_gets_scope_errors_by_row(client, people):
    body = post(client, people.head, mode="valid").json()
    assert [(e["row"], e["column"]) for e in body["errors"]] == [
        (3, "身份证号"),
        (3, "所在组织"),
    ]


def test_a_refused_file_answers_400_with_the_reason(client, people):
    file = SimpleUploadedFile(
        "花名册.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100
    )
    response = post(client, people.staff, file, commit="true")
    assert response.status_code == 400
    assert "另存为" in response.json()["detail"]


def test_an_unknown_mode_is_invalid_input(client, people):
    response = post(client, people.staff, mode="some")
    assert response.status_code == 422 and "mode" in response.json()["errors"]


def test_a_missing_file_is_invalid_input(client, people):
    client.force_login(people.staff)
    response = client.post(IMPORT, {"commit": "true"})
    assert response.status_code == 422 and "file" in response.json()["errors"]


@pytest.mark.parametrize("who", ["leader", "member", "outsider"])
def test_import_is_forbidden_without_the_right(client, people, who):
    response = post(client, getattr(people, who), commit="true", mode="valid")
    assert response.status_code == 403
    assert not Member.objects.with_id_number(ZHANG).exists()


def test_import_needs_authentication(client, db):
    response = client.post(IMPORT, {"file": roster()})
    assert response.status_code == 401


def test_import_accepts_a_bearer_token(client, people):
    _token, secret = api_token_create(user=people.staff, name="脚本")
    response = client.post(
        IMPORT,
        {"file": roster(), "commit": "true", "mode": "valid"},
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 200 and response.json()["created"] == 1


def test_import_refuses_other_methods(client, people):
    client.force_login(people.staff)
    assert client.get(IMPORT).status_code == 405


# Export and template -----------------------------------------------------------------


def test_export_returns_the_filtered_roster(client, people, org, make_member):
    make_member(org.edu1, "张传吉")
    client.force_login(people.staff)
    response = client.get(EXPORT, {"org": org.edu1.pk})
    assert response.status_code == 200
    assert quote("会员花名册-教育一支部-") in response["Content-Disposition"]
    rows = read_xlsx(b"".join(response.streaming_content))
    assert [r[0] for r in rows[1:]] == ["张传吉"]


def test_export_takes_the_member_list_filters(client, people, org, make_member):
    make_member(org.edu1, "张传吉")
    make_member(org.edu1, "王芳", female=True)
    client.force_login(people.staff)
    response = client.get(EXPORT, {"gender": "F", "sort": "pinyin"})
    rows = read_xlsx(b"".join(response.streaming_content))
    assert [r[0] for r in rows[1:]] == ["李晓梅", "王芳"]


def test_export_rejects_bad_filters(client, people):
    client.force_login(people.staff)
    response = client.get(EXPORT, {"status": "bogus"})
    assert response.status_code == 422 and "status" in response.json()["errors"]


def test_export_is_forbidden_to_members(client, people):
    client.force_login(people.member)
    assert client.get(EXPORT).status_code == 403


def test_export_then_import_changes_nothing(client, people, org, make_member):
    make_member(org.edu1, "张传吉", job="-主任")
    client.force_login(people.staff)
    data = b"".join(client.get(EXPORT).streaming_content)
    body = post(
        client, people.staff, SimpleUploadedFile("导出.xlsx", data), commit="true"
    ).json()
    assert (body["errors"], body["unchanged"], body["updated"], body["created"]) == (
        [],
        2,
        0,
        0,
    )


def test_template_downloads_for_importers_only(client, people):
    client.force_login(people.head)
    response = client.get(TEMPLATE)
    assert response.status_code == 200
    assert read_xlsx(b"".join(response.streaming_content))[0][:3] == [
        "姓名",
        "曾用名",
        "性别",
    ]
    client.force_login(people.leader)
    assert client.get(TEMPLATE).status_code == 403


def test_the_schema_documents_the_roster_endpoints(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"][IMPORT]["post"]
    assert {"200", "400", "401", "403", "422"} <= set(operation["responses"])
    assert "multipart/form-data" in operation["requestBody"]["content"]
    export = schema["paths"][EXPORT]["get"]
    assert (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        in export["responses"]["200"]["content"]
    )
    assert {p["name"] for p in export["parameters"]} >= {"org", "status", "q", "on"}
    assert len(export["security"]) == 2
