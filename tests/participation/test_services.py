"""Services and selectors: bad input refused in Chinese, visibility, coverage, stats."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q

from tests.participation.conftest import PDF
from tongxin.members.services import public_post_end
from tongxin.participation import selectors, services
from tongxin.participation.models import Attachment, Proposal, Suggestion
from tongxin.workflows import engine

pytestmark = pytest.mark.django_db


def _visible(user, item) -> bool:
    return selectors.item_list(user=user, kind=item.KIND).filter(pk=item.pk).exists()


def test_a_member_submits_their_own_suggestion_not_anothers(part, org):
    s = services.suggestion_create(
        by=part.wang_user,
        author=part.wang,
        title="优化营商环境",
        text="建议……",
        submit=True,
    )
    assert (s.state, s.path, s.created_by) == (
        "submitted",
        org.edu1.path,
        part.wang_user,
    )
    with pytest.raises(PermissionDenied):
        services.suggestion_create(by=part.wang_user, author=part.zhao, title="代写")
    assert Suggestion.objects.count() == 1


def test_text_over_the_limit_is_refused_saying_the_limit(part):
    with pytest.raises(ValidationError) as err:
        services.suggestion_create(
            by=part.wang_user, author=part.wang, title="长", text="字" * 3001
        )
    assert "3000" in err.value.message_dict["text"][0]
    with pytest.raises(ValidationError) as err:
        services.opinion_create(by=part.wang_user, authors=[part.wang], title="标" * 61)
    assert "60" in err.value.message_dict["title"][0]
    with pytest.raises(ValidationError) as err:
        services.opinion_create(
            by=part.wang_user, authors=[part.wang], title="信息", text="字" * 1501
        )
    assert "1500" in err.value.message_dict["text"][0]
    assert Suggestion.objects.count() == 0


def test_a_drive_period_bounds_its_suggestions(part, org):
    drive = services.drive_create(
        by=part.staff,
        organization=org.city,
        theme="我为软环境建设献一策",
        start_on=dt.date(2024, 3, 1),
        end_on=dt.date(2024, 5, 31),
    )
    services.suggestion_create(
        by=part.wang_user,
        author=part.wang,
        title="一策",
        drive=drive,
        date=dt.date(2024, 4, 1),
    )
    with pytest.raises(ValidationError) as err:
        services.suggestion_create(
            by=part.wang_user,
            author=part.wang,
            title="晚了",
            drive=drive,
            date=dt.date(2024, 6, 2),
        )
    assert "征集期" in err.value.message_dict["drive"][0]
    with pytest.raises(ValidationError):
        services.drive_create(
            by=part.staff,
            organization=org.city,
            theme="倒置",
            start_on=dt.date(2024, 3, 1),
            end_on=dt.date(2024, 2, 1),
        )
    with pytest.raises(PermissionDenied):
        services.drive_create(
            by=part.wang_user,
            organization=org.city,
            theme="会员不能发起",
            start_on=dt.date(2024, 3, 1),
            end_on=dt.date(2024, 5, 1),
        )


def test_a_member_proposal_needs_a_current_cppcc_post(part, org, root):
    with pytest.raises(ValidationError) as err:
        services.proposal_create(
            by=part.staff,
            kind="member",
            session=part.session,
            member=part.zhao,
            title="无职务",
        )
    assert "没有担任政协委员" in err.value.message_dict["member"][0]
    p = services.proposal_create(
        by=part.wang_user,
        kind="member",
        session=part.session,
        member=part.wang,
        cosigners=[part.zhao],
        title="委员提案",
        submit=True,
    )
    assert p.state == "submitted" and list(p.cosigners.all()) == [part.zhao]
    post = part.wang.public_posts.get()
    public_post_end(post=post, on=dt.date(2023, 12, 31), by=root)
    with pytest.raises(ValidationError):
        services.proposal_create(
            by=part.staff,
            kind="member",
            session=part.session,
            member=part.wang,
            title="已卸任",
        )
    assert Proposal.objects.count() == 1


def test_a_reply_before_filing_is_refused(part, org):
    p = services.proposal_create(
        by=part.staff,
        kind="group",
        session=part.session,
        organization=org.city,
        title="团体提案",
        submit=True,
    )
    with pytest.raises(engine.TransitionRefused) as err:
        services.item_transition(
            by=part.staff,
            item=p,
            action="reply",
            values={"reply_on": dt.date(2024, 5, 1), "reply_text": "答复"},
        )
    assert "不能执行“答复”" in err.value.message
    p.refresh_from_db()
    assert (p.state, p.reply_text, p.reply_on) == ("submitted", "", None)


def test_owner_submits_but_only_the_department_files(part, org):
    p = services.proposal_create(
        by=part.wang_user,
        kind="member",
        session=part.session,
        member=part.wang,
        title="甲",
    )
    services.item_transition(by=part.wang_user, item=p, action="submit")
    with pytest.raises(PermissionDenied):
        services.item_transition(by=part.wang_user, item=p, action="file")
    with pytest.raises(ValidationError) as err:
        services.item_transition(by=part.staff, item=p, action="reject")
    assert "不予立案理由" in err.value.message_dict["not_filed_reason"][0]
    services.item_transition(
        by=part.staff, item=p, action="file", values={"number": "58"}
    )
    with pytest.raises(ValidationError):
        services.item_transition(
            by=part.staff, item=p, action="reply", values={"reply_text": "x"}
        )
    p.refresh_from_db()
    assert (p.state, p.reply_text) == ("filed", "")


def test_units_and_awards_need_filing(part, org):
    p = services.proposal_create(
        by=part.staff,
        kind="group",
        session=part.session,
        organization=org.city,
        title="团体提案",
        submit=True,
    )
    with pytest.raises(ValidationError):
        services.proposal_unit_add(
            by=part.staff, proposal=p, name="市教育局", role="lead"
        )
    with pytest.raises(ValidationError):
        services.proposal_award_add(
            by=part.staff, proposal=p, name="优秀提案", body="市政协", year=2024
        )
    services.item_transition(by=part.staff, item=p, action="file")
    services.proposal_unit_add(by=part.staff, proposal=p, name="市教育局", role="lead")
    services.proposal_unit_add(
        by=part.staff, proposal=p, name="市财政局", role="assist"
    )
    with pytest.raises(ValidationError) as err:
        services.proposal_unit_add(
            by=part.staff, proposal=p, name="市人社局", role="lead"
        )
    assert "主办" in err.value.message_dict["role"][0]
    services.proposal_award_add(
        by=part.staff, proposal=p, name="优秀提案", body="市政协", year=2024
    )
    assert p.units.count() == 2 and p.awards.count() == 1


def test_staff_turn_a_suggestion_into_a_member_proposal(part):
    s = services.suggestion_create(
        by=part.wang_user, author=part.wang, title="建议", submit=True
    )
    with pytest.raises(PermissionDenied):
        services.suggestion_to_proposal(
            by=part.wang_user, suggestion=s, session=part.session
        )
    p = services.suggestion_to_proposal(
        by=part.staff, suggestion=s, session=part.session, cosigners=[part.zhao]
    )
    s.refresh_from_db()
    assert (s.state, s.proposal, p.member, p.kind, p.state) == (
        "converted",
        p,
        part.wang,
        "member",
        "submitted",
    )
    assert list(p.cosigners.all()) == [part.zhao]
    z = services.suggestion_create(
        by=part.zhao_user, author=part.zhao, title="建议", submit=True
    )
    with pytest.raises(ValidationError):
        services.suggestion_to_proposal(
            by=part.staff, suggestion=z, session=part.session
        )
    z.refresh_from_db()
    assert z.state == "submitted" and Proposal.objects.count() == 1


def test_adoption_needs_a_level(part):
    r = services.opinion_create(
        by=part.wang_user,
        authors=[part.wang],
        title="信息",
        date=dt.date(2023, 12, 1),
        submit=True,
    )
    services.item_transition(
        by=part.staff, item=r, action="sign_off", occurred_on=dt.date(2023, 12, 2)
    )
    services.item_transition(
        by=part.staff,
        item=r,
        action="report",
        values={"targets": "民进中央，全国政协"},
        occurred_on=dt.date(2023, 12, 3),
    )
    with pytest.raises(ValidationError) as err:
        services.adoption_add(
            by=part.staff,
            report=r,
            level="",
            body="民进中央",
            adopted_on=dt.date(2024, 1, 1),
        )
    assert "级别" in err.value.message_dict["level"][0]
    with pytest.raises(ValidationError):
        services.adoption_add(
            by=part.staff,
            report=r,
            level="galactic",
            body="民进中央",
            adopted_on=dt.date(2024, 1, 1),
        )
    r.refresh_from_db()
    assert r.state == "reported" and r.adoptions.count() == 0
    assert sorted(r.targets.values_list("body", flat=True)) == ["全国政协", "民进中央"]
    services.adoption_add(
        by=part.staff,
        report=r,
        level="national",
        body="民进中央",
        adopted_on=dt.date(2024, 1, 1),
    )
    services.instruction_add(
        by=part.staff,
        report=r,
        leader="省领导",
        content="请研究",
        given_on=dt.date(2024, 2, 1),
    )
    r.refresh_from_db()
    assert r.state == "adopted" and r.instructions.count() == 1


def test_a_leader_signs_off_and_a_head_may_not(part, people):
    r = services.opinion_create(
        by=part.wang_user, authors=[part.wang], title="信息", submit=True
    )
    with pytest.raises(PermissionDenied):
        services.item_transition(by=people.head, item=r, action="sign_off")
    services.item_transition(by=people.leader, item=r, action="sign_off")
    r.refresh_from_db()
    assert r.state == "signed_off" and r.signed_off_by == people.leader


def test_attachments_of_the_wrong_type_or_size_are_refused(part, settings):
    r = services.research_create(
        by=part.wang_user,
        organization=part.wang.organization,
        members=[part.wang],
        title="课题",
        target_body="市委统战部",
    )
    bad = SimpleUploadedFile(
        "报告.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    with pytest.raises(ValidationError) as err:
        services.attachment_add(by=part.wang_user, item=r, upload=bad)
    assert "PDF" in err.value.message_dict["file"][0]
    settings.TONGXIN_MAX_UPLOAD_BYTES = 10
    big = SimpleUploadedFile("报告.pdf", PDF, content_type="application/pdf")
    with pytest.raises(ValidationError) as err:
        services.attachment_add(by=part.wang_user, item=r, upload=big)
    assert "MB" in err.value.message_dict["file"][0]
    assert Attachment.objects.count() == 0


def test_drafts_are_seen_by_authors_and_the_department_only(part, people, org):
    s = services.suggestion_create(
        by=part.wang_user, author=part.wang, title="草稿建议"
    )
    assert (
        _visible(part.wang_user, s)
        and _visible(part.staff, s)
        and _visible(part.edu_staff, s)
    )
    for user in (people.leader, people.staff, people.head, part.zhao_user):
        assert not _visible(user, s)
    services.item_transition(by=part.wang_user, item=s, action="submit")
    for user in (people.leader, people.staff, people.head):
        assert _visible(user, s)
    assert not _visible(part.zhao_user, s)


def test_the_department_of_a_subtree_sees_only_that_subtree(part, org):
    s = services.suggestion_create(
        by=part.zhao_user, author=part.zhao, title="直属", submit=True
    )
    assert not _visible(part.edu_staff, s)
    with pytest.raises(PermissionDenied):
        services.item_transition(by=part.edu_staff, item=s, action="accept")


def test_confidential_items_only_to_authors_and_cleared_users(part, people, root):
    s = services.suggestion_create(
        by=part.wang_user,
        author=part.wang,
        title="涉密建议",
        confidential=True,
        submit=True,
    )
    assert _visible(part.wang_user, s)
    for user in (part.staff, people.leader):
        assert not _visible(user, s)
    with pytest.raises(PermissionDenied):
        services.clearance_grant(
            by=part.staff, user=part.staff, start_on=dt.date(2020, 1, 1)
        )
    from tongxin.accounts.models import User
    from tongxin.accounts.services import grant_role

    sec = User.objects.create_user("sec", "sec@example.com", "x")
    grant_role(
        by=root,
        user=sec,
        role="secadmin",
        organization=part.wang.organization.parent.parent,
    )
    services.clearance_grant(by=sec, user=part.staff, start_on=dt.date(2020, 1, 1))
    fresh = type(part.staff).objects.get(pk=part.staff.pk)
    assert _visible(fresh, s) and not _visible(people.leader, s)


def test_coverage_names_who_contributed_and_who_not_yet(part, people, org):
    services.suggestion_create(
        by=part.wang_user,
        author=part.wang,
        title="一案",
        date=dt.date(2024, 3, 1),
        submit=True,
    )
    services.suggestion_create(
        by=part.zhao_user, author=part.zhao, title="草稿不算", date=dt.date(2024, 3, 1)
    )
    cov = selectors.coverage(user=part.staff, year=2024)
    assert part.wang in cov["members_done"]
    assert (
        part.zhao in cov["members_not_yet"]
        and people.member_record in cov["members_not_yet"]
    )
    assert [r["org"] for r in cov["orgs_done"]] == [org.edu1]
    assert org.direct in [r["org"] for r in cov["orgs_not_yet"]]
    assert selectors.coverage(user=part.staff, year=2023)["members_done"] == []
    edu = selectors.coverage(user=part.edu_staff, year=2024)
    assert part.zhao not in edu["members_not_yet"]
    with pytest.raises(PermissionDenied):
        selectors.coverage(user=part.zhao_user, year=2024)


def test_statistics_count_by_kind_state_level_body_and_org(part, org):
    p = services.proposal_create(
        by=part.staff,
        kind="group",
        session=part.session,
        organization=org.city,
        title="团体",
        date=dt.date(2024, 1, 5),
        submit=True,
    )
    services.item_transition(by=part.staff, item=p, action="file")
    services.proposal_award_add(
        by=part.staff, proposal=p, name="优秀提案", body="市政协", year=2024
    )
    services.proposal_create(
        by=part.staff,
        kind="member",
        session=part.session,
        member=part.wang,
        title="委员",
        date=dt.date(2024, 1, 6),
        submit=True,
    )
    r = services.opinion_create(
        by=part.staff,
        authors=[part.wang],
        title="信息",
        date=dt.date(2024, 2, 1),
        submit=True,
    )
    services.item_transition(
        by=part.staff, item=r, action="sign_off", occurred_on=dt.date(2024, 2, 2)
    )
    services.item_transition(
        by=part.staff,
        item=r,
        action="report",
        values={"targets": ["民进中央"]},
        occurred_on=dt.date(2024, 2, 3),
    )
    services.adoption_add(
        by=part.staff,
        report=r,
        level="national",
        body="民进中央",
        adopted_on=dt.date(2024, 3, 1),
    )
    t = services.research_create(
        by=part.staff,
        organization=org.edu1,
        title="课题",
        target_body="民进省委会",
        date=dt.date(2024, 2, 1),
        submit=True,
    )
    services.item_transition(
        by=part.staff,
        item=t,
        action="approve",
        values={"approved_on": dt.date(2024, 3, 1)},
    )
    stats = selectors.statistics(
        user=part.staff, start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)
    )
    assert stats["kinds"] == {
        "suggestions": 0,
        "proposals": 2,
        "opinions": 1,
        "research": 1,
    }
    assert stats["proposal_kinds"] == {"group": 1, "member": 1}
    assert stats["adoptions_by_level"] == [
        {"level": "national", "level_name": "全国", "count": 1}
    ]
    assert stats["adoptions_by_body"][0]["body"] == "民进中央"
    assert stats["research_by_body"] == [
        {"body": "民进省委会", "submitted": 1, "approved": 1}
    ]
    assert stats["awards"] == 1
    orgs = {row["org"]: row for row in stats["orgs"]}
    assert orgs["教育基层委员会"]["research"] == 1
    assert (
        selectors.statistics(user=part.staff, start=dt.date(2025, 1, 1))["kinds"][
            "proposals"
        ]
        == 0
    )
    edu = selectors.statistics(user=part.edu_staff)
    assert edu["kinds"] == {
        "suggestions": 0,
        "proposals": 1,
        "opinions": 1,
        "research": 1,
    }


def test_the_clearance_command_needs_a_security_administrator(part, root, org):
    from django.core.management import CommandError, call_command

    from tongxin.accounts.models import User
    from tongxin.accounts.services import grant_role

    with pytest.raises(CommandError):
        call_command("grant_clearance", "part", "--by", "part")
    sec = User.objects.create_user("sec", "sec@example.com", "x")
    grant_role(by=root, user=sec, role="secadmin", organization=org.city)
    call_command("grant_clearance", "part", "--by", "sec", "--from", "2024-01-01")
    assert part.staff.participation_clearances.get().start_on == dt.date(2024, 1, 1)


def test_a_refused_conclusion_keeps_neither_the_final_report_nor_its_file(part, org):
    """结题 with the final report's upload but no outcome: refused, nothing kept."""
    from tongxin.core import files

    topic = services.research_create(
        by=part.wang_user,
        organization=org.edu1,
        members=[part.wang],
        title="民办教育发展调研",
        target_body="市委统战部",
        submit=True,
    )
    services.item_transition(
        by=part.staff,
        item=topic,
        action="approve",
        values={"approved_on": dt.date(2025, 3, 1)},
    )
    upload = SimpleUploadedFile("结题报告.pdf", PDF, content_type="application/pdf")
    root = files.resolve("participation/x").parent
    before = set(root.glob("*")) if root.exists() else set()
    with pytest.raises(ValidationError) as err:
        services.item_transition(
            by=part.wang_user,
            item=topic,
            action="conclude",
            values={"final_report": upload, "outcome": ""},
        )
    assert "成果" in str(err.value)
    topic.refresh_from_db()
    assert topic.state == "approved" and topic.final_report is None
    after = set(root.glob("*")) if root.exists() else set()
    assert after == before
    upload.seek(0)
    services.item_transition(
        by=part.wang_user,
        item=topic,
        action="conclude",
        values={"final_report": upload, "outcome": "报告获市委统战部采纳"},
    )
    topic.refresh_from_db()
    assert topic.state == "concluded" and topic.final_report is not None
    assert files.resolve(topic.final_report.stored_name).exists()


def test_coverage_page_counts_and_pages_as_the_whole_coverage(part, people, org):
    services.suggestion_create(
        by=part.wang_user,
        author=part.wang,
        title="一案",
        date=dt.date(2024, 3, 1),
        submit=True,
    )
    whole = selectors.coverage(user=part.staff, year=2024)
    first = selectors.coverage_page(user=part.staff, year=2024)
    assert (first["done"], first["not_yet"], first["rate"]) == (
        len(whole["members_done"]),
        len(whole["members_not_yet"]),
        whole["rate"],
    )
    for key in ("orgs_done", "orgs_not_yet"):
        assert [(r["org"], r["done"], r["not_yet"]) for r in first[key]] == [
            (r["org"], r["done"], r["not_yet"]) for r in whole[key]
        ]
    everyone = sorted(
        whole["members_done"] + whole["members_not_yet"],
        key=lambda m: (m.organization.path, m.stroke_key, m.pk),
    )
    assert len(everyone) >= 3
    # One member a page, forwards to the end and back to the start.
    seen, page = [], selectors.coverage_page(user=part.staff, year=2024, size=1)
    while True:
        seen += page["members"]
        if not page["has_next"]:
            break
        page = selectors.coverage_page(
            user=part.staff, year=2024, size=1, cursor=page["next_cursor"]
        )
    assert [m.pk for m in seen] == [m.pk for m in everyone]
    assert [m.done for m in seen] == [m in whole["members_done"] for m in everyone]
    back = []
    while page["has_prev"]:
        page = selectors.coverage_page(
            user=part.staff, year=2024, size=1, cursor=page["prev_cursor"]
        )
        back = page["members"] + back
    assert [m.pk for m in back] == [m.pk for m in everyone[:-1]]
    done = selectors.coverage_page(user=part.staff, year=2024, show="done")
    assert [m.pk for m in done["members"]] == [part.wang.pk]
    not_yet = selectors.coverage_page(user=part.staff, year=2024, show="not_yet")
    assert part.wang not in not_yet["members"] and part.zhao in not_yet["members"]
    # A malformed cursor gives the first page.
    assert (
        selectors.coverage_page(user=part.staff, year=2024, cursor="!!")["members"]
        == first["members"]
    )
    with pytest.raises(PermissionDenied):
        selectors.coverage_page(user=part.zhao_user, year=2024)


def test_contributors_from_the_kept_sql_are_those_the_orm_counts(part, people):
    from tongxin.members.models import Member

    def orm(start, end):
        q = Q()
        subs = selectors._contributed_subqueries(start, end)
        for sub in subs:
            q |= Q(pk__in=sub)
        return set(Member.objects.filter(q).values_list("pk", flat=True))

    def kept(start, end):
        return selectors.period_contributors(start, end)

    year = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert kept(*year) == orm(*year) == set()
    # The SQL is kept, not the result: a new submission counts at once.
    services.suggestion_create(
        by=part.wang_user,
        author=part.wang,
        title="一案",
        date=dt.date(2024, 3, 1),
        submit=True,
    )
    services.suggestion_create(
        by=part.zhao_user, author=part.zhao, title="草稿不算", date=dt.date(2024, 3, 1)
    )
    assert kept(*year) == orm(*year) == {part.wang.pk}
    for start, end in (
        (dt.date(2024, 1, 1), dt.date(2024, 2, 29)),
        (dt.date(2024, 3, 1), dt.date(2024, 3, 1)),
        (dt.date(2023, 1, 1), dt.date(2030, 12, 31)),
    ):
        assert kept(start, end) == orm(start, end), (start, end)
