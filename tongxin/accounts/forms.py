"""Forms of the account pages: they parse input types, services decide."""

from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import password_validators_help_texts
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from tongxin.accounts.models import Role
from tongxin.accounts.selectors import grantable_orgs, linkable_member_get
from tongxin.members.models import Member
from tongxin.orgs.models import Organization
from tongxin.orgs.pickers import OrgSelect


def _required(label) -> dict:
    return {"required": format_lazy(_("请填写{label}。"), label=label)}


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form, field by field."""
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    for field, messages in exc.message_dict.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=_("原密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages=_required(_("原密码")),
    )
    new_password = forms.CharField(
        label=_("新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages=_required(_("新密码")),
    )
    new_password_again = forms.CharField(
        label=_("再次输入新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages=_required(_("再次输入的新密码")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password"].help_text = " ".join(
            password_validators_help_texts()
        )

    def clean(self) -> dict:
        data = super().clean()
        new, again = data.get("new_password"), data.get("new_password_again")
        if new and again and new != again:
            self.add_error("new_password_again", _("两次输入的新密码不一致。"))
        return data


class OtpForm(forms.Form):
    token = forms.RegexField(
        label=_("验证码"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
            }
        ),
        error_messages={
            "required": _("请填写验证器上显示的 6 位数字验证码。"),
            "invalid": _("验证码应为 6 位数字。"),
            "max_length": _("验证码应为 6 位数字。"),
        },
    )


class MemberRefField(forms.IntegerField):
    """A member record's number, resolved within the administrator's reach."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("关联会员编号"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("help_text", _("会员详情页地址中的数字；不关联会员可留空。"))
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": _("关联会员编号应为正整数。"),
                "min_value": _("关联会员编号应为正整数。"),
            },
        )
        super().__init__(**kwargs)


class _MemberFormMixin:
    """Resolve the ``member`` number to a record the administrator may link."""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_member(self) -> Member | None:
        pk = self.cleaned_data.get("member")
        if pk is None:
            return None
        try:
            return linkable_member_get(user=self.user, pk=pk)
        except Member.DoesNotExist:
            raise ValidationError(
                _("编号为 %(pk)s 的会员不存在或不在您的管理范围内。"),
                params={"pk": pk},
            ) from None


class UserCreateForm(_MemberFormMixin, forms.Form):
    username = forms.RegexField(
        label=_("用户名"),
        regex=r"^[\w.@+-]+\Z",
        max_length=150,
        help_text=_("登录用的名字：字母、数字和 @ . + - _，不超过 150 个字符。"),
        error_messages={
            **_required(_("用户名")),
            "invalid": _("用户名只能包含字母、数字和 @ . + - _。"),
            "max_length": _("用户名不能超过 150 个字符。"),
        },
    )
    display_name = forms.CharField(
        label=_("显示名"),
        max_length=50,
        required=False,
        error_messages={"max_length": _("显示名不能超过 50 个字符。")},
    )
    email = forms.EmailField(
        label=_("电子邮箱"),
        required=False,
        error_messages={"invalid": _("电子邮箱格式不正确，如 name@example.com。")},
    )
    member = MemberRefField()
    password_login = forms.BooleanField(
        label=_("允许用密码登录"),
        required=False,
        initial=True,
        help_text=_("取消勾选则只能用接口令牌访问（供脚本使用的账户）。"),
    )


class UserEditForm(_MemberFormMixin, forms.Form):
    display_name = UserCreateForm.base_fields["display_name"]
    email = UserCreateForm.base_fields["email"]
    member = MemberRefField()

    @staticmethod
    def initial_for(account) -> dict:
        return {
            "display_name": account.display_name,
            "email": account.email,
            "member": account.member_id,
        }


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("令牌名称"),
        max_length=50,
        help_text=_("便于日后辨认，如“报表脚本”。"),
        error_messages={
            **_required(_("令牌名称")),
            "max_length": _("令牌名称不能超过 50 个字符。"),
        },
    )


class OrgChoiceField(forms.ModelChoiceField):
    widget = OrgSelect

    def label_from_instance(self, obj: Organization) -> str:
        return "\u3000" * obj.depth + obj.name


class GrantForm(forms.Form):
    username = forms.CharField(
        label=_("用户名"), max_length=150, error_messages=_required(_("用户名"))
    )
    role = forms.ChoiceField(
        label=_("角色"),
        choices=[("", "---------"), *Role.choices],
        error_messages={
            **_required(_("角色")),
            "invalid_choice": _("请从列表中选择角色。"),
        },
    )
    organization = OrgChoiceField(
        label=_("组织"),
        queryset=Organization.objects.none(),
        help_text=_("授权覆盖该组织及其全部下级组织。"),
        error_messages={
            "required": _("请选择组织。"),
            "invalid_choice": _("所选组织不存在或您无权在此授权。"),
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = grantable_orgs(user=user)
