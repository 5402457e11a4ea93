"""会员之家's web pages: sign-in by SMS code, remembered phones, text size,
the member's home page (我的) and its one-tap sign-up and cancel.

Thin adapters over ``services``: each view validates its form, calls one
service and turns the result into a page, a redirect or a cookie.
"""

from __future__ import annotations

from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from tongxin.activities import services as activity_services
from tongxin.activities.models import Event, Signup
from tongxin.activities.selectors import event_get, own_signup
from tongxin.activities.services.scan import group_code
from tongxin.audit.context import client_ip
from tongxin.core import crypto
from tongxin.core.web import REFUSALS, report
from tongxin.lifecycle import selectors as lifecycle_selectors
from tongxin.lifecycle.models import AdmissionAction, Application
from tongxin.lifecycle.services.admission import (
    application_transition,
    open_base_organizations,
)
from tongxin.memberhome import selectors, services
from tongxin.memberhome.forms import (
    CodeForm,
    DeclineForm,
    DetailsForm,
    JoinCodeForm,
    JoinForm,
    JoinPhoneForm,
    MicroSuggestionForm,
    PhoneForm,
)
from tongxin.members.selectors import own_change_requests
from tongxin.members.services_changes import change_request_submit
from tongxin.participation.services import micro_suggestion_submit

#: Session key of the number a code was asked for: its hash and its mask.
PENDING_KEY = "tongxin_sms_phone"
#: The remembered phone's cookie: a signed random token (httponly).
REMEMBER_COOKIE = "tongxin_phone"
REMEMBER_SALT = "tongxin.memberhome.remember"
#: The text size cookie: ``large`` or absent.
TEXT_COOKIE = "tongxin_text"
TEXT_LARGE = "large"
#: Members sign in through the same session machinery as staff.
BACKEND = "tongxin.accounts.backends.CachedModelBackend"


def _next_url(request: HttpRequest, default: str = "memberhome:home") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        return candidate
    return reverse(default)


def _remember_token(request: HttpRequest) -> str:
    return request.get_signed_cookie(
        REMEMBER_COOKIE,
        default="",
        salt=REMEMBER_SALT,
        max_age=settings.TONGXIN_REMEMBER_PHONE_DAYS * 86400,
    )


def _remembered(request: HttpRequest):
    token = _remember_token(request)
    if not token:
        return None
    return selectors.remembered_phone(
        token_digest=services.token_digest(token), now=timezone.now()
    )


def _sign_in(request: HttpRequest, user) -> HttpResponse:
    request.session.pop(PENDING_KEY, None)
    login(request, user, backend=BACKEND)
    return redirect(_next_url(request))


@require_http_methods(["GET", "POST"])
@never_cache
def login_start(request: HttpRequest) -> HttpResponse:
    """Ask for the member's mobile number and send a code to it."""
    form = PhoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        answer = services.sms_code_request(
            phone=form.cleaned_data["phone"], ip=client_ip(request)
        )
        if answer.refusal:
            form.add_error(None, answer.refusal)
        else:
            request.session[PENDING_KEY] = {
                "digest": answer.digest,
                "mask": answer.mask,
            }
            url = reverse("memberhome:login_code")
            next_url = request.POST.get("next", "")
            if next_url:
                url += "?" + urlencode({"next": next_url})
            return redirect(url)
    return render(
        request,
        "memberhome/login.html",
        {
            "form": form,
            "remembered": _remembered(request),
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
    )


@require_http_methods(["GET", "POST"])
@never_cache
def login_code(request: HttpRequest) -> HttpResponse:
    """Take the 6-digit code and sign the member in."""
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict) or not pending.get("digest"):
        return redirect("memberhome:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.sms_code_verify(
            digest=pending["digest"],
            mask=pending.get("mask", ""),
            code=form.cleaned_data["code"],
            ip=client_ip(request),
            remember=form.cleaned_data["remember"],
        )
        if result.user is not None:
            response = _sign_in(request, result.user)
            if result.remember_token:
                response.set_signed_cookie(
                    REMEMBER_COOKIE,
                    result.remember_token,
                    salt=REMEMBER_SALT,
                    max_age=settings.TONGXIN_REMEMBER_PHONE_DAYS * 86400,
                    httponly=True,
                    secure=settings.SESSION_COOKIE_SECURE,
                    samesite="Lax",
                )
            return response
        form.add_error("code", result.refusal)
    return render(
        request,
        "memberhome/code.html",
        {
            "form": form,
            "mask": pending.get("mask", ""),
            "minutes": settings.TONGXIN_SMS_CODE_MINUTES,
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
    )


@require_POST
@never_cache
def phone_login(request: HttpRequest) -> HttpResponse:
    """One tap: sign in with the phone this device remembers."""
    # Without a (validly signed) cookie the attempt is refused and audited too.
    result = services.phone_login(token=_remember_token(request), ip=client_ip(request))
    if result.user is not None:
        return _sign_in(request, result.user)
    messages.error(request, result.refusal)
    response = redirect("memberhome:login")
    response.delete_cookie(REMEMBER_COOKIE, samesite="Lax")
    return response


@require_POST
def forget_phone(request: HttpRequest) -> HttpResponse:
    """Stop remembering this device's phone (the row is revoked, the cookie gone)."""
    token = _remember_token(request)
    if token:
        services.phone_forget(token=token, ip=client_ip(request))
    messages.success(request, _("本机已不再记住该手机号。"))
    response = redirect("memberhome:login")
    response.delete_cookie(REMEMBER_COOKIE, samesite="Lax")
    return response


@require_POST
def text_size(request: HttpRequest) -> HttpResponse:
    """Switch large text on or off for this browser (a cookie, every user)."""
    wanted = request.POST.get("size")
    if wanted not in (TEXT_LARGE, "normal"):
        wanted = (
            "normal" if request.COOKIES.get(TEXT_COOKIE) == TEXT_LARGE else TEXT_LARGE
        )
    if request.headers.get("X-Requested-With") == "fetch":
        response = HttpResponse(status=204)
    else:
        response = redirect(_next_url(request, default="home"))
    if wanted == TEXT_LARGE:
        response.set_cookie(
            TEXT_COOKIE,
            TEXT_LARGE,
            max_age=365 * 86400,
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
            samesite="Lax",
        )
    else:
        response.delete_cookie(TEXT_COOKIE, samesite="Lax")
    return response


# --- 我的 -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
@never_cache
def home(request: HttpRequest) -> HttpResponse:
    """The member's own page on the phone: events, notices, items, record, branch."""
    page = selectors.member_home(user=request.user)
    if page is None:
        # Staff without an active member record have their own start page.
        return redirect("home")
    return render(
        request,
        "memberhome/home.html",
        {
            "page": page,
            "checkin": checkin_code(page.member),
            "introductions": lifecycle_selectors.introductions_pending(
                user=request.user
            ),
        },
    )


@login_required
@require_POST
@never_cache
def head_phone(request: HttpRequest, pk: int) -> HttpResponse:
    """Show my branch head's phone in clear (post ``pk``); the service audits it.

    htmx gets the number alone; without JavaScript 我的 is shown again with
    the number in place.
    """
    from django.core.exceptions import ValidationError

    try:
        phone = services.head_phone_reveal(by=request.user, post_id=pk)
    except services.HeadPhoneRefused:
        raise Http404(_("没有这位负责人的联系方式。")) from None
    except ValidationError as e:
        if request.htmx:
            return render(
                request,
                "memberhome/_head_phone.html",
                {"refused": " ".join(e.messages)},
                status=429,
            )
        messages.error(request, " ".join(e.messages))
        return redirect(reverse("memberhome:home") + "#branch")
    if request.htmx:
        return render(request, "memberhome/_head_phone.html", {"phone": phone})
    page = selectors.member_home(user=request.user)
    return render(
        request,
        "memberhome/home.html",
        {
            "page": page,
            "checkin": checkin_code(page.member),
            "introductions": lifecycle_selectors.introductions_pending(
                user=request.user
            ),
            "head_phone": phone,
        },
    )


def checkin_code(member) -> dict:
    """The member's check-in code of today: the QR code (inline SVG) and its text."""
    code = activity_services.member_checkin_code(member)
    # segno draws the SVG from the code's bits: no user text is embedded.
    svg = segno.make(code, error="m").svg_inline(scale=8, border=2, dark="#111")
    return {
        "qr": mark_safe(svg),
        "code": group_code(code),
        "day": timezone.localdate(),
    }


@login_required
@require_http_methods(["GET"])
@never_cache
def checkin_qr(request: HttpRequest) -> HttpResponse:
    """My check-in QR code, big, for a phone held up to staff at an event."""
    member = request.user.member if request.user.member_id else None
    if member is None or not member.is_active:
        return redirect("home")
    return render(
        request,
        "memberhome/qr.html",
        {"member": member, "checkin": checkin_code(member)},
    )


def _own_event(request: HttpRequest, pk: int) -> Event:
    try:
        return event_get(user=request.user, pk=pk)
    except Event.DoesNotExist:
        raise Http404(_("活动不存在或您无权查看。")) from None


def _own_member(request: HttpRequest):
    if not request.user.member_id:
        raise PermissionDenied(_("您的账户没有关联会员记录，不能报名。"))
    return request.user.member


def _back(request: HttpRequest) -> HttpResponse:
    return redirect(reverse("memberhome:home") + "#events")


@login_required
@require_POST
def signup(request: HttpRequest, pk: int) -> HttpResponse:
    """One tap: sign the member up (or onto the waiting list) and come back."""
    event = _own_event(request, pk)
    member = _own_member(request)
    try:
        done = activity_services.signup_create(
            event=event, member=member, by=request.user
        )
    except REFUSALS as e:
        report(request, e)
    else:
        if done.status == Signup.Status.WAITING:
            messages.warning(
                request,
                _("“%s”名额已满，您已进入候补名单；有人取消时将按顺序递补。")
                % event.title,
            )
        else:
            messages.success(request, _("已报名“%s”。") % event.title)
    return _back(request)


@login_required
@require_POST
def signup_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """One tap: cancel the member's own sign-up (a waiting member moves up)."""
    event = _own_event(request, pk)
    _own_member(request)
    mine = own_signup(user=request.user, event=event)
    if mine is None or mine.status == Signup.Status.CANCELLED:
        messages.error(request, _("您没有报名“%s”。") % event.title)
        return _back(request)
    try:
        activity_services.signup_cancel(signup=mine, by=request.user)
    except REFUSALS as e:
        report(request, e)
    else:
        messages.success(request, _("已取消“%s”的报名。") % event.title)
    return _back(request)


# --- change my details --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def details(request: HttpRequest) -> HttpResponse:
    """Ask for my contact and work details to be changed (confirmed by others)."""
    member = request.user.member if request.user.member_id else None
    if member is None or not member.is_active:
        return redirect("home")
    form = DetailsForm(request.POST or None, member=member)
    refused = False
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        note = data.pop("note", "")
        try:
            change_request_submit(member=member, by=request.user, note=note, **data)
        except REFUSALS as e:
            refused = True
            report(request, e, form)
        else:
            messages.success(
                request,
                _("修改申请已提交，所在支部或组织部确认后登记信息才会更新。"),
            )
            return redirect("memberhome:details")
    return render(
        request,
        "memberhome/details.html",
        {
            "form": form,
            "member": member,
            "requests": own_change_requests(user=request.user),
        },
        status=400 if refused or form.errors else 200,
    )


# --- 微建议 -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def suggest(request: HttpRequest) -> HttpResponse:
    """A micro-suggestion with up to three photos, into the suggestion workflow."""
    member = request.user.member if request.user.member_id else None
    if member is None or not member.is_active:
        return redirect("home")
    form = MicroSuggestionForm(request.POST or None, request.FILES or None)
    refused = False
    if request.method == "POST" and form.is_valid():
        try:
            item = micro_suggestion_submit(
                by=request.user,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                photos=form.photos(),
            )
        except REFUSALS as e:
            refused = True
            report(request, e, form)
        else:
            messages.success(
                request, _("微建议“%s”已提交，可在此查看办理进度。") % item.title
            )
            return redirect(item)
    return render(
        request,
        "memberhome/suggest.html",
        {"form": form},
        status=400 if refused or form.errors else 200,
    )


# --- apply to join online, introducers confirm -------------------------------------

#: Session key of the applicant's number: its join hash, its mask, the number
#: encrypted (to store with the application) and whether the code was right.
JOIN_KEY = "tongxin_join_phone"


@require_http_methods(["GET", "POST"])
@never_cache
def join_start(request: HttpRequest) -> HttpResponse:
    """Apply to join: first prove one's own mobile by an SMS code."""
    form = JoinPhoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        answer = services.join_code_request(phone=phone, ip=client_ip(request))
        if answer.refusal:
            form.add_error(None, answer.refusal)
        else:
            request.session[JOIN_KEY] = {
                "digest": answer.digest,
                "mask": answer.mask,
                "phone": crypto.encrypt(phone),
                "verified": False,
            }
            return redirect("memberhome:join_code")
    return render(
        request,
        "memberhome/join_start.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _join_pending(request: HttpRequest) -> dict | None:
    pending = request.session.get(JOIN_KEY)
    if not isinstance(pending, dict) or not pending.get("digest"):
        return None
    return pending


@require_http_methods(["GET", "POST"])
@never_cache
def join_code(request: HttpRequest) -> HttpResponse:
    """Take the code sent to the applicant's mobile."""
    pending = _join_pending(request)
    if pending is None:
        return redirect("memberhome:join")
    form = JoinCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        refusal = services.join_code_verify(
            digest=pending["digest"],
            mask=pending.get("mask", ""),
            code=form.cleaned_data["code"],
            ip=client_ip(request),
        )
        if not refusal:
            request.session[JOIN_KEY] = {**pending, "verified": True}
            return redirect("memberhome:join_apply")
        form.add_error("code", refusal)
    return render(
        request,
        "memberhome/join_code.html",
        {
            "form": form,
            "mask": pending.get("mask", ""),
            "minutes": settings.TONGXIN_SMS_CODE_MINUTES,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@never_cache
def join_apply(request: HttpRequest) -> HttpResponse:
    """The registration form, the scan and the two introducers."""
    pending = _join_pending(request)
    if pending is None or not pending.get("verified"):
        return redirect("memberhome:join")
    phone = crypto.decrypt(pending["phone"])
    organizations = open_base_organizations()
    form = JoinForm(
        request.POST or None, request.FILES or None, organizations=organizations
    )
    refused = False
    if request.method == "POST" and form.is_valid():
        try:
            app, refusal = services.join_apply(
                phone=phone, ip=client_ip(request), **form.service_data(organizations)
            )
        except REFUSALS as e:
            refused = True
            report(request, e, form)
        else:
            if refusal:
                request.session.pop(JOIN_KEY, None)
                messages.error(request, refusal)
                return redirect("memberhome:join")
            messages.success(
                request,
                _("入会申请已提交，请告知两位介绍人在“会员之家”中确认。"),
            )
            return redirect("memberhome:join_status", token=app.status_token)
    return render(
        request,
        "memberhome/join_apply.html",
        {
            "form": form,
            "mask": pending.get("mask", ""),
            "applications": lifecycle_selectors.applications_of_mobile(phone),
        },
        status=400 if refused or form.errors else 200,
    )


@require_http_methods(["GET"])
@never_cache
def join_status(request: HttpRequest, token: str) -> HttpResponse:
    """The applicant's status page (the link in their SMS): the steps so far."""
    app = lifecycle_selectors.application_by_status_token(token)
    if app is None:
        raise Http404(_("链接无效或已过期。"))
    return render(
        request,
        "memberhome/join_status.html",
        {"app": app, "steps": lifecycle_selectors.application_steps(app)},
    )


@login_required
@require_POST
def introduction_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """An introducer confirms or declines an application naming them."""
    if action not in (AdmissionAction.CONFIRM, AdmissionAction.DECLINE):
        raise Http404(_("页面不存在。"))
    try:
        app = lifecycle_selectors.introduction_get(user=request.user, pk=pk)
    except Application.DoesNotExist:
        raise Http404(_("入会申请不存在或您不是其介绍人。")) from None
    comment = ""
    if action == AdmissionAction.DECLINE:
        form = DeclineForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("不同意介绍时请填写理由。"))
            return redirect(reverse("memberhome:home") + "#introductions")
        comment = form.cleaned_data["comment"]
    try:
        application_transition(
            by=request.user, application=app, action=action, comment=comment
        )
    except REFUSALS as e:
        report(request, e)
    else:
        if action == AdmissionAction.CONFIRM:
            messages.success(request, _("已确认介绍“%s”入会。") % app.name)
        else:
            messages.success(request, _("已回复不同意介绍“%s”入会。") % app.name)
    return redirect(reverse("memberhome:home") + "#introductions")
