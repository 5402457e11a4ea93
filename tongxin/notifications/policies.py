"""Notifications are personal: every logged-in user reads and marks their own."""

from tongxin.core.policies import Policy


class NotificationPolicy(Policy):
    def can(self, user, action: str, obj=None) -> bool:
        if not self.active(user):
            return False
        return obj is None or obj.user_id == user.pk


policy = NotificationPolicy()
