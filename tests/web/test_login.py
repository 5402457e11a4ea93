"""Logging in and out, and what anonymous visitors get."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD


@pytest.mark.django_db
def test_it_shows_the_login_form_in_chinese(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "用户名" in body and "密码" in body and "登录" in body
    assert "/static/vendor/pico/pico.min.css" in body


def test_it_logs_in_and_redirects_to_the_member_list(client, people):
    response = client.post(
        reverse("accounts:login"), {"username": "staff", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("home")
    page = client.get(reverse("members:list"))
    assert page.status_code == 200
    assert "退出" in page.content.decode()


def test_it_refuses_a_wrong_password_with_a_chinese_message(client, people):
    response = client.post(
        reverse("accounts:login"), {"username": "staff", "password": "wrong-password"}
    )
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_redirects_anonymous_visitors_to_login(client, org):
    for url in (
        reverse("orgs:tree"),
        reverse("orgs:detail", args=[org.city.pk]),
        reverse("members:list"),
        reverse("members:create"),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:login")), url


def test_it_logs_out_by_post_only(client, people):
    client.force_login(people.staff)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_top_bar_links_the_sections_and_the_user(client, people):
    client.force_login(people.staff)
    body = client.get(reverse("orgs:tree")).content.decode()
    assert reverse("members:list") in body
    assert 'aria-current="page"' in body
    assert "staff" in body


def test_unknown_pages_get_the_chinese_404(client, people):
    client.force_login(people.staff)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_forbidden_actions_get_the_chinese_403(client, org, people):
    client.force_login(people.head)
    response = client.get(reverse("orgs:edit", args=[org.edu1.pk]))
    assert response.status_code == 403
    body = response.content.decode()
    assert "无权访问" in body and "您没有权限执行此操作" in body


def test_the_stylesheets_are_found_by_the_static_files_finders():
    """The vendored Pico CSS and our own styles must be served (no CDN)."""
    from django.contrib.staticfiles import finders

    assert finders.find("vendor/pico/pico.min.css")
    assert finders.find("vendor/pico/LICENSE.md")
    assert finders.find("css/tongxin.css")
    assert finders.find("django_htmx/htmx-2.min.js")


def test_the_top_bar_offers_only_what_the_user_may_use(client, people):
    client.force_login(people.member)
    body = client.get(reverse("members:list"), follow=True).content.decode()
    assert "修改密码" in body  # the member's own page
    assert f'href="{reverse("orgs:tree")}"' not in body
    assert "导入花名册" not in body
    client.force_login(people.staff)
    body = client.get(reverse("members:list")).content.decode()
    assert f'href="{reverse("orgs:tree")}"' in body
    assert "导入花名册" in body
