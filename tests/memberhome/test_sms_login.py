"""Members sign in by SMS code: limits, expiry, lockout, no enumeration,
staff refused, remembered phones, text size and the audit trail."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.memberhome.conftest import (
    MEMBER_MOBILE,
    STAFF_MOBILE,
    UNKNOWN_MOBILE,
    code_sent_to,
)
from tongxin.accounts.middleware import LAST_SEEN_KEY
from tongxin.audit.models import AuditEvent
from tongxin.audit.readable import Reader, key_label
from tongxin.memberhome.models import RememberedPhone, SmsCode, SmsFailure, SmsLock
from tongxin.memberhome.views import REMEMBER_COOKIE, TEXT_COOKIE

LOGIN = "/m/login/"
CODE = "/m/login/code/"


def ask(client: Client, mobile: str, **extra):
    return client.post(LOGIN, {"phone": mobile}, **extra)


def enter(client: Client, code: str, remember: bool = False):
    data = {"code": code}
    if remember:
        data["remember"] = "on"
    return client.post(CODE, data)


def signed_in_as(client: Client):
    return client.session.get("_auth_user_id")


def actions(*names):
    return list(
        AuditEvent.objects.filter(action__in=names)
        .order_by("id")
        .values_list("action", "detail__outcome")
    )


def test_a_member_signs_in_with_the_code_the_gateway_delivered(client, home, provider):
    response = ask(client, "138 0000 0011")  # spaces as people type them
    assert response.status_code == 302 and response.url == CODE
    assert provider.requests[-1]["auth"] == "Bearer provider-key"
    code = code_sent_to(provider, MEMBER_MOBILE)
    assert "5 分钟内有效" in provider.requests[-1]["text"]
    page = client.get(CODE)
    assert "1*********1" in page.content.decode()
    response = enter(client, code)
    assert response.status_code == 302 and response.url == reverse("memberhome:home")
    assert signed_in_as(client) == str(home.zhang.pk)
    assert client.get(reverse("members:me")).status_code == 200
    # The code is spent: it cannot sign in a second time.
    other = Client()
    session = other.session
    session["tongxin_sms_phone"] = client.session.get("tongxin_sms_phone") or {
        "digest": SmsCode.objects.get().phone_digest,
        "mask": "1*********1",
    }
    session.save()
    other.cookies["sessionid"] = session.session_key
    assert not signed_in_as(other)
    assert "已过期或已失效" in enter(other, code).content.decode()
    # Stored: the code's HMAC and the number's keyed hash, never either in clear.
    row = SmsCode.objects.get()
    assert code not in row.code_hash and MEMBER_MOBILE not in row.phone_digest
    assert row.used_at is not None and row.user == home.zhang
    assert actions("sms_code", "sms_login", "login") == [
        ("sms_code", "sent"),
        ("sms_login", None),
        ("login", None),
    ]


def test_an_unknown_number_gets_the_same_answer_and_no_message(client, home, provider):
    known, unknown = Client(), Client()
    a, b = ask(known, MEMBER_MOBILE), ask(unknown, UNKNOWN_MOBILE)
    assert (a.status_code, a.url) == (b.status_code, b.url) == (302, CODE)
    page_a = known.get(CODE).content.decode().replace("1*********1", "MASK")
    page_b = unknown.get(CODE).content.decode().replace("1*********9", "MASK")
    strip = lambda html: re.sub(r"[A-Za-z0-9]{64}", "", html)  # noqa: E731 (CSRF)
    assert strip(page_a) == strip(page_b)
    assert [r["to"] for r in provider.requests] == [f"+86{MEMBER_MOBILE}"]
    # A guess for the unknown number fails exactly like a wrong one for a member.
    wrong_a = enter(known, "000000").content.decode().replace("1*********1", "MASK")
    wrong_b = enter(unknown, "000000").content.decode().replace("1*********9", "MASK")
    assert "验证码不正确，还可再试 4 次。" in wrong_b
    assert strip(wrong_a) == strip(wrong_b)
    assert not signed_in_as(unknown)
    assert actions("sms_code") == [("sms_code", "sent"), ("sms_code", "no_account")]


def test_staff_keep_their_password_and_second_factor(client, home, provider):
    assert ask(client, STAFF_MOBILE).url == CODE
    assert provider.requests == []
    row = SmsCode.objects.get()
    assert row.user is None
    assert "验证码不正确" in enter(client, "123456").content.decode()
    assert not signed_in_as(client)
    # A member who becomes staff after the code was sent cannot use it either.
    ask(Client(), MEMBER_MOBILE)
    code = code_sent_to(provider, MEMBER_MOBILE)
    from tongxin.accounts.services import grant_role

    grant_role(
        by=home.root,
        user=home.zhang,
        role="staff_publicity",
        organization=home.org.city,
    )
    other = Client()
    ask(other, MEMBER_MOBILE)  # within the interval: refused, no new code
    session = other.session
    session["tongxin_sms_phone"] = {
        "digest": SmsCode.objects.filter(user=home.zhang).get().phone_digest,
        "mask": "1*********1",
    }
    session.save()
    assert "验证码不正确" in enter(other, code).content.decode()
    assert not signed_in_as(other)


def test_a_second_code_within_the_interval_is_refused(client, home, provider):
    ask(client, MEMBER_MOBILE)
    again = ask(Client(), MEMBER_MOBILE)
    assert again.status_code == 200
    assert re.search(r"验证码已发送，请 \d+ 秒后再重新获取。", again.content.decode())
    assert len(provider.requests) == 1
    # The unknown number is refused the same way.
    ask(Client(), UNKNOWN_MOBILE)
    assert "秒后再重新获取" in ask(Client(), UNKNOWN_MOBILE).content.decode()
    assert ("sms_code", "interval") in actions("sms_code")


def test_five_codes_an_hour_per_number(client, home, provider, settings):
    settings.TONGXIN_SMS_CODE_INTERVAL_SECONDS = 0
    for i in range(5):
        assert (
            ask(Client(REMOTE_ADDR=f"10.0.0.{i + 1}"), MEMBER_MOBILE).status_code == 302
        )
    sixth = ask(Client(REMOTE_ADDR="10.0.0.9"), MEMBER_MOBILE)
    assert "该号码一小时内获取验证码的次数已达上限" in sixth.content.decode()
    assert len(provider.requests) == 5
    # An hour later the number may ask again.
    SmsCode.objects.update(created_at=timezone.now() - dt.timedelta(minutes=61))
    assert ask(Client(), MEMBER_MOBILE).status_code == 302
    assert len(provider.requests) == 6


def test_twenty_codes_an_hour_per_address(home, provider, settings):
    settings.TONGXIN_SMS_CODE_INTERVAL_SECONDS = 0
    same = Client(REMOTE_ADDR="10.9.9.9")
    for i in range(20):
        assert ask(same, f"1390000{i:04d}").status_code == 302
    refused = ask(same, MEMBER_MOBILE)
    assert "您所在网络一小时内获取验证码的次数已达上限" in refused.content.decode()
    assert provider.requests == []  # nothing sent for the member either
    assert ask(Client(REMOTE_ADDR="10.9.9.8"), MEMBER_MOBILE).status_code == 302
    assert ("sms_code", "rate_ip") in actions("sms_code")


def test_a_code_expires_after_five_minutes(client, home, provider):
    ask(client, MEMBER_MOBILE)
    code = code_sent_to(provider, MEMBER_MOBILE)
    row = SmsCode.objects.get()
    assert row.expires_at - row.created_at == dt.timedelta(minutes=5)
    SmsCode.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    page = enter(client, code).content.decode()
    assert "验证码已过期或已失效，请重新获取。" in page
    assert not signed_in_as(client)
    assert actions("sms_login_failed") == [("sms_login_failed", "expired")]


def test_five_wrong_codes_lock_the_number_for_fifteen_minutes(client, home, provider):
    ask(client, MEMBER_MOBILE)
    code = code_sent_to(provider, MEMBER_MOBILE)
    wrong = "000000" if code != "000000" else "111111"
    for left in (4, 3, 2, 1):
        assert f"还可再试 {left} 次" in enter(client, wrong).content.decode()
    assert "已暂停短信登录 15 分钟" in enter(client, wrong).content.decode()
    lock = SmsLock.objects.get()
    assert lock.until - lock.at == dt.timedelta(minutes=15)
    # Locked: even the right code fails, and no new code is sent.
    assert "已暂停短信登录" in enter(client, code).content.decode()
    assert not signed_in_as(client)
    assert "已暂停短信登录" in ask(Client(), MEMBER_MOBILE).content.decode()
    assert len(provider.requests) == 1
    assert AuditEvent.objects.filter(action="sms_lockout").count() == 1
    lockout = AuditEvent.objects.get(action="sms_lockout")
    assert lockout.detail["failures"] == 5 and lockout.object_id == str(home.zhang.pk)
    # After the lock a new code works and the counter starts again.
    SmsLock.objects.update(until=timezone.now() - dt.timedelta(seconds=1))
    SmsCode.objects.update(created_at=timezone.now() - dt.timedelta(minutes=2))
    assert ask(client, MEMBER_MOBILE).url == CODE
    assert SmsFailure.objects.filter(counted=True).count() == 0
    enter(client, code_sent_to(provider, MEMBER_MOBILE))
    assert signed_in_as(client) == str(home.zhang.pk)


def test_the_session_is_an_ordinary_one(client, home, provider):
    ask(client, MEMBER_MOBILE)
    enter(client, code_sent_to(provider, MEMBER_MOBILE))
    assert client.get(reverse("members:me")).status_code == 200
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(reverse("members:me"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert not signed_in_as(client)
    # Logging out works as for everyone.
    SmsCode.objects.update(created_at=timezone.now() - dt.timedelta(minutes=2))
    ask(client, MEMBER_MOBILE)
    enter(client, code_sent_to(provider, MEMBER_MOBILE))
    assert signed_in_as(client)
    client.post(reverse("accounts:logout"))
    assert not signed_in_as(client)
    assert client.get(reverse("members:me")).status_code == 302


def test_a_remembered_phone_signs_in_with_one_tap_until_forgotten(
    client, home, provider
):
    ask(client, MEMBER_MOBILE)
    response = enter(client, code_sent_to(provider, MEMBER_MOBILE), remember=True)
    cookie = response.cookies[REMEMBER_COOKIE]
    assert cookie["httponly"] and cookie["max-age"] == 30 * 86400
    assert MEMBER_MOBILE not in cookie.value
    row = RememberedPhone.objects.get()
    assert row.user == home.zhang and row.phone_mask == "1*********1"
    assert (row.expires_at - row.created_at).days == 30
    client.post(reverse("accounts:logout"))
    page = client.get(LOGIN).content.decode()
    assert "以 1*********1 一键登录" in page
    response = client.post("/m/login/phone/")
    assert response.status_code == 302 and response.url == reverse("memberhome:home")
    assert signed_in_as(client) == str(home.zhang.pk)
    client.post(reverse("accounts:logout"))
    # A tampered cookie is worth nothing.
    thief = Client()
    thief.cookies[REMEMBER_COOKIE] = cookie.value[:-2] + "xx"
    thief.post("/m/login/phone/")
    assert not signed_in_as(thief)
    # Forgetting revokes the row; a copy of the cookie stops working.
    copy = Client()
    copy.cookies[REMEMBER_COOKIE] = cookie.value
    response = client.post("/m/forget-phone/")
    assert response.cookies[REMEMBER_COOKIE].value == ""
    assert RememberedPhone.objects.get().revoked_at is not None
    copy.post("/m/login/phone/")
    assert not signed_in_as(copy)
    assert actions("phone_remember", "phone_login", "phone_forget") == [
        ("phone_remember", None),
        ("phone_login", "ok"),
        ("phone_login", "invalid"),
        ("phone_forget", None),
        ("phone_login", "invalid"),
    ]


def test_a_remembered_phone_stops_when_the_account_may_no_longer_use_it(
    client, home, provider
):
    ask(client, MEMBER_MOBILE)
    enter(client, code_sent_to(provider, MEMBER_MOBILE), remember=True)
    client.post(reverse("accounts:logout"))
    home.zhang.is_active = False
    home.zhang.save()
    response = client.post("/m/login/phone/")
    assert response.url == LOGIN
    assert not signed_in_as(client)
    assert "记住的手机已失效" in client.get(LOGIN).content.decode()
    assert ("phone_login", "refused") in actions("phone_login")


def test_bad_input_gets_a_clear_message(client, home, provider):
    page = ask(client, "12345").content.decode()
    assert "应为 1 开头的 11 位数字" in page
    assert "请输入会员登记的手机号。" in ask(client, "").content.decode()
    ask(client, MEMBER_MOBILE)
    for bad in ("12345", "abcdef", "1234567", ""):
        assert "请输入短信中的 6 位数字验证码。" in enter(client, bad).content.decode()
    # Full-width digits are read as digits.
    code = code_sent_to(provider, MEMBER_MOBILE)
    full = "".join(chr(ord(c) + 0xFEE0) for c in code)
    enter(client, full)
    assert signed_in_as(client) == str(home.zhang.pk)


def test_the_code_page_needs_a_number_first(client, db):
    response = client.get(CODE)
    assert response.status_code == 302 and response.url == LOGIN


@pytest.mark.parametrize(
    "method,path",
    [
        ("put", LOGIN),
        ("delete", CODE),
        ("get", "/m/login/phone/"),
        ("get", "/m/forget-phone/"),
        ("get", "/m/text-size/"),
    ],
)
def test_wrong_methods_answer_405(client, db, method, path):
    assert getattr(client, method)(path).status_code == 405


def test_the_login_page_links_to_the_sms_login(client, db):
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'href="/m/login/"' in page and "会员用手机验证码登录" in page


def test_large_text_mode_is_a_cookie_every_page_reads(client, home):
    page = client.get(LOGIN).content.decode()
    assert 'class="tx-large"' not in page and 'aria-pressed="false"' in page
    response = client.post("/m/text-size/", {"size": "large", "next": LOGIN})
    assert response.status_code == 302 and response.url == LOGIN
    assert response.cookies[TEXT_COOKIE].value == "large"
    page = client.get(LOGIN).content.decode()
    assert 'class="tx-large"' in page and 'aria-pressed="true"' in page
    client.force_login(home.staff)
    page = client.get(reverse("members:list")).content.decode()
    assert 'class="tx-large"' in page
    # Script asks without a redirect; an unsafe next falls back to home.
    response = client.post(
        "/m/text-size/", {"size": "normal"}, headers={"X-Requested-With": "fetch"}
    )
    assert response.status_code == 204 and response.cookies[TEXT_COOKIE].value == ""
    response = client.post("/m/text-size/", {"next": "https://evil.example/"})
    assert response.url == reverse("home")


def test_every_sms_audit_row_reads_in_chinese(client, home, provider):
    ask(client, MEMBER_MOBILE)
    ask(Client(), UNKNOWN_MOBILE)
    ask(Client(), MEMBER_MOBILE)
    code = code_sent_to(provider, MEMBER_MOBILE)
    for _ in range(5):
        enter(client, "999999" if code != "999999" else "888888")
    SmsLock.objects.update(until=timezone.now())
    SmsCode.objects.update(created_at=timezone.now() - dt.timedelta(minutes=2))
    ask(client, MEMBER_MOBILE)
    enter(client, code_sent_to(provider, MEMBER_MOBILE), remember=True)
    client.post("/m/forget-phone/")
    client.post("/m/login/phone/")
    names = {
        "sms_code",
        "sms_login",
        "sms_login_failed",
        "sms_lockout",
        "phone_remember",
        "phone_login",
        "phone_forget",
    }
    events = list(AuditEvent.objects.filter(action__in=names))
    assert {e.action for e in events} == names
    reader = Reader()
    for event in events:
        assert re.search(r"[\u4e00-\u9fff]", event.action_label), event.action
        for key, value in event.detail.items():
            label = key_label(event.object_type, key)
            text = reader.plain(value, key=key, object_type=event.object_type)
            assert re.search(r"[\u4e00-\u9fff]", label), key
            assert not re.fullmatch(r"[a-z_]+", text), (key, text)
        assert MEMBER_MOBILE not in str(event.detail) + event.object_repr
