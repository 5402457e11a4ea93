"""Who may do what with broadcasts, subscriptions, articles and journal issues.

Records carry ``path``: a broadcast its recipients' organization (or the
event's organizer), a subscription its organization, an article the
organization it belongs to.

- The publicity department (宣传部) and the office send broadcasts to the
  members of their subtree and read them; leaders read them.
- Subscriptions are read like the registry (staff, leaders, heads of base
  organizations within their subtree) and kept by publicity and the office.
- Every member sets their own channel preferences (no role needed) and binds
  their own WeChat.
- Group robots (企业微信/钉钉) of an organization are kept by the senders of
  its subtree.
- Articles (稿件) are written, reviewed and published by the publicity
  department and the office (the editors) in their subtree; leaders read
  them.  A member who is an author of an article (and the user who entered
  it) sees it and may submit it; an author edits it while it is a draft or
  returned.  Columns and journal issues are kept by the editors and read by
  editors and leaders.  Published articles of public columns are shown to
  everyone, without login (``/public/``).
"""

from __future__ import annotations

from django.db.models import Q

from tongxin.core import tree
from tongxin.core.policies import READ_ROLES, Policy, user_grants
from tongxin.workflows.models import OWNER, known_roles

SENDERS = frozenset({"staff_publicity", "staff_office"})
EDITORS = SENDERS
#: Article states in which an author may still edit.
AUTHOR_EDITABLE = frozenset({"draft", "returned"})


class PublicityPolicy(Policy):
    rules = {
        "view_broadcasts": SENDERS | {"leader"},
        "send": SENDERS,
        "view_subscriptions": READ_ROLES,
        "manage_subscriptions": SENDERS,
        "view_articles": EDITORS | {"leader"},
        "manage_articles": EDITORS,
        "manage_robots": SENDERS,
    }
    path_field = "path"

    def path_of(self, obj) -> str:
        from tongxin.members.models import Member

        if isinstance(obj, Member):
            return obj.org_path
        return obj.path

    # --- articles -------------------------------------------------------------

    def member_id(self, user) -> int | None:
        if not getattr(user, "is_authenticated", False):
            return None
        return getattr(user, "member_id", None)

    def article_owner_q(self, user) -> Q | None:
        if not getattr(user, "is_authenticated", False):
            return None
        q = Q(created_by=user)
        member_id = self.member_id(user)
        if member_id is not None:
            from tongxin.publicity.models import ArticleAuthor

            q |= Q(
                pk__in=ArticleAuthor.objects.filter(member_id=member_id).values(
                    "article_id"
                )
            )
        return q

    def visible_articles(self, user, queryset):
        """Return the articles of ``queryset`` the user may see."""
        if not self.active(user):
            return queryset.none()
        if user.is_superuser:
            return queryset
        q = Q(pk__in=[])
        paths = self.scopes(user, "view_articles")
        if paths:
            q = tree.subtrees_q(paths, "path")
        return queryset.filter(q | self.article_owner_q(user))

    def is_article_owner(self, user, article) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        if article.created_by_id == user.pk:
            return True
        member_id = self.member_id(user)
        return member_id is not None and (
            article.author_links.filter(member_id=member_id).exists()
        )

    def can_view_article(self, user, article) -> bool:
        if not self.active(user):
            return False
        return self.can(user, "view_articles", article) or self.is_article_owner(
            user, article
        )

    def can_edit_article(self, user, article) -> bool:
        """Editors edit until it is published; authors their drafts and returns."""
        if article.is_published:
            return False
        if self.can(user, "manage_articles", article):
            return True
        return article.state in AUTHOR_EDITABLE and self.is_article_owner(user, article)

    def roles_on(self, user, article) -> set[str]:
        """Return the workflow roles the user holds on ``article``."""
        if not self.active(user):
            return set()
        if user.is_superuser:
            return known_roles()
        roles = {r for r, p in user_grants(user) if tree.is_within(article.path, p)}
        if self.is_article_owner(user, article):
            roles.add(OWNER)
        return roles

    def edits_somewhere(self, user) -> bool:
        return bool(self.scopes(user, "manage_articles"))

    def reads_articles_somewhere(self, user) -> bool:
        return bool(self.scopes(user, "view_articles"))


policy = PublicityPolicy()
