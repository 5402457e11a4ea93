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
#: Business roles with the right to read personal data in clear (reveal,
#: clear exports): never held by an administrator account or the superuser.
#: Mirrors the ``reveal`` rule of ``tongxin.members.policies``.
PERSONAL_DATA_ROLES = frozenset({Role.STAFF_ORG, Role.STAFF_OFFICE, Role.ORG_HEAD})


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
    #: Set when an administrator's credentials were reset (two-person rule):
    #: the next login is flagged in the audit trail, then this is cleared.
    flag_next_login = models.BooleanField(default=False, editable=False)

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
    """A bearer token for scripts calling the API as its owner; stored hashed.

    Minted by its owner only (or the server operator's command), it expires,
    may be read-only or limited to some of the owner's roles, and stops
    working when revoked, when the account is disabled or when the owner's
    password changes (``password_stamp`` no longer matches).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=50)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("有效期至"), null=True, blank=True)
    read_only = models.BooleanField(_("只读"), default=False)
    #: Roles the token acts with (a subset of the owner's); empty: all of them.
    roles = models.JSONField(_("角色范围"), default=list, blank=True)
    #: A digest of the owner's password hash when minted.
    password_stamp = models.CharField(max_length=64, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def stamp_of(user) -> str:
        return hashlib.sha256((user.password or "").encode()).hexdigest()

    def state(self, now=None) -> str:
        """Return ``active``, ``revoked``, ``expired``, ``password`` or ``disabled``."""
        from django.utils import timezone

        now = now or timezone.now()
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= now:
            return "expired"
        if not self.user.is_active:
            return "disabled"
        if self.password_stamp and self.password_stamp != self.stamp_of(self.user):
            return "password"
        return "active"

    def state_label(self) -> str:
        return {
            "active": _("有效"),
            "revoked": _("已撤销"),
            "expired": _("已过期"),
            "disabled": _("账户已停用"),
            "password": _("密码已修改，已失效"),
        }[self.state()]

    def roles_label(self) -> str:
        if not self.roles:
            return str(_("全部角色"))
        return "、".join(str(Role(r).label) for r in self.roles if r in Role.values)

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def generate() -> str:
        return "tx_" + secrets.token_urlsafe(32)


class CredentialReset(models.Model):
    """A request to reset an administrator's password or second factor.

    Two-person rule: a system administrator requests, a security
    administrator other than the requester and the target approves, and only
    then the reset happens.
    """

    class Kind(models.TextChoices):
        PASSWORD = "password", _("重置密码")
        OTP = "otp", _("重置双因素验证")

    class State(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已批准并执行")
        REFUSED = "refused", _("已拒绝")

    target = models.ForeignKey(
        User, verbose_name=_("账户"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    reason = models.CharField(_("理由"), max_length=200, blank=True)
    state = models.CharField(
        _("状态"), max_length=16, choices=State.choices, default=State.PENDING
    )
    requested_by = models.ForeignKey(
        User, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("管理员凭据重置申请")
        verbose_name_plural = _("管理员凭据重置申请")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "kind"],
                condition=models.Q(state="pending"),
                name="credential_reset_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.target.username} {self.get_kind_display()}"


class MemberLink(models.Model):
    """A proposed link between a login and a member record.

    组织部 proposes; the member confirms (at login, with part of their ID or
    certificate number) or 组织部 records an in-person confirmation. Only a
    confirmed link sets ``User.member``: until then the account has no
    member access.
    """

    class State(models.TextChoices):
        PROPOSED = "proposed", _("待确认")
        CONFIRMED = "confirmed", _("已确认")
        REFUSED = "refused", _("本人否认")
        CANCELLED = "cancelled", _("已取消")

    class How(models.TextChoices):
        SELF = "self", _("本人登录确认")
        IN_PERSON = "in_person", _("组织部当面核实")

    user = models.ForeignKey(
        User, verbose_name=_("账户"), on_delete=models.CASCADE, related_name="links"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("会员"),
        on_delete=models.CASCADE,
        related_name="account_links",
    )
    state = models.CharField(
        _("状态"), max_length=16, choices=State.choices, default=State.PROPOSED
    )
    proposed_by = models.ForeignKey(
        User,
        verbose_name=_("提出人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    confirmed_how = models.CharField(
        _("确认方式"), max_length=16, choices=How.choices, blank=True
    )
    confirmed_by = models.ForeignKey(
        User,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("账户关联会员")
        verbose_name_plural = _("账户关联会员")
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(state="proposed"),
                name="member_link_one_pending_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user.username} → {self.member}"
