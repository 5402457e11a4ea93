"""Pages of the items: lists, details, forms, transitions and attachments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tongxin.core import files
from tongxin.participation import forms as pforms
from tongxin.participation import selectors, services
from tongxin.participation.models import Attachment, Proposal
from tongxin.participation.policies import policy
from tongxin.participation.services.items import can_edit, transition_fields
from tongxin.participation.views.common import (
    KIND_NAMES,
    REFUSALS,
    form_page,
    item_or_404,
    report,
)
from tongxin.workflows import engine

LIST_LIMIT = 200


def _kind(kind: str) -> str:
    selectors.model_of(kind)
    return kind


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The user's own items of every kind, and where to go next."""
    mine = selectors.my_items(user=request.user)
    names = {k: selectors.state_names(k) for k in mine}
    sections = [
        {
            "kind": k,
            "name": KIND_NAMES[k],
            "items": [(i, names[k].get(i.state, i.state)) for i in items],
        }
        for k, items in mine.items()
    ]
    return render(
        request,
        "participation/home.html",
        {
            "sections": sections,
            "is_member": bool(policy.member_id(request.user)),
            "can_create": policy.can_create(request.user),
            "app": "participation",
            "page": "home",
        },
    )


@login_required
@require_GET
def item_list(request: HttpRequest, kind: str) -> HttpResponse:
    kind = _kind(kind)
    filters = selectors.ItemFilters(
        state=request.GET.get("state") or None,
        q=(request.GET.get("q") or "")[:50] or None,
        mine=request.GET.get("mine") == "1",
    )
    year = request.GET.get("year", "")
    if year.isdigit() and 1900 <= int(year) <= 2100:
        filters.year = int(year)
    qs = selectors.item_list(user=request.user, kind=kind, filters=filters)
    # Newest first; a committee's lists run to hundreds a year, so the page
    # shows the newest LIST_LIMIT and the filters narrow it down.
    rows = list(qs[: LIST_LIMIT + 1])
    names = selectors.state_names(kind)
    return render(
        request,
        "participation/item_list.html",
        {
            "kind": kind,
            "kind_name": KIND_NAMES[kind],
            "rows": [(i, names.get(i.state, i.state)) for i in rows[:LIST_LIMIT]],
            "more": len(rows) > LIST_LIMIT,
            "limit": LIST_LIMIT,
            "states": names,
            "filters": filters,
            "can_create": policy.can_create(request.user),
            "app": "participation",
            "page": kind,
        },
    )


def _create(form, kind: str, user):
    data = dict(form.cleaned_data)
    submit = "submit" in form.data
    common = {
        "title": data["title"],
        "text": data["text"],
        "date": data["date"],
        "confidential": data["confidential"],
        "submit": submit,
    }
    if kind == "suggestions":
        return services.suggestion_create(
            by=user, author=data.get("author"), drive=data["drive"], **common
        )
    if kind == "proposals":
        return services.proposal_create(
            by=user,
            kind=data["proposal_kind"],
            session=data["session"],
            organization=data.get("organization"),
            member=data.get("member"),
            cosigners=data["cosigners"],
            **common,
        )
    if kind == "opinions":
        return services.opinion_create(by=user, authors=data["authors"], **common)
    return services.research_create(
        by=user,
        organization=data.get("organization"),
        members=data["members"],
        target_body=data["target_body"],
        deadline=data["deadline"],
        funding=data["funding"],
        **common,
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_create(request: HttpRequest, kind: str) -> HttpResponse:
    kind = _kind(kind)
    if not policy.can_create(request.user):
        raise PermissionDenied(_("您没有权限执行此操作。"))
    form_class = pforms.ITEM_FORMS[kind]
    form = form_class(
        request.POST if request.method == "POST" else None, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = _create(form, kind, request.user)
        except REFUSALS as exc:
            report(request, exc, form)
        else:
            messages.success(request, _("已保存“%s”。") % item.title)
            return redirect(item.get_absolute_url())
    return render(
        request,
        "participation/item_form.html",
        {
            "form": form,
            "title": _("新建%s") % KIND_NAMES[kind],
            "back": reverse("participation:list", args=[kind]),
            "kind": kind,
            "creating": True,
        },
        status=400 if request.method == "POST" else 200,
    )


def _attachment_form(user, item):
    """Return the upload form if the user may attach here, else ``None``.

    Authors attach to their drafts; a research group attaches its final
    report (结题报告) once the topic is approved; the department any time.
    """
    if can_edit(user, item):
        form = pforms.AttachmentForm()
    elif (
        item.KIND == "research"
        and item.state == "approved"
        and policy.is_owner(user, item)
    ):
        form = pforms.AttachmentForm(initial={"final_report": True})
    else:
        return None
    if item.KIND != "research":
        del form.fields["final_report"]
    return form


@login_required
@require_GET
def item_detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    item = item_or_404(request, _kind(kind), pk)
    user = request.user
    actions = selectors.item_actions(user=user, item=item)
    manage = policy.can(user, "manage", item)
    context = {
        "item": item,
        "kind": kind,
        "kind_name": KIND_NAMES[kind],
        "state_name": selectors.state_names(kind).get(item.state, item.state),
        "steps": selectors.item_steps(user=user, item=item),
        "actions": [
            a for a in actions if not (kind == "suggestions" and a.action == "convert")
        ],
        "can_convert": kind == "suggestions"
        and manage
        and any(a.action == "convert" for a in actions),
        "can_edit": can_edit(user, item),
        "manage": manage,
        "attachments": selectors.attachments_of(user=user, item=item),
        "attachment_form": _attachment_form(user, item),
        "app": "participation",
        "page": kind,
    }
    if isinstance(item, Proposal):
        context["unit_form"] = (
            pforms.UnitForm()
            if manage and item.state in ("filed", "replied", "closed")
            else None
        )
        context["award_form"] = (
            pforms.AwardForm()
            if manage and item.state in ("filed", "replied", "closed")
            else None
        )
    if kind == "opinions":
        context["adoption_form"] = (
            pforms.AdoptionForm()
            if manage and item.state in ("reported", "adopted")
            else None
        )
        context["instruction_form"] = (
            pforms.InstructionForm()
            if manage and item.state in ("reported", "adopted", "archived")
            else None
        )
    return render(request, "participation/item_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    item = item_or_404(request, _kind(kind), pk)
    if not can_edit(request.user, item):
        raise PermissionDenied(_("只有作者（草稿）或参政议政部可以修改。"))
    initial = {
        "title": item.title,
        "text": item.text,
        "date": item.date,
        "confidential": item.confidential,
    }
    extra = {
        "suggestions": ("drive",),
        "proposals": ("session",),
        "research": ("target_body", "deadline", "funding"),
    }.get(kind, ())
    for name in extra:
        initial[name] = getattr(item, name)
    for name in ("cosigners", "authors", "members"):
        if hasattr(item, name):
            initial[name] = list(getattr(item, name).all())
    form = pforms.ITEM_FORMS[kind](
        request.POST if request.method == "POST" else None,
        user=request.user,
        editing=True,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k in form.fields}
        for name in ("cosigners", "authors", "members"):
            if name in fields:
                fields[name] = list(fields[name])
        if kind == "opinions" and not fields.get("authors"):
            fields.pop("authors", None)
        try:
            services.item_update(by=request.user, item=item, version=None, **fields)
        except REFUSALS as exc:
            report(request, exc, form)
        else:
            messages.success(request, _("已保存修改。"))
            return redirect(item.get_absolute_url())
    return render(
        request,
        "participation/item_form.html",
        {
            "form": form,
            "title": _("修改：%s") % item.title,
            "back": item.get_absolute_url(),
            "kind": kind,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_transition(
    request: HttpRequest, kind: str, pk: int, action: str
) -> HttpResponse:
    """A transition's form (comment and the values it asks for) and its button."""
    item = item_or_404(request, _kind(kind), pk)
    found = next(
        (
            t
            for t in engine.transitions_from(item.WORKFLOW, item.state)
            if t.action == action
        ),
        None,
    )
    if found is not None and not found.role_set & policy.roles_on(request.user, item):
        raise PermissionDenied(_("您不能在此执行“%s”。") % found.name)
    if found is not None and kind == "suggestions" and action == "convert":
        # Converting creates the proposal: its own form asks for the session.
        return redirect("participation:convert", item.pk)
    if found is None:
        if request.method == "POST":
            try:
                services.item_transition(by=request.user, item=item, action=action)
            except REFUSALS as exc:
                report(request, exc)
            return redirect(item.get_absolute_url())
        raise Http404(_("当前状态下没有此操作。"))
    form = pforms.TransitionForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        item=item,
        transition=found,
        fields=transition_fields(item, found),
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.item_transition(
                by=request.user,
                item=item,
                action=action,
                comment=form.cleaned_data["comment"],
                values=form.values(),
                occurred_on=form.cleaned_data.get("occurred_on"),
            )
        except REFUSALS as exc:
            report(request, exc, form)
        else:
            messages.success(request, _("已%s。") % found.name)
            return redirect(item.get_absolute_url())
    return form_page(
        request,
        form,
        title=f"{found.name}：{item.title}",
        back=item.get_absolute_url(),
        multipart=form.multipart,
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def attachment_add(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    item = item_or_404(request, _kind(kind), pk)
    if not (can_edit(request.user, item) or policy.is_owner(request.user, item)):
        raise PermissionDenied(_("只有作者或参政议政部可以上传附件。"))
    form = pforms.AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                by=request.user,
                item=item,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                final_report=form.cleaned_data["final_report"],
            )
        except REFUSALS as exc:
            report(request, exc)
        else:
            messages.success(request, _("附件已上传。"))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(item.get_absolute_url())


@login_required
@require_GET
def attachment_download(
    request: HttpRequest, kind: str, pk: int, attachment_id: int
) -> FileResponse:
    try:
        attachment = selectors.attachment_get(
            user=request.user, kind=_kind(kind), item_pk=pk, pk=attachment_id
        )
    except (Attachment.DoesNotExist, selectors.model_of(kind).DoesNotExist):
        raise Http404(_("附件不存在或您无权查看。")) from None
    return files.serve_file(attachment, _("附件文件已丢失。"))
