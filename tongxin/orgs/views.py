"""Pages of the organization tree: browse, create, rename, move, close, posts.

Views parse input with forms, call services for every write and selectors for
every read, and ask the policy what to offer. An organization the user may
not see is a 404; one they may see but not change is a 403.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tongxin.core import tree
from tongxin.core.errors import ServiceError
from tongxin.core.memberport import registry
from tongxin.core.pickers import pick_response
from tongxin.core.web import form_page
from tongxin.orgs import services
from tongxin.orgs.forms import (
    DepartmentForm,
    OrgCloseForm,
    OrgCreateForm,
    OrgEditForm,
    OrgMoveForm,
    PostAssignForm,
    PostEndForm,
    add_service_errors,
)
from tongxin.orgs.models import Organization, Post
from tongxin.orgs.pickers import org_label
from tongxin.orgs.policies import policy
from tongxin.orgs.selectors import (
    TreeNode,
    department_list,
    org_ancestors,
    org_get,
    org_history,
    org_list,
    org_pick,
    org_tree,
    post_get,
    post_list,
)

#: How many members a post-assignment search offers at most.
MEMBER_CHOICES_LIMIT = 20


def _get_org(request: HttpRequest, pk: int, action: str = "view") -> Organization:
    """Return an organization the user may see; 403 unless ``action`` is allowed."""
    try:
        org = org_get(user=request.user, pk=pk)
    except Organization.DoesNotExist:
        raise Http404(_("组织不存在或您无权查看。")) from None
    if action != "view" and not policy.can(request.user, action, org):
        raise PermissionDenied(_("您没有权限执行此操作。"))
    return org


def _parse_date(value: str | None, label: str) -> tuple[dt.date | None, str]:
    """Return ``(date, error)`` for an optional ISO date query parameter."""
    if not value:
        return None, ""
    try:
        return dt.date.fromisoformat(value.strip()), ""
    except ValueError:
        return None, _("%(label)s应为 2013-12-31 这样的日期，已忽略“%(value)s”。") % {
            "label": label,
            "value": value,
        }


def _find_node(nodes: list[TreeNode], pk: int) -> TreeNode | None:
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if node.org.pk == pk:
            return node
        stack.extend(node.children)
    return None


@login_required
@require_GET
def pick(request: HttpRequest) -> HttpResponse:
    """Organizations matching a picker's search box (``orgs/pickers.py``)."""
    return pick_response(request, org_pick, org_label)


@login_required
@require_GET
def tree_view(request: HttpRequest) -> HttpResponse:
    """Show the visible tree with member counts, now or at a date."""
    on, error = _parse_date(request.GET.get("on"), _("统计日期"))
    if error:
        messages.error(request, error)
    show_closed = request.GET.get("closed") == "1"
    roots = org_tree(user=request.user, on=on, include_closed=show_closed)
    return render(
        request,
        "orgs/tree.html",
        {
            "roots": roots,
            "on": on,
            "show_closed": show_closed,
            "total": sum(node.total for node in roots),
            "counted": any(node.counted for node in roots),
            "org_count": _count_nodes(roots),
        },
    )


def _count_nodes(nodes: list[TreeNode]) -> int:
    return sum(1 + _count_nodes(node.children) for node in nodes)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one organization: facts, children, leadership, departments, history."""
    org = _get_org(request, pk)
    user = request.user
    show_closed = request.GET.get("closed") == "1"
    node = _find_node(org_tree(user=user, include_closed=True, root=org), org.pk)
    children = [
        child
        for child in (node.children if node else [])
        if show_closed or child.org.closed_on is None
    ]
    posts = post_list(user=user, organization=org, current=False)
    context = {
        "org": org,
        "ancestors": [a for a in org_ancestors(org=org) if policy.can(user, "view", a)],
        "node": node,
        "children": children,
        "show_closed": show_closed,
        "shows_posts": policy.can(user, "view_business", org),
        "current_posts": [p for p in posts if p.end_on is None],
        "past_posts": sorted(
            (p for p in posts if p.end_on is not None),
            key=lambda p: p.end_on,
            reverse=True,
        ),
        "departments": department_list(user=user, organization=org)
        if org.kind == Organization.Kind.COMMITTEE
        else None,
        "history": org_history(org=org),
        "can_add": org.is_open and policy.can(user, "add", org),
        "can_change": policy.can(user, "change", org),
        "can_move": org.is_open and org.parent_id and policy.can(user, "move", org),
        "can_close": org.is_open and policy.can(user, "close", org),
        "can_manage_posts": org.is_open and policy.can(user, "manage_posts", org),
        "can_manage_departments": policy.can(user, "manage_departments", org),
    }
    return render(request, "orgs/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, pk: int) -> HttpResponse:
    """Create a child organization under ``pk``."""
    parent = _get_org(request, pk, "add")
    return form_page(
        request,
        OrgCreateForm(request.POST or None),
        template="orgs/create.html",
        context={"parent": parent},
        save=lambda data: services.org_create(by=request.user, parent=parent, **data),
        done=lambda child: _("已创建组织“%s”。") % child.name,
        then=lambda child: child,
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename an organization or change its code, founding date or note."""
    org = _get_org(request, pk, "change")
    context = {"org": org}

    def save(data: dict):
        data = dict(data)
        version = data.pop("version")
        return services.org_update(org=org, by=request.user, version=version, **data)

    def reload() -> OrgEditForm:
        context["org"] = current = _get_org(request, pk, "change")
        return OrgEditForm(initial=OrgEditForm.initial_for(current))

    if request.method == "POST":
        form = OrgEditForm(request.POST)
    else:
        form = OrgEditForm(initial=OrgEditForm.initial_for(org))
    return form_page(
        request,
        form,
        template="orgs/edit.html",
        context=context,
        save=save,
        done=lambda _org: _("已保存组织信息。"),
        then=lambda _org: org,
        reload=reload,
    )


@login_required
@require_http_methods(["GET", "POST"])
def move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an organization and its subtree under another parent."""
    org = _get_org(request, pk, "move")
    parents = org_list(user=request.user, action="move").exclude(
        tree.subtree_q(org.path)
    )
    if request.method == "POST":
        form = OrgMoveForm(request.POST, parents=parents)
    else:
        form = OrgMoveForm(
            initial={"parent": org.parent_id, "version": org.version}, parents=parents
        )
    return form_page(
        request,
        form,
        template="orgs/move.html",
        context={"org": org},
        save=lambda data: services.org_move(
            org=org, new_parent=data["parent"], by=request.user, version=data["version"]
        ),
        done=lambda _moved: (
            _("已将“%(org)s”移到“%(parent)s”之下。")
            % {"org": org.name, "parent": form.cleaned_data["parent"].name}
        ),
        then=lambda _moved: reverse("orgs:detail", args=[org.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close an organization on a date."""
    org = _get_org(request, pk, "close")
    if request.method == "POST":
        form = OrgCloseForm(request.POST)
    else:
        form = OrgCloseForm(
            initial={"closed_on": timezone.localdate(), "version": org.version}
        )
    return form_page(
        request,
        form,
        template="orgs/close.html",
        context={"org": org},
        save=lambda data: services.org_close(
            org=org, on=data["closed_on"], by=request.user, version=data["version"]
        ),
        done=lambda _closed: _("已撤销组织“%s”。") % org.name,
        then=lambda _closed: reverse("orgs:detail", args=[org.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Appoint a member of the organization's subtree to a leadership post.

    ``member_q`` searches the candidates; with htmx only the choices are
    returned.
    """
    org = _get_org(request, pk, "manage_posts")
    members = registry().member_list(user=request.user, org=org)
    members = members.select_related("organization")
    query = (request.GET.get("member_q") or request.POST.get("member_q") or "").strip()
    query = query.replace("\x00", "")  # PostgreSQL refuses NUL in a query
    if request.method == "POST":
        form = PostAssignForm(request.POST, members=members)
        if form.is_valid():
            try:
                post = services.post_assign(
                    organization=org, by=request.user, **form.cleaned_data
                )
            except ValidationError as e:
                add_service_errors(form, e)
            except ServiceError as e:
                messages.error(request, e.message)
            else:
                messages.success(
                    request,
                    _("已任命 %(name)s 为%(title)s。")
                    % {"name": post.member.name, "title": post.get_title_display()},
                )
                return redirect("orgs:detail", pk=org.pk)
    else:
        form = PostAssignForm(
            initial={"start_on": timezone.localdate()}, members=members
        )
    chosen = form["member"].value()
    candidates = list(
        registry()
        .member_list(user=request.user, org=org, q=query or None)
        .select_related("organization")[:MEMBER_CHOICES_LIMIT]
    )
    if (
        chosen
        and str(chosen).isdigit()
        and all(str(m.pk) != str(chosen) for m in candidates)
    ):
        candidates += list(members.filter(pk=int(chosen)))
    context = {
        "form": form,
        "org": org,
        "member_q": query,
        "candidates": candidates,
        "chosen": str(chosen or ""),
        "limit": MEMBER_CHOICES_LIMIT,
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "orgs/_member_choices.html", context)
    return render(request, "orgs/post_assign.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def post_end(request: HttpRequest, pk: int, post_pk: int) -> HttpResponse:
    """End a leadership post's term on a date."""
    org = _get_org(request, pk, "manage_posts")
    try:
        post = post_get(user=request.user, pk=post_pk, organization=org)
    except Post.DoesNotExist as e:
        raise Http404(_("职务不存在或已离任。")) from e
    if post.end_on is not None:
        raise Http404(_("职务不存在或已离任。"))
    form = PostEndForm(request.POST or None, initial={"end_on": timezone.localdate()})
    return form_page(
        request,
        form,
        template="orgs/post_end.html",
        context={"org": org, "post": post},
        save=lambda data: services.post_end(
            post=post, on=data["end_on"], by=request.user
        ),
        done=lambda _ended: (
            _("%(name)s 已于 %(on)s 离任%(title)s。")
            % {
                "name": post.member.name,
                "on": form.cleaned_data["end_on"].isoformat(),
                "title": post.get_title_display(),
            }
        ),
        then=lambda _ended: reverse("orgs:detail", args=[org.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def departments(request: HttpRequest, pk: int) -> HttpResponse:
    """List the office's departments; add one."""
    org = _get_org(request, pk)
    can_manage = policy.can(request.user, "manage_departments", org)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied(_("您没有权限管理部室。"))

    def save(data: dict):
        data = dict(data)
        data["sort_order"] = data.get("sort_order") or 0
        return services.department_create(organization=org, by=request.user, **data)

    return form_page(
        request,
        DepartmentForm(request.POST or None),
        template="orgs/departments.html",
        context={
            "org": org,
            "departments": department_list(user=request.user, organization=org),
            "can_manage": can_manage,
        },
        save=save,
        done=lambda dept: _("已添加部室“%s”。") % dept.name,
        then=lambda _dept: reverse("orgs:departments", args=[org.pk]),
    )
