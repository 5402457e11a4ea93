"""Finding the members and organizations a ledger row names, as of its date.

A ledger (台账) names people by name, certificate number or ID number, and
organizations by name, short name or code.  A person must be visible to the
importing user and must have been in the association on the row's date (a
member who has since left is found for a date before the departure); of
namesakes, the one who was a member then is taken, and several are refused.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db.models import Q
from django.utils.translation import gettext as _

from tongxin.core.ledger import LedgerError, import_memo
from tongxin.members.models import Member, Membership
from tongxin.members.policies import policy
from tongxin.orgs.models import Organization

_ID_NUMBER = re.compile(r"^\d{17}[\dXx]$")


def _named(by, text: str) -> list[tuple[Member, list]]:
    """The members ``text`` names that ``by`` may see, each with its
    membership periods ``(start_on, end_on)``; kept for the rest of the
    import (:func:`tongxin.core.ledger.import_memo`): no row changes them."""
    memo = import_memo()
    key = ("members.named", getattr(by, "pk", None), text)
    if memo is not None and key in memo:
        return memo[key]
    visible = policy.visible(by, Member.objects.all())
    found = list(visible.filter(Q(name=text) | Q(certificate_no=text))[:20])
    if not found:
        if _ID_NUMBER.match(text):
            found = list(visible.with_id_number(text.upper())[:2])
    periods: dict[int, list] = {m.pk: [] for m in found}
    for member_id, start, end in Membership.objects.filter(
        member__in=list(periods)
    ).values_list("member_id", "start_on", "end_on"):
        periods[member_id].append((start, end))
    result = [(m, periods[m.pk]) for m in found]
    if memo is not None:
        memo[key] = result
    return result


def member_on(*, by, text: str, on: dt.date, column: str) -> Member:
    """The member ``text`` names who was in the association on ``on``."""
    text = (text or "").strip()
    found = _named(by, text)
    if not found:
        raise LedgerError(
            _("找不到会员“%s”（或您无权查看）。") % text, column=column, value=text
        )
    # In a membership period on ``on`` (:func:`memberships_on`: the leaving
    # day is the first day out).
    members = [
        m
        for m, periods in found
        if any(s <= on and (e is None or e > on) for s, e in periods)
    ]
    if len(members) == 1:
        return members[0]
    if len(members) > 1:
        raise LedgerError(
            _("%(day)s 时有 %(n)d 位名为“%(name)s”的在册会员，请改填会员证号。")
            % {"day": on.isoformat(), "n": len(members), "name": text},
            column=column,
            value=text,
        )
    raise LedgerError(
        _("“%(name)s”在 %(day)s 不是在册会员（尚未入会或已离会）。")
        % {"name": text, "day": on.isoformat()},
        column=column,
        value=text,
    )


def members_on(*, by, names: list[str], on: dt.date, column: str) -> list[Member]:
    """The members a list of names names (see :func:`member_on`), once each."""
    result: dict[int, Member] = {}
    for name in names:
        member = member_on(by=by, text=name, on=on, column=column)
        result.setdefault(member.pk, member)
    return list(result.values())


def organization_named(text: str, *, column: str) -> Organization:
    """The organization ``text`` names by name, short name or code (kept for
    the rest of the import: no row opens or closes an organization)."""
    text = (text or "").strip()
    memo = import_memo()
    key = ("orgs.named", text)
    if memo is not None and key in memo:
        return memo[key]
    org = _organization_named(text, column=column)
    if memo is not None:
        memo[key] = org
    return org


def _organization_named(text: str, *, column: str) -> Organization:
    found = list(
        Organization.objects.filter(
            Q(name=text) | Q(short_name=text) | Q(code=text)
        ).order_by("closed_on", "path")[:3]
    )
    if not found:
        raise LedgerError(_("找不到组织“%s”。") % text, column=column, value=text)
    exact = [o for o in found if o.name == text]
    if len(exact) == 1:
        return exact[0]
    if len(found) > 1:
        raise LedgerError(
            _("有多个组织名为“%s”，请改填组织代码。") % text, column=column, value=text
        )
    return found[0]


def organization_on(text: str, *, on: dt.date, column: str) -> Organization:
    """The organization ``text`` names, which existed on ``on``."""
    org = organization_named(text, column=column)
    if not org.existed_on(on):
        if org.closed_on is not None and on >= org.closed_on:
            message = _("组织“%(name)s”已于 %(closed)s 撤销，%(day)s 时已不存在。") % {
                "name": org.name,
                "closed": org.closed_on,
                "day": on.isoformat(),
            }
        else:
            message = _("组织“%(name)s”%(day)s 时尚未成立。") % {
                "name": org.name,
                "day": on.isoformat(),
            }
        raise LedgerError(message, column=column, value=text)
    return org
