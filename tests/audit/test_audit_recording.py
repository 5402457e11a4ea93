"""What is recorded: writes with before/after, logins, grants, exports, imports."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.audit.conftest import last_event
from tests.conftest import PASSWORD, make_id_number
from tests.members.roster_files import HEADERS, xlsx
from tongxin.accounts.models import Grant
from tongxin.accounts.services import grant_revoke, grant_role
from tongxin.audit.chain import verify_chain
from tongxin.audit.models import AuditEvent
from tongxin.audit.services import id_ranges
from tongxin.core.services import save_with_history
from tongxin.members.models import Member
from tongxin.members.roster.importer import roster_import
from tongxin.members.services import member_create, member_update
from tongxin.orgs.services import org_update

ID_NUMBER = make_id_number(dt.date(1980, 6, 1), female=True)
MOBILE = "13812345678"


def _row_text(event: AuditEvent) -> str:
    """Return everything stored in an audit row, as text."""
    return event.canonical() + event.hash + event.prev_hash


# Writes through services -------------------------------------------------------


def test_a_create_records_one_event_with_masked_personal_numbers(org, people):
    before = AuditEvent.objects.count()
    member = member_create(
        by=people.staff,
        organization=org.edu1,
        name="周文静",
        gender="女",
        id_number=ID_NUMBER,
        mobile=MOBILE,
        joined_on="2010-05-01",
    )
    events = list(
        AuditEvent.objects.filter(
            action="create", object_type="members.member", object_id=str(member.pk)
        )
    )
    assert AuditEvent.objects.count() == before + 1
    (event,) = events
    assert event.object_type == "members.member"
    assert event.object_repr == "周文静"
    assert event.actor_id == people.staff.pk and event.actor_name == "staff"
    after = event.detail["after"]
    assert after["name"] == "周文静"
    assert after["id_number"] == ID_NUMBER[0] + "*" * 16 + ID_NUMBER[-1]
    assert after["mobile"] == "1*********8"
    assert after["organization_id"] == org.edu1.pk
    assert event.detail["reason"] == "新增会员"
    # Neither the clear numbers nor their keyed hashes nor search keys are kept.
    text = _row_text(event)
    assert ID_NUMBER not in text and MOBILE not in text
    assert not {"id_number_hash", "mobile_hash", "search_text"} & after.keys()


def test_an_update_records_only_the_changed_fields_before_and_after(org, people):
    member = member_create(
        by=people.staff,
        organization=org.edu1,
        name="周文静",
        gender="女",
        mobile=MOBILE,
    )
    before = AuditEvent.objects.count()
    member_update(
        member=member,
        by=people.staff,
        version=member.version,
        mobile="13987654321",
        work_unit="大连市第一中学",
    )
    assert AuditEvent.objects.count() == before + 1
    event = last_event(
        action="update", object_type="members.member", object_id=str(member.pk)
    )
    assert event.detail["before"] == {
        "mobile": "1*********8",
        "work_unit": "",
        "version": 1,
    }
    assert event.detail["after"] == {
        "mobile": "1*********1",
        "work_unit": "大连市第一中学",
        "version": 2,
    }
    text = _row_text(event)
    assert MOBILE not in text and "13987654321" not in text
    assert verify_chain().ok


def test_an_organization_update_is_recorded_with_before_and_after(org, people):
    org_update(org=org.edu1, by=people.root, version=org.edu1.version, note="新备注")
    event = last_event(action="update", object_type="orgs.organization")
    assert event.object_id == str(org.edu1.pk)
    assert event.detail["before"]["note"] == ""
    assert event.detail["after"]["note"] == "新备注"
    assert event.actor_id == people.root.pk


def test_a_refused_write_leaves_no_event(org, people):
    member = member_create(
        by=people.staff, organization=org.edu1, name="周文静", gender="女"
    )
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        member_update(
            member=member, by=people.staff, version=member.version, mobile="12345"
        )
    assert AuditEvent.objects.count() == before


def test_a_write_rolled_back_after_saving_leaves_no_event(org, people):
    member = member_create(
        by=people.staff, organization=org.edu1, name="周文静", gender="女"
    )
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        with transaction.atomic():
            member.work_unit = "某单位"
            save_with_history(member, by=people.staff)
            assert AuditEvent.objects.count() == before + 1
            raise ValidationError({"work_unit": "后续检查失败"})
    assert AuditEvent.objects.count() == before
    assert Member.objects.get(pk=member.pk).work_unit == ""
    assert verify_chain().ok


def test_a_write_through_the_api_records_the_address_and_the_channel(org, people):
    member = member_create(
        by=people.staff, organization=org.edu1, name="周文静", gender="女"
    )
    client = Client(REMOTE_ADDR="192.0.2.10")
    client.force_login(people.staff)
    response = client.patch(
        f"/api/v1/members/{member.pk}",
        data=json.dumps({"version": member.version, "job": "教师"}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    event = last_event(
        action="update", object_type="members.member", object_id=str(member.pk)
    )
    assert event.actor_id == people.staff.pk
    assert event.ip == "192.0.2.10"
    assert event.detail["via"] == "api"
    assert event.detail["after"]["job"] == "教师"


def test_a_forwarded_address_counts_only_from_a_trusted_proxy(org, people, settings):
    member = member_create(
        by=people.staff, organization=org.edu1, name="周文静", gender="女"
    )
    client = Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9")
    client.force_login(people.staff)

    def patch(job: str) -> AuditEvent:
        version = Member.objects.get(pk=member.pk).version
        response = client.patch(
            f"/api/v1/members/{member.pk}",
            data=json.dumps({"version": version, "job": job}),
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        return last_event(
            action="update", object_type="members.member", object_id=str(member.pk)
        )

    settings.TONGXIN_TRUSTED_PROXIES = []
    assert patch("甲").ip == "10.0.0.5"
    settings.TONGXIN_TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert patch("乙").ip == "203.0.113.9"


# Logins -----------------------------------------------------------------------


def test_login_and_logout_are_recorded_with_the_address(people):
    client = Client(REMOTE_ADDR="198.51.100.20")
    response = client.post(
        reverse("accounts:login"), {"username": "staff", "password": PASSWORD}
    )
    assert response.status_code == 302
    login = last_event(action="login")
    assert login.actor_id == people.staff.pk
    assert login.ip == "198.51.100.20"
    assert login.object_type == "accounts.user"
    assert login.object_id == str(people.staff.pk)
    client.post(reverse("accounts:logout"))
    logout = last_event(action="logout")
    assert logout.actor_id == people.staff.pk and logout.ip == "198.51.100.20"


def test_a_failed_login_is_recorded_without_the_password(people):
    client = Client(REMOTE_ADDR="198.51.100.21")
    client.post(
        reverse("accounts:login"),
        {"username": "staff", "password": "Wrong-Secret-77"},
    )
    event = last_event(action="login_failed")
    assert event.detail["username"] == "staff"
    assert event.ip == "198.51.100.21"
    assert event.actor_id is None
    assert "Wrong-Secret-77" not in _row_text(event)


# Grants -------------------------------------------------------------------------


def test_grants_and_revocations_are_recorded(org, people, admins):
    grant = grant_role(
        by=admins.secadmin, user=people.outsider, role="leader", organization=org.edu
    )
    event = last_event(action="grant")
    assert event.actor_id == admins.secadmin.pk
    assert event.object_type == "accounts.grant"
    assert event.object_id == str(grant.pk)
    assert event.detail["user"] == "outsider"
    assert event.detail["role"] == "leader"
    assert event.detail["organization"] == "G1"
    grant_id = grant.pk
    grant_revoke(by=admins.secadmin, grant=grant)
    event = last_event(action="revoke")
    assert event.actor_id == admins.secadmin.pk
    assert event.object_id == str(grant_id)
    assert event.detail["role"] == "leader"
    assert not Grant.objects.filter(pk=grant_id).exists()


# Exports and imports --------------------------------------------------------------


def test_a_roster_export_on_the_web_is_recorded_with_filters_and_count(
    org, people, make_member
):
    make_member(org.edu1, "张三")
    make_member(org.edu2, "李四")
    client = Client(REMOTE_ADDR="192.0.2.30")
    client.force_login(people.staff)
    response = client.get(reverse("members:export"), {"org": org.edu1.pk})
    assert response.status_code == 200
    b"".join(response.streaming_content)
    event = last_event(action="export", object_type="members.member")
    assert event.actor_id == people.staff.pk
    assert event.ip == "192.0.2.30"
    assert event.detail["rows"] == 1
    assert event.detail["filters"]["org"] == {"id": org.edu1.pk, "name": "教育一支部"}
    assert event.detail["filters"]["status"] == "active"


def test_a_roster_export_through_the_api_is_recorded(org, people, make_member):
    make_member(org.edu1, "张三")
    client = Client()
    client.force_login(people.staff)
    response = client.get("/api/v1/roster/export")
    assert response.status_code == 200
    b"".join(response.streaming_content)
    event = last_event(action="export", object_type="members.member")
    assert event.actor_id == people.staff.pk
    assert event.detail["via"] == "api"
    assert event.detail["rows"] == Member.objects.filter(status="active").count()


def test_a_roster_export_on_the_command_line_is_recorded(
    org, people, make_member, tmp_path
):
    make_member(org.edu1, "张三")
    target = tmp_path / "out.xlsx"
    call_command("export_roster", str(target), "--org", "G1", stdout=io.StringIO())
    event = last_event(action="export", object_type="members.member")
    assert event.detail["via"] == "cli"
    assert event.detail["rows"] == 2  # 张三 in edu1, the member fixture's in edu2
    assert event.detail["filters"]["org"]["id"] == org.edu.pk


def test_a_committed_import_is_one_event_with_counts_and_ids(org, people):
    existing = member_create(
        by=people.staff,
        organization=org.edu1,
        name="王芳",
        gender="女",
        id_number=make_id_number(dt.date(1982, 11, 2), female=True),
    )
    new_id = make_id_number(dt.date(1975, 3, 14), female=False)
    rows = [
        HEADERS,
        ["张传吉", "男", "汉族", "1975.03", new_id, "本科", "教育", MOBILE, "2013.05", "教育一支部"],
        ["王芳", "女", "汉族", "1982.11", existing.id_number, "本科", "教育", "13912345678", "2013.05", "教育一支部"],
    ]  # fmt: skip
    before = AuditEvent.objects.count()
    roster_import(by=people.staff, source=xlsx(rows), filename="花名册.xlsx")
    assert AuditEvent.objects.count() == before  # a preview writes nothing
    report = roster_import(
        by=people.staff, source=xlsx(rows), filename="花名册.xlsx", commit=True
    )
    assert report.committed
    assert AuditEvent.objects.count() == before + 1
    event = last_event(action="import")
    created = Member.objects.get(name="张传吉")
    assert event.actor_id == people.staff.pk
    assert event.object_type == "members.member"
    assert event.object_repr == "花名册.xlsx"
    assert event.detail["created"] == 1 and event.detail["updated"] == 1
    assert event.detail["created_ids"] == str(created.pk)
    assert event.detail["updated_ids"] == str(existing.pk)
    assert event.detail["history"] == "members_historicalmember"
    text = _row_text(event)
    assert new_id not in text and MOBILE not in text
    assert verify_chain().ok


def test_a_refused_import_leaves_no_event(org, people):
    rows = [HEADERS, ["张传吉", "男", "汉族", "1975.03", "123", "本科", "教育", MOBILE, "2013.05", "教育一支部"]]  # fmt: skip
    before = AuditEvent.objects.count()
    report = roster_import(
        by=people.staff, source=xlsx(rows), filename="花名册.xlsx", commit=True
    )
    assert not report.committed
    assert AuditEvent.objects.count() == before


def test_import_ids_are_written_as_ranges():
    assert id_ranges([]) == ""
    assert id_ranges([5]) == "5"
    assert id_ranges([13, 3, 4, 5, 6, 7, 9, 12, 13, None]) == "3-7,9,12-13"
    assert id_ranges(range(1, 20001)) == "1-20000"
