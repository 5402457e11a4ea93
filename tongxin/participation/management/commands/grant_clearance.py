"""``tongxin grant-clearance USER --by SECADMIN [--from D] [--until D]``: let a user
see confidential (涉密) participation items."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from tongxin.accounts.models import User
from tongxin.participation.services import clearance_grant


class Command(BaseCommand):
    help = "Let a user see confidential participation items (granted by a security administrator)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--by", required=True, help="the security administrator")
        parser.add_argument("--from", dest="start", type=dt.date.fromisoformat)
        parser.add_argument("--until", dest="end", type=dt.date.fromisoformat)

    def handle(self, *args, username, by, start, end, **options):
        try:
            user = User.objects.get(username=username)
            admin = User.objects.get(username=by)
        except User.DoesNotExist as e:
            raise CommandError("用户不存在。") from e
        try:
            clearance_grant(
                by=admin, user=user, start_on=start or dt.date.today(), end_on=end
            )
        except PermissionDenied as e:
            raise CommandError(str(e)) from e
        except ValidationError as e:
            raise CommandError("; ".join(e.messages)) from e
        self.stdout.write(f"已授予 {user} 查阅涉密参政议政事项的权限。")
