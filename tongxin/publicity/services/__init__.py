"""Every write to broadcasts, channel preferences and subscriptions.

Broadcasts and their delivery (:mod:`.broadcasts`), subscriptions to the
magazine (:mod:`.subscriptions`).
"""

from tongxin.publicity.services.broadcasts import (
    broadcast_create,
    broadcast_retry,
    deliver,
    preference_set,
    receipt_apply,
)
from tongxin.publicity.services.paths import publicity_move_paths
from tongxin.publicity.services.subscriptions import subscription_set

__all__ = [
    "broadcast_create",
    "broadcast_retry",
    "deliver",
    "preference_set",
    "publicity_move_paths",
    "receipt_apply",
    "subscription_set",
]
