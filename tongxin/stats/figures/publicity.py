"""Publicity: articles published by column and outlet, journal issues,
broadcasts and their delivery outcomes, magazine subscriptions.

Articles are counted by the day they first appeared (``published_on``) and
by the organization they belong to; publications (one article may appear in
the journal and on the website) by their own date; broadcasts by the day
they were created and the place they went to; subscriptions for the year
the period ends in.  Journal issues are the committee's: those published in
the period, each with the number of articles from the scope in it.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core.periods import Period
from tongxin.publicity.policies import policy as publicity_policy
from tongxin.stats.drilling import Drill, UnknownFigure
from tongxin.stats.gates import Gate
from tongxin.stats.scope import Scope

#: Whose records each drill-down lists (see tongxin.stats.gates).
GATES = {
    "articles": Gate(publicity_policy, "view_articles"),
    "publications": Gate(publicity_policy, "view_articles"),
    "journal": Gate(publicity_policy, "view_articles"),
    "broadcasts": Gate(publicity_policy, "view_broadcasts"),
    "subscriptions": Gate(publicity_policy, "view_subscriptions"),
}

TITLE = gettext_lazy("宣传工作")
CAP = 500


_LABELS = {
    "articles": gettext_lazy("稿件"),
    "articles.total": gettext_lazy("发表稿件"),
    "articles.by_column": gettext_lazy("按栏目"),
    "publications": gettext_lazy("发表记录"),
    "publications.total": gettext_lazy("发表次数"),
    "publications.by_outlet": gettext_lazy("按发表渠道"),
    "journal": gettext_lazy("会刊"),
    "journal.issues": gettext_lazy("会刊期数"),
    "journal.list": gettext_lazy("各期稿件"),
    "broadcasts": gettext_lazy("群发消息"),
    "broadcasts.total": gettext_lazy("群发次数"),
    "broadcasts.deliveries": gettext_lazy("消息投递"),
    "subscriptions": gettext_lazy("杂志订阅"),
    "subscriptions.copies": gettext_lazy("订阅份数"),
    "subscriptions.organizations": gettext_lazy("订阅组织数"),
}


def label(key: str) -> str:
    """The Chinese name of a figure key."""
    from tongxin.publicity.models import Delivery, Publication

    if key in _LABELS:
        return str(_LABELS[key])
    head, _dot, last = key.rpartition(".")
    if head == "publications.by_outlet":
        return _("%(outlet)s发表") % {
            "outlet": dict(Publication.Outlet.choices).get(last, last)
        }
    if head == "broadcasts.deliveries":
        return _("消息%(status)s") % {
            "status": dict(Delivery.Status.choices).get(last, last)
        }
    if head == "articles.by_column":
        from tongxin.publicity.models import Column

        name = Column.objects.filter(slug=last).values_list("name", flat=True).first()
        return _("栏目“%s”") % (name or last)
    return key


def _articles(scope: Scope, period: Period):
    from tongxin.publicity.models import Article

    return Article.objects.filter(
        scope.q("path"),
        state="published",
        published_on__gte=period.start,
        published_on__lte=period.as_of,
    )


def _publications(scope: Scope, period: Period):
    from tongxin.publicity.models import Publication

    return Publication.objects.filter(
        scope.q("article__path"),
        article__state="published",
        published_on__gte=period.start,
        published_on__lte=period.as_of,
    )


def _issues(period: Period):
    from tongxin.publicity.models import JournalIssue

    return JournalIssue.objects.filter(
        published_on__gte=period.start, published_on__lte=period.as_of
    )


def _broadcasts(scope: Scope, period: Period):
    from django.utils import timezone

    from tongxin.publicity.models import Broadcast

    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(
        period.as_of + dt.timedelta(days=1), dt.time.min, tzinfo=tz
    )
    return Broadcast.objects.filter(
        scope.q("path"), created_at__gte=start, created_at__lt=end
    )


def _deliveries(scope: Scope, period: Period):
    from tongxin.publicity.models import Delivery

    return Delivery.objects.filter(broadcast__in=_broadcasts(scope, period))


def _subscriptions(scope: Scope, period: Period):
    from tongxin.publicity.models import Subscription

    return Subscription.objects.filter(scope.q("path"), year=period.as_of.year)


def compute(scope: Scope, period: Period) -> dict:
    from tongxin.publicity.models import Delivery, Publication

    articles = _articles(scope, period)
    by_column = list(
        articles.order_by()
        .values("column__slug", "column__name", "column__order")
        .annotate(n=Count("id"))
        .order_by("column__order", "column__slug")
    )
    outlets = dict(
        _publications(scope, period)
        .order_by()
        .values_list("outlet")
        .annotate(n=Count("id"))
    )
    issues = list(
        _issues(period)
        .annotate(
            n=Count(
                "publications",
                filter=scope.q("publications__article__path")
                & Q(publications__article__state="published"),
            )
        )
        .order_by("year", "number")
    )
    deliveries = dict(
        _deliveries(scope, period)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    subs = _subscriptions(scope, period).aggregate(
        copies=Sum("copies"), organizations=Count("id")
    )
    return {
        "articles": {
            "total": articles.count(),
            "by_column": [
                {"key": r["column__slug"], "name": r["column__name"], "count": r["n"]}
                for r in by_column
            ],
        },
        "publications": {
            "total": sum(outlets.values()),
            "by_outlet": {o.value: outlets.get(o.value, 0) for o in Publication.Outlet},
        },
        "journal": {
            "issues": len(issues),
            "list": [
                {"key": str(i.pk), "label": str(i), "articles": i.n} for i in issues
            ],
        },
        "broadcasts": {
            "total": _broadcasts(scope, period).count(),
            "deliveries": {
                s.value: deliveries.get(s.value, 0) for s in Delivery.Status
            },
        },
        "subscriptions": {
            "copies": subs["copies"] or 0,
            "organizations": subs["organizations"],
        },
    }


def _article_drill(title: str, qs) -> Drill:
    rows, links = [], []
    qs = qs.select_related("column", "organization").prefetch_related(
        "author_links__member"
    )
    for a in qs.order_by("published_on", "id")[:CAP]:
        rows.append(
            [
                a.published_on.isoformat() if a.published_on else "",
                a.column.name,
                a.title,
                "、".join(link.member.name for link in a.author_links.all()),
                a.organization.name,
            ]
        )
        links.append(a.get_absolute_url())
    total = qs.count()
    return Drill(
        title=title,
        columns=[_("首次发表"), _("栏目"), _("标题"), _("作者"), _("所属组织")],
        rows=rows,
        links=links,
        total=total if total > len(rows) else None,
    )


def drill(scope: Scope, period: Period, key: str) -> Drill:
    """The records behind a figure.

    Keys: ``articles.total``, ``articles.by_column.<slug>``,
    ``publications.total``, ``publications.by_outlet.<outlet>``,
    ``journal.issues``, ``broadcasts.total``,
    ``broadcasts.deliveries.<status>``, ``subscriptions.copies``.
    """
    from tongxin.publicity.models import Delivery, Publication

    parts = key.split(".")
    if key == "articles.total":
        return _article_drill(_("发表的稿件"), _articles(scope, period))
    if parts[:2] == ["articles", "by_column"] and len(parts) == 3:
        return _article_drill(
            _("%s发表的稿件") % label(key),
            _articles(scope, period).filter(column__slug=parts[2]),
        )
    if key == "publications.total" or (
        parts[:2] == ["publications", "by_outlet"] and len(parts) == 3
    ):
        qs = _publications(scope, period)
        if len(parts) == 3:
            if parts[2] not in Publication.Outlet.values:
                raise UnknownFigure(key)
            qs = qs.filter(outlet=parts[2])
        qs = qs.select_related("article", "issue").order_by("published_on", "id")
        rows = [
            [p.published_on.isoformat(), p.outlet_label, p.article.title]
            for p in qs[:CAP]
        ]
        total = qs.count()
        return Drill(
            title=_("发表记录"),
            columns=[_("发表日期"), _("发表渠道"), _("标题")],
            rows=rows,
            links=[p.article.get_absolute_url() for p in qs[:CAP]],
            total=total if total > len(rows) else None,
        )
    if key == "journal.issues":
        issues = compute(scope, period)["journal"]["list"]
        from tongxin.publicity.models import JournalIssue

        objs = {
            str(i.pk): i
            for i in JournalIssue.objects.filter(pk__in=[int(i["key"]) for i in issues])
        }
        return Drill(
            title=_("会刊期号"),
            columns=[_("期号"), _("出版日期"), _("本期稿件")],
            rows=[
                [i["label"], objs[i["key"]].published_on.isoformat(), i["articles"]]
                for i in issues
            ],
            links=[objs[i["key"]].get_absolute_url() for i in issues],
        )
    if key == "broadcasts.total":
        qs = _broadcasts(scope, period).select_related("organization")
        rows = [
            [b.created_at.date().isoformat(), b.title, b.organization.name]
            for b in qs[:CAP]
        ]
        return Drill(
            title=_("群发消息"),
            columns=[_("日期"), _("标题"), _("范围")],
            rows=rows,
            links=[b.get_absolute_url() for b in qs[:CAP]],
        )
    if parts[:2] == ["broadcasts", "deliveries"] and len(parts) == 3:
        if parts[2] not in Delivery.Status.values:
            raise UnknownFigure(key)
        qs = (
            _deliveries(scope, period)
            .filter(status=parts[2])
            .select_related("broadcast", "member")
            .order_by("id")
        )
        rows = [
            [
                d.broadcast.title,
                d.member.name,
                d.get_channel_display(),
                d.get_reason_display(),
            ]
            for d in qs[:CAP]
        ]
        total = qs.count()
        return Drill(
            title=_("发送记录"),
            columns=[_("群发"), _("会员"), _("渠道"), _("原因")],
            rows=rows,
            links=[d.broadcast.get_absolute_url() for d in qs[:CAP]],
            total=total if total > len(rows) else None,
        )
    if key in ("subscriptions.copies", "subscriptions.organizations"):
        qs = _subscriptions(scope, period).select_related("organization")
        return Drill(
            title=_("%d年杂志订阅") % period.as_of.year,
            columns=[_("组织"), _("份数")],
            rows=[[s.organization.name, s.copies] for s in qs.order_by("path")],
            links=[None for _s in qs],
        )
    raise UnknownFigure(key)
