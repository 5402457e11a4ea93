from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "tongxin.talent"
    label = "talent"
    verbose_name = _("代表人物队伍")

    def ready(self) -> None:
        from tongxin.core.ledger import register

        from .ledger import ledger_kind

        register(ledger_kind)
