"""Pages of the honors registry."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tongxin.core import files
from tongxin.core.routers import replica_reads
from tongxin.core.web import REFUSALS, form_page, report
from tongxin.honors import services
from tongxin.honors.forms import (
    HonorCreateForm,
    HonorEditForm,
    HonorFileForm,
    RecipientsForm,
    StatsForm,
)
from tongxin.honors.models import Category, Honor, HonorFile, HonorRecipient, Level
from tongxin.honors.policies import policy
from tongxin.honors.selectors import (
    HonorFilters,
    hidden_recipients,
    honor_counts,
    honor_file_get,
    honor_files,
    honor_get,
    honor_list,
    honor_recipients,
    honor_years,
    recipient_get,
)
from tongxin.members.names import UnresolvedNames, choices_from
from tongxin.orgs.selectors import org_filter_choices, org_list


def _honor(request: HttpRequest, pk: int, action: str = "view") -> Honor:
    try:
        honor = honor_get(user=request.user, pk=pk)
    except Honor.DoesNotExist:
        raise Http404(_("荣誉不存在或您无权查看。")) from None
    if action != "view" and not policy.can(request.user, action, honor):
        raise PermissionDenied(_("您没有权限执行此操作。"))
    return honor


def _managed(request: HttpRequest, *, include_closed: bool = False):
    return org_list(user=request.user, include_closed=include_closed).filter(
        policy.scope_q(request.user, "manage", field="path")
    )


def _recipient_orgs(request: HttpRequest):
    """Organizations an honor may name: open ones and those closed since (the
    service checks each existed on the award date)."""
    return _managed(request, include_closed=True)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _org_filter(request: HttpRequest):
    pk = _int(request.GET.get("org"))
    if pk is None:
        return None
    return org_list(user=request.user).filter(pk=pk).first()


@login_required
@require_GET
def honor_list_view(request: HttpRequest) -> HttpResponse:
    level = (
        request.GET.get("level") if request.GET.get("level") in Level.values else None
    )
    category = (
        request.GET.get("category")
        if request.GET.get("category") in Category.values
        else None
    )
    org = _org_filter(request)
    filters = HonorFilters(
        level=level,
        category=category,
        year=_int(request.GET.get("year")),
        org=org,
        q=(request.GET.get("q") or "").strip()[:50] or None,
    )
    return render(
        request,
        "honors/list.html",
        {
            "honors": honor_list(user=request.user, filters=filters)[:300],
            "filters": filters,
            "levels": Level.choices,
            "categories": Category.choices,
            "years": honor_years(user=request.user),
            "org_choices": org_filter_choices(
                org_list(user=request.user), selected=[org] if org else []
            ),
            "by_level": honor_counts(user=request.user, by="level", org=org),
            "can_add": bool(policy.scopes(request.user, "manage")),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def honor_create(request: HttpRequest) -> HttpResponse:
    if not policy.scopes(request.user, "manage"):
        raise PermissionDenied(_("您没有权限登记荣誉。"))
    managed = _managed(request)
    form = HonorCreateForm(
        request.POST or None,
        request.FILES or None,
        managed=managed,
        organizations=_recipient_orgs(request),
    )
    resolution = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file")
        text = data.pop("recipients_text")
        try:
            with transaction.atomic():
                members = services.resolve_recipients(
                    by=request.user, text=text, choices=choices_from(request.POST)
                )
                honor = services.honor_create(by=request.user, members=members, **data)
                if upload:
                    services.honor_file_add(honor=honor, by=request.user, upload=upload)
        except UnresolvedNames as e:
            # Namesakes are offered as a choice below the list, which stays.
            resolution = e.resolution
            if resolution.missing:
                for entry in resolution.missing:
                    form.add_error("recipients_text", resolution.missing_reason(entry))
        except REFUSALS as e:
            report(request, e, form)
        else:
            messages.success(request, _("已登记荣誉“%s”。") % honor.title)
            return redirect(honor)
    return render(
        request,
        "honors/form.html",
        {
            "form": form,
            "title": _("登记荣誉"),
            "multipart": True,
            "resolution": resolution,
        },
    )


@login_required
@require_GET
def honor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    honor = _honor(request, pk)
    can_manage = policy.can(request.user, "manage", honor)
    recipients = list(honor_recipients(honor=honor, user=request.user))
    return render(
        request,
        "honors/detail.html",
        {
            "honor": honor,
            "members": [r for r in recipients if r.member_id],
            "organizations": [r for r in recipients if r.organization_id],
            "hidden": hidden_recipients(honor=honor, user=request.user),
            "files": honor_files(honor=honor),
            "can_manage": can_manage,
            "recipients_form": RecipientsForm(
                organizations=_recipient_orgs(request), on=honor.awarded_on
            )
            if can_manage
            else None,
            "file_form": HonorFileForm() if can_manage else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def honor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    honor = _honor(request, pk, "manage")
    if request.method == "POST":
        form = HonorEditForm(request.POST)
    else:
        form = HonorEditForm(
            initial={
                f: getattr(honor, f)
                for f in HonorEditForm.base_fields
                if f != "version"
            }
            | {"version": honor.version}
        )

    def save(data: dict):
        data = dict(data)
        version = data.pop("version")
        return services.honor_update(
            honor=honor, by=request.user, version=version, **data
        )

    return form_page(
        request,
        form,
        template="honors/form.html",
        context={"title": _("修改荣誉“%s”") % honor.title, "back": honor},
        save=save,
        done=lambda _honor: _("已保存。"),
        then=lambda _honor: honor,
    )


@login_required
@require_POST
def recipients_add(request: HttpRequest, pk: int) -> HttpResponse:
    honor = _honor(request, pk, "manage")
    form = RecipientsForm(request.POST, organizations=_recipient_orgs(request))
    if form.is_valid():
        try:
            with transaction.atomic():
                members = services.resolve_recipients(
                    by=request.user, text=form.cleaned_data["recipients_text"]
                )
                added = services.honor_add_recipients(
                    honor=honor,
                    by=request.user,
                    members=members,
                    organizations=form.cleaned_data["organizations"],
                )
        except REFUSALS as e:
            report(request, e)
        else:
            messages.success(request, _("已添加 %d 名获奖者。") % added)
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(honor)


@login_required
@require_POST
def recipient_remove(request: HttpRequest, pk: int, recipient_pk: int) -> HttpResponse:
    honor = _honor(request, pk, "manage")
    try:
        recipient = recipient_get(honor=honor, pk=recipient_pk)
    except HonorRecipient.DoesNotExist:
        raise Http404 from None
    try:
        services.honor_remove_recipient(recipient=recipient, by=request.user)
    except REFUSALS as e:
        report(request, e)
    else:
        messages.success(request, _("已移除。"))
    return redirect(honor)


@login_required
@require_POST
def file_add(request: HttpRequest, pk: int) -> HttpResponse:
    honor = _honor(request, pk, "manage")
    form = HonorFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.honor_file_add(
                honor=honor,
                by=request.user,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except REFUSALS as e:
            report(request, e)
        else:
            messages.success(request, _("已上传。"))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(honor)


@login_required
@require_GET
def file_download(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    honor = _honor(request, pk)
    try:
        record = honor_file_get(user=request.user, honor=honor, pk=file_pk)
    except HonorFile.DoesNotExist:
        raise Http404(_("文件不存在。")) from None
    return files.serve_file(record, _("文件已丢失，请联系管理员。"))


@login_required
@require_GET
@replica_reads
def honor_stats(request: HttpRequest) -> HttpResponse:
    form = StatsForm(request.GET)
    by, year = "level", None
    if form.is_valid():
        by = form.cleaned_data["by"] or "level"
        year = form.cleaned_data["year"]
    org = _org_filter(request)
    return render(
        request,
        "honors/stats.html",
        {
            "rows": honor_counts(user=request.user, by=by, org=org, year=year),
            "by": by,
            "year": year,
            "org": org,
            "org_choices": org_filter_choices(
                org_list(user=request.user), selected=[org] if org else []
            ),
            "years": honor_years(user=request.user),
            "choices": StatsForm.base_fields["by"].choices,
        },
    )
