"""Forms of the account pages: they parse input types, services decide."""

from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import password_validators_help_texts
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from tongxin.accounts.models import Role
from tongxin.accounts.selectors import grantable_orgs, link_orgs, linkable_members
from tongxin.accounts.services import TOKEN_MAX_DAYS
from tongxin.core.memberport import registry
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


class UserCreateForm(forms.Form):
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
    password_login = forms.BooleanField(
        label=_("允许用密码登录"),
        required=False,
        initial=True,
        help_text=_("取消勾选则只能用接口令牌访问（供脚本使用的账户）。"),
    )


class UserEditForm(forms.Form):
    display_name = UserCreateForm.base_fields["display_name"]
    email = UserCreateForm.base_fields["email"]

    @staticmethod
    def initial_for(account) -> dict:
        return {"display_name": account.display_name, "email": account.email}


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
    expires_days = forms.IntegerField(
        label=_("有效天数"),
        min_value=1,
        max_value=TOKEN_MAX_DAYS,
        initial=TOKEN_MAX_DAYS,
        help_text=format_lazy(_("1 至 {days} 天，到期自动失效。"), days=TOKEN_MAX_DAYS),
        error_messages={
            **_required(_("有效天数")),
            "invalid": _("有效天数应为整数。"),
            "min_value": format_lazy(
                _("有效天数应为 1 至 {days} 天。"), days=TOKEN_MAX_DAYS
            ),
            "max_value": format_lazy(
                _("有效天数应为 1 至 {days} 天。"), days=TOKEN_MAX_DAYS
            ),
        },
    )
    read_only = forms.BooleanField(
        label=_("只读"),
        required=False,
        help_text=_("勾选后令牌只能查询，不能修改数据。"),
    )
    roles = forms.MultipleChoiceField(
        label=_("角色范围"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选则使用您持有的全部角色。"),
        error_messages={"invalid_choice": _("只能从您持有的角色中选择。")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        held = sorted(set(user.grants.values_list("role", flat=True)))
        self.fields["roles"].choices = [(r, Role(r).label) for r in held]


class ResetDecisionForm(forms.Form):
    note = forms.CharField(
        label=_("审批意见"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("审批意见不能超过 200 个字符。")},
    )


class MemberAccountForm(forms.Form):
    """A member (chosen by searching, the registry's field) and a user name."""

    username = forms.RegexField(
        label=_("用户名"),
        regex=r"^[\w.@+-]+\Z",
        max_length=150,
        required=False,
        help_text=_("留空则按姓名拼音生成。"),
        error_messages={
            "invalid": _("用户名只能包含字母、数字和 @ . + - _。"),
            "max_length": _("用户名不能超过 150 个字符。"),
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"] = registry().choice_field(
            label=_("会员"),
            queryset=linkable_members(user=user),
            error_messages={
                "required": _("请查找并选择会员。"),
                "invalid_choice": _("所选会员不存在或不在您的范围内。"),
            },
        )
        self.order_fields(["member"])


class ClosedMarkedOrgField(forms.ModelChoiceField):
    """Organizations in tree order; a closed one is marked 已撤销."""

    def label_from_instance(self, obj: Organization) -> str:
        label = "\u3000" * obj.depth + obj.name
        if obj.closed_on:
            label += str(_("（已撤销）"))
        return label


class BulkAccountsForm(forms.Form):
    organization = ClosedMarkedOrgField(
        label=_("组织"),
        queryset=Organization.objects.none(),
        help_text=_("为该组织及其下级中尚无账户的在册会员建立账户。"),
        error_messages={
            "required": _("请选择组织。"),
            "invalid_choice": _("所选组织不存在或不在您的范围内。"),
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = link_orgs(user=user)


class LinkConfirmForm(forms.Form):
    proof = forms.CharField(
        label=_("身份证号后 4 位或会员证号"),
        max_length=30,
        error_messages={
            **_required(_("身份证号后 4 位或会员证号")),
            "max_length": _("输入过长。"),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
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
