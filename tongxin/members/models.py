"""The member registry: members, their dated memberships and public posts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tongxin.core.crypto import blind_index
from tongxin.core.fields import EncryptedTextField
from tongxin.core.tree import TreePathField


class MemberQuerySet(models.QuerySet):
    """Member queries; ID numbers and mobiles are matched through their hashes."""

    def with_id_number(self, number: str) -> MemberQuerySet:
        """Return the members with this ID number (there is at most one)."""
        return self.filter(id_number_hash=blind_index("id_number", number))

    def with_mobile(self, number: str) -> MemberQuerySet:
        """Return the members with this mobile number."""
        return self.filter(mobile_hash=blind_index("mobile", number))


class Member(models.Model):
    """A member of the association, as on the registration form."""

    class Gender(models.TextChoices):
        MALE = "M", _("男")
        FEMALE = "F", _("女")

    class Status(models.TextChoices):
        ACTIVE = "active", _("在册")
        TRANSFERRED = "transferred", _("已转出")
        WITHDRAWN = "withdrawn", _("已退会")
        DECEASED = "deceased", _("已去世")
        EXPELLED = "expelled", _("已除名")

    class TitleLevel(models.TextChoices):
        SENIOR = "senior", _("正高级/副高级")
        INTERMEDIATE = "intermediate", _("中级")
        JUNIOR = "junior", _("初级")
        NONE = "", _("无")

    name = models.CharField(_("姓名"), max_length=50)
    former_name = models.CharField(_("曾用名"), max_length=50, blank=True)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    ethnicity = models.CharField(_("民族"), max_length=2, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    native_place = models.CharField(_("籍贯"), max_length=50, blank=True)
    #: Encrypted at rest; found and kept unique through ``id_number_hash``.
    id_number = EncryptedTextField(
        _("身份证号"), null=True, blank=True, hash_field="id_number_hash"
    )
    education = models.CharField(_("学历"), max_length=2, blank=True)
    degree = models.CharField(_("学位"), max_length=3, blank=True)
    title = models.CharField(_("职称"), max_length=50, blank=True)
    title_level = models.CharField(
        _("职称级别"), max_length=12, choices=TitleLevel.choices, blank=True
    )
    work_unit = models.CharField(_("工作单位"), max_length=100, blank=True)
    job = models.CharField(_("职务"), max_length=100, blank=True)
    sector = models.CharField(_("界别"), max_length=4, blank=True)
    #: Encrypted at rest; found through ``mobile_hash``.
    mobile = EncryptedTextField(
        _("手机"), null=True, blank=True, hash_field="mobile_hash"
    )
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通讯地址"), max_length=200, blank=True)
    joined_on = models.DateField(_("入会时间"), null=True, blank=True)
    introducers = models.CharField(_("介绍人"), max_length=100, blank=True)
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("所在组织"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    #: Copy of ``organization.path`` for subtree range filters.
    org_path = TreePathField()
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    status_on = models.DateField(_("状态变更日期"), null=True, blank=True)
    certificate_no = models.CharField(
        _("会员证号"), max_length=30, null=True, blank=True, unique=True
    )
    note = models.TextField(_("备注"), blank=True)

    # Sort and search keys, derived from the name by the services.
    stroke_key = models.CharField(max_length=123, editable=False, default="")
    pinyin_key = models.CharField(max_length=216, editable=False, default="")
    search_text = models.CharField(max_length=300, editable=False, default="")
    #: Set when staff override the derived stroke order of a name.
    stroke_key_manual = models.BooleanField(default=False, editable=False)
    # Keyed hashes (tongxin.core.crypto.blind_index) of the encrypted fields,
    # set by the services: the only way to look a member up by these values.
    id_number_hash = models.CharField(
        max_length=64, null=True, blank=True, unique=True, editable=False
    )
    # NULL, like id_number_hash, when there is no number to find.
    mobile_hash = models.CharField(  # noqa: DJ001
        max_length=64, null=True, blank=True, db_index=True, editable=False
    )

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=[
            "id_number_hash",
            "mobile_hash",
            "stroke_key",
            "pinyin_key",
            "search_text",
            "version",
            "updated_at",
            "org_path",
        ]
    )

    class Meta:
        verbose_name = _("会员")
        verbose_name_plural = _("会员")
        ordering = ["stroke_key", "id"]
        indexes = [
            models.Index(
                fields=["org_path", "stroke_key", "id"], name="member_path_stroke"
            ),
            models.Index(
                fields=["org_path", "pinyin_key", "id"], name="member_path_pinyin"
            ),
            models.Index(fields=["stroke_key", "id"], name="member_stroke"),
            models.Index(fields=["pinyin_key", "id"], name="member_pinyin"),
            models.Index(fields=["status", "org_path"], name="member_status_path"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(id_number__isnull=True, id_number_hash__isnull=True)
                | Q(id_number__isnull=False, id_number_hash__isnull=False),
                name="member_id_number_hashed",
                violation_error_message=_("身份证号缺少检索用的散列值。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def left_on(self):
        """The day a member who left stopped belonging (None if in the
        association): the end of their last membership period."""
        if self.is_active:
            return None
        return (
            self.memberships.exclude(end_on__isnull=True)
            .order_by("-end_on")
            .values_list("end_on", flat=True)
            .first()
        )


class Membership(models.Model):
    """A dated period of a member belonging to an organization.

    A member has one open period while in the association; a transfer ends one
    period and opens the next, leaving ends the last.  "Members of X on a date"
    is a query over these rows.
    """

    class EndReason(models.TextChoices):
        TRANSFER = "transfer", _("组织内调动")
        TRANSFERRED_OUT = "transferred", _("转出")
        WITHDRAWN = "withdrawn", _("退会")
        DECEASED = "deceased", _("去世")
        EXPELLED = "expelled", _("除名")

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="memberships"
    )
    org_path = TreePathField()
    start_on = models.DateField(_("开始日期"))
    end_on = models.DateField(_("结束日期"), null=True, blank=True)
    end_reason = models.CharField(
        _("结束原因"), max_length=12, choices=EndReason.choices, blank=True
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("组织关系")
        verbose_name_plural = _("组织关系")
        ordering = ["member", "start_on", "id"]
        indexes = [
            models.Index(fields=["org_path", "start_on"], name="membership_path_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                name="membership_end_after_start",
                violation_error_message=_("结束日期不能早于开始日期。"),
            ),
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(end_on__isnull=True),
                name="membership_one_open_period",
                violation_error_message=_("会员只能有一个未结束的组织关系。"),
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.member} @ {self.organization} {self.start_on}–{self.end_on or ''}"
        )


class PublicPost(models.Model):
    """A public office a member holds: deputy, CPPCC member, special inspector."""

    class Kind(models.TextChoices):
        NPC = "npc", _("人大代表")
        CPPCC = "cppcc", _("政协委员")
        SPECIAL = "special", _("特约人员")

    class Level(models.TextChoices):
        NATIONAL = "national", _("全国")
        PROVINCIAL = "provincial", _("省级")
        CITY = "city", _("市级")
        DISTRICT = "district", _("区县级")

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="public_posts"
    )
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    level = models.CharField(_("级别"), max_length=12, choices=Level.choices)
    body = models.CharField(_("机构"), max_length=100, blank=True)
    term = models.CharField(_("届次"), max_length=30, blank=True)
    role = models.CharField(_("具体职务"), max_length=100, blank=True)
    start_on = models.DateField(_("开始日期"), null=True, blank=True)
    end_on = models.DateField(_("结束日期"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("社会职务")
        verbose_name_plural = _("社会职务")
        ordering = ["member", "-start_on"]
        indexes = [models.Index(fields=["kind", "level", "end_on"])]

    def __str__(self) -> str:
        return f"{self.get_level_display()}{self.get_kind_display()}"


class ChangeRequest(models.Model):
    """A member's request to change their own contact and work details.

    Nothing in the registry changes until the head of an organization above
    the member or 组织部 confirms it; then the registry's update service
    writes the values, so the member's history names who confirmed and the
    reason names who asked.  A returned request keeps its reason.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("待确认")
        CONFIRMED = "confirmed", _("已确认")
        RETURNED = "returned", _("已退回")

    #: The fields a member may ask to change, in the form's order.
    FIELDS = ("mobile", "email", "address", "work_unit", "job", "title", "education")

    member = models.ForeignKey(
        Member,
        verbose_name=_("会员"),
        on_delete=models.PROTECT,
        related_name="change_requests",
    )
    #: The requested values; only those named in ``changed`` are asked for.
    mobile = EncryptedTextField(_("手机"), null=True, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通讯地址"), max_length=200, blank=True)
    work_unit = models.CharField(_("工作单位"), max_length=100, blank=True)
    job = models.CharField(_("职务"), max_length=100, blank=True)
    title = models.CharField(_("职称"), max_length=50, blank=True)
    education = models.CharField(_("学历"), max_length=2, blank=True)
    #: Not editable, so the audit trail records the values, not these field names.
    changed = models.JSONField(_("申请修改的项目"), default=list, editable=False)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("申请时间"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    return_reason = models.CharField(_("退回原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("信息修改申请")
        verbose_name_plural = _("信息修改申请")
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["status", "requested_at"], name="change_status")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status="pending"),
                name="change_one_pending",
            )
        ]

    def __str__(self) -> str:
        return str(_("%(name)s的信息修改申请") % {"name": self.member.name})

    def get_absolute_url(self) -> str:
        return reverse("members:change_request", args=[self.pk])

    def rows(self) -> list[tuple[str, str, str]]:
        """Each requested item: its label, the record's value now, the value asked.

        Mobiles are shown masked, education by its name; an empty value as "—".
        """
        return [
            (
                str(self._meta.get_field(f).verbose_name),
                shown_value(f, getattr(self.member, f)),
                shown_value(f, getattr(self, f)),
            )
            for f in self.changed
        ]


def shown_value(field: str, value) -> str:
    """A requested or recorded value as a page shows it."""
    from tongxin.core import codes, idnumber

    if not value:
        return "—"
    if field == "mobile":
        return idnumber.mask_phone(value)
    if field == "education":
        return codes.TABLES["education"].names.get(value, value)
    return str(value)
