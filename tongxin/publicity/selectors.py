"""Reads of broadcasts, subscriptions and articles, each starting from the
acting user; the public pages read only published articles of public columns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from tongxin.core import tree
from tongxin.core.errors import ValidationError
from tongxin.members.filters import filters_from_params
from tongxin.members.models import Member
from tongxin.members.selectors import member_list
from tongxin.publicity.models import (
    Article,
    ArticleAuthor,
    Broadcast,
    ChannelPreference,
    Column,
    Delivery,
    GroupRobot,
    JournalIssue,
    Publication,
    Subscription,
    WeChatBinding,
)
from tongxin.publicity.policies import policy

#: Member-list parameters a broadcast may be filtered by (``org`` is separate).
FILTER_PARAMS = (
    "status",
    "gender",
    "age",
    "edu_level",
    "education",
    "sector",
    "join_year",
    "post",
    "q",
)


def broadcast_recipients(
    *, user, organization=None, filters: Mapping | None = None, event=None
) -> QuerySet:
    """Return the members a broadcast would go to.

    An event's participants (confirmed sign-ups and attendance, active members),
    or the members ``user`` may see in ``organization``'s subtree matching the
    member-list ``filters`` (``ValidationError`` for a bad one).
    """
    if event is not None:
        from tongxin.activities.models import Attendance, Signup

        signed = Signup.objects.filter(event=event, status=Signup.Status.CONFIRMED)
        present = Attendance.objects.filter(event=event)
        return (
            Member.objects.filter(status=Member.Status.ACTIVE)
            .filter(
                Q(pk__in=signed.values("member_id"))
                | Q(pk__in=present.values("member_id"))
            )
            .order_by("stroke_key", "id")
        )
    params = {k: v for k, v in (filters or {}).items() if k in FILTER_PARAMS}
    f = filters_from_params(user=user, params=params)
    f.org = organization
    return member_list(user=user, filters=f)


def broadcast_list(*, user) -> QuerySet:
    """Return the broadcasts the user may see, newest first.

    Each carries ``to_send`` and ``done`` (deliveries not skipped, and those
    finished: sent, delivered or failed), counted in the same query.
    """
    S = Delivery.Status
    return (
        policy.visible(
            user,
            Broadcast.objects.select_related("organization", "created_by"),
            "view_broadcasts",
        )
        .annotate(
            to_send=Count("deliveries", filter=~Q(deliveries__status=S.SKIPPED)),
            done=Count(
                "deliveries",
                filter=Q(deliveries__status__in=[S.SENT, S.DELIVERED, S.FAILED]),
            ),
        )
        .order_by("-created_at", "-id")
    )


def broadcast_get(*, user, pk: int, action: str = "view_broadcasts") -> Broadcast:
    """Return one broadcast the user may see, or raise ``Broadcast.DoesNotExist``."""
    return policy.visible(
        user, Broadcast.objects.select_related("organization", "event"), action
    ).get(pk=pk)


def robot_list(*, user) -> QuerySet:
    """The group robots of the organizations whose robots ``user`` manages."""
    return (
        GroupRobot.objects.filter(policy.scope_q(user, "manage_robots", field="path"))
        .select_related("organization")
        .order_by("path", "id")
    )


def robot_get(*, user, pk: int) -> GroupRobot:
    """One robot ``user`` manages, or raise ``GroupRobot.DoesNotExist``."""
    return robot_list(user=user).get(pk=pk)


@dataclass
class Progress:
    total: int
    queued: int
    sending: int
    sent: int
    delivered: int
    failed: int
    skipped: int
    opted_out: int

    @property
    def to_send(self) -> int:
        return self.total - self.skipped

    @property
    def done(self) -> int:
        return self.sent + self.delivered + self.failed

    @property
    def percent(self) -> int:
        return 100 if not self.to_send else self.done * 100 // self.to_send


def broadcast_progress(*, broadcast: Broadcast) -> Progress:
    """Return the counts of the broadcast's deliveries by status."""
    S = Delivery.Status
    counts = broadcast.deliveries.aggregate(
        total=Count("id"),
        **{s.value: Count("id", filter=Q(status=s)) for s in S},
        opted_out=Count("id", filter=Q(status=S.SKIPPED, reason="opted_out")),
    )
    return Progress(**counts)


def delivery_list(*, broadcast: Broadcast, status: str = "") -> QuerySet:
    """Return the deliveries of a broadcast (already checked visible)."""
    qs = broadcast.deliveries.select_related("member", "robot").order_by("id")
    if status:
        qs = qs.filter(status=status)
    return qs


def subscription_list(*, user, year: int | None = None, org=None) -> QuerySet:
    """Return the subscriptions the user may see (in ``org``'s subtree)."""
    qs = policy.visible(
        user,
        Subscription.objects.select_related("organization"),
        "view_subscriptions",
    )
    if year:
        qs = qs.filter(year=year)
    if org is not None:
        qs = qs.filter(tree.subtree_q(org.path, "path"))
    return qs.order_by("-year", "path")


def subscription_totals(*, user, org=None) -> list[dict]:
    """Return ``{"year", "copies", "organizations"}`` per year, newest first."""
    return list(
        subscription_list(user=user, org=org)
        .order_by()
        .values("year")
        .annotate(copies=Sum("copies"), organizations=Count("id"))
        .order_by("-year")
    )


# --- articles, columns, journal issues ----------------------------------------------


def article_queryset(*, user) -> QuerySet:
    """Return the articles the user may see (editors' and leaders' subtree, own)."""
    return policy.visible_articles(
        user, Article.objects.select_related("column", "organization")
    )


def article_list(
    *,
    user,
    state: str = "",
    column: Column | None = None,
    q: str = "",
    org=None,
    author: Member | None = None,
    period=None,
) -> QuerySet:
    """Return the visible articles matching the filters, newest first.

    ``period`` keeps those first published in it (published articles only).
    """
    qs = article_queryset(user=user)
    if state:
        qs = qs.filter(state=state)
    if column is not None:
        qs = qs.filter(column=column)
    if q:
        qs = qs.filter(title__icontains=q.strip())
    if org is not None:
        qs = qs.filter(tree.subtree_q(org.path, "path"))
    if author is not None:
        qs = qs.filter(author_links__member=author)
    if period is not None:
        qs = qs.filter(
            state="published",
            published_on__gte=period.start,
            published_on__lte=period.end,
        )
    return qs.prefetch_related("author_links__member").order_by("-created_at", "-id")


def article_get(*, user, pk: int) -> Article:
    """Return one article the user may see, or raise ``Article.DoesNotExist``."""
    return (
        article_queryset(user=user)
        .prefetch_related("author_links__member", "organizations", "members", "events")
        .get(pk=pk)
    )


def member_articles(*, user, member: Member) -> QuerySet:
    """Return the visible articles ``member`` wrote (for their record)."""
    return article_list(user=user, author=member)


def published_in(period, qs: QuerySet | None = None) -> QuerySet:
    """Return the published articles first published in ``period``."""
    qs = Article.objects.all() if qs is None else qs
    return qs.filter(
        state="published",
        published_on__gte=period.start,
        published_on__lte=period.end,
    )


def article_counts(*, user, period, by: str = "author", org=None) -> list[dict]:
    """Count published articles per author or per linked organization in ``period``.

    Each row is ``{"id", "name", "count"}``, most articles first; an article
    with two authors counts once for each.  ``by`` is ``author`` or
    ``organization``.
    """
    articles = published_in(period, article_queryset(user=user))
    if org is not None:
        articles = articles.filter(tree.subtree_q(org.path, "path"))
    ids = articles.values("pk")
    if by == "author":
        rows = (
            ArticleAuthor.objects.filter(article_id__in=ids)
            .values("member_id", "member__name", "member__stroke_key")
            .annotate(count=Count("article_id", distinct=True))
            .order_by("-count", "member__stroke_key", "member_id")
        )
        return [
            {"id": r["member_id"], "name": r["member__name"], "count": r["count"]}
            for r in rows
        ]
    if by == "organization":
        through = Article.organizations.through
        rows = (
            through.objects.filter(article_id__in=ids)
            .values("organization_id", "organization__name", "organization__path")
            .annotate(count=Count("article_id", distinct=True))
            .order_by("-count", "organization__path")
        )
        return [
            {
                "id": r["organization_id"],
                "name": r["organization__name"],
                "count": r["count"],
            }
            for r in rows
        ]
    raise ValidationError(
        {"by": _("统计口径应为 author（作者）或 organization（组织）。")}
    )


def column_list() -> QuerySet:
    return Column.objects.annotate(
        published=Count("articles", filter=Q(articles__state="published"))
    ).order_by("order", "id")


def issue_list() -> QuerySet:
    return JournalIssue.objects.annotate(articles=Count("publications")).order_by(
        "-year", "-number"
    )


def issue_toc(*, issue: JournalIssue) -> list[dict]:
    """Return the issue's table of contents: position, column, title, authors."""
    rows = (
        Publication.objects.filter(issue=issue)
        .select_related("article__column")
        .prefetch_related("article__author_links__member")
        .order_by("position", "id")
    )
    return [
        {
            "position": i,
            "article": p.article_id,
            "column": p.article.column.name,
            "title": p.article.title,
            "authors": "、".join(a.member.name for a in p.article.author_links.all()),
        }
        for i, p in enumerate(rows, start=1)
    ]


# --- public pages (no login) ---------------------------------------------------------


def public_column(*, slug: str) -> Column:
    """Return a public column, or raise ``Column.DoesNotExist``."""
    return Column.objects.get(slug=slug, is_public=True)


def public_articles(*, column: Column | None = None) -> QuerySet:
    """Return the published articles of public columns, latest first."""
    qs = Article.objects.filter(state="published", column__is_public=True)
    if column is not None:
        qs = qs.filter(column=column)
    return (
        qs.select_related("column")
        .prefetch_related("author_links__member")
        .order_by("-published_on", "-id")
    )


def public_article(*, pk: int) -> Article:
    """Return a published article of a public column, or raise ``DoesNotExist``."""
    return public_articles().get(pk=pk)


@dataclass(frozen=True)
class NoticeChoice:
    """Where a member's personal notices go, as 我的 shows it."""

    channel: str  # "" (in-app only), "sms", "email" or "wechat"
    label: str
    wechat_bound: bool


def notice_choice(*, member: Member) -> NoticeChoice:
    """Return the member's chosen personal notice channel (their own page)."""
    pref = ChannelPreference.objects.filter(member=member).first()
    channel = pref.notice_channel if pref else ""
    labels = dict(ChannelPreference._meta.get_field("notice_channel").choices)
    bound = WeChatBinding.objects.filter(member=member).exclude(openid_hash="").exists()
    return NoticeChoice(channel=channel, label=str(labels[channel]), wechat_bound=bound)
