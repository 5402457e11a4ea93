"""``tongxin bootstrap-admins --sysadmin A --secadmin B --auditadmin C``.

Create the three administrator accounts (三员分立) on the root organization,
each with a random one-time password printed once. Each must change it and
enroll a TOTP device at first login. Refused once any administrator exists.
"""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.accounts.models import ADMIN_ROLES, Grant, Role
from tongxin.accounts.services import generate_password, grant_role, user_create
from tongxin.core.errors import ServiceError
from tongxin.orgs.models import Organization


class Command(BaseCommand):
    help = _("建立系统管理员、安全管理员、审计管理员三个账户；一次性密码只显示这一次。")

    def add_arguments(self, parser: CommandParser) -> None:
        for role in ("sysadmin", "secadmin", "auditadmin"):
            parser.add_argument(
                f"--{role}",
                required=True,
                metavar="USERNAME",
                help=_("%s的用户名") % Role(role).label,
            )
        parser.add_argument(
            "--org", help=_("授权所在组织的代码；默认是组织树的根（唯一时）")
        )
        parser.add_argument("--json", action="store_true", help=_("以 JSON 输出"))

    def handle(self, *args, **options) -> None:
        names = {role: options[role] for role in ("sysadmin", "secadmin", "auditadmin")}
        if len(set(names.values())) != 3:
            raise CommandError(_("三员分立：三个管理员必须是三个不同的账户。"))
        if Grant.objects.filter(role__in=ADMIN_ROLES).exists():
            raise CommandError(
                _("已存在管理员账户，不能重复初始化；请由安全管理员在“授权”页面办理。")
            )
        root = self._root(options["org"])
        try:
            created = self._create(names, root)
        except (ServiceError, ValidationError) as e:
            message = getattr(e, "message", None) or "；".join(e.messages)
            raise CommandError(message) from e
        if options["json"]:
            self.stdout.write(json.dumps(created, ensure_ascii=False))
            return
        self.stdout.write(_("已在“%s”建立三个管理员账户（密码只显示这一次）：") % root)
        for row in created:
            self.stdout.write(
                f"  {row['role_label']}  {row['username']}  {row['password']}"
            )
        self.stdout.write(
            _(
                "首次登录须修改密码并绑定双因素验证器。超级用户只用于初始化，请随后停用。"
            )
        )

    @staticmethod
    def _root(code: str | None) -> Organization:
        if code:
            org = Organization.objects.filter(code=code).first()
            if org is None:
                raise CommandError(_("组织代码“%s”不存在。") % code)
            return org
        roots = list(Organization.objects.filter(parent__isnull=True)[:2])
        if len(roots) != 1:
            raise CommandError(
                _("组织树没有唯一的根，请用 --org 指定组织代码。")
                if roots
                else _("还没有组织，请先建立组织树的根。")
            )
        return roots[0]

    @staticmethod
    @transaction.atomic
    def _create(names: dict[str, str], root: Organization) -> list[dict]:
        created = []
        for role, username in names.items():
            password = generate_password()
            user = user_create(
                by=None,
                username=username,
                password=password,
                display_name=str(Role(role).label),
            )
            grant_role(by=None, user=user, role=role, organization=root)
            created.append(
                {
                    "role": role,
                    "role_label": str(Role(role).label),
                    "username": username,
                    "password": password,
                }
            )
        return created
