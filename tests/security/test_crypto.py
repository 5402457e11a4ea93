"""ID numbers and mobiles are encrypted at rest and found through keyed hashes.

What the database holds is checked with raw SQL (members and their history
rows), so a field that forgot to encrypt cannot hide behind the ORM; lookups,
uniqueness and the member search go through the hash columns; the pages and
the API show the values masked.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import FieldError, ValidationError
from django.db import IntegrityError, connection, transaction
from openpyxl import Workbook

from tests.conftest import make_id_number
from tongxin.audit.models import AuditEvent
from tongxin.core import crypto
from tongxin.core.fields import EncryptedTextField
from tongxin.members.models import Member
from tongxin.members.roster.importer import roster_import
from tongxin.members.selectors import MemberFilters, member_by_id_number, member_list
from tongxin.members.services import member_create, member_update

MOBILE = "13912345678"
OTHER_MOBILE = "13700001111"


def raw_cells(table: str) -> list[str]:
    """Return every non-empty cell of ``table`` as text, read with raw SQL."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        return [str(v) for row in cursor.fetchall() for v in row if v not in (None, "")]


def assert_no_plaintext(*values: str) -> None:
    cells = raw_cells("members_member") + raw_cells("members_historicalmember")
    assert cells, "the tables are empty: nothing was checked"
    for value in values:
        leaks = [c for c in cells if value in c]
        assert leaks == [], f"{value} is stored in clear"


@pytest.fixture
def zhang(org, make_member):
    return make_member(org.edu1, "张传吉", mobile=MOBILE)


# --- encryption and the keyed hash --------------------------------------------


def test_it_encrypts_to_a_different_token_each_time_and_decrypts_back():
    first, second = (
        crypto.encrypt("210202197503140011"),
        crypto.encrypt("210202197503140011"),
    )
    assert first != second
    assert "210202197503140011" not in first
    assert crypto.decrypt(first) == crypto.decrypt(second) == "210202197503140011"


def test_a_tampered_token_does_not_decrypt():
    token = crypto.encrypt("13912345678")
    tampered = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(tampered)


def test_the_blind_index_is_keyed_normalised_and_separated_by_purpose(settings):
    number = "21020219750314001X"
    digest = crypto.blind_index("id_number", number)
    assert len(digest) == 64 and int(digest, 16) >= 0
    assert crypto.blind_index("id_number", " 21020219750314001x ") == digest
    assert crypto.blind_index("id_number", "２１０２０２19750314001X") == digest
    assert crypto.blind_index("mobile", number) != digest
    settings.TONGXIN_INDEX_KEY = "another-index-key-of-sufficient-length-0123"
    assert crypto.blind_index("id_number", number) != digest


# --- what the database holds --------------------------------------------------


def test_the_member_and_history_tables_hold_no_plaintext(org, make_member, root):
    number = make_id_number(dt.date(1980, 1, 2), female=False)
    member = make_member(org.edu1, "张传吉", id_number=number, mobile=MOBILE)
    member_update(member=member, by=root, mobile=OTHER_MOBILE, work_unit="大连一中")
    assert member.history.count() == 2
    assert_no_plaintext(number, MOBILE, OTHER_MOBILE)
    stored = Member.objects.get(pk=member.pk)
    assert (stored.id_number, stored.mobile) == (number, OTHER_MOBILE)
    old = member.history.order_by("history_id").first()
    assert (old.id_number, old.mobile) == (number, MOBILE)


def test_the_history_model_encrypts_its_copies():
    history = Member.history.model
    for name in ("id_number", "mobile"):
        assert isinstance(history._meta.get_field(name), EncryptedTextField)
    names = {f.name for f in history._meta.concrete_fields}
    assert not {"id_number_hash", "mobile_hash"} & names


def test_empty_values_stay_empty(org, make_member):
    member = make_member(org.edu1, "王芳", id_number=None, mobile="", gender="F")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, mobile, id_number_hash, mobile_hash "
            "FROM members_member WHERE id = %s",
            [member.pk],
        )
        # An empty mobile is stored as no mobile (NULL), as an empty ID number is.
        assert cursor.fetchone() == (None, None, None, None)


def test_a_row_with_an_id_number_but_no_hash_is_refused_by_the_database(zhang):
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.filter(pk=zhang.pk).update(id_number_hash=None)


def test_filtering_on_ciphertext_is_refused_with_a_clear_error(zhang):
    for lookup in ("id_number", "id_number__in", "mobile__contains"):
        value = [zhang.id_number] if lookup.endswith("__in") else zhang.id_number
        with pytest.raises(FieldError, match="encrypted"):
            Member.objects.filter(**{lookup: value}).exists()
    assert Member.objects.filter(id_number=None).count() == 0
    assert Member.objects.exclude(id_number=None).get() == zhang
    assert Member.objects.filter(mobile__isnull=False).get() == zhang


# --- lookups through the hash -------------------------------------------------


def test_a_member_is_found_by_id_number_and_mobile_through_the_hashes(zhang):
    assert Member.objects.with_id_number(zhang.id_number).get() == zhang
    assert Member.objects.with_id_number(zhang.id_number.lower()).get() == zhang
    assert Member.objects.with_mobile(MOBILE).get() == zhang
    assert not Member.objects.with_mobile(OTHER_MOBILE).exists()


def test_member_by_id_number_is_scoped_to_the_user(people, zhang):
    assert member_by_id_number(user=people.staff, id_number=zhang.id_number) == zhang
    assert member_by_id_number(user=people.head, id_number=zhang.id_number) == zhang
    assert member_by_id_number(user=people.outsider, id_number=zhang.id_number) is None
    own = people.member_record
    assert member_by_id_number(user=people.head, id_number=own.id_number) is None


def test_the_member_search_finds_a_whole_id_number_or_mobile(people, zhang):
    def found(q: str) -> list[str]:
        # q_personal: allowed, counted and audited by filters_from_params.
        filters = MemberFilters(q=q, q_personal=True)
        return [m.name for m in member_list(user=people.staff, filters=filters)]

    # Not allowed as a personal search (pickers, name searches): names only.
    unchecked = member_list(user=people.staff, filters=MemberFilters(q=MOBILE))
    assert list(unchecked) == []

    assert found(zhang.id_number) == ["张传吉"]
    assert found(MOBILE) == ["张传吉"]
    assert found("+86 139-1234-5678") == ["张传吉"]
    assert found(zhang.id_number[:17]) == []
    assert found(MOBILE[:7]) == []
    assert found("张传") == ["张传吉"]
    outside = member_list(
        user=people.head, filters=MemberFilters(q=MOBILE, q_personal=True)
    )
    assert list(outside) == [zhang]
    own_number = people.member_record.id_number
    scoped = member_list(
        user=people.head, filters=MemberFilters(q=own_number, q_personal=True)
    )
    assert list(scoped) == []


def test_the_list_page_search_by_id_number_shows_no_number(client, people, zhang):
    """The results show no number (only the links repeat the query typed)."""
    client.force_login(people.staff)
    response = client.get("/members/", {"q": zhang.id_number}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode().replace(f"q={zhang.id_number}", "q=")
    assert "张传吉" in html
    assert zhang.id_number not in html and MOBILE not in html


# --- uniqueness -----------------------------------------------------------------


def test_a_duplicate_id_number_is_refused_on_create_and_update(
    org, root, zhang, make_member
):
    with pytest.raises(ValidationError) as e:
        member_create(
            by=root,
            organization=org.direct,
            name="张冒名",
            gender="M",
            id_number=zhang.id_number.lower(),
        )
    assert "张传吉" in e.value.message_dict["id_number"][0]
    other = make_member(org.direct, "赵明")
    with pytest.raises(ValidationError) as e:
        member_update(member=other, by=root, id_number=zhang.id_number)
    assert "张传吉" in e.value.message_dict["id_number"][0]
    assert Member.objects.with_id_number(zhang.id_number).get() == zhang


def test_the_database_refuses_a_duplicate_hash(org, zhang):
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.create(
            name="张冒名",
            gender="M",
            organization=org.direct,
            org_path=org.direct.path,
            id_number=zhang.id_number,
            id_number_hash=zhang.id_number_hash,
        )


def test_changing_a_number_moves_its_hash(root, zhang):
    number = make_id_number(dt.date(1975, 3, 14), female=False)
    member_update(member=zhang, by=root, id_number=number, mobile="")
    assert not Member.objects.with_id_number(zhang.id_number).exists()
    assert Member.objects.with_id_number(number).get() == zhang
    assert not Member.objects.with_mobile(MOBILE).exists()
    stored = Member.objects.get(pk=zhang.pk)
    assert (stored.mobile, stored.mobile_hash) == (None, None)


# --- the roster importer ------------------------------------------------------


def _roster(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "性别", "身份证号", "手机", "所在组织"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_import_encrypts_hashes_and_matches_by_id_number(org, root, zhang):
    new_number = make_id_number(dt.date(1988, 8, 8), female=True)
    data = _roster(
        [
            ["张传吉", "男", zhang.id_number, OTHER_MOBILE, "教育一支部"],
            ["王芳", "女", new_number, MOBILE, "教育一支部"],
        ]
    )
    report = roster_import(by=root, source=data, filename="r.xlsx", commit=True)
    assert (report.created, report.updated, report.errors) == (1, 1, [])
    assert Member.objects.with_id_number(zhang.id_number).get().mobile == OTHER_MOBILE
    wang = Member.objects.with_id_number(new_number).get()
    assert (wang.name, wang.mobile) == ("王芳", MOBILE)
    assert Member.objects.with_mobile(MOBILE).get() == wang
    assert Member.objects.with_mobile(OTHER_MOBILE).get() == zhang
    assert_no_plaintext(new_number, zhang.id_number, OTHER_MOBILE)
    created = wang.history.get()
    assert (created.id_number, created.mobile) == (new_number, MOBILE)
    again = roster_import(by=root, source=data, filename="r.xlsx", commit=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


# --- masked everywhere ----------------------------------------------------------


def test_pages_api_history_and_audit_show_the_numbers_masked(client, people, zhang):
    member_update(member=zhang, by=people.root, mobile=OTHER_MOBILE)
    client.force_login(people.staff)
    texts = [
        client.get(f"/members/{zhang.pk}/").content.decode(),
        client.get(f"/members/{zhang.pk}/edit/").content.decode(),
        client.get(f"/api/v1/members/{zhang.pk}").content.decode(),
        client.get(f"/api/v1/members/{zhang.pk}/history").content.decode(),
        client.get("/api/v1/members").content.decode(),
        str(list(AuditEvent.objects.values_list("detail", flat=True))),
    ]
    for text in texts:
        for value in (zhang.id_number, MOBILE, OTHER_MOBILE):
            assert value not in text
    detail = client.get(f"/api/v1/members/{zhang.pk}").json()
    assert detail["id_number"] == zhang.id_number[0] + "*" * 16 + zhang.id_number[-1]
    assert detail["mobile"] == "1*********1"
    assert "1*********1" in texts[0]
