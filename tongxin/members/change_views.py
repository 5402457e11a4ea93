"""Pages of members' change requests for those who confirm them.

The member submits on 会员之家 (``/m/details/``); the head of an organization
above them or 组织部 confirms or returns here.  Thin adapters over
``services_changes``.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_POST

from tongxin.core.web import REFUSALS, report
from tongxin.members import services_changes
from tongxin.members.models import ChangeRequest
from tongxin.members.selectors import (
    can_confirm_changes,
    change_request_get,
    change_request_list,
    pending_change_count,
)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_lazy("退回原因"),
        max_length=services_changes.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _lazy("请填写退回原因。")},
    )


def _request(request: HttpRequest, pk: int) -> ChangeRequest:
    try:
        return change_request_get(user=request.user, pk=pk)
    except ChangeRequest.DoesNotExist:
        raise Http404(_("申请不存在或您无权查看。")) from None


@login_required
@require_GET
def change_request_list_view(request: HttpRequest) -> HttpResponse:
    """Pending requests first, then the latest decided ones."""
    confirmer = can_confirm_changes(user=request.user)
    if not confirmer and not getattr(request.user, "member_id", None):
        raise PermissionDenied(_("您没有权限查看信息修改申请。"))
    visible = change_request_list(user=request.user)
    return render(
        request,
        "members/change_requests.html",
        {
            "pending": list(visible.filter(status=ChangeRequest.Status.PENDING)[:200]),
            "decided": list(visible.exclude(status=ChangeRequest.Status.PENDING)[:50]),
            "pending_count": pending_change_count(user=request.user),
            "confirmer": confirmer,
        },
    )


def _detail(request, change, *, form=None, status=200) -> HttpResponse:
    own = change.member_id == getattr(request.user, "member_id", None)
    return render(
        request,
        "members/change_request.html",
        {
            "change": change,
            "rows": change.rows(),
            "can_decide": (
                change.status == ChangeRequest.Status.PENDING
                and can_confirm_changes(user=request.user)
                and not own
            ),
            "form": form or ReturnForm(),
        },
        status=status,
    )


@login_required
@require_GET
def change_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _request(request, pk))


@login_required
@require_POST
def change_request_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    change = _request(request, pk)
    try:
        services_changes.change_request_confirm(request=change, by=request.user)
    except REFUSALS as e:
        if isinstance(e, PermissionDenied):
            raise
        report(request, e)
        return redirect(change)
    messages.success(
        request, _("已确认%s的信息修改，登记信息已更新。") % change.member.name
    )
    return redirect("members:change_requests")


@login_required
@require_POST
def change_request_return(request: HttpRequest, pk: int) -> HttpResponse:
    change = _request(request, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _detail(request, change, form=form, status=400)
    try:
        services_changes.change_request_return(
            request=change, by=request.user, reason=form.cleaned_data["reason"]
        )
    except REFUSALS as e:
        if isinstance(e, PermissionDenied):
            raise
        report(request, e, form)
        return _detail(request, change, form=form, status=400)
    messages.success(request, _("已退回%s的信息修改申请。") % change.member.name)
    return redirect("members:change_requests")
