"""Forms of the lifecycle pages; each matches one service."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.lifecycle.models import AdmissionAction
from tongxin.members.models import Member
from tongxin.members.pickers import MemberChoiceField
from tongxin.orgs.models import Organization
from tongxin.orgs.pickers import OrgSelect

DATE = forms.DateInput(attrs={"type": "date"})


class ApplicationForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(label=_("身份证号"), max_length=18)
    work_unit = forms.CharField(label=_("工作单位"), max_length=100, required=False)
    job = forms.CharField(label=_("职务"), max_length=100, required=False)
    organization = forms.ModelChoiceField(
        label=_("申请加入的基层组织"),
        queryset=Organization.objects.none(),
        widget=OrgSelect,
    )
    introducer_1 = MemberChoiceField(
        label=_("第一介绍人"), queryset=Member.objects.none()
    )
    introducer_2 = MemberChoiceField(
        label=_("第二介绍人"), queryset=Member.objects.none()
    )
    applied_on = forms.DateField(label=_("申请日期"), widget=DATE)
    comment = forms.CharField(label=_("备注"), max_length=300, required=False)


class TransitionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("操作"),
        choices=[c for c in AdmissionAction.choices if c[0] != "submit"],
    )
    on = forms.DateField(label=_("日期"), widget=DATE, required=False)
    comment = forms.CharField(label=_("意见"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ClassForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    organization = forms.ModelChoiceField(
        label=_("主办组织"), queryset=Organization.objects.none(), widget=OrgSelect
    )
    start_on = forms.DateField(label=_("开班日期"), widget=DATE)
    end_on = forms.DateField(label=_("结业日期"), widget=DATE)
    place = forms.CharField(label=_("地点"), max_length=100, required=False)


class SessionForm(forms.Form):
    on = forms.DateField(label=_("日期"), widget=DATE)
    title = forms.CharField(label=_("内容"), max_length=200)
    speaker = forms.CharField(label=_("主讲"), max_length=100, required=False)


class AttendeesForm(forms.Form):
    names = forms.CharField(
        label=_("学员姓名"),
        help_text=_("多个姓名用顿号、逗号或空格分开。"),
        max_length=2000,
    )


class CompleteForm(forms.Form):
    on = forms.DateField(label=_("结业日期"), widget=DATE, required=False)


class CertifyForm(forms.Form):
    issued_on = forms.DateField(label=_("颁发日期"), widget=DATE, required=False)


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("照片"))


class IssueForm(forms.Form):
    issued_on = forms.DateField(label=_("颁发日期"), widget=DATE)
    number = forms.CharField(
        label=_("会员证号"),
        max_length=30,
        required=False,
        help_text=_("留空则按规则自动编号。"),
    )


class ReplaceForm(forms.Form):
    on = forms.DateField(label=_("补发日期"), widget=DATE)
    reason = forms.CharField(label=_("原因"), max_length=200, required=False)
