"""``tongxin bench-data``: a consistent synthetic tree and registry, written fast."""

import io
import json
from collections import Counter, defaultdict

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tongxin.core import tree
from tongxin.core.idnumber import parse_id_number
from tongxin.demo.benchdata import BENCH_ROOT_CODE
from tongxin.demo.builder import apportion
from tongxin.members.models import Member, Membership
from tongxin.orgs.models import Organization
from tongxin.orgs.selectors import org_tree, subtree_member_count
from tongxin.orgs.services import ALLOWED_PARENTS


def _generate(members: int = 2000, orgs: int = 100, **extra) -> dict:
    out = io.StringIO()
    call_command(
        "bench_data", members=members, orgs=orgs, json=True, stdout=out, **extra
    )
    return json.loads(out.getvalue())


def test_it_writes_the_requested_counts(db):
    summary = _generate()
    assert summary["organizations"] == Organization.objects.count() == 100
    assert summary["members"] == Member.objects.count() == 2000
    assert summary["memberships"] == Membership.objects.count() == 2000
    assert summary["rows_per_second"] > 0
    root = Organization.objects.get(pk=summary["root_id"])
    assert root.code == BENCH_ROOT_CODE and root.depth == 0


def test_paths_follow_the_parents(db):
    _generate()
    orgs = {o.pk: o for o in Organization.objects.all()}
    siblings = defaultdict(list)
    for org in orgs.values():
        if org.parent_id is None:
            assert org.depth == 0 and len(org.path) == tree.SEGMENT
            continue
        parent = orgs[org.parent_id]
        assert org.path[: len(parent.path)] == parent.path
        assert len(org.path) == len(parent.path) + tree.SEGMENT
        assert org.depth == parent.depth + 1
        assert parent.kind in ALLOWED_PARENTS[org.kind]
        siblings[parent.pk].append(int(org.path[-tree.SEGMENT :]))
    assert len({o.path for o in orgs.values()}) == len(orgs)
    for numbers in siblings.values():
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
    kinds = Counter(o.kind for o in orgs.values())
    assert kinds["grassroots"] and kinds["branch"] and kinds["direct_branch"]


def test_members_carry_their_organization_path_and_one_period(db):
    _generate()
    paths = dict(Organization.objects.values_list("pk", "path"))
    periods = {p.member_id: p for p in Membership.objects.all()}
    for m in Member.objects.all():
        assert m.org_path == paths[m.organization_id]
        assert m.stroke_key and m.pinyin_key and m.search_text
        info = parse_id_number(m.id_number)
        assert (info.birth_date, info.gender) == (m.birth_date, m.gender)
        period = periods[m.pk]
        assert period.organization_id == m.organization_id
        assert period.org_path == m.org_path
        assert period.start_on == m.joined_on
        if m.status == Member.Status.ACTIVE:
            assert period.end_on is None and m.status_on is None
        else:
            assert period.end_on == m.status_on and period.end_reason


def test_subtree_counts_equal_the_members_of_the_organizations(db, root):
    _generate()
    orgs = {o.pk: o for o in Organization.objects.all()}
    direct = Counter(
        Member.objects.filter(status=Member.Status.ACTIVE).values_list(
            "organization_id", flat=True
        )
    )
    expected = Counter()
    for pk, n in direct.items():
        node = orgs[pk]
        while node is not None:
            expected[node.pk] += n
            node = orgs.get(node.parent_id)
    for org in orgs.values():
        assert subtree_member_count(org=org) == expected[org.pk]

    def walk(nodes):
        for node in nodes:
            assert node.total == expected[node.org.pk]
            walk(node.children)

    walk(org_tree(user=root))
    assert sum(direct.values()) > 0.9 * 2000


def test_the_largest_province_holds_about_a_fifth(db):
    _generate(members=5000, orgs=400)
    root = Organization.objects.get(code=BENCH_ROOT_CODE)
    shares = sorted(
        (subtree_member_count(org=o) for o in root.children.all()), reverse=True
    )
    total = sum(shares)
    assert 0.15 <= shares[0] / total <= 0.35


def test_it_prints_rows_per_second(db):
    out = io.StringIO()
    call_command("bench_data", members=300, orgs=20, stdout=out)
    assert "每秒" in out.getvalue()
    assert "300 名会员" in out.getvalue()


def test_it_refuses_a_second_run_and_too_few_orgs(db):
    _generate(members=100, orgs=20)
    with pytest.raises(CommandError, match="已有基准数据"):
        _generate(members=100, orgs=20)
    assert Member.objects.count() == 100
    Organization.objects.filter(code=BENCH_ROOT_CODE).update(code="OLD")
    with pytest.raises(CommandError, match="至少"):
        _generate(members=100, orgs=5)


def test_the_same_seed_gives_the_same_data(db):
    _generate(members=300, orgs=30, seed=5, no_records=True)
    first = list(Member.objects.order_by("id").values_list("name", "org_path"))
    Membership.objects.all().delete()
    Member.objects.all().delete()
    for depth in range(5, -1, -1):
        Organization.objects.filter(depth=depth).delete()
    _generate(members=300, orgs=30, seed=5, no_records=True)
    again = list(Member.objects.order_by("id").values_list("name", "org_path"))
    assert again == first


def test_apportion_keeps_the_total_and_the_minimum():
    assert apportion(10, [1, 1, 1]) == [4, 3, 3]
    assert sum(apportion(1000, [5, 3, 0.5, 0.1], 1)) == 1000
    assert min(apportion(1000, [5, 3, 0.5, 0.1], 1)) >= 1
    assert apportion(2, [1, 1, 1], 1) == [1, 1, 0]
    assert apportion(5, []) == []


def test_it_writes_proportional_records_of_the_other_apps(db):
    from tongxin.honors.models import Honor, HonorRecipient
    from tongxin.participation.models import OpinionReport, Proposal, Suggestion
    from tongxin.participation.workflow_data import WORKFLOWS
    from tongxin.talent.models import Placement

    summary = _generate(members=2000, orgs=100)
    made = summary["records"]
    assert made["suggestions"] == Suggestion.objects.count() == 500
    assert made["proposals"] == Proposal.objects.count() == 20
    assert made["opinion_reports"] == OpinionReport.objects.count() == 100
    assert made["honors"] == Honor.objects.count() == 10
    assert made["placements"] == Placement.objects.count() == 40
    assert made["honor_recipients"] == HonorRecipient.objects.count() > 10
    assert summary["records_rows_per_second"] > 0
    for model in (Suggestion, Proposal, OpinionReport):
        states = {code for code, *_r in WORKFLOWS[model.WORKFLOW]["states"]}
        assert set(model.objects.values_list("state", flat=True)) <= states
    # Every record lies in its author's (or organization's) subtree.
    for s in Suggestion.objects.select_related("author")[:200]:
        assert s.path == s.author.org_path == s.organization.path
    for r in HonorRecipient.objects.select_related("member")[:200]:
        assert r.org_path == r.member.org_path
    for p in Placement.objects.select_related("member"):
        assert p.path == p.member.org_path and p.end_on is None
    assert all(
        p.member_id is not None
        for p in Proposal.objects.filter(kind=Proposal.Kind.MEMBER)
    )
