from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.core.idnumber import PhoneNumberError, validate_mobile
from tongxin.core.text import to_halfwidth


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
