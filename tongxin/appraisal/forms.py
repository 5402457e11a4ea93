"""Forms of the appraisal pages: the period chooser and the rule editor."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.appraisal.models import Measure, PointRule, Scheme


class RuleEditForm(forms.Form):
    name = forms.CharField(label=_("规则名称"), max_length=60)
    points = forms.CharField(
        label=_("每单位分值"),
        max_length=12,
        help_text=_("扣分规则填负数，如 -3。"),
    )
    cap = forms.CharField(
        label=_("分值上限"),
        max_length=12,
        required=False,
        help_text=_("本规则在一个时段内最多计（或扣）多少分；留空为不设上限。"),
    )
    active = forms.BooleanField(label=_("启用"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def for_rule(cls, rule: PointRule, data=None):
        return cls(
            data,
            initial={
                "name": rule.name,
                "points": f"{rule.points.normalize():f}",
                "cap": f"{rule.cap.normalize():f}" if rule.cap is not None else "",
                "active": rule.active,
                "version": rule.version,
            },
        )


class RuleCreateForm(forms.Form):
    scheme = forms.ChoiceField(label=_("适用于"), choices=Scheme.choices)
    code = forms.SlugField(
        label=_("规则代码"),
        max_length=40,
        help_text=_("英文字母、数字和连字符，如 event-extra。"),
    )
    name = forms.CharField(label=_("规则名称"), max_length=60)
    measure = forms.ChoiceField(label=_("计分依据"), choices=Measure.choices)
    points = forms.CharField(label=_("每单位分值"), max_length=12)
    cap = forms.CharField(label=_("分值上限"), max_length=12, required=False)
