"""Write the filtered audit trail as CSV (streamed) or .xlsx for the auditor.

Both read the events in keyset batches of ``CHUNK`` rows (``id > last``), so
memory stays flat whatever the length of the trail: the CSV is streamed line
by line, the .xlsx written by openpyxl's write-only workbook to a temporary
file (``MAX_SHEET_ROWS`` rows a sheet, the format's limit being 1,048,576).
The number of rows goes into the file's name.  A row that cannot be written
ends the CSV with a line saying the export is incomplete, never silently.

Both are written through ``core.exports``, which neutralises every cell a
spreadsheet would run as a formula.  Values read as the audit page shows them
(one ``Reader`` per export remembers the names it looked up).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import BinaryIO

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.audit.models import AuditEvent
from tongxin.audit.readable import Reader, type_label
from tongxin.audit.selectors import event_changes, event_extra
from tongxin.core import exports

CHUNK = 2000
FORMATS = ("csv", "xlsx")
#: Rows of events a sheet holds before the next sheet starts.
MAX_SHEET_ROWS = 1_000_000

logger = logging.getLogger(__name__)


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


def row_values(event: AuditEvent, reader: Reader | None = None) -> list[str]:
    """Return the export cells of one event, all text."""
    reader = reader or Reader()
    changes = "；".join(
        f"{c.label}：{c.before} → {c.after}" for c in event_changes(event, reader)
    )
    extra = "；".join(f"{k}：{v}" for k, v in event_extra(event, reader))
    values = [
        str(event.pk),
        timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
        event.actor_name,
        event.ip or "",
        event.action_label,
        type_label(event.object_type),
        event.object_id,
        event.object_repr,
        changes,
        extra,
        event.hash,
    ]
    return values


def _events(qs: QuerySet) -> Iterator[AuditEvent]:
    """Yield the events of ``qs`` by id, one keyset batch of ``CHUNK`` at a time."""
    last = 0
    while True:
        batch = list(qs.filter(id__gt=last).order_by("id")[:CHUNK])
        yield from batch
        if len(batch) < CHUNK:
            return
        last = batch[-1].pk


def filename(fmt: str, rows: int) -> str:
    """Return the export's file name: what, when and how many rows."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return _("审计记录-%(stamp)s-共%(rows)d条.%(fmt)s") % {
        "stamp": stamp,
        "rows": rows,
        "fmt": fmt,
    }


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_chunks(qs: QuerySet) -> Iterator[bytes]:
    """Yield the CSV file (UTF-8 with BOM, for Excel) line by line."""
    writer = exports.csv_writer(_Echo())
    reader = Reader()
    yield "\ufeff".encode()
    yield writer.writerow(headers()).encode()
    written = 0
    try:
        for event in _events(qs):
            yield writer.writerow(row_values(event, reader)).encode()
            written += 1
    except Exception:
        logger.exception("audit CSV export failed after %d rows", written)
        yield writer.writerow(
            [_("导出未完成：第 %d 行之后出错，请重新导出或联系系统管理员。") % written]
        ).encode()


def write_xlsx(qs: QuerySet, out: BinaryIO) -> int:
    """Write the events to an .xlsx workbook; return the number of rows."""
    workbook = exports.workbook(write_only=True)
    reader = Reader()
    sheet = None
    count = 0
    for event in _events(qs):
        if count % MAX_SHEET_ROWS == 0:
            part = count // MAX_SHEET_ROWS + 1
            title = _("审计记录") if part == 1 else _("审计记录%d") % part
            sheet = workbook.create_sheet(title)
            sheet.append(headers())
        sheet.append(row_values(event, reader))
        count += 1
    if sheet is None:
        workbook.create_sheet(_("审计记录")).append(headers())
    workbook.save(out)
    return count
