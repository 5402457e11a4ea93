"""Forms of the talent pages; each matches one service."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.orgs.models import Organization
from tongxin.orgs.pickers import OrgSelect
from tongxin.talent.models import (
    Recommendation,
    ReserveEntry,
    Review,
    Step,
    Tier,
    Training,
)

DATE = forms.DateInput(attrs={"type": "date"})


class PlacementForm(forms.Form):
    tier = forms.ChoiceField(label=_("类别"), choices=Tier.choices)
    start_on = forms.DateField(label=_("开始日期"), widget=DATE)
    end_on = forms.DateField(label=_("结束日期"), widget=DATE, required=False)
    reason = forms.CharField(label=_("说明"), max_length=200, required=False)


class StepForm(forms.Form):
    kind = forms.ChoiceField(label=_("环节"), choices=Step.Kind.choices)
    on = forms.DateField(label=_("日期"), widget=DATE)
    note = forms.CharField(label=_("备注"), max_length=300, required=False)


class TrainingForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=Training.Kind.choices)
    title = forms.CharField(label=_("名称"), max_length=200)
    host = forms.CharField(label=_("举办单位/挂职单位"), max_length=200, required=False)
    start_on = forms.DateField(label=_("开始日期"), widget=DATE)
    end_on = forms.DateField(label=_("结束日期"), widget=DATE, required=False)


class RecommendationForm(forms.Form):
    target = forms.ChoiceField(
        label=_("推荐方向"), choices=Recommendation.Target.choices
    )
    position = forms.CharField(label=_("推荐职务"), max_length=200)
    recommended_on = forms.DateField(label=_("推荐日期"), widget=DATE)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("结果"),
        choices=[
            c
            for c in Recommendation.Outcome.choices
            if c[0] != Recommendation.Outcome.PENDING
        ],
    )
    on = forms.DateField(label=_("结果日期"), widget=DATE)


class ReviewForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=1950, max_value=2100)
    decision = forms.ChoiceField(label=_("结论"), choices=Review.Decision.choices)
    reason = forms.CharField(label=_("理由"), max_length=300)
    reviewed_on = forms.DateField(label=_("评议日期"), widget=DATE)


class ReserveForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("后备领导班子"), queryset=Organization.objects.none(), widget=OrgSelect
    )
    post = forms.CharField(label=_("后备职务"), max_length=100)
    readiness = forms.ChoiceField(
        label=_("成熟度"), choices=ReserveEntry.Readiness.choices
    )
    start_on = forms.DateField(label=_("列入日期"), widget=DATE)


class ReserveReviewForm(forms.Form):
    readiness = forms.ChoiceField(
        label=_("成熟度"), choices=ReserveEntry.Readiness.choices
    )
    reviewed_on = forms.DateField(label=_("审核日期"), widget=DATE)
    remove = forms.BooleanField(label=_("移出名册"), required=False)
