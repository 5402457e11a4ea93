"""Every write to broadcasts, channel preferences and subscriptions.

Broadcasts and their delivery (:mod:`.broadcasts`), subscriptions to the
magazine (:mod:`.subscriptions`), articles, columns and journal issues
(:mod:`.articles`).
"""

from tongxin.publicity.services.articles import (
    article_create,
    article_publish,
    article_transition,
    article_update,
    column_save,
    issue_create,
    issue_move,
    issue_reorder,
)
from tongxin.publicity.services.broadcasts import (
    broadcast_create,
    broadcast_retry,
    deliver,
    deliveries_recover_stale,
    preference_set,
    receipt_apply,
)
from tongxin.publicity.services.subscriptions import subscription_set

__all__ = [
    "article_create",
    "article_publish",
    "article_transition",
    "article_update",
    "column_save",
    "deliveries_recover_stale",
    "issue_create",
    "issue_move",
    "issue_reorder",
    "broadcast_create",
    "broadcast_retry",
    "deliver",
    "preference_set",
    "receipt_apply",
    "subscription_set",
]
