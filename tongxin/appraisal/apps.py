from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _seed_rules(sender, app_config=None, using="default", apps=None, **kwargs):
    """Re-create missing default rules after ``migrate`` or ``flush``."""
    from django.apps import apps as global_apps

    from tongxin.appraisal import defaults

    apps = apps or global_apps
    try:
        apps.get_model("appraisal", "PointRule")
    except LookupError:  # migrated back past the rules table
        return
    defaults.seed(apps, using=using)


class AppraisalConfig(AppConfig):
    name = "tongxin.appraisal"
    label = "appraisal"
    verbose_name = _("履职与考核")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(
            _seed_rules, sender=self, dispatch_uid="appraisal_default_rules"
        )
