"""``tongxin audit-archive --before DATE --out FILE``: copy old audit rows to a file.

Writes the rows recorded before DATE as JSON lines, hashes included, so the
copy can be verified offline.  DATE must lie at least the retention period
(``TONGXIN_AUDIT_RETENTION_DAYS``, at least 180 days) in the past.  Nothing is
deleted: the trail is kept forever in the database (the triggers forbid
deletion); archives are offline copies.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.audit.models import AuditEvent
from tongxin.audit.services import audit_record

CHUNK = 2000


class Command(BaseCommand):
    help = "Export audit rows older than the retention period to a JSON-lines file."

    def add_arguments(self, parser):
        parser.add_argument(
            "--before", required=True, metavar="DATE", help="归档此日期之前的记录"
        )
        parser.add_argument(
            "--out", required=True, metavar="FILE", help="输出文件（JSON lines）"
        )

    def handle(self, *args, before: str, out: str, **options):
        try:
            day = dt.date.fromisoformat(before)
        except ValueError:
            raise CommandError(
                _("--before 应为 年-月-日 格式，如 2025-01-31。"), returncode=2
            ) from None
        retention = settings.TONGXIN_AUDIT_RETENTION_DAYS
        latest = timezone.localdate() - dt.timedelta(days=retention)
        if day > latest:
            raise CommandError(
                _(
                    "只能归档保存期（%(days)d 天）以前的记录：--before 不能晚于 %(latest)s。"
                )
                % {"days": retention, "latest": latest.isoformat()},
                returncode=2,
            )
        target = Path(out)
        if target.exists():
            raise CommandError(_("文件 %s 已存在，不会覆盖。") % target, returncode=2)
        cutoff = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
        rows = AuditEvent.objects.filter(at__lt=cutoff).order_by("id")
        try:
            fd, temp = tempfile.mkstemp(suffix=".jsonl", dir=target.parent or ".")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    count = 0
                    for event in rows.iterator(chunk_size=CHUNK):
                        f.write(json.dumps(_row(event), ensure_ascii=False) + "\n")
                        count += 1
                os.replace(temp, target)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
        except OSError as e:
            raise CommandError(_("无法写入文件：%s") % e, returncode=2) from e
        audit_record(
            action="export",
            object_type="audit.auditevent",
            object_repr=_("审计记录归档"),
            detail={"before": day.isoformat(), "rows": count, "file": str(target)},
        )
        self.stdout.write(
            _(
                "已将 %(n)d 条 %(day)s 以前的审计记录归档到 %(path)s（数据库中的记录保留不动）。"
            )
            % {"n": count, "day": day.isoformat(), "path": target}
        )


def _row(event: AuditEvent) -> dict:
    """Return an event as the JSON object of one archive line."""
    return {
        "id": event.pk,
        "at": event.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "ip": event.ip,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "detail": event.detail,
        "prev_hash": event.prev_hash,
        "hash": event.hash,
    }
