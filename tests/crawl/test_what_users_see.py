"""What the crawl found, each fixed and kept so by a cheap test of its own."""

import io
import re

from django.test import Client, RequestFactory
from django.views.defaults import server_error

from tests.accounts.support import login_verified
from tongxin.accounts.models import User
from tongxin.accounts.services import grant_role
from tongxin.audit.models import AuditEvent
from tongxin.audit.services import audit_record
from tongxin.core import tree
from tongxin.members.models import Member
from tongxin.orgs.models import Organization
from tongxin.stats.figures import publicity
from tongxin.stats.selectors import label_of
from tongxin.talent.models import Tier


def verified(user) -> Client:
    return login_verified(Client(), user)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_root_scope_matches_every_path(org):
    everything = Organization.objects.filter(tree.subtrees_q([""]))
    assert everything.count() == Organization.objects.count() == 5
    assert Organization.objects.filter(tree.subtree_q("")).count() == 5


def test_the_superuser_opens_coverage_and_scores(people):
    client = verified(people.root)
    for url in ("/participation/coverage/", "/appraisal/scores/"):
        response = client.get(url)
        assert response.status_code == 200, url


def test_the_publicity_figures_have_chinese_names(db):
    names = {
        "articles.total": "发表稿件",
        "publications.by_outlet.journal": "会刊发表",
        "broadcasts.deliveries.queued": "消息排队中",
        "subscriptions.copies": "订阅份数",
    }
    for key, name in names.items():
        assert publicity.label(key) == name
        assert label_of("publicity", key) == name


def test_the_talent_pool_heads_a_tier_with_its_name(people):
    response = logged_in(people.leader).get("/talent/?tier=leading")
    text = response.content.decode()
    assert f"入库人员（{Tier.LEADING.label}）" in text
    assert "leading）" not in text


def test_only_who_may_write_is_offered_the_participation_buttons(people):
    member, staff = logged_in(people.member), logged_in(people.staff)
    assert "提交建议" in member.get("/participation/").content.decode()
    assert member.get("/participation/suggestions/new/").status_code == 200
    home = staff.get("/participation/").content.decode()
    assert "提交建议" not in home and "报送社情民意" not in home
    assert staff.get("/participation/suggestions/new/").status_code == 403
    listing = staff.get("/participation/proposals/").content.decode()
    assert "/participation/proposals/new/" not in listing


def test_audit_entries_name_types_references_states_and_local_times(people, org):
    auditor = User.objects.create_user("auditor", "a@example.com", "x")
    grant_role(by=people.root, user=auditor, role="auditadmin", organization=org.city)
    member = people.member_record
    audit_record(
        action="update",
        obj=member,
        detail={
            "before": {"organization": org.edu1.pk, "status": "active"},
            "after": {"organization": org.edu2.pk, "status": "deceased"},
            "reason": "调动",
        },
    )
    audit_record(
        action="export",
        object_type="members.member",
        detail={"filters": {"status": "active", "sort": "stroke"}, "rows": 3},
    )
    audit_record(
        action="update",
        object_type="participation.suggestion",
        object_id="1",
        detail={"before": {"state": "draft"}, "after": {"state": "submitted"}},
    )
    audit_record(
        action="update",
        object_type="accounts.user",
        detail={"after": {"last_login": "2026-05-01T02:30:00Z"}},
    )
    page = verified(auditor).get("/audit/").content.decode()
    text = re.sub(r"<[^>]+>", " ", page)  # what is read, not option values
    assert f"{org.edu1.name}</del> → <ins>{org.edu2.name}" in page
    assert "members.member" not in text and "会员" in text
    assert "去世" in page and "deceased" not in page
    assert "草稿</del> → <ins>已提交" in page and "submitted" not in page
    assert "姓氏笔画" in page and "stroke" not in page
    assert "2026-05-01 10:30:00" in page and "02:30:00Z" not in page
    assert AuditEvent.objects.count() >= 4


def test_the_server_error_page_is_chinese():
    request = RequestFactory().get("/")
    text = server_error(request).content.decode()
    assert "服务器出错" in text and "Server Error" not in text


def test_password_rules_say_您_not_你(people):
    text = logged_in(people.staff).get("/accounts/password/").content.decode()
    assert "你" not in text
    assert "个人信息" in text


def test_the_second_factor_page_shows_no_menus(people):
    client = logged_in(people.root)
    text = client.get("/accounts/otp/").content.decode()
    assert "双因素验证" in text
    assert "组织与会员" not in text and "统计与考核" not in text
    assert "退出" in text
    menus = verified(people.root).get("/", follow=True).content.decode()
    assert "组织与会员" in menus


def test_a_member_sees_own_honors_without_links_to_pages_they_cannot_open(people):
    # Self-service members read their honors on their own page; the honors
    # pages are for staff (they answer 404 to a member).
    member = people.member_record
    assert isinstance(member, Member)
    response = logged_in(people.member).get(f"/members/{member.pk}/")
    assert response.status_code == 200
    assert "/honors/" not in response.content.decode()


PUBLICITY = {
    "articles": {"total": 3, "by_column": []},
    "publications": {"total": 4, "by_outlet": {"journal": 2, "website": 1, "other": 1}},
    "journal": {"issues": 1, "list": []},
    "broadcasts": {"total": 1, "deliveries": {"queued": 2, "failed": 1}},
    "subscriptions": {"copies": 10, "organizations": 2},
}


def test_the_report_and_its_appendix_name_the_publicity_figures_in_chinese(db):
    from openpyxl import load_workbook

    from tongxin.reports import appendix
    from tongxin.reports.writer import Context, write_generic

    table = write_generic(
        PUBLICITY, Context("2026年", "2026年12月31日", "测试"), "publicity"
    )
    names = [row[0] for row in table[0].rows]
    assert "会刊发表" in names and "消息排队中" in names and "订阅份数" in names
    assert not [n for n in names if re.search(r"[a-z]", n)]
    book = load_workbook(
        io.BytesIO(appendix.render({"publicity": PUBLICITY}, title="t"))
    )
    sheet = next(ws for ws in book.worksheets if ws.title == "宣传工作")
    shown = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]]
    assert "发表稿件" in shown
    assert not [n for n in shown if re.search(r"[a-z]", str(n))]


def test_a_skipped_delivery_gives_its_reason_in_words():
    from tongxin.publicity.models import Delivery

    assert Delivery(reason="opted_out").get_reason_display() == "本人退订"
    assert Delivery(reason="no_address").get_reason_display() == "无联系方式"
    assert Delivery(reason="网关超时").get_reason_display() == "网关超时"
