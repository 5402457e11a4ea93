"""Choosing organizations in a form: a drop-down for a city committee, a search
box for a national association (see :mod:`tongxin.core.pickers`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from tongxin.core.pickers import BoundedSelectMixin, OneSearchPicker, SearchPicker


def org_label(org) -> str:
    """What a picker shows of an organization: its name and code."""
    return f"{org.name}（{org.code}）"


class OrgSelectMultiple(BoundedSelectMixin, SearchPicker):
    pick_url_name = "orgs:pick"
    placeholder = gettext_lazy("输入组织名称或代码查找")

    def label(self, obj) -> str:
        return org_label(obj)


class OrgSelect(BoundedSelectMixin, OneSearchPicker):
    pick_url_name = "orgs:pick"
    placeholder = gettext_lazy("输入组织名称或代码查找")

    def label(self, obj) -> str:
        return org_label(obj)
