"""The registry's answers to ``accounts`` and ``orgs`` (see :mod:`tongxin.core.memberport`)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from tongxin.core.memberport import MemberPort
from tongxin.members.models import Member, Membership
from tongxin.members.pickers import MemberChoiceField
from tongxin.members.policies import policy
from tongxin.members.selectors import MemberFilters, member_list


class RegistryPort(MemberPort):
    def all(self) -> QuerySet:
        return Member.objects.all()

    def active(self) -> QuerySet:
        return Member.objects.filter(status=Member.Status.ACTIVE)

    def memberships_on(self, on: dt.date) -> QuerySet:
        return Membership.objects.filter(start_on__lte=on).filter(
            Q(end_on__isnull=True) | Q(end_on__gt=on)
        )

    def visible(self, user, qs: QuerySet) -> QuerySet:
        return policy.visible(user, qs)

    def member_list(self, *, user, org, q: str | None = None) -> QuerySet:
        return member_list(user=user, filters=MemberFilters(org=org, q=q))

    def choice_field(self, **kwargs):
        return MemberChoiceField(**kwargs)
