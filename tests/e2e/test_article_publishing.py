"""Publishing an article in a real browser: publicity staff write it, submit
it, review it and publish it into a journal issue; it then appears on the
public column page, read without logging in."""

import datetime as dt

import pytest

from tests.activities.conftest import login_user
from tests.browser import pick_member
from tests.e2e.test_event_signup import log_in
from tongxin.publicity import services
from tongxin.publicity.models import Article

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_publish_an_article_that_appears_on_the_public_column(
    live_server, browser, page, org, people, make_member, tmp_path
):
    zhang = make_member(org.edu1, "张传吉")
    staff = login_user(
        "publicity", root=people.root, role="staff_publicity", node=org.city
    )
    column = services.column_save(
        by=staff, name="先进典型", slug="xianjin", is_public=True
    )
    issue = services.issue_create(
        by=staff, year=2025, number=3, published_on=dt.date(2025, 9, 20)
    )
    base = live_server.url
    log_in(page, base, "publicity", "/publicity/articles/new/")

    page.fill("input[name=title]", "三尺讲台上的坚守")
    page.select_option("select[name=column]", str(column.pk))
    page.select_option("select[name=organization]", str(org.edu1.pk))
    pick_member(page, "作者", "张传吉", "张传吉（教育一支部）")
    page.fill(
        "textarea[name=body]",
        "<p>张传吉同志扎根乡村教育二十年。<script>window.hacked=1</script></p>"
        '<p onclick="window.hacked=2">他说：“教书是良心活。”</p>',
    )
    page.click("button[name=save]")
    page.wait_for_url(lambda url: "/publicity/articles/" in url and "/new/" not in url)
    assert page.locator("#article-state").inner_text() == "草稿"

    page.click("#transition-form button[value=submit]")
    page.wait_for_selector("#article-state:has-text('已投稿')")
    page.click("#transition-form button[value=review]")
    page.wait_for_selector("#article-state:has-text('已审核')")
    page.select_option("select[name=outlet]", "journal")
    page.select_option("select[name=issue]", str(issue.pk))
    page.click("#publish-form button[name=publish]")
    page.wait_for_selector("#article-state:has-text('已发表')")
    assert "会刊2025年第3期" in page.locator("#publications").inner_text()
    page.screenshot(path=str(tmp_path / "article.png"), full_page=True)

    article = Article.objects.get()
    assert article.state == "published"
    assert article.published_on == dt.date(2025, 9, 20)
    assert list(article.authors.all()) == [zhang]

    # A visitor without a login reads it on the public column page.
    visitor = browser.new_context(locale="zh-CN")
    public = visitor.new_page()
    public.goto(base + "/public/columns/xianjin/")
    assert "/accounts/login/" not in public.url
    public.click("text=三尺讲台上的坚守")
    public.wait_for_url(lambda url: f"/public/articles/{article.pk}/" in url)
    text = public.locator("main").inner_text()
    assert "扎根乡村教育二十年" in text and "张传吉" in text
    public.click("text=教书是良心活")
    assert public.evaluate("window.hacked") is None  # nothing of the body ran
    public.screenshot(path=str(tmp_path / "public.png"), full_page=True)
    visitor.close()
