"""Workflow feedback to the authors of an item, as in-app notifications.

When the office answers an item — a suggestion adopted (采纳) or turned into
a proposal, an opinion report adopted (采用, each adoption), a proposal
filed or replied to, anything returned for changes or declined — each author
with a user account is notified through ``notifications.services.notify``
(an author without one gets an SMS instead, ``notify_member``).
Publicity copies the notification to the channel the member chose (WeChat,
SMS, e-mail), so nothing here knows about channels.  The author's own steps
(submitting, evaluating, concluding) and internal ones (sign-off, reporting)
notify nobody.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from tongxin.notifications.services import notify_member

#: The actions that answer the author (the others are theirs or internal).
FEEDBACK_ACTIONS = frozenset(
    {"accept", "convert", "return", "file", "reject", "merge", "reply", "approve"}
)

KIND_NAMES = {
    "suggestions": _("建议"),
    "proposals": _("提案"),
    "opinions": _("社情民意信息"),
    "research": _("调研课题"),
}


def _kind(item) -> str:
    return str(KIND_NAMES.get(item.KIND, item._meta.verbose_name))


def _short(text: str, limit: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _notify_authors(item, *, by, key: str, title: str, body: str) -> int:
    """Notify each author of ``item`` but ``by``; return how many were told.

    Authors with an active account get an in-app notification; those
    without one an SMS to the mobile in their record (``notify_member``).
    """
    by_member = getattr(by, "member_id", None)
    sent = 0
    for member in item.author_members():
        if by_member and member.pk == by_member:
            continue
        sent += notify_member(
            member=member,
            key=key,
            title=title[:200],
            body=body,
            url=item.get_absolute_url(),
        )
    return sent


def step_feedback(item, step, *, by, action: str, name: str, comment: str) -> int:
    """Tell the authors about a workflow step answering them (see FEEDBACK_ACTIONS)."""
    if action not in FEEDBACK_ACTIONS or step is None:
        return 0
    title = _("您的%(kind)s“%(title)s”：%(step)s") % {
        "kind": _kind(item),
        "title": _short(item.title),
        "step": name,
    }
    return _notify_authors(
        item,
        by=by,
        key=f"item-step:{step.pk}",
        title=title,
        body=(comment or "").strip() or title,
    )


def adoption_feedback(report, adoption, *, by, comment: str = "") -> int:
    """Tell the authors that their opinion report was adopted (each adoption)."""
    title = _("您的社情民意信息“%(title)s”已被采用（%(level)s：%(body)s）") % {
        "title": _short(report.title),
        "level": adoption.get_level_display(),
        "body": adoption.body,
    }
    return _notify_authors(
        report,
        by=by,
        key=f"adoption:{adoption.pk}",
        title=title,
        body=(comment or "").strip() or title,
    )
