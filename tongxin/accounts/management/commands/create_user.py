"""``tongxin create-user USERNAME [--display-name N] [--email E] [--role ROLE
--org CODE]``: create an ordinary (non-superuser) account.

Run by the server operator (trusted). The account gets a one-time password,
printed once, to be changed at first login; ``--role`` with ``--org`` grants
a role on that organization's subtree (the same rules as on the web:
administrators hold no business role).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.accounts.models import Role
from tongxin.accounts.services import grant_role, password_reset_by_admin, user_create
from tongxin.core.errors import ServiceError
from tongxin.orgs.models import Organization


class Command(BaseCommand):
    help = _("新建普通账户（非超级用户），输出一次性密码，首次登录须修改。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help=_("用户名"))
        parser.add_argument("--display-name", default="", help=_("显示名称"))
        parser.add_argument("--email", default="", help=_("电子邮箱"))
        parser.add_argument("--role", choices=Role.values, default=None, help=_("角色"))
        parser.add_argument("--org", default=None, help=_("授权的组织代码"))

    def handle(self, *args, username, display_name, email, role, org, **options):
        if bool(role) != bool(org):
            raise CommandError(_("--role 与 --org 须同时填写。"))
        node = None
        if org:
            node = Organization.objects.filter(code=org).first()
            if node is None:
                raise CommandError(_("组织代码“%s”不存在。") % org)
        try:
            with transaction.atomic():
                user = user_create(
                    by=None,
                    username=username,
                    password=None,
                    display_name=display_name,
                    email=email,
                )
                if role:
                    grant_role(by=None, user=user, role=role, organization=node)
                password = password_reset_by_admin(by=None, user=user)
        except ServiceError as e:
            raise CommandError(e.message) from e
        except ValidationError as e:
            raise CommandError("；".join(e.messages)) from e
        self.stdout.write(password)
