"""SMS gateways: where a text message goes.

``console`` (the default) appends each message, number masked, to
``VAR_DIR/sms/outbox.log``; ``http`` posts JSON to a provider.  A gateway's
``send`` returns the provider's message id or raises :class:`GatewayError`
with a reason in Chinese.

The HTTP contract: ``POST TONGXIN_SMS_URL`` with header ``Authorization:
Bearer <TONGXIN_SMS_KEY>`` and body ``{"to": "+8613812345678", "text": "...",
"reference": "<delivery id>"}``; a 2xx answer with ``{"id": "<message id>"}``
means accepted.  Delivery receipts come back later as ``POST
/publicity/sms/receipts/`` with body ``{"id": "<message id>", "status":
"delivered" | "failed", "reason": "..."}`` and header ``X-Tongxin-Signature``:
the hex HMAC-SHA256 of the body under ``TONGXIN_SMS_RECEIPT_SECRET``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import socket
import urllib.error
import urllib.request
import uuid

from django.conf import settings
from django.utils.translation import gettext as _

from tongxin.core.idnumber import mask_phone

SIGNATURE_HEADER = "X-Tongxin-Signature"


class GatewayError(Exception):
    """The gateway refused the message or did not answer; ``reason`` says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class ConsoleGateway:
    """Write messages to a file under VAR_DIR (development and demo)."""

    #: Without a provider there are no receipts: a sent message stays "sent".
    has_receipts = False

    def send(self, *, to: str, text: str, reference: str) -> str:
        folder = settings.VAR_DIR / "sms"
        folder.mkdir(exist_ok=True)
        message_id = f"console-{uuid.uuid4().hex[:16]}"
        line = json.dumps(
            {
                "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "id": message_id,
                "to": mask_phone(to),
                "text": text,
            },
            ensure_ascii=False,
        )
        with open(folder / "outbox.log", "a", encoding="utf-8") as out:
            out.write(line + "\n")
        return message_id


class HttpGateway:
    """Post each message to a provider's HTTP API."""

    has_receipts = True

    def __init__(self, *, url: str, key: str, timeout: float):
        self.url, self.key, self.timeout = url, key, timeout

    def send(self, *, to: str, text: str, reference: str) -> str:
        body = json.dumps(
            {"to": f"+86{to}", "text": text, "reference": reference},
            ensure_ascii=False,
        ).encode()
        request = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"Bearer {self.key}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as e:
            raise GatewayError(
                _("短信网关返回错误 HTTP %(code)d") % {"code": e.code}
            ) from e
        except TimeoutError as e:
            raise GatewayError(_("短信网关无响应（超时）")) from e
        except urllib.error.URLError as e:
            if isinstance(e.reason, TimeoutError | socket.timeout):
                raise GatewayError(_("短信网关无响应（超时）")) from e
            raise GatewayError(_("无法连接短信网关：%s") % e.reason) from e
        except ValueError as e:
            raise GatewayError(_("短信网关的应答无法识别")) from e
        message_id = str(answer.get("id") or "") if isinstance(answer, dict) else ""
        if not message_id:
            raise GatewayError(_("短信网关的应答缺少消息编号"))
        return message_id[:64]


def sms_gateway():
    """Return the configured SMS gateway."""
    if settings.TONGXIN_SMS_BACKEND == "http":
        return HttpGateway(
            url=settings.TONGXIN_SMS_URL,
            key=settings.TONGXIN_SMS_KEY,
            timeout=settings.TONGXIN_SMS_TIMEOUT,
        )
    return ConsoleGateway()


def receipt_signature(body: bytes, secret: str | None = None) -> str:
    """Return the hex HMAC-SHA256 a provider signs a receipt body with."""
    key = (
        secret if secret is not None else settings.TONGXIN_SMS_RECEIPT_SECRET
    ).encode()
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def receipt_is_authentic(body: bytes, signature: str) -> bool:
    """Return True if ``signature`` signs ``body`` (never with an empty secret)."""
    if not settings.TONGXIN_SMS_RECEIPT_SECRET or not signature:
        return False
    return hmac.compare_digest(receipt_signature(body), signature.strip().lower())
