from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HonorsConfig(AppConfig):
    name = "tongxin.honors"
    label = "honors"
    verbose_name = _("表彰与荣誉")

    def ready(self) -> None:
        from tongxin.core.ledger import register

        from .ledger import ledger_kind

        register(ledger_kind)
