"""Every write of the lifecycle app; see the modules for each part."""

from tongxin.lifecycle.services.admission import (
    application_apply_online,
    application_submit,
    application_transition,
)
from tongxin.lifecycle.services.cards import render_cards
from tongxin.lifecycle.services.certificates import (
    certificate_issue,
    certificate_replace,
    certificates_issue_for_class,
    next_number,
)
from tongxin.lifecycle.services.photos import photo_upload
from tongxin.lifecycle.services.training import (
    attendee_add,
    attendee_complete,
    class_create,
    session_add,
)

__all__ = [
    "application_apply_online",
    "application_submit",
    "application_transition",
    "attendee_add",
    "attendee_complete",
    "certificate_issue",
    "certificate_replace",
    "certificates_issue_for_class",
    "class_create",
    "next_number",
    "photo_upload",
    "render_cards",
    "session_add",
]
