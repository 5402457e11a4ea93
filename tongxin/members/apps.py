from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "tongxin.members"
    label = "members"
    verbose_name = _("会员")

    def ready(self) -> None:
        from django.core import checks

        from tongxin.core.memberport import use_member_port
        from tongxin.members.ages import check_age_bands
        from tongxin.members.port import RegistryPort

        checks.register(check_age_bands)
        use_member_port(RegistryPort())
