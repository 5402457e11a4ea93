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

from django.db.models import Q

from tongxin.core import tree
from tongxin.core.policies import READ_ROLES, STAFF_ROLES, Policy

MANAGE_ROLES = STAFF_ROLES | {"org_head"}
SERVICE_ROLES = frozenset({"staff_service"})
PHOTO_ROLES = frozenset({"staff_publicity", "staff_office"})

#: Actions under which a record is also visible to the members (and managers)
#: of the subtree it is open to, not only within the user's own subtree.
OPEN_ACTIONS = frozenset({"view", "view_photos"})


def ancestor_paths(path: str) -> list[str]:
    """Return ``path`` and the paths of all its ancestors."""
    return [path[:i] for i in range(tree.SEGMENT, len(path) + 1, tree.SEGMENT)]


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

    # --- hooks -----------------------------------------------------------------

    def path_of(self, obj) -> str:
        from tongxin.members.models import Member

        if isinstance(obj, Member):
            return obj.org_path
        if hasattr(obj, "path"):
            return obj.path
        return obj.organization.path

    # --- open-to rule ------------------------------------------------------------

    def member_path(self, user) -> str | None:
        """Return the organization path of the user's own member record, if active."""
        member = (
            getattr(user, "member", None) if getattr(user, "member_id", None) else None
        )
        if member is None or not member.is_active:
            return None
        return member.org_path

    def open_paths(self, user, action: str) -> list[str]:
        """Return the paths whose records are open to the user beyond their scopes.

        A record is open to the members of its owner's subtree, so it is open
        to a user when its path is an ancestor (or the node) of the user's own
        organization, or of a node where they hold a role for ``action``.
        """
        if action not in OPEN_ACTIONS:
            return []
        bases = list(self.scopes(user, action))
        own = self.member_path(user)
        if own:
            bases.append(own)
        paths: set[str] = set()
        for base in bases:
            if base:
                paths.update(ancestor_paths(base))
        return sorted(paths)

    def visible(self, user, queryset, action: str = "view"):
        """Return the part of ``queryset`` the user may see (or act on)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return queryset.none()
        scopes = self.scopes(user, action)
        if scopes == [""]:
            return queryset
        q = tree.subtrees_q(scopes, self.path_field)
        opened = self.open_paths(user, action)
        if opened:
            q |= Q(**{f"{self.path_field}__in": opened})
        return queryset.filter(q)

    def can(self, user, action: str, obj=None) -> bool:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        if obj is None:
            return bool(self.scopes(user, action) or self.open_paths(user, action))
        path = self.path_of(obj)
        if any(tree.is_within(path, s) for s in self.scopes(user, action)):
            return True
        return path in self.open_paths(user, action)

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
        if not getattr(user, "is_authenticated", False) or not user.is_active:
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
