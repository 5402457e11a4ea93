"""Export members to an .xlsx roster in exactly the layout the importer reads.

Every column of :data:`~.columns.COLUMNS` is written under its canonical
header, with human values: 男/女, 汉族, 大学本科毕业, dates as ISO text
``YYYY-MM-DD``, ID numbers as text.  Re-importing an export changes nothing:
each row matches its member and every value cleans back to what is stored.

The workbook is written with openpyxl's write-only mode, row by row from a
database iterator, so memory stays constant however many members there are.
Each export is recorded in the audit trail with its filters and row count.

Formula neutralisation: a text cell starting with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return could run as a formula when the file is opened
(CSV/formula injection).  Such text is written with one leading single quote
(``=SUM(A1)`` → ``'=SUM(A1)``), and so is text that itself starts with a
quote, which keeps the scheme reversible; the importer removes one leading
quote from every text cell (:mod:`tongxin.core.exports`, the one path every
export is written through).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from tongxin.audit.services import actor_label, audit_record, export_filters_detail
from tongxin.core import codes, exports, tree
from tongxin.core.errors import PermissionDenied
from tongxin.core.idnumber import mask_id_number, mask_phone
from tongxin.members.models import Member, Membership
from tongxin.members.policies import policy
from tongxin.members.roster import columns
from tongxin.members.roster.importer import TEMPLATE_EXAMPLE_ID
from tongxin.members.selectors import MemberFilters, member_list

__all__ = ["export_filename", "roster_export", "roster_template"]

SHEET_TITLE = "会员花名册"
#: How title levels are written; each reads back to the same value.
TITLE_LEVEL_WORDS = {"senior": "高级", "intermediate": "中级", "junior": "初级"}
ITERATOR_CHUNK = 2000


def _text(value: str | None) -> str | None:
    # Neutralised by the workbook (tongxin.core.exports), like every cell.
    return value or None


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _title_level(member: Member) -> str | None:
    if member.title_level:
        return TITLE_LEVEL_WORDS.get(member.title_level, member.title_level)
    # An explicit "none", so the importer does not guess a level from the title.
    return "无" if member.title else None


def _code_name(table, code: str) -> str | None:
    return (table.name(code) or code) if code else None


def _values(
    member: Member, status_labels: dict, gender_labels: dict, *, clear: bool
) -> list:
    """Return the cells of one member, in :data:`~.columns.COLUMNS` order.

    ``clear`` is whether the exporting user may reveal this member's ID
    number and mobile; without it both are written masked.
    """
    org = member.organization
    id_number, mobile = member.id_number or None, member.mobile or None
    if not clear:
        id_number = mask_id_number(id_number) if id_number else None
        mobile = mask_phone(mobile) if mobile else None
    by_field = {
        "name": _text(member.name),
        "former_name": _text(member.former_name),
        "gender": gender_labels.get(member.gender),
        "ethnicity": _code_name(codes.ETHNICITY, member.ethnicity),
        "birth_date": _date(member.birth_date),
        "native_place": _text(member.native_place),
        "id_number": id_number,
        "education": _code_name(codes.EDUCATION, member.education),
        "degree": _code_name(codes.DEGREE, member.degree),
        "title": _text(member.title),
        "title_level": _title_level(member),
        "work_unit": _text(member.work_unit),
        "job": _text(member.job),
        "sector": _code_name(codes.SECTOR, member.sector),
        "mobile": mobile,
        "email": _text(member.email),
        "address": _text(member.address),
        "joined_on": _date(member.joined_on),
        "introducers": _text(member.introducers),
        columns.ORGANIZATION: _text(org.name),
        columns.ORG_CODE: _text(org.code),
        "certificate_no": _text(member.certificate_no),
        "status": status_labels.get(member.status),
        "note": _text(member.note),
    }
    return [by_field[c.field] for c in columns.COLUMNS]


def _past_values(member: Member, org) -> list:
    """Return the cells of a member now outside the user's reach, in a past roster.

    Only what was true then and is no personal data: the name, the date of
    joining and the organization on the roster's date.  Nothing of today's
    record (ID number, mobile, address, work, today's organization).
    """
    by_field = {
        "name": _text(member.name),
        "joined_on": _date(member.joined_on),
        columns.ORGANIZATION: _text(org.name) if org else None,
        columns.ORG_CODE: _text(org.code) if org else None,
        "note": _("该会员现已不在您的管辖范围内，仅列出当时的信息。"),
    }
    return [by_field.get(c.field) for c in columns.COLUMNS]


def _orgs_on(member_ids: list[int], on, org) -> dict:
    """Return each member's organization on date ``on`` (within ``org``'s subtree)."""
    periods = Membership.objects.filter(member_id__in=member_ids)
    if on is not None:
        periods = periods.filter(start_on__lte=on).filter(
            Q(end_on__isnull=True) | Q(end_on__gt=on)
        )
    if org is not None:
        periods = periods.filter(tree.subtree_q(org.path, "org_path"))
    return {
        p.member_id: p.organization
        for p in periods.select_related("organization").order_by("start_on")
    }


class _OrgPath:
    def __init__(self, path: str):
        self.org_path = path
        self.pk = None


def _within(path: str, scopes: list[str]) -> bool:
    return any(tree.is_within(path, s) for s in scopes)


#: Fields an export writes in clear for those who may reveal them.
REVEALED_FIELDS = ("id_number", "mobile")


def roster_export(
    *, user, filters: MemberFilters | None, out: BinaryIO | Path | str
) -> int:
    """Write the members ``user`` may export, filtered, to ``out``; return the count.

    ``out`` is a path or a binary file opened for writing.  Raise
    ``PermissionDenied`` unless the user may export (within the filtered
    organization, if there is one).

    ID numbers and mobiles are written in clear only for members whose
    masked values the user may reveal (staff and heads within their
    subtrees), masked otherwise; a second sheet, 导出说明, says which, and
    the clear values written are audited as one bulk reveal (how many
    members, which fields) beside the export event.  A roster of a past date
    (``filters.on``) lists members who are outside the user's reach today
    with their name, date of joining and organization of that date only.
    """
    filters = filters or MemberFilters()
    rows = ExportRows(user=user, filters=filters)
    workbook = exports.workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    _set_widths(sheet)
    sheet.freeze_panes = "B2"
    sheet.append(_header_cells(sheet))
    for values in rows:
        sheet.append(values)
    _write_notice(
        workbook,
        user=user,
        rows=rows.written,
        clear=rows.clear,
        masked=rows.masked,
        past=rows.past,
    )
    workbook.save(out)
    rows.audit(object_repr=_("会员花名册"))
    return rows.written


def _chunked(members, size: int = ITERATOR_CHUNK):
    chunk: list[Member] = []
    for member in members:
        chunk.append(member)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _write_notice(workbook, *, user, rows: int, clear: int, masked: int, past: int):
    """Say in the file what it holds: a second sheet and the document properties.

    The roster stays the first sheet, in the import layout; the importer
    reads that sheet alone.
    """
    notice = workbook.create_sheet(_("导出说明"))
    notice.column_dimensions["A"].width = 100
    lines = [
        _("会员花名册导出说明"),
        _("导出时间：%s") % timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        _("导出人：%s") % actor_label(user),
        _("会员人数：%d") % rows,
    ]
    if clear:
        lines.append(
            _(
                "本文件含 %d 名会员的身份证号、手机号明文，属于个人信息，"
                "请妥善保管、用后删除，不得转发；本次导出已作为批量查看明文记入审计日志。"
            )
            % clear
        )
    if masked:
        lines.append(
            _(
                "%d 名会员的身份证号、手机号已遮蔽（您无权查看其明文）。"
                "重新导入本文件时，遮蔽的值视为未修改，不会覆盖系统中的信息。"
            )
            % masked
        )
    if past:
        lines.append(
            _("%d 名会员现已不在您的管辖范围内，只列出姓名、入会时间和当时所在组织。")
            % past
        )
    for line in lines:
        notice.append([line])
    properties = workbook.properties
    properties.title = _("会员花名册")
    properties.subject = (
        _("含身份证号、手机号明文") if clear else _("身份证号、手机号已遮蔽")
    )
    properties.keywords = "personal-data:clear" if clear else "personal-data:masked"
    properties.creator = "Tongxin"


def export_filename(filters: MemberFilters | None = None) -> str:
    """Return the download name of an export: ``会员花名册-教育一支部-20260101.xlsx``."""
    parts = [_("会员花名册")]
    if filters is not None and filters.org is not None:
        parts.append(filters.org.short_name or filters.org.name)
    parts.append(timezone.localdate().strftime("%Y%m%d"))
    return "-".join(parts) + ".xlsx"


_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def _header_cells(sheet) -> list:
    cells = []
    for column in columns.COLUMNS:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cells.append(cell)
    return cells


def _set_widths(sheet) -> None:
    for i, column in enumerate(columns.COLUMNS, start=1):
        dimension = sheet.column_dimensions[get_column_letter(i)]
        dimension.width = column.width
        if column.text:
            # New cells typed into these columns stay text (ID numbers!).
            dimension.number_format = "@"


def roster_template() -> bytes:
    """Return the import template: headers, an example row and instructions."""
    workbook = exports.workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append([c.header for c in columns.COLUMNS])
    example = {c.field: c.example for c in columns.COLUMNS}
    example.update(
        {
            "id_number": TEMPLATE_EXAMPLE_ID,
            "birth_date": "1990-03-07",
            "gender": "男",
            columns.ORGANIZATION: _("（所在组织全称或简称）"),
            "status": _("在册"),
            "note": _("示例行，导入前请删除"),
        }
    )
    sheet.append([example.get(c.field) or None for c in columns.COLUMNS])
    for i, column in enumerate(columns.COLUMNS, start=1):
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = column.width
        if column.text:
            sheet.column_dimensions[letter].number_format = "@"
            for row in (1, 2):
                sheet.cell(row=row, column=i).number_format = "@"
        header = sheet.cell(row=1, column=i)
        header.font = _HEADER_FONT
        header.fill = _HEADER_FILL
        header.alignment = Alignment(horizontal="center")
        sheet.cell(row=2, column=i).font = Font(color="808080", italic=True)
    sheet.freeze_panes = "B2"

    help_sheet = workbook.create_sheet(_("填写说明"))
    _write_instructions(help_sheet)
    _add_dropdowns(sheet, help_sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


#: Allowed-value lists on the instructions sheet: (title, values).
def _value_lists() -> list[tuple[str, list[str]]]:
    return [
        (_("性别"), [str(label) for _v, label in Member.Gender.choices]),
        (_("民族"), [name for _c, name in codes.ETHNICITY]),
        (_("学历"), [name for _c, name in codes.EDUCATION]),
        (_("学位"), [name for _c, name in codes.DEGREE]),
        (_("界别"), [name for _c, name in codes.SECTOR]),
        (_("职称级别"), [_("正高级"), _("副高级"), _("中级"), _("初级"), _("无")]),
        (_("状态"), [str(label) for _v, label in Member.Status.choices]),
    ]


_LISTS_FIRST_COLUMN = 4  # column D onwards on the instructions sheet


def _write_instructions(sheet) -> None:
    lines = [
        _("会员花名册导入说明"),
        "",
        _(
            "1. 第一张工作表是花名册，表头在第一行；表头上方可以有标题行（前 10 行内均可）。"
        ),
        _(
            "2. 必填：姓名；性别和出生日期可由身份证号推出。新会员还需“所在组织”或“组织代码”（或在导入时选择默认组织）。"
        ),
        _(
            "3. 身份证号请按文本填写（本模板已把该列设为文本）。被 Excel 转成数字的号码后几位已丢失，会被指出。"
        ),
        _(
            "4. 日期可写为 2013-05-19、2013.05、2013年5月 或 Excel 日期；只有年月时按当月 1 日记。"
        ),
        _(
            "5. 按身份证号识别会员：已登记的会员会被更新，未登记的会被新增。空白单元格不会清除已有信息。"
        ),
        _("6. 导入不能调动组织或办理离会：已登记会员的所在组织、状态须与系统一致。"),
        _(
            "7. 先预览：系统会逐行列出问题（行号、列名、填写的值、原因）。可选择“全部无误才导入”或“只导入无误的行”。"
        ),
        _("8. 以单引号开头的文字会去掉这个单引号（导出时为防止公式执行而加上）。"),
        _("9. 第二行是示例，导入前请删除。"),
        "",
        _("可识别的列名（括号内为同义列名）："),
    ]
    for column in columns.COLUMNS:
        synonyms = "、".join(column.synonyms)
        lines.append(f"{column.header}（{synonyms}）" if synonyms else column.header)
    for i, line in enumerate(lines, start=1):
        sheet.cell(row=i, column=1, value=line)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 90
    for offset, (title, values) in enumerate(_value_lists()):
        col = _LISTS_FIRST_COLUMN + offset
        sheet.cell(row=1, column=col, value=title).font = _HEADER_FONT
        for row, value in enumerate(values, start=2):
            sheet.cell(row=row, column=col, value=value)
        sheet.column_dimensions[get_column_letter(col)].width = 16


def _add_dropdowns(sheet, help_sheet) -> None:
    """Offer the allowed values as drop-down lists (typing others still works)."""
    fields = [
        "gender",
        "ethnicity",
        "education",
        "degree",
        "sector",
        "title_level",
        "status",
    ]
    positions = {c.field: i for i, c in enumerate(columns.COLUMNS, start=1)}
    for offset, (field, (_title, values)) in enumerate(
        zip(fields, _value_lists(), strict=True)
    ):
        letter = get_column_letter(_LISTS_FIRST_COLUMN + offset)
        source = f"'{help_sheet.title}'!${letter}$2:${letter}${len(values) + 1}"
        validation = DataValidation(type="list", formula1=source, allow_blank=True)
        validation.showErrorMessage = False
        target = get_column_letter(positions[field])
        validation.add(f"{target}2:{target}5000")
        sheet.add_data_validation(validation)


class ExportRows:
    """The roster rows ``user`` may export, filtered, for every layout.

    ``count`` is the number of members; iterated, it yields each member's cells
    in :data:`~.columns.COLUMNS` order (:func:`_values`), ID numbers and mobiles
    in clear only where the user may reveal them, and members outside the
    user's reach today (a roster of a past date) with what held then only.
    After iterating, ``written``/``clear``/``masked``/``past`` count the rows,
    and :meth:`audit` records the export (and the bulk reveal, if any).
    """

    def __init__(self, *, user, filters: MemberFilters):
        if not policy.can(user, "export"):
            raise PermissionDenied(_("您没有导出会员花名册的权限。"))
        if filters.org is not None and not policy.can(
            user, "export", _OrgPath(filters.org.path)
        ):
            raise PermissionDenied(_("您无权导出“%s”的会员。") % filters.org.name)
        self.user = user
        self.filters = filters
        self.members = member_list(
            user=user, filters=filters, action="export"
        ).select_related("organization")
        self.count = self.members.count()
        self.written = self.clear = self.masked = self.past = 0

    def __iter__(self):
        status_labels = {v: str(label) for v, label in Member.Status.choices}
        gender_labels = {v: str(label) for v, label in Member.Gender.choices}
        export_scopes = policy.scopes(self.user, "export")
        reveal_scopes = policy.scopes(self.user, "reveal")
        on, org = self.filters.on, self.filters.org
        for chunk in _chunked(self.members.iterator(chunk_size=ITERATOR_CHUNK)):
            # Only a roster of a past date reaches members outside today's
            # scope (member_list keeps every other list within it).
            outside = {m.pk for m in chunk if not _within(m.org_path, export_scopes)}
            orgs_then = _orgs_on(list(outside), on, org) if outside else {}
            for member in chunk:
                self.written += 1
                if member.pk in outside:
                    self.past += 1
                    yield _past_values(member, orgs_then.get(member.pk))
                    continue
                in_clear = _within(member.org_path, reveal_scopes)
                if member.id_number or member.mobile:
                    if in_clear:
                        self.clear += 1
                    else:
                        self.masked += 1
                yield _values(member, status_labels, gender_labels, clear=in_clear)

    def audit(self, *, object_repr: str, **extra) -> None:
        """Record the export and, if clear values were written, the bulk reveal."""
        filters_detail = export_filters_detail(self.filters)
        audit_record(
            action="export",
            object_type="members.member",
            object_repr=object_repr,
            actor=self.user,
            detail={
                "filters": filters_detail,
                "rows": self.written,
                "clear": self.clear,
                "masked": self.masked,
                "past_only": self.past,
                **extra,
            },
        )
        if self.clear:
            audit_record(
                action="reveal",
                object_type="members.member",
                object_repr=_("%s（批量查看明文）") % object_repr,
                actor=self.user,
                detail={
                    "bulk": True,
                    "members": self.clear,
                    "fields": list(REVEALED_FIELDS),
                    "source": "roster_export",
                    "filters": filters_detail,
                },
            )


def export_rows(*, user, filters: MemberFilters | None = None) -> ExportRows:
    """The rows of the roster export, for another layout of the same data."""
    return ExportRows(user=user, filters=filters or MemberFilters())
