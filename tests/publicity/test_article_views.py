"""The article, column, journal issue and public pages, and the API."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client

from tongxin.publicity import services
from tongxin.publicity.models import Article, Column, JournalIssue, Publication


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def cols(pub):
    public = services.column_save(
        by=pub.publicity, name="先进典型", slug="xianjin", is_public=True
    )
    internal = services.column_save(by=pub.publicity, name="内部交流", slug="neibu")
    return public, internal


@pytest.fixture
def issue(pub):
    return services.issue_create(
        by=pub.publicity, year=2025, number=2, published_on=dt.date(2025, 6, 1)
    )


def _published(pub, column, issue, title="春风化雨", **kw):
    a = services.article_create(
        by=pub.publicity,
        title=title,
        column=column,
        organization=pub.org.edu1,
        authors=[pub.zhang],
        body="<p>好文章</p>",
        submit=True,
        **kw,
    )
    services.article_transition(by=pub.publicity, article=a, action="review")
    services.article_publish(by=pub.publicity, article=a, outlet="journal", issue=issue)
    return Article.objects.get(pk=a.pk)


def test_staff_write_review_and_publish_on_the_pages(pub, cols, issue):
    c = _client(pub.publicity)
    assert c.get("/publicity/articles/new/").status_code == 200
    r = c.post(
        "/publicity/articles/new/",
        {
            "title": "教育支部送教下乡",
            "column": cols[0].pk,
            "organization": pub.org.edu1.pk,
            "authors": [pub.zhang.pk, pub.wang.pk],
            "organizations": [pub.org.edu1.pk],
            "body": '<p onclick="x()">送教<script>alert(1)</script></p>',
        },
    )
    a = Article.objects.get()
    assert r.status_code == 302 and r["Location"] == a.get_absolute_url()
    assert a.body == "<p>送教</p>" and a.author_names() == "王芳、张传吉"
    r = c.post(f"/publicity/articles/{a.pk}/transition/", {"action": "submit"})
    r = c.post(f"/publicity/articles/{a.pk}/transition/", {"action": "return"})
    a.refresh_from_db()
    assert a.state == "submitted"  # a return needs a comment
    page = c.get(f"/publicity/articles/{a.pk}/", follow=True).content.decode()
    assert "须填写意见" in page or a.state == "submitted"
    c.post(f"/publicity/articles/{a.pk}/transition/", {"action": "review"})
    r = c.post(
        f"/publicity/articles/{a.pk}/publish/",
        {"outlet": "journal", "issue": issue.pk},
    )
    a.refresh_from_db()
    assert a.state == "published" and a.published_on == dt.date(2025, 6, 1)
    page = c.get(f"/publicity/articles/{a.pk}/").content.decode()
    assert "已发表" in page and "会刊2025年第2期" in page
    # The list filters by state and column.
    listing = c.get("/publicity/articles/?state=published&column=xianjin").content
    assert "教育支部送教下乡" in listing.decode()
    assert (
        "教育支部送教下乡"
        not in c.get("/publicity/articles/?state=draft").content.decode()
    )


def test_publishing_before_review_on_the_page_is_refused(pub, cols, issue):
    c = _client(pub.publicity)
    a = services.article_create(
        by=pub.publicity,
        title="未审",
        column=cols[0],
        organization=pub.org.edu1,
        authors=[pub.zhang],
        submit=True,
    )
    r = c.post(
        f"/publicity/articles/{a.pk}/publish/",
        {"outlet": "journal", "issue": issue.pk},
        follow=True,
    )
    assert "尚未审核通过" in r.content.decode()
    assert not Publication.objects.exists()


def test_the_edit_page_refuses_an_empty_title(pub, cols):
    a = services.article_create(
        by=pub.publicity,
        title="原题",
        column=cols[0],
        organization=pub.org.edu1,
        authors=[pub.zhang],
    )
    c = _client(pub.publicity)
    assert c.get(f"/publicity/articles/{a.pk}/edit/").status_code == 200
    r = c.post(
        f"/publicity/articles/{a.pk}/edit/",
        {
            "title": "",
            "column": cols[0].pk,
            "organization": pub.org.edu1.pk,
            "authors": [pub.zhang.pk],
            "version": a.version,
        },
    )
    assert r.status_code == 200 and "这个字段是必填项" in r.content.decode()
    assert Article.objects.get(pk=a.pk).title == "原题"


def test_issue_pages_duplicates_reorder_and_exports(pub, cols, issue):
    c = _client(pub.publicity)
    r = c.post(
        "/publicity/issues/",
        {"year": 2025, "number": 2, "published_on": "2025-09-01"},
    )
    assert r.status_code == 200 and "2025年第2期已存在" in r.content.decode()
    assert JournalIssue.objects.count() == 1
    a = _published(pub, cols[0], issue, title="甲文")
    b = _published(pub, cols[0], issue, title="乙文")
    c.post(f"/publicity/issues/{issue.pk}/move/", {"article": b.pk, "direction": "up"})
    page = c.get(f"/publicity/issues/{issue.pk}/").content.decode()
    assert page.index("乙文") < page.index("甲文")
    r = c.get(f"/publicity/issues/{issue.pk}/export/")
    assert r["Content-Type"].endswith("wordprocessingml.document")
    from docx import Document

    rows = Document(io.BytesIO(r.content)).tables[0].rows
    assert [rows[1].cells[2].text, rows[2].cells[2].text] == ["乙文", "甲文"]
    r = c.get(f"/publicity/issues/{issue.pk}/export/?format=xlsx")
    assert r["Content-Type"].endswith("spreadsheetml.sheet")
    assert a.pk != b.pk


def test_counts_page_and_column_page(pub, cols, issue):
    _published(pub, cols[0], issue)
    c = _client(pub.publicity)
    page = c.get("/publicity/articles/counts/?year=2025").content.decode()
    assert "张传吉" in page
    page = c.get("/publicity/articles/counts/?year=2025&by=organization").content
    assert "教育一支部" in page.decode() or "没有发表" in page.decode()
    page = c.get("/publicity/articles/counts/?start=2025-12-01&end=2025-01-01")
    assert "早于开始日期" in page.content.decode()
    r = c.post("/publicity/columns/", {"name": "创先争优专栏", "slug": "chuangxian"})
    assert r.status_code == 302 and Column.objects.filter(slug="chuangxian").exists()


def test_the_public_pages_show_only_published_public_articles(pub, cols, issue):
    shown = _published(pub, cols[0], issue, title="公开的好文章")
    hidden_column = _published(pub, cols[1], issue, title="内部文章")
    draft = services.article_create(
        by=pub.publicity,
        title="草稿文章",
        column=cols[0],
        organization=pub.org.edu1,
        authors=[pub.zhang],
    )
    anon = Client()
    page = anon.get("/public/columns/xianjin/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "公开的好文章" in text and "张传吉" in text
    assert "内部文章" not in text and "草稿文章" not in text
    assert "/members/" not in text and "13800000001" not in text
    assert anon.get("/public/columns/neibu/").status_code == 404
    assert anon.get(f"/public/articles/{hidden_column.pk}/").status_code == 404
    assert anon.get(f"/public/articles/{draft.pk}/").status_code == 404
    detail = anon.get(f"/public/articles/{shown.pk}/").content.decode()
    assert "好文章" in detail and f"/members/{pub.zhang.pk}" not in detail
    # A logged-in user who must change their password still reads them.
    pub.staff.must_change_password = True
    pub.staff.save()
    assert _client(pub.staff).get("/public/columns/xianjin/").status_code == 200


# --- the API ---------------------------------------------------------------------


def _api(user) -> Client:
    return _client(user)


def test_the_api_writes_reviews_publishes_and_counts(pub, cols, issue):
    c = _api(pub.publicity)
    r = c.post(
        "/api/v1/publicity/articles",
        {
            "title": "接口稿件",
            "column": cols[0].pk,
            "organization": pub.org.edu1.pk,
            "authors": [pub.zhang.pk],
            "organizations": [pub.org.edu1.pk],
            "body": '<p>正文<img src=x onerror="alert(1)"></p>',
            "submit": True,
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["state"] == "submitted" and data["state_name"] == "已投稿"
    assert "onerror" not in data["body"]
    aid = data["id"]
    r = c.post(
        f"/api/v1/publicity/articles/{aid}/publications",
        {"outlet": "journal", "issue": issue.pk},
        content_type="application/json",
    )
    assert r.status_code == 422 and "尚未审核通过" in r.content.decode()
    r = c.post(
        f"/api/v1/publicity/articles/{aid}/transition",
        {"action": "return"},
        content_type="application/json",
    )
    assert r.status_code in (400, 422) and "须填写意见" in r.content.decode()
    r = c.post(
        f"/api/v1/publicity/articles/{aid}/transition",
        {"action": "review"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["to_state"] == "reviewed"
    r = c.post(
        f"/api/v1/publicity/articles/{aid}/publications",
        {"outlet": "journal", "issue": issue.pk},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["outlet_label"] == "会刊2025年第2期"
    r = c.get(f"/api/v1/publicity/articles/{aid}")
    assert r.json()["state"] == "published"
    assert r.json()["authors"] == [{"id": pub.zhang.pk, "name": "张传吉"}]
    r = c.get("/api/v1/publicity/articles/counts?year=2025")
    assert r.json()["rows"] == [{"id": pub.zhang.pk, "name": "张传吉", "count": 1}]
    r = c.get("/api/v1/publicity/articles/counts?year=2025&by=organization")
    assert r.json()["total"] == 1
    r = c.get("/api/v1/publicity/articles/counts?year=2999")
    assert r.status_code == 422 and "尚未到来" in r.content.decode()
    r = c.get("/api/v1/publicity/articles?state=published")
    assert [a["id"] for a in r.json()] == [aid]
    r = c.get("/api/v1/publicity/articles?q=%00&column=a%00b&state=%00")
    assert r.status_code == 422  # no such column; nothing reaches the database
    r = c.get("/api/v1/publicity/articles?q=%00")
    assert r.status_code == 200
    assert c.get("/publicity/articles/?q=%00&column=%00").status_code == 200
    r = c.get("/api/v1/publicity/articles?year=2100")
    assert r.status_code == 422 and "尚未到来" in r.content.decode()


def test_the_api_issues_columns_and_bad_input(pub, cols, issue):
    c = _api(pub.publicity)
    r = c.post(
        "/api/v1/publicity/issues",
        {"year": 2025, "number": 2, "published_on": "2025-10-01"},
        content_type="application/json",
    )
    assert r.status_code == 422 and "已存在" in r.content.decode()
    r = c.post(
        "/api/v1/publicity/issues",
        {"year": 2025, "number": 3, "published_on": "2025-10-01"},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["label"] == "2025年第3期"
    a = _published(pub, cols[0], issue, title="甲")
    b = _published(pub, cols[0], issue, title="乙")
    r = c.put(
        f"/api/v1/publicity/issues/{issue.pk}/order",
        {"articles": [b.pk, a.pk]},
        content_type="application/json",
    )
    assert r.status_code == 200
    assert [t["title"] for t in r.json()["toc"]] == ["乙", "甲"]
    r = c.put(
        f"/api/v1/publicity/issues/{issue.pk}/order",
        {"articles": [b.pk]},
        content_type="application/json",
    )
    assert r.status_code == 422
    assert [
        t["title"] for t in c.get(f"/api/v1/publicity/issues/{issue.pk}").json()["toc"]
    ] == ["乙", "甲"]
    r = c.post(
        "/api/v1/publicity/articles",
        {
            "title": "  ",
            "column": cols[0].pk,
            "organization": pub.org.edu1.pk,
            "authors": [pub.zhang.pk],
        },
        content_type="application/json",
    )
    assert r.status_code == 422 and "请填写标题" in r.content.decode()
    r = c.put(
        f"/api/v1/publicity/articles/{a.pk}",
        {"title": "已发表还改"},
        content_type="application/json",
    )
    assert r.status_code == 422 and "已发表" in r.content.decode()
    r = c.post(
        "/api/v1/publicity/columns",
        {"name": "创先争优专栏", "slug": "chuangxian", "is_public": True},
        content_type="application/json",
    )
    assert r.status_code == 201
    assert {x["slug"] for x in c.get("/api/v1/publicity/columns").json()} == {
        "xianjin",
        "neibu",
        "chuangxian",
    }
    # Outside the subtree: the edu1 editor does not see a direct-branch article.
    d = services.article_create(
        by=pub.publicity,
        title="直属",
        column=cols[0],
        organization=pub.org.direct,
        authors=[pub.zhao],
    )
    assert (
        _api(pub.edu_publicity).get(f"/api/v1/publicity/articles/{d.pk}").status_code
        == 404
    )


def test_an_author_edits_and_resubmits_a_returned_article_on_the_page(pub, cols):
    from tests.activities.conftest import login_user

    zhang_user = login_user("zhang", root=pub.root, member=pub.zhang)
    a = services.article_create(
        by=pub.publicity,
        title="初稿",
        column=cols[0],
        organization=pub.org.edu1,
        authors=[pub.zhang, pub.wang],
        submit=True,
    )
    services.article_transition(
        by=pub.publicity, article=a, action="return", comment="请补充细节。"
    )
    c = _client(zhang_user)
    page = c.get(f"/publicity/articles/{a.pk}/").content.decode()
    assert "请补充细节。" in page and "已退回" in page
    form = c.get(f"/publicity/articles/{a.pk}/edit/").content.decode()
    assert 'name="authors"' not in form  # an author changes the text only
    a.refresh_from_db()
    r = c.post(
        f"/publicity/articles/{a.pk}/edit/",
        {
            "title": "修改稿",
            "column": cols[0].pk,
            "body": "<p>补充了细节</p>",
            "version": a.version,
        },
    )
    assert r.status_code == 302
    c.post(f"/publicity/articles/{a.pk}/transition/", {"action": "submit"})
    a.refresh_from_db()
    assert (a.title, a.state, a.author_names()) == (
        "修改稿",
        "submitted",
        "张传吉、王芳",
    )
    # Submitted, it is no longer theirs to edit; the list shows it as theirs.
    assert c.get(f"/publicity/articles/{a.pk}/edit/").status_code == 403
    assert "修改稿" in c.get("/publicity/articles/").content.decode()
