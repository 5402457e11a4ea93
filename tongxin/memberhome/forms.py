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
