from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.reports.models import MAX_TEXT


class ReportTextForm(forms.Form):
    """The sections of the report the secretary writes."""

    problems = forms.CharField(
        label=_("存在的问题"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("每段一行，写入报告的“存在的问题”一节；留空则不写这一节。"),
    )
    plans = forms.CharField(
        label=_("下一年工作思路"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("每段一行，写入报告的“下一年工作思路”一节；留空则不写这一节。"),
    )
