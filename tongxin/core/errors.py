"""Errors raised by services and understood by every face (UI, API, CLI)."""

from django.core.exceptions import PermissionDenied, ValidationError

__all__ = ["ConflictError", "PermissionDenied", "ServiceError", "ValidationError"]


class ServiceError(Exception):
    """A request that cannot be carried out; the message is shown to the user."""

    code = "invalid"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ConflictError(ServiceError):
    """Someone else changed the record since the user loaded it."""

    code = "conflict"
