from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "tongxin.publicity"
    label = "publicity"
    verbose_name = _("宣传与群发")
