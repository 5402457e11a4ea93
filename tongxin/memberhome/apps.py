from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MemberhomeConfig(AppConfig):
    name = "tongxin.memberhome"
    label = "memberhome"
    verbose_name = _("会员之家")
