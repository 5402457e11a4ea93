"""Forms of the honors pages: they parse input types, the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.activities.forms import OrgMultipleChoiceField
from tongxin.core.forms import VersionField, date_field, text_field
from tongxin.honors.models import Category, Level
from tongxin.orgs.forms import OrgChoiceField
from tongxin.orgs.models import Organization

YEAR_ERRORS = {
    "invalid": _("年度应为四位数字，如 2013。"),
    "min_value": _("年度应在 1900 到 2100 之间。"),
    "max_value": _("年度应在 1900 到 2100 之间。"),
}


def _choice(label, choices, *, required=True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[("", "—")] + list(choices),
        required=required,
        error_messages={
            "required": _("请选择%s。") % label,
            "invalid_choice": _("%s无效，请从列表中选择。") % label,
        },
    )


class HonorFieldsForm(forms.Form):
    title = text_field(_("荣誉称号"), max_length=200, required=True)
    category = _choice(_("类别"), Category.choices)
    level = _choice(_("级别"), Level.choices)
    awarding_body = text_field(_("授予单位"), max_length=100, required=True)
    year = forms.IntegerField(
        label=_("年度"),
        required=False,
        min_value=1900,
        max_value=2100,
        help_text=_("只知道年份时填年度。"),
        error_messages=YEAR_ERRORS,
    )
    awarded_on = date_field(_("授予日期"), required=False)
    document_number = text_field(_("文号"), max_length=100)
    note = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea)


class RecipientsForm(forms.Form):
    recipients_text = forms.CharField(
        label=_("获奖会员"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "粘贴名单：每行（或以逗号、顿号分隔）一个姓名、会员证号或身份证号；"
            "同名的会员会列出供您选择。"
        ),
    )
    organizations = OrgMultipleChoiceField(
        queryset=Organization.objects.none(), label=_("获奖组织"), required=False
    )

    def __init__(self, *args, organizations, on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = organizations
        self.fields["organizations"].widget.attrs["size"] = 6
        # A past honor names the organizations of its day, closed since or not:
        # the picker searches those of the award date (the form's own field, or
        # the honor's date carried in a hidden one when adding recipients).
        self.fields["organizations"].widget.date_field = "awarded_on"
        if on is not None:
            self.fields["awarded_on"] = forms.DateField(
                widget=forms.HiddenInput, initial=on, required=False
            )


class HonorCreateForm(HonorFieldsForm, RecipientsForm):
    organization = OrgChoiceField(
        queryset=Organization.objects.none(), label=_("登记组织")
    )
    file = forms.FileField(
        label=_("证明文件"),
        required=False,
        help_text=_("表彰文件或证书扫描件：PDF、Word、Excel 或图片。"),
    )

    def __init__(self, *args, managed, organizations, **kwargs):
        super().__init__(*args, organizations=organizations, **kwargs)
        self.fields["organization"].queryset = managed
        order = ["organization", *HonorFieldsForm.base_fields]
        order += ["recipients_text", "organizations", "file"]
        self.order_fields(order)


class HonorEditForm(HonorFieldsForm):
    version = VersionField()


class HonorFileForm(forms.Form):
    title = text_field(_("文件名称"), max_length=200)
    file = forms.FileField(
        label=_("文件"), error_messages={"required": _("请选择要上传的文件。")}
    )


class StatsForm(forms.Form):
    by = forms.ChoiceField(
        required=False,
        choices=[
            ("level", _("按级别")),
            ("category", _("按类别")),
            ("year", _("按年度")),
            ("organization", _("按组织")),
        ],
    )
    year = forms.IntegerField(
        required=False, min_value=1900, max_value=2100, error_messages=YEAR_ERRORS
    )
