from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "tongxin.campaigns"
    label = "campaigns"
    verbose_name = _("专项活动、督查、联系与制度")

    def ready(self) -> None:
        from tongxin.core.ledger import register

        from .ledger import KINDS

        for kind in KINDS:
            register(kind)
