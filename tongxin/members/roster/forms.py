"""The roster upload form of the web UI (the commit form is the core one)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tongxin.core.imports_web import mode_field
from tongxin.orgs.models import Organization
from tongxin.orgs.pickers import OrgSelect


class OrgChoiceField(forms.ModelChoiceField):
    widget = OrgSelect

    def label_from_instance(self, obj: Organization) -> str:
        return "\u3000" * obj.depth + obj.name


class RosterUploadForm(forms.Form):
    """Choose a roster file, how to import it and where new members go."""

    file = forms.FileField(
        label=_("花名册文件"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    mode = mode_field(label=_("导入方式"), initial="all")
    org = OrgChoiceField(
        label=_("默认组织"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("（不指定）"),
        help_text=_("表中没有“所在组织”或“组织代码”的新会员放入此组织。"),
    )

    def __init__(self, *args, orgs: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        limit = settings.TONGXIN_MAX_UPLOAD_BYTES / (1 << 20)
        self.fields["file"].help_text = _(
            ".xlsx 或 .csv 文件，不超过 %(limit).0f MB；表头中须有“姓名”。"
        ) % {"limit": limit}
