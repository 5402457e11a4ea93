"""``tongxin export-roster PATH [--org CODE] [--status STATUS|all] [--user NAME] [--json]``.

Write members to an .xlsx roster in the layout ``import-roster`` reads.
``--org`` limits the export to an organization's subtree, ``--status`` to a
status (default: 在册 members; ``all`` for everyone).  Without ``--user`` the
command exports with full scope.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tongxin.core.errors import ServiceError
from tongxin.members.filters import filters_from_params
from tongxin.members.models import Member
from tongxin.members.roster.commandline import acting_user, refusal_message
from tongxin.members.roster.exporter import roster_export
from tongxin.orgs.selectors import org_list


class Command(BaseCommand):
    help = "Export members to an .xlsx roster that import-roster reads back."

    def add_arguments(self, parser):
        parser.add_argument("path", help="输出文件（.xlsx）")
        parser.add_argument(
            "--org", metavar="CODE", help="只导出该组织及其下级组织的会员"
        )
        parser.add_argument(
            "--status",
            choices=[*Member.Status.values, "all"],
            default=Member.Status.ACTIVE,
            help="会员状态，默认 active（在册）；all 为全部",
        )
        parser.add_argument(
            "--user", metavar="USERNAME", help="以该用户的身份和权限导出"
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="输出一个 JSON 对象"
        )

    def handle(self, *args, path, org, status, user, as_json, **options):
        target = Path(path)
        if target.suffix.lower() != ".xlsx":
            raise CommandError(_("输出文件应以 .xlsx 结尾。"), returncode=2)
        try:
            by = acting_user(user)
            params = {"status": status}
            if org:
                params["org"] = _org_id(org, by)
            filters = filters_from_params(user=by, params=params)
            # Write next to the target and rename, so a failure leaves no half file.
            fd, temp = tempfile.mkstemp(suffix=".xlsx", dir=target.parent or ".")
            try:
                with os.fdopen(fd, "wb") as out:
                    count = roster_export(user=by, filters=filters, out=out)
                os.replace(temp, target)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
        except (ServiceError, PermissionDenied, ValidationError) as e:
            raise CommandError(refusal_message(e), returncode=2) from e
        except OSError as e:
            raise CommandError(_("无法写入文件：%s") % e, returncode=2) from e
        if as_json:
            data = {"rows": count, "path": str(target)}
            self.stdout.write(json.dumps(data, ensure_ascii=False))
        else:
            self.stdout.write(
                _("已导出 %(n)d 名会员到 %(path)s。") % {"n": count, "path": target}
            )


def _org_id(code: str, by) -> int:
    """The organization by code: one answer for unknown and out of reach."""
    org = org_list(user=by, include_closed=True).filter(code=code).first()
    if org is None:
        raise ServiceError(_("组织代码“%s”不存在或您无权查看。") % code)
    return org.pk
