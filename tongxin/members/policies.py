"""Who may do what with member records.

Staff and heads read and edit within their subtrees; leaders read; a member
sees their own record only.  Revealing a masked ID number or mobile is an
action of its own: staff and heads within their subtrees, a member on their
own record; leaders see masked values only.  A member's change request is
seen by the member, and confirmed or returned by the heads above them and
组织部.
"""

from django.db.models import Q

from tongxin.core.policies import READ_ROLES, Policy

EDIT_ROLES = frozenset({"staff_org", "staff_office", "org_head"})
CONFIRM_ROLES = frozenset({"staff_org", "org_head"})


class MemberPolicy(Policy):
    rules = {
        "view": READ_ROLES,
        "add": EDIT_ROLES,
        "change": EDIT_ROLES,
        "transfer": EDIT_ROLES,
        "leave": EDIT_ROLES,
        "import": EDIT_ROLES,
        "export": EDIT_ROLES | {"leader"},
        "manage_public_posts": EDIT_ROLES,
        "reveal": EDIT_ROLES,
        # A member's request to change their details: the head of an
        # organization above them or 组织部 (not the office) confirms it.
        "confirm_change": CONFIRM_ROLES,
    }
    self_actions = frozenset({"view", "reveal"})
    #: The superuser (bootstrap only) never reads personal data in clear.
    not_for_superuser = frozenset({"reveal"})
    path_field = "org_path"

    def owner_q(self, user):
        member_id = getattr(user, "member_id", None)
        return Q(pk=member_id) if member_id else None

    def is_owner(self, user, obj) -> bool:
        return bool(getattr(user, "member_id", None)) and obj.pk == user.member_id


policy = MemberPolicy()
