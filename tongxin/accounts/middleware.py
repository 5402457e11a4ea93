"""The login policy applied to every request of a logged-in user.

In order:

1. Idle timeout: a session unused for ``TONGXIN_SESSION_IDLE_MINUTES`` ends;
   the web redirects to the login page with a message, the API answers 401.
2. Second factor: superusers and administrator-role holders must verify a
   TOTP code (or enroll) before any other page; the API answers 403, and
   refuses their bearer tokens outright.
3. Forced password change: a user whose password was set by an administrator
   must change it before any other page; the API answers 403.
4. Member link: an account 组织部 proposed to link to a member confirms (or
   denies) the link before any other page (web only; until confirmed the
   account has no member access anyway).

Static files, logging out and the public pages (``/public/``, published
articles shown without login) are always allowed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from tongxin.accounts.models import ApiToken
from tongxin.accounts.policies import policy

#: Session key holding the time (epoch seconds) of the user's last request.
LAST_SEEN_KEY = "tongxin_last_seen"
#: The last-seen time is rewritten at most this often (seconds), so that a
#: burst of requests costs one session write, not one each.
TOUCH_INTERVAL = 60
API_PREFIX = "/api/"
#: Session flag: the user has a member link to confirm (set at login).
LINK_PENDING_KEY = "tongxin_link_pending"
#: Pages everyone may read, logged in or not (see ``tongxin.publicity.public_urls``).
PUBLIC_PREFIX = "/public/"


def idle_seconds() -> int:
    return settings.TONGXIN_SESSION_IDLE_MINUTES * 60


class LoginPolicyMiddleware:
    """Enforce idle timeout, second factor and forced password change."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.check(request)
        return response if response is not None else self.get_response(request)

    def check(self, request: HttpRequest) -> HttpResponse | None:
        is_api = request.path.startswith(API_PREFIX)
        if is_api and request.headers.get("Authorization", "").startswith("Bearer "):
            refused = self._check_bearer(request)
            if refused is not None:
                return refused
        user = request.user
        if not user.is_authenticated:
            return None
        expired = self._touch(request)
        if expired:
            logout(request)
            if is_api:
                return None  # the API's own authentication answers 401
            messages.warning(
                request,
                _("您已超过 %(minutes)d 分钟未操作，已自动退出，请重新登录。")
                % {"minutes": settings.TONGXIN_SESSION_IDLE_MINUTES},
            )
            return self._redirect(request, "accounts:login")
        if self._always_allowed(request):
            return None
        if policy.needs_second_factor(user) and not user.is_verified():
            if is_api:
                return _forbidden(
                    _("管理员账户须先在网页上完成双因素验证，才能使用接口。")
                )
            if request.path == reverse("accounts:otp"):
                return None
            return self._redirect(request, "accounts:otp")
        if user.must_change_password:
            if is_api:
                if request.path == reverse("api:account_password_change"):
                    return None
                return _forbidden(_("请先修改初始密码。"))
            if request.path == reverse("accounts:password_change"):
                return None
            return self._redirect(request, "accounts:password_change")
        if not is_api and request.session.get(LINK_PENDING_KEY):
            if request.path == reverse("accounts:link_confirm"):
                return None
            return self._redirect(request, "accounts:link_confirm")
        return None

    @staticmethod
    def _touch(request: HttpRequest) -> bool:
        """Record activity; return True if the session had been idle too long."""
        now = int(time.time())
        last = request.session.get(LAST_SEEN_KEY)
        if isinstance(last, int | float) and now - last > idle_seconds():
            return True
        if not isinstance(last, int | float) or now - last >= TOUCH_INTERVAL:
            request.session[LAST_SEEN_KEY] = now
        return False

    @staticmethod
    def _always_allowed(request: HttpRequest) -> bool:
        return request.path.startswith(
            (settings.STATIC_URL, PUBLIC_PREFIX)
        ) or request.path == reverse("accounts:logout")

    @staticmethod
    def _check_bearer(request: HttpRequest) -> HttpResponse | None:
        """Refuse a bearer token that belongs to the superuser.

        Administrators may use tokens they minted themselves after their
        second factor (or the server operator minted for them); the
        superuser, which exists only for bootstrap, may not.
        """
        raw = request.headers["Authorization"][len("Bearer ") :].strip()
        if not raw:
            return None
        is_super = (
            ApiToken.objects.filter(digest=ApiToken.hash(raw))
            .values_list("user__is_superuser", flat=True)
            .first()
        )
        if is_super:
            return _forbidden(_("超级用户只用于初始化，不能使用接口令牌。"))
        return None

    @staticmethod
    def _redirect(request: HttpRequest, name: str) -> HttpResponse:
        url = reverse(name)
        if request.method == "GET" and request.path != url:
            url += "?" + urlencode({"next": request.get_full_path()})
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(url)
        return redirect(url)


def _forbidden(detail: str) -> JsonResponse:
    return JsonResponse(
        {"detail": detail}, status=403, json_dumps_params={"ensure_ascii": False}
    )
