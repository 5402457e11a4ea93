"""Who may see and do what in political participation.

Every item carries ``path``, the tree path of the organization it belongs to.

- The participation department (参政议政部, ``staff_participation``) manages
  items, drives, sessions and compilations in its subtree and sees drafts.
- Other staff, leaders and heads of base organizations read the items of
  their subtree that are no longer drafts, and the statistics.
- Members (self-service) see and follow their own items: those they wrote,
  co-signed or belong to as a research group member, and those they entered.
  They create their own suggestions, opinion reports and research topics,
  and member proposals if they hold a current 政协委员 post.
- A confidential (涉密) item is shown only to its own authors and to users
  holding a current :class:`~tongxin.participation.models.Clearance`
  (granted by the security administrator), whatever their other roles.
- Taking a workflow transition needs one of the transition's roles at the
  item's place (see ``tongxin.workflows``); ``owner`` is the item's authors.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from tongxin.core import tree
from tongxin.core.policies import READ_ROLES, Policy, user_grants
from tongxin.participation.models import DRAFT, Item
from tongxin.workflows.models import OWNER, known_roles

PART_ROLES = frozenset({"staff_participation"})


class ParticipationPolicy(Policy):
    rules = {
        "view": READ_ROLES,
        "view_stats": READ_ROLES,
        "manage": PART_ROLES,
        "compile": PART_ROLES,
        "grant_clearance": frozenset({"secadmin"}),
    }

    def member_id(self, user) -> int | None:
        member = (
            getattr(user, "member", None) if getattr(user, "member_id", None) else None
        )
        if member is None or not member.is_active:
            return None
        return member.pk

    def owner_q(self, user, model: type[Item] | None = None) -> Q | None:
        if model is None or not getattr(user, "is_authenticated", False):
            return None
        q = Q(created_by=user)
        member_id = self.member_id(user)
        if member_id is not None:
            for lookup in model.OWNER_LOOKUPS:
                q |= Q(pk__in=model.objects.filter(**{lookup: member_id}).values("pk"))
        return q

    def can_create(self, user) -> bool:
        """May ``user`` write new items: a member for themself, or the department."""
        return bool(self.member_id(user)) or bool(self.scopes(user, "manage"))

    def is_owner(self, user, obj) -> bool:
        if not getattr(user, "is_authenticated", False) or not isinstance(obj, Item):
            return False
        if obj.created_by_id == user.pk:
            return True
        member_id = self.member_id(user)
        if member_id is None:
            return False
        return any(m.pk == member_id for m in obj.author_members())

    def cleared(self, user, on: dt.date | None = None) -> bool:
        """Return True if the user may see confidential items (on a day)."""
        if getattr(user, "is_superuser", False):
            return True
        if not getattr(user, "is_authenticated", False):
            return False
        cached = getattr(user, "_tongxin_cleared", None)
        if cached is None or on is not None:
            from tongxin.participation.models import Clearance

            day = on or dt.date.today()
            cached = Clearance.objects.filter(
                Q(end_on__isnull=True) | Q(end_on__gte=day),
                user=user,
                start_on__lte=day,
            ).exists()
            if on is None:
                user._tongxin_cleared = cached
        return cached

    def visible(self, user, queryset, action: str = "view"):
        """Return the items of ``queryset`` the user may see."""
        if not self.active(user):
            return queryset.none()
        if user.is_superuser:
            return queryset
        model = queryset.model
        q = tree.subtrees_q(self.scopes(user, "view"), self.path_field) & ~Q(
            state=DRAFT
        )
        q |= tree.subtrees_q(self.scopes(user, "manage"), self.path_field)
        own = self.owner_q(user, model)
        if own is not None:
            q |= own
        if not self.cleared(user):
            q &= Q(confidential=False) | (own if own is not None else Q(pk__in=[]))
        return queryset.filter(q)

    def can_view(self, user, obj: Item) -> bool:
        if not self.active(user):
            return False
        if user.is_superuser:
            return True
        owner = self.is_owner(user, obj)
        if obj.confidential and not owner and not self.cleared(user):
            return False
        if owner or self.can(user, "manage", obj):
            return True
        return not obj.is_draft and self.can(user, "view", obj)

    def roles_on(self, user, obj: Item) -> set[str]:
        """Return the workflow roles the user holds on ``obj``."""
        if not self.active(user):
            return set()
        if user.is_superuser:
            return known_roles()
        roles = {r for r, p in user_grants(user) if tree.is_within(obj.path, p)}
        if self.is_owner(user, obj):
            roles.add(OWNER)
        return roles


policy = ParticipationPolicy()
