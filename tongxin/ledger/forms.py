"""The ledger upload and commit forms."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tongxin.members.roster.forms import MODE_CHOICES


class LedgerUploadForm(forms.Form):
    """Choose a kind of ledger, its file and how to import it."""

    kind = forms.ChoiceField(label=_("台账类别"), widget=forms.RadioSelect)
    file = forms.FileField(
        label=_("台账文件"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    mode = forms.ChoiceField(
        label=_("导入方式"),
        choices=MODE_CHOICES,
        initial="all",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.name, k.label) for k in kinds]
        if kinds:
            self.fields["kind"].initial = kinds[0].name
        limit = settings.TONGXIN_MAX_UPLOAD_BYTES / (1 << 20)
        self.fields["file"].help_text = _(
            "按模板填写的 .xlsx 文件，不超过 %(limit).0f MB。"
        ) % {"limit": limit}


class LedgerCommitForm(forms.Form):
    """Confirm a previewed upload, named by its token."""

    token = forms.RegexField(regex=r"^[A-Za-z0-9_-]{20,64}$", widget=forms.HiddenInput)
    kind = forms.CharField(max_length=30, widget=forms.HiddenInput)
    mode = forms.ChoiceField(choices=MODE_CHOICES, widget=forms.RadioSelect)
