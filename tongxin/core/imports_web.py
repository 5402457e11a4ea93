"""The two pages of a file import: upload → preview, then commit.

An import (the roster, a ledger) is two requests.  The upload is checked as a
dry run and shown as a preview -- counts and every problem by row and column
(``includes/import_errors.html``) -- while the file waits on the server under
a token bound to the user (:mod:`tongxin.core.uploads`).  The commit names only
that token and runs the import again, for real, in one transaction; a
committed upload is discarded, so each upload is imported at most once.

An app describes its import by subclassing :class:`ImportPages` (forms,
templates, the message for an expired preview, the call that checks or
imports) and its views call :meth:`ImportPages.upload_page` and
:meth:`ImportPages.commit_page` after their own permission check.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core import uploads
from tongxin.core.errors import ServiceError

#: The two ways to import a file, offered on the upload and on the preview.
MODE_CHOICES = [
    ("all", gettext_lazy("全部无误才导入：有任何一行出错就什么也不写入")),
    ("valid", gettext_lazy("只导入无误的行：出错的行跳过，其余写入")),
]


def mode_field(**kwargs) -> forms.ChoiceField:
    """The 导入方式 radio buttons."""
    return forms.ChoiceField(choices=MODE_CHOICES, widget=forms.RadioSelect, **kwargs)


class CommitForm(forms.Form):
    """Confirm a previewed upload, named by its token."""

    token = forms.RegexField(regex=r"^[A-Za-z0-9_-]{20,64}$", widget=forms.HiddenInput)
    mode = mode_field()


class ImportPages(ABC):
    """One import's upload, preview and commit pages.

    A subclass sets the forms and templates and implements :meth:`run`.  The
    upload form has ``file`` and ``mode`` fields; the commit form is a
    :class:`CommitForm`.  The preview template gets the report's context,
    ``commit_form`` and ``ttl_minutes``; the result template gets the report's
    context, or ``failure``; both get ``upload_url``, ``commit_url`` and
    ``import_command`` (``includes/import_preview.html``,
    ``includes/import_result.html``).
    """

    upload_form: type[forms.Form]
    commit_form: type[forms.Form] = CommitForm
    upload_template: str
    preview_template: str
    result_template: str
    #: The URL names of the upload and the commit pages.
    upload_url: str
    commit_url: str
    #: The command that lists every problem (``tongxin <command> --json``).
    command: str = ""
    #: Shown when the commit's token finds no upload (expired, used, another's).
    expired_message: str
    #: What :meth:`run` may raise to refuse the file; each has a ``message``.
    refusals: tuple[type[Exception], ...] = (ServiceError,)
    #: Problems listed on a page; the counts always cover the whole file.
    shown_errors = 500

    @abstractmethod
    def run(
        self,
        request: HttpRequest,
        *,
        stored: uploads.StoredUpload,
        data: dict,
        commit: bool,
    ):
        """Check (``commit=False``) or import the stored file; return its report.

        ``data`` is the cleaned upload form on the preview, the cleaned commit
        form on the commit.
        """
        raise NotImplementedError

    def kept_org_id(self, data: dict) -> int | None:
        """The organization kept with the upload for the commit, if any."""
        return None

    def commit_initial(self, data: dict) -> dict:
        """The commit form's hidden values besides the token and the mode."""
        return {}

    def preview_context(self, data: dict) -> dict:
        """What the preview shows besides the report."""
        return {}

    def page_context(self) -> dict:
        """Where the preview and the result link to."""
        return {
            "upload_url": reverse(self.upload_url),
            "commit_url": reverse(self.commit_url),
            "import_command": self.command,
        }

    def report_context(self, report) -> dict:
        """The report and the problems to list."""
        return {
            **self.page_context(),
            "report": report,
            "errors": report.errors[: self.shown_errors],
            "errors_hidden": max(0, len(report.errors) - self.shown_errors),
        }

    def upload_page(
        self, request: HttpRequest, *, form_kwargs: dict, context: dict[str, Any]
    ) -> HttpResponse:
        """Show the upload form; on upload, check the file and show the preview."""
        form = self.upload_form(
            request.POST or None, request.FILES or None, **form_kwargs
        )
        if request.method == "POST" and form.is_valid():
            response = self._preview(request, form)
            if response is not None:
                return response
        status = 400 if form.errors else 200
        return render(
            request, self.upload_template, {"form": form, **context}, status=status
        )

    def _preview(self, request: HttpRequest, form: forms.Form) -> HttpResponse | None:
        data = form.cleaned_data
        upload = data["file"]
        if upload.size > settings.TONGXIN_MAX_UPLOAD_BYTES:
            form.add_error(
                "file",
                _("文件太大，上限为 %.0f MB。请分成几个文件导入。")
                % (settings.TONGXIN_MAX_UPLOAD_BYTES / (1 << 20)),
            )
            return None
        stored = uploads.store(
            user=request.user,
            upload=upload,
            mode=data["mode"],
            org_id=self.kept_org_id(data),
        )
        try:
            report = self.run(request, stored=stored, data=data, commit=False)
        except self.refusals as e:
            uploads.discard(stored.token)
            form.add_error("file", e.message)
            return None
        commit_form = self.commit_form(
            initial={
                "token": stored.token,
                **self.commit_initial(data),
                "mode": data["mode"],
            }
        )
        return render(
            request,
            self.preview_template,
            {
                **self.report_context(report),
                "commit_form": commit_form,
                **self.preview_context(data),
                "ttl_minutes": int(uploads.TTL.total_seconds() // 60),
            },
        )

    def commit_page(self, request: HttpRequest) -> HttpResponse:
        """Import a previewed upload for real and show the result."""
        form = self.commit_form(request.POST)
        stored = None
        if form.is_valid():
            stored = uploads.load(user=request.user, token=form.cleaned_data["token"])
        if stored is None:
            return self._failure(request, self.expired_message)
        try:
            report = self.run(
                request, stored=stored, data=form.cleaned_data, commit=True
            )
        except self.refusals as e:
            uploads.discard(stored.token)
            return self._failure(request, e.message)
        if report.committed:
            uploads.discard(stored.token)
        return render(request, self.result_template, self.report_context(report))

    def _failure(self, request: HttpRequest, message: str) -> HttpResponse:
        return render(request, self.result_template, {"failure": message}, status=400)
