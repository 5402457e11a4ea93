"""Every allowed and every refused transition of each participation workflow.

``EXPECTED`` is written from the issue, not read from the seeded table: the
first test checks the seeded table against it, the others take every action
from every state through the services, expecting success exactly where
``EXPECTED`` allows it and a Chinese refusal (nothing written) elsewhere.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.participation.conftest import PDF
from tongxin.participation import services
from tongxin.participation.models import KINDS
from tongxin.workflows import engine
from tongxin.workflows.models import Step, Transition

pytestmark = pytest.mark.django_db

#: (state, action) -> new state, per kind.
EXPECTED = {
    "suggestions": {
        ("draft", "submit"): "submitted",
        ("submitted", "return"): "draft",
        ("submitted", "accept"): "accepted",
        ("submitted", "convert"): "converted",
        ("accepted", "convert"): "converted",
        ("submitted", "archive"): "archived",
        ("accepted", "archive"): "archived",
    },
    "proposals": {
        ("draft", "submit"): "submitted",
        ("submitted", "return"): "draft",
        ("submitted", "file"): "filed",
        ("submitted", "reject"): "not_filed",
        ("submitted", "merge"): "merged",
        ("filed", "reply"): "replied",
        ("replied", "evaluate"): "closed",
    },
    "opinions": {
        ("draft", "submit"): "submitted",
        ("submitted", "return"): "draft",
        ("submitted", "sign_off"): "signed_off",
        ("signed_off", "report"): "reported",
        ("reported", "adopt"): "adopted",
        ("reported", "archive"): "archived",
    },
    "research": {
        ("draft", "submit"): "submitted",
        ("submitted", "return"): "draft",
        ("submitted", "approve"): "approved",
        ("submitted", "reject"): "rejected",
        ("approved", "conclude"): "concluded",
    },
}
#: How to reach each state from a new draft.
PATHS = {
    "suggestions": {
        "draft": [],
        "submitted": ["submit"],
        "accepted": ["submit", "accept"],
        "converted": ["submit", "convert"],
        "archived": ["submit", "archive"],
    },
    "proposals": {
        "draft": [],
        "submitted": ["submit"],
        "filed": ["submit", "file"],
        "not_filed": ["submit", "reject"],
        "merged": ["submit", "merge"],
        "replied": ["submit", "file", "reply"],
        "closed": ["submit", "file", "reply", "evaluate"],
    },
    "opinions": {
        "draft": [],
        "submitted": ["submit"],
        "signed_off": ["submit", "sign_off"],
        "reported": ["submit", "sign_off", "report"],
        "adopted": ["submit", "sign_off", "report", "adopt"],
        "archived": ["submit", "sign_off", "report", "archive"],
    },
    "research": {
        "draft": [],
        "submitted": ["submit"],
        "approved": ["submit", "approve"],
        "rejected": ["submit", "reject"],
        "concluded": ["submit", "approve", "conclude"],
    },
}
VALUES = {
    ("proposals", "file"): {"number": "0123"},
    ("proposals", "reject"): {"not_filed_reason": "属于个人诉求"},
    ("proposals", "reply"): {
        "reply_on": dt.date(2024, 6, 1),
        "reply_text": "已采纳，正在落实。",
        "reply_unit": "市教育局",
    },
    ("proposals", "evaluate"): {"satisfaction": "satisfied"},
    ("opinions", "report"): {"targets": ["民进省委会", "市委统战部"]},
    ("research", "approve"): {"approved_on": dt.date(2024, 3, 1), "funding": "20000"},
}
COMMENTS = {"return": "请补充数据", "reject": "不符合要求"}


def _new(kind, part, org, by):
    if kind == "suggestions":
        return services.suggestion_create(by=by, author=part.wang, title="建议一则")
    if kind == "proposals":
        return services.proposal_create(
            by=by,
            kind="group",
            session=part.session,
            organization=org.city,
            title="团体提案一则",
        )
    if kind == "opinions":
        return services.opinion_create(by=by, authors=[part.wang], title="信息一则")
    return services.research_create(
        by=by,
        organization=org.edu1,
        members=[part.wang],
        title="课题一则",
        target_body="民进省委会",
    )


def _do(kind, item, action, by, part, org):
    """Take ``action`` the way the UI and API do for it."""
    if kind == "suggestions" and action == "convert":
        return services.suggestion_to_proposal(
            by=by, suggestion=item, session=part.session
        )
    if kind == "opinions" and action == "adopt":
        return services.adoption_add(
            by=by,
            report=item,
            level="provincial",
            body="民进省委会",
            adopted_on=timezone.localdate(),
        )
    if kind == "research" and action == "conclude":
        upload = SimpleUploadedFile("结题报告.pdf", PDF, content_type="application/pdf")
        services.attachment_add(by=by, item=item, upload=upload, final_report=True)
        return services.item_transition(
            by=by, item=item, action=action, values={"outcome": "报告获省委会采纳"}
        )
    values = dict(VALUES.get((kind, action), {}))
    if kind == "proposals" and action == "merge":
        target = _new(kind, part, org, by)
        services.item_transition(by=by, item=target, action="submit")
        values = {"merged_into": target}
    return services.item_transition(
        by=by, item=item, action=action, values=values, comment=COMMENTS.get(action, "")
    )


def test_the_seeded_tables_are_the_issues_workflows(db):
    for kind, expected in EXPECTED.items():
        seeded = {
            (t.source.code, t.action): t.target.code
            for t in Transition.objects.filter(workflow__code=KINDS[kind].WORKFLOW)
        }
        assert seeded == expected, kind


CASES = [
    (kind, state, action)
    for kind, paths in PATHS.items()
    for state in paths
    for action in sorted({a for (_s, a) in EXPECTED[kind]})
]


@pytest.mark.parametrize(("kind", "state", "action"), CASES)
def test_every_action_from_every_state(kind, state, action, part, org):
    """Allowed exactly when the table says so; refused otherwise, nothing written."""
    by = part.staff
    item = _new(kind, part, org, by)
    for step in PATHS[kind][state]:
        _do(kind, item, step, by, part, org)
        item.refresh_from_db()
    assert item.state == state
    expected = EXPECTED[kind].get((state, action))
    if (kind, state, action) == ("opinions", "adopted", "adopt"):
        # A further adoption (another level or body) is recorded; no new state.
        services.adoption_add(
            by=by,
            report=item,
            level="national",
            body="民进中央",
            adopted_on=timezone.localdate(),
        )
        item.refresh_from_db()
        assert item.state == "adopted" and item.adoptions.count() == 2
        return
    steps = Step.objects.count()
    if expected is None:
        with pytest.raises(engine.TransitionRefused) as err:
            _do(kind, item, action, by, part, org)
        assert "不能执行" in err.value.message
        item.refresh_from_db()
        assert item.state == state
        if not (kind == "proposals" and action == "merge"):
            assert Step.objects.count() == steps
    else:
        _do(kind, item, action, by, part, org)
        item.refresh_from_db()
        assert item.state == expected
        last = engine.steps_of(item)[-1]
        assert (last.from_state, last.to_state, last.actor) == (state, expected, by)


#: Transitions the item's own author may take (role ``owner``), and the
#: leader's one (签批); everything else is the participation department's.
OWNER_MAY = {
    ("suggestions", "submit"),
    ("proposals", "submit"),
    ("proposals", "evaluate"),
    ("opinions", "submit"),
    ("research", "submit"),
    ("research", "conclude"),
}
LEADER_MAY = {("opinions", "sign_off")}


def _own(kind, part, org):
    """Return a draft written by 王委员 (edu1), entered by himself."""
    by = part.wang_user
    if kind == "suggestions":
        return services.suggestion_create(by=by, author=part.wang, title="本人建议")
    if kind == "proposals":
        return services.proposal_create(
            by=by,
            kind="member",
            session=part.session,
            member=part.wang,
            title="本人提案",
        )
    if kind == "opinions":
        return services.opinion_create(by=by, authors=[part.wang], title="本人信息")
    return services.research_create(
        by=by,
        organization=org.edu1,
        members=[part.wang],
        title="本人课题",
        target_body="市委统战部",
    )


ROLE_CASES = [
    (kind, state, action, who)
    for kind, table in EXPECTED.items()
    for (state, action) in table
    for who in ("owner", "head", "leader")
]


@pytest.mark.parametrize(("kind", "state", "action", "who"), ROLE_CASES)
def test_who_may_take_each_transition(kind, state, action, who, part, org, people):
    """The author, a branch head and a leader: allowed exactly where the issue says."""
    item = _own(kind, part, org)
    for step in PATHS[kind][state]:
        _do(kind, item, step, part.staff, part, org)
        item.refresh_from_db()
    user = {"owner": part.wang_user, "head": people.head, "leader": people.leader}[who]
    allowed = (kind, action) in (OWNER_MAY if who == "owner" else set()) or (
        who == "leader" and (kind, action) in LEADER_MAY
    )
    steps = Step.objects.count()
    if allowed:
        _do(kind, item, action, user, part, org)
        item.refresh_from_db()
        assert item.state == EXPECTED[kind][(state, action)]
    else:
        from django.core.exceptions import PermissionDenied

        with pytest.raises(PermissionDenied):
            _do(kind, item, action, user, part, org)
        item.refresh_from_db()
        assert item.state == state and Step.objects.count() == steps
