"""Pages of the member registry: list, record, registration, edits, transfers.

Every read goes through the member selectors scoped to the acting user, so a
member another user may not see is a 404 wherever it is asked for; every
write goes through the member services.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tongxin.core import codes
from tongxin.core.errors import ConflictError, ServiceError
from tongxin.core.forms import add_service_errors
from tongxin.core.pagination import bounded_count, keyset_page
from tongxin.core.pickers import pick_response
from tongxin.members import services
from tongxin.members.ages import age_bands
from tongxin.members.filters import filters_from_params
from tongxin.members.forms import (
    LeaveForm,
    MemberCreateForm,
    MemberEditForm,
    PublicPostEndForm,
    PublicPostForm,
    TransferForm,
)
from tongxin.members.models import Member, PublicPost
from tongxin.members.pickers import member_label
from tongxin.members.policies import policy
from tongxin.members.selectors import (
    LIST_FIELDS,
    SORT_KEYS,
    member_get,
    member_history,
    member_list,
    member_pick,
    member_posts,
    member_public_posts,
    membership_list,
    redact_out_of_reach,
)
from tongxin.orgs.policies import policy as org_policy
from tongxin.orgs.selectors import org_ancestors, org_filter_choices, org_list

#: Filters folded under "more" on phones (open when one of them is set).
MORE_FILTERS = (
    "status",
    "gender",
    "age",
    "edu_level",
    "sector",
    "join_year",
    "post",
    "on",
)


#: Names of the list's query parameters, to say which filter is wrong.
FILTER_LABELS = {
    "q": _lazy("搜索"),
    "org": _lazy("组织"),
    "status": _lazy("状态"),
    "gender": _lazy("性别"),
    "age": _lazy("年龄段"),
    "edu_level": _lazy("学历"),
    "education": _lazy("学历"),
    "sector": _lazy("界别"),
    "join_year": _lazy("入会年份"),
    "post": _lazy("社会职务"),
    "sort": _lazy("排序"),
    "on": _lazy("在某日的会员"),
}


def _labelled(label: str, message: str) -> str:
    """Prefix a filter error with the filter's name unless it already says it."""
    label = str(label)
    return message if not label or label in message else f"{label}：{message}"


def _get_member(request: HttpRequest, pk: int, action: str = "view") -> Member:
    """Return a member the user may see; 403 unless ``action`` is allowed."""
    try:
        member = member_get(user=request.user, pk=pk)
    except Member.DoesNotExist:
        raise Http404(_("会员不存在或您无权查看。")) from None
    if action != "view" and not policy.can(request.user, action, member):
        raise PermissionDenied(_("您没有权限执行此操作。"))
    return member


def _optional_url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def _orgs_for(request: HttpRequest, action: str, exclude_pk: int | None = None):
    """Return the open organizations where the user may ``action`` members."""
    orgs = org_list(user=request.user).filter(
        policy.scope_q(request.user, action, field="path")
    )
    return orgs.exclude(pk=exclude_pk) if exclude_pk else orgs


@login_required
@require_GET
def member_list_view(request: HttpRequest) -> HttpResponse:
    """List members by filters; with htmx only the results are returned."""
    user = request.user
    if _only_self(user):
        # A member sees no one else: their own page, not a search of one.
        return redirect("members:me")
    errors: list[str] = []
    filters = None
    try:
        filters = filters_from_params(user=user, params=request.GET)
    except ValidationError as e:
        errors = [
            _labelled(FILTER_LABELS.get(param, ""), message)
            for param, messages_ in e.message_dict.items()
            for message in messages_
        ]
    if filters is not None:
        qs = member_list(user=user, filters=filters)
        page = keyset_page(
            qs.select_related("organization").only(*LIST_FIELDS),
            key=SORT_KEYS[filters.sort],
            cursor=request.GET.get("cursor") or None,
        )
        page.items = redact_out_of_reach(user=user, members=page.items, filters=filters)
        count, exact = bounded_count(qs)
        sort = filters.sort
    else:
        page, count, exact, sort = None, 0, True, request.GET.get("sort", "stroke")
    export_url = _optional_url("members:export")
    context = {
        "page": page,
        "members": page.items if page else [],
        "count": count,
        "count_exact": exact,
        "filter_errors": errors,
        "sort": sort,
        "params": request.GET,
        "export_url": export_url if policy.can(user, "export") else "",
        "can_add": policy.can(user, "add"),
    }
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "members/_member_results.html", context)
    else:
        context.update(
            {
                "org_choices": org_filter_choices(
                    org_list(user=user, include_closed=True),
                    selected=[filters.org] if filters and filters.org else [],
                ),
                "statuses": [
                    (v, label)
                    for v, label in Member.Status.choices
                    if v != Member.Status.ACTIVE
                ],
                "genders": Member.Gender.choices,
                "age_bands": [(b.key, b.label) for b in age_bands()],
                "education_levels": list(codes.EDUCATION_LEVEL_LABELS.items()),
                "sectors": codes.SECTOR,
                "public_posts": PublicPost.Kind.choices,
                "join_years": range(dt.date.today().year, 1949, -1),
                "more_filters_set": any(request.GET.get(name) for name in MORE_FILTERS),
            }
        )
        response = render(request, "members/list.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def pick(request: HttpRequest) -> HttpResponse:
    """Members matching a picker's search box (``members/pickers.py``)."""
    return pick_response(request, member_pick, member_label)


def _only_self(user) -> bool:
    return bool(getattr(user, "member_id", None)) and not policy.scopes(user, "view")


@login_required
@require_GET
def me(request: HttpRequest) -> HttpResponse:
    """The member's own page: their record in brief, their branch, their links."""
    member_id = getattr(request.user, "member_id", None)
    if not member_id:
        return redirect("members:list")
    member = _get_member(request, member_id)
    org = member.organization
    return render(
        request,
        "members/me.html",
        {
            "member": member,
            "chain": [*org_ancestors(org=org), org],
            "posts": member_posts(member=member).filter(end_on__isnull=True),
        },
    )


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a member's record, organization chain, periods, posts and history."""
    member = _get_member(request, pk)
    return render(request, "members/detail.html", _detail_context(request, member))


@login_required
@require_POST
@never_cache
def reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the clear value of a masked field (``field``: id_number or mobile).

    The service checks the right and records the reveal in the audit trail.
    htmx gets the value alone; without JavaScript the record is shown again
    with the value in place.
    """
    field = request.POST.get("field", "")
    try:
        member = _get_member(request, pk)
    except Http404:
        services.member_reveal_refused(
            member_id=pk, field=field, by=request.user, reason="not_found"
        )
        raise
    try:
        value = services.member_reveal(member=member, field=field, by=request.user)
    except ValidationError as e:
        return HttpResponseBadRequest(" ".join(e.messages))
    if request.htmx:
        context = {
            "member": member,
            "field": field,
            "revealed_field": field,
            "revealed_value": value,
        }
        return render(request, "members/_sensitive_value.html", context)
    context = _detail_context(request, member)
    context.update(revealed_field=field, revealed_value=value)
    return render(request, "members/detail.html", context)


def _detail_context(request: HttpRequest, member: Member) -> dict:
    user = request.user
    org = member.organization
    chain = [*org_ancestors(org=org), org]
    active = member.status == Member.Status.ACTIVE
    return {
        "member": member,
        "chain": [(o, org_policy.can(user, "view", o)) for o in chain],
        "memberships": membership_list(member=member),
        "public_posts": member_public_posts(member=member),
        "posts": member_posts(member=member),
        "history": member_history(member=member),
        "can_change": policy.can(user, "change", member),
        "can_transfer": active and policy.can(user, "transfer", member),
        "can_leave": active and policy.can(user, "leave", member),
        "can_manage_public_posts": policy.can(user, "manage_public_posts", member),
        "can_reveal": policy.can(user, "reveal", member),
        "today": dt.date.today(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    """Register a new member."""
    if not policy.scopes(request.user, "add"):
        raise PermissionDenied(_("您没有权限新增会员。"))
    organizations = _orgs_for(request, "add")
    if request.method == "POST":
        form = MemberCreateForm(request.POST, organizations=organizations)
        if form.is_valid():
            data = dict(form.cleaned_data)
            organization = data.pop("organization")
            try:
                member = services.member_create(
                    by=request.user, organization=organization, **data
                )
            except ValidationError as e:
                add_service_errors(form, e)
            except ServiceError as e:
                messages.error(request, e.message)
            else:
                messages.success(request, _("已登记会员“%s”。") % member.name)
                return redirect(member)
    else:
        initial = {}
        if (org_id := request.GET.get("org", "")).isdigit():
            initial["organization"] = int(org_id)
        form = MemberCreateForm(initial=initial, organizations=organizations)
    return render(request, "members/form.html", {"form": form, "member": None})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a member's registry fields; a stale version is refused."""
    member = _get_member(request, pk, "change")
    if request.method == "POST":
        form = MemberEditForm(request.POST, member=member)
        if form.is_valid():
            try:
                services.member_update(
                    member=member,
                    by=request.user,
                    version=form.cleaned_data["version"],
                    **form.changes(),
                )
            except ConflictError as e:
                messages.error(
                    request,
                    e.message + _(" 下面显示的是当前的记录，您的修改没有保存。"),
                )
                member = _get_member(request, pk, "change")
                form = _edit_form(member)
            except ValidationError as e:
                add_service_errors(form, e)
            except ServiceError as e:
                messages.error(request, e.message)
            else:
                messages.success(request, _("已保存。"))
                return redirect(member)
    else:
        form = _edit_form(member)
    return render(request, "members/form.html", {"form": form, "member": member})


def _edit_form(member: Member) -> MemberEditForm:
    initial = MemberEditForm.initial_for(member)
    initial["version"] = member.version
    return MemberEditForm(initial=initial, member=member)


@login_required
@require_http_methods(["GET", "POST"])
def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    """Transfer an active member to another organization from a date."""
    member = _get_member(request, pk, "transfer")
    organizations = _orgs_for(request, "transfer", exclude_pk=member.organization_id)
    if request.method == "POST":
        form = TransferForm(request.POST, organizations=organizations)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.member_transfer(
                    member=member,
                    to_org=data["to_org"],
                    on=data["on"],
                    by=request.user,
                    note=data["note"],
                    version=data["version"],
                )
            except ValidationError as e:
                add_service_errors(form, e)
            except ServiceError as e:
                messages.error(request, e.message)
            else:
                messages.success(
                    request,
                    _("已将 %(name)s 调至“%(org)s”。")
                    % {"name": member.name, "org": data["to_org"].name},
                )
                return redirect("members:detail", pk=member.pk)
    else:
        form = TransferForm(
            initial={"on": dt.date.today(), "version": member.version},
            organizations=organizations,
        )
    return render(request, "members/transfer.html", {"form": form, "member": member})


@login_required
@require_http_methods(["GET", "POST"])
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that a member left: transferred out, withdrew, died, was expelled."""
    member = _get_member(request, pk, "leave")
    if request.method == "POST":
        form = LeaveForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.member_leave(
                    member=member,
                    status=data["status"],
                    on=data["on"],
                    by=request.user,
                    note=data["note"],
                    version=data["version"],
                )
            except ValidationError as e:
                add_service_errors(form, e)
            except ServiceError as e:
                messages.error(request, e.message)
            else:
                messages.success(request, _("已登记 %s 离会。") % member.name)
                return redirect("members:detail", pk=member.pk)
    else:
        form = LeaveForm(initial={"on": dt.date.today(), "version": member.version})
    return render(request, "members/leave.html", {"form": form, "member": member})


@login_required
@require_http_methods(["GET", "POST"])
def public_post_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a public office held by a member."""
    member = _get_member(request, pk, "manage_public_posts")
    form = PublicPostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.public_post_add(
                member=member, by=request.user, **form.cleaned_data
            )
        except ValidationError as e:
            add_service_errors(form, e)
        except ServiceError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, _("已添加社会职务“%s”。") % post)
            return redirect("members:detail", pk=member.pk)
    return render(
        request, "members/public_post_form.html", {"form": form, "member": member}
    )


@login_required
@require_POST
def public_post_end(request: HttpRequest, pk: int, post_pk: int) -> HttpResponse:
    """End a public office on the posted date."""
    member = _get_member(request, pk, "manage_public_posts")
    try:
        post = member.public_posts.get(pk=post_pk, end_on__isnull=True)
    except PublicPost.DoesNotExist:
        raise Http404(_("社会职务不存在或已结束。")) from None
    form = PublicPostEndForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("members:detail", pk=member.pk)
    try:
        services.public_post_end(
            post=post, on=form.cleaned_data["end_on"], by=request.user
        )
    except ValidationError as e:
        for error in e.messages:
            messages.error(request, error)
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("社会职务“%s”已结束。") % post)
    return redirect("members:detail", pk=member.pk)
