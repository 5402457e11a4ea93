"""Broadcasts and magazine subscriptions of the demo committee, written
through the publicity services.

Three broadcasts already sent: a study notice by SMS to the head's branch
(most delivered, a few failed with the carrier's reason), a notice by e-mail
to a grassroots committee (members without an address skipped), and a
reminder to the participants of the next event.  Messages go through the
configured gateways (in development the console SMS log and the mail folder
under ``TONGXIN_VAR_DIR``), sent at once rather than by the worker.
Subscriptions: every open base organization, for the last five years.

Channels: the head's branch has a WeCom group robot and a second branch a
signed DingTalk robot, so the broadcasts to them also reach their groups, and
the head's branch's next event is announced to its group (an event notice);
five members of the head's branch (the demo member login among them) bound
their WeChat and receive personal notices there.  Robot and WeChat messages
go to ``VAR_DIR/channels/outbox.log`` (the console adapter): the demo never
calls the platforms.

Articles (稿件): three columns (创先争优专栏 and 先进典型, public; 会员风采,
internal), journal issues 2025 第1–4期 and 2026 第1–3期, and about forty
articles by demo members about demo events in every state of the review
workflow; the published ones are in journal issues and on the website.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db.models import Count
from django.test import override_settings
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.accounts.models import User
from tongxin.activities.models import Event, Signup
from tongxin.audit.services import audit_record, one_event_per_batch
from tongxin.members.models import Member
from tongxin.orgs.models import Organization
from tongxin.publicity import services
from tongxin.publicity.models import (
    Article,
    Broadcast,
    Delivery,
    JournalIssue,
    Subscription,
)
from tongxin.publicity.ratelimit import RateLimiter

#: Reasons a carrier gives for an undelivered SMS.
CARRIER_REASONS = ("空号", "用户关机", "停机", "被用户拒收")


@dataclass
class PublicitySummary:
    broadcasts: int
    deliveries: int
    subscriptions: int
    articles: int = 0
    published: int = 0
    issues: int = 0

    def format(self) -> str:
        return _(
            "群发 %(b)d 次（%(d)d 条消息），杂志订阅记录 %(s)d 条；"
            "稿件 %(a)d 篇（已发表 %(p)d 篇），会刊 %(i)d 期。"
        ) % {
            "b": self.broadcasts,
            "d": self.deliveries,
            "s": self.subscriptions,
            "a": self.articles,
            "p": self.published,
            "i": self.issues,
        }


def publicity_summary() -> PublicitySummary:
    return PublicitySummary(
        broadcasts=Broadcast.objects.count(),
        deliveries=Delivery.objects.exclude(status=Delivery.Status.SKIPPED).count(),
        subscriptions=Subscription.objects.count(),
        articles=Article.objects.count(),
        published=Article.objects.filter(state="published").count(),
        issues=JournalIssue.objects.count(),
    )


def build_publicity(*, rng: random.Random, year: int, head_code: str) -> None:
    """Add broadcasts and subscriptions to a database holding the demo."""
    admin = User.objects.get(username="admin")
    huiyuan = User.objects.filter(username="huiyuan", member__isnull=False).first()
    if huiyuan is not None:
        services.preference_set(
            by=huiyuan, member=huiyuan.member, sms_opt_out=False, email_opt_out=True
        )
    branch = Organization.objects.get(code=head_code)
    _channels(admin, branch, huiyuan)
    grassroots = (
        Organization.objects.filter(
            kind=Organization.Kind.GRASSROOTS, closed_on__isnull=True
        )
        .order_by("path")
        .first()
    )
    sent = [
        services.broadcast_create(
            by=admin,
            title=_("支部学习通知"),
            body=_(
                "{姓名}同志：{组织}定于本周六上午九时在市委会三楼会议室集中学习，请准时参加。"
            ),
            send_sms=True,
            send_email=False,
            organization=branch,
        ),
        services.broadcast_create(
            by=admin,
            title=_("年度会员信息核对"),
            body=_(
                "{姓名}同志：\n\n请于本月底前登录同心平台核对本人信息，"
                "如有变动请联系{组织}。\n\n民进市委会组织部"
            ),
            send_sms=False,
            send_email=True,
            organization=grassroots,
        ),
    ]
    upcoming = (
        Event.objects.filter(
            start_at__gte=timezone.now(),
            signups__status=Signup.Status.CONFIRMED,
        )
        .order_by("start_at")
        .first()
    )
    if upcoming is not None:
        sent.append(
            services.broadcast_create(
                by=admin,
                title=_("活动提醒"),
                body=_("{姓名}同志：您报名的活动即将开始，请准时到场。"),
                send_sms=True,
                send_email=False,
                event=upcoming,
            )
        )
    sent += _event_notices(admin, branch)
    with override_settings(TONGXIN_CHANNEL_BACKEND="console"):
        for b in sent:
            services.deliver(broadcast_id=b.pk, limiter=RateLimiter(0))
    # Receipts as a provider would send them: most delivered, some not.
    for row in Delivery.objects.filter(
        channel="sms", status=Delivery.Status.SENT
    ).order_by("id"):
        if rng.random() < 0.9:
            services.receipt_apply(message_id=row.provider_id, status="delivered")
        else:
            services.receipt_apply(
                message_id=row.provider_id,
                status="failed",
                reason=rng.choice(CARRIER_REASONS),
            )
    _subscriptions(admin, rng, year)
    build_articles(admin=admin, rng=rng)


def _event_notices(admin, branch: Organization) -> list:
    """The branch's next event, announced to its group robot.

    The activities were built before the robots existed; the branch's next
    event is announced now, as its publication would have been.
    """
    from tongxin.activities.services import announce
    from tongxin.publicity.models import Broadcast

    event = (
        Event.objects.filter(
            organization=branch,
            start_at__gte=timezone.now(),
            status=Event.Status.ACTIVE,
        )
        .order_by("start_at")
        .first()
    )
    if event is None:
        return []
    announce.event_published(event=event, by=admin)
    return list(Broadcast.objects.filter(kind=Broadcast.Kind.EVENT, event=event))


def _channels(admin, branch: Organization, huiyuan) -> None:
    """Group robots of two branches; five members who bound their WeChat."""
    from types import SimpleNamespace

    from tongxin.publicity.services import channels

    channels.robot_save(
        by=admin,
        organization=branch,
        kind="wecom",
        name=_("%s企业微信群") % branch.name,
        webhook_url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=demo-0d3c1f",
    )
    other = (
        Organization.objects.filter(
            kind=Organization.Kind.BRANCH, closed_on__isnull=True
        )
        .exclude(pk=branch.pk)
        .order_by("path")
        .first()
    )
    if other is not None:
        channels.robot_save(
            by=admin,
            organization=other,
            kind="dingtalk",
            name=_("%s钉钉群") % other.name,
            webhook_url="https://oapi.dingtalk.com/robot/send?access_token=demo7f2a",
            secret="SECdemo5e1b9a7c3d2f",
        )
    members = list(
        Member.objects.filter(organization=branch, status=Member.Status.ACTIVE)
        .exclude(pk=getattr(huiyuan, "member_id", None))
        .order_by("id")[: 4 if huiyuan else 5]
    )
    if huiyuan is not None:
        members.insert(0, huiyuan.member)
    for n, member in enumerate(members, start=1):
        # as the member opening their binding link, then WeChat's callback
        token = channels.wechat_bind_link(
            by=SimpleNamespace(member_id=member.pk), member=member
        )
        channels.wechat_bind_complete(token=token, openid=f"oDemoOpenId{n:04d}")
    if huiyuan is not None:
        services.preference_set(
            by=huiyuan,
            member=huiyuan.member,
            sms_opt_out=False,
            email_opt_out=True,
            notice_channel="wechat",
        )


def _subscriptions(admin, rng: random.Random, year: int) -> None:
    bases = Organization.objects.filter(
        closed_on__isnull=True,
        kind__in=[
            Organization.Kind.BRANCH,
            Organization.Kind.DIRECT_BRANCH,
            Organization.Kind.GENERAL_BRANCH,
        ],
    ).order_by("path")
    sizes = dict(
        Member.objects.filter(status=Member.Status.ACTIVE)
        .order_by()
        .values_list("organization")
        .annotate(n=Count("id"))
    )
    with one_event_per_batch():
        _subscribe(admin, rng, year, bases, sizes)
    audit_record(
        action="import",
        object_type="publicity.subscription",
        object_repr=_("演示数据：杂志订阅"),
        actor=admin,
        detail={"rows": Subscription.objects.count()},
    )


def _subscribe(admin, rng, year, bases, sizes) -> None:
    for organization in bases:
        base = max(2, sizes.get(organization.pk, 0) // 4)
        for y in range(year - 4, year + 1):
            services.subscription_set(
                by=admin,
                organization=organization,
                year=y,
                copies=base + rng.randint(-1, 3),
            )


# --- articles, columns, journal issues ------------------------------------------------

COLUMNS = (
    ("创先争优专栏", "chuangxian", True, _("基层组织和会员创先争优的做法与成效")),
    ("先进典型", "xianjin", True, _("优秀会员和先进集体的事迹")),
    ("会员风采", "fengcai", False, _("会员工作与生活的点滴（仅内部交流）")),
)
ISSUES = (
    (2025, 1, dt.date(2025, 3, 20), "学习贯彻全国两会精神"),
    (2025, 2, dt.date(2025, 6, 20), "参政议政专辑"),
    (2025, 3, dt.date(2025, 9, 20), "社会服务在基层"),
    (2025, 4, dt.date(2025, 12, 20), "年终回眸"),
    (2026, 1, dt.date(2026, 3, 20), "新春开新篇"),
    (2026, 2, dt.date(2026, 6, 20), "创先争优进行时"),
    (2026, 3, dt.date(2026, 9, 20), "会员风采"),
)
TITLES = {
    "chuangxian": (
        "{org}扎实开展“{event}”",
        "以“{event}”为抓手，{org}争创先进基层组织",
        "{org}：把创先争优落到实处",
        "从“{event}”看{org}的凝聚力",
    ),
    "xianjin": (
        "{author}：三尺讲台上的坚守",
        "记{org}会员{author}",
        "{author}同志的履职故事",
        "在“{event}”中闪光的{author}",
    ),
    "fengcai": (
        "{org}会员参加“{event}”侧记",
        "{author}的读书笔记",
        "我与民进的故事（{author}）",
    ),
}
PARAGRAPHS = (
    "活动当天，{org}的会员们早早到场，围绕主题展开交流，气氛热烈。",
    "{author}同志结合本职工作，谈了自己的体会和建议，引起大家共鸣。",
    "大家表示，要以此次“{event}”为契机，进一步加强学习，提高履职能力。",
    "市委会有关部门负责同志到会指导，对{org}的工作给予充分肯定。",
    "活动结束后，会员们纷纷表示收获很大，希望今后多组织此类活动。",
)
#: How many articles end in each state (published ones are dated over two years).
STATES = (
    ("published", 27),
    ("reviewed", 4),
    ("submitted", 4),
    ("returned", 3),
    ("draft", 3),
)
RETURN_COMMENTS = (
    "请补充活动的时间、地点和参加人数。",
    "标题过长，请精简；正文请核实人名。",
    "请补充两张活动照片的说明文字。",
)


def build_articles(*, admin, rng: random.Random) -> None:
    """Add columns, journal issues and about forty articles through the services."""
    columns = [
        services.column_save(
            by=admin, name=name, slug=slug, is_public=public, description=desc, order=i
        )
        for i, (name, slug, public, desc) in enumerate(COLUMNS, start=1)
    ]
    issues = [
        services.issue_create(by=admin, year=y, number=n, published_on=on, theme=theme)
        for y, n, on, theme in ISSUES
    ]
    today = timezone.localdate()
    issues = [i for i in issues if i.published_on <= today]
    events = list(
        Event.objects.filter(start_at__lt=timezone.now())
        .select_related("organization")
        .order_by("start_at", "id")
    )
    authors = list(
        Member.objects.filter(status=Member.Status.ACTIVE)
        .select_related("organization")
        .order_by("id")
    )
    if not authors:
        return
    states = [s for s, n in STATES for _i in range(n)]
    for k, state in enumerate(states):
        column = columns[k % len(columns)]
        writers = rng.sample(authors, 2 if rng.random() < 0.25 else 1)
        org = writers[0].organization
        # About an event of the author's own branch where there is one.
        near = [e for e in events if e.organization_id == org.pk] or events
        event = rng.choice(near) if near else None
        words = {
            "org": org.name,
            "author": writers[0].name,
            "event": event.title if event else _("主题学习"),
        }
        title = rng.choice(TITLES[column.slug]).format(**words)
        body = "".join(f"<p>{p.format(**words)}</p>" for p in rng.sample(PARAGRAPHS, 3))
        if state == "published":
            issue = issues[k % len(issues)] if issues and k % 3 != 2 else None
            day = (
                issue.published_on if issue else today - dt.timedelta(days=20 + 23 * k)
            )
        else:
            issue, day = None, today - dt.timedelta(days=3 + k % 20)
        at = timezone.make_aware(
            dt.datetime.combine(day - dt.timedelta(days=30), dt.time(9, 30))
        )
        article = services.article_create(
            by=admin,
            title=title[:200],
            body=body,
            column=column,
            organization=org,
            authors=writers,
            organizations=[org],
            members=[w for w in writers[1:]],
            events=[event] if event else [],
            submit=state != "draft",
            at=at,
        )
        if state == "returned":
            services.article_transition(
                by=admin,
                article=article,
                action="return",
                comment=RETURN_COMMENTS[k % len(RETURN_COMMENTS)],
                at=at + dt.timedelta(days=2),
            )
            continue
        if state in ("reviewed", "published"):
            services.article_transition(
                by=admin, article=article, action="review", at=at + dt.timedelta(days=5)
            )
        if state != "published":
            continue
        services.article_publish(
            by=admin,
            article=article,
            outlet="journal" if issue else "website",
            issue=issue,
            published_on=day,
            at=at + dt.timedelta(days=30),
        )
        if issue is not None and k % 2 == 0:  # also on the website, a week later
            services.article_publish(
                by=admin,
                article=article,
                outlet="website",
                published_on=min(today, day + dt.timedelta(days=7)),
            )
        if k % 9 == 4:
            services.article_publish(
                by=admin,
                article=article,
                outlet="other",
                outlet_name=_("大连日报"),
                published_on=min(today, day + dt.timedelta(days=10)),
            )
