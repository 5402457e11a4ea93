"""Pages of articles (稿件), columns (栏目) and journal issues (会刊)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tongxin.activities.models import Event
from tongxin.core.periods import PeriodError, period_from_params
from tongxin.core.web import REFUSALS, report
from tongxin.members.models import Member
from tongxin.members.selectors import member_list
from tongxin.orgs.selectors import org_list
from tongxin.publicity import exports, selectors, services
from tongxin.publicity.forms import (
    ArticleForm,
    ColumnForm,
    IssueForm,
    PublishForm,
    TransitionForm,
)
from tongxin.publicity.models import Article, Column, JournalIssue
from tongxin.publicity.policies import policy
from tongxin.workflows import engine


def _require(request: HttpRequest, action: str) -> None:
    if not policy.scopes(request.user, action):
        raise PermissionDenied(_("您没有权限执行此操作。"))


def _article(request: HttpRequest, pk: int) -> Article:
    try:
        return selectors.article_get(user=request.user, pk=pk)
    except Article.DoesNotExist:
        raise Http404 from None


def _form_errors(request: HttpRequest, form) -> None:
    """Show a small inline form's errors as messages, each with its field's label."""
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = str(field.label) if field is not None and field.label else ""
        for message in errors:
            messages.error(request, f"{label}：{message}" if label else message)


def _issue(request: HttpRequest, pk: int) -> JournalIssue:
    try:
        return JournalIssue.objects.get(pk=pk)
    except JournalIssue.DoesNotExist:
        raise Http404 from None


#: What an author who is not an editor may change on their own article.
AUTHOR_FIELDS = ("title", "column", "body", "version")


def _article_form(request: HttpRequest, data=None, initial=None) -> ArticleForm:
    user = request.user
    orgs = org_list(user=user).filter(
        policy.scope_q(user, "manage_articles", field="path")
    )
    members = member_list(user=user).filter(status=Member.Status.ACTIVE)
    events = Event.objects.filter(
        policy.scope_q(user, "view_articles", field="path")
    ).order_by("-start_at")
    form = ArticleForm(
        data,
        initial=initial,
        columns=Column.objects.order_by("order", "id"),
        orgs=orgs,
        members=members,
        events=events,
    )
    if not policy.edits_somewhere(user):
        # An author editing their own draft: the text, not the links.
        for name in list(form.fields):
            if name not in AUTHOR_FIELDS:
                del form.fields[name]
    return form


@login_required
@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    """The articles the user may see: all of the subtree for editors, own for authors."""
    state = request.GET.get("state", "")
    names = engine.state_names(Article.WORKFLOW)
    if state not in names:
        state = ""
    # A NUL byte cannot reach PostgreSQL (a text field never holds one).
    column = Column.objects.filter(
        slug=request.GET.get("column", "").replace("\x00", "")
    ).first()
    period = None
    if any(request.GET.get(k) for k in ("year", "start", "end", "since")):
        try:
            period = period_from_params(request.GET)
        except PeriodError as e:
            messages.error(request, str(e))
    q = request.GET.get("q", "").replace("\x00", "")[:50]
    articles = list(
        selectors.article_list(
            user=request.user, state=state, column=column, q=q, period=period
        )[:200]
    )
    return render(
        request,
        "publicity/article_list.html",
        {
            "articles": articles,
            "states": names,
            "state": state,
            "columns": Column.objects.order_by("order", "id"),
            "column": column,
            "q": q,
            "year": request.GET.get("year", ""),
            "can_edit": policy.edits_somewhere(request.user),
            "can_read": policy.reads_articles_somewhere(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def article_create(request: HttpRequest) -> HttpResponse:
    _require(request, "manage_articles")
    form = _article_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            article = services.article_create(
                by=request.user,
                title=d["title"],
                body=d["body"],
                column=d["column"],
                organization=d["organization"],
                authors=list(d["authors"]),
                organizations=d["organizations"],
                members=d["members"],
                events=d["events"],
                submit="submit" in request.POST,
            )
            messages.success(request, _("稿件已保存。"))
            return redirect(article)
        except REFUSALS as e:
            if isinstance(e, PermissionDenied):
                raise
            report(request, e, form)
    return render(
        request, "publicity/article_form.html", {"form": form, "article": None}
    )


@login_required
@require_http_methods(["GET", "POST"])
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article(request, pk)
    if not policy.can_edit_article(request.user, article):
        raise PermissionDenied(_("只有宣传部门或作者（草稿、退回时）可以修改稿件。"))
    initial = {
        "title": article.title,
        "body": article.body,
        "column": article.column_id,
        "organization": article.organization_id,
        "authors": [a.member_id for a in article.author_links.all()],
        "organizations": list(article.organizations.all()),
        "members": list(article.members.all()),
        "events": list(article.events.all()),
        "version": article.version,
    }
    form = _article_form(request, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        fields = {"title": d["title"], "body": d["body"], "column": d["column"]}
        if "authors" in d:
            fields.update(
                authors=list(d["authors"]),
                organizations=d["organizations"],
                members=d["members"],
                events=d["events"],
            )
        if d.get("organization") and d["organization"].pk != article.organization_id:
            fields["organization"] = d["organization"]
        try:
            services.article_update(
                by=request.user, article=article, version=d["version"], **fields
            )
            messages.success(request, _("稿件已保存。"))
            return redirect(article)
        except REFUSALS as e:
            if isinstance(e, PermissionDenied):
                raise
            report(request, e, form)
    return render(
        request, "publicity/article_form.html", {"form": form, "article": article}
    )


@login_required
@require_GET
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article(request, pk)
    roles = policy.roles_on(request.user, article)
    actions = [
        t
        for t in engine.available(Article.WORKFLOW, article.state, roles)
        if t.action != "publish"
    ]
    can_publish = article.state in ("reviewed", "published") and policy.can(
        request.user, "manage_articles", article
    )
    return render(
        request,
        "publicity/article_detail.html",
        {
            "article": article,
            "authors": article.author_names(),
            "state_name": engine.state_names(Article.WORKFLOW).get(article.state),
            "steps": engine.steps_of(article),
            "publications": article.publications.select_related("issue"),
            "actions": actions,
            "can_edit": policy.can_edit_article(request.user, article),
            "publish_form": PublishForm(issues=selectors.issue_list())
            if can_publish
            else None,
        },
    )


@login_required
@require_POST
def article_transition(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        if "action" in form.errors:
            messages.error(request, _("请选择要执行的操作。"))
        else:
            _form_errors(request, form)
        return redirect(article)
    try:
        step = services.article_transition(
            by=request.user,
            article=article,
            action=form.cleaned_data["action"],
            comment=form.cleaned_data["comment"],
        )
        messages.success(request, _("已%s。") % step.name)
    except REFUSALS as e:
        if isinstance(e, PermissionDenied):
            raise
        report(request, e)
    return redirect(article)


@login_required
@require_POST
def article_publish(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article(request, pk)
    if not policy.can(request.user, "manage_articles", article):
        raise PermissionDenied(_("您没有权限执行此操作。"))
    form = PublishForm(request.POST, issues=selectors.issue_list())
    if form.is_valid():
        d = form.cleaned_data
        try:
            p = services.article_publish(
                by=request.user,
                article=article,
                outlet=d["outlet"],
                issue=d["issue"],
                outlet_name=d["outlet_name"],
                published_on=d["published_on"],
            )
            messages.success(request, _("已发表于%s。") % p.outlet_label)
        except REFUSALS as e:
            if isinstance(e, PermissionDenied):
                raise
            report(request, e)
    else:
        _form_errors(request, form)
    return redirect(article)


@login_required
@require_GET
def article_counts(request: HttpRequest) -> HttpResponse:
    """Published articles per author or per organization in a period."""
    _require(request, "view_articles")
    by = request.GET.get("by", "author")
    if by not in ("author", "organization"):
        by = "author"
    rows, period, error = [], None, ""
    try:
        period = period_from_params(request.GET)
        rows = selectors.article_counts(user=request.user, period=period, by=by)
    except PeriodError as e:
        error = str(e)
    return render(
        request,
        "publicity/article_counts.html",
        {
            "rows": rows,
            "by": by,
            "period": period,
            "error": error,
            "total": sum(r["count"] for r in rows),
            "params": request.GET,
        },
    )


# --- columns -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def column_list(request: HttpRequest) -> HttpResponse:
    _require(request, "view_articles")
    can_edit = policy.edits_somewhere(request.user)
    form = ColumnForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        _require(request, "manage_articles")
        if form.is_valid():
            try:
                services.column_save(by=request.user, **form.cleaned_data)
                messages.success(request, _("栏目已保存。"))
                return redirect("publicity:column_list")
            except REFUSALS as e:
                if isinstance(e, PermissionDenied):
                    raise
                report(request, e, form)
    return render(
        request,
        "publicity/column_list.html",
        {"columns": selectors.column_list(), "form": form},
    )


# --- journal issues ----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def issue_list(request: HttpRequest) -> HttpResponse:
    _require(request, "view_articles")
    can_edit = policy.edits_somewhere(request.user)
    form = IssueForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        _require(request, "manage_articles")
        if form.is_valid():
            try:
                issue = services.issue_create(by=request.user, **form.cleaned_data)
                messages.success(request, _("已新建%s。") % issue)
                return redirect(issue)
            except REFUSALS as e:
                if isinstance(e, PermissionDenied):
                    raise
                report(request, e, form)
    return render(
        request,
        "publicity/issue_list.html",
        {"issues": selectors.issue_list(), "form": form},
    )


@login_required
@require_GET
def issue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "view_articles")
    issue = _issue(request, pk)
    return render(
        request,
        "publicity/issue_detail.html",
        {
            "issue": issue,
            "toc": selectors.issue_toc(issue=issue),
            "can_edit": policy.edits_somewhere(request.user),
        },
    )


@login_required
@require_POST
def issue_move(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "manage_articles")
    issue = _issue(request, pk)
    try:
        article_id = int(request.POST.get("article", ""))
        step = -1 if request.POST.get("direction") == "up" else 1
        services.issue_move(
            by=request.user, issue=issue, article_id=article_id, step=step
        )
    except ValueError:
        messages.error(request, _("请选择要移动的稿件。"))
    except REFUSALS as e:
        if isinstance(e, PermissionDenied):
            raise
        report(request, e)
    return redirect(issue)


@login_required
@require_GET
def issue_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The issue's table of contents as .docx (default) or .xlsx."""
    _require(request, "view_articles")
    issue = _issue(request, pk)
    rows = selectors.issue_toc(issue=issue)
    name = f"{issue.year}-{issue.number:02d}"
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            exports.toc_xlsx(issue, rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="toc-{name}.xlsx"'
        return response
    response = HttpResponse(
        exports.toc_docx(issue, rows),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="toc-{name}.docx"'
    return response
