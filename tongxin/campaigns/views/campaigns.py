"""Pages of campaigns: the campaign, its documents, leading group, goals and
work plan (tasks by month and by department, evidence, the overdue list)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tongxin.activities.selectors import event_list
from tongxin.campaigns import services
from tongxin.campaigns.forms import (
    CampaignCreateForm,
    CampaignEditForm,
    DocumentForm,
    EvidenceForm,
    GoalForm,
    GroupAddForm,
    TaskForm,
    TaskStatusForm,
)
from tongxin.campaigns.models import (
    Campaign,
    CampaignDocument,
    Goal,
    GroupMember,
    Task,
    TaskEvidence,
)
from tongxin.campaigns.policies import policy
from tongxin.campaigns.selectors import (
    assignable_users,
    campaign_documents,
    campaign_get,
    campaign_group,
    campaign_list,
    document_get,
    evidence_get,
    goal_progress,
    overdue_tasks,
    task_changes,
    task_departments,
    task_evidence,
    task_get,
    task_list,
    task_moves,
    tasks_grouped,
)
from tongxin.campaigns.views.common import (
    REFUSALS,
    form_errors,
    form_page,
    managed,
    report,
    require_any,
)
from tongxin.core.files import serve_file
from tongxin.core.pagination import bounded_count
from tongxin.members.selectors import member_by_id_number, member_queryset


def _campaign(request: HttpRequest, pk: int, action: str = "view") -> Campaign:
    try:
        campaign = campaign_get(user=request.user, pk=pk)
    except Campaign.DoesNotExist:
        raise Http404(_("专项活动不存在或您无权查看。")) from None
    if action != "view" and not policy.can(request.user, action, campaign):
        raise PermissionDenied(_("您没有权限执行此操作。"))
    return campaign


def _task(request: HttpRequest, pk: int, work: bool = False) -> Task:
    try:
        task = task_get(user=request.user, pk=pk)
    except Task.DoesNotExist:
        raise Http404(_("任务不存在或您无权查看。")) from None
    if work and not policy.can_work_on(request.user, task):
        raise PermissionDenied(_("您没有权限更新该任务。"))
    return task


def _departments(request: HttpRequest, campaign: Campaign):
    return task_departments(user=request.user, campaign=campaign)


# --- campaigns -----------------------------------------------------------------------


@login_required
@require_GET
def campaign_list_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "campaigns/list.html",
        {
            "campaigns": campaign_list(user=request.user),
            "can_add": bool(policy.scopes(request.user, "manage")),
            # "" when none, else the count ("1,000+" past the bound).
            "overdue": _overdue_text(request.user),
        },
    )


def _overdue_text(user) -> str:
    n, exact = bounded_count(overdue_tasks(user=user), 999)
    if not n:
        return ""
    return f"{n:,}" if exact else f"{n:,}+"


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest) -> HttpResponse:
    require_any(request, "manage")
    form = CampaignCreateForm(request.POST or None, managed=managed(request, "manage"))
    return form_page(
        request,
        form,
        title=_("新建专项活动"),
        back=reverse("campaigns:list"),
        save=lambda data: services.campaign_create(by=request.user, **data),
        done=lambda campaign: _("已创建专项活动“%s”。") % campaign.title,
        then=lambda campaign: campaign,
    )


@login_required
@require_GET
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    can_manage = policy.can(request.user, "manage", campaign)
    tasks = list(task_list(user=request.user, campaign=campaign))
    today = timezone.localdate()
    return render(
        request,
        "campaigns/detail.html",
        {
            "campaign": campaign,
            "group": campaign_group(campaign=campaign),
            "documents": campaign_documents(campaign=campaign),
            "goals": goal_progress(campaign=campaign),
            "task_total": len(tasks),
            "task_done": sum(t.status == Task.Status.DONE for t in tasks),
            "task_overdue": sum(t.is_open and t.due_on < today for t in tasks),
            "can_manage": can_manage,
            "document_form": DocumentForm() if can_manage else None,
            "group_form": GroupAddForm() if can_manage else None,
            "goal_form": GoalForm() if can_manage else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk, "manage")
    if request.method == "POST":
        form = CampaignEditForm(request.POST)
    else:
        form = CampaignEditForm(
            initial={
                "title": campaign.title,
                "start_on": campaign.start_on,
                "end_on": campaign.end_on,
                "description": campaign.description,
                "version": campaign.version,
            }
        )

    def save(data: dict):
        data = dict(data)
        version = data.pop("version")
        return services.campaign_update(
            campaign=campaign, by=request.user, version=version, **data
        )

    return form_page(
        request,
        form,
        title=_("修改专项活动“%s”") % campaign.title,
        back=campaign.get_absolute_url(),
        save=save,
        done=lambda _campaign: _("已保存。"),
        then=lambda _campaign: campaign,
    )


@login_required
@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk, "manage")
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_add(
                campaign=campaign,
                by=request.user,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
            )
        except REFUSALS as e:
            report(request, e)
        else:
            messages.success(request, _("已上传。"))
    else:
        form_errors(request, form)
    return redirect(campaign)


@login_required
@require_GET
def document_download(request: HttpRequest, pk: int, doc_pk: int) -> FileResponse:
    campaign = _campaign(request, pk)
    try:
        document = document_get(campaign=campaign, pk=doc_pk)
    except CampaignDocument.DoesNotExist:
        raise Http404(_("文件不存在。")) from None
    return serve_file(document, _("文件已丢失，请联系管理员。"))


# --- leading group -------------------------------------------------------------------


@login_required
@require_POST
def group_fill(request: HttpRequest, pk: int) -> HttpResponse:
    """Fill the leading group from current posts in one step."""
    campaign = _campaign(request, pk, "manage")
    try:
        added = services.group_fill_from_posts(campaign=campaign, by=request.user)
    except REFUSALS as e:
        report(request, e)
    else:
        messages.success(request, _("已按现任职务加入 %d 人。") % added)
    return redirect(campaign)


def _find_member(request: HttpRequest, text: str):
    text = (text or "").strip()
    if text.isascii() and text:
        return member_by_id_number(user=request.user, id_number=text)
    matches = list(member_queryset(user=request.user).filter(name=text)[:2])
    return matches[0] if len(matches) == 1 else None


@login_required
@require_POST
def group_add(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk, "manage")
    form = GroupAddForm(request.POST)
    if form.is_valid():
        member = _find_member(request, form.cleaned_data["member"])
        if member is None:
            messages.error(
                request,
                _("未找到会员“%s”，或有重名（请改填身份证号）。")
                % form.cleaned_data["member"],
            )
            return redirect(campaign)
        try:
            services.group_add(
                campaign=campaign,
                by=request.user,
                member=member,
                role=form.cleaned_data["role"],
                note=form.cleaned_data["note"],
            )
        except REFUSALS as e:
            report(request, e)
        else:
            messages.success(request, _("已加入“%s”。") % member.name)
    else:
        form_errors(request, form)
    return redirect(campaign)


@login_required
@require_POST
def group_remove(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    campaign = _campaign(request, pk, "manage")
    try:
        row = campaign.group.get(pk=row_pk)
    except GroupMember.DoesNotExist:
        raise Http404 from None
    services.group_remove(row=row, by=request.user)
    messages.success(request, _("已移出领导小组。"))
    return redirect(campaign)


# --- goals -----------------------------------------------------------------------------


@login_required
@require_POST
def goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk, "manage")
    form = GoalForm(request.POST)
    if form.is_valid():
        try:
            services.goal_add(campaign=campaign, by=request.user, **form.cleaned_data)
        except REFUSALS as e:
            report(request, e)
        else:
            messages.success(request, _("已添加目标。"))
    else:
        form_errors(request, form)
    return redirect(campaign)


@login_required
@require_POST
def goal_remove(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    campaign = _campaign(request, pk, "manage")
    try:
        goal = campaign.goals.get(pk=goal_pk)
    except Goal.DoesNotExist:
        raise Http404 from None
    services.goal_remove(goal=goal, by=request.user)
    messages.success(request, _("已删除目标。"))
    return redirect(campaign)


# --- tasks -------------------------------------------------------------------------------


@login_required
@require_GET
def task_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The work plan by month (default) or by department."""
    campaign = _campaign(request, pk)
    by = "department" if request.GET.get("by") == "department" else "month"
    tasks = task_list(user=request.user, campaign=campaign)
    return render(
        request,
        "campaigns/tasks.html",
        {
            "campaign": campaign,
            "groups": tasks_grouped(tasks, by),
            "by": by,
            "today": timezone.localdate(),
            "can_manage": policy.can(request.user, "manage", campaign),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_create(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk, "manage")
    form = TaskForm(
        request.POST or None,
        departments=_departments(request, campaign),
        users=assignable_users(user=request.user),
        initial={"month": timezone.localdate().replace(day=1)},
    )
    tasks = reverse("campaigns:tasks", args=[campaign.pk])
    return form_page(
        request,
        form,
        title=_("新增工作任务：%s") % campaign.title,
        back=tasks,
        save=lambda data: services.task_create(
            campaign=campaign, by=request.user, **data
        ),
        done=lambda task: _("已新增任务“%s”。") % task.title,
        then=lambda _task: tasks,
    )


@login_required
@require_GET
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    can_work = policy.can_work_on(request.user, task)
    evidence_form = None
    if can_work:
        evidence_form = EvidenceForm(
            events=event_list(user=request.user)[:200],
            documents=campaign_documents(campaign=task.campaign),
        )
    return render(
        request,
        "campaigns/task_detail.html",
        {
            "task": task,
            "evidence": task_evidence(task=task),
            "changes": task_changes(task=task),
            "can_work": can_work,
            "next_statuses": task_moves(user=request.user, task=task),
            "evidence_form": evidence_form,
            "overdue": task.is_open and task.due_on < timezone.localdate(),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def task_status(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk, work=True)
    form = TaskStatusForm(request.POST)
    if form.is_valid():
        try:
            services.task_transition(
                task=task,
                by=request.user,
                to=form.cleaned_data["to"],
                note=form.cleaned_data["note"],
                on=form.cleaned_data["occurred_on"],
            )
        except REFUSALS as e:
            report(request, e)
        else:
            messages.success(request, _("任务状态已更新。"))
    else:
        form_errors(request, form)
    return redirect(task)


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk, work=True)
    form = EvidenceForm(
        request.POST,
        request.FILES,
        events=event_list(user=request.user),
        documents=campaign_documents(campaign=task.campaign),
    )
    if form.is_valid():
        data = dict(form.cleaned_data)
        data["upload"] = data.pop("file")
        try:
            services.evidence_add(task=task, by=request.user, **data)
        except REFUSALS as e:
            report(request, e)
        else:
            messages.success(request, _("已添加佐证。"))
    else:
        form_errors(request, form)
    return redirect(task)


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int, evidence_pk: int) -> FileResponse:
    task = _task(request, pk)
    try:
        evidence = evidence_get(task=task, pk=evidence_pk)
    except TaskEvidence.DoesNotExist:
        raise Http404 from None
    if evidence.kind != TaskEvidence.Kind.FILE:
        raise Http404
    return serve_file(evidence, _("文件已丢失，请联系管理员。"))


@login_required
@require_GET
def overdue_list(request: HttpRequest) -> HttpResponse:
    """Open tasks past their due date, across the campaigns the user sees."""
    today = timezone.localdate()
    tasks = list(overdue_tasks(user=request.user, today=today))
    for task in tasks:
        task.days_late = (today - task.due_on).days
    return render(request, "campaigns/overdue.html", {"tasks": tasks, "today": today})
