"""Who may see and keep the talent pool and the reserve roster.

The pool is confidential: only the organization department (组织部 staff,
``staff_org``) and the leadership (``leader``) see it, within their
subtrees; the organization department keeps it.  Heads of base
organizations, other departments and members never see it unless granted
the ``talent_reader`` role, which reads and nothing more.  Every record
carries ``path``, the tree path of the person's organization.
"""

from __future__ import annotations

from tongxin.core.policies import Policy

READERS = frozenset({"staff_org", "leader", "talent_reader"})
KEEPERS = frozenset({"staff_org"})


class TalentPolicy(Policy):
    rules = {
        "view": READERS,
        "manage": KEEPERS,
    }
    path_field = "path"

    def path_of(self, obj) -> str:
        from tongxin.members.models import Member

        if isinstance(obj, Member):
            return obj.org_path
        return obj.path


policy = TalentPolicy()
