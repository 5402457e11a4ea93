"""``tongxin reset-otp USERNAME``: forget a user's TOTP device (a lost phone).

The user enrolls a new device at next login. Recorded in the audit trail.
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tongxin.accounts.models import User
from tongxin.accounts.services import otp_reset_by_admin


class Command(BaseCommand):
    help = _("重置用户的双因素验证设备；用户下次登录时重新绑定。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help=_("用户名"))

    def handle(self, *args, username: str, **options) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("用户“%s”不存在。") % username)
        otp_reset_by_admin(by=None, user=user)
        self.stdout.write(_("已重置“%s”的双因素验证。") % username)
