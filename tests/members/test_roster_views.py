"""Roster pages: upload and preview, commit by token, template, export."""

import datetime as dt
import io
import json
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import make_id_number
from tests.members.roster_files import read_xlsx, xlsx
from tongxin.members.models import Member

ZHANG = make_id_number(dt.date(1975, 3, 14), female=False)
WANG = make_id_number(dt.date(1982, 11, 2), female=True)
IMPORT = reverse("members:import")
COMMIT = reverse("members:import_commit")
TEMPLATE = reverse("members:import_template")
EXPORT = reverse("members:export")


def uploads_dir() -> Path:
    return Path(settings.VAR_DIR) / "uploads"


def stored_files() -> set[str]:
    directory = uploads_dir()
    return {p.name for p in directory.iterdir()} if directory.exists() else set()


def roster(rows=None, name="花名册.xlsx") -> SimpleUploadedFile:
    rows = rows or [
        ["姓名", "性别", "身份证号", "所在组织"],
        ["张传吉", "男", ZHANG, "教育一支部"],
        ["王芳", "女", WANG, "教育一支部"],
    ]
    return SimpleUploadedFile(name, xlsx(rows))


def with_error() -> SimpleUploadedFile:
    return roster(
        [
            ["姓名", "性别", "身份证号", "所在组织"],
            ["张传吉", "男", ZHANG, "教育一支部"],
            ["王芳", "女", "12345", "教育一支部"],
        ]
    )


def upload(client, user, file=None, **data):
    client.force_login(user)
    return client.post(IMPORT, {"file": file or roster(), "mode": "all", **data})


def token_of(response) -> str:
    return response.context["commit_form"].initial["token"]


@pytest.fixture(autouse=True)
def clean_uploads():
    before = stored_files()
    yield
    for name in stored_files() - before:
        (uploads_dir() / name).unlink()


# Upload and preview --------------------------------------------------------------------


def test_it_shows_the_upload_form_with_the_users_organizations(client, people):
    client.force_login(people.head)
    response = client.get(IMPORT)
    assert response.status_code == 200
    assert [str(o) for o in response.context["form"].fields["org"].queryset] == [
        "教育一支部"
    ]
    assert "下载导入模板" in response.content.decode()


@pytest.mark.parametrize("who", ["leader", "member", "outsider"])
def test_it_refuses_the_import_page_to_people_without_the_right(client, people, who):
    client.force_login(getattr(people, who))
    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, {"file": roster(), "mode": "all"}).status_code == 403


def test_it_sends_anonymous_users_to_the_login_page(client, db):
    response = client.get(IMPORT)
    assert response.status_code == 302 and "login" in response["Location"]


def test_it_refuses_other_methods(client, people):
    client.force_login(people.staff)
    assert client.put(IMPORT).status_code == 405
    assert client.get(COMMIT).status_code == 405
    assert client.post(TEMPLATE).status_code == 405
    assert client.post(EXPORT).status_code == 405


def test_upload_shows_a_preview_and_writes_nothing(client, people):
    before = Member.objects.count()
    response = upload(client, people.staff)
    assert response.status_code == 200
    page = response.content.decode()
    assert "预览：花名册.xlsx" in page and "确认导入" in page
    report = response.context["report"]
    assert (report.rows, report.valid, report.created) == (2, 2, 2)
    assert [p.action for p in response.context["plan"]] == ["create", "create"]
    assert Member.objects.count() == before
    assert len(stored_files()) == 2  # the file and its record


def test_the_preview_lists_every_problem_by_row_column_value_and_reason(client, people):
    response = upload(client, people.staff, with_error())
    page = response.content.decode()
    assert '<td class="tx-num">3</td><td>身份证号</td><td>12345</td>' in page
    assert "身份证号应为 18 位" in page
    assert "选择“全部无误才导入”将不会写入任何数据" in page


def test_a_refused_file_is_shown_on_the_form_and_not_kept(client, people):
    file = SimpleUploadedFile(
        "花名册.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100
    )
    response = upload(client, people.staff, file)
    assert response.status_code == 400
    assert "另存为" in response.content.decode()
    assert stored_files() == set()


def test_an_oversized_file_is_refused_before_it_is_kept(client, people, settings):
    settings.TONGXIN_MAX_UPLOAD_BYTES = 100
    response = upload(client, people.staff)
    assert response.status_code == 400 and "文件太大" in response.content.decode()
    assert stored_files() == set()


def test_a_default_organization_outside_the_scope_is_not_offered(client, people, org):
    response = upload(client, people.head, org=org.edu2.pk)
    assert response.status_code == 400
    assert "org" in response.context["form"].errors


def test_long_previews_are_cut_with_a_note(client, people):
    rows = [["姓名", "性别", "身份证号", "所在组织"]]
    rows += [[f"会员{i}", "男", "123", "教育一支部"] for i in range(510)]
    response = upload(client, people.staff, roster(rows))
    assert len(response.context["errors"]) == 500
    assert "另有 10 条问题未列出" in response.content.decode()


# Commit --------------------------------------------------------------------------------


def test_commit_imports_the_previewed_file_once(client, people):
    token = token_of(upload(client, people.staff))
    response = client.post(COMMIT, {"token": token, "mode": "all"})
    assert response.status_code == 200
    assert "已导入：新增 2 人" in response.content.decode()
    zhang = Member.objects.with_id_number(ZHANG).get()
    assert zhang.history.get().history_user == people.staff
    assert stored_files() == set()
    again = client.post(COMMIT, {"token": token, "mode": "all"})
    assert again.status_code == 400 and "预览已过期或不存在" in again.content.decode()
    assert Member.objects.with_id_number(ZHANG).count() == 1


def test_commit_in_mode_all_writes_nothing_when_rows_are_wrong(client, people):
    token = token_of(upload(client, people.staff, with_error()))
    before = Member.objects.count()
    response = client.post(COMMIT, {"token": token, "mode": "all"})
    assert "没有写入任何数据" in response.content.decode()
    assert Member.objects.count() == before
    # The file is kept, so the user may still choose to import the valid rows.
    response = client.post(COMMIT, {"token": token, "mode": "valid"})
    assert "已导入：新增 1 人" in response.content.decode()
    assert "有 1 行因错误未导入" in response.content.decode()


def test_a_token_works_only_for_the_user_who_uploaded(client, people, org):
    from tongxin.accounts.services import grant_role

    token = token_of(upload(client, people.staff))
    grant_role(
        by=people.root, user=people.outsider, role="staff_org", organization=org.city
    )
    client.force_login(people.outsider)
    response = client.post(COMMIT, {"token": token, "mode": "all"})
    assert response.status_code == 400
    assert not Member.objects.with_id_number(ZHANG).exists()


def test_an_expired_token_finds_nothing(client, people):
    token = token_of(upload(client, people.staff))
    record = uploads_dir() / f"roster-{token}.json"
    meta = json.loads(record.read_text())
    meta["stored_at"] = (
        dt.datetime.fromisoformat(meta["stored_at"]) - dt.timedelta(days=1)
    ).isoformat()
    record.write_text(json.dumps(meta))
    response = client.post(COMMIT, {"token": token, "mode": "all"})
    assert response.status_code == 400
    assert not Member.objects.with_id_number(ZHANG).exists()
    assert stored_files() == set()


@pytest.mark.parametrize("token", ["../../etc/passwd", "short", "", "a" * 80])
def test_forged_tokens_find_nothing(client, people, token):
    client.force_login(people.staff)
    response = client.post(COMMIT, {"token": token, "mode": "all"})
    assert response.status_code == 400


def test_commit_is_refused_to_people_without_the_right(client, people):
    token = token_of(upload(client, people.staff))
    client.force_login(people.leader)
    assert client.post(COMMIT, {"token": token, "mode": "all"}).status_code == 403
    assert not Member.objects.with_id_number(ZHANG).exists()


def test_the_default_organization_carries_over_to_the_commit(client, people, org):
    rows = [["姓名", "身份证号"], ["张传吉", ZHANG]]
    token = token_of(upload(client, people.staff, roster(rows), org=org.direct.pk))
    client.post(COMMIT, {"token": token, "mode": "all"})
    assert Member.objects.with_id_number(ZHANG).get().organization == org.direct


# Template and export -------------------------------------------------------------------


def test_it_downloads_the_template(client, people):
    client.force_login(people.head)
    response = client.get(TEMPLATE)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert quote("会员花名册导入模板.xlsx") in response["Content-Disposition"]
    assert read_xlsx(b"".join(response.streaming_content))[0][0] == "姓名"


def test_the_template_is_refused_without_the_import_right(client, people):
    client.force_login(people.leader)
    assert client.get(TEMPLATE).status_code == 403


def test_it_exports_the_filtered_list_as_xlsx_with_a_chinese_filename(
    client, people, org, make_member
):
    make_member(org.edu1, "张传吉")
    client.force_login(people.staff)
    response = client.get(EXPORT, {"org": org.edu1.pk})
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert "attachment" in disposition and "filename*=utf-8''" in disposition
    assert quote("会员花名册-教育一支部-") in disposition
    rows = read_xlsx(b"".join(response.streaming_content))
    assert [r[0] for r in rows[1:]] == ["张传吉"]


def test_a_branch_head_exports_their_subtree(client, people, org, make_member):
    make_member(org.edu1, "张传吉")
    client.force_login(people.head)
    response = client.get(EXPORT, {"status": "all"})
    assert [r[0] for r in read_xlsx(b"".join(response.streaming_content))[1:]] == [
        "张传吉"
    ]


def test_export_is_refused_to_members_and_outsiders(client, people):
    for user in (people.member, people.outsider):
        client.force_login(user)
        assert client.get(EXPORT).status_code == 403


def test_bad_filters_get_a_message(client, people):
    client.force_login(people.staff)
    response = client.get(EXPORT, {"status": "bogus", "join_year": "13"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "状态取值应为" in page and "入会年份应为四位数字" in page


def test_export_then_import_by_the_pages_changes_nothing(
    client, people, org, make_member
):
    make_member(org.edu1, "张传吉", note="=1+1")
    client.force_login(people.staff)
    data = b"".join(client.get(EXPORT).streaming_content)
    response = upload(client, people.staff, SimpleUploadedFile("导出.xlsx", data))
    report = response.context["report"]
    assert report.errors == [] and report.unchanged == 2 and report.updated == 0
    assert io.BytesIO(data).read(2) == b"PK"
