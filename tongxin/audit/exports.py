"""Write the filtered audit trail as CSV (streamed) or .xlsx for the auditor.

Cells a spreadsheet would run as a formula are prefixed with a quote.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from tongxin.audit.models import AuditEvent
from tongxin.audit.selectors import event_changes, event_extra

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
CHUNK = 2000
FORMATS = ("csv", "xlsx")


def headers() -> list[str]:
    return [
        _("编号"),
        _("时间"),
        _("操作人"),
        _("地址"),
        _("操作"),
        _("对象类型"),
        _("对象编号"),
        _("对象"),
        _("变更"),
        _("其他"),
        _("哈希"),
    ]


def neutralise(text: str) -> str:
    """Prefix a quote to text a spreadsheet would run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def row_values(event: AuditEvent) -> list[str]:
    """Return the export cells of one event, all text, formula-safe."""
    changes = "；".join(
        f"{c.label}：{c.before} → {c.after}" for c in event_changes(event)
    )
    extra = "；".join(f"{k}：{v}" for k, v in event_extra(event))
    values = [
        str(event.pk),
        timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
        event.actor_name,
        event.ip or "",
        event.action_label,
        event.object_type,
        event.object_id,
        event.object_repr,
        changes,
        extra,
        event.hash,
    ]
    return [neutralise(v) for v in values]


def _events(qs: QuerySet) -> Iterable[AuditEvent]:
    return qs.order_by("id").iterator(chunk_size=CHUNK)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_chunks(qs: QuerySet) -> Iterator[bytes]:
    """Yield the CSV file (UTF-8 with BOM, for Excel) line by line."""
    writer = csv.writer(_Echo())
    yield "\ufeff".encode()
    yield writer.writerow(headers()).encode()
    for event in _events(qs):
        yield writer.writerow(row_values(event)).encode()


def write_xlsx(qs: QuerySet, out: BinaryIO) -> int:
    """Write the events to an .xlsx workbook; return the number of rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("审计记录"))
    sheet.append(headers())
    count = 0
    for event in _events(qs):
        sheet.append(row_values(event))
        count += 1
    workbook.save(out)
    return count
