from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LifecycleConfig(AppConfig):
    name = "tongxin.lifecycle"
    label = "lifecycle"
    verbose_name = _("入会、培训与会员证")
