"""The permission matrix of the publicity app: broadcasts and subscriptions.

Targets are the branch head's branch (edu1, *inside*) and the directly
affiliated branch (*outside*).  Broadcasts are sent and read by the
publicity department and the office (the ``office`` user) and read by
leaders; subscriptions are read like the registry and kept by publicity and
the office; a member sets their own channel preferences.  See
``tongxin/publicity/policies.py``.  The SMS receipt callback has no session
(an HMAC signature instead) and is exempt here, tested in
``tests/publicity/test_broadcast_services.py``.

Articles are written, reviewed and published by the editors (publicity and
the office: ``office``) in their subtree and read by leaders; a member sees
the articles they wrote (``own``).  Columns and journal issues are read by
editors and leaders and kept by editors.  The public column and article
pages answer everyone, anonymous included.
"""

from __future__ import annotations

import datetime as dt

from tests.security.matrix import (
    ANY,
    LIST,
    LOGGED_IN,
    NOBODY,
    V1,
    Call,
    Entry,
    Rule,
    _api,
    _web,
    api,
    form,
    page,
)

OBJ = ("inside", "outside")
SENDERS = frozenset({"office"})
BROADCAST_READERS = frozenset({"office", "leader"})
SUB_READERS = frozenset({"head", "leader", "staff", "office"})
SELF = frozenset({"member"})

SUB_NAMES = lambda w: {  # noqa: E731
    "inside": w.org.edu1.name,
    "outside": w.org.direct.name,
}


def _place(w, t):
    return {"inside": w.org.edu1, "outside": w.org.direct}[t]


def _broadcast(w, t, *, failed: bool = False):
    """Create a broadcast to the target's branch as root (nothing is sent)."""
    from tongxin.publicity import services
    from tongxin.publicity.models import Delivery

    b = services.broadcast_create(
        by=w.root,
        title=f"通知{t}",
        body="{姓名}您好",
        send_sms=True,
        send_email=False,
        organization=_place(w, t),
    )
    if failed:
        b.deliveries.update(status=Delivery.Status.FAILED, reason="测试")
    return b


def _form(w, t) -> dict:
    return {
        "title": "学习通知",
        "body": "{姓名}同志：请按时参加。",
        "send_sms": "on",
        "organization": _place(w, t).pk,
    }


def _json(w, t) -> dict:
    return {
        "title": "学习通知",
        "body": "{姓名}同志：请按时参加。",
        "send_sms": True,
        "organization": _place(w, t).pk,
    }


def _p(name: str, *args) -> str:
    return _web(f"publicity:{name}", *args)


def _page_gate(act, **kw):
    return page(view=NOBODY, act=act, gate=True, **kw)


WEB: list[Entry] = [
    Entry(
        "publicity:broadcast_list",
        "GET",
        ANY,
        lambda w, t, c: Call(_p("broadcast_list")),
        _page_gate(BROADCAST_READERS),
    ),
    Entry(
        "publicity:broadcast_create",
        "GET",
        ANY,
        lambda w, t, c: Call(_p("broadcast_create")),
        _page_gate(SENDERS),
    ),
    Entry(
        "publicity:broadcast_create",
        "POST",
        OBJ,
        lambda w, t, c: Call(_p("broadcast_create"), _form(w, t)),
        form(view=NOBODY, act=SENDERS, gate=True),
    ),
    Entry(
        "publicity:broadcast_detail",
        "GET",
        OBJ,
        lambda w, t, c: Call(_p("broadcast_detail", _broadcast(w, t).pk)),
        _page_gate(BROADCAST_READERS),
    ),
    Entry(
        "publicity:broadcast_progress",
        "GET",
        OBJ,
        lambda w, t, c: Call(_p("broadcast_progress", _broadcast(w, t).pk)),
        _page_gate(BROADCAST_READERS),
    ),
    Entry(
        "publicity:broadcast_retry",
        "POST",
        OBJ,
        lambda w, t, c: Call(
            _p("broadcast_retry", _broadcast(w, t, failed=True).pk), {}
        ),
        form(view=NOBODY, act=SENDERS, gate=True),
    ),
    Entry(
        "publicity:my_preferences",
        "GET",
        ANY,
        lambda w, t, c: Call(_p("my_preferences")),
        _page_gate(SELF),
    ),
    Entry(
        "publicity:my_preferences",
        "POST",
        ANY,
        lambda w, t, c: Call(_p("my_preferences"), {"sms_opt_out": "on"}),
        form(view=NOBODY, act=SELF, gate=True),
    ),
    Entry(
        "publicity:subscription_list",
        "GET",
        LIST,
        lambda w, t, c: Call(_p("subscription_list")),
        page(view=SUB_READERS, act=SUB_READERS, gate=True),
        markers=SUB_NAMES,
    ),
    Entry(
        "publicity:subscription_set",
        "POST",
        OBJ,
        lambda w, t, c: Call(
            _p("subscription_set"),
            {
                "organization": _place(w, t).pk,
                "year": dt.date.today().year,
                "copies": 99,
            },
        ),
        form(view=NOBODY, act=SENDERS, gate=True),
    ),
]


def _robot(w, t):
    """A WeCom robot of the target's branch, made by root."""
    from tongxin.publicity.services.channels import robot_save

    return robot_save(
        by=w.root,
        organization=_place(w, t),
        kind="wecom",
        name=f"机器人{t}",
        webhook_url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
    )


# Group robots are kept by the senders of the subtree; a member binds their
# own WeChat (the OAuth callback has no session: EXEMPT, tests/publicity/
# test_channel_views.py).
WEB += [
    Entry(
        "publicity:robot_list",
        "GET",
        ANY,
        lambda w, t, c: Call(_p("robot_list")),
        _page_gate(SENDERS),
    ),
    Entry(
        "publicity:robot_list",
        "POST",
        OBJ,
        lambda w, t, c: Call(
            _p("robot_list"),
            {
                "organization": _place(w, t).pk,
                "kind": "dingtalk",
                "name": "支部钉钉群",
                "webhook_url": "https://oapi.dingtalk.com/robot/send?access_token=t",
                "secret": "SECsecret",
            },
        ),
        form(view=NOBODY, act=SENDERS, gate=True),
    ),
    Entry(
        "publicity:robot_edit",
        "GET",
        OBJ,
        lambda w, t, c: Call(_p("robot_edit", _robot(w, t).pk)),
        _page_gate(SENDERS),
    ),
    Entry(
        "publicity:robot_edit",
        "POST",
        OBJ,
        lambda w, t, c: Call(
            _p("robot_edit", _robot(w, t).pk),
            {"name": "改名后的群", "secret": "SECnew", "version": 1},
        ),
        form(view=NOBODY, act=SENDERS, gate=True),
    ),
    Entry(
        "publicity:robot_toggle",
        "POST",
        OBJ,
        lambda w, t, c: Call(_p("robot_toggle", _robot(w, t).pk), {}),
        form(view=NOBODY, act=SENDERS, gate=True),
    ),
    Entry(
        "publicity:wechat_bind",
        "GET",
        ANY,
        lambda w, t, c: Call(_p("wechat_bind")),
        _page_gate(SELF),
    ),
    Entry(
        "publicity:wechat_bind",
        "POST",
        ANY,
        lambda w, t, c: Call(_p("wechat_bind"), {}),
        page(view=NOBODY, act=SELF, gate=True, writes=True),
    ),
]

P = f"{V1}/publicity"


def _gate(act, ok=200, writes=False):
    return api(view=NOBODY, act=act, ok=ok, writes=writes, gate=True)


API: list[Entry] = [
    _api(
        "GET",
        "/publicity/broadcasts",
        ANY,
        lambda w, t, c: Call(f"{P}/broadcasts"),
        _gate(BROADCAST_READERS),
    ),
    _api(
        "POST",
        "/publicity/broadcasts",
        OBJ,
        lambda w, t, c: Call(f"{P}/broadcasts", json=_json(w, t)),
        _gate(SENDERS, 201, writes=True),
    ),
    _api(
        "GET",
        "/publicity/broadcasts/{broadcast_id}",
        OBJ,
        lambda w, t, c: Call(f"{P}/broadcasts/{_broadcast(w, t).pk}"),
        _gate(BROADCAST_READERS),
    ),
    _api(
        "GET",
        "/publicity/broadcasts/{broadcast_id}/deliveries",
        OBJ,
        lambda w, t, c: Call(f"{P}/broadcasts/{_broadcast(w, t).pk}/deliveries"),
        _gate(BROADCAST_READERS),
    ),
    _api(
        "POST",
        "/publicity/broadcasts/{broadcast_id}/retry",
        OBJ,
        lambda w, t, c: Call(
            f"{P}/broadcasts/{_broadcast(w, t, failed=True).pk}/retry", json={}
        ),
        _gate(SENDERS, writes=True),
    ),
    _api(
        "GET",
        "/publicity/subscriptions",
        LIST,
        lambda w, t, c: Call(f"{P}/subscriptions"),
        api(view=SUB_READERS, act=SUB_READERS, gate=True),
        markers=SUB_NAMES,
    ),
    _api(
        "GET",
        "/publicity/subscriptions/totals",
        ANY,
        lambda w, t, c: Call(f"{P}/subscriptions/totals"),
        _gate(SUB_READERS),
    ),
    _api(
        "PUT",
        "/publicity/subscriptions",
        OBJ,
        lambda w, t, c: Call(
            f"{P}/subscriptions",
            json={
                "organization": _place(w, t).pk,
                "year": dt.date.today().year,
                "copies": 99,
            },
        ),
        _gate(SENDERS, writes=True),
    ),
    _api(
        "GET",
        "/publicity/preferences",
        ANY,
        lambda w, t, c: Call(f"{P}/preferences"),
        _gate(SELF),
    ),
    _api(
        "PUT",
        "/publicity/preferences",
        ANY,
        lambda w, t, c: Call(f"{P}/preferences", json={"email_opt_out": True}),
        _gate(SELF, writes=True),
    ),
]


# --- articles, columns, journal issues, public pages ---------------------------------

EDITORS = SENDERS
ARTICLE_READERS = frozenset({"office", "leader"})
ARTICLE_LIST = ARTICLE_READERS | SELF
ARTICLE_NAMES = lambda w: {t: f"稿件{t}" for t in ("inside", "outside", "own")}  # noqa: E731
EVERYONE = Rule(LOGGED_IN, LOGGED_IN, 200, anonymous=200)


def _column(w):
    from tongxin.publicity import services
    from tongxin.publicity.models import Column

    return Column.objects.filter(slug="xianjin").first() or services.column_save(
        by=w.root, name="先进典型", slug="xianjin", is_public=True
    )


def _art_place(w, t):
    return {"inside": w.org.edu1, "outside": w.org.direct, "own": w.org.edu2}[t]


def _article(w, t, state: str = "draft"):
    """Create an article at the target's place by its member, in ``state``."""
    from tongxin.publicity import services
    from tongxin.publicity.models import Article

    a = services.article_create(
        by=w.root,
        title=f"稿件{t}",
        column=_column(w),
        organization=_art_place(w, t),
        authors=[w.members[t]],
        body="<p>正文</p>",
        submit=state != "draft",
    )
    if state in ("reviewed", "published"):
        services.article_transition(by=w.root, article=a, action="review")
    if state == "published":
        services.article_publish(by=w.root, article=a, outlet="website")
    return Article.objects.get(pk=a.pk)


def _all_articles(w):
    for t in ("inside", "outside", "own"):
        _article(w, t)


def _issue(w, articles: int = 0):
    from tongxin.publicity import services

    issue = services.issue_create(
        by=w.root, year=2025, number=9, published_on=dt.date(2025, 9, 1)
    )
    for t in ("inside", "outside")[:articles]:
        a = _article(w, t, "reviewed")
        services.article_publish(by=w.root, article=a, outlet="journal", issue=issue)
    return issue


def _second_article(w):
    from tongxin.publicity.models import Publication

    issue = _issue(w, articles=2)
    return issue, Publication.objects.filter(issue=issue).order_by("position")[1]


def _article_form(w, t, a=None) -> dict:
    return {
        "title": "新稿件",
        "column": _column(w).pk,
        "organization": _art_place(w, t).pk,
        "authors": [w.members[t].pk],
        "body": "<p>正文</p>",
        **({"version": a.version} if a is not None else {}),
    }


WEB += [
    Entry(
        "publicity:article_list",
        "GET",
        LIST,
        lambda w, t, c: (_all_articles(w), Call(_p("article_list")))[1],
        page(view=ARTICLE_LIST, act=LOGGED_IN),
        markers=ARTICLE_NAMES,
    ),
    Entry(
        "publicity:article_create",
        "GET",
        ANY,
        lambda w, t, c: Call(_p("article_create")),
        _page_gate(EDITORS),
    ),
    Entry(
        "publicity:article_create",
        "POST",
        OBJ,
        lambda w, t, c: Call(_p("article_create"), _article_form(w, t)),
        form(view=NOBODY, act=EDITORS, gate=True),
    ),
    Entry(
        "publicity:article_counts",
        "GET",
        ANY,
        lambda w, t, c: Call(_p("article_counts") + "?year=2025"),
        _page_gate(ARTICLE_READERS),
    ),
    Entry(
        "publicity:article_detail",
        "GET",
        OBJ,
        lambda w, t, c: Call(_p("article_detail", _article(w, t).pk)),
        page(view=ARTICLE_READERS),
    ),
    Entry(
        "publicity:article_edit",
        "GET",
        OBJ,
        lambda w, t, c: Call(_p("article_edit", _article(w, t).pk)),
        page(view=ARTICLE_READERS, act=EDITORS),
    ),
    Entry(
        "publicity:article_edit",
        "POST",
        OBJ,
        lambda w, t, c: (
            lambda a: Call(_p("article_edit", a.pk), _article_form(w, t, a))
        )(_article(w, t)),
        form(view=ARTICLE_READERS, act=EDITORS),
    ),
    Entry(
        "publicity:article_transition",
        "POST",
        OBJ,
        lambda w, t, c: Call(
            _p("article_transition", _article(w, t).pk), {"action": "submit"}
        ),
        form(view=ARTICLE_READERS, act=EDITORS),
    ),
    Entry(
        "publicity:article_publish",
        "POST",
        OBJ,
        lambda w, t, c: Call(
            _p("article_publish", _article(w, t, "reviewed").pk),
            {"outlet": "website", "published_on": "2025-05-01"},
        ),
        form(view=ARTICLE_READERS, act=EDITORS),
    ),
    Entry(
        "publicity:column_list",
        "GET",
        ANY,
        lambda w, t, c: Call(_p("column_list")),
        _page_gate(ARTICLE_READERS),
    ),
    Entry(
        "publicity:column_list",
        "POST",
        ANY,
        lambda w, t, c: Call(_p("column_list"), {"name": "新栏目", "slug": "xin"}),
        form(view=NOBODY, act=EDITORS, gate=True),
    ),
    Entry(
        "publicity:issue_list",
        "GET",
        ANY,
        lambda w, t, c: Call(_p("issue_list")),
        _page_gate(ARTICLE_READERS),
    ),
    Entry(
        "publicity:issue_list",
        "POST",
        ANY,
        lambda w, t, c: Call(
            _p("issue_list"),
            {"year": 2025, "number": 1, "published_on": "2025-03-01"},
        ),
        form(view=NOBODY, act=EDITORS, gate=True),
    ),
    Entry(
        "publicity:issue_detail",
        "GET",
        ANY,
        lambda w, t, c: Call(_p("issue_detail", _issue(w, 1).pk)),
        _page_gate(ARTICLE_READERS),
    ),
    Entry(
        "publicity:issue_move",
        "POST",
        ANY,
        lambda w, t, c: (
            lambda ip: Call(
                _p("issue_move", ip[0].pk),
                {"article": ip[1].article_id, "direction": "up"},
            )
        )(_second_article(w)),
        form(view=NOBODY, act=EDITORS, gate=True),
    ),
    Entry(
        "publicity:issue_export",
        "GET",
        ANY,
        lambda w, t, c: Call(_p("issue_export", _issue(w, 1).pk)),
        _page_gate(ARTICLE_READERS),
    ),
    Entry(
        "public:column",
        "GET",
        ANY,
        lambda w, t, c: (
            _article(w, "inside", "published"),
            Call(_web("public:column", "xianjin")),
        )[1],
        EVERYONE,
    ),
    Entry(
        "public:article",
        "GET",
        ANY,
        lambda w, t, c: Call(
            _web("public:article", _article(w, "inside", "published").pk)
        ),
        EVERYONE,
    ),
]

API += [
    _api(
        "GET",
        "/publicity/columns",
        ANY,
        lambda w, t, c: Call(f"{P}/columns"),
        _gate(ARTICLE_READERS),
    ),
    _api(
        "POST",
        "/publicity/columns",
        ANY,
        lambda w, t, c: Call(f"{P}/columns", json={"name": "新栏目", "slug": "xin"}),
        _gate(EDITORS, 201, writes=True),
    ),
    _api(
        "GET",
        "/publicity/articles",
        LIST,
        lambda w, t, c: (_all_articles(w), Call(f"{P}/articles"))[1],
        api(view=ARTICLE_LIST, act=LOGGED_IN),
        markers=ARTICLE_NAMES,
    ),
    _api(
        "POST",
        "/publicity/articles",
        OBJ,
        lambda w, t, c: Call(
            f"{P}/articles",
            json={
                "title": "新稿件",
                "column": _column(w).pk,
                "organization": _art_place(w, t).pk,
                "authors": [w.members[t].pk],
            },
        ),
        _gate(EDITORS, 201, writes=True),
    ),
    _api(
        "GET",
        "/publicity/articles/counts",
        ANY,
        lambda w, t, c: Call(f"{P}/articles/counts?year=2025"),
        _gate(ARTICLE_READERS),
    ),
    _api(
        "GET",
        "/publicity/articles/{article_id}",
        OBJ,
        lambda w, t, c: Call(f"{P}/articles/{_article(w, t).pk}"),
        api(view=ARTICLE_READERS),
    ),
    _api(
        "PUT",
        "/publicity/articles/{article_id}",
        OBJ,
        lambda w, t, c: Call(
            f"{P}/articles/{_article(w, t).pk}", json={"title": "改过的标题"}
        ),
        api(view=ARTICLE_READERS, act=EDITORS, writes=True),
    ),
    _api(
        "POST",
        "/publicity/articles/{article_id}/transition",
        OBJ,
        lambda w, t, c: Call(
            f"{P}/articles/{_article(w, t).pk}/transition", json={"action": "submit"}
        ),
        api(view=ARTICLE_READERS, act=EDITORS, writes=True),
    ),
    _api(
        "POST",
        "/publicity/articles/{article_id}/publications",
        OBJ,
        lambda w, t, c: Call(
            f"{P}/articles/{_article(w, t, 'reviewed').pk}/publications",
            json={"outlet": "website", "published_on": "2025-05-01"},
        ),
        api(view=ARTICLE_READERS, act=EDITORS, ok=201, writes=True),
    ),
    _api(
        "GET",
        "/publicity/issues",
        ANY,
        lambda w, t, c: Call(f"{P}/issues"),
        _gate(ARTICLE_READERS),
    ),
    _api(
        "POST",
        "/publicity/issues",
        ANY,
        lambda w, t, c: Call(
            f"{P}/issues",
            json={"year": 2025, "number": 1, "published_on": "2025-03-01"},
        ),
        _gate(EDITORS, 201, writes=True),
    ),
    _api(
        "GET",
        "/publicity/issues/{issue_id}",
        ANY,
        lambda w, t, c: Call(f"{P}/issues/{_issue(w, 1).pk}"),
        _gate(ARTICLE_READERS),
    ),
    _api(
        "PUT",
        "/publicity/issues/{issue_id}/order",
        ANY,
        lambda w, t, c: (
            lambda ip: Call(
                f"{P}/issues/{ip[0].pk}/order",
                json={
                    "articles": [
                        ip[1].article_id,
                        *[
                            p.article_id
                            for p in ip[0].publications.exclude(pk=ip[1].pk)
                        ],
                    ]
                },
            )
        )(_second_article(w)),
        _gate(EDITORS, writes=True),
    ),
]

# Group robots through the API: the same gate as the robot pages.
API += [
    _api(
        "GET",
        "/publicity/robots",
        ANY,
        lambda w, t, c: Call(f"{P}/robots"),
        _gate(SENDERS),
    ),
    _api(
        "POST",
        "/publicity/robots",
        OBJ,
        lambda w, t, c: Call(
            f"{P}/robots",
            json={
                "organization": _place(w, t).pk,
                "kind": "dingtalk",
                "name": "支部钉钉群",
                "webhook_url": "https://oapi.dingtalk.com/robot/send?access_token=t",
                "secret": "SECsecret",
            },
        ),
        _gate(SENDERS, 201, writes=True),
    ),
    _api(
        "GET",
        "/publicity/robots/{robot_id}",
        OBJ,
        lambda w, t, c: Call(f"{P}/robots/{_robot(w, t).pk}"),
        _gate(SENDERS),
    ),
    _api(
        "PATCH",
        "/publicity/robots/{robot_id}",
        OBJ,
        lambda w, t, c: Call(
            f"{P}/robots/{_robot(w, t).pk}", json={"version": 1, "name": "改名后的群"}
        ),
        _gate(SENDERS, writes=True),
    ),
]

ENTRIES = WEB + API
