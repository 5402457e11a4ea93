"""Forms of the broadcast, preference and subscription pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.core.forms import VersionField
from tongxin.members.ages import age_bands
from tongxin.members.models import Member, PublicPost
from tongxin.members.pickers import MembersChoiceField
from tongxin.orgs.pickers import OrgSelect, OrgSelectMultiple
from tongxin.publicity.messages import SMS_MAX_CHARS


class BroadcastForm(forms.Form):
    title = forms.CharField(label=_("标题（邮件主题）"), max_length=100)
    body = forms.CharField(
        label=_("内容"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "可用占位符：{姓名}、{组织}。短信含签名最多 %(n)d 字，"
            "超过 70 字按每条 67 字拆分发送。"
        )
        % {"n": SMS_MAX_CHARS},
    )
    send_sms = forms.BooleanField(label=_("短信"), required=False)
    send_email = forms.BooleanField(label=_("电子邮件"), required=False)
    organization = forms.ModelChoiceField(
        label=_("组织（含下级）"), queryset=None, required=False, widget=OrgSelect
    )
    event = forms.ModelChoiceField(
        label=_("或：某活动的参加者"), queryset=None, required=False
    )
    gender = forms.ChoiceField(
        label=_("性别"),
        required=False,
        choices=[("", _("不限")), *Member.Gender.choices],
    )
    age = forms.ChoiceField(
        label=_("年龄段"),
        required=False,
        choices=lambda: [("", _("不限")), *[(b.key, b.label) for b in age_bands()]],
    )
    edu_level = forms.ChoiceField(
        label=_("学历层次"),
        required=False,
        choices=[
            ("", _("不限")),
            ("postgraduate", _("研究生")),
            ("undergraduate", _("大学本科")),
            ("college", _("大专")),
            ("secondary", _("中专及高中")),
            ("other", _("其他")),
        ],
    )
    join_year = forms.IntegerField(
        label=_("入会年份"), required=False, min_value=1900, max_value=2100
    )
    post = forms.ChoiceField(
        label=_("社会职务"),
        required=False,
        choices=[("", _("不限")), *PublicPost.Kind.choices],
    )
    q = forms.CharField(label=_("姓名包含"), required=False, max_length=50)

    def __init__(self, *args, orgs, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = orgs
        self.fields["event"].queryset = events

    def filters(self) -> dict:
        """Return the chosen member-list filters as query parameters."""
        return {
            k: str(self.cleaned_data[k])
            for k in ("gender", "age", "edu_level", "join_year", "post", "q")
            if self.cleaned_data[k] not in (None, "")
        }


class PreferenceForm(forms.Form):
    sms_opt_out = forms.BooleanField(label=_("不接收群发短信"), required=False)
    email_opt_out = forms.BooleanField(label=_("不接收群发邮件"), required=False)
    notice_channel = forms.ChoiceField(
        label=_("个人通知（报名确认、活动提醒、办理反馈）另发到"),
        required=False,
        choices=[
            ("", _("仅站内通知")),
            ("sms", _("短信")),
            ("email", _("电子邮件")),
            ("wechat", _("微信")),
        ],
    )


class RobotForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("组织"), queryset=None, widget=OrgSelect
    )
    kind = forms.ChoiceField(
        label=_("类型"),
        choices=[("wecom", _("企业微信群机器人")), ("dingtalk", _("钉钉群机器人"))],
    )
    name = forms.CharField(label=_("群名称"), max_length=50)
    webhook_url = forms.CharField(
        label=_("Webhook 地址"),
        max_length=500,
        help_text=_("在群设置中添加机器人后复制，以 https:// 开头。"),
    )
    secret = forms.CharField(
        label=_("加签密钥"),
        required=False,
        max_length=200,
        help_text=_("仅钉钉机器人启用“加签”时填写（以 SEC 开头）。"),
        widget=forms.PasswordInput(render_value=False),
    )

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = orgs


class RobotEditForm(forms.Form):
    """A robot's name, webhook and secret; the stored webhook and secret are never shown."""

    name = forms.CharField(label=_("群名称"), max_length=50)
    webhook_url = forms.CharField(
        label=_("Webhook 地址"),
        required=False,
        max_length=500,
        help_text=_("留空则不变。更换时粘贴新的地址，以 https:// 开头。"),
    )
    secret = forms.CharField(
        label=_("加签密钥"),
        required=False,
        max_length=200,
        help_text=_("留空则不变。"),
        widget=forms.PasswordInput(render_value=False),
    )
    clear_secret = forms.BooleanField(label=_("清除加签密钥"), required=False)
    version = VersionField()


class SubscriptionForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("组织"), queryset=None, widget=OrgSelect
    )
    year = forms.IntegerField(label=_("年度"), min_value=1950, max_value=2100)
    copies = forms.IntegerField(label=_("份数"), min_value=0, max_value=100000)
    note = forms.CharField(label=_("备注"), required=False, max_length=200)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = orgs


# --- articles, columns, journal issues ---------------------------------------------


class ArticleForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    column = forms.ModelChoiceField(label=_("栏目"), queryset=None)
    organization = forms.ModelChoiceField(
        label=_("所属组织"), queryset=None, widget=OrgSelect
    )
    authors = MembersChoiceField(label=_("作者"), queryset=None)
    body = forms.CharField(
        label=_("正文"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "可用 HTML 排版（段落、加粗、列表、链接、图片）；脚本等内容会被移除。"
        ),
    )
    organizations = forms.ModelMultipleChoiceField(
        label=_("相关组织"), queryset=None, required=False, widget=OrgSelectMultiple
    )
    members = MembersChoiceField(label=_("相关会员"), queryset=None, required=False)
    events = forms.ModelMultipleChoiceField(
        label=_("相关活动"), queryset=None, required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, columns, orgs, members, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["column"].queryset = columns
        self.fields["organization"].queryset = orgs
        self.fields["organizations"].queryset = orgs
        self.fields["authors"].queryset = members
        self.fields["members"].queryset = members
        self.fields["events"].queryset = events


class TransitionForm(forms.Form):
    action = forms.SlugField(max_length=30)
    comment = forms.CharField(
        label=_("意见"), required=False, max_length=1000, widget=forms.Textarea
    )


class PublishForm(forms.Form):
    outlet = forms.ChoiceField(label=_("发表渠道"), choices=())
    issue = forms.ModelChoiceField(label=_("会刊期号"), queryset=None, required=False)
    outlet_name = forms.CharField(label=_("媒体名称"), required=False, max_length=100)
    published_on = forms.DateField(
        label=_("发表日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("会刊可不填，取出版日期。"),
    )

    def __init__(self, *args, issues, **kwargs):
        from tongxin.publicity.models import Publication

        super().__init__(*args, **kwargs)
        self.fields["outlet"].choices = Publication.Outlet.choices
        self.fields["issue"].queryset = issues


class ColumnForm(forms.Form):
    name = forms.CharField(label=_("栏目名称"), max_length=50)
    slug = forms.CharField(label=_("网址标识"), max_length=50)
    description = forms.CharField(label=_("说明"), required=False, max_length=200)
    is_public = forms.BooleanField(label=_("公开"), required=False)
    order = forms.IntegerField(label=_("顺序"), required=False, min_value=0)


class IssueForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=1950, max_value=2100)
    number = forms.IntegerField(label=_("期号"), min_value=1, max_value=999)
    published_on = forms.DateField(
        label=_("出版日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    theme = forms.CharField(label=_("本期主题"), required=False, max_length=100)
