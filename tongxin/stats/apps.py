from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "tongxin.stats"
    verbose_name = _("统计")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Every write to the database drops the cached figures.
        from tongxin.stats import figcache

        figcache.install()
