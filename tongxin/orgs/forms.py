"""Forms of the organization pages: they parse input types, services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.core.forms import (  # noqa: F401  (the organization pages' helpers)
    DateInput,
    VersionField,
    add_service_errors,
    date_field,
    required_messages,
)
from tongxin.orgs.models import Department, Organization, Post
from tongxin.orgs.pickers import OrgSelect


class OrgChoiceField(forms.ModelChoiceField):
    """Choose an organization from a (scoped) queryset; labels show the tree.

    A drop-down while the scope is small, a search box beyond (``OrgSelect``).
    """

    widget = OrgSelect

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {
                "invalid_choice": _("所选组织不存在或您无权操作。"),
                "required": _("请选择组织。"),
            },
        )
        super().__init__(queryset, **kwargs)

    def label_from_instance(self, obj: Organization) -> str:
        return "\u3000" * obj.depth + closed_label(obj)


def closed_label(org: Organization) -> str:
    """The organization's name, and for one since closed, the closing day."""
    if org.closed_on is None:
        return org.name
    return _("%(name)s（%(day)s撤销）") % {
        "name": org.name,
        "day": org.closed_on.isoformat(),
    }


class OrgCreateForm(forms.Form):
    name = forms.CharField(
        label=_("名称"), max_length=100, error_messages=required_messages(_("名称"))
    )
    short_name = forms.CharField(label=_("简称"), max_length=50, required=False)
    code = forms.CharField(
        label=_("组织代码"),
        max_length=32,
        help_text=_("唯一的代码，如 G1B3。"),
        error_messages=required_messages(_("组织代码")),
    )
    kind = forms.ChoiceField(
        label=_("类型"),
        choices=Organization.Kind.choices,
        error_messages={
            "invalid_choice": _("类型无效，请从列表中选择。"),
            "required": _("请选择类型。"),
        },
    )
    founded_on = date_field(_("成立日期"), required=False)
    note = forms.CharField(
        label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class OrgEditForm(forms.Form):
    name = forms.CharField(
        label=_("名称"), max_length=100, error_messages=required_messages(_("名称"))
    )
    short_name = forms.CharField(label=_("简称"), max_length=50, required=False)
    code = forms.CharField(
        label=_("组织代码"),
        max_length=32,
        error_messages=required_messages(_("组织代码")),
    )
    founded_on = date_field(_("成立日期"), required=False)
    note = forms.CharField(
        label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = VersionField()

    @classmethod
    def initial_for(cls, org: Organization) -> dict:
        return {
            "name": org.name,
            "short_name": org.short_name,
            "code": org.code,
            "founded_on": org.founded_on,
            "note": org.note,
            "version": org.version,
        }


class OrgMoveForm(forms.Form):
    parent = OrgChoiceField(
        queryset=Organization.objects.none(), label=_("新的上级组织")
    )
    version = VersionField()

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents


class OrgCloseForm(forms.Form):
    closed_on = date_field(_("撤销日期"))
    version = VersionField()


class DepartmentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("类型"),
        choices=Department.Kind.choices,
        error_messages={"invalid_choice": _("部室类型无效，请从列表中选择。")},
    )
    name = forms.CharField(
        label=_("名称"), max_length=50, error_messages=required_messages(_("名称"))
    )
    sort_order = forms.IntegerField(
        label=_("排序"),
        min_value=0,
        max_value=999,
        required=False,
        error_messages={"invalid": _("排序应为 0–999 的整数。")},
    )


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name}（{obj.organization.name}）"


class PostAssignForm(forms.Form):
    member = MemberChoiceField(
        queryset=None,
        label=_("会员"),
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _("所选会员不在本组织范围内或您无权操作。"),
            "required": _("请先搜索并选择一名会员。"),
        },
    )
    title = forms.ChoiceField(
        label=_("职务"),
        choices=Post.Title.choices,
        error_messages={
            "invalid_choice": _("职务无效，请从列表中选择。"),
            "required": _("请选择职务。"),
        },
    )
    start_on = date_field(_("任职日期"))
    term = forms.CharField(
        label=_("届次"), max_length=30, required=False, help_text=_("如 第十一届。")
    )
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members


class PostEndForm(forms.Form):
    end_on = date_field(_("离任日期"))
