"""The participation pages: each allowed, refused and wrong-method case."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.participation.conftest import PDF
from tongxin.participation import services
from tongxin.participation.models import Adoption, OpinionReport, Proposal, Suggestion

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"participation:{name}", args=args)


def test_it_lets_a_member_submit_a_suggestion_and_see_it(part, client_for):
    c = client_for(part.wang_user)
    r = c.post(
        url("create", "suggestions"),
        {"title": "关于优化营商环境的建议", "text": "具体建议", "submit": "1"},
    )
    s = Suggestion.objects.get()
    assert r.status_code == 302 and r["Location"] == url("detail", "suggestions", s.pk)
    assert (s.author, s.state) == (part.wang, "submitted")
    page = c.get(url("home")).content.decode()
    assert "关于优化营商环境的建议" in page and "已提交" in page
    assert c.get(url("detail", "suggestions", s.pk)).status_code == 200


def test_a_draft_is_saved_without_submitting_and_over_long_text_is_refused(
    part, client_for
):
    c = client_for(part.wang_user)
    c.post(
        url("create", "opinions"), {"title": "草稿信息", "text": "内容", "draft": "1"}
    )
    assert OpinionReport.objects.get().state == "draft"
    r = c.post(
        url("create", "opinions"), {"title": "太长", "text": "字" * 1501, "submit": "1"}
    )
    assert r.status_code == 400 and "1500" in r.content.decode()
    assert OpinionReport.objects.count() == 1


def test_a_member_without_a_post_cannot_propose(part, client_for):
    r = client_for(part.zhao_user).post(
        url("create", "proposals"),
        {
            "title": "我的提案",
            "proposal_kind": "member",
            "session": part.session.pk,
            "submit": "1",
        },
    )
    assert r.status_code == 400 and "没有担任政协委员" in r.content.decode()
    assert Proposal.objects.count() == 0


def test_staff_take_a_proposal_from_filing_to_reply_with_buttons(part, org, client_for):
    c = client_for(part.staff)
    c.post(
        url("create", "proposals"),
        {
            "title": "团体提案",
            "proposal_kind": "group",
            "session": part.session.pk,
            "organization": org.city.pk,
            "submit": "1",
        },
    )
    p = Proposal.objects.get()
    r = c.post(
        url("transition", "proposals", p.pk, "reply"),
        {"reply_on": "2024-05-01", "reply_text": "答复"},
    )
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.state == "submitted" and p.reply_text == ""
    assert c.get(url("transition", "proposals", p.pk, "file")).status_code == 200
    assert (
        c.post(
            url("transition", "proposals", p.pk, "file"), {"number": "101"}
        ).status_code
        == 302
    )
    c.post(url("unit_add", p.pk), {"name": "市教育局", "role": "lead"})
    r = c.post(
        url("transition", "proposals", p.pk, "reply"), {"reply_on": "2024-05-01"}
    )
    assert r.status_code == 400
    c.post(
        url("transition", "proposals", p.pk, "reply"),
        {
            "reply_on": "2024-05-01",
            "reply_text": "已列入计划",
            "reply_unit": "市教育局",
            "comment": "按时答复",
        },
    )
    p.refresh_from_db()
    assert (p.state, p.number, p.reply_text) == ("replied", "101", "已列入计划")
    page = c.get(url("detail", "proposals", p.pk)).content.decode()
    assert "已列入计划" in page and "按时答复" in page and "主办：市教育局" in page


def test_a_member_may_not_file_and_others_do_not_see_drafts(part, people, client_for):
    s = services.suggestion_create(by=part.wang_user, author=part.wang, title="草稿")
    assert (
        client_for(people.leader).get(url("detail", "suggestions", s.pk)).status_code
        == 404
    )
    assert (
        client_for(part.zhao_user).get(url("detail", "suggestions", s.pk)).status_code
        == 404
    )
    services.item_transition(by=part.wang_user, item=s, action="submit")
    r = client_for(part.wang_user).post(
        url("transition", "suggestions", s.pk, "accept")
    )
    assert r.status_code == 403
    assert (
        client_for(people.leader).get(url("detail", "suggestions", s.pk)).status_code
        == 200
    )
    assert (
        client_for(part.wang_user)
        .get(url("transition", "suggestions", s.pk, "submit"))
        .status_code
        == 404
    )


def test_staff_convert_a_suggestion_with_a_cosigner(part, client_for):
    s = services.suggestion_create(
        by=part.wang_user, author=part.wang, title="建议转提案", submit=True
    )
    c = client_for(part.staff)
    assert c.get(url("convert", s.pk)).status_code == 200
    r = c.post(
        url("convert", s.pk), {"session": part.session.pk, "cosigners": [part.zhao.pk]}
    )
    p = Proposal.objects.get()
    assert r.status_code == 302 and list(p.cosigners.all()) == [part.zhao]
    assert client_for(part.wang_user).post(url("convert", s.pk), {}).status_code == 403


def test_adoption_without_a_level_is_refused_on_the_page(part, client_for):
    r_ = services.opinion_create(
        by=part.wang_user,
        authors=[part.wang],
        title="信息",
        date=dt.date(2024, 1, 10),
        submit=True,
    )
    services.item_transition(
        by=part.staff, item=r_, action="sign_off", occurred_on=dt.date(2024, 1, 11)
    )
    services.item_transition(
        by=part.staff,
        item=r_,
        action="report",
        values={"targets": "民进中央"},
        occurred_on=dt.date(2024, 1, 12),
    )
    c = client_for(part.staff)
    c.post(
        url("adoption_add", r_.pk),
        {"level": "", "body": "民进中央", "adopted_on": "2024-03-01"},
    )
    assert Adoption.objects.count() == 0
    page = c.get(url("detail", "opinions", r_.pk)).content.decode()
    assert "级别" in page
    c.post(
        url("adoption_add", r_.pk),
        {"level": "national", "body": "民进中央", "adopted_on": "2024-03-01"},
    )
    c.post(
        url("instruction_add", r_.pk),
        {"leader": "省领导", "content": "请研究", "given_on": "2024-03-05"},
    )
    r_.refresh_from_db()
    assert r_.state == "adopted" and r_.instructions.count() == 1


def test_a_reported_opinion_report_is_adopted_on_its_action_page(part, client_for):
    """采用 on /do/adopt/: the form asks for level, body and date and records them."""
    r_ = services.opinion_create(
        by=part.wang_user,
        authors=[part.wang],
        title="信息",
        date=dt.date(2024, 1, 10),
        submit=True,
    )
    services.item_transition(
        by=part.staff, item=r_, action="sign_off", occurred_on=dt.date(2024, 1, 11)
    )
    services.item_transition(
        by=part.staff,
        item=r_,
        action="report",
        values={"targets": "民进省委会"},
        occurred_on=dt.date(2024, 1, 12),
    )
    c = client_for(part.staff)
    action = url("transition", "opinions", r_.pk, "adopt")
    assert action in c.get(url("detail", "opinions", r_.pk)).content.decode()
    page = c.get(action)
    assert page.status_code == 200
    html = page.content.decode()
    for label in ("采用级别", "采用单位", "采用日期"):
        assert label in html
    refused = c.post(action, {"level": "", "body": "", "adopted_on": ""})
    assert refused.status_code == 400 and "这个字段是必填项" in refused.content.decode()
    r_.refresh_from_db()
    assert r_.state == "reported" and Adoption.objects.count() == 0
    done = c.post(
        action,
        {
            "level": "provincial",
            "body": "民进辽宁省委会",
            "adopted_on": "2024-04-02",
            "comment": "",
        },
    )
    assert done.status_code == 302
    r_.refresh_from_db()
    assert r_.state == "adopted"
    adoption = r_.adoptions.get()
    # Kept under the body's name in the list of bodies (民进辽宁省委会 is an alias).
    assert (adoption.level, adoption.body, str(adoption.adopted_on)) == (
        "provincial",
        "民进省委会",
        "2024-04-02",
    )
    detail = c.get(url("detail", "opinions", r_.pk)).content.decode()
    assert "省级：民进省委会（2024-04-02）" in detail


def test_attachments_upload_download_and_bad_type(part, client_for):
    t = services.research_create(
        by=part.wang_user,
        organization=part.wang.organization,
        members=[part.wang],
        title="课题",
        target_body="市委统战部",
    )
    c = client_for(part.wang_user)
    c.post(
        url("attachment_add", "research", t.pk),
        {"file": SimpleUploadedFile("a.txt", b"hello"), "title": "坏"},
    )
    assert not t.final_report
    c.post(
        url("attachment_add", "research", t.pk),
        {"file": SimpleUploadedFile("报告.pdf", PDF), "final_report": "on"},
    )
    a = t.final_report
    assert a is not None
    r = c.get(url("attachment", "research", t.pk, a.pk))
    assert r.status_code == 200 and b"".join(r.streaming_content).startswith(b"%PDF")
    assert (
        client_for(part.zhao_user)
        .get(url("attachment", "research", t.pk, a.pk))
        .status_code
        == 404
    )


def test_drives_sessions_coverage_stats_and_compile_pages(
    part, org, people, client_for
):
    c = client_for(part.staff)
    r = c.post(
        url("drive_create"),
        {
            "theme": "我为软环境建设献一策",
            "organization": org.city.pk,
            "start_on": "2024-03-01",
            "end_on": "2024-05-31",
        },
    )
    assert r.status_code == 302
    assert "我为软环境建设献一策" in c.get(url("drive_list")).content.decode()
    assert (
        c.post(
            url("session_create"),
            {
                "name": "市政协十三届三次会议",
                "body": "大连市政协",
                "level": "city",
                "year": 2025,
            },
        ).status_code
        == 302
    )
    assert "十三届三次会议" in c.get(url("session_list")).content.decode()
    services.suggestion_create(
        by=part.wang_user,
        author=part.wang,
        title="一案",
        date=dt.date(2024, 4, 1),
        submit=True,
    )
    page = c.get(url("coverage"), {"year": 2024}).content.decode()
    assert "王委员" in page and "赵普通" in page
    page = c.get(url("coverage"), {"year": 2024, "show": "done"}).content.decode()
    assert "王委员" in page and "赵普通" not in page
    assert c.get(url("coverage"), {"show": "其他"}).status_code == 200
    assert c.get(url("stats"), {"start": "2024-01-01"}).status_code == 200
    assert client_for(part.wang_user).get(url("stats")).status_code == 403
    assert client_for(people.leader).get(url("coverage")).status_code == 200
    assert client_for(people.leader).get(url("compile")).status_code == 403
    r = c.post(url("compile"), {"kind": "suggestions", "year": "2024"})
    assert r.status_code == 200 and r["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    r = c.post(url("compile"), {"kind": "opinions", "year": "2024"})
    assert r.status_code == 400 and "没有可汇编" in r.content.decode()


def test_lists_filter_and_wrong_methods(part, client_for):
    services.suggestion_create(
        by=part.wang_user, author=part.wang, title="甲建议", submit=True
    )
    c = client_for(part.staff)
    for kind in ("suggestions", "proposals", "opinions", "research"):
        assert c.get(url("list", kind)).status_code == 200
        assert c.get(url("create", kind)).status_code == 200
    assert "甲建议" in c.get(url("list", "suggestions"), {"q": "甲"}).content.decode()
    assert (
        "甲建议"
        not in c.get(url("list", "suggestions"), {"state": "draft"}).content.decode()
    )
    assert c.get(url("list", "nonsense")).status_code == 404
    assert c.post(url("list", "suggestions")).status_code == 405
    assert c.get(url("unit_add", 1)).status_code == 405


def test_an_opinion_report_through_the_pages(part, people, client_for):
    member = client_for(part.wang_user)
    member.post(
        url("create", "opinions"),
        {"title": "关于停车难的反映", "text": "情况", "submit": "1"},
    )
    r_ = OpinionReport.objects.get()
    assert list(r_.authors.all()) == [part.wang]
    staff = client_for(part.staff)
    # Staff edit (编辑) the text before signing it off.
    assert staff.get(url("edit", "opinions", r_.pk)).status_code == 200
    staff.post(
        url("edit", "opinions", r_.pk),
        {
            "title": "关于老城区停车难的反映",
            "text": "编辑后的情况",
            "date": "2024-02-01",
        },
    )
    r_.refresh_from_db()
    assert (r_.title, r_.text) == ("关于老城区停车难的反映", "编辑后的情况")
    assert (
        client_for(people.leader)
        .post(url("transition", "opinions", r_.pk, "sign_off"), {"comment": "同意报送"})
        .status_code
        == 302
    )
    assert staff.get(url("transition", "opinions", r_.pk, "report")).status_code == 200
    staff.post(
        url("transition", "opinions", r_.pk, "report"),
        {"targets": "民进中央，全国政协"},
    )
    r_.refresh_from_db()
    assert r_.state == "reported" and r_.targets.count() == 2
    page = member.get(url("detail", "opinions", r_.pk)).content.decode()
    assert "同意报送" in page and "全国政协" in page


def test_members_and_staff_create_the_other_kinds(part, org, client_for):
    member = client_for(part.wang_user)
    r = member.post(
        url("create", "research"),
        {"title": "课题", "target_body": "市委统战部", "submit": "1"},
    )
    assert r.status_code == 302
    staff = client_for(part.staff)
    r = staff.post(
        url("create", "proposals"),
        {
            "title": "委员提案",
            "proposal_kind": "member",
            "session": part.session.pk,
            "member": part.wang.pk,
            "cosigners": [part.zhao.pk],
            "submit": "1",
        },
    )
    assert r.status_code == 302
    p = Proposal.objects.get()
    r = staff.post(url("transition", "proposals", p.pk, "reject"), {})
    assert r.status_code == 400 and "不予立案理由" in r.content.decode()
    staff.post(
        url("transition", "proposals", p.pk, "reject"), {"not_filed_reason": "个人诉求"}
    )
    p.refresh_from_db()
    assert p.state == "not_filed"
    page = (
        client_for(part.zhao_user)
        .get(url("detail", "proposals", p.pk))
        .content.decode()
    )
    assert "个人诉求" in page
