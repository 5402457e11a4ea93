"""A member's way in and first steps: admission (入会), the new-member training
class, the member photo and the member certificate (会员证).

Admission is a workflow kept as data (:data:`ADMISSION_TRANSITIONS`): every
move writes a dated :class:`ApplicationStep` with its actor.  Records carry
``path``, the tree path of the organization they belong to, for subtree
range filters.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tongxin.core.fields import EncryptedTextField
from tongxin.core.tree import TreePathField


class AdmissionStatus(models.TextChoices):
    INTRODUCING = "introducing", _("待介绍人确认")
    SUBMITTED = "submitted", _("待基层组织审核")
    REVIEWED = "reviewed", _("待市委会批准")
    APPROVED = "approved", _("已批准入会")
    REJECTED = "rejected", _("未通过")
    WITHDRAWN = "withdrawn", _("已撤回")


class AdmissionAction(models.TextChoices):
    SUBMIT = "submit", _("提交申请")
    REVIEW = "review", _("基层组织审核通过")
    APPROVE = "approve", _("市委会批准")
    REJECT = "reject", _("不予通过")
    WITHDRAW = "withdraw", _("撤回申请")
    CONFIRM = "confirm", _("介绍人确认")
    DECLINE = "decline", _("介绍人不同意")


#: The admission workflow: (action, from status) → (to status, policy action
#: the actor needs).  Rejecting is the base organization's at review and the
#: committee's at approval.  One table, checked by one ``transition()``; it can
#: move to the shared workflow engine as it is.
#:
#: An application made online starts ``introducing``: each named introducer
#: confirms (``introduce``, a right only the two introducers hold) and the
#: second confirmation moves it to ``submitted``; the first stays where it is
#: and records its step.  An introducer who declines ends it (``rejected``).
ADMISSION_TRANSITIONS: dict[tuple[str, str], tuple[str, str]] = {
    ("confirm", "introducing"): ("submitted", "introduce"),
    ("decline", "introducing"): ("rejected", "introduce"),
    ("withdraw", "introducing"): ("withdrawn", "apply"),
    ("review", "submitted"): ("reviewed", "review"),
    ("reject", "submitted"): ("rejected", "review"),
    ("withdraw", "submitted"): ("withdrawn", "apply"),
    ("approve", "reviewed"): ("approved", "approve"),
    ("reject", "reviewed"): ("rejected", "approve"),
    ("withdraw", "reviewed"): ("withdrawn", "apply"),
}


class Application(models.Model):
    """An application to join, with its two introducers."""

    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=1, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    #: Encrypted at rest; compared with the registry through ``id_number_hash``.
    id_number = EncryptedTextField(_("身份证号"), hash_field="id_number_hash")
    id_number_hash = models.CharField(max_length=64, editable=False, db_index=True)
    work_unit = models.CharField(_("工作单位"), max_length=100, blank=True)
    job = models.CharField(_("职务"), max_length=100, blank=True)
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("申请加入的基层组织"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    path = TreePathField()
    introducer_1 = models.ForeignKey(
        "members.Member",
        verbose_name=_("第一介绍人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    introducer_2 = models.ForeignKey(
        "members.Member",
        verbose_name=_("第二介绍人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    applied_on = models.DateField(_("申请日期"))
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=AdmissionStatus.choices,
        default=AdmissionStatus.SUBMITTED,
    )
    member = models.OneToOneField(
        "members.Member",
        verbose_name=_("入会后的会员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="application",
    )
    #: The applicant's own mobile, for applications made online (encrypted;
    #: found through ``mobile_hash``); empty for applications staff entered.
    mobile = EncryptedTextField(_("申请人手机"), blank=True, hash_field="mobile_hash")
    mobile_hash = models.CharField(max_length=64, editable=False, blank=True)
    #: The scanned registration form or photo (a generated name under
    #: MEDIA_ROOT, never the uploaded one) and its content type.
    scan = models.CharField(max_length=200, blank=True, editable=False)
    scan_type = models.CharField(max_length=100, blank=True, editable=False)
    introducer_1_confirmed_on = models.DateField(
        _("第一介绍人确认日期"), null=True, blank=True
    )
    introducer_2_confirmed_on = models.DateField(
        _("第二介绍人确认日期"), null=True, blank=True
    )
    #: The random token of the status link sent to the applicant by SMS
    #: (encrypted; found through ``status_token_hash``).
    status_token = EncryptedTextField(blank=True, hash_field="status_token_hash")
    status_token_hash = models.CharField(
        max_length=64, blank=True, editable=False, db_index=True
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(
        excluded_fields=[
            "id_number_hash",
            "mobile_hash",
            "status_token",
            "status_token_hash",
        ]
    )

    class Meta:
        verbose_name = _("入会申请")
        verbose_name_plural = _("入会申请")
        ordering = ["-applied_on", "-id"]
        indexes = [models.Index(fields=["path", "status"], name="application_path")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(introducer_1=F("introducer_2")),
                name="application_two_introducers",
                violation_error_message=_("两位介绍人不能是同一人。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_status_display()}）"

    @property
    def is_open(self) -> bool:
        return self.status in (
            AdmissionStatus.INTRODUCING,
            AdmissionStatus.SUBMITTED,
            AdmissionStatus.REVIEWED,
        )

    def introducer_slot(self, member_id: int | None) -> int | None:
        """Return 1 or 2 when ``member_id`` is one of the introducers."""
        if member_id and member_id == self.introducer_1_id:
            return 1
        if member_id and member_id == self.introducer_2_id:
            return 2
        return None


class ApplicationStep(models.Model):
    """One dated move of an application, with who made it and why."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="steps"
    )
    action = models.CharField(_("操作"), max_length=10, choices=AdmissionAction.choices)
    from_status = models.CharField(
        max_length=12, choices=AdmissionStatus.choices, blank=True
    )
    to_status = models.CharField(max_length=12, choices=AdmissionStatus.choices)
    on = models.DateField(_("日期"))
    by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("经办人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(auto_now_add=True)
    comment = models.CharField(_("意见"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("入会审批记录")
        verbose_name_plural = _("入会审批记录")
        ordering = ["application", "at", "id"]

    def __str__(self) -> str:
        return f"{self.application.name} {self.get_action_display()} {self.on}"


class TrainingClass(models.Model):
    """A new-member training class (新会员培训班)."""

    name = models.CharField(_("名称"), max_length=100)
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("主办组织"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    path = TreePathField()
    start_on = models.DateField(_("开班日期"))
    end_on = models.DateField(_("结业日期"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("新会员培训班")
        verbose_name_plural = _("新会员培训班")
        ordering = ["-start_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__gte=F("start_on")),
                name="class_end_after_start",
                violation_error_message=_("结业日期不能早于开班日期。"),
            )
        ]

    def __str__(self) -> str:
        return self.name


class ClassSession(models.Model):
    """One session of a class: a lecture, a visit, the ceremony."""

    training_class = models.ForeignKey(
        TrainingClass, on_delete=models.CASCADE, related_name="sessions"
    )
    on = models.DateField(_("日期"))
    title = models.CharField(_("内容"), max_length=200)
    speaker = models.CharField(_("主讲"), max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("培训课次")
        verbose_name_plural = _("培训课次")
        ordering = ["training_class", "on", "id"]

    def __str__(self) -> str:
        return self.title


class Attendee(models.Model):
    """A member enrolled in a class, and whether they completed it."""

    training_class = models.ForeignKey(
        TrainingClass, on_delete=models.CASCADE, related_name="attendees"
    )
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="+"
    )
    completed_on = models.DateField(_("结业日期"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("学员")
        verbose_name_plural = _("学员")
        ordering = ["training_class", "member__stroke_key", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["training_class", "member"],
                name="attendee_once",
                violation_error_message=_("该会员已在此培训班中。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} @ {self.training_class}"

    @property
    def completed(self) -> bool:
        return self.completed_on is not None


class MemberPhoto(models.Model):
    """A member's card photo, cropped to the card's photo ratio, stored privately."""

    member = models.OneToOneField(
        "members.Member", on_delete=models.CASCADE, related_name="card_photo"
    )
    path = TreePathField()
    #: Generated name under MEDIA_ROOT; never the uploaded name.
    file = models.CharField(max_length=200, editable=False)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("会员照片")
        verbose_name_plural = _("会员照片")

    def __str__(self) -> str:
        return str(self.member)


class Certificate(models.Model):
    """A member certificate (会员证); a number is never used twice, even when voided."""

    class Status(models.TextChoices):
        VALID = "valid", _("有效")
        VOID = "void", _("已作废")

    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="certificates"
    )
    path = TreePathField()
    number = models.CharField(_("会员证号"), max_length=30, unique=True)
    issued_on = models.DateField(_("颁发日期"))
    training_class = models.ForeignKey(
        TrainingClass,
        verbose_name=_("颁证培训班"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    status = models.CharField(
        _("状态"), max_length=6, choices=Status.choices, default=Status.VALID
    )
    voided_on = models.DateField(_("作废日期"), null=True, blank=True)
    void_reason = models.CharField(_("作废原因"), max_length=200, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("补发自"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    issued_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("会员证")
        verbose_name_plural = _("会员证")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status="valid"),
                name="certificate_one_valid",
                violation_error_message=_("该会员已有有效的会员证。"),
            )
        ]

    def __str__(self) -> str:
        return self.number
