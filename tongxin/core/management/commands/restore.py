"""``tongxin restore PATH [--yes] [--json]``: replace the database with a backup.

Refuses a backup of the other engine, a damaged one, one with a newer schema,
and — without ``--yes`` — a database that already holds data.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tongxin.core.backup import restore_database
from tongxin.core.errors import ServiceError


class Command(BaseCommand):
    help = _(
        "用 tongxin backup 生成的备份替换当前数据库的全部内容；数据库中已有数据时须加 --yes。"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("备份文件路径"))
        parser.add_argument(
            "--yes", action="store_true", help=_("确认覆盖数据库中的现有数据")
        )
        parser.add_argument("--json", action="store_true", help=_("以 JSON 输出结果"))

    def handle(self, *args, path, yes: bool, json: bool = False, **options):
        try:
            result = restore_database(path, confirmed=yes)
        except ServiceError as e:
            raise CommandError(e.message) from e
        if json:
            self.stdout.write(_dumps(result.as_dict()))
            return
        manifest = result.manifest
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "已从 %(path)s 恢复（备份于 %(created)s，%(tables)d 张表，%(rows)d 行，已逐表核对行数，用时 %(s).1f 秒）。"
                )
                % {
                    "path": result.path,
                    "created": manifest.created_at,
                    "tables": len(manifest.tables),
                    "rows": manifest.rows,
                    "s": result.seconds,
                }
            )
        )
        if result.dropped_tables:
            self.stdout.write(
                _("已删除备份中没有的表：%s") % "、".join(result.dropped_tables)
            )
        if result.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "备份早于当前程序版本，请运行 tongxin migrate 升级数据库结构（%d 个迁移）。"
                    )
                    % len(result.pending_migrations)
                )
            )


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False)
