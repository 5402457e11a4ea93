"""Articles: sanitised bodies, the review workflow, publishing, journal issues
and their tables of contents, counts per author and organization."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from tongxin.core.periods import Period
from tongxin.publicity import richtext, selectors, services, workflow_data
from tongxin.publicity.models import Article, Column, JournalIssue, Publication
from tongxin.workflows.engine import TransitionRefused, steps_of
from tongxin.workflows.models import Transition, Workflow


@pytest.fixture
def col(pub):
    return services.column_save(
        by=pub.publicity, name="先进典型", slug="xianjin", is_public=True
    )


@pytest.fixture
def issue(pub):
    return services.issue_create(
        by=pub.publicity, year=2025, number=1, published_on=dt.date(2025, 3, 10)
    )


def _article(pub, col, title="春风化雨育桃李", **kw):
    kw.setdefault("authors", [pub.zhang])
    kw.setdefault("organization", pub.org.edu1)
    return services.article_create(
        by=pub.publicity, title=title, column=col, body="<p>正文</p>", **kw
    )


def _reviewed(pub, col, **kw):
    a = _article(pub, col, **kw)
    services.article_transition(by=pub.publicity, article=a, action="submit")
    services.article_transition(by=pub.publicity, article=a, action="review")
    return Article.objects.get(pk=a.pk)


HOSTILE = (
    '<p onclick="steal()">你好<script>alert(1)</script>'
    '<a href="javascript:alert(2)" onmouseover="x()">链接</a>'
    '<img src="x.png" onerror="alert(3)"><a href="https://example.org/">好</a>'
    "<style>body{}</style><iframe src='https://evil'></iframe></p>"
)


def test_the_sanitiser_removes_scripts_handlers_and_javascript_urls():
    clean = richtext.sanitize(HOSTILE)
    for bad in ("script", "onclick", "onmouseover", "onerror", "javascript:", "iframe"):
        assert bad not in clean.lower()
    assert "alert(1)" not in clean and "<style" not in clean
    assert '<a href="https://example.org/" rel="noopener noreferrer">好</a>' in clean
    assert '<img src="x.png">' in clean
    assert clean.startswith("<p>你好")


def test_a_body_is_stored_sanitised_and_the_public_page_never_runs_it(
    pub, col, issue, client
):
    a = _reviewed(pub, col)
    a = services.article_update(by=pub.publicity, article=a, body=HOSTILE)
    stored = Article.objects.get(pk=a.pk).body
    assert "script" not in stored and "onclick" not in stored
    services.article_publish(by=pub.publicity, article=a, outlet="journal", issue=issue)
    page = client.get(f"/public/articles/{a.pk}/").content.decode()
    assert "alert(1)" not in page and "javascript:" not in page
    assert "onerror" not in page and "你好" in page


def test_the_workflow_from_draft_to_published(pub, col, issue):
    a = _article(pub, col)
    assert a.state == "draft"
    services.article_transition(by=pub.publicity, article=a, action="submit")
    services.article_transition(by=pub.publicity, article=a, action="review")
    p = services.article_publish(
        by=pub.publicity, article=a, outlet="journal", issue=issue
    )
    a.refresh_from_db()
    assert a.state == "published"
    assert a.published_on == dt.date(2025, 3, 10) == p.published_on
    assert p.position == 1 and p.outlet_label == "会刊2025年第1期"
    assert [s.to_state for s in steps_of(a)] == [
        "draft",
        "submitted",
        "reviewed",
        "published",
    ]
    # Also on the website, later: the first date stays.
    services.article_publish(
        by=pub.publicity,
        article=a,
        outlet="website",
        published_on=dt.date(2025, 4, 1),
    )
    a.refresh_from_db()
    assert a.published_on == dt.date(2025, 3, 10)
    assert a.publications.count() == 2


def test_returned_with_a_comment_the_author_edits_and_resubmits(pub, col, make_member):
    from tests.activities.conftest import login_user

    zhang_user = login_user("zhang", root=pub.root, member=pub.zhang)
    a = _article(pub, col)
    services.article_transition(by=zhang_user, article=a, action="submit")
    with pytest.raises(ValidationError) as e:
        services.article_transition(by=pub.publicity, article=a, action="return")
    assert "须填写意见" in str(e.value)
    services.article_transition(
        by=pub.publicity, article=a, action="return", comment="请补充活动时间。"
    )
    a.refresh_from_db()
    assert a.state == "returned"
    assert steps_of(a)[-1].comment == "请补充活动时间。"
    # The author may edit now, and resubmit.
    services.article_update(by=zhang_user, article=a, title="春风化雨育桃李（修改稿）")
    services.article_transition(by=zhang_user, article=a, action="submit")
    a.refresh_from_db()
    assert a.state == "submitted" and a.title.endswith("（修改稿）")
    # But not review their own article, nor edit it once submitted.
    with pytest.raises(PermissionDenied):
        services.article_transition(by=zhang_user, article=a, action="review")
    with pytest.raises(PermissionDenied):
        services.article_update(by=zhang_user, article=a, title="再改")


def test_bad_input_is_refused_in_chinese_and_writes_nothing(pub, col, issue):
    before = Article.objects.count()
    with pytest.raises(ValidationError) as e:
        _article(pub, col, title="   ")
    assert "请填写标题" in str(e.value)
    with pytest.raises(ValidationError) as e:
        _article(pub, col, authors=[])
    assert "请至少选择一位作者" in str(e.value)
    assert Article.objects.count() == before
    # Publishing before review.
    a = _article(pub, col)
    services.article_transition(by=pub.publicity, article=a, action="submit")
    with pytest.raises(ValidationError) as e:
        services.article_publish(
            by=pub.publicity, article=a, outlet="journal", issue=issue
        )
    assert "尚未审核通过" in str(e.value)
    assert not Publication.objects.exists()
    assert Article.objects.get(pk=a.pk).state == "submitted"
    with pytest.raises(ValidationError) as e:
        services.article_transition(by=pub.publicity, article=a, action="publish")
    assert "发表须指明发表渠道" in str(e.value)
    # Duplicate journal issue number in a year.
    with pytest.raises(ValidationError) as e:
        services.issue_create(
            by=pub.publicity, year=2025, number=1, published_on=dt.date(2025, 6, 1)
        )
    assert "2025年第1期已存在" in str(e.value)
    assert JournalIssue.objects.count() == 1
    # A journal publication needs an issue; another outlet a name.
    r = _reviewed(pub, col, title="另一篇")
    with pytest.raises(ValidationError) as e:
        services.article_publish(by=pub.publicity, article=r, outlet="journal")
    assert "须选择期号" in str(e.value)
    with pytest.raises(ValidationError) as e:
        services.article_publish(by=pub.publicity, article=r, outlet="other")
    assert "请填写媒体名称" in str(e.value)
    services.article_publish(by=pub.publicity, article=r, outlet="journal", issue=issue)
    with pytest.raises(ValidationError) as e:
        services.article_publish(
            by=pub.publicity, article=r, outlet="journal", issue=issue
        )
    assert "已编入" in str(e.value)
    # A draft in the wrong state for an action.
    with pytest.raises(TransitionRefused) as e:
        services.article_transition(by=pub.publicity, article=r, action="review")
    assert "不能执行" in e.value.message


def test_editors_act_only_in_their_subtree(pub, col):
    with pytest.raises(PermissionDenied):
        services.article_create(
            by=pub.edu_publicity,
            title="越界",
            column=col,
            organization=pub.org.direct,
            authors=[pub.zhao],
        )
    a = _article(pub, col, organization=pub.org.direct, authors=[pub.zhao])
    assert not selectors.article_list(user=pub.edu_publicity).filter(pk=a.pk).exists()
    assert selectors.article_list(user=pub.publicity).filter(pk=a.pk).exists()


def test_a_member_sees_only_the_articles_they_wrote(pub, col):
    from tests.activities.conftest import login_user

    zhang_user = login_user("zhang", root=pub.root, member=pub.zhang)
    mine = _article(pub, col)
    other = _article(pub, col, title="他人稿件", authors=[pub.wang])
    seen = set(selectors.article_list(user=zhang_user).values_list("pk", flat=True))
    assert seen == {mine.pk}
    assert other.pk not in set(
        selectors.member_articles(user=zhang_user, member=pub.zhang).values_list(
            "pk", flat=True
        )
    )


def test_counts_per_author_and_organization_for_a_period(pub, col, issue):
    a = _reviewed(pub, col, authors=[pub.zhang, pub.wang], organizations=[pub.org.edu1])
    b = _reviewed(
        pub, col, title="第二篇", authors=[pub.zhang], organizations=[pub.org.edu1]
    )
    c = _reviewed(
        pub,
        col,
        title="明年的",
        authors=[pub.zhao],
        organization=pub.org.direct,
        organizations=[pub.org.direct],
    )
    services.article_publish(by=pub.publicity, article=a, outlet="journal", issue=issue)
    services.article_publish(
        by=pub.publicity, article=b, outlet="website", published_on=dt.date(2025, 7, 1)
    )
    services.article_publish(
        by=pub.publicity, article=c, outlet="website", published_on=dt.date(2026, 1, 5)
    )
    _article(pub, col, title="草稿不计")
    today = dt.date(2026, 6, 1)
    y2025 = Period.for_year(2025, today=today)
    rows = selectors.article_counts(user=pub.publicity, period=y2025, by="author")
    assert [(r["name"], r["count"]) for r in rows] == [("张传吉", 2), ("王芳", 1)]
    rows = selectors.article_counts(user=pub.publicity, period=y2025, by="organization")
    assert [(r["name"], r["count"]) for r in rows] == [("教育一支部", 2)]
    h1 = Period.between(dt.date(2025, 1, 1), dt.date(2025, 6, 30), today=today)
    rows = selectors.article_counts(user=pub.publicity, period=h1, by="author")
    # Ties in 姓氏笔画 order: 王 (4 strokes) before 张 (7).
    assert [(r["name"], r["count"]) for r in rows] == [("王芳", 1), ("张传吉", 1)]
    # Scoped: the edu1 editor does not count the direct branch's article.
    y2026 = Period.for_year(2026, today=today)
    assert selectors.article_counts(user=pub.edu_publicity, period=y2026) == []
    assert [
        r["name"] for r in selectors.article_counts(user=pub.publicity, period=y2026)
    ] == ["赵明"]


def test_an_issue_is_reordered_and_its_toc_exported(pub, col, issue):
    arts = []
    for t in ("甲", "乙", "丙"):
        a = _reviewed(pub, col, title=t)
        services.article_publish(
            by=pub.publicity, article=a, outlet="journal", issue=issue
        )
        arts.append(a)
    assert [r["title"] for r in selectors.issue_toc(issue=issue)] == ["甲", "乙", "丙"]
    services.issue_move(by=pub.publicity, issue=issue, article_id=arts[2].pk, step=-1)
    assert [r["title"] for r in selectors.issue_toc(issue=issue)] == ["甲", "丙", "乙"]
    with pytest.raises(ValidationError) as e:
        services.issue_reorder(by=pub.publicity, issue=issue, articles=[arts[0].pk])
    assert "须列出本期的全部稿件" in str(e.value)
    services.issue_reorder(
        by=pub.publicity, issue=issue, articles=[a.pk for a in reversed(arts)]
    )
    toc = selectors.issue_toc(issue=issue)
    assert [(r["position"], r["title"]) for r in toc] == [
        (1, "丙"),
        (2, "乙"),
        (3, "甲"),
    ]
    assert toc[0]["column"] == "先进典型" and toc[0]["authors"] == "张传吉"

    from docx import Document
    from openpyxl import load_workbook

    from tongxin.publicity import exports

    doc = Document(io.BytesIO(exports.toc_docx(issue, toc)))
    assert "会刊2025年第1期 目录" in doc.paragraphs[0].text
    cells = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert cells[0] == ["序号", "栏目", "标题", "作者"]
    assert cells[1] == ["1", "先进典型", "丙", "张传吉"]
    wb = load_workbook(io.BytesIO(exports.toc_xlsx(issue, toc)))
    values = list(wb.active.iter_rows(values_only=True))
    assert values[2] == (1, "先进典型", "丙", "张传吉")


def test_columns_refuse_duplicates_and_bad_slugs(pub, col):
    with pytest.raises(ValidationError) as e:
        services.column_save(by=pub.publicity, name="先进典型", slug="other")
    assert "已存在" in str(e.value)
    with pytest.raises(ValidationError) as e:
        services.column_save(by=pub.publicity, name="新栏目", slug="新 栏目")
    assert "网址标识" in str(e.value)
    with pytest.raises(PermissionDenied):
        services.column_save(by=pub.staff, name="新栏目", slug="new")
    assert Column.objects.count() == 1


def test_the_seeded_workflow_matches_its_migration_and_survives_a_flush(db):
    import importlib

    mig = importlib.import_module(
        "tongxin.publicity.migrations.0003_seed_article_workflow"
    )
    assert mig.WORKFLOWS == workflow_data.WORKFLOWS
    assert Transition.objects.filter(workflow__code="publicity.article").count() == 6
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    assert Workflow.objects.filter(code="publicity.article").exists()
    assert Transition.objects.filter(workflow__code="publicity.article").count() == 6


def test_the_database_is_the_one_under_test(db):
    assert connection.vendor in ("sqlite", "postgresql")


def test_an_article_titled_as_a_formula_stays_text_in_the_toc(pub, col, issue):
    from openpyxl import load_workbook

    from tongxin.publicity import exports

    title = '=HYPERLINK("http://evil.example","目录")'
    article = _reviewed(pub, col, title=title)
    services.article_publish(
        by=pub.publicity, article=article, outlet="journal", issue=issue
    )
    toc = selectors.issue_toc(issue=issue)
    wb = load_workbook(io.BytesIO(exports.toc_xlsx(issue, toc)))
    cells = [c for row in wb.active.iter_rows() for c in row if c.value == "'" + title]
    assert len(cells) == 1 and cells[0].data_type == "s"
