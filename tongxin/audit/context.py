"""The current request's actor and address, for audit rows written deep in services."""

from __future__ import annotations

import ipaddress
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest


@dataclass(frozen=True)
class AuditContext:
    """Who is acting and from where; ``request`` resolves the user lazily."""

    request: HttpRequest | None = None
    ip: str | None = None
    via: str = "web"

    @property
    def user(self):
        if self.request is None:
            return None
        user = getattr(self.request, "user", None)
        if user is None or not getattr(user, "is_authenticated", False):
            return None
        return user


_current: ContextVar[AuditContext | None] = ContextVar("tongxin_audit", default=None)


def current() -> AuditContext | None:
    """Return the context of the request being served, or None (CLI, tests)."""
    return _current.get()


def activate(ctx: AuditContext | None):
    """Make ``ctx`` current; return the token for :func:`deactivate`."""
    return _current.set(ctx)


def deactivate(token) -> None:
    _current.reset(token)


def normalize_ip(value: str | None) -> str | None:
    """Return ``value`` as a canonical address string, or None if not an address."""
    if not value:
        return None
    try:
        addr = ipaddress.ip_address(value.strip().split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return str(addr)


def client_ip(request: HttpRequest | None) -> str | None:
    """Return the client's address: ``REMOTE_ADDR``, or the forwarded one.

    ``X-Forwarded-For`` is honoured only when the direct peer is listed in
    ``TONGXIN_TRUSTED_PROXIES``; the chain is walked from the right, skipping
    trusted proxies, so a client cannot forge its address by sending the header.
    """
    if request is None:
        return None
    remote = normalize_ip(request.META.get("REMOTE_ADDR"))
    trusted = _trusted_networks()
    if remote is None or not _is_trusted(remote, trusted):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [h for h in (normalize_ip(p) for p in forwarded.split(",")) if h]
    for hop in reversed(hops):
        if not _is_trusted(hop, trusted):
            return hop
    return hops[0] if hops else remote


def _trusted_networks() -> list:
    networks = []
    for item in getattr(settings, "TONGXIN_TRUSTED_PROXIES", []) or []:
        try:
            networks.append(ipaddress.ip_network(str(item).strip(), strict=False))
        except ValueError:
            continue
    return networks


def _is_trusted(ip: str, networks: list) -> bool:
    addr = ipaddress.ip_address(ip)
    return any(addr in net for net in networks)
