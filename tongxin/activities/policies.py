"""Who may do what with events, programs, funds and the photo archive.

Every record carries ``path``, the organizer's (or owner's) tree path.

- Staff (every department) and heads of base organizations manage events
  organized within their subtree: a branch head manages their branch's
  events only.  Leaders read.
- An event is *open to* the members of its organizer's subtree: a
  committee-level event to every member, a branch event to the branch.
  Members see the events open to them and sign up only themselves; staff
  and heads also see the events open to anyone in their subtree, and sign
  up the members of their subtree for events open to them.
- The social service department (社会服务部) manages programs and funds.
- The publicity department and the office manage the photo archive; the
  archive is read like events (open to the members below its owner).
"""

from __future__ import annotations

from tongxin.core import tree
from tongxin.core.policies import READ_ROLES, STAFF_ROLES, Policy

MANAGE_ROLES = STAFF_ROLES | {"org_head"}
SERVICE_ROLES = frozenset({"staff_service"})
PHOTO_ROLES = frozenset({"staff_publicity", "staff_office"})

#: Actions under which a record is also visible to the members (and managers)
#: of the subtree it is open to, not only within the user's own subtree.
OPEN_ACTIONS = frozenset({"view", "view_photos"})


class ActivityPolicy(Policy):
    rules = {
        # Events.
        "view": READ_ROLES,
        "manage": MANAGE_ROLES,
        "view_attendance": MANAGE_ROLES | {"leader"},
        "view_stats": READ_ROLES,
        # On a member: sign them up / cancel their sign-up.
        "signup_others": MANAGE_ROLES,
        # Social service.
        "view_programs": READ_ROLES,
        "manage_programs": SERVICE_ROLES,
        "view_funds": READ_ROLES,
        "manage_funds": SERVICE_ROLES,
        # The photo archive.
        "view_photos": READ_ROLES,
        "manage_photos": PHOTO_ROLES,
    }
    path_field = "path"
    # Events and photos are open to the members (and managers) below their
    # organizer: a committee event to every member, a branch event to its branch.
    open_actions = OPEN_ACTIONS
    open_to_members = True

    # --- hooks -----------------------------------------------------------------

    def path_of(self, obj) -> str:
        from tongxin.members.models import Member

        if isinstance(obj, Member):
            return obj.org_path
        if hasattr(obj, "path"):
            return obj.path
        return obj.organization.path

    # --- sign-up questions -----------------------------------------------------

    @staticmethod
    def is_open_to(event, member) -> bool:
        """Return True if ``event`` is open to ``member`` (organized above them)."""
        return tree.is_within(member.org_path, event.path)

    def can_signup(self, user, event, member) -> bool:
        """Return True if ``user`` may sign ``member`` up for ``event``."""
        if not member.is_active or not self.is_open_to(event, member):
            return False
        if getattr(user, "member_id", None) == member.pk and user.is_active:
            return True
        return self.can(user, "signup_others", member)

    def can_cancel_signup(self, user, signup) -> bool:
        """Return True if ``user`` may cancel ``signup``: their own, or they manage it."""
        if not self.active(user):
            return False
        if getattr(user, "member_id", None) == signup.member_id:
            return True
        return self.can(user, "signup_others", signup.member) or self.can(
            user, "manage", signup.event
        )

    def can_self_signup(self, user, event) -> bool:
        """Return True if the user has an active member record the event is open to."""
        member = (
            getattr(user, "member", None) if getattr(user, "member_id", None) else None
        )
        return (
            member is not None and member.is_active and self.is_open_to(event, member)
        )


policy = ActivityPolicy()
