from django import template

from tongxin.notifications.selectors import unread_badge

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> str:
    """Return the current user's unread notifications for the nav ("", "3", "99+")."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return unread_badge(user=user) if user is not None else ""
