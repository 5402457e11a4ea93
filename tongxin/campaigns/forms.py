"""Forms of the campaign pages: they parse input types, the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.campaigns.models import (
    CampaignDocument,
    Goal,
    GroupMember,
    Regulation,
    Task,
    TaskEvidence,
    Visit,
)
from tongxin.core.forms import VersionField, date_field, text_field
from tongxin.honors.forms import _choice
from tongxin.honors.models import Category, Level
from tongxin.orgs.forms import OrgChoiceField
from tongxin.orgs.models import Organization


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m")


def month_field(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=MonthInput(),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        error_messages={
            "required": _("请选择月份。"),
            "invalid": _("月份应为 2014-03 这样的格式。"),
        },
    )


def _file_field(label=None, required=True) -> forms.FileField:
    return forms.FileField(
        label=label or _("文件"),
        required=required,
        help_text=_("PDF、Word、Excel、PowerPoint 或图片。"),
        error_messages={"required": _("请选择要上传的文件。")},
    )


class CampaignFieldsForm(forms.Form):
    title = text_field(_("活动名称"), max_length=200, required=True)
    start_on = date_field(_("开始日期"))
    end_on = date_field(_("结束日期"))
    description = forms.CharField(
        label=_("简介"), required=False, widget=forms.Textarea
    )


class CampaignCreateForm(CampaignFieldsForm):
    organization = OrgChoiceField(
        queryset=Organization.objects.none(), label=_("主办组织")
    )

    def __init__(self, *args, managed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = managed
        self.order_fields(["organization", "title", "start_on", "end_on"])


class CampaignEditForm(CampaignFieldsForm):
    version = VersionField()


class DocumentForm(forms.Form):
    kind = _choice(_("类型"), CampaignDocument.Kind.choices)
    title = text_field(_("文件名称"), max_length=200)
    file = _file_field()


class GroupAddForm(forms.Form):
    member = text_field(
        _("会员"), max_length=50, required=True, help_text=_("姓名或身份证号。")
    )
    role = _choice(_("组内职务"), GroupMember.Role.choices)
    note = text_field(_("说明"), max_length=100)


class TaskForm(forms.Form):
    title = text_field(_("任务"), max_length=200, required=True)
    month = month_field(_("月份"))
    department = forms.ModelChoiceField(
        queryset=None,
        label=_("负责部室"),
        error_messages={
            "required": _("请选择负责部室。"),
            "invalid_choice": _("所选部室不存在或已撤销。"),
        },
    )
    owner = UserChoiceField(
        queryset=None,
        label=_("责任人"),
        required=False,
        error_messages={"invalid_choice": _("所选责任人无效。")},
    )
    due_on = date_field(_("完成期限"))
    description = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea
    )

    def __init__(self, *args, departments, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["owner"].queryset = users


class TaskStatusForm(forms.Form):
    to = forms.ChoiceField(
        label=_("改为"),
        choices=Task.Status.choices,
        error_messages={"invalid_choice": _("状态无效。")},
    )
    note = text_field(_("说明"), max_length=200)
    occurred_on = date_field(_("发生日期"), required=False, help_text=_("留空为今天。"))


class FollowUpDoneForm(forms.Form):
    occurred_on = date_field(_("完成日期"), required=False, help_text=_("留空为今天。"))


class EvidenceForm(forms.Form):
    kind = _choice(_("佐证类型"), TaskEvidence.Kind.choices)
    title = text_field(_("说明"), max_length=200)
    event = forms.ModelChoiceField(
        queryset=None,
        label=_("活动"),
        required=False,
        error_messages={"invalid_choice": _("所选活动不存在或您无权查看。")},
    )
    document = forms.ModelChoiceField(
        queryset=None,
        label=_("活动文件"),
        required=False,
        error_messages={"invalid_choice": _("所选文件不存在。")},
    )
    url = text_field(_("链接"), max_length=500)
    file = _file_field(required=False)

    def __init__(self, *args, events, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events
        self.fields["document"].queryset = documents


class GoalForm(forms.Form):
    strength = _choice(_("要求"), Goal.Strength.choices)
    kind = _choice(_("对象"), Goal.Kind.choices)
    level = _choice(_("至少级别"), Level.choices)
    category = _choice(_("类别"), Category.choices, required=False)
    count = forms.IntegerField(
        label=_("数量"),
        error_messages={
            "required": _("请填写数量。"),
            "invalid": _("数量应为整数。"),
        },
    )
    note = text_field(_("说明"), max_length=200)


class TeamForm(forms.Form):
    organization = OrgChoiceField(
        queryset=Organization.objects.none(), label=_("派出组织")
    )
    name = text_field(_("督查组"), max_length=100, required=True)
    campaign = forms.ModelChoiceField(
        queryset=None, label=_("所属专项活动"), required=False
    )
    team = forms.ModelMultipleChoiceField(
        queryset=None, label=_("组员"), required=False
    )
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea)

    def __init__(self, *args, managed, campaigns, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = managed
        self.fields["campaign"].queryset = campaigns
        self.fields["team"].queryset = users
        self.fields["team"].widget.attrs["size"] = 6


class VisitForm(forms.Form):
    organization = OrgChoiceField(
        queryset=Organization.objects.none(), label=_("被督查组织")
    )
    visited_on = date_field(_("督查日期"))
    rating = _choice(_("评价"), Visit.Rating.choices)
    people_met = forms.CharField(
        label=_("座谈人员"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    host_party_org = text_field(_("所在单位党组织"), max_length=200)
    findings = forms.CharField(
        label=_("发现的问题与情况"), required=False, widget=forms.Textarea
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        # The search offers the organizations of the visit's date.
        self.fields["organization"].widget.date_field = "visited_on"


class FollowUpForm(forms.Form):
    action = text_field(_("整改事项"), max_length=300, required=True)
    owner = UserChoiceField(queryset=None, label=_("责任人"), required=False)
    due_on = date_field(_("完成期限"))

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = users


class LiaisonForm(forms.Form):
    organization = OrgChoiceField(
        queryset=Organization.objects.none(), label=_("联系的基层组织")
    )
    leader = forms.ModelChoiceField(queryset=None, label=_("领导"), required=False)
    department = forms.ModelChoiceField(queryset=None, label=_("部室"), required=False)
    start_on = date_field(_("开始日期"))
    note = text_field(_("备注"), max_length=200)

    def __init__(self, *args, organizations, leaders, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["leader"].queryset = leaders
        self.fields["department"].queryset = departments


class EndForm(forms.Form):
    end_on = date_field(_("结束日期"))


class RegulationForm(forms.Form):
    organization = OrgChoiceField(
        queryset=Organization.objects.none(), label=_("所属组织")
    )
    title = text_field(_("名称"), max_length=200, required=True)
    number = text_field(_("文号"), max_length=100)
    issuing_body = text_field(_("制定机关"), max_length=100, required=True)
    effective_on = date_field(_("施行日期"))
    note = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea)
    file = _file_field(_("制度文本"), required=False)

    def __init__(self, *args, managed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = managed


class VersionForm(forms.Form):
    label = text_field(
        _("版本"), max_length=50, required=True, help_text=_("如 2014 年修订。")
    )
    effective_on = date_field(_("施行日期"))
    note = text_field(_("说明"), max_length=200)
    file = _file_field(_("制度文本"))


class RegulationStatusForm(forms.Form):
    status = _choice(_("状态"), Regulation.Status.choices)
    version = VersionField()
