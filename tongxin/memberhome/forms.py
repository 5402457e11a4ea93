from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.core.idnumber import PhoneNumberError, mask_phone, validate_mobile
from tongxin.core.text import to_halfwidth
from tongxin.members.forms import MemberForm
from tongxin.members.models import ChangeRequest


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=_("手机号"),
        max_length=32,
        error_messages={"required": _("请输入会员登记的手机号。")},
    )

    def clean_phone(self) -> str:
        try:
            return validate_mobile(self.cleaned_data["phone"])
        except PhoneNumberError as e:
            raise forms.ValidationError(str(e)) from e


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("验证码"),
        max_length=16,
        error_messages={"required": _("请输入短信中的 6 位数字验证码。")},
    )
    remember = forms.BooleanField(
        label=_("在本机记住此手机号 30 天，下次一键登录"), required=False
    )

    def clean_code(self) -> str:
        code = to_halfwidth(self.cleaned_data["code"]).replace(" ", "").strip()
        if len(code) != 6 or not code.isascii() or not code.isdigit():
            raise forms.ValidationError(_("请输入短信中的 6 位数字验证码。"))
        return code


class DetailsForm(forms.Form):
    """A member's own contact and work details, as a change request asks them.

    The fields are the registry form's (``members.forms.MemberForm``), so they
    take what the registry takes; the service cleans and compares them.
    """

    mobile = MemberForm.base_fields["mobile"]
    email = MemberForm.base_fields["email"]
    address = MemberForm.base_fields["address"]
    work_unit = MemberForm.base_fields["work_unit"]
    job = MemberForm.base_fields["job"]
    title = MemberForm.base_fields["title"]
    education = MemberForm.base_fields["education"]
    note = forms.CharField(
        label=_("说明（选填）"),
        required=False,
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, member, **kwargs):
        initial = {f: getattr(member, f) or "" for f in ChangeRequest.FIELDS}
        initial["mobile"] = ""  # blank keeps the number; it is never shown
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["mobile"].help_text = _(
            "如需更换手机号请填写新号码，留空则不修改。"
        )
        if member.mobile:
            self.fields["mobile"].widget.attrs["placeholder"] = mask_phone(
                member.mobile
            )
        self.fields["title"].help_text = ""


def _photo(n: int) -> forms.FileField:
    return forms.FileField(
        label=_("照片 %d（选填）") % n,
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )


class MicroSuggestionForm(forms.Form):
    """A 微建议: a title, the text and up to three photos from the phone."""

    title = forms.CharField(
        label=_("标题"),
        max_length=200,
        error_messages={"required": _("请填写标题。")},
    )
    text = forms.CharField(
        label=_("建议内容"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("请填写建议内容。")},
    )
    photo1 = _photo(1)
    photo2 = _photo(2)
    photo3 = _photo(3)

    def photos(self) -> list:
        return [self.cleaned_data.get(f"photo{i}") for i in (1, 2, 3)]


class JoinPhoneForm(PhoneForm):
    """The applicant's own mobile, proved by a code before the form."""

    phone = forms.CharField(
        label=_("本人手机号"),
        max_length=32,
        error_messages={"required": _("请输入您本人的手机号。")},
    )


class JoinCodeForm(forms.Form):
    code = CodeForm.base_fields["code"]
    clean_code = CodeForm.clean_code


def _mobile_field(label):
    return forms.CharField(
        label=label,
        max_length=32,
        error_messages={"required": _("请填写介绍人的手机号。")},
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )


def _name_field(label):
    return forms.CharField(
        label=label,
        max_length=50,
        error_messages={"required": _("请填写介绍人的姓名。")},
    )


class JoinForm(forms.Form):
    """The registration form's fields, the scan and the two introducers."""

    organization = forms.TypedChoiceField(
        label=_("申请加入的基层组织"),
        coerce=int,
        error_messages={
            "required": _("请选择要加入的基层组织。"),
            "invalid_choice": _("请选择要加入的基层组织。"),
        },
    )
    name = forms.CharField(
        label=_("姓名"), max_length=50, error_messages={"required": _("请填写姓名。")}
    )
    gender = forms.ChoiceField(
        label=_("性别"),
        choices=[("", _("请选择")), ("男", _("男")), ("女", _("女"))],
        required=False,
    )
    birth_date = forms.DateField(
        label=_("出生日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("请按“年-月-日”填写出生日期。")},
    )
    id_number = forms.CharField(
        label=_("身份证号"),
        max_length=32,
        error_messages={"required": _("请填写身份证号。")},
    )
    work_unit = forms.CharField(label=_("工作单位"), max_length=100, required=False)
    job = forms.CharField(label=_("职务"), max_length=100, required=False)
    scan = forms.FileField(
        label=_("入会申请表扫描件或照片（PDF 或图片）"),
        error_messages={"required": _("请上传入会申请表的扫描件或照片。")},
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}),
    )
    introducer_1_name = _name_field(_("第一介绍人姓名"))
    introducer_1_mobile = _mobile_field(_("第一介绍人手机号"))
    introducer_2_name = _name_field(_("第二介绍人姓名"))
    introducer_2_mobile = _mobile_field(_("第二介绍人手机号"))

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [("", _("请选择"))] + [
            (org.pk, org.name) for org in organizations
        ]

    def service_data(self, organizations) -> dict:
        data = dict(self.cleaned_data)
        by_pk = {org.pk: org for org in organizations}
        data["organization"] = by_pk[data["organization"]]
        data["introducers"] = [
            (data.pop("introducer_1_name"), data.pop("introducer_1_mobile")),
            (data.pop("introducer_2_name"), data.pop("introducer_2_mobile")),
        ]
        return data


class DeclineForm(forms.Form):
    comment = forms.CharField(
        label=_("不同意的理由"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("不同意介绍时请填写理由。")},
    )
