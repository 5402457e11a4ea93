from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "tongxin.activities"
    label = "activities"
    verbose_name = _("活动与社会服务")

    def ready(self) -> None:
        from tongxin.core.ledger import register

        from .ledger import ledger_kind

        register(ledger_kind)
