"""Small helpers shared by the activity pages."""

from __future__ import annotations

from django.http import HttpRequest

from tongxin.activities.policies import policy
from tongxin.core.web import REFUSALS, report  # noqa: F401  (the activity pages')
from tongxin.orgs.selectors import org_list


def managed_orgs(request: HttpRequest, action: str, *, include_closed: bool = False):
    """Return the open organizations where the user may ``action`` (with
    ``include_closed``, those closed since too: for records of past days,
    which the services check against their date)."""
    return org_list(user=request.user, include_closed=include_closed).filter(
        policy.scope_q(request.user, action, field="path")
    )


def require_somewhere(request: HttpRequest, action: str) -> None:
    """Refuse unless the user may ``action`` in some subtree."""
    policy.require_somewhere(request.user, action)
