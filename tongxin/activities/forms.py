"""Forms of the activity pages: they parse input types, the services decide.

Money, hours and counts are taken as text and handed to the services, which
answer in Chinese by field; members are named by name or certificate number
and resolved among the members the user may see.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tongxin.activities.models import (
    Beneficiary,
    Donation,
    EventKind,
    FundEntry,
    Partner,
    Program,
)
from tongxin.core.forms import VersionField, date_field, required_messages, text_field
from tongxin.members.models import Member
from tongxin.members.names import choices_from, resolve_names
from tongxin.members.selectors import member_queryset
from tongxin.orgs.forms import OrgChoiceField, closed_label
from tongxin.orgs.models import Organization
from tongxin.orgs.pickers import OrgSelectMultiple

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class DateTimeInput(forms.DateTimeInput):
    """An ``<input type=datetime-local>`` that renders local times."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def datetime_field(
    label, *, required: bool = True, help_text=""
) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateTimeInput(),
        input_formats=DATETIME_FORMATS,
        error_messages={
            "invalid": format_lazy(
                _lazy("{label}应为有效的日期和时间，如 2013-05-19 08:00。"), label=label
            ),
            "required": format_lazy(_lazy("请填写{label}。"), label=label),
        },
    )


def _choice(label, choices, *, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=required,
        choices=([] if required else [("", "—")]) + list(choices),
        error_messages={
            "invalid_choice": format_lazy(
                _lazy("{label}无效，请从列表中选择。"), label=label
            ),
            "required": format_lazy(_lazy("请选择{label}。"), label=label),
        },
    )


class OrgMultipleChoiceField(forms.ModelMultipleChoiceField):
    widget = OrgSelectMultiple

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {
                "invalid_choice": _lazy("所选组织不存在或您无权选择。"),
                "invalid_pk_value": _lazy("组织编号无效。"),
            },
        )
        super().__init__(queryset, **kwargs)

    def label_from_instance(self, obj: Organization) -> str:
        return "\u3000" * obj.depth + closed_label(obj)


# --- members named in text ---------------------------------------------------------------

_SPLIT = re.compile(r"[\s,，、;；]+")


def resolve_member(user, text: str) -> Member:
    """Return the one member the user may see named by ``text`` (name or certificate no.)."""
    text = text.strip()
    visible = member_queryset(user=user)
    found = list(visible.filter(certificate_no=text)[:2]) or list(
        visible.filter(name=text, status=Member.Status.ACTIVE)[:2]
    )
    if not found:
        raise ValidationError(_("找不到会员“%s”，或您无权查看。") % text)
    if len(found) > 1:
        raise ValidationError(_("姓名“%s”对应多名会员，请改用会员证号。") % text)
    return found[0]


def resolve_members(user, text: str) -> list[Member]:
    """Return the members named (separated by spaces, commas or 、) in ``text``."""
    members, errors = [], []
    for token in _SPLIT.split(text or ""):
        if not token:
            continue
        try:
            members.append(resolve_member(user, token))
        except ValidationError as e:
            errors.extend(e.messages)
    if errors:
        raise ValidationError(errors)
    return members


def names_or_errors(resolution) -> list[Member]:
    """The members of a resolved list, or a ValidationError naming the
    entries found nowhere and asking for a choice among namesakes (the form's
    template shows ``members/_name_choices.html``)."""
    if resolution.ok:
        return resolution.members
    errors = [resolution.missing_reason(e) for e in resolution.missing]
    if resolution.ambiguous:
        errors.append(
            _("%s对应多名会员，请在下面选出是哪一位。")
            % "、".join(f"“{a.text}”" for a in resolution.ambiguous)
        )
    raise ValidationError(errors)


class MemberField(forms.CharField):
    """A member named by name or certificate number, resolved for ``user``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 50)
        kwargs.setdefault(
            "help_text", _lazy("填写姓名或会员证号；同名时请用会员证号。")
        )
        super().__init__(*args, **kwargs)
        self.user = None

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        return resolve_member(self.user, text)


def bind_user(form: forms.Form, user) -> None:
    for f in form.fields.values():
        if isinstance(f, MemberField):
            f.user = user


# --- events -------------------------------------------------------------------------------


class EventForm(forms.Form):
    """The fields of an event a manager edits."""

    title = text_field(_lazy("活动名称"), max_length=200, required=True)
    kind = _choice(_lazy("活动类型"), EventKind.choices)
    start_at = datetime_field(_lazy("开始时间"))
    end_at = datetime_field(_lazy("结束时间"))
    place = text_field(_lazy("地点"), max_length=200)
    capacity = forms.IntegerField(
        label=_lazy("名额"),
        required=False,
        min_value=1,
        max_value=100_000,
        help_text=_lazy("留空为不限名额；报满后的报名进入候补名单。"),
        error_messages={
            "invalid": _lazy("名额应为正整数；不限名额请留空。"),
            "min_value": _lazy("名额应为正整数；不限名额请留空。"),
            "max_value": _lazy("名额过大，请核对。"),
        },
    )
    allows_signup = forms.BooleanField(
        label=_lazy("开放报名"), required=False, initial=True
    )
    signup_deadline = datetime_field(
        _lazy("报名截止时间"),
        required=False,
        help_text=_lazy("留空则报名到活动开始时截止。"),
    )
    series = forms.ModelChoiceField(
        queryset=None,
        label=_lazy("所属系列"),
        required=False,
        error_messages={"invalid_choice": _lazy("所选系列不存在或您无权选择。")},
    )
    edition = forms.IntegerField(
        label=_lazy("届次"),
        required=False,
        min_value=1,
        max_value=1000,
        help_text=_lazy("如第十一届填 11。"),
        error_messages={
            "invalid": _lazy("届次应为正整数。"),
            "min_value": _lazy("届次应为正整数。"),
            "max_value": _lazy("届次过大，请核对。"),
        },
    )
    co_organizers = OrgMultipleChoiceField(
        queryset=Organization.objects.none(), label=_lazy("协办组织"), required=False
    )
    departments = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_lazy("承办部室"),
        required=False,
        error_messages={"invalid_choice": _lazy("所选部室不存在。")},
    )
    description = forms.CharField(
        label=_lazy("活动说明"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, series, organizations, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = series
        self.fields["co_organizers"].queryset = organizations
        self.fields["departments"].queryset = departments
        self.fields["co_organizers"].widget.attrs["size"] = 5
        # Past events name the organizations of their day, closed since or not.
        self.fields["co_organizers"].widget.date_field = "start_at"
        self.fields["departments"].widget.attrs["size"] = 5

    def clean(self):
        data = super().clean()
        start, end = data.get("start_at"), data.get("end_at")
        if start and end and end < start:
            self.add_error("end_at", _("结束时间不能早于开始时间。"))
        return data

    def service_fields(self) -> dict:
        return {
            k: v
            for k, v in self.cleaned_data.items()
            if k not in ("organization", "version")
        }


class EventCreateForm(EventForm):
    organization = OrgChoiceField(
        queryset=Organization.objects.none(), label=_lazy("主办组织")
    )
    field_order = ["organization"]

    def __init__(self, *args, managed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = managed
        self.fields["organization"].widget.date_field = "start_at"
        self.order_fields(["organization", *EventForm.base_fields])


class EventEditForm(EventForm):
    version = VersionField()

    @staticmethod
    def initial_for(event) -> dict:
        from django.utils import timezone

        def local(value):
            return timezone.localtime(value) if value else None

        return {
            "title": event.title,
            "kind": event.kind,
            "start_at": local(event.start_at),
            "end_at": local(event.end_at),
            "place": event.place,
            "capacity": event.capacity,
            "allows_signup": event.allows_signup,
            "signup_deadline": local(event.signup_deadline),
            "series": event.series_id,
            "edition": event.edition,
            "co_organizers": list(event.co_organizers.all()),
            "departments": list(event.departments.all()),
            "description": event.description,
            "version": event.version,
        }


class EventCancelForm(forms.Form):
    reason = text_field(_lazy("取消原因"), max_length=200)
    version = VersionField()


class SignupOthersForm(forms.Form):
    members = forms.CharField(
        label=_lazy("会员"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_lazy("姓名或会员证号，多人用空格、逗号或顿号分隔。"),
        error_messages=required_messages(_lazy("会员")),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_members(self) -> list[Member]:
        """The members named; namesakes come back as a choice (``resolution``)."""
        self.resolution = resolve_names(
            user=self.user,
            text=self.cleaned_data["members"],
            choices=choices_from(self.data),
        )
        return names_or_errors(self.resolution)


class WalkInForm(forms.Form):
    member = MemberField(label=_lazy("会员"), required=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        bind_user(self, user)


class AttendanceNamesForm(forms.Form):
    """A pasted list of the members present."""

    names = forms.CharField(
        label=_lazy("到场名单"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_lazy(
            "粘贴姓名、会员证号或身份证号，每行一个，或用逗号、顿号、空格分开；"
            "同名的会员会列出供您选择。"
        ),
        error_messages={
            "required": _lazy("请粘贴到场会员的名单。"),
            "max_length": _lazy("名单太长，请分几次登记（每次不超过 20000 个字符）。"),
        },
    )


class AttendanceSheetForm(forms.Form):
    """A sign-in sheet to import (.xlsx or .csv)."""

    file = forms.FileField(
        label=_lazy("签到表"),
        help_text=_lazy(
            "Excel（.xlsx）或 .csv；表头需有“姓名”，也可以有“会员证号”“身份证号”“所在组织”列。"
        ),
        error_messages={
            "required": _lazy("请选择签到表文件。"),
            "empty": _lazy("上传的文件是空的。"),
            "invalid": _lazy("上传的不是文件。"),
        },
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_lazy("附件"),
        help_text=_lazy("PDF、Word、Excel、PowerPoint 或图片。"),
        error_messages={
            "required": _lazy("请选择要上传的文件。"),
            "empty": _lazy("上传的文件是空的。"),
            "invalid": _lazy("上传的不是文件。"),
        },
    )
    title = text_field(
        _lazy("附件名称"), max_length=200, help_text=_lazy("留空则用文件名。")
    )


class SeriesForm(forms.Form):
    organization = OrgChoiceField(
        queryset=Organization.objects.none(), label=_lazy("主办组织")
    )
    name = text_field(_lazy("系列名称"), max_length=100, required=True)
    short_name = text_field(_lazy("简称"), max_length=50)
    kind = _choice(_lazy("活动类型"), EventKind.choices)
    description = forms.CharField(
        label=_lazy("简介"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, managed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = managed


# --- social service -----------------------------------------------------------------------


class PartnerForm(forms.Form):
    organization = OrgChoiceField(
        queryset=Organization.objects.none(), label=_lazy("登记组织")
    )
    name = text_field(_lazy("单位名称"), max_length=100, required=True)
    kind = _choice(_lazy("类型"), Partner.Kind.choices)
    address = text_field(_lazy("地址"), max_length=200)
    note = forms.CharField(
        label=_lazy("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, managed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = managed


class ProgramForm(forms.Form):
    name = text_field(_lazy("项目名称"), max_length=100, required=True)
    kind = _choice(_lazy("类型"), Program.Kind.choices)
    partner = forms.ModelChoiceField(
        queryset=None,
        label=_lazy("合作单位"),
        required=False,
        error_messages={"invalid_choice": _lazy("所选合作单位不存在。")},
    )
    started_on = date_field(_lazy("开始日期"), required=False)
    ended_on = date_field(_lazy("结束日期"), required=False)
    description = forms.CharField(
        label=_lazy("项目简介"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners


class ProgramCreateForm(ProgramForm):
    organization = OrgChoiceField(
        queryset=Organization.objects.none(), label=_lazy("主办组织")
    )

    def __init__(self, *args, managed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = managed
        self.order_fields(["organization", *ProgramForm.base_fields])


class ProgramEditForm(ProgramForm):
    version = VersionField()


class ProgramBaseForm(forms.Form):
    name = text_field(_lazy("基地名称"), max_length=100, required=True)
    partner = forms.ModelChoiceField(
        queryset=None,
        label=_lazy("所在单位"),
        required=False,
        error_messages={"invalid_choice": _lazy("所选合作单位不存在。")},
    )
    plaque_on = date_field(_lazy("挂牌日期"), required=False)
    note = text_field(_lazy("备注"), max_length=200)

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners


_LINE_SPLIT = re.compile(r"[\s,，]+")


class ServiceActivityForm(forms.Form):
    """One activity of a program; volunteers and outcomes typed one per line."""

    title = text_field(_lazy("活动名称"), max_length=200, required=True)
    held_on = date_field(_lazy("日期"))
    place = text_field(_lazy("地点"), max_length=200)
    results = forms.CharField(
        label=_lazy("服务内容"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_lazy("做了什么，如 义诊、建立健康档案、捐赠教学设备。"),
    )
    volunteers = forms.CharField(
        label=_lazy("志愿者及服务时长"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_lazy("每行一人：姓名或会员证号，空格，小时数。如：张传吉 3.5"),
    )
    other_volunteers = forms.CharField(
        label=_lazy("其他志愿者人数"), required=False, max_length=10, initial="0"
    )
    outcomes = forms.CharField(
        label=_lazy("服务成果"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_lazy("每行一项：成果 数量 单位。如：建立健康档案 45 份"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for kind, label in Beneficiary.Kind.choices:
            self.fields[f"beneficiaries_{kind}"] = forms.CharField(
                label=format_lazy(_lazy("受益{label}人数"), label=label),
                required=False,
                max_length=10,
                widget=forms.TextInput(attrs={"inputmode": "numeric"}),
            )

    def clean_volunteers(self) -> list[tuple[Member, str]]:
        rows, errors = [], []
        for n, line in enumerate(
            (self.cleaned_data["volunteers"] or "").splitlines(), 1
        ):
            parts = [p for p in _LINE_SPLIT.split(line.strip()) if p]
            if not parts:
                continue
            if len(parts) != 2:
                errors.append(
                    _("第 %d 行应为“姓名或会员证号 小时数”，如：张传吉 3.5。") % n
                )
                continue
            try:
                rows.append((resolve_member(self.user, parts[0]), parts[1]))
            except ValidationError as e:
                errors.extend(
                    _("第 %(n)d 行：%(msg)s") % {"n": n, "msg": m} for m in e.messages
                )
        if errors:
            raise ValidationError(errors)
        return rows

    def clean_outcomes(self) -> list[tuple[str, str, str]]:
        rows, errors = [], []
        for n, line in enumerate((self.cleaned_data["outcomes"] or "").splitlines(), 1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) not in (2, 3):
                errors.append(
                    _("第 %d 行应为“成果 数量 单位”，如：建立健康档案 45 份。") % n
                )
                continue
            rows.append((parts[0], parts[1], parts[2] if len(parts) == 3 else ""))
        if errors:
            raise ValidationError(errors)
        return rows

    def beneficiaries(self) -> list[tuple[str, str]]:
        return [
            (kind, self.cleaned_data[f"beneficiaries_{kind}"].strip())
            for kind in Beneficiary.Kind.values
            if self.cleaned_data.get(f"beneficiaries_{kind}", "").strip()
        ]


class DonationForm(forms.Form):
    kind = _choice(_lazy("类别"), Donation.Kind.choices)
    value = forms.CharField(
        label=_lazy("价值（元）"),
        max_length=20,
        error_messages=required_messages(_lazy("价值（元）")),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    description = text_field(
        _lazy("捐赠内容"),
        max_length=200,
        help_text=_lazy("物资请写明，如 电脑 10 台。"),
    )
    donor_org = OrgChoiceField(
        queryset=Organization.objects.none(), label=_lazy("捐赠组织"), required=False
    )
    donor_member = MemberField(label=_lazy("捐赠会员"), required=False)
    donor_name = text_field(
        _lazy("其他捐赠方"), max_length=100, help_text=_lazy("非会员的单位或个人。")
    )

    def __init__(self, *args, user, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["donor_org"].queryset = organizations
        bind_user(self, user)


class FundForm(forms.Form):
    organization = OrgChoiceField(
        queryset=Organization.objects.none(), label=_lazy("管理组织")
    )
    name = text_field(_lazy("基金名称"), max_length=100, required=True)
    established_on = date_field(_lazy("设立日期"), required=False)
    description = forms.CharField(
        label=_lazy("简介"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, managed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = managed


class FundEntryForm(forms.Form):
    direction = _choice(_lazy("收支"), FundEntry.Direction.choices)
    on = date_field(_lazy("日期"))
    amount = forms.CharField(
        label=_lazy("金额（元）"),
        max_length=20,
        error_messages=required_messages(_lazy("金额（元）")),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    party_member = MemberField(label=_lazy("会员（捐赠方或受助人）"), required=False)
    party_org = OrgChoiceField(
        queryset=Organization.objects.none(), label=_lazy("组织"), required=False
    )
    party_name = text_field(
        _lazy("其他捐赠方/受助人"),
        max_length=100,
        help_text=_lazy("非会员的姓名或单位。"),
    )
    purpose = text_field(_lazy("用途/说明"), max_length=200)

    def __init__(self, *args, user, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party_org"].queryset = organizations
        bind_user(self, user)


# --- photos -------------------------------------------------------------------------------


class PhotoForm(forms.Form):
    caption = text_field(_lazy("说明"), max_length=300, required=True)
    organization = OrgChoiceField(
        queryset=Organization.objects.none(), label=_lazy("所属组织")
    )
    year = forms.IntegerField(
        label=_lazy("年份"),
        required=False,
        min_value=1900,
        max_value=2100,
        help_text=_lazy("只知道年份时填年份。"),
        error_messages={
            "invalid": _lazy("年份应为四位数字，如 1998。"),
            "min_value": _lazy("年份应在 1900 到 2100 之间。"),
            "max_value": _lazy("年份应在 1900 到 2100 之间。"),
        },
    )
    taken_on = date_field(_lazy("拍摄日期"), required=False)
    event = forms.ModelChoiceField(
        queryset=None,
        label=_lazy("相关活动"),
        required=False,
        error_messages={"invalid_choice": _lazy("所选活动不存在或您无权查看。")},
    )
    people = forms.CharField(
        label=_lazy("照片中的会员"),
        required=False,
        max_length=2000,
        help_text=_lazy("姓名或会员证号，用空格、逗号或顿号分隔。"),
    )
    people_text = text_field(_lazy("照片中的其他人物"), max_length=300)
    organizations = OrgMultipleChoiceField(
        queryset=Organization.objects.none(), label=_lazy("涉及组织"), required=False
    )

    def __init__(self, *args, user, managed, organizations, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["organization"].queryset = managed
        self.fields["organizations"].queryset = organizations
        self.fields["organizations"].widget.attrs["size"] = 5
        self.fields["event"].queryset = events

    def clean_people(self) -> list[Member]:
        self.resolution = resolve_names(
            user=self.user,
            text=self.cleaned_data["people"],
            choices=choices_from(self.data),
        )
        return names_or_errors(self.resolution)


class PhotoUploadForm(PhotoForm):
    image = forms.FileField(
        label=_lazy("照片"),
        help_text=_lazy("JPEG、PNG、GIF 或 WebP 图片。"),
        error_messages={
            "required": _lazy("请选择要上传的照片。"),
            "empty": _lazy("上传的文件是空的。"),
            "invalid": _lazy("上传的不是文件。"),
        },
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["image"])


class PhotoEditForm(PhotoForm):
    version = VersionField()


class ScanForm(forms.Form):
    """A member's check-in code, scanned by the camera or typed from the phone."""

    code = forms.CharField(
        label=_lazy("签到码"),
        max_length=64,
        help_text=_lazy("扫描会员手机上的签到二维码，或输入二维码下方的签到码。"),
        error_messages={
            "required": _lazy("请扫描或输入会员的签到码。"),
            "max_length": _lazy("签到码太长，请核对后重新输入。"),
        },
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )
