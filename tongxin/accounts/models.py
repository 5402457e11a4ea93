"""Users, roles and grants of a role on an organization subtree."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    """What a grant allows; see each app's ``policies.py`` for the actions."""

    SYSADMIN = "sysadmin", _("系统管理员")
    SECADMIN = "secadmin", _("安全管理员")
    AUDITADMIN = "auditadmin", _("审计管理员")
    STAFF_OFFICE = "staff_office", _("办公室工作人员")
    STAFF_ORG = "staff_org", _("组织部工作人员")
    STAFF_PUBLICITY = "staff_publicity", _("宣传部工作人员")
    STAFF_PARTICIPATION = "staff_participation", _("参政议政部工作人员")
    STAFF_SERVICE = "staff_service", _("社会服务部工作人员")
    LEADER = "leader", _("领导")
    #: Reads the talent pool (代表人物队伍) in a subtree, nothing else.
    TALENT_READER = "talent_reader", _("代表人物队伍查阅")
    ORG_HEAD = "org_head", _("基层组织负责人")
    MEMBER = "member", _("会员")


#: The three administrator roles no account may combine (三员分立).
ADMIN_ROLES = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN})


class User(AbstractUser):
    """A login; linked to the member record when the user is a member."""

    member = models.OneToOneField(
        "members.Member",
        verbose_name=_("会员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )
    display_name = models.CharField(_("显示名"), max_length=50, blank=True)
    must_change_password = models.BooleanField(
        _("须修改密码"),
        default=False,
        help_text=_("由管理员设置或重置的密码，用户登录后须先修改。"),
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username


class Grant(models.Model):
    """A role held by a user on an organization node and its whole subtree."""

    user = models.ForeignKey(
        User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="grants"
    )
    role = models.CharField(_("角色"), max_length=24, choices=Role.choices)
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("组织"),
        on_delete=models.PROTECT,
        related_name="grants",
    )
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("授权")
        verbose_name_plural = _("授权")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "organization"], name="grant_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_role_display()} @ {self.organization}"


class ApiToken(models.Model):
    """A bearer token for scripts calling the API as a user; stored hashed."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=50)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def generate() -> str:
        return "tx_" + secrets.token_urlsafe(32)
