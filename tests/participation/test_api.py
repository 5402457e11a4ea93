"""The participation endpoints under /api/v1/participation: same services, same policy."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from docx import Document

from tests.participation.conftest import PDF
from tongxin.participation import services
from tongxin.participation.models import Proposal, Suggestion

pytestmark = pytest.mark.django_db
API = "/api/v1/participation"


class Api:
    def __init__(self, user):
        self.client = Client()
        self.client.force_login(user)

    def get(self, url, **params):
        return self.client.get(API + url, params)

    def post(self, url, data=None):
        return self.client.post(API + url, data or {}, content_type="application/json")

    def patch(self, url, data=None):
        return self.client.patch(API + url, data or {}, content_type="application/json")


def test_a_member_submits_and_follows_a_suggestion(part):
    api = Api(part.wang_user)
    r = api.post(
        "/suggestions",
        {"title": "关于公交线路的建议", "text": "增开夜班车", "submit": True},
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["state"], body["state_name"], body["authors"]) == (
        "submitted",
        "已提交",
        ["王委员"],
    )
    assert [s["action"] for s in body["steps"]] == ["create", "submit"]
    mine = api.get("/suggestions", mine="true").json()
    assert [i["title"] for i in mine] == ["关于公交线路的建议"]
    assert Api(part.zhao_user).get(f"/suggestions/{body['id']}").status_code == 404


def test_the_full_proposal_path_and_its_refusals(part, org):
    staff, member = Api(part.staff), Api(part.wang_user)
    s = member.post("/suggestions", {"title": "建议", "submit": True}).json()
    r = member.post(f"/suggestions/{s['id']}/proposal", {"session": part.session.pk})
    assert r.status_code == 403
    r = staff.post(
        f"/suggestions/{s['id']}/proposal",
        {"session": part.session.pk, "cosigners": [part.zhao.pk]},
    )
    assert r.status_code == 201, r.content
    p = r.json()
    assert p["extra"]["proposal_kind"] == "member" and p["extra"]["cosigners"] == [
        part.zhao.pk
    ]
    reply = {
        "action": "reply",
        "values": {"reply_on": "2024-06-01", "reply_text": "已采纳"},
    }
    r = staff.post(f"/proposals/{p['id']}/transitions", reply)
    assert r.status_code == 400 and "不能执行“答复”" in r.json()["detail"]
    r = member.post(f"/proposals/{p['id']}/transitions", {"action": "file"})
    assert r.status_code == 403
    assert (
        staff.post(f"/proposals/{p['id']}/transitions", {"action": "file"}).status_code
        == 200
    )
    assert (
        staff.post(
            f"/proposals/{p['id']}/units", {"name": "市交通局", "role": "lead"}
        ).status_code
        == 201
    )
    r = staff.post(
        f"/proposals/{p['id']}/transitions",
        {"action": "reply", "values": {"reply_on": "2024-06-01"}},
    )
    assert r.status_code == 422 and "reply_text" in r.json()["errors"]
    r = staff.post(
        f"/proposals/{p['id']}/transitions",
        {"action": "reply", "values": {"reply_on": "六月"}},
    )
    assert r.status_code == 422
    assert staff.post(f"/proposals/{p['id']}/transitions", reply).status_code == 200
    seen = member.get(f"/proposals/{p['id']}").json()
    assert seen["extra"]["reply_text"] == "已采纳" and seen["state"] == "replied"
    r = member.post(
        f"/proposals/{p['id']}/transitions",
        {"action": "evaluate", "values": {"satisfaction": "satisfied"}},
    )
    assert r.status_code == 200 and r.json()["state"] == "closed"
    r = staff.post(
        f"/proposals/{p['id']}/awards",
        {"name": "优秀提案", "body": "市政协", "year": 2024},
    )
    assert r.status_code == 201 and r.json()["extra"]["awards"][0]["name"] == "优秀提案"


def test_member_proposal_without_a_post_and_group_proposals(part, org):
    r = Api(part.zhao_user).post(
        "/proposals",
        {"title": "提案", "proposal_kind": "member", "session": part.session.pk},
    )
    assert r.status_code == 422 and "政协委员" in r.json()["detail"]
    r = Api(part.wang_user).post(
        "/proposals",
        {
            "title": "团体",
            "proposal_kind": "group",
            "session": part.session.pk,
            "organization": org.city.pk,
        },
    )
    assert r.status_code in (403, 422)
    r = Api(part.staff).post(
        "/proposals",
        {
            "title": "团体",
            "proposal_kind": "group",
            "session": part.session.pk,
            "organization": org.city.pk,
            "submit": True,
        },
    )
    assert r.status_code == 201 and r.json()["authors"] == ["民进测试市委员会"]
    assert Proposal.objects.count() == 1


def test_opinion_reports_adoption_needs_a_level(part):
    staff = Api(part.staff)
    r = (
        Api(part.wang_user)
        .post(
            "/opinions",
            {"title": "信息", "text": "内容", "date": "2024-02-01", "submit": True},
        )
        .json()
    )
    staff.post(
        f"/opinions/{r['id']}/transitions",
        {"action": "sign_off", "occurred_on": "2024-02-02"},
    )
    staff.post(
        f"/opinions/{r['id']}/transitions",
        {
            "action": "report",
            "occurred_on": "2024-02-03",
            "values": {"targets": ["民进中央", "全国政协"]},
        },
    )
    bad = staff.post(
        f"/opinions/{r['id']}/adoptions",
        {"body": "民进中央", "adopted_on": "2024-03-01"},
    )
    assert bad.status_code == 422 and "级别" in bad.json()["detail"]
    ok = staff.post(
        f"/opinions/{r['id']}/adoptions",
        {"level": "national", "body": "民进中央", "adopted_on": "2024-03-01"},
    )
    assert ok.status_code == 201 and ok.json()["state"] == "adopted"
    r2 = staff.post(
        f"/opinions/{r['id']}/instructions",
        {"leader": "市领导", "content": "请办理", "given_on": "2024-03-02"},
    )
    assert (
        r2.status_code == 201
        and r2.json()["extra"]["instructions"][0]["leader"] == "市领导"
    )
    long = Api(part.wang_user).post("/opinions", {"title": "长", "text": "字" * 1501})
    assert long.status_code == 422 and "1500" in long.json()["detail"]


def test_research_topic_with_final_report(part):
    member = Api(part.wang_user)
    t = member.post(
        "/research", {"title": "课题", "target_body": "民进省委会", "submit": True}
    ).json()
    staff = Api(part.staff)
    r = staff.post(
        f"/research/{t['id']}/transitions",
        {
            "action": "approve",
            "values": {"approved_on": "2024-03-01", "funding": "5000"},
        },
    )
    assert r.status_code == 200 and r.json()["extra"]["funding"] == "5000.00"
    r = member.post(
        f"/research/{t['id']}/transitions",
        {"action": "conclude", "values": {"outcome": "获采纳"}},
    )
    assert r.status_code == 422 and "结题报告" in r.json()["detail"]
    bad = member.client.post(
        f"{API}/research/{t['id']}/attachments",
        {"file": SimpleUploadedFile("x.exe", b"MZ\x90"), "final_report": "true"},
    )
    assert bad.status_code == 422
    up = member.client.post(
        f"{API}/research/{t['id']}/attachments",
        {"file": SimpleUploadedFile("结题报告.pdf", PDF), "final_report": "true"},
    )
    assert up.status_code == 201, up.content
    got = member.client.get(up.json()["url"])
    assert got.status_code == 200
    r = member.post(
        f"/research/{t['id']}/transitions",
        {"action": "conclude", "values": {"outcome": "获采纳"}},
    )
    assert r.status_code == 200 and r.json()["state"] == "concluded"


def test_update_drafts_and_visibility(part, people):
    member = Api(part.wang_user)
    s = member.post("/suggestions", {"title": "草稿"}).json()
    assert Api(people.leader).get(f"/suggestions/{s['id']}").status_code == 404
    r = member.patch(
        f"/suggestions/{s['id']}", {"title": "改过的草稿", "version": s["version"]}
    )
    assert r.status_code == 200 and r.json()["title"] == "改过的草稿"
    stale = member.patch(
        f"/suggestions/{s['id']}", {"title": "旧版本", "version": s["version"]}
    )
    assert stale.status_code == 409
    member.post(f"/suggestions/{s['id']}/transitions", {"action": "submit"})
    assert (
        member.patch(f"/suggestions/{s['id']}", {"title": "提交后"}).status_code == 403
    )
    assert Api(people.leader).get(f"/suggestions/{s['id']}").status_code == 200
    assert Suggestion.objects.get().title == "改过的草稿"


def test_drives_sessions_coverage_stats_and_compilations(part, org, people):
    staff = Api(part.staff)
    r = staff.post(
        "/drives",
        {
            "theme": "献一策",
            "organization": org.city.pk,
            "start_on": "2024-01-01",
            "end_on": "2024-12-31",
        },
    )
    assert r.status_code == 201
    assert (
        Api(part.wang_user)
        .post(
            "/drives",
            {
                "theme": "x",
                "organization": org.city.pk,
                "start_on": "2024-01-01",
                "end_on": "2024-12-31",
            },
        )
        .status_code
        == 403
    )
    assert [d["theme"] for d in Api(part.wang_user).get("/drives").json()] == ["献一策"]
    assert (
        staff.post(
            "/sessions",
            {
                "name": "省政协十二届五次会议",
                "body": "辽宁省政协",
                "level": "provincial",
                "year": 2024,
            },
        ).status_code
        == 201
    )
    assert len(staff.get("/sessions").json()) == 2
    services.suggestion_create(
        by=part.wang_user, author=part.wang, title="一案", submit=True
    )
    import datetime as dt

    cov = staff.get("/coverage", year=dt.date.today().year).json()
    assert "王委员" in [m["name"] for m in cov["members_done"]]
    assert Api(part.wang_user).get("/coverage", year=2024).status_code == 403
    stats = Api(people.leader).get("/stats").json()
    assert stats["kinds"]["suggestions"] == 1
    r = staff.post("/compilations", {"kind": "suggestions"})
    assert r.status_code == 200
    doc = Document(io.BytesIO(r.content))
    assert "一案" in "\n".join(p.text for p in doc.paragraphs)
    assert (
        Api(people.leader).post("/compilations", {"kind": "suggestions"}).status_code
        == 403
    )


def test_the_adopt_action_records_the_adoption_as_the_page_does(part):
    """``adopt`` through /transitions records level, body and date (one service)."""
    staff = Api(part.staff)
    r = (
        Api(part.wang_user)
        .post(
            "/opinions",
            {"title": "信息", "text": "内容", "date": "2024-04-01", "submit": True},
        )
        .json()
    )
    staff.post(
        f"/opinions/{r['id']}/transitions",
        {"action": "sign_off", "occurred_on": "2024-04-02"},
    )
    staff.post(
        f"/opinions/{r['id']}/transitions",
        {
            "action": "report",
            "occurred_on": "2024-04-03",
            "values": {"targets": ["民进省委会"]},
        },
    )
    url = f"/opinions/{r['id']}/transitions"
    bad = staff.post(
        url, {"action": "adopt", "values": {"body": "民进省委会", "adopted_on": "x"}}
    )
    assert bad.status_code == 422 and "级别" in bad.json()["detail"]
    wrong = staff.post(url, {"action": "adopt", "values": {"colour": "红"}})
    assert wrong.status_code in (400, 422) and "不接受" in wrong.json()["detail"]
    ok = staff.post(
        url,
        {
            "action": "adopt",
            "comment": "省委会采用",
            "values": {
                "level": "provincial",
                "body": "民进省委会",
                "adopted_on": "2024-05-06",
            },
        },
    )
    assert ok.status_code == 200, ok.content
    body = ok.json()
    assert body["state"] == "adopted"
    assert body["extra"]["adoptions"] == [
        {"level": "provincial", "body": "民进省委会", "adopted_on": "2024-05-06"}
    ]
    assert body["steps"][-1]["action"] == "adopt"
