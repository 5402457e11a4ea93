"""Real peers for the broadcast tests: an SMS provider speaking HTTP and an
SMTP server, both on loopback in threads of the test process."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

from tests.activities.conftest import (  # noqa: F401  (fixtures for notices)
    act,
    login_user,
    make_event,
)
from tongxin.publicity import channels
from tongxin.publicity.gateways import SIGNATURE_HEADER, receipt_signature

RECEIPT_SECRET = "receipt-secret-for-tests"


class FakeProvider:
    """An SMS provider: records what it is sent and answers by number.

    ``modes`` maps a number (as sent, ``+86…``) to ``"error"`` (HTTP 500) or
    ``"slow"`` (answers after the client's timeout); others are accepted.
    """

    def __init__(self):
        self.requests: list[dict] = []
        self.modes: dict[str, str] = {}
        self.lock = threading.Lock()
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with provider.lock:
                    provider.requests.append(
                        {**body, "auth": self.headers.get("Authorization")}
                    )
                    n = len(provider.requests)
                mode = provider.modes.get(body["to"])
                if mode == "slow":
                    time.sleep(1.0)
                if mode == "error":
                    self.send_response(500)
                    self.end_headers()
                    return
                answer = json.dumps({"id": f"msg-{n}"}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def receipt(self, client, message_id: str, status: str, reason: str = ""):
        """Post a signed delivery receipt to the callback, as the provider does."""
        body = json.dumps({"id": message_id, "status": status, "reason": reason})
        return client.post(
            "/publicity/sms/receipts/",
            body,
            content_type="application/json",
            headers={
                SIGNATURE_HEADER: receipt_signature(body.encode(), RECEIPT_SECRET)
            },
        )

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def provider(settings):
    p = FakeProvider()
    settings.TONGXIN_SMS_BACKEND = "http"
    settings.TONGXIN_SMS_URL = p.url
    settings.TONGXIN_SMS_KEY = "provider-key"
    settings.TONGXIN_SMS_RECEIPT_SECRET = RECEIPT_SECRET
    settings.TONGXIN_SMS_TIMEOUT = 0.3
    settings.TONGXIN_SEND_RATE = 1000
    yield p
    p.close()


class _Inbox:
    def __init__(self):
        self.messages: list[SimpleNamespace] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            SimpleNamespace(
                to=list(envelope.rcpt_tos),
                text=envelope.content.decode("utf-8", "replace"),
            )
        )
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback; ``smtp.messages`` is what it received."""
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.TONGXIN_SEND_RATE = 1000
    yield inbox
    controller.stop()
    asyncio.set_event_loop(None)


@pytest.fixture
def pub(org, people, make_member):
    """Publicity staff, and members of edu1 with mobiles and e-mail addresses."""
    root = people.root
    return SimpleNamespace(
        **vars(people),
        org=org,
        publicity=login_user(
            "publicity", root=root, role="staff_publicity", node=org.city
        ),
        edu_publicity=login_user(
            "edu_publicity", root=root, role="staff_publicity", node=org.edu1
        ),
        zhang=make_member(
            org.edu1, "张传吉", mobile="13800000001", email="zhang@example.com"
        ),
        wang=make_member(
            org.edu1,
            "王芳",
            female=True,
            mobile="13800000002",
            email="wang@example.com",
        ),
        zhao=make_member(org.direct, "赵明", mobile="13800000003"),
    )


@pytest.fixture
def run_worker(transactional_db):
    """Return a function running the queued jobs as ``tongxin worker --batch``.

    The worker closes its database connection between jobs, so these tests
    commit for real (transactional).
    """

    def run():
        call_command("worker", batch=True, verbosity=0)

    return run


class FakePlatform:
    """WeCom/DingTalk robot webhooks and the WeChat API in one loopback server.

    ``mode`` is ``"ok"``, ``"errcode"`` (answers ``{"errcode": 310000}``),
    ``"slow"`` (answers after the client's timeout) or ``"token_expired"``
    (the first template send answers 42001).  ``oauth_codes`` maps a web
    authorization code to the OpenID its exchange returns (once, as WeChat's
    codes are single-use); the exchange's query must be exactly the documented
    one with the test credentials, anything else answers an ``errcode``.
    """

    APPID, SECRET = "wx-app-id", "wx-app-secret"

    def __init__(self):
        self.requests: list[dict] = []
        self.mode = "ok"
        self.oauth_codes: dict[str, str] = {}
        self.tokens_issued = 0
        self.token_lifetime = 7200
        # Set when a token request arrives; the answer waits ``token_delay``.
        self.token_requested = threading.Event()
        self.token_delay = 0.0
        self.lock = threading.Lock()
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, payload: dict):
                data = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _record(self, body):
                parts = urllib.parse.urlsplit(self.path)
                with platform.lock:
                    platform.requests.append(
                        {
                            "method": self.command,
                            "path": parts.path,
                            "raw_query": parts.query,
                            "query": urllib.parse.parse_qs(parts.query),
                            "content_type": self.headers.get("Content-Type"),
                            "body": body,
                        }
                    )

            def do_GET(self):
                self._record(None)
                if self.path.startswith("/sns/oauth2/access_token"):
                    self._answer(platform.oauth_exchange(self.path))
                    return
                if self.path.startswith("/cgi-bin/token"):
                    platform.token_requested.set()
                    time.sleep(platform.token_delay)
                    with platform.lock:
                        platform.tokens_issued += 1
                        n = platform.tokens_issued
                    self._answer(
                        {
                            "access_token": f"TOKEN{n}",
                            "expires_in": platform.token_lifetime,
                        }
                    )
                    return
                self.send_response(404)
                self.end_headers()

            def do_POST(self):
                length = int(self.headers["Content-Length"])
                body = json.loads(self.rfile.read(length))
                self._record(body)
                if platform.mode == "slow":
                    time.sleep(1.0)
                if platform.mode == "errcode":
                    self._answer({"errcode": 310000, "errmsg": "sign not match"})
                    return
                if platform.mode == "token_expired":
                    platform.mode = "ok"
                    self._answer({"errcode": 42001, "errmsg": "access_token expired"})
                    return
                if self.path.startswith("/cgi-bin/message/template/send"):
                    self._answer({"errcode": 0, "errmsg": "ok", "msgid": 200228332})
                    return
                self._answer({"errcode": 0, "errmsg": "ok"})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def oauth_exchange(self, path: str) -> dict:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)
        code = query.get("code", [""])[0]
        expected = {
            "appid": [self.APPID],
            "secret": [self.SECRET],
            "code": [code],
            "grant_type": ["authorization_code"],
        }
        if query != expected:
            return {"errcode": 40013, "errmsg": "invalid appid or request"}
        with self.lock:
            openid = self.oauth_codes.pop(code, None)
        if openid is None:
            return {"errcode": 40029, "errmsg": "invalid code"}
        return {
            "access_token": "SNS-ACCESS-TOKEN",
            "expires_in": 7200,
            "refresh_token": "SNS-REFRESH-TOKEN",
            "openid": openid,
            "scope": "snsapi_base",
        }

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def platform(settings):
    p = FakePlatform()
    settings.TONGXIN_CHANNEL_BACKEND = "http"
    settings.TONGXIN_CHANNEL_TIMEOUT = 0.3
    settings.TONGXIN_SEND_RATE = 1000
    settings.TONGXIN_ROBOT_HOSTS = {"wecom": ["127.0.0.1"], "dingtalk": ["127.0.0.1"]}
    settings.TONGXIN_WECHAT_API_BASE = p.base
    settings.TONGXIN_WECHAT_APPID = FakePlatform.APPID
    settings.TONGXIN_WECHAT_SECRET = FakePlatform.SECRET
    settings.TONGXIN_WECHAT_TEMPLATE_ID = "TEMPLATE-1"
    settings.TONGXIN_WECHAT_LINK_URL = "https://tongxin.example.org/home/"
    channels.WeChatTemplateAdapter.forget_token()
    yield p
    channels.WeChatTemplateAdapter.forget_token()
    p.close()
