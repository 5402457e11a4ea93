"""One interface for every channel a notice can go out on.

A channel adapter has ``send(*, to, title, text, reference) -> str``: it
returns the provider's message id (or ``""``) and raises
:class:`~tongxin.publicity.gateways.GatewayError` with a reason in Chinese.
``to`` is what the channel addresses: a mobile number (``sms``), an e-mail
address (``email``), a group robot's webhook (``wecom``, ``dingtalk``: a
:class:`Robot`), or a WeChat OpenID (``wechat``).  :func:`adapter` returns the
configured adapter of a channel; the delivery machinery
(``publicity.services.delivery``) uses nothing else, so status and retries
are the same on every channel.

With ``TONGXIN_CHANNEL_BACKEND = "console"`` (the default, and the demo's)
WeCom, DingTalk and WeChat messages are appended to
``VAR_DIR/channels/outbox.log`` and nothing leaves the machine; ``http``
speaks to the platforms:

- WeCom group robot: ``POST <webhook>`` with ``{"msgtype": "markdown",
  "markdown": {"content": ...}}``; success is ``{"errcode": 0}``.
- DingTalk robot: ``POST <webhook>&timestamp=<ms>&sign=<sign>`` (signed when
  the robot has a secret: ``sign`` is the URL-encoded base64 of
  HMAC-SHA256 keyed by the secret over ``"<timestamp>\\n<secret>"``) with
  ``{"msgtype": "markdown", "markdown": {"title": ..., "text": ...}}``;
  success is ``{"errcode": 0}``.
- WeChat official account: ``GET {TONGXIN_WECHAT_API_BASE}/cgi-bin/token?
  grant_type=client_credential&appid=&secret=`` gives ``access_token`` and
  ``expires_in`` (kept in Django's cache, shared by every worker, until 5
  minutes before expiry; one worker fetches under a ``cache.add`` lock), then ``POST
  /cgi-bin/message/template/send?access_token=`` with ``{"touser",
  "template_id", "url", "data": {"first", "keyword1", "keyword2", "remark"}}``;
  success is ``{"errcode": 0, "msgid": ...}``.  A token the platform calls
  invalid or expired (40001, 40014, 42001) is dropped and fetched again once.
- WeChat web authorization (binding a member): :func:`wechat_authorize_url`
  sends the member to ``{TONGXIN_WECHAT_AUTHORIZE_URL}?appid=&redirect_uri=
  &response_type=code&scope=snsapi_base&state=#wechat_redirect``; WeChat
  returns to the redirect URI with ``?code=&state=``, and
  :func:`wechat_oauth_openid` exchanges the code: ``GET
  {TONGXIN_WECHAT_API_BASE}/sns/oauth2/access_token?appid=&secret=&code=
  &grant_type=authorization_code`` gives ``{"access_token", "expires_in",
  "refresh_token", "openid", "scope"}`` or ``{"errcode", "errmsg"}``.  The
  exchange always calls the API base (whatever the backend): only WeChat can
  vouch for an OpenID.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import hmac
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.utils.translation import gettext as _

from tongxin.publicity import messages
from tongxin.publicity.gateways import GatewayError, sms_gateway

#: The channels that address a group through its robot.
ROBOT_KINDS = ("wecom", "dingtalk")


@dataclasses.dataclass(frozen=True)
class Robot:
    """Where a group robot's messages go (decrypted for one send)."""

    webhook_url: str
    secret: str = ""


def _post_json(url: str, body: dict, *, timeout: float, name: str) -> dict:
    """POST ``body`` as JSON and return the JSON answer, or raise GatewayError."""
    data = json.dumps(body, ensure_ascii=False).encode()
    request = urllib.request.Request(
        url,
        data=data,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    return _open(request, timeout=timeout, name=name)


def _open(request, *, timeout: float, name: str) -> dict:
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            answer = json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as e:
        raise GatewayError(
            _("%(name)s返回错误 HTTP %(code)d") % {"name": name, "code": e.code}
        ) from e
    except TimeoutError as e:
        raise GatewayError(_("%s无响应（超时）") % name) from e
    except urllib.error.URLError as e:
        if isinstance(e.reason, TimeoutError | socket.timeout):
            raise GatewayError(_("%s无响应（超时）") % name) from e
        raise GatewayError(
            _("无法连接%(name)s：%(reason)s") % {"name": name, "reason": e.reason}
        ) from e
    except ValueError as e:
        raise GatewayError(_("%s的应答无法识别") % name) from e
    if not isinstance(answer, dict):
        raise GatewayError(_("%s的应答无法识别") % name)
    return answer


def _check_errcode(answer: dict, *, name: str) -> None:
    code = answer.get("errcode")
    if code != 0:
        raise GatewayError(
            _("%(name)s拒绝了消息（错误码 %(code)s：%(msg)s）")
            % {
                "name": name,
                "code": code,
                "msg": str(answer.get("errmsg") or "")[:80],
            }
        )


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """Return DingTalk's signature of ``timestamp_ms``, URL-encoded."""
    digest = hmac.new(
        secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256
    ).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest))


def _with_query(url: str, extra: str) -> str:
    return url + ("&" if urllib.parse.urlsplit(url).query else "?") + extra


class SmsAdapter:
    name = "sms"

    def send(self, *, to: str, title: str, text: str, reference: str) -> str:
        if not to:
            raise GatewayError(_("会员已无手机号码"))
        return sms_gateway().send(
            to=to, text=messages.sms_text(text), reference=reference
        )


class EmailAdapter:
    """E-mail through Django's mail backend, one connection for many messages."""

    name = "email"

    def __init__(self):
        self.connection = None

    def send(self, *, to: str, title: str, text: str, reference: str) -> str:
        if not to:
            raise GatewayError(_("会员已无电子邮箱"))
        try:
            if self.connection is None:
                self.connection = mail.get_connection(fail_silently=False)
            mail.EmailMessage(
                subject=title, body=text, to=[to], connection=self.connection
            ).send()
        except (OSError, mail.BadHeaderError) as e:
            self.close()
            raise GatewayError(_("邮件发送失败：%s") % e) from e
        return ""

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.close()
            except OSError:
                pass
            self.connection = None


class WeComRobotAdapter:
    name = "wecom"

    def send(self, *, to: Robot, title: str, text: str, reference: str) -> str:
        body = {"msgtype": "markdown", "markdown": {"content": f"**{title}**\n{text}"}}
        answer = _post_json(
            to.webhook_url,
            body,
            timeout=settings.TONGXIN_CHANNEL_TIMEOUT,
            name=_("企业微信机器人"),
        )
        _check_errcode(answer, name=_("企业微信机器人"))
        return ""


class DingTalkRobotAdapter:
    name = "dingtalk"

    def send(self, *, to: Robot, title: str, text: str, reference: str) -> str:
        url = to.webhook_url
        if to.secret:
            stamp = int(time.time() * 1000)
            url = _with_query(
                url, f"timestamp={stamp}&sign={dingtalk_sign(to.secret, stamp)}"
            )
        body = {
            "msgtype": "markdown",
            "markdown": {"title": title, "text": f"#### {title}\n\n{text}"},
        }
        answer = _post_json(
            url, body, timeout=settings.TONGXIN_CHANNEL_TIMEOUT, name=_("钉钉机器人")
        )
        _check_errcode(answer, name=_("钉钉机器人"))
        return ""


class WeChatTemplateAdapter:
    """Template messages of the WeChat official account to one OpenID.

    The access token is shared by every worker through Django's cache (Redis
    in production, the file cache otherwise) under a key naming the appid,
    kept until 5 minutes before WeChat says it expires.  WeChat allows a
    limited number of token fetches a day and each fetch starts a new token,
    so one worker fetches while the others wait: the fetcher holds a lock
    taken with ``cache.add`` (atomic on Redis), and the others poll the cache
    for the token it stores.  A lock left by a crashed worker expires with its
    timeout.
    """

    name = "wechat"
    #: Error codes meaning the access token is no longer good.
    TOKEN_ERRORS = (40001, 40014, 42001)
    #: Seconds before WeChat's expiry when the cached token is dropped.
    EARLY = 300
    POLL_SECONDS = 0.05

    @staticmethod
    def token_key(appid: str | None = None) -> str:
        return f"tongxin:wechat:access_token:{appid or settings.TONGXIN_WECHAT_APPID}"

    @classmethod
    def forget_token(cls, stale: str | None = None) -> None:
        """Drop the shared token (only if it is still ``stale``, when given).

        Another worker may already have stored a fresh token after the one
        WeChat refused: that one is kept.
        """
        key = cls.token_key()
        if stale is None or cache.get(key) == stale:
            cache.delete(key)

    def _fetch_token(self) -> tuple[str, int]:
        query = urllib.parse.urlencode(
            {
                "grant_type": "client_credential",
                "appid": settings.TONGXIN_WECHAT_APPID,
                "secret": settings.TONGXIN_WECHAT_SECRET,
            }
        )
        base = settings.TONGXIN_WECHAT_API_BASE.rstrip("/")
        answer = _open(
            urllib.request.Request(f"{base}/cgi-bin/token?{query}"),
            timeout=settings.TONGXIN_CHANNEL_TIMEOUT,
            name=_("微信公众号"),
        )
        token = str(answer.get("access_token") or "")
        if not token:
            _check_errcode(answer, name=_("微信公众号"))
            raise GatewayError(_("微信公众号未返回 access_token"))
        return token, int(answer.get("expires_in") or 7200)

    def _access_token(self) -> str:
        key = self.token_key()
        lock = f"{key}:lock"
        # The lock outlives one fetch (its timeout plus a margin), no more.
        hold = int(settings.TONGXIN_CHANNEL_TIMEOUT) + 5
        deadline = time.monotonic() + hold + 1
        while True:
            token = cache.get(key)
            if token:
                return token
            if cache.add(lock, uuid.uuid4().hex, timeout=hold):
                try:
                    token = cache.get(key)  # stored while we took the lock
                    if token:
                        return token
                    token, lifetime = self._fetch_token()
                    cache.set(key, token, timeout=max(lifetime - self.EARLY, 60))
                    return token
                finally:
                    cache.delete(lock)
            if time.monotonic() > deadline:
                raise GatewayError(_("微信公众号 access_token 获取超时，请稍后重试"))
            time.sleep(self.POLL_SECONDS)

    def send(self, *, to: str, title: str, text: str, reference: str) -> str:
        if not to:
            raise GatewayError(_("会员未绑定微信"))
        body = {
            "touser": to,
            "template_id": settings.TONGXIN_WECHAT_TEMPLATE_ID,
            "url": settings.TONGXIN_WECHAT_LINK_URL,
            "data": {
                "first": {"value": title},
                "keyword1": {"value": text},
                "keyword2": {"value": settings.TONGXIN_SITE_NAME},
                "remark": {"value": _("请登录会员之家查看详情。")},
            },
        }
        base = settings.TONGXIN_WECHAT_API_BASE.rstrip("/")
        for attempt in (1, 2):
            token = self._access_token()
            answer = _post_json(
                f"{base}/cgi-bin/message/template/send?access_token="
                f"{urllib.parse.quote(token)}",
                body,
                timeout=settings.TONGXIN_CHANNEL_TIMEOUT,
                name=_("微信公众号"),
            )
            if answer.get("errcode") in self.TOKEN_ERRORS and attempt == 1:
                self.forget_token(stale=token)
                continue
            _check_errcode(answer, name=_("微信公众号"))
            return str(answer.get("msgid") or "")[:64]
        return ""  # pragma: no cover  (the loop returns or raises)


def wechat_authorize_url(*, redirect_uri: str, state: str) -> str:
    """Return WeChat's web authorization URL bringing the member back with a code."""
    query = urllib.parse.urlencode(
        {
            "appid": settings.TONGXIN_WECHAT_APPID,
            "redirect_uri": redirect_uri,
            "response_type": "code",
            "scope": "snsapi_base",
            "state": state,
        },
        quote_via=urllib.parse.quote,
    )
    return f"{settings.TONGXIN_WECHAT_AUTHORIZE_URL}?{query}#wechat_redirect"


def wechat_oauth_openid(code: str) -> str:
    """Exchange a web authorization ``code`` for the member's OpenID.

    Raises :class:`GatewayError` with a Chinese reason when WeChat answers an
    error code, no OpenID, or cannot be reached.
    """
    name = _("微信公众号")
    query = urllib.parse.urlencode(
        {
            "appid": settings.TONGXIN_WECHAT_APPID,
            "secret": settings.TONGXIN_WECHAT_SECRET,
            "code": code,
            "grant_type": "authorization_code",
        }
    )
    base = settings.TONGXIN_WECHAT_API_BASE.rstrip("/")
    answer = _open(
        urllib.request.Request(f"{base}/sns/oauth2/access_token?{query}"),
        timeout=settings.TONGXIN_CHANNEL_TIMEOUT,
        name=name,
    )
    if answer.get("errcode"):
        # The member reads this: the code only (WeChat's errmsg is English).
        raise GatewayError(
            _("微信授权失败（错误码 %s），请重新打开绑定链接。")
            % str(answer.get("errcode"))[:12]
        )
    openid = answer.get("openid")
    if not isinstance(openid, str) or not openid:
        raise GatewayError(_("微信授权未返回用户标识，请重新打开绑定链接。"))
    return openid


class ConsoleAdapter:
    """Write the message to ``VAR_DIR/channels/outbox.log`` (development, demo)."""

    def __init__(self, name: str):
        self.name = name

    def send(self, *, to, title: str, text: str, reference: str) -> str:
        if not to:
            raise GatewayError(_("会员未绑定微信"))
        folder = settings.VAR_DIR / "channels"
        folder.mkdir(exist_ok=True)
        message_id = f"console-{uuid.uuid4().hex[:16]}"
        line = json.dumps(
            {
                "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "id": message_id,
                "channel": self.name,
                "title": title,
                "text": text,
            },
            ensure_ascii=False,
        )
        with open(folder / "outbox.log", "a", encoding="utf-8") as out:
            out.write(line + "\n")
        return message_id


_HTTP = {
    "wecom": WeComRobotAdapter,
    "dingtalk": DingTalkRobotAdapter,
    "wechat": WeChatTemplateAdapter,
}


def adapter(channel: str):
    """Return the adapter that sends on ``channel`` (a ``Channel`` value)."""
    if channel == "sms":
        return SmsAdapter()
    if channel == "email":
        return EmailAdapter()
    if channel not in _HTTP:
        raise GatewayError(_("未知的发送渠道"))
    if settings.TONGXIN_CHANNEL_BACKEND == "http":
        return _HTTP[channel]()
    return ConsoleAdapter(channel)
