"""The ledger upload and commit forms."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tongxin.core.imports_web import CommitForm, mode_field


class LedgerUploadForm(forms.Form):
    """Choose a kind of ledger, its file and how to import it."""

    kind = forms.ChoiceField(label=_("台账类别"), widget=forms.RadioSelect)
    file = forms.FileField(
        label=_("台账文件"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    mode = mode_field(label=_("导入方式"), initial="all")

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.name, k.label) for k in kinds]
        if kinds:
            self.fields["kind"].initial = kinds[0].name
        limit = settings.TONGXIN_MAX_UPLOAD_BYTES / (1 << 20)
        self.fields["file"].help_text = _(
            "按模板填写的 .xlsx 文件，不超过 %(limit).0f MB。"
        ) % {"limit": limit}


class LedgerCommitForm(CommitForm):
    """Confirm a previewed upload, named by its token, of a kind."""

    kind = forms.CharField(max_length=30, widget=forms.HiddenInput)

    field_order = ["token", "kind", "mode"]
