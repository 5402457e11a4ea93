"""``tongxin create-api-token USERNAME [--name NAME]``: mint a bearer token."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tongxin.accounts.models import User
from tongxin.accounts.services import api_token_create
from tongxin.core.errors import ServiceError


class Command(BaseCommand):
    help = _("为用户生成一个接口令牌；令牌只显示这一次，请妥善保存。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help=_("用户名"))
        parser.add_argument("--name", default="cli", help=_("令牌名称，便于日后辨认"))

    def handle(self, *args, username: str, name: str, **options) -> None:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(_("用户“%s”不存在或已停用。") % username)
        try:
            _token, raw = api_token_create(user=user, name=name)
        except ServiceError as e:
            raise CommandError(e.message) from e
        except ValidationError as e:
            raise CommandError("；".join(e.messages)) from e
        self.stdout.write(raw)
