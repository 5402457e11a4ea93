from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "tongxin.campaigns"
    label = "campaigns"
    verbose_name = _("专项活动、督查、联系与制度")

    def ready(self) -> None:
        from tongxin.workflows.seeding import post_migrate_seeder

        # Re-create the task workflow if missing after ``migrate`` or ``flush``.
        post_migrate.connect(
            post_migrate_seeder("tongxin.campaigns.workflow_data"),
            sender=self,
            weak=False,
            dispatch_uid="campaigns_workflows",
        )
        from tongxin.core.ledger import register

        from .ledger import KINDS

        for kind in KINDS:
            register(kind)
