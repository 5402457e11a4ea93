"""``tongxin create-api-token USERNAME [--name NAME] [--expires-days N] [--read-only]``.

Run by the server operator (trusted): mints a bearer token for any active
account but the superuser, administrators included (a migration script run
by one). The token lives at most 90 days and is shown once.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tongxin.accounts.models import User
from tongxin.accounts.services import TOKEN_MAX_DAYS, api_token_create
from tongxin.core.errors import ServiceError


class Command(BaseCommand):
    help = _("为用户生成一个接口令牌；令牌只显示这一次，请妥善保存。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help=_("用户名"))
        parser.add_argument("--name", default="cli", help=_("令牌名称，便于日后辨认"))
        parser.add_argument(
            "--expires-days",
            type=int,
            default=TOKEN_MAX_DAYS,
            help=_("有效天数（1–%d，默认 %d）") % (TOKEN_MAX_DAYS, TOKEN_MAX_DAYS),
        )
        parser.add_argument(
            "--read-only", action="store_true", help=_("只读令牌：只能查询")
        )

    def handle(
        self,
        *args,
        username: str,
        name: str,
        expires_days: int,
        read_only: bool,
        **options,
    ) -> None:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(_("用户“%s”不存在或已停用。") % username)
        try:
            _token, raw = api_token_create(
                user=user, name=name, expires_days=expires_days, read_only=read_only
            )
        except ServiceError as e:
            raise CommandError(e.message) from e
        except ValidationError as e:
            raise CommandError("；".join(e.messages)) from e
        self.stdout.write(raw)
