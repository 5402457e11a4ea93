"""Forms of the member pages.

The registration form hands raw text to the services, which accept values as
people type them and answer with Chinese messages by field; these forms only
check input types and offer the code tables as choices.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from tongxin.core import codes
from tongxin.core.forms import DateInput, VersionField, date_field
from tongxin.members.models import Member, PublicPost
from tongxin.members.services import EDITABLE_FIELDS
from tongxin.members.validation import clean_member_fields
from tongxin.orgs.forms import OrgChoiceField
from tongxin.orgs.models import Organization


def _label(name: str) -> str:
    return Member._meta.get_field(name).verbose_name


def _text(name: str, *, required: bool = False, **kwargs) -> forms.CharField:
    field = Member._meta.get_field(name)
    return forms.CharField(
        label=field.verbose_name,
        required=required,
        max_length=field.max_length,
        error_messages={
            "required": format_lazy(_("请填写{label}。"), label=field.verbose_name),
            "max_length": format_lazy(
                _("{label}不能超过 {n} 个字符。"),
                label=field.verbose_name,
                n=field.max_length,
            ),
        },
        **kwargs,
    )


def _choice(name: str, choices, *, blank: str = "") -> forms.ChoiceField:
    label = _label(name)
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", blank or "—")] + [(c, n) for c, n in choices],
        error_messages={
            "invalid_choice": format_lazy(
                _("{label}“%(value)s”无效，请从列表中选择。"), label=label
            )
        },
    )


def _raw_date(name: str) -> forms.CharField:
    """A date typed in an ``<input type=date>``, passed raw to the service."""
    return forms.CharField(
        label=_label(name), required=False, max_length=20, widget=DateInput()
    )


class MemberForm(forms.Form):
    """All registry fields of a member, as raw values for the services."""

    name = _text(
        "name", required=True, widget=forms.TextInput(attrs={"autofocus": True})
    )
    former_name = _text("former_name")
    gender = _choice("gender", Member.Gender.choices, blank=_("（按身份证号）"))
    ethnicity = _choice("ethnicity", codes.ETHNICITY)
    birth_date = _raw_date("birth_date")
    native_place = _text("native_place")
    id_number = forms.CharField(
        label=_label("id_number"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
    education = _choice("education", codes.EDUCATION)
    degree = _choice("degree", codes.DEGREE)
    title = _text("title", help_text=_("如 高级教师、副教授。"))
    title_level = _choice("title_level", [c for c in Member.TitleLevel.choices if c[0]])
    work_unit = _text("work_unit")
    job = _text("job")
    sector = _choice("sector", codes.SECTOR)
    mobile = forms.CharField(
        label=_label("mobile"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    email = forms.CharField(
        label=_label("email"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(),
    )
    address = _text("address")
    joined_on = _raw_date("joined_on")
    introducers = _text("introducers")
    certificate_no = forms.CharField(
        label=_label("certificate_no"), required=False, max_length=30
    )
    note = forms.CharField(
        label=_label("note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    #: Fields shown masked; on edit an empty input keeps the stored value.
    SENSITIVE = ("id_number", "mobile")

    SECTIONS = (
        (
            _("基本情况"),
            (
                "name",
                "former_name",
                "gender",
                "ethnicity",
                "birth_date",
                "native_place",
                "id_number",
            ),
        ),
        (
            _("学历与工作"),
            (
                "education",
                "degree",
                "title",
                "title_level",
                "work_unit",
                "job",
                "sector",
            ),
        ),
        (_("联系方式"), ("mobile", "email", "address")),
        (_("入会情况"), ("joined_on", "introducers", "certificate_no", "note")),
    )

    #: Whether the form edits an existing record (only the sent fields change).
    partial = False

    def clean(self) -> dict:
        """Check the values as the services will, so every error shows at once.

        The service checks them again when saving; this only spares the user
        a second round of corrections.
        """
        data = super().clean()
        raw = {
            name: value
            for name, value in data.items()
            if name in EDITABLE_FIELDS and name not in self.errors
        }
        if self.partial:
            raw = {k: v for k, v in raw.items() if v or k not in self.SENSITIVE}
        try:
            clean_member_fields(raw, partial=self.partial)
        except ValidationError as e:
            for field, messages in e.message_dict.items():
                if field in self.fields and field not in self.errors:
                    for message in messages:
                        self.add_error(field, message)
        return data

    def sections(self):
        """Yield ``(legend, bound fields)`` groups for the template."""
        for legend, names in self.SECTIONS:
            yield legend, [self[name] for name in names if name in self.fields]

    @staticmethod
    def initial_for(member: Member) -> dict:
        """Return the form's initial values from a record; sensitive ones blank."""
        data = {}
        for name in MemberForm.base_fields:
            if name in MemberForm.SENSITIVE:
                continue
            value = getattr(member, name)
            data[name] = value.isoformat() if hasattr(value, "isoformat") else value
        return data


class MemberCreateForm(MemberForm):
    organization = OrgChoiceField(
        queryset=Organization.objects.none(), label=_("所在组织")
    )

    SECTIONS = (
        (_("所在组织"), ("organization",)),
        *MemberForm.SECTIONS,
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


class MemberEditForm(MemberForm):
    version = VersionField()
    partial = True

    def __init__(self, *args, member: Member, **kwargs):
        super().__init__(*args, **kwargs)
        if member.id_number:
            from tongxin.core.idnumber import mask_id_number

            self.fields["id_number"].widget.attrs["placeholder"] = mask_id_number(
                member.id_number
            )
            self.fields["id_number"].help_text = _("留空则不修改。")
        if member.mobile:
            from tongxin.core.idnumber import mask_phone

            self.fields["mobile"].widget.attrs["placeholder"] = mask_phone(
                member.mobile
            )
            self.fields["mobile"].help_text = _("留空则不修改。")

    def changes(self) -> dict:
        """Return the raw field values to send to the service.

        Sensitive fields left empty are not sent, so the stored value stays.
        """
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        for name in self.SENSITIVE:
            if not data.get(name):
                data.pop(name, None)
        return data


class TransferForm(forms.Form):
    to_org = OrgChoiceField(queryset=Organization.objects.none(), label=_("调入组织"))
    on = date_field(_("调动日期"))
    note = forms.CharField(label=_("说明"), max_length=200, required=False)
    version = VersionField()

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_org"].queryset = organizations


LEAVE_CHOICES = [
    (Member.Status.TRANSFERRED.value, _("转出")),
    (Member.Status.WITHDRAWN.value, _("退会")),
    (Member.Status.DECEASED.value, _("去世")),
    (Member.Status.EXPELLED.value, _("除名")),
]


class LeaveForm(forms.Form):
    status = forms.ChoiceField(
        label=_("离会类型"),
        choices=LEAVE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("请选择离会类型：转出、退会、去世或除名。"),
            "invalid_choice": _("离会类型应为 转出、退会、去世 或 除名。"),
        },
    )
    on = date_field(_("离会日期"))
    note = forms.CharField(label=_("说明"), max_length=200, required=False)
    version = VersionField()


class PublicPostForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("类别"),
        choices=PublicPost.Kind.choices,
        error_messages={"invalid_choice": _("类别无效，请从列表中选择。")},
    )
    level = forms.ChoiceField(
        label=_("级别"),
        choices=PublicPost.Level.choices,
        error_messages={"invalid_choice": _("级别无效，请从列表中选择。")},
    )
    body = forms.CharField(
        label=_("机构"),
        max_length=100,
        required=False,
        help_text=_("如 大连市政协。"),
    )
    term = forms.CharField(
        label=_("届次"), max_length=30, required=False, help_text=_("如 第十二届。")
    )
    role = forms.CharField(label=_("具体职务"), max_length=100, required=False)
    start_on = date_field(_("开始日期"), required=False)


class PublicPostEndForm(forms.Form):
    end_on = date_field(_("结束日期"))
