"""The authentication backend: Django's, with the user row kept in the frame cache.

``ModelBackend`` reads the user's row on every request of a signed-in user.
This one keeps the row in ``core.framecache`` (dropped whenever the user is
saved or deleted) and applies Django's own checks to it as before: an
inactive account gets no user, and ``django.contrib.auth.get_user`` still
compares the session's hash with the (cached) password hash, so a changed
password ends the other sessions as it did.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from tongxin.core import framecache


class CachedModelBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()

        def load():
            try:
                return model._default_manager.get(pk=user_id)
            except model.DoesNotExist:
                return None

        user = framecache.cached(
            framecache.user_ns(user_id), f"tx:user-row:{user_id}", load
        )
        return user if user is not None and self.user_can_authenticate(user) else None
