"""The honors box of member and organization pages."""

from __future__ import annotations

from django import template

from tongxin.honors.policies import policy
from tongxin.honors.selectors import member_honors, org_honors, org_member_honor_count

register = template.Library()


@register.inclusion_tag("honors/_honors.html", takes_context=True)
def honors_of(context, obj):
    """Show the honors of a member or of an organization (and its members' count)."""
    from tongxin.members.models import Member

    user = context["request"].user
    # A member sees their own honors here without reading the honors pages.
    linked = policy.can(user, "view")
    if isinstance(obj, Member):
        return {
            "honors": list(member_honors(user=user, member=obj)),
            "org": None,
            "linked": linked,
        }
    return {
        "linked": linked,
        "honors": list(org_honors(user=user, org=obj)),
        "org": obj,
        "member_count": org_member_honor_count(user=user, org=obj),
    }
