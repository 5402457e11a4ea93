"""Template tags other apps' pages use to show activity records."""

from __future__ import annotations

from django import template

from tongxin.activities.selectors import events_attended

register = template.Library()

#: How many attended events a member's page lists.
MEMBER_PAGE_LIMIT = 50


@register.inclusion_tag("activities/_member_events.html", takes_context=True)
def member_events(context, member) -> dict:
    """Show the events ``member`` attended, as far as the current user may see them.

    Use on a member's page: ``{% load activities %}{% member_events member %}``.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    attended = (
        list(events_attended(member=member, user=user)[:MEMBER_PAGE_LIMIT])
        if user is not None
        else []
    )
    return {"attended": attended}
