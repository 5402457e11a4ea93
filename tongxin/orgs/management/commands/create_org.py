"""``tongxin create-org CODE NAME --kind KIND [--parent CODE] [--short-name S]
[--founded-on DATE] [--json]``: create an organization from the command line.

Run by the server operator (trusted), e.g. to set up a committee's tree
before importing its roster; the same checks as on the web (kind under its
parent, unique code), recorded in history and the audit trail without a user.
"""

from __future__ import annotations

import datetime as dt
import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tongxin.core.errors import ServiceError
from tongxin.orgs.models import Organization
from tongxin.orgs.services import org_create


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("成立日期“%s”应为 2013-12-31 这样的格式。") % value
        ) from None


class Command(BaseCommand):
    help = _("新建组织（顶层委员会或某组织的下级）。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help=_("组织代码"))
        parser.add_argument("name", help=_("组织名称"))
        parser.add_argument(
            "--kind", required=True, choices=Organization.Kind.values, help=_("类型")
        )
        parser.add_argument("--parent", default=None, help=_("上级组织的代码"))
        parser.add_argument("--short-name", default="", help=_("简称"))
        parser.add_argument("--founded-on", default=None, help=_("成立日期"))
        parser.add_argument("--json", action="store_true", help=_("以 JSON 输出"))

    def handle(
        self, *args, code, name, kind, parent, short_name, founded_on, **options
    ):
        parent_org = None
        if parent:
            parent_org = Organization.objects.filter(code=parent).first()
            if parent_org is None:
                raise CommandError(_("上级组织代码“%s”不存在。") % parent)
        try:
            org = org_create(
                by=None,
                name=name,
                kind=kind,
                code=code,
                parent=parent_org,
                short_name=short_name,
                founded_on=_date(founded_on) if founded_on else None,
            )
        except ServiceError as e:
            raise CommandError(e.message) from e
        except ValidationError as e:
            raise CommandError("；".join(e.messages)) from e
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {"id": org.pk, "code": org.code, "name": org.name},
                    ensure_ascii=False,
                )
            )
        else:
            self.stdout.write(
                _("已新建组织“%(name)s”（%(code)s）。")
                % {
                    "name": org.name,
                    "code": org.code,
                }
            )
