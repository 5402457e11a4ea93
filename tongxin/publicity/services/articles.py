"""Articles (稿件), columns (栏目) and journal issues (会刊): every write.

Articles move through the workflow ``publicity.article`` (seeded from
``publicity.workflow_data``): draft → submitted → reviewed → published, or
returned with a comment, edited and submitted again.  Publishing records
where the article appeared (a journal issue, the website or another outlet)
and is refused, writing nothing, until the article has been reviewed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tongxin.core.errors import PermissionDenied, ServiceError, ValidationError
from tongxin.core.services import check_version, save_with_history
from tongxin.members.models import Member
from tongxin.orgs.models import Organization
from tongxin.publicity import richtext
from tongxin.publicity.models import (
    Article,
    ArticleAuthor,
    Column,
    JournalIssue,
    Publication,
)
from tongxin.publicity.policies import policy
from tongxin.workflows import engine

TITLE_MAX = 200
BODY_MAX = 200_000


def _text(value, field: str, label: str, limit: int, *, required: bool) -> str:
    text = (value or "").strip()
    if "\x00" in text:
        raise ValidationError({field: _("含有无效的空字符（\\0），请重新输入。")})
    if required and not text:
        raise ValidationError({field: _("请填写%s。") % label})
    if len(text) > limit:
        raise ValidationError(
            {
                field: _("%(label)s不能超过 %(limit)d 个字（现有 %(n)d 个）。")
                % {"label": label, "limit": limit, "n": len(text)}
            }
        )
    return text


def _require_editor(by, obj=None) -> None:
    if obj is None and not policy.edits_somewhere(by):
        raise PermissionDenied(_("您没有权限执行此操作。"))
    if obj is not None and not policy.can(by, "manage_articles", obj):
        raise PermissionDenied(_("您没有权限执行此操作。"))


# --- columns -----------------------------------------------------------------------


@transaction.atomic
def column_save(
    *,
    by,
    name: str,
    slug: str,
    description: str = "",
    is_public: bool = False,
    order: int = 0,
    column: Column | None = None,
) -> Column:
    """Create a column, or change ``column``; names and slugs are unique."""
    _require_editor(by)
    name = _text(name, "name", _("栏目名称"), 50, required=True)
    slug = (slug or "").strip().lower()
    if not slug or slugify(slug) != slug:
        raise ValidationError(
            {"slug": _("网址标识只能用小写字母、数字和连字符，如 xianjin。")}
        )
    description = _text(description, "description", _("说明"), 200, required=False)
    if (
        Column.objects.filter(name=name)
        .exclude(pk=getattr(column, "pk", None))
        .exists()
    ):
        raise ValidationError({"name": _("栏目“%s”已存在。") % name})
    if (
        Column.objects.filter(slug=slug)
        .exclude(pk=getattr(column, "pk", None))
        .exists()
    ):
        raise ValidationError({"slug": _("网址标识“%s”已被其他栏目使用。") % slug})
    column = (
        Column.objects.select_for_update().get(pk=column.pk) if column else Column()
    )
    column.name, column.slug, column.description = name, slug, description
    column.is_public, column.order = bool(is_public), int(order or 0)
    save_with_history(column, by=by)
    return column


# --- articles ----------------------------------------------------------------------


def _authors(authors: Iterable[Member]) -> list[Member]:
    result: list[Member] = []
    for m in authors:
        if m.pk not in {r.pk for r in result}:
            result.append(m)
    if not result:
        raise ValidationError({"authors": _("请至少选择一位作者。")})
    return result


def _set_links(article: Article, *, authors, organizations, members, events) -> None:
    if authors is not None:
        ArticleAuthor.objects.filter(article=article).delete()
        ArticleAuthor.objects.bulk_create(
            ArticleAuthor(article=article, member=m, order=i)
            for i, m in enumerate(authors)
        )
    if organizations is not None:
        article.organizations.set(list(organizations))
    if members is not None:
        article.members.set(list(members))
    if events is not None:
        article.events.set(list(events))


@transaction.atomic
def article_create(
    *,
    by,
    title: str,
    column: Column,
    organization: Organization,
    authors: Iterable[Member],
    body: str = "",
    organizations: Iterable[Organization] = (),
    members: Iterable[Member] = (),
    events: Iterable = (),
    submit: bool = False,
    at: dt.datetime | None = None,
) -> Article:
    """Write a new article (a draft; submitted at once if ``submit``).

    The body is sanitised (scripts, event handlers and ``javascript:`` links
    removed).  Refused: an empty or over-long title, no author, an
    organization outside the editor's subtree.
    """
    if organization is None:
        raise ValidationError({"organization": _("请选择所属组织。")})
    _require_editor(by, organization)
    if column is None:
        raise ValidationError({"column": _("请选择栏目。")})
    title = _text(title, "title", _("标题"), TITLE_MAX, required=True)
    body = richtext.sanitize(_text(body, "body", _("正文"), BODY_MAX, required=False))
    authors = _authors(authors)
    article = Article(
        title=title,
        body=body,
        column=column,
        organization=organization,
        path=organization.path,
        state=engine.initial_state(Article.WORKFLOW),
        created_by=by if getattr(by, "pk", None) else None,
    )
    save_with_history(article, by=by, reason=_("新建"))
    _set_links(
        article,
        authors=authors,
        organizations=organizations,
        members=members,
        events=events,
    )
    engine.record_created(workflow=Article.WORKFLOW, obj=article, by=by, at=at)
    if submit:
        article_transition(by=by, article=article, action="submit", at=at)
        article.refresh_from_db()
    return article


EDITABLE = ("title", "body", "column", "authors", "organizations", "members", "events")


@transaction.atomic
def article_update(
    *, by, article: Article, version: int | None = None, **fields
) -> Article:
    """Change an article before it is published (editors; authors while a
    draft or returned).  ``organization`` moves it (editors of both places)."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    if not policy.can_view_article(by, article):
        raise PermissionDenied(_("您没有权限执行此操作。"))
    if article.is_published:
        raise ValidationError({"state": _("稿件已发表，不能再修改。")})
    if not policy.can_edit_article(by, article):
        raise PermissionDenied(_("只有宣传部门或作者（草稿、退回时）可以修改稿件。"))
    unknown = set(fields) - set(EDITABLE) - {"organization"}
    if unknown:
        raise ServiceError(_("不能直接修改字段：%s") % ", ".join(sorted(unknown)))
    check_version(article, version)
    if "title" in fields:
        article.title = _text(
            fields["title"], "title", _("标题"), TITLE_MAX, required=True
        )
    if "body" in fields:
        article.body = richtext.sanitize(
            _text(fields["body"], "body", _("正文"), BODY_MAX, required=False)
        )
    if "column" in fields:
        if fields["column"] is None:
            raise ValidationError({"column": _("请选择栏目。")})
        article.column = fields["column"]
    if fields.get("organization") is not None:
        org = fields["organization"]
        _require_editor(by, article)
        _require_editor(by, org)
        article.organization, article.path = org, org.path
    authors = _authors(fields["authors"]) if "authors" in fields else None
    save_with_history(article, by=by, reason=_("修改"))
    _set_links(
        article,
        authors=authors,
        organizations=fields.get("organizations"),
        members=fields.get("members"),
        events=fields.get("events"),
    )
    return article


@transaction.atomic
def article_transition(
    *,
    by,
    article: Article,
    action: str,
    comment: str = "",
    version: int | None = None,
    at: dt.datetime | None = None,
):
    """Submit, review or return an article (publishing: :func:`article_publish`)."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    if not policy.can_view_article(by, article):
        raise PermissionDenied(_("您没有权限执行此操作。"))
    if action == "publish":
        raise ValidationError(
            {"action": _("发表须指明发表渠道（会刊、网站或其他媒体），请使用“发表”。")}
        )
    comment = _text(comment, "comment", _("意见"), 1000, required=False)
    check_version(article, version)
    return engine.transition(
        workflow=Article.WORKFLOW,
        obj=article,
        action=action,
        by=by,
        roles=policy.roles_on(by, article),
        comment=comment,
        at=at,
    )


@transaction.atomic
def article_publish(
    *,
    by,
    article: Article,
    outlet: str,
    issue: JournalIssue | None = None,
    outlet_name: str = "",
    published_on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> Publication:
    """Record that ``article`` appeared in an outlet, publishing it if reviewed.

    A reviewed article becomes published; a published one gains another
    publication (the journal and the website, say).  Refused, writing
    nothing: an article not yet reviewed, a journal without an issue, another
    outlet without a name, the same issue twice.
    """
    article = Article.objects.select_for_update().get(pk=article.pk)
    if not policy.can_view_article(by, article):
        raise PermissionDenied(_("您没有权限执行此操作。"))
    _require_editor(by, article)
    if article.state not in ("reviewed", "published"):
        names = engine.state_names(Article.WORKFLOW)
        raise ValidationError(
            {
                "state": _("稿件尚未审核通过（当前状态：%s），不能发表。")
                % names.get(article.state, article.state)
            }
        )
    if outlet not in Publication.Outlet.values:
        raise ValidationError({"outlet": _("请选择发表渠道：会刊、网站或其他媒体。")})
    outlet_name = _text(outlet_name, "outlet_name", _("媒体名称"), 100, required=False)
    if outlet == Publication.Outlet.JOURNAL:
        if issue is None:
            raise ValidationError({"issue": _("发表在会刊上须选择期号。")})
        issue = JournalIssue.objects.select_for_update().get(pk=issue.pk)
        if Publication.objects.filter(issue=issue, article=article).exists():
            raise ValidationError({"issue": _("该稿件已编入%s。") % issue})
        published_on = published_on or issue.published_on
        outlet_name = ""
    else:
        issue = None
        if outlet == Publication.Outlet.OTHER and not outlet_name:
            raise ValidationError({"outlet_name": _("请填写媒体名称。")})
        if outlet == Publication.Outlet.WEBSITE:
            outlet_name = ""
    published_on = published_on or timezone.localdate()
    position = 0
    if issue is not None:
        position = (
            Publication.objects.filter(issue=issue).aggregate(m=Max("position"))["m"]
            or 0
        ) + 1
    publication = Publication(
        article=article,
        outlet=outlet,
        issue=issue,
        outlet_name=outlet_name,
        published_on=published_on,
        position=position,
    )
    save_with_history(publication, by=by, reason=_("发表"))
    if article.published_on is None or published_on < article.published_on:
        article.published_on = published_on
    if article.state == "reviewed":
        engine.transition(
            workflow=Article.WORKFLOW,
            obj=article,
            action="publish",
            by=by,
            roles=policy.roles_on(by, article),
            comment=publication.outlet_label,
            at=at,
        )
    else:
        save_with_history(article, by=by, reason=_("发表"))
    return publication


# --- journal issues ----------------------------------------------------------------


@transaction.atomic
def issue_create(
    *, by, year: int, number: int, published_on: dt.date, theme: str = ""
) -> JournalIssue:
    """Add an issue of the journal; its number is unique within the year."""
    _require_editor(by)
    if year is None or not 1950 <= int(year) <= 2100:
        raise ValidationError({"year": _("年度应在 1950 到 2100 之间。")})
    if number is None or int(number) < 1:
        raise ValidationError({"number": _("期号应为正整数。")})
    if published_on is None:
        raise ValidationError({"published_on": _("请填写出版日期。")})
    theme = _text(theme, "theme", _("本期主题"), 100, required=False)
    if JournalIssue.objects.filter(year=year, number=number).exists():
        raise ValidationError(
            {
                "number": _("%(year)d年第%(number)d期已存在。")
                % {"year": year, "number": number}
            }
        )
    issue = JournalIssue(
        year=int(year), number=int(number), published_on=published_on, theme=theme
    )
    try:
        with transaction.atomic():
            save_with_history(issue, by=by)
    except IntegrityError:  # a concurrent request took the number first
        raise ValidationError(
            {
                "number": _("%(year)d年第%(number)d期已存在。")
                % {"year": year, "number": number}
            }
        ) from None
    return issue


@transaction.atomic
def issue_reorder(*, by, issue: JournalIssue, articles: list[int]) -> list[Publication]:
    """Put the issue's articles in the order of the article ids given.

    The list must name every article of the issue exactly once.
    """
    _require_editor(by)
    issue = JournalIssue.objects.select_for_update().get(pk=issue.pk)
    rows = {p.article_id: p for p in Publication.objects.filter(issue=issue)}
    ids = [int(a) for a in articles]
    if len(ids) != len(set(ids)) or set(ids) != set(rows):
        raise ValidationError(
            {
                "articles": _("须列出本期的全部稿件，每篇一次（本期共 %d 篇）。")
                % len(rows)
            }
        )
    for i, article_id in enumerate(ids, start=1):
        p = rows[article_id]
        if p.position != i:
            p.position = i
            save_with_history(p, by=by, reason=_("调整目录顺序"))
    return [rows[a] for a in ids]


def issue_move(*, by, issue: JournalIssue, article_id: int, step: int) -> None:
    """Move one article up (``step=-1``) or down (``+1``) in the issue."""
    order = list(
        Publication.objects.filter(issue=issue)
        .order_by("position", "id")
        .values_list("article_id", flat=True)
    )
    if article_id not in order:
        raise ValidationError({"article": _("该稿件不在本期。")})
    i = order.index(article_id)
    j = max(0, min(len(order) - 1, i + step))
    order[i], order[j] = order[j], order[i]
    issue_reorder(by=by, issue=issue, articles=order)
