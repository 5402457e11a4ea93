from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "tongxin.workflows"
    verbose_name = _("流程")
    default_auto_field = "django.db.models.BigAutoField"
