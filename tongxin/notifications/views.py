"""The notification list of the current user."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tongxin.notifications import services
from tongxin.notifications.selectors import notification_list


@login_required
@require_GET
def notification_list_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "notifications/list.html",
        {"notices": notification_list(user=request.user)[:200]},
    )


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    n = services.mark_read(user=request.user)
    messages.success(request, _("已将 %d 条通知标为已读。") % n)
    return redirect("notifications:list")
