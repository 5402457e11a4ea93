"""Grants: subtree scope, separation of administrator roles, the grant command."""

import pytest
from django.core.management import CommandError, call_command

from tongxin.accounts.models import Grant, User
from tongxin.accounts.services import grant_role
from tongxin.core.errors import PermissionDenied, ServiceError
from tongxin.members.policies import policy as member_policy


def test_a_grant_covers_the_whole_subtree(org, people, make_member):
    deep = make_member(org.edu1, "韩梅")
    other = make_member(org.edu2, "韩雪")
    assert member_policy.can(people.head, "change", deep)
    assert not member_policy.can(people.head, "change", other)
    assert member_policy.can(people.staff, "change", other)
    assert not member_policy.can(people.leader, "change", other)
    assert member_policy.can(people.leader, "view", other)


def test_no_account_holds_two_administrator_roles(org, root):
    u = User.objects.create_user("admin1", password="x")
    grant_role(by=root, user=u, role="sysadmin", organization=org.city)
    with pytest.raises(ServiceError) as e:
        grant_role(by=root, user=u, role="auditadmin", organization=org.city)
    assert "三员分立" in e.value.message
    assert list(Grant.objects.filter(user=u).values_list("role", flat=True)) == [
        "sysadmin"
    ]


def test_only_the_security_administrator_grants(org, people):
    with pytest.raises(PermissionDenied):
        grant_role(
            by=people.staff,
            user=people.outsider,
            role="staff_org",
            organization=org.city,
        )


def test_the_grant_command_grants_and_revokes(org, people, capsys):
    call_command("grant", "outsider", "org_head", "G1B2")
    assert member_policy.can(
        User.objects.get(username="outsider"), "change", people.member_record
    )
    call_command("grant", "outsider", "org_head", "G1B2", "--revoke")
    assert not Grant.objects.filter(user=people.outsider).exists()
    with pytest.raises(CommandError, match="不存在"):
        call_command("grant", "outsider", "org_head", "NOPE")
