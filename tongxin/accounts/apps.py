from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "tongxin.accounts"
    label = "accounts"
    verbose_name = _("账户与权限")

    def ready(self) -> None:
        from tongxin.accounts import checks, signals  # noqa: F401  (registration)
        from tongxin.accounts.selectors import open_grants
        from tongxin.core.policies import use_grants_loader

        use_grants_loader(open_grants)
        # The frame cache (core.framecache) forgets what these rows changed.
        signals.connect_frame_cache()
