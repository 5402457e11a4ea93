"""Pages of broadcasts, channel preferences and magazine subscriptions."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tongxin.activities.models import Event
from tongxin.core.errors import ValidationError
from tongxin.core.web import REFUSALS, report
from tongxin.members.models import Member
from tongxin.orgs.selectors import org_list
from tongxin.publicity import messages as texts
from tongxin.publicity import selectors, services
from tongxin.publicity.forms import BroadcastForm, PreferenceForm, SubscriptionForm
from tongxin.publicity.gateways import SIGNATURE_HEADER, receipt_is_authentic
from tongxin.publicity.models import Broadcast, ChannelPreference, Delivery
from tongxin.publicity.policies import policy


def _require(request: HttpRequest, action: str) -> None:
    if not policy.scopes(request.user, action):
        raise PermissionDenied(_("您没有权限执行此操作。"))


def _places(request: HttpRequest):
    orgs = org_list(user=request.user).filter(
        policy.scope_q(request.user, "send", field="path")
    )
    events = (
        Event.objects.filter(policy.scope_q(request.user, "send", field="path"))
        .select_related("organization")
        .order_by("-start_at")[:200]
    )
    return orgs, Event.objects.filter(pk__in=[e.pk for e in events])


def _broadcast(request: HttpRequest, pk: int, action: str = "view_broadcasts"):
    _require(request, "view_broadcasts")
    try:
        return selectors.broadcast_get(user=request.user, pk=pk, action=action)
    except Broadcast.DoesNotExist:
        raise Http404 from None


@login_required
@require_GET
def broadcast_list(request: HttpRequest) -> HttpResponse:
    _require(request, "view_broadcasts")
    items = list(selectors.broadcast_list(user=request.user)[:100])
    for b in items:
        b.percent = 100 if not b.to_send else b.done * 100 // b.to_send
    return render(
        request,
        "publicity/broadcast_list.html",
        {"broadcasts": items, "can_send": bool(policy.scopes(request.user, "send"))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def broadcast_create(request: HttpRequest) -> HttpResponse:
    _require(request, "send")
    orgs, events = _places(request)
    form = BroadcastForm(request.POST or None, orgs=orgs, events=events)
    preview = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if "preview" in request.POST:
                preview = _preview(request, d, form.filters())
            else:
                broadcast = services.broadcast_create(
                    by=request.user,
                    title=d["title"],
                    body=d["body"],
                    send_sms=d["send_sms"],
                    send_email=d["send_email"],
                    organization=d["organization"] if not d["event"] else None,
                    event=d["event"],
                    filters=form.filters(),
                )
                messages.success(request, _("已开始发送。"))
                return redirect(broadcast)
        except REFUSALS as e:
            report(request, e, form)
    return render(
        request, "publicity/broadcast_form.html", {"form": form, "preview": preview}
    )


def _preview(request: HttpRequest, d: dict, filters: dict) -> dict:
    """Return the message as the first recipient would get it, and the count."""
    texts.check_template(d["body"])
    if not d["event"] and not d["organization"]:
        raise ValidationError({"organization": _("请选择组织或活动。")})
    members = selectors.broadcast_recipients(
        user=request.user,
        organization=d["organization"],
        filters=filters,
        event=d["event"],
    ).select_related("organization")
    first = members.first()
    if first is None:
        raise ValidationError({"organization": _("没有符合条件的收件人，未发送。")})
    text = texts.render(
        d["body"], name=first.name, organization=first.organization.name
    )
    sms = texts.sms_text(text)
    return {
        "member": first,
        "text": text,
        "sms": sms,
        "sms_chars": len(sms),
        "sms_parts": texts.sms_parts(sms),
        "count": members.count(),
    }


@login_required
@require_GET
def broadcast_detail(request: HttpRequest, pk: int) -> HttpResponse:
    broadcast = _broadcast(request, pk)
    status = request.GET.get("status", "")
    if status not in Delivery.Status.values:
        status = ""
    return render(
        request,
        "publicity/broadcast_detail.html",
        {
            "broadcast": broadcast,
            "progress": selectors.broadcast_progress(broadcast=broadcast),
            "deliveries": selectors.delivery_list(broadcast=broadcast, status=status)[
                :500
            ],
            "status": status,
            "statuses": Delivery.Status.choices,
            "can_send": policy.can(request.user, "send", broadcast),
        },
    )


@login_required
@require_GET
def broadcast_progress(request: HttpRequest, pk: int) -> HttpResponse:
    broadcast = _broadcast(request, pk)
    return render(
        request,
        "publicity/_progress.html",
        {
            "broadcast": broadcast,
            "progress": selectors.broadcast_progress(broadcast=broadcast),
        },
    )


@login_required
@require_POST
def broadcast_retry(request: HttpRequest, pk: int) -> HttpResponse:
    broadcast = _broadcast(request, pk)
    try:
        count = services.broadcast_retry(by=request.user, broadcast=broadcast)
        messages.success(request, _("已重新排队 %d 条。") % count)
    except REFUSALS as e:
        if isinstance(e, PermissionDenied):
            raise
        report(request, e)
    return redirect(broadcast)


@csrf_exempt
@require_POST
def sms_receipt(request: HttpRequest) -> HttpResponse:
    """Take a provider's signed delivery receipt (no session: HMAC instead)."""
    if not receipt_is_authentic(
        request.body, request.headers.get(SIGNATURE_HEADER, "")
    ):
        return JsonResponse({"detail": _("签名无效")}, status=403)
    try:
        data = json.loads(request.body)
        services.receipt_apply(
            message_id=str(data["id"]),
            status=str(data["status"]),
            reason=str(data.get("reason") or ""),
        )
    except (ValueError, KeyError, TypeError, ValidationError):
        return JsonResponse({"detail": _("回执格式不正确")}, status=400)
    except Delivery.DoesNotExist:
        return JsonResponse({"detail": _("未知的消息编号")}, status=404)
    return JsonResponse({"ok": True})


@login_required
@require_http_methods(["GET", "POST"])
def my_preferences(request: HttpRequest) -> HttpResponse:
    member_id = getattr(request.user, "member_id", None)
    if member_id is None:
        raise PermissionDenied(_("您的账户没有关联会员，无需设置。"))
    member = Member.objects.get(pk=member_id)
    pref = ChannelPreference.objects.filter(member=member).first()
    initial = {
        "sms_opt_out": bool(pref and pref.sms_opt_out),
        "email_opt_out": bool(pref and pref.email_opt_out),
        "notice_channel": pref.notice_channel if pref else "",
    }
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.preference_set(by=request.user, member=member, **form.cleaned_data)
        except ValidationError as e:
            report(request, e, form)
        else:
            messages.success(request, _("接收设置已保存。"))
            return redirect("publicity:my_preferences")
    return render(request, "publicity/my_preferences.html", {"form": form})


def _year(request: HttpRequest) -> int | None:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return None


@login_required
@require_GET
def subscription_list(request: HttpRequest) -> HttpResponse:
    _require(request, "view_subscriptions")
    year = _year(request) or timezone.localdate().year
    managed = org_list(user=request.user).filter(
        policy.scope_q(request.user, "manage_subscriptions", field="path")
    )
    can_manage = bool(policy.scopes(request.user, "manage_subscriptions"))
    return render(
        request,
        "publicity/subscription_list.html",
        {
            "year": year,
            "subscriptions": selectors.subscription_list(user=request.user, year=year),
            "totals": selectors.subscription_totals(user=request.user),
            "form": SubscriptionForm(orgs=managed, initial={"year": year})
            if can_manage
            else None,
        },
    )


@login_required
@require_POST
def subscription_set(request: HttpRequest) -> HttpResponse:
    _require(request, "manage_subscriptions")
    orgs = org_list(user=request.user).filter(
        policy.scope_q(request.user, "view_subscriptions", field="path")
    )
    form = SubscriptionForm(request.POST, orgs=orgs)
    if form.is_valid():
        try:
            services.subscription_set(by=request.user, **form.cleaned_data)
            messages.success(request, _("订阅已保存。"))
            url = reverse("publicity:subscription_list")
            return redirect(f"{url}?year={form.cleaned_data['year']}")
        except REFUSALS as e:
            if isinstance(e, PermissionDenied):
                raise
            report(request, e)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("publicity:subscription_list")
