"""The Django admin for bootstrap: no secret and no personal field shows.

The superuser exists only to bootstrap the three administrators (``tongxin
check --deploy`` warns while one is active). Here it may not make anyone a
superuser or staff, link an account to a member (a business act of 组织部),
nor see a TOTP seed or a token digest: second-factor devices are not in the
admin at all, nor are API tokens, reset requests or member links.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

# Import django-otp's registrations first so they can be taken away.
from django_otp.plugins.otp_totp import admin as _otp_totp_admin  # noqa: F401
from django_otp.plugins.otp_totp.models import TOTPDevice

from tongxin.accounts.models import Grant, User
from tongxin.core.admin import ReadOnlyAdmin

if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("display_name", "email")}),
        (
            _("状态"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "must_change_password",
                )
            },
        ),
        (_("会员"), {"fields": ("member",)}),
        (_("时间"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = [
        "is_staff",
        "is_superuser",
        "member",
        "last_login",
        "date_joined",
    ]
    list_display = ["username", "display_name", "is_active", "is_superuser"]
    list_filter = ["is_active", "is_superuser"]
    filter_horizontal = ()


@admin.register(Grant)
class GrantAdmin(ReadOnlyAdmin):
    list_display = ["user", "role", "organization", "granted_at"]
    raw_id_fields = ["user", "organization", "granted_by"]
