"""Abstract models every app's records build on."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredFile(models.Model):
    """An uploaded file stored privately (see ``core.files``): attachments,
    evidence, versions.  ``core.files.serve_file`` hands any of them out."""

    title = models.CharField(_("文件名称"), max_length=200)
    stored_name = models.CharField(max_length=200, editable=False, unique=True)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title
