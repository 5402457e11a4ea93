"""``tongxin backup PATH [--json]``: a consistent copy of the database while it runs.

SQLite: the online backup API; PostgreSQL: ``pg_dump --format=custom``.  A
manifest ``PATH.json`` is written beside the file.  See :mod:`tongxin.core.backup`.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tongxin.core.backup import backup_database
from tongxin.core.errors import ServiceError


class Command(BaseCommand):
    help = _("备份数据库到 PATH（运行中也可备份），并在旁边写入说明文件 PATH.json。")

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("备份文件路径（不能是已有文件）"))
        parser.add_argument("--json", action="store_true", help=_("以 JSON 输出结果"))

    def handle(self, *args, path, json: bool = False, **options):
        try:
            result = backup_database(path)
        except ServiceError as e:
            raise CommandError(e.message) from e
        if json:
            self.stdout.write(_dumps(result.as_dict()))
            return
        manifest = result.manifest
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "已备份到 %(path)s（%(size).1f MB，%(tables)d 张表，%(rows)d 行，用时 %(s).1f 秒）；说明文件：%(manifest)s"
                )
                % {
                    "path": result.path,
                    "size": manifest.size / 1e6,
                    "tables": len(manifest.tables),
                    "rows": manifest.rows,
                    "s": result.seconds,
                    "manifest": result.manifest_path,
                }
            )
        )


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False)
