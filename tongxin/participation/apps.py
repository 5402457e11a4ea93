from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _seed_workflows(sender, app_config=None, using="default", apps=None, **kwargs):
    """Re-create missing participation workflows after ``migrate`` or ``flush``."""
    from django.apps import apps as global_apps

    from tongxin.participation import workflow_data

    # ``migrate`` passes the migration state's apps; ``flush`` passes none.
    apps = apps or global_apps
    try:
        apps.get_model("workflows", "Transition")
    except LookupError:  # migrated back past the workflow tables
        return
    workflow_data.seed(apps, using=using)


class ParticipationConfig(AppConfig):
    name = "tongxin.participation"
    verbose_name = _("参政议政")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(
            _seed_workflows, sender=self, dispatch_uid="participation_workflows"
        )
        from tongxin.core.ledger import register

        from .ledger import ledger_kind

        register(ledger_kind)
