from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "tongxin.audit"
    label = "audit"
    verbose_name = _("审计")

    def ready(self) -> None:
        from tongxin.audit import services, signals  # noqa: F401  (connects the receivers)
        from tongxin.core.services import use_auditor

        use_auditor(services)
