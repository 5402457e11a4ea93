"""``tongxin reset-password USERNAME``: a one-time password, for recovery.

For the operator of the server when no system administrator can log in; the
user must change the password at next login. Recorded in the audit trail.
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tongxin.accounts.models import User
from tongxin.accounts.services import password_reset_by_admin


class Command(BaseCommand):
    help = _("为用户生成一次性密码（登录后须修改），并解除该账户的登录锁定。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help=_("用户名"))

    def handle(self, *args, username: str, **options) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("用户“%s”不存在。") % username)
        self.stdout.write(password_reset_by_admin(by=None, user=user))
