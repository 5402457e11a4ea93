"""Import a roster (花名册): check every row, then write all of it or the valid rows.

:func:`roster_import` is a service.  It reads the file (:mod:`.reader`),
cleans every row with :func:`~tongxin.members.validation.clean_member_fields`,
finds duplicates inside the file and matches rows against the registry by ID
number (or, for rows without one, by 会员证号): a match is an update, anything
else a new member.  Every problem becomes a :class:`RowError` naming the
spreadsheet row, the column as headed in the file, the value and the reason in
Chinese.

A dry run (``commit=False``) only reads.  A commit runs the same checks inside
one transaction and then writes, in bulk, either nothing when any row is wrong
(``mode="all"``) or every valid row (``mode="valid"``); a failure while
writing rolls everything back.  History rows are written for every created
and changed member, and new members get their first membership period.

Rules a roster cannot break:

* a row may not move a member to another organization or change their status:
  those are transfers and departures with their own dates (use those
  functions); a new member's status must be 在册;
* an empty cell leaves the registry's value alone, so a roster with fewer
  columns or gaps never erases data;
* a branch head imports only within their subtree: rows naming an organization
  outside it, or matching a member outside it, are errors.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.audit.services import audit_record, roster_import_detail
from tongxin.core import crypto
from tongxin.core.dates import DottedMonthColumn
from tongxin.core.errors import ServiceError
from tongxin.core.idnumber import is_masked
from tongxin.core.text import clean_cell
from tongxin.members.models import Member, Membership
from tongxin.members.policies import policy
from tongxin.members.roster import bulk, columns
from tongxin.members.roster.derive import NameKeys
from tongxin.members.roster.reader import ImportFileError, RosterTable, read_roster
from tongxin.members.services import REVEALABLE_FIELDS, index_values
from tongxin.members.validation import DATE_FIELDS, clean_member_fields
from tongxin.orgs.models import Organization
from tongxin.orgs.selectors import org_list

__all__ = [
    "MODES",
    "TEMPLATE_EXAMPLE_ID",
    "ImportReport",
    "RowError",
    "RowPlan",
    "import_orgs",
    "roster_import",
]

MODES = ("all", "valid")
#: Rows matched against the registry per query.
MATCH_CHUNK = 500
#: New members written per slice (member, history and membership rows).
WRITE_SLICE = 5000
#: The example row of the template carries this (valid) ID number; a row with
#: it is refused so that the sample is never imported as a member.
TEMPLATE_EXAMPLE_ID = "110101199003070011"

#: Fields that clean_member_fields checks on their own, independent of the
#: other fields, and whose values repeat down a roster: each distinct value is
#: cleaned once per import.  Keep in step with validation.py.
REPEATING_FIELDS = frozenset({"ethnicity", "education", "degree", "sector", "status"})
#: Length limits of model fields that clean_member_fields does not check.
EXTRA_LIMITS = {"email": 254, "certificate_no": 30}


#: Fields an export writes masked for users without the reveal right.
MASKABLE_FIELDS = frozenset({"id_number", "mobile"})


@dataclass(frozen=True)
class RowError:
    """A problem in one cell (or row) of the file."""

    row: int
    column: str
    value: str
    message: str


@dataclass
class RowPlan:
    """What a valid row does: create a member or update one."""

    row: int
    action: str  # "create" | "update"
    name: str
    organization: str
    member_id: int | None = None
    #: Headers of the columns whose value differs from the registry (updates).
    changes: tuple[str, ...] = ()


@dataclass
class ImportReport:
    """The outcome of a dry run or a commit.

    ``created`` and ``updated`` count the members written by a commit, or
    that a dry run would write; ``updated`` counts matched members whose record
    changes and ``unchanged`` those it leaves as they are.
    """

    filename: str
    mode: str = "all"
    rows: int = 0
    valid: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    committed: bool = False
    header_row: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    plan: list[RowPlan] = field(default_factory=list)

    @property
    def invalid(self) -> int:
        return self.rows - self.valid

    def as_dict(self, *, plan: bool = False) -> dict:
        """Return the report as JSON-ready data (the CLI's and the API's contract)."""
        data = {
            "rows": self.rows,
            "valid": self.valid,
            "created": self.created,
            "updated": self.updated,
            "errors": [asdict(e) for e in self.errors],
            "unchanged": self.unchanged,
            "committed": self.committed,
            "mode": self.mode,
            "header_row": self.header_row,
            "ignored_columns": self.ignored_columns,
        }
        if plan:
            data["plan"] = [asdict(p) for p in self.plan]
        return data


def import_orgs(*, user):
    """Return the open organizations ``user`` may import members into."""
    return org_list(user=user).filter(policy.scope_q(user, "import", "path"))


def roster_import(
    *,
    by,
    source: bytes | Path | str | BinaryIO,
    filename: str,
    commit: bool = False,
    mode: str = "all",
    default_org: Organization | None = None,
    reason: str | None = None,
) -> ImportReport:
    """Check a roster file and, with ``commit``, write it; return the report.

    ``default_org`` receives new members of rows without an organization.
    ``reason`` is the change reason recorded in history.  Raise
    :class:`~.reader.ImportFileError` for a file that cannot be read,
    ``PermissionDenied`` if ``by`` may not import at all or not into
    ``default_org``.
    """
    if mode not in MODES:
        raise ValidationError(
            {
                "mode": _(
                    "导入方式应为 all（全部无误才导入）或 valid（只导入无误的行）。"
                )
            }
        )
    if not policy.can(by, "import"):
        raise PermissionDenied(_("您没有导入会员的权限。"))
    if default_org is not None:
        if not policy.can(by, "import", _PathOnly(default_org.path)):
            raise PermissionDenied(_("您无权向“%s”导入会员。") % default_org.name)
        if default_org.closed_on is not None:
            raise ServiceError(_("组织“%s”已撤销，不能接收会员。") % default_org.name)
    table = read_roster(source, filename=filename)
    run = _Import(by=by, table=table, mode=mode, default_org=default_org)
    if not commit:
        run.check()
        return run.report
    reason = reason or _("导入花名册：%s") % Path(filename).name
    try:
        with transaction.atomic():
            run.check(lock=True, derive=True)
            if run.report.errors and mode == "all":
                run.report.created = run.report.updated = 0
                return run.report
            run.write(reason=reason)
            audit_record(
                action="import",
                object_type="members.member",
                object_repr=run.report.filename,
                actor=by,
                detail=roster_import_detail(run.report),
            )
    except IntegrityError:
        raise ServiceError(
            _(
                "导入时登记册已被他人修改（如同一身份证号或会员证号刚被登记），请重新预览后再导入。"
            )
        ) from None
    finally:
        run.keys.close()
    return run.report


class _PathOnly:
    """A stand-in carrying only ``org_path``, for policy checks on an organization."""

    def __init__(self, path: str):
        self.org_path = path
        self.pk = None


@dataclass
class _Row:
    number: int
    raw: dict  # field -> cell value as read (blank cells left out)
    data: dict = field(default_factory=dict)  # cleaned member fields
    org: Organization | None = None
    member: Member | None = None
    ok: bool = True
    #: Fields whose cell held a mask (``2****************4``): left unchanged.
    masked: frozenset = frozenset()
    #: The keyed hash of the row's ID number, as matched against the registry.
    id_hash: str | None = None


class _Import:
    """One run of the checks (and the write) over a roster table."""

    def __init__(self, *, by, table: RosterTable, mode: str, default_org):
        self.by = by
        self.table = table
        self.default_org = default_org
        self.report = ImportReport(
            filename=table.filename,
            mode=mode,
            header_row=table.header_row,
            ignored_columns=list(table.ignored),
        )
        self.headers = {c.field: c.header for c in table.columns}
        self.positions = {c.field: i for i, c in enumerate(table.columns)}
        self.rows: list[_Row] = []
        self._value_cache: dict = {}
        self._org_cache: dict = {}
        self._orgs: _OrgIndex | None = None
        self.keys = NameKeys()

    # -- reporting -----------------------------------------------------------

    def header(self, field_name: str) -> str:
        if field_name in self.headers:
            return self.headers[field_name]
        try:
            return columns.by_field(field_name).header
        except KeyError:
            return ""

    def error(self, row: _Row, field_name: str, message: str) -> None:
        row.ok = False
        self.report.errors.append(
            RowError(
                row=row.number,
                column=self.header(field_name),
                value=_display(row.raw.get(field_name)),
                message=message,
            )
        )

    # -- checking ------------------------------------------------------------

    def check(self, *, lock: bool = False, derive: bool = False) -> None:
        """Clean every row, find duplicates and match the registry.

        ``lock`` locks the matched members (for a commit); ``derive`` starts
        deriving the names' keys in the background for the write to come.
        """
        member_columns = [
            (c.index, c.field)
            for c in self.table.columns
            if c.field not in (columns.ORGANIZATION, columns.ORG_CODE)
        ]
        org_columns = [
            (c.index, c.field)
            for c in self.table.columns
            if c.field in (columns.ORGANIZATION, columns.ORG_CODE)
        ]
        mapped = [*member_columns, *org_columns]
        org_fields = (columns.ORGANIZATION, columns.ORG_CODE)
        rows = self.table.rows
        name_column = self.table.column("name")
        if derive and name_column is not None:
            rows = list(rows)
            self.keys.start(_cell_text(cells, name_column.index) for _n, cells in rows)
        dotted = {name: DottedMonthColumn() for name in DATE_FIELDS}
        for number, cells in rows:
            width = len(cells)
            raw = {}
            member_raw = {}
            masked = set()
            for index, name in mapped:
                if index >= width:
                    continue
                value = cells[index]
                if value.__class__ is str:
                    if value[:1] == "'":
                        value = columns.restore(value)
                    if not value or value.isspace():
                        continue
                elif value is None:
                    continue
                if name in MASKABLE_FIELDS and is_masked(value):
                    # A masked export read back: the value is unknown, not
                    # new; the stored one stays as it is.
                    masked.add(name)
                    continue
                raw[name] = value
                if name not in org_fields:
                    member_raw[name] = value
            row = _Row(number=number, raw=raw, masked=frozenset(masked))
            self.rows.append(row)
            for name in DATE_FIELDS:
                if name in member_raw:
                    dotted[name].note(member_raw[name], row)
            self._clean(row, member_raw)
            self._resolve_org(row)
        for name, column in dotted.items():
            for row, error in column.ambiguous():
                row.data.pop(name, None)
                self.error(row, name, str(error))
        self.report.rows = len(self.rows)
        if not self.rows:
            raise ImportFileError(_("表中没有会员数据：表头下面没有填写任何行。"))
        self._file_duplicates()
        self._match(lock=lock)
        self._decide()
        order = {c.header: i for i, c in enumerate(self.table.columns)}
        self.report.errors.sort(key=lambda e: (e.row, order.get(e.column, len(order))))
        self.report.valid = sum(1 for r in self.rows if r.ok)
        for row in self.rows:
            row.raw = {}  # only the error messages needed the cells as read

    def _clean(self, row: _Row, member_raw: dict) -> None:
        """Clean the member fields of a row (``member_raw`` is consumed)."""
        repeating = {k: member_raw.pop(k) for k in REPEATING_FIELDS & member_raw.keys()}
        messages: dict[str, list[str]] = {}
        data: dict = {}
        for name, value in repeating.items():
            key = (name, type(value), value)
            if key not in self._value_cache:
                self._value_cache[key] = _clean_alone(name, value)
            cleaned, errors = self._value_cache[key]
            data.update(cleaned)
            for k, msgs in errors.items():
                messages.setdefault(k, []).extend(msgs)
        try:
            data.update(clean_member_fields(member_raw))
        except ValidationError as e:
            for k, msgs in e.message_dict.items():
                messages.setdefault(k, []).extend(msgs)
        for name, limit in EXTRA_LIMITS.items():
            value = data.get(name)
            if value and len(value) > limit:
                messages.setdefault(name, []).append(_("不能超过 %d 个字符。") % limit)
        if data.get("id_number") == TEMPLATE_EXAMPLE_ID:
            messages.setdefault("id_number", []).append(
                _("这是导入模板中的示例行，请删除后再导入。")
            )
        for name, msgs in messages.items():
            for message in msgs:
                self.error(row, name, message)
        row.data = data

    def _resolve_org(self, row: _Row) -> None:
        key = (row.raw.get(columns.ORG_CODE), row.raw.get(columns.ORGANIZATION))
        if key == (None, None):
            return
        if key not in self._org_cache:
            code, name = clean_cell(key[0]), _org_name(key[1])
            self._org_cache[key] = (
                self._find_org(code, name) if code or name else (None, "", "")
            )
        org, field_name, message = self._org_cache[key]
        if message:
            self.error(row, field_name, message)
        row.org = org

    def _org_index(self) -> _OrgIndex:
        if self._orgs is None:
            self._orgs = _OrgIndex()
        return self._orgs

    def _find_org(self, code: str, name: str) -> tuple:
        """Return ``(organization, field of the error, error message)``."""
        index = self._org_index()
        if code:
            org = index.by_code.get(code)
            if org is None:
                return None, columns.ORG_CODE, _("组织代码“%s”不存在。") % code
            if name and name not in (_org_name(org.name), _org_name(org.short_name)):
                return (
                    None,
                    columns.ORGANIZATION,
                    _("所在组织“%(name)s”与组织代码 %(code)s（%(org)s）不一致。")
                    % {"name": name, "code": code, "org": org.name},
                )
            field_name = columns.ORG_CODE
        else:
            found = index.by_name.get(name, [])
            if not found:
                return (
                    None,
                    columns.ORGANIZATION,
                    _("组织“%s”不存在：请填写组织的全称或简称，或填写组织代码。")
                    % name,
                )
            if len(found) > 1:
                return (
                    None,
                    columns.ORGANIZATION,
                    _("有 %(n)d 个组织名为“%(name)s”，请改填组织代码（%(codes)s）。")
                    % {
                        "n": len(found),
                        "name": name,
                        "codes": "、".join(o.code for o in found),
                    },
                )
            org = found[0]
            field_name = columns.ORGANIZATION
        if not policy.can(self.by, "import", _PathOnly(org.path)):
            return None, field_name, _("您无权向“%s”导入会员。") % org.name
        if org.closed_on is not None:
            return None, field_name, _("组织“%s”已撤销，不能接收会员。") % org.name
        return org, field_name, ""

    def _file_duplicates(self) -> None:
        for name in ("id_number", "certificate_no"):
            seen: dict[str, list[_Row]] = defaultdict(list)
            for row in self.rows:
                value = row.data.get(name)
                if value:
                    seen[value].append(row)
            label = self.header(name)
            for group in seen.values():
                if len(group) < 2:
                    continue
                for row in group:
                    others = [str(r.number) for r in group if r is not row]
                    shown = "、".join(others[:5]) + (_("等") if len(others) > 5 else "")
                    self.error(
                        row,
                        name,
                        _("%(label)s在文件中重复：与第 %(rows)s 行相同。")
                        % {"label": label, "rows": shown},
                    )

    def _match(self, *, lock: bool) -> None:
        """Find each row's member in the registry (all of it, not just the scope)."""
        # ID numbers are stored encrypted: rows are matched by keyed hash.
        by_id = {}
        for r in self.rows:
            if r.data.get("id_number"):
                r.id_hash = crypto.blind_index("id_number", r.data["id_number"])
                by_id[r.id_hash] = r
        certificates = {
            r.data["certificate_no"]: r
            for r in self.rows
            if r.data.get("certificate_no")
        }
        queryset = Member.objects.all()
        if lock:
            queryset = queryset.select_for_update()
        for chunk in _chunks(list(by_id), MATCH_CHUNK):
            for member in queryset.filter(id_number_hash__in=chunk):
                by_id[member.id_number_hash].member = member
        # A row matched by ID number that keeps its member's certificate number
        # needs no second look-up.
        unsettled = [
            number
            for number, row in certificates.items()
            if row.member is None or row.member.certificate_no != number
        ]
        holders: dict[str, Member] = {}
        for chunk in _chunks(unsettled, MATCH_CHUNK):
            for member in queryset.filter(certificate_no__in=chunk):
                holders[member.certificate_no] = member
        for number, row in certificates.items():
            holder = holders.get(number)
            if holder is None:
                continue
            if row.member is None and not row.data.get("id_number"):
                row.member = holder
            elif row.member is None or row.member.pk != holder.pk:
                visible = policy.can(self.by, "import", holder)
                self.error(
                    row,
                    "certificate_no",
                    _("会员证号已被会员“%s”使用。") % holder.name
                    if visible
                    else _("会员证号已登记，不能重复使用。"),
                )
        matched: dict[int, list[_Row]] = defaultdict(list)
        orgs = self._org_index().by_pk
        for row in self.rows:
            if row.member is not None:
                matched[row.member.pk].append(row)
                # Organizations come from the index: no query per member.
                row.member.organization = orgs[row.member.organization_id]
        for group in matched.values():
            if len(group) > 1:
                for row in group:
                    others = "、".join(str(r.number) for r in group if r is not row)
                    self.error(
                        row,
                        "name",
                        _("与第 %s 行对应同一名会员。") % others,
                    )

    def _decide(self) -> None:
        """Check each row against its member or target organization; plan it."""
        for row in self.rows:
            member = row.member
            if member is not None:
                self._decide_update(row, member)
            else:
                self._decide_create(row)

    def _decide_update(self, row: _Row, member: Member) -> None:
        key = "id_number" if row.data.get("id_number") else "certificate_no"
        if not policy.can(self.by, "import", member):
            # Says no more than a duplicate check may: the number is taken.
            self.error(
                row,
                key,
                _("已登记，不能通过导入新增或修改；如有疑问请联系组织部。"),
            )
            return
        org_field = (
            columns.ORG_CODE if columns.ORG_CODE in row.raw else columns.ORGANIZATION
        )
        if row.org is not None and row.org.pk != member.organization_id:
            self.error(
                row,
                org_field,
                _(
                    "该会员现属“%(now)s”，与表中的“%(new)s”不一致；组织调动请使用“调动”功能。"
                )
                % {"now": member.organization.name, "new": row.org.name},
            )
        status = row.data.get("status")
        if status and status != member.status:
            self.error(
                row,
                "status",
                _("会员状态不能通过导入修改（现为“%s”）；离会请使用“离会”功能。")
                % member.get_status_display(),
            )
        if not row.ok:
            return
        changed = [
            k for k, v in row.data.items() if k != "status" and getattr(member, k) != v
        ]
        changed.sort(key=lambda k: self.positions.get(k, len(self.positions)))
        changes = tuple(self.header(k) for k in changed)
        self.report.plan.append(
            RowPlan(
                row=row.number,
                action="update",
                name=row.data.get("name") or member.name,
                organization=member.organization.name,
                member_id=member.pk,
                changes=changes,
            )
        )
        if changes:
            self.report.updated += 1
        else:
            self.report.unchanged += 1

    def _decide_create(self, row: _Row) -> None:
        if "id_number" in row.masked:
            self.error(
                row,
                "id_number",
                _(
                    "身份证号已遮蔽，无法据此识别或新增会员：请填写完整的身份证号，"
                    "或保留会员证号以更新已登记的会员。"
                ),
            )
            return
        org = row.org
        if org is None and not (
            {columns.ORGANIZATION, columns.ORG_CODE} & row.raw.keys()
        ):
            org = self.default_org
            if org is None:
                self.error(
                    row,
                    columns.ORGANIZATION,
                    _(
                        "新会员未填写所在组织：请填写“所在组织”或“组织代码”，或选择默认组织。"
                    ),
                )
        row.org = org
        status = row.data.get("status")
        if status and status != Member.Status.ACTIVE:
            self.error(
                row,
                "status",
                _("新增会员的状态只能是“在册”；已离会的人员请不要导入。"),
            )
        if not row.ok:
            return
        self.report.plan.append(
            RowPlan(
                row=row.number,
                action="create",
                name=row.data["name"],
                organization=org.name,
            )
        )
        self.report.created += 1

    # -- writing -------------------------------------------------------------

    def write(self, *, reason: str) -> None:
        """Write the valid rows in bulk (inside the caller's transaction).

        New members, their history rows and first membership periods are
        inserted with :mod:`.bulk`; changed members are updated there too.
        """
        user_id = self.by.pk if getattr(self.by, "pk", None) else None
        keys_of = self.keys
        now = timezone.now()
        today = timezone.localdate()
        new_rows = [r for r in self.rows if r.ok and r.member is None]
        ids = bulk.allocate_ids(Member, len(new_rows))
        # In slices, so that the rows being written stay few in memory.
        for start in range(0, len(new_rows), WRITE_SLICE):
            created: list[dict] = []
            for row, pk in zip(
                new_rows[start : start + WRITE_SLICE],
                ids[start : start + WRITE_SLICE],
                strict=True,
            ):
                created.append(self._new_member(row, pk, keys_of, now, today))
            bulk.insert_rows(
                Member,
                created,
                history={
                    "history_type": "+",
                    "user_id": user_id,
                    "reason": reason,
                    "at": now,
                },
            )
            periods = [
                {
                    "member_id": m["id"],
                    "organization_id": m["organization_id"],
                    "org_path": m["org_path"],
                    "start_on": m["joined_on"],
                    "end_on": None,
                    "recorded_by_id": user_id,
                    "recorded_at": now,
                }
                for m in created
            ]
            bulk.insert_rows(Membership, periods, skip=["id"])
        created_ids = iter(ids)
        for plan in self.report.plan:
            if plan.action == "create":
                plan.member_id = next(created_ids)

        updates: list[Member] = []
        changed_fields: set[str] = set()
        for row in self.rows:
            if not row.ok or row.member is None:
                continue
            member = row.member
            data = {k: v for k, v in row.data.items() if k != "status"}
            fields = [k for k, v in data.items() if getattr(member, k) != v]
            if not fields:
                continue
            for k in fields:
                setattr(member, k, data[k])
            if hashes := index_values({k: data[k] for k in fields}):
                for k, v in hashes.items():
                    setattr(member, k, v)
                fields.extend(hashes)
            if "name" in fields:
                keys = dict(keys_of(member.name))
                if member.stroke_key_manual:
                    keys.pop("stroke_key")
                for k, v in keys.items():
                    setattr(member, k, v)
                fields.extend(keys)
            member.version += 1
            member.updated_at = now
            changed_fields.update(fields)
            updates.append(member)
        bulk.update_rows(
            Member, updates, sorted(changed_fields | {"version", "updated_at"})
        )
        states = [
            {f.attname: getattr(m, f.attname) for f in Member._meta.concrete_fields}
            for m in updates
        ]
        history = bulk.history_rows(
            Member, states, history_type="~", user_id=user_id, reason=reason, at=now
        )
        bulk.insert_rows(Member.history.model, history, skip=["history_id"])
        self.report.created = len(new_rows)
        self.report.updated = len(updates)
        self.report.committed = True

    @staticmethod
    def _new_member(row: _Row, pk: int, keys_of, now, today) -> dict:
        """Return the column values of a new member from a valid row."""
        values = {k: v for k, v in row.data.items() if k != "status"}
        values.update(keys_of(values["name"]))
        if row.id_hash is not None:
            # Hashed once already, to match the registry.
            values.update(index_values({**values, "id_number": None}))
            values["id_number_hash"] = row.id_hash
        else:
            values.update(index_values(values))
        for name in REVEALABLE_FIELDS.keys() & values.keys():
            # Encrypted once, stored alike in the member and history rows.
            if values[name]:
                values[name] = crypto.Ciphertext(crypto.encrypt(values[name]))
        values.update(
            id=pk,
            organization_id=row.org.pk,
            org_path=row.org.path,
            created_at=now,
            updated_at=now,
        )
        if values.get("joined_on") is None:
            values["joined_on"] = today
        return values


class _OrgIndex:
    """All organizations by code and by (cleaned) full and short name."""

    def __init__(self):
        self.by_code: dict[str, Organization] = {}
        self.by_pk: dict[int, Organization] = {}
        self.by_name: dict[str, list[Organization]] = defaultdict(list)
        for org in Organization.objects.all().order_by("path"):
            self.by_code[org.code] = org
            self.by_pk[org.pk] = org
            names = {_org_name(org.name), _org_name(org.short_name)} - {""}
            for name in names:
                self.by_name[name].append(org)
        # A name used by an open and a closed organization means the open one.
        for name, found in list(self.by_name.items()):
            open_ones = [o for o in found if o.closed_on is None]
            if open_ones and len(open_ones) < len(found):
                self.by_name[name] = open_ones


def _cell_text(cells: list, index: int) -> str:
    """Return a cell as the importer cleans it (neutralising quote removed)."""
    return clean_cell(columns.restore(cells[index])) if index < len(cells) else ""


def _org_name(value: object) -> str:
    return "".join(clean_cell(value).split())


def _clean_alone(name: str, value: object) -> tuple[dict, dict[str, list[str]]]:
    try:
        return clean_member_fields({name: value}, partial=True), {}
    except ValidationError as e:
        return {}, e.message_dict


def _display(value: object) -> str:
    """Return a cell value as the user sees it in the spreadsheet."""
    if isinstance(value, float) and abs(value) >= 1e15:
        return f"{value:.15G}"
    return clean_cell(value)


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
