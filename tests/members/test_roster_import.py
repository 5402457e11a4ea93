"""Roster import: every problem reported by row and column, all or nothing, in scope."""

import codecs
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.conftest import make_id_number
from tests.members.roster_files import HEADERS, corrupt_xlsx, csv_bytes, xlsx
from tongxin.members.models import Member, Membership
from tongxin.members.roster.importer import RowError, roster_import
from tongxin.members.roster.reader import ImportFileError
from tongxin.orgs.services import org_create, org_update

ZHANG = make_id_number(dt.date(1975, 3, 14), female=False)
WANG = make_id_number(dt.date(1982, 11, 2), female=True)
LIU = make_id_number(dt.date(1990, 1, 31), female=False)


def snapshot() -> tuple[int, int, int, list]:
    """Return what an import may change: counts and every member's version."""
    return (
        Member.objects.count(),
        Membership.objects.count(),
        Member.history.count(),
        list(Member.objects.order_by("pk").values_list("pk", "version", "mobile")),
    )


def run(by, data: bytes, filename: str = "花名册.xlsx", **kwargs):
    return roster_import(by=by, source=data, filename=filename, **kwargs)


def errors_of(report) -> list[tuple]:
    return [(e.row, e.column, e.value, e.message) for e in report.errors]


def clean_rows() -> list[list]:
    return [
        HEADERS,
        [
            "张传吉",
            "男",
            "汉族",
            "1975.03",
            ZHANG,
            "本科",
            "教育",
            "13812345678",
            "2013.05",
            "教育一支部",
        ],
        [
            "王芳",
            "女",
            "满",
            "1982年11月",
            WANG,
            "研究生",
            "文化",
            "139 1234 5678",
            "2013年5月",
            "市直属第一支部",
        ],
    ]


# Creating ------------------------------------------------------------------------


def test_it_previews_a_clean_roster_without_writing(people):
    before = snapshot()
    report = run(people.staff, xlsx(clean_rows()))
    assert (report.rows, report.valid, report.created, report.updated) == (2, 2, 2, 0)
    assert report.errors == [] and report.committed is False
    assert [(p.row, p.action, p.name, p.organization) for p in report.plan] == [
        (2, "create", "张传吉", "教育一支部"),
        (3, "create", "王芳", "市直属第一支部"),
    ]
    assert snapshot() == before


def test_it_commits_a_clean_roster_with_history_and_memberships(org, people):
    report = run(people.staff, xlsx(clean_rows()), commit=True)
    assert report.committed and (report.created, report.updated) == (2, 0)
    zhang = Member.objects.with_id_number(ZHANG).get()
    assert zhang.organization == org.edu1 and zhang.org_path == org.edu1.path
    assert (zhang.gender, zhang.ethnicity, zhang.education, zhang.sector) == (
        "M",
        "01",
        "21",
        "01",
    )
    # The month of birth comes from the roster, the day from the ID number.
    assert zhang.birth_date == dt.date(1975, 3, 14)
    assert zhang.joined_on == dt.date(2013, 5, 1)
    assert "zcj" in zhang.search_text and zhang.stroke_key and zhang.pinyin_key
    wang = Member.objects.with_id_number(WANG).get()
    assert (wang.ethnicity, wang.education, wang.mobile) == ("11", "14", "13912345678")
    period = Membership.objects.get(member=zhang)
    assert (period.organization, period.start_on, period.end_on) == (
        org.edu1,
        dt.date(2013, 5, 1),
        None,
    )
    assert period.recorded_by == people.staff
    record = zhang.history.get()
    assert record.history_type == "+" and record.history_user == people.staff
    assert "花名册.xlsx" in record.history_change_reason
    assert [p.member_id for p in report.plan] == [zhang.pk, wang.pk]


def test_it_sets_the_joining_date_of_new_members_without_one_to_today(org, people):
    rows = [["姓名", "身份证号", "所在组织"], ["张传吉", ZHANG, "教育一支部"]]
    run(people.staff, xlsx(rows), commit=True)
    zhang = Member.objects.with_id_number(ZHANG).get()
    assert zhang.joined_on == dt.date.today()
    assert zhang.memberships.get().start_on == dt.date.today()


# Headers -----------------------------------------------------------------------------


def test_it_finds_the_header_below_title_rows_and_keeps_spreadsheet_row_numbers(people):
    data = xlsx(
        [
            ["* 姓　名", "公民身份号码", "出生\n年月", "所在支部", " 性别* "],
            ["张传吉", ZHANG, "1975.03", "教育一支部", "男"],
            [None, None, None, None, None],
            ["王芳", "123", "1982.11", "教育一支部", "女"],
        ],
        title_rows=[["教育一支部会员花名册"], [], ["填报日期：2024年1月"]],
    )
    report = run(people.staff, data)
    assert report.header_row == 4 and report.rows == 2
    assert errors_of(report) == [
        (7, "公民身份号码", "123", "身份证号应为 18 位，实际为 3 位：“123”")
    ]
    assert report.plan[0].row == 5


def test_it_lists_unknown_columns_as_ignored(people):
    rows = [
        ["序号", "姓名", "身份证号", "所在组织", "爱好"],
        [1, "张传吉", ZHANG, "教育一支部", "围棋"],
    ]
    report = run(people.staff, xlsx(rows))
    assert report.ignored_columns == ["爱好"] and report.valid == 1


# Cell problems -----------------------------------------------------------------------


def test_it_reports_a_bad_check_digit_by_row_column_and_value(people):
    bad = ZHANG[:-1] + ("0" if ZHANG[-1] != "0" else "1")
    rows = [
        ["姓名", "性别", "身份证号码", "所在组织"],
        ["张传吉", "男", bad, "教育一支部"],
    ]
    report = run(people.staff, xlsx(rows))
    assert report.valid == 0
    [error] = report.errors
    assert (error.row, error.column, error.value) == (2, "身份证号码", bad)
    assert "校验位错误" in error.message


def test_it_explains_id_numbers_that_excel_turned_into_numbers(people):
    rows = [
        ["姓名", "性别", "身份证号", "所在组织"],
        ["张传吉", "男", float(ZHANG), "教育一支部"],
    ]
    report = run(people.staff, xlsx(rows))
    [error] = report.errors
    assert error.column == "身份证号" and error.value.endswith("E+17")
    assert "Excel" in error.message and "文本" in error.message


def test_it_accepts_full_width_digits_and_spaces(org, people):
    wide = "".join(chr(ord(c) + 0xFEE0) for c in ZHANG)
    rows = [
        ["姓名", "身份证号", "手机", "入会时间", "所在组织"],
        [
            "\u3000张传吉 ",
            f"\u3000{wide} ",
            "１３８ １２３４ ５６７８",
            "２０１３．０５",
            " 教育一支部\u3000",
        ],
    ]
    report = run(people.staff, xlsx(rows), commit=True)
    assert report.errors == []
    zhang = Member.objects.with_id_number(ZHANG).get()
    assert (zhang.name, zhang.mobile, zhang.joined_on) == (
        "张传吉",
        "13812345678",
        dt.date(2013, 5, 1),
    )


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2013.05", dt.date(2013, 5, 1)),
        ("2013年5月", dt.date(2013, 5, 1)),
        ("2013-5-19", dt.date(2013, 5, 19)),
        (41409, dt.date(2013, 5, 15)),  # an Excel serial in a number cell
        (2013.05, dt.date(2013, 5, 1)),  # 2013.05 typed into a number cell
        (dt.datetime(2013, 5, 19), dt.date(2013, 5, 19)),  # a date cell
    ],
)
def test_it_reads_dates_as_rosters_write_them(org, people, cell, expected):
    rows = [
        ["姓名", "身份证号", "入会时间", "所在组织"],
        ["张传吉", ZHANG, cell, "教育一支部"],
    ]
    report = run(people.staff, xlsx(rows), commit=True)
    assert report.errors == []
    assert Member.objects.with_id_number(ZHANG).get().joined_on == expected


def test_it_reports_unreadable_dates_and_mismatches_with_the_id_number(people):
    rows = [
        ["姓名", "性别", "出生年月", "身份证号", "入会时间", "所在组织"],
        ["张传吉", "女", "1976.03", ZHANG, "去年", "教育一支部"],
    ]
    report = run(people.staff, xlsx(rows))
    found = {(e.column, e.value): e.message for e in report.errors}
    assert "不一致" in found[("出生年月", "1976.03")]
    assert "不一致" in found[("性别", "女")]
    assert "无法识别的日期" in found[("入会时间", "去年")]
    assert report.valid == 0


def test_it_reports_unknown_code_values_and_missing_names(people):
    rows = [
        ["姓名", "民族", "学历", "界别", "身份证号", "所在组织"],
        ["张传吉", "火星族", "本科", "教育", ZHANG, "教育一支部"],
        ["", "汉族", "博士后", "教育", WANG, "教育一支部"],
    ]
    report = run(people.staff, xlsx(rows))
    found = {(e.row, e.column): e.message for e in report.errors}
    assert "无法识别的民族“火星族”" in found[(2, "民族")]
    assert found[(3, "姓名")] == "姓名不能为空。"
    assert "无法识别的学历“博士后”" in found[(3, "学历")]


def test_it_removes_the_quote_that_neutralises_formulas(org, people):
    rows = [
        ["姓名", "身份证号", "备注", "所在组织"],
        ["张传吉", ZHANG, "'=1+1", "教育一支部"],
    ]
    run(people.staff, xlsx(rows), commit=True)
    assert Member.objects.with_id_number(ZHANG).get().note == "=1+1"


# Organizations ------------------------------------------------------------------------


def test_it_resolves_organizations_by_code_full_name_or_short_name(org, people):
    org_update(org=org.direct, by=people.root, short_name="直一")
    rows = [
        ["姓名", "身份证号", "所在组织", "组织代码"],
        ["张传吉", ZHANG, "", "G1B1"],
        ["王芳", WANG, "直一", ""],
        ["刘洋", LIU, "教育二支部", "G1B2"],
    ]
    report = run(people.staff, xlsx(rows))
    assert report.errors == []
    assert [p.organization for p in report.plan] == [
        "教育一支部",
        "市直属第一支部",
        "教育二支部",
    ]


def test_it_reports_unknown_ambiguous_and_inconsistent_organizations(org, people):
    org_create(
        by=people.root, name="教育一支部", kind="branch", code="G1B3", parent=org.edu
    )
    rows = [
        ["姓名", "身份证号", "所在组织", "组织代码"],
        ["张传吉", ZHANG, "火星支部", ""],
        ["王芳", WANG, "教育一支部", ""],
        ["刘洋", LIU, "教育二支部", "G1B1"],
        ["赵明", make_id_number(dt.date(1970, 1, 1), False), "", "X9"],
    ]
    report = run(people.staff, xlsx(rows))
    found = {e.row: (e.column, e.value, e.message) for e in report.errors}
    assert found[2][:2] == ("所在组织", "火星支部") and "不存在" in found[2][2]
    assert found[3][:2] == ("所在组织", "教育一支部") and "G1B1、G1B3" in found[3][2]
    assert found[4][:2] == ("所在组织", "教育二支部") and "不一致" in found[4][2]
    assert found[5] == ("组织代码", "X9", "组织代码“X9”不存在。")
    assert report.valid == 0


def test_it_puts_new_members_without_an_organization_into_the_default_one(org, people):
    rows = [["姓名", "身份证号"], ["张传吉", ZHANG]]
    report = run(people.staff, xlsx(rows))
    assert errors_of(report)[0][1] == "所在组织"
    report = run(people.staff, xlsx(rows), default_org=org.edu2, commit=True)
    assert report.created == 1
    assert Member.objects.with_id_number(ZHANG).get().organization == org.edu2


def test_it_refuses_closed_organizations(org, people):
    from tongxin.orgs.services import org_close

    org_close(org=org.direct, by=people.root, on=dt.date(2020, 1, 1))
    rows = [["姓名", "身份证号", "组织代码"], ["张传吉", ZHANG, "D1"]]
    report = run(people.staff, xlsx(rows))
    assert "已撤销" in report.errors[0].message


# Duplicates and the registry ----------------------------------------------------------


def test_it_reports_both_rows_of_a_duplicate_id_number(people):
    rows = [
        ["姓名", "身份证号", "所在组织"],
        ["张传吉", ZHANG, "教育一支部"],
        ["王芳", WANG, "教育一支部"],
        ["张川吉", ZHANG, "教育二支部"],
    ]
    report = run(people.staff, xlsx(rows))
    assert [(e.row, e.column, e.value) for e in report.errors] == [
        (2, "身份证号", ZHANG),
        (4, "身份证号", ZHANG),
    ]
    assert (
        "第 4 行" in report.errors[0].message and "第 2 行" in report.errors[1].message
    )
    assert report.valid == 1


def test_it_updates_members_matched_by_id_number_and_creates_the_others(
    org, people, make_member
):
    zhang = make_member(
        org.edu1,
        "张传吉",
        birth=dt.date(1975, 3, 14),
        id_number=ZHANG,
        mobile="13800000000",
    )
    rows = [
        ["姓名", "身份证号", "手机", "职务", "所在组织"],
        ["张传吉", ZHANG, "13812345678", "校长", "教育一支部"],
        ["王芳", WANG, "", "", "教育一支部"],
    ]
    report = run(people.staff, xlsx(rows))
    assert [(p.row, p.action, p.member_id, p.changes) for p in report.plan] == [
        (2, "update", zhang.pk, ("手机", "职务")),
        (3, "create", None, ()),
    ]
    assert (report.created, report.updated, report.unchanged) == (1, 1, 0)
    report = run(people.staff, xlsx(rows), commit=True)
    zhang.refresh_from_db()
    assert (zhang.mobile, zhang.job, zhang.version) == ("13812345678", "校长", 2)
    latest = zhang.history.order_by("-history_id").first()
    assert latest.history_type == "~" and latest.history_user == people.staff
    assert Member.objects.with_id_number(WANG).exists()


def test_it_leaves_values_of_empty_cells_alone(org, people, make_member):
    zhang = make_member(
        org.edu1,
        "张传吉",
        birth=dt.date(1975, 3, 14),
        id_number=ZHANG,
        mobile="13800000000",
        job="校长",
    )
    rows = [["姓名", "身份证号", "手机", "职务"], ["张传吉", ZHANG, "", ""]]
    report = run(people.staff, xlsx(rows), commit=True)
    assert (report.updated, report.unchanged) == (0, 1)
    zhang.refresh_from_db()
    assert (zhang.mobile, zhang.job, zhang.version) == ("13800000000", "校长", 1)


def test_it_refuses_transfers_and_status_changes_by_roster(org, people, make_member):
    make_member(org.edu1, "张传吉", birth=dt.date(1975, 3, 14), id_number=ZHANG)
    rows = [
        ["姓名", "身份证号", "所在组织", "状态"],
        ["张传吉", ZHANG, "教育二支部", "已退会"],
    ]
    report = run(people.staff, xlsx(rows))
    found = {e.column: e.message for e in report.errors}
    assert "调动" in found["所在组织"] and "离会" in found["状态"]


def test_it_refuses_new_members_that_already_left(people):
    rows = [
        ["姓名", "身份证号", "所在组织", "状态"],
        ["张传吉", ZHANG, "教育一支部", "已去世"],
    ]
    report = run(people.staff, xlsx(rows))
    assert report.errors[0].column == "状态"


def test_it_reports_certificate_numbers_used_by_another_member(
    org, people, make_member
):
    make_member(org.edu1, "王芳", certificate_no="A-001")
    rows = [
        ["姓名", "身份证号", "会员证号", "所在组织"],
        ["张传吉", ZHANG, "A-001", "教育一支部"],
    ]
    report = run(people.staff, xlsx(rows))
    assert errors_of(report) == [
        (2, "会员证号", "A-001", "会员证号已被会员“王芳”使用。")
    ]


# All or nothing -----------------------------------------------------------------------


def mixed_rows() -> list[list]:
    return [
        HEADERS,
        [
            "张传吉",
            "男",
            "汉族",
            "1975.03",
            ZHANG,
            "本科",
            "教育",
            "13812345678",
            "2013.05",
            "教育一支部",
        ],
        [
            "王芳",
            "女",
            "汉族",
            "1982.11",
            "210202",
            "本科",
            "教育",
            "13812345679",
            "2013.05",
            "教育一支部",
        ],
    ]


def test_mode_all_writes_nothing_when_any_row_is_wrong(people):
    before = snapshot()
    report = run(people.staff, xlsx(mixed_rows()), commit=True, mode="all")
    assert report.committed is False and (report.created, report.updated) == (0, 0)
    assert (report.rows, report.valid, len(report.errors)) == (2, 1, 1)
    assert snapshot() == before


def test_mode_valid_writes_the_valid_rows_and_reports_the_others(people):
    report = run(people.staff, xlsx(mixed_rows()), commit=True, mode="valid")
    assert report.committed and (report.created, report.valid) == (1, 1)
    assert errors_of(report)[0][:2] == (3, "身份证号")
    assert list(
        Member.objects.filter(name__in=["张传吉", "王芳"]).values_list(
            "name", flat=True
        )
    ) == ["张传吉"]


def test_it_refuses_an_unknown_mode(people):
    with pytest.raises(ValidationError) as e:
        run(people.staff, xlsx(clean_rows()), mode="some")
    assert "mode" in e.value.message_dict


def test_as_dict_is_the_public_contract(people):
    data = run(people.staff, xlsx(mixed_rows())).as_dict()
    assert list(data)[:5] == ["rows", "valid", "created", "updated", "errors"]
    assert data["errors"][0] == {
        "row": 3,
        "column": "身份证号",
        "value": "210202",
        "message": "身份证号应为 18 位，实际为 6 位：“210202”",
    }
    assert isinstance(RowError(**data["errors"][0]), RowError)


# Scope -------------------------------------------------------------------------------


def test_a_branch_head_imports_into_their_branch(org, people):
    rows = [["姓名", "身份证号", "所在组织"], ["张传吉", ZHANG, "教育一支部"]]
    report = run(people.head, xlsx(rows), commit=True)
    assert report.created == 1
    assert (
        Member.objects.with_id_number(ZHANG).get().history.get().history_user
        == people.head
    )


def test_a_branch_head_cannot_import_outside_their_subtree(org, people):
    outside = people.member_record  # 李晓梅 of edu2
    rows = [
        ["姓名", "身份证号", "所在组织"],
        ["张传吉", ZHANG, "教育二支部"],
        ["李晓梅", outside.id_number, ""],
        ["王芳", WANG, "教育一支部"],
    ]
    before = snapshot()
    report = run(people.head, xlsx(rows), commit=True, mode="all")
    found = {e.row: (e.column, e.message) for e in report.errors}
    assert found[2] == ("所在组织", "您无权向“教育二支部”导入会员。")
    # Said as a duplicate check says it: taken, no name, no organization.
    assert found[3][0] == "身份证号" and "已登记" in found[3][1]
    assert "李晓梅" not in found[3][1] and "教育二支部" not in found[3][1]
    assert "李晓梅" not in found[3][1]
    assert report.valid == 1 and snapshot() == before


def test_a_branch_head_cannot_choose_a_default_organization_outside_their_subtree(
    org, people
):
    with pytest.raises(PermissionDenied):
        run(people.head, xlsx([["姓名"], ["张传吉"]]), default_org=org.edu2)


@pytest.mark.parametrize("who", ["leader", "member", "outsider"])
def test_people_without_the_import_right_are_refused(people, who):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        run(getattr(people, who), xlsx(clean_rows()), commit=True)
    assert snapshot() == before


# CSV --------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_it_reads_csv_in_the_encodings_excel_writes(org, people, encoding):
    report = run(
        people.staff,
        csv_bytes(clean_rows(), encoding=encoding),
        "花名册.csv",
        commit=True,
    )
    assert report.errors == [] and report.created == 2
    assert Member.objects.with_id_number(WANG).get().ethnicity == "11"


def test_it_reads_tab_separated_utf16_text(org, people):
    text = "\r\n".join("\t".join(str(v) for v in row) for row in clean_rows())
    data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    report = run(people.staff, data, "花名册.csv")
    assert report.errors == [] and report.valid == 2


# Refused files ------------------------------------------------------------------------


def refused(people, data: bytes, filename: str) -> str:
    before = snapshot()
    with pytest.raises(ImportFileError) as e:
        run(people.staff, data, filename, commit=True)
    assert snapshot() == before
    return e.value.message


def test_it_refuses_old_excel_and_wps_files(people):
    assert "另存为” .xlsx" in refused(
        people, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "花名册.xls"
    )
    assert ".et" in refused(
        people, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "花名册.et"
    )


def test_it_refuses_other_file_types(people):
    assert "不支持的文件类型" in refused(people, b"hello", "花名册.txt")
    assert "不支持的文件类型" in refused(people, b"hello", "花名册")


def test_it_refuses_content_that_does_not_match_the_extension(people):
    assert "旧版 .xls" in refused(
        people, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "a.xlsx"
    )
    assert "扩展名与内容不符" in refused(
        people, "姓名,性别\n张三,男\n".encode(), "a.xlsx"
    )
    assert "内容是 Excel 工作簿" in refused(people, xlsx(clean_rows()), "a.csv")
    assert "扩展名与内容不符" in refused(people, b"\x00\x01\x02binary" * 20, "a.csv")


def test_it_refuses_truncated_and_corrupt_workbooks(people):
    data = xlsx(clean_rows())
    assert "损坏或不完整" in refused(people, data[: len(data) // 2], "a.xlsx")
    assert "损坏或不完整" in refused(people, corrupt_xlsx(data), "a.xlsx")


def test_it_refuses_empty_files(people):
    assert "文件是空的" in refused(people, b"", "a.xlsx")
    assert "文件是空的" in refused(people, b"", "a.csv")
    assert "文件是空的" in refused(people, b"\xef\xbb\xbf\r\n", "a.csv")
    assert "没有会员数据" in refused(people, xlsx([HEADERS]), "a.xlsx")
    assert "没有找到“姓名”列" in refused(people, xlsx([]), "a.xlsx")


def test_it_refuses_files_without_a_name_column(people):
    message = refused(people, xlsx([["性别", "身份证号"], ["男", ZHANG]]), "a.xlsx")
    assert "没有找到“姓名”列" in message and "前 10 行" in message
    # A header further down than the first ten rows is not looked for.
    late = xlsx([["姓名"], ["张传吉"]], title_rows=[["说明"]] * 10)
    assert "没有找到“姓名”列" in refused(people, late, "a.xlsx")


def test_it_refuses_oversized_files_before_reading_them(people, settings):
    settings.TONGXIN_MAX_UPLOAD_BYTES = 1000
    assert "文件太大" in refused(people, xlsx(clean_rows()), "a.xlsx")


# What the bulk write leaves behind -----------------------------------------------------


def test_imported_members_look_like_registered_ones(org, people, make_member):
    """Keys as the service derives them, full history rows, ids that keep counting."""
    from tongxin.members.services import name_keys

    run(people.staff, xlsx(clean_rows()), commit=True)
    zhang = Member.objects.with_id_number(ZHANG).get()
    assert {
        k: getattr(zhang, k) for k in ("stroke_key", "pinyin_key", "search_text")
    } == name_keys("张传吉")
    assert (
        zhang.created_at is not None and zhang.version == 1 and zhang.status == "active"
    )
    record = zhang.history.get()
    assert (
        record.name,
        record.organization_id,
        record.id_number,
        record.joined_on,
    ) == (
        "张传吉",
        org.edu1.pk,
        ZHANG,
        dt.date(2013, 5, 1),
    )
    # The history row holds the member row's every tracked field as stored.
    for field in Member.history.model.tracked_fields:
        assert getattr(record, field.attname) == getattr(zhang, field.attname), field
    later = make_member(org.edu1, "赵明")
    assert later.pk > max(
        Member.objects.exclude(pk=later.pk).values_list("pk", flat=True)
    )
    assert later.memberships.get().pk > Membership.objects.get(member=zhang).pk


def test_updates_keep_the_history_of_each_change(org, people, make_member):
    zhang = make_member(org.edu1, "张传吉", birth=dt.date(1975, 3, 14), id_number=ZHANG)
    rows = [["姓名", "身份证号", "职务"], ["张传吉", ZHANG, "校长"]]
    run(people.staff, xlsx(rows), commit=True)
    old, new = zhang.history.order_by("history_id")
    assert (old.job, new.job, new.history_type) == ("", "校长", "~")
    assert "花名册.xlsx" in new.history_change_reason
    from tongxin.members.services import member_update

    zhang.refresh_from_db()
    member_update(member=zhang, by=people.staff, version=zhang.version, job="主任")
    zhang.refresh_from_db()
    assert (zhang.job, zhang.version) == ("主任", 3)


def test_it_refuses_zip_archives_that_are_not_workbooks(people):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert "不是 Excel 工作簿" in refused(people, buffer.getvalue(), "a.xlsx")


def test_it_finds_the_roster_on_a_later_sheet(org, people):
    import io

    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["填表说明：请在第二张表中填写"])
    roster = workbook.create_sheet("名册")
    roster.append(["姓名", "身份证号", "所在组织"])
    roster.append(["张传吉", ZHANG, "教育一支部"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run(people.staff, buffer.getvalue())
    assert report.valid == 1 and report.header_row == 1


def test_a_committed_import_is_one_audit_event_and_a_dry_run_none(org, people):
    from tongxin.audit.models import AuditEvent

    run(people.staff, xlsx(clean_rows()))
    assert not AuditEvent.objects.filter(action="import").exists()
    run(people.staff, xlsx(clean_rows()), commit=True)
    event = AuditEvent.objects.get(action="import")
    assert event.actor_id == people.staff.pk
    assert (event.detail["rows"], event.detail["created"]) == (2, 2)


def test_new_members_are_written_in_slices(org, people, monkeypatch):
    from tongxin.members.roster import importer

    monkeypatch.setattr(importer, "WRITE_SLICE", 1)
    report = run(people.staff, xlsx(clean_rows()), commit=True)
    members = [Member.objects.with_id_number(n).get() for n in (ZHANG, WANG)]
    assert [p.member_id for p in report.plan] == [m.pk for m in members]
    assert [m.memberships.count() for m in members] == [1, 1]
    assert [m.history.count() for m in members] == [1, 1]


def test_large_imports_derive_name_keys_in_a_worker_process(org, people, monkeypatch):
    """The worker's keys are the ones the service derives."""
    from tongxin.members.roster import derive
    from tongxin.members.services import name_keys

    monkeypatch.setattr(derive, "PARALLEL_MIN", 1)
    monkeypatch.setattr(derive, "CHUNK", 1)
    keys = derive.NameKeys()
    keys.start(["张传吉", "曾国藩", "张传吉"])
    assert keys._pool is not None and len(keys._futures) == 2
    assert keys("曾国藩") == name_keys("曾国藩") and keys._pool is None
    assert set(keys) == {"张传吉", "曾国藩"}
    report = run(people.staff, xlsx(clean_rows()), commit=True)
    assert report.created == 2
    zhang = Member.objects.with_id_number(ZHANG).get()
    assert zhang.pinyin_key == name_keys("张传吉")["pinyin_key"]


def test_a_csv_date_column_mixing_month_widths_flags_yyyy_1_as_ambiguous(people):
    rows = [
        ["姓名", "身份证号", "入会时间", "所在组织"],
        ["张传吉", ZHANG, "2005.1", "教育一支部"],
        ["王芳", WANG, "2012.05", "市直属第一支部"],
    ]
    report = run(people.staff, csv_bytes(rows), filename="花名册.csv")
    found = {(e.row, e.column, e.value): e.message for e in report.errors}
    assert list(found) == [(2, "入会时间", "2005.1")]
    assert "有歧义" in found[(2, "入会时间", "2005.1")]
    assert report.valid == 1


def test_a_csv_date_column_written_one_way_reads_yyyy_1_as_january(org, people):
    rows = [
        ["姓名", "身份证号", "入会时间", "所在组织"],
        ["张传吉", ZHANG, "2005.1", "教育一支部"],
        ["王芳", WANG, "2012.5", "市直属第一支部"],
    ]
    report = run(people.staff, csv_bytes(rows), filename="花名册.csv", commit=True)
    assert report.errors == []
    assert Member.objects.with_id_number(ZHANG).get().joined_on == dt.date(2005, 1, 1)
