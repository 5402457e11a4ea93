"""Keep the path copies of publicity records in step with the organization tree."""

from __future__ import annotations

from django.db.models import Value
from django.db.models.functions import Concat, Substr

from tongxin.core import tree
from tongxin.publicity.models import Article, Broadcast, Subscription


def publicity_move_paths(*, old_path: str, new_path: str) -> None:
    """Rewrite the path copies of broadcasts, subscriptions and articles after a move.

    Called by ``tongxin.orgs.services.org_move`` in its transaction.
    """
    n = len(old_path) + 1
    for model in (Broadcast, Subscription, Article):
        model.objects.filter(tree.subtree_q(old_path, "path")).update(
            path=Concat(Value(new_path), Substr("path", n))
        )
