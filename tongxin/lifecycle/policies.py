"""Who may do what with admissions, training classes, photos and certificates.

Records carry ``path``: an application that of the base organization applied
to, a class that of its organizer, a photo or certificate that of the member.

- Heads of base organizations and the organization department (组织部)
  register applications and review them for their subtree (the base
  organization's review); only the organization department approves on the
  committee's behalf (市委会批准), and rejects at that stage.
- The organization department runs training classes and issues
  certificates; heads and the organization department upload members'
  card photos.  Leaders read everything here.
- A member sees their own card photo and membership certificates
  (``view_card``, a self action) and prints their own card.
- ``introduce`` (confirm or decline an application made online) belongs to
  no role: only the two members the application names as introducers hold
  it, on that application.
"""

from __future__ import annotations

from django.db.models import Q

from tongxin.core.policies import Policy

ORG_DEPT = frozenset({"staff_org"})
BASE = frozenset({"staff_org", "org_head"})
READERS = frozenset({"staff_org", "org_head", "leader"})


class LifecyclePolicy(Policy):
    rules = {
        "view": READERS,
        "apply": BASE,
        "review": BASE,
        "approve": ORG_DEPT,
        "manage_classes": ORG_DEPT,
        "upload_photo": BASE,
        "issue": ORG_DEPT,
        "view_card": READERS,
    }
    self_actions = frozenset({"view_card"})
    path_field = "path"

    def owner_q(self, user) -> Q | None:
        """Certificates and photos of the member the account belongs to."""
        member_id = getattr(user, "member_id", None)
        return Q(member_id=member_id) if member_id else None

    def is_owner(self, user, obj) -> bool:
        from tongxin.members.models import Member

        member_id = getattr(user, "member_id", None)
        if not member_id:
            return False
        if isinstance(obj, Member):
            return obj.pk == member_id
        return getattr(obj, "member_id", None) == member_id

    def can(self, user, action: str, obj=None) -> bool:
        if action == "introduce":
            return self.is_introducer(user, obj)
        return super().can(user, action, obj)

    def is_introducer(self, user, obj) -> bool:
        """True for an active member whom ``obj`` (an application) names."""
        if not self.active(user) or obj is None:
            return False
        member = user.member if getattr(user, "member_id", None) else None
        if member is None or not member.is_active:
            return False
        slot = getattr(obj, "introducer_slot", None)
        return bool(slot and slot(member.pk))

    def path_of(self, obj) -> str:
        from tongxin.members.models import Member

        if isinstance(obj, Member):
            return obj.org_path
        return obj.path


policy = LifecyclePolicy()
