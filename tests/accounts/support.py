"""Helpers for tests that log administrators in: a real TOTP second factor.

Superusers and administrator-role holders must pass TOTP before any page or
API call. ``login_verified`` leaves a test client as the real login plus
second factor would: logged in, with a confirmed device in the session.
"""

from __future__ import annotations

import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_code(device: TOTPDevice, steps: int = 0) -> str:
    """Return the device's code ``steps`` time steps from now (0 = current)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps * device.step
    return f"{totp.token():0{device.digits}d}"


def confirmed_device(user) -> TOTPDevice:
    """Return the user's confirmed TOTP device, creating one if needed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="totp", confirmed=True)


def login_verified(client: Client, user) -> Client:
    """Log ``client`` in as ``user`` with a verified second factor."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = confirmed_device(user).persistent_id
    session.save()
    return client
