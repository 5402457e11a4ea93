"""Pages of group robots (staff) and of binding WeChat (members)."""

from __future__ import annotations

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tongxin.core.errors import ValidationError
from tongxin.core.web import REFUSALS, form_page, report
from tongxin.members.models import Member
from tongxin.orgs.selectors import org_list
from tongxin.publicity import selectors
from tongxin.publicity.channels import wechat_authorize_url
from tongxin.publicity.forms import RobotEditForm, RobotForm
from tongxin.publicity.models import GroupRobot, WeChatBinding
from tongxin.publicity.policies import policy
from tongxin.publicity.services import channels as services


def _require_robots(request: HttpRequest) -> None:
    if not policy.scopes(request.user, "manage_robots"):
        raise PermissionDenied(_("您没有权限执行此操作。"))


def _orgs(request: HttpRequest):
    return org_list(user=request.user).filter(
        policy.scope_q(request.user, "manage_robots", field="path")
    )


@login_required
@require_http_methods(["GET", "POST"])
def robot_list(request: HttpRequest) -> HttpResponse:
    """The robots of the user's subtree, and the form adding one."""
    _require_robots(request)
    form = RobotForm(request.POST or None, orgs=_orgs(request))
    if request.method == "POST":
        if form.is_valid():
            try:
                services.robot_save(by=request.user, **form.cleaned_data)
            except REFUSALS as e:
                if isinstance(e, PermissionDenied):
                    raise
                report(request, e, form)
            else:
                messages.success(request, _("群机器人已保存。"))
                return redirect("publicity:robot_list")
    robots = selectors.robot_list(user=request.user)
    return render(
        request, "publicity/robot_list.html", {"robots": robots, "form": form}
    )


def _robot(request: HttpRequest, pk: int) -> GroupRobot:
    """The robot ``pk`` if the user manages robots of its organization."""
    _require_robots(request)
    try:
        return selectors.robot_get(user=request.user, pk=pk)
    except GroupRobot.DoesNotExist:
        raise Http404 from None


def _robot_initial(robot: GroupRobot) -> dict:
    return {"name": robot.name, "version": robot.version}


@login_required
@require_http_methods(["GET", "POST"])
def robot_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a robot's name, webhook or signing secret (never shown in clear)."""
    robot = _robot(request, pk)
    context = {"robot": robot}

    def save(data: dict):
        return services.robot_update(by=request.user, robot=robot, **data)

    def reload() -> RobotEditForm:
        context["robot"] = current = _robot(request, pk)
        return RobotEditForm(initial=_robot_initial(current))

    form = RobotEditForm(
        request.POST if request.method == "POST" else None,
        initial=_robot_initial(robot),
    )
    return form_page(
        request,
        form,
        template="publicity/robot_edit.html",
        context=context,
        save=save,
        done=lambda _r: _("群机器人已保存。"),
        then=lambda _r: "publicity:robot_list",
        reload=reload,
    )


@login_required
@require_POST
def robot_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    robot = _robot(request, pk)
    services.robot_set_active(by=request.user, robot=robot, active=not robot.active)
    messages.success(
        request, _("群机器人已启用。") if not robot.active else _("群机器人已停用。")
    )
    return redirect("publicity:robot_list")


@login_required
@require_http_methods(["GET", "POST"])
def wechat_bind(request: HttpRequest) -> HttpResponse:
    """The member's WeChat binding: its state, and a one-time link to bind."""
    member_id = getattr(request.user, "member_id", None)
    if member_id is None:
        raise PermissionDenied(_("您的账户没有关联会员，无需绑定。"))
    member = Member.objects.get(pk=member_id)
    link = ""
    if request.method == "POST":
        token = services.wechat_bind_link(by=request.user, member=member)
        link = wechat_authorize_url(
            redirect_uri=request.build_absolute_uri(
                reverse("publicity:wechat_callback")
            ),
            state=token,
        )
    binding = WeChatBinding.objects.filter(member=member).first()
    # segno draws the SVG from the link's bits: no user text is embedded.
    qr = (
        mark_safe(segno.make(link, error="m").svg_inline(scale=4, border=2))
        if link
        else ""
    )
    return render(
        request,
        "publicity/wechat_bind.html",
        {
            "bound": bool(binding and binding.is_bound),
            "bound_at": binding.bound_at if binding else None,
            "link": link,
            "qr": qr,
            "minutes": services.BIND_MAX_AGE // 60,
            "configured": bool(settings.TONGXIN_WECHAT_APPID),
        },
    )


@require_GET
def wechat_callback(request: HttpRequest) -> HttpResponse:
    """Where the official account's OAuth sends the member back (no session).

    WeChat's web authorization brings ``code`` and the one-time ``state``
    (the binding link's token); the code is exchanged for the member's OpenID.
    """
    try:
        services.wechat_bind_by_code(
            state=request.GET.get("state", ""), code=request.GET.get("code", "")
        )
    except ValidationError as e:
        text = "；".join(str(m) for ms in e.message_dict.values() for m in ms)
        return render(
            request,
            "publicity/wechat_bound.html",
            {"ok": False, "text": text},
            status=400,
        )
    return render(request, "publicity/wechat_bound.html", {"ok": True})
