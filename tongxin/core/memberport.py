"""The member registry as the layers below it see it.

``accounts`` and ``orgs`` sit below ``members`` (which builds on them), yet a
few of their pages and rules ask the registry something: how many members an
organization has and whether it may close, which members an account may be
linked to, which members a form may offer.  ``members`` answers through a
:class:`MemberPort` it plugs in when it is ready (``MembersConfig.ready``), as
``audit`` plugs the trail into :mod:`tongxin.core.services`; the apps below
ask :func:`registry`.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod

from django import forms
from django.db.models import QuerySet


class MemberPort(ABC):
    """What the registry answers to the layers below it."""

    @abstractmethod
    def all(self) -> QuerySet:
        """Every member record, whatever its status."""
        raise NotImplementedError

    @abstractmethod
    def active(self) -> QuerySet:
        """The members in the registry now (在册)."""
        raise NotImplementedError

    @abstractmethod
    def memberships_on(self, on: dt.date) -> QuerySet:
        """The membership periods covering ``on``, each with its ``org_path``."""
        raise NotImplementedError

    @abstractmethod
    def visible(self, user, qs: QuerySet) -> QuerySet:
        """The members of ``qs`` that ``user`` may see."""
        raise NotImplementedError

    @abstractmethod
    def member_list(self, *, user, org, q: str | None = None) -> QuerySet:
        """The member list's selector: ``user``'s members of ``org``'s subtree,
        matching ``q`` (name, pinyin, initials, certificate number)."""
        raise NotImplementedError

    @abstractmethod
    def choice_field(self, **kwargs) -> forms.ModelChoiceField:
        """A form field choosing one member by searching."""
        raise NotImplementedError


_port: MemberPort | None = None


def use_member_port(port: MemberPort) -> None:
    """Plug in the registry's answers (called by ``members`` when ready)."""
    global _port
    _port = port


def registry() -> MemberPort:
    """The registry's answers; ``members`` must be installed and ready."""
    if _port is None:
        raise RuntimeError("the members app has not plugged in its port")
    return _port
