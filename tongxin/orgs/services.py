"""Every write to the organization tree, departments and posts."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from tongxin.core import tree
from tongxin.core.errors import ServiceError, ValidationError
from tongxin.core.memberport import registry
from tongxin.core.policies import require
from tongxin.core.services import check_version, save_with_history
from tongxin.orgs.models import Department, Organization, Post
from tongxin.orgs.policies import policy

#: Which kinds may sit under which; the committee is the only root kind.
ALLOWED_PARENTS = {
    Organization.Kind.COMMITTEE: {None, Organization.Kind.COMMITTEE},
    Organization.Kind.GRASSROOTS: {Organization.Kind.COMMITTEE},
    Organization.Kind.DIRECT_BRANCH: {Organization.Kind.COMMITTEE},
    Organization.Kind.GENERAL_BRANCH: {
        Organization.Kind.COMMITTEE,
        Organization.Kind.GRASSROOTS,
    },
    Organization.Kind.BRANCH: {
        Organization.Kind.GRASSROOTS,
        Organization.Kind.GENERAL_BRANCH,
        Organization.Kind.COMMITTEE,
    },
    Organization.Kind.GROUP: {
        Organization.Kind.BRANCH,
        Organization.Kind.DIRECT_BRANCH,
        Organization.Kind.GENERAL_BRANCH,
    },
}


def _next_child_path(parent: Organization | None) -> str:
    if parent is None:
        siblings = Organization.objects.filter(depth=0)
        prefix = ""
    else:
        siblings = Organization.objects.filter(tree.subtree_q(parent.path)).filter(
            depth=parent.depth + 1
        )
        prefix = parent.path
    last = siblings.aggregate(m=Max("path"))["m"]
    n = int(last[-tree.SEGMENT :]) + 1 if last else 1
    if n > tree.MAX_CHILDREN:
        raise ServiceError(_("下级组织数量已达上限。"))
    return prefix + tree.segment(n)


def _check_parent(kind: str, parent: Organization | None) -> None:
    if kind not in Organization.Kind.values:
        raise ValidationError(
            {"kind": _("组织类型应为：%s。") % "、".join(Organization.Kind.values)}
        )
    allowed = ALLOWED_PARENTS.get(kind, set())
    parent_kind = parent.kind if parent else None
    if parent_kind not in allowed:
        raise ValidationError(
            {
                "parent": _("“%(kind)s”不能设在“%(parent)s”之下。")
                % {
                    "kind": Organization.Kind(kind).label,
                    "parent": Organization.Kind(parent_kind).label
                    if parent_kind
                    else _("顶层"),
                }
            }
        )
    if parent is not None and parent.closed_on is not None:
        raise ValidationError({"parent": _("上级组织已撤销，不能再设下级组织。")})


@transaction.atomic
def org_create(
    *,
    by,
    name: str,
    kind: str,
    code: str,
    parent: Organization | None = None,
    short_name: str = "",
    founded_on: dt.date | None = None,
    note: str = "",
) -> Organization:
    """Create an organization under ``parent`` (``None`` for a new root).

    ``by=None`` is the server operator (the ``create-org`` command).
    """
    if by is not None and parent is None:
        if not getattr(by, "is_superuser", False):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied(_("只有超级管理员可以创建顶层组织。"))
    elif by is not None:
        require(policy, by, "add", parent)
    _check_parent(kind, parent)
    org = Organization(
        name=name.strip(),
        kind=kind,
        code=code.strip(),
        parent=parent,
        short_name=short_name.strip(),
        founded_on=founded_on,
        note=note,
        path=_next_child_path(parent),
        depth=(parent.depth + 1) if parent else 0,
    )
    save_with_history(org, by=by, reason=_("新建组织"))
    return org


@transaction.atomic
def org_update(
    *, org: Organization, by, version: int | None = None, **fields
) -> Organization:
    """Rename an organization or change its code, dates or note."""
    org = Organization.objects.select_for_update().get(pk=org.pk)
    require(policy, by, "change", org)
    check_version(org, version)
    allowed = {"name", "short_name", "code", "founded_on", "note"}
    unknown = set(fields) - allowed
    if unknown:
        raise ServiceError(_("不能修改字段：%s") % ", ".join(sorted(unknown)))
    for key, value in fields.items():
        setattr(org, key, value.strip() if isinstance(value, str) else value)
    save_with_history(org, by=by, reason=_("修改组织信息"))
    return org


@transaction.atomic
def org_move(
    *, org: Organization, new_parent: Organization, by, version: int | None = None
) -> Organization:
    """Move an organization and its subtree under ``new_parent``.

    Every descendant's path and every copy of it on other records (each
    ``TreePathField``, whatever app declares it) move in the same transaction.
    """
    org = Organization.objects.select_for_update().get(pk=org.pk)
    require(policy, by, "move", org)
    require(policy, by, "move", new_parent)
    check_version(org, version)
    if tree.is_within(new_parent.path, org.path):
        raise ValidationError({"parent": _("不能把组织移到它自己或它的下级组织之下。")})
    _check_parent(org.kind, new_parent)
    old_path = org.path
    new_path = _next_child_path(new_parent)
    depth_delta = (new_parent.depth + 1) - org.depth
    n = len(old_path) + 1
    from django.db.models import F

    Organization.objects.filter(tree.subtree_q(old_path)).exclude(pk=org.pk).update(
        path=Concat(Value(new_path), Substr("path", n)),
        depth=F("depth") + depth_delta,
    )
    tree.move_path_copies(old_path=old_path, new_path=new_path)
    org.parent = new_parent
    org.path = new_path
    org.depth = new_parent.depth + 1
    save_with_history(org, by=by, reason=_("调整上级组织"))
    return org


@transaction.atomic
def org_close(
    *, org: Organization, on: dt.date, by, version: int | None = None
) -> Organization:
    """Close an organization that has no open suborganizations or members."""
    org = Organization.objects.select_for_update().get(pk=org.pk)
    require(policy, by, "close", org)
    check_version(org, version)
    if org.closed_on:
        raise ServiceError(_("该组织已于 %s 撤销。") % org.closed_on.isoformat())
    if org.children.filter(closed_on__isnull=True).exists():
        raise ServiceError(_("该组织还有未撤销的下级组织，请先撤销或移走下级组织。"))
    active = registry().active().filter(organization=org)
    if active.exists():
        raise ServiceError(
            _("该组织还有 %d 名在册会员，请先将他们调到其他组织。") % active.count()
        )
    if org.founded_on and on < org.founded_on:
        raise ValidationError({"closed_on": _("撤销日期不能早于成立日期。")})
    org.closed_on = on
    Post.objects.filter(organization=org, end_on__isnull=True).update(end_on=on)
    save_with_history(org, by=by, reason=_("撤销组织"))
    return org


@transaction.atomic
def department_create(
    *, organization: Organization, kind: str, name: str, by, sort_order: int = 0
) -> Department:
    """Add a department to the committee's office."""
    require(policy, by, "manage_departments", organization)
    dept = Department(
        organization=organization, kind=kind, name=name.strip(), sort_order=sort_order
    )
    save_with_history(dept, by=by)
    return dept


@transaction.atomic
def post_assign(
    *,
    organization: Organization,
    member,
    title: str,
    start_on: dt.date,
    by,
    term: str = "",
    note: str = "",
    end_on: dt.date | None = None,
) -> Post:
    """Record that ``member`` holds a leadership post from ``start_on``.

    The holder is an active member of the organization or of one below it.
    """
    require(policy, by, "manage_posts", organization)
    if organization.closed_on:
        raise ServiceError(_("该组织已撤销，不能任命职务。"))
    if not tree.is_within(member.org_path, organization.path):
        raise ValidationError(
            {
                "member": _(
                    "%(name)s 不是“%(org)s”（含下级组织）的会员，不能在此任职。"
                )
                % {"name": member.name, "org": organization.name}
            }
        )
    if member.status != member.Status.ACTIVE:
        raise ValidationError(
            {"member": _("%s 已不在册，不能任命职务。") % member.name}
        )
    post = Post(
        organization=organization,
        member=member,
        title=title,
        start_on=start_on,
        end_on=end_on,
        term=term,
        note=note,
    )
    save_with_history(post, by=by, reason=_("任职"))
    return post


@transaction.atomic
def post_end(*, post: Post, on: dt.date, by) -> Post:
    """End a post's term on ``on``."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    require(policy, by, "manage_posts", post.organization)
    if post.end_on:
        raise ServiceError(_("该职务已于 %s 离任。") % post.end_on.isoformat())
    post.end_on = on
    save_with_history(post, by=by, reason=_("离任"))
    return post


def check_org_existed(
    org: Organization, *, field: str = "organization", on: dt.date | None = None
) -> None:
    """Refuse (``ValidationError`` on ``field``) an organization closed by ``on``.

    Without ``on``, the organization must be open today. With it, an
    organization since closed is accepted for a fact dated before its closure
    (history entered late keeps its real organization); the closing day is
    the first day closed.
    """
    if org.closed_on is None or (on is not None and org.existed_on(on)):
        return
    if on is None:
        raise ValidationError({field: _("组织“%s”已撤销。") % org.name})
    raise ValidationError(
        {
            field: _(
                "组织“%(name)s”已撤销（撤销日期 %(closed)s），%(day)s 时已不存在。"
            )
            % {
                "name": org.name,
                "closed": org.closed_on.isoformat(),
                "day": on.isoformat(),
            }
        }
    )
