from django import template

from tongxin.notifications.selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """Return the current user's unread notification count (for the nav)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return unread_count(user=user) if user is not None else 0
