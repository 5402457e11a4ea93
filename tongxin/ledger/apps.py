from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    """台账导入: the pages, API and commands over the kinds the domain apps register."""

    name = "tongxin.ledger"
    label = "ledger"
    verbose_name = _("台账导入")
