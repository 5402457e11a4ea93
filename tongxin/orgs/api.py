"""API router: the organization tree, its departments and leadership posts.

Reads go through the scoped selectors of ``tongxin.orgs.selectors``, so an
organization outside the user's reach answers 404 as if it did not exist;
writes go through ``tongxin.orgs.services``, which check permission.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from tongxin.core.memberport import registry
from tongxin.core.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    Date,
    PathId,
    referenced,
)
from tongxin.orgs import services
from tongxin.orgs.models import Department, Organization, Post
from tongxin.orgs.schemas import (
    DepartmentCreateIn,
    DepartmentOut,
    OrgCloseIn,
    OrgCreateIn,
    OrgDetailOut,
    OrgMoveIn,
    OrgOut,
    OrgTreeNodeOut,
    OrgUpdateIn,
    PostCreateIn,
    PostEndIn,
    PostOut,
)
from tongxin.orgs.selectors import (
    TreeNode,
    department_list,
    org_get,
    org_list,
    org_tree,
    post_list,
    subtree_member_count,
)

router = Router(tags=["orgs"])


def _member_get(*, user, pk: int):
    """The member ``pk`` if ``user`` may see it (asked of the registry, which
    sits above ``orgs``); raises the member model's ``DoesNotExist``."""
    port = registry()
    return port.visible(user, port.all()).get(pk=pk)


def _flatten(nodes: list[TreeNode]) -> dict[int, TreeNode]:
    out: dict[int, TreeNode] = {}
    stack = list(nodes)
    while stack:
        node = stack.pop()
        out[node.org.pk] = node
        stack.extend(node.children)
    return out


def _tree_out(node: TreeNode) -> dict:
    return {
        "id": node.org.pk,
        "code": node.org.code,
        "name": node.org.name,
        "kind": node.org.kind,
        "path": node.org.path,
        "closed_on": node.org.closed_on,
        "direct": node.direct,
        "total": node.total,
        "counted": node.counted,
        "children": [_tree_out(child) for child in node.children],
    }


@router.get("", response={200: list[OrgOut], **READ_ERRORS}, summary="组织列表")
def list_orgs(
    request: HttpRequest, include_closed: bool = False, counts: bool = False
) -> list[Organization]:
    """Return the organizations the user may see, flat, in tree order.

    With ``counts=1`` each carries its direct and total active member counts.
    """
    orgs = list(org_list(user=request.auth, include_closed=include_closed))
    if counts:
        nodes = _flatten(org_tree(user=request.auth, include_closed=include_closed))
        for org in orgs:
            node = nodes.get(org.pk)
            org.direct_members = node.direct if node else 0
            org.total_members = node.total if node else 0
    return orgs


@router.get(
    "/tree", response={200: list[OrgTreeNodeOut], **READ_ERRORS}, summary="组织树"
)
def tree(
    request: HttpRequest, on: Date | None = None, include_closed: bool = False
) -> list[dict]:
    """Return the visible tree with member counts, now or at the date ``on``."""
    roots = org_tree(user=request.auth, on=on, include_closed=include_closed)
    return [_tree_out(node) for node in roots]


@router.post("", response={201: OrgOut, **WRITE_ERRORS}, summary="新建组织")
def create_org(request: HttpRequest, payload: OrgCreateIn) -> tuple[int, Organization]:
    """Create an organization under ``parent``."""
    parent = None
    if payload.parent is not None:
        parent = referenced("parent", org_get, user=request.auth, pk=payload.parent)
    org = services.org_create(
        by=request.auth,
        parent=parent,
        name=payload.name,
        kind=payload.kind,
        code=payload.code,
        short_name=payload.short_name,
        founded_on=payload.founded_on,
        note=payload.note,
    )
    return Status(201, org)


@router.get(
    "/{org_id}", response={200: OrgDetailOut, **READ_ERRORS}, summary="组织详情"
)
def get_org(request: HttpRequest, org_id: PathId) -> Organization:
    """Return one organization with its active member count."""
    org = org_get(user=request.auth, pk=org_id)
    org.active_members = subtree_member_count(org=org, user=request.auth)
    return org


@router.patch("/{org_id}", response={200: OrgOut, **WRITE_ERRORS}, summary="修改组织")
def update_org(
    request: HttpRequest, org_id: PathId, payload: OrgUpdateIn
) -> Organization:
    """Rename an organization or change its code, founding date or note."""
    org = org_get(user=request.auth, pk=org_id)
    fields = payload.dict(exclude_unset=True)
    version = fields.pop("version")
    return services.org_update(org=org, by=request.auth, version=version, **fields)


@router.post(
    "/{org_id}/move", response={200: OrgOut, **WRITE_ERRORS}, summary="调整上级组织"
)
def move_org(request: HttpRequest, org_id: PathId, payload: OrgMoveIn) -> Organization:
    """Move an organization and its whole subtree under another parent."""
    org = org_get(user=request.auth, pk=org_id)
    parent = referenced("parent", org_get, user=request.auth, pk=payload.parent)
    return services.org_move(
        org=org, new_parent=parent, by=request.auth, version=payload.version
    )


@router.post(
    "/{org_id}/close", response={200: OrgOut, **WRITE_ERRORS}, summary="撤销组织"
)
def close_org(
    request: HttpRequest, org_id: PathId, payload: OrgCloseIn
) -> Organization:
    """Close an organization without open suborganizations or active members."""
    org = org_get(user=request.auth, pk=org_id)
    return services.org_close(
        org=org, on=payload.on, by=request.auth, version=payload.version
    )


@router.get(
    "/{org_id}/departments",
    response={200: list[DepartmentOut], **READ_ERRORS},
    summary="部室列表",
)
def list_departments(request: HttpRequest, org_id: PathId) -> list[Department]:
    """Return the open departments of an organization's office."""
    org = org_get(user=request.auth, pk=org_id)
    return list(department_list(user=request.auth, organization=org))


@router.post(
    "/{org_id}/departments",
    response={201: DepartmentOut, **WRITE_ERRORS},
    summary="新增部室",
)
def create_department(
    request: HttpRequest, org_id: PathId, payload: DepartmentCreateIn
) -> tuple[int, Department]:
    """Add a department to an organization's office."""
    org = org_get(user=request.auth, pk=org_id)
    dept = services.department_create(
        organization=org,
        kind=payload.kind,
        name=payload.name,
        sort_order=payload.sort_order,
        by=request.auth,
    )
    return Status(201, dept)


@router.get(
    "/{org_id}/posts",
    response={200: list[PostOut], **READ_ERRORS},
    summary="领导职务",
)
def list_posts(
    request: HttpRequest, org_id: PathId, current: bool = Query(True)
) -> list[Post]:
    """Return the organization's leadership posts by rank; ``current=0`` adds past terms."""
    org = org_get(user=request.auth, pk=org_id)
    return post_list(user=request.auth, organization=org, current=current)


@router.post(
    "/{org_id}/posts",
    response={201: PostOut, **WRITE_ERRORS},
    summary="任命职务",
)
def create_post(
    request: HttpRequest, org_id: PathId, payload: PostCreateIn
) -> tuple[int, Post]:
    """Record that a member holds a leadership post in the organization."""
    org = org_get(user=request.auth, pk=org_id)
    member = referenced("member", _member_get, user=request.auth, pk=payload.member)
    post = services.post_assign(
        organization=org,
        member=member,
        title=payload.title,
        start_on=payload.start_on,
        end_on=payload.end_on,
        term=payload.term,
        note=payload.note,
        by=request.auth,
    )
    return Status(201, post)


@router.post(
    "/{org_id}/posts/{post_id}/end",
    response={200: PostOut, **WRITE_ERRORS},
    summary="离任",
)
def end_post(
    request: HttpRequest, org_id: PathId, post_id: PathId, payload: PostEndIn
) -> Post:
    """End a leadership post's term on the given date."""
    org = org_get(user=request.auth, pk=org_id)
    posts = post_list(user=request.auth, organization=org, current=False)
    post = next((p for p in posts if p.pk == post_id), None)
    if post is None:
        raise Post.DoesNotExist
    return services.post_end(post=post, on=payload.on, by=request.auth)
