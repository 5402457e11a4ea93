"""Roster export: the import layout, human values, formulas neutralised, round trip."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied

from tests.members.roster_files import read_xlsx
from tongxin.core import codes
from tongxin.members.models import Member
from tongxin.members.roster import columns
from tongxin.members.roster.exporter import (
    export_filename,
    roster_export,
    roster_template,
)
from tongxin.members.roster.importer import TEMPLATE_EXAMPLE_ID, roster_import
from tongxin.members.selectors import MemberFilters
from tongxin.members.services import member_leave, member_set_stroke_key


def export(user, **filters) -> bytes:
    out = io.BytesIO()
    roster_export(user=user, filters=MemberFilters(**filters), out=out)
    return out.getvalue()


@pytest.fixture
def registry(org, people, make_member):
    """Members with every kind of value the export must carry."""
    zhang = make_member(
        org.edu1,
        "张传吉",
        birth=dt.date(1975, 3, 14),
        former_name="张川",
        ethnicity="满族",
        native_place="辽宁大连",
        education="硕士研究生毕业",
        degree="硕士",
        title="讲师",
        title_level="无",
        work_unit="大连市第一中学",
        job='=HYPERLINK("http://x")',
        sector="教育",
        mobile="0411-82345678",
        email="Zhang@Example.com",
        address="+86 大连市中山区",
        joined_on=dt.date(2013, 5, 1),
        introducers="-王芳",
        certificate_no="@001",
        note="第一行\n第二行",
    )
    wang = make_member(
        org.direct,
        "欧阳 芳",
        female=True,
        birth=dt.date(1990, 12, 31),
        education="大专",
        title="高级工程师",
        note="'已引用",
    )
    member_set_stroke_key(member=wang, by=people.root, stroke_key="0000")
    gone = make_member(org.edu2, "赵明", birth=dt.date(1960, 1, 1))
    member_leave(
        member=gone, status="withdrawn", on=dt.date(2020, 1, 1), by=people.root
    )
    return {"zhang": zhang, "wang": wang, "gone": gone}


def test_it_writes_the_import_layout_with_human_values(people, registry):
    rows = read_xlsx(export(people.staff))
    assert rows[0] == [c.header for c in columns.COLUMNS]
    by_name = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert set(by_name) == {"张传吉", "欧阳 芳", "李晓梅"}  # active members only
    zhang = by_name["张传吉"]
    assert zhang["性别"] == "男" and zhang["民族"] == "满族"
    assert zhang["出生日期"] == "1975-03-14" and zhang["入会时间"] == "2013-05-01"
    assert zhang["身份证号"] == registry["zhang"].id_number
    assert zhang["学历"] == "硕士研究生毕业" and zhang["学位"] == "硕士"
    assert zhang["职称级别"] == "无" and zhang["界别"] == "教育"
    assert zhang["所在组织"] == "教育一支部" and zhang["组织代码"] == "G1B1"
    assert zhang["状态"] == "在册" and zhang["电子邮箱"] == "zhang@example.com"
    assert by_name["欧阳 芳"]["职称级别"] == "高级"


def test_it_neutralises_cells_a_spreadsheet_would_run_as_formulas(people, registry):
    data = export(people.staff)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    cells = {c.value: c for row in sheet.iter_rows(min_row=2) for c in row if c.value}
    for text in (
        '\'=HYPERLINK("http://x")',
        "'+86 大连市中山区",
        "'-王芳",
        "'@001",
        "''已引用",
    ):
        assert text in cells, text
        assert cells[text].data_type == "s"
    assert not any(c.data_type == "f" for c in cells.values())


def test_export_then_import_changes_nothing(people, registry):
    """Every exported member matches itself, with no errors and no changed field."""
    data = export(people.staff, status=None)
    before = list(Member.objects.order_by("pk").values())
    history = Member.history.count()
    report = roster_import(by=people.staff, source=data, filename="导出.xlsx")
    assert report.errors == []
    assert [p.action for p in report.plan] == ["update"] * 4
    assert [p.changes for p in report.plan] == [()] * 4
    assert (report.created, report.updated, report.unchanged) == (0, 0, 4)
    report = roster_import(
        by=people.staff, source=data, filename="导出.xlsx", commit=True
    )
    assert report.committed
    assert list(Member.objects.order_by("pk").values()) == before
    assert Member.history.count() == history


def test_every_code_name_reads_back_to_its_code():
    for table in (codes.ETHNICITY, codes.EDUCATION, codes.DEGREE, codes.SECTOR):
        for code, name in table:
            assert codes.lookup(table, name) == code, (table.key, name)


def test_it_exports_a_branch_heads_subtree_only(org, people, registry, make_member):
    make_member(org.edu1, "王芳", female=True)
    names = [row[0] for row in read_xlsx(export(people.head))[1:]]
    assert sorted(names) == ["张传吉", "王芳"]


def test_it_filters_by_organization_and_status(org, people, registry):
    names = [
        row[0] for row in read_xlsx(export(people.staff, org=org.edu, status=None))[1:]
    ]
    assert sorted(names) == ["张传吉", "李晓梅", "赵明"]
    names = [row[0] for row in read_xlsx(export(people.staff, status="withdrawn"))[1:]]
    assert names == ["赵明"]


def test_a_branch_head_cannot_export_another_branch(org, people, registry):
    with pytest.raises(PermissionDenied):
        export(people.head, org=org.edu2)


def test_leaders_may_export(people, registry):
    assert len(read_xlsx(export(people.leader))) == 4


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_people_without_the_export_right_are_refused(people, registry, who):
    with pytest.raises(PermissionDenied):
        export(getattr(people, who))


def test_it_writes_to_a_path(people, registry, tmp_path):
    path = tmp_path / "名册.xlsx"
    count = roster_export(user=people.staff, filters=None, out=path)
    assert count == 3 and len(read_xlsx(path.read_bytes())) == 4


def test_the_filename_names_the_organization_and_the_day(org):
    name = export_filename(MemberFilters(org=org.edu1))
    assert name.startswith("会员花名册-教育一支部-") and name.endswith(".xlsx")


# Template -----------------------------------------------------------------------------


def test_the_template_has_the_headers_an_example_and_instructions():
    workbook = openpyxl.load_workbook(io.BytesIO(roster_template()))
    roster, instructions = workbook.worksheets
    rows = [list(r) for r in roster.iter_rows(values_only=True)]
    assert rows[0] == [c.header for c in columns.COLUMNS]
    example = dict(zip(rows[0], rows[1], strict=True))
    assert example["身份证号"] == TEMPLATE_EXAMPLE_ID and example["性别"] == "男"
    id_column = [c.header for c in columns.COLUMNS].index("身份证号") + 1
    assert roster.cell(row=2, column=id_column).number_format == "@"
    text = [c for row in instructions.iter_rows(values_only=True) for c in row if c]
    for value in ("汉族", "大学本科毕业", "教育", "民族", "学历", "界别"):
        assert value in text
    assert any("出生年月" in t for t in text)  # synonyms are listed
    assert roster.data_validations.dataValidation


def test_the_template_example_row_is_never_imported(org, people):
    report = roster_import(
        by=people.staff, source=roster_template(), filename="模板.xlsx"
    )
    assert report.rows == 1 and report.valid == 0
    messages = [e.message for e in report.errors]
    assert "这是导入模板中的示例行，请删除后再导入。" in messages


def test_every_export_is_in_the_audit_trail(org, people, registry):
    from tongxin.audit.models import AuditEvent

    export(people.head)
    event = AuditEvent.objects.get(action="export")
    assert event.actor_id == people.head.pk and event.detail["rows"] == 1
