"""Resident ID numbers, masking and phone numbers."""

import datetime

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tongxin.core.idnumber import (
    IdInfo,
    IdNumberError,
    PhoneNumberError,
    is_masked,
    mask_id_number,
    mask_phone,
    normalize_id_number,
    parse_id_number,
    validate_mobile,
    validate_phone,
)

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def check_digit(body: str) -> str:
    """Compute the GB 11643 check digit independently of the module."""
    total = sum(int(c) * w for c, w in zip(body, WEIGHTS, strict=True))
    return "10X98765432"[total % 11]


def make_id(region: str = "210202", birth: str = "19850101", seq: str = "123") -> str:
    body = region + birth + seq
    return body + check_digit(body)


VALID = make_id()  # 210202198501011234
FEMALE_X = "11010519491231002X"


def test_fixtures_are_valid():
    assert VALID == "210202198501011234"
    assert check_digit(FEMALE_X[:17]) == "X"


# --- normalize_id_number ------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("210202198501011234", "210202198501011234"),
        (" 210202 19850101 1234 ", "210202198501011234"),
        ("２１０２０２１９８５０１０１１２３４", "210202198501011234"),
        ("\u3000210202198501011234\xa0", "210202198501011234"),
        ("11010519491231002x", FEMALE_X),
        ("11010519491231002ｘ", FEMALE_X),
        ("11010519491231002Ｘ", FEMALE_X),
        (210202198501011234, "210202198501011234"),
        (210202850101123, "210202850101123"),
        (None, ""),
        ("", ""),
        ("   ", ""),
    ],
)
def test_normalize_id_number(raw, expected):
    assert normalize_id_number(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        2.10202198501011e17,
        210202198501011234.0,
        "2.10202198501011E+17",
        "2.10202198501011e+17",
        "2.10202198501011E17",
        " ２.１０２０２１９８５０１０１１Ｅ＋１７ ",
        "210202198501011234.0",
        210202198501011000,
        21020219850101123,
        2102021985010112,
    ],
)
def test_numbers_from_excel_are_rejected_with_a_hint(raw):
    with pytest.raises(IdNumberError) as excinfo:
        normalize_id_number(raw)
    message = str(excinfo.value)
    assert "Excel" in message
    assert "文本" in message


def test_excel_numbers_are_rejected_by_parse_too():
    with pytest.raises(IdNumberError, match="Excel"):
        parse_id_number(2.10202198501011e17)


def test_id_number_error_is_a_value_error():
    assert issubclass(IdNumberError, ValueError)


# --- parse_id_number ----------------------------------------------------------


def test_parse_valid_number():
    info = parse_id_number(VALID)
    assert info == IdInfo(
        number=VALID,
        birth_date=datetime.date(1985, 1, 1),
        gender="M",
        region="210202",
    )


def test_parse_female_with_x_check_digit():
    info = parse_id_number("11010519491231002x")
    assert info.number == FEMALE_X
    assert info.gender == "F"
    assert info.birth_date == datetime.date(1949, 12, 31)
    assert info.region == "110105"


def test_region_name_comes_from_the_region_code():
    assert parse_id_number(FEMALE_X).region_name == "北京市朝阳区"
    assert parse_id_number(make_id(region="219999")).region_name == ""


def test_parse_upgrades_15_digit_numbers():
    info = parse_id_number("210202850101123")
    assert info.number == VALID
    assert info.birth_date == datetime.date(1985, 1, 1)
    assert info.gender == "M"
    assert parse_id_number(210202850101123).number == VALID


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "为空"),
        (None, "为空"),
        ("21020219850101123", "应为 18 位，实际为 17 位"),
        ("2102021985010112345", "应为 18 位，实际为 19 位"),
        ("21020219850101123A", "只能由数字组成"),
        ("2102021985A101123X", "只能由数字组成"),
        ("21020285010112X", "15 位身份证号只能由数字组成"),
        ("21020219850101-123", "只能由数字组成"),
        (make_id(region="990202"), "“99”不是有效的省级行政区代码"),
        (make_id(region="000000"), "不是有效的省级行政区代码"),
        (make_id(birth="19850230"), "出生日期“19850230”不是有效日期"),
        (make_id(birth="19851301"), "不是有效日期"),
        (make_id(birth="18991231"), "早于 1900 年"),
        (make_id(birth="20991231"), "晚于今天"),
    ],
)
def test_parse_rejects_with_a_chinese_message(raw, fragment):
    with pytest.raises(IdNumberError) as excinfo:
        parse_id_number(raw)
    assert fragment in str(excinfo.value)


def test_parse_reports_the_expected_check_digit():
    wrong = VALID[:17] + "3"
    with pytest.raises(IdNumberError) as excinfo:
        parse_id_number(wrong)
    assert "身份证号校验位错误：应为 4，实际为 3" in str(excinfo.value)

    with pytest.raises(IdNumberError, match="应为 X，实际为 3"):
        parse_id_number(FEMALE_X[:17] + "3")


def test_birth_date_today_is_accepted():
    today = datetime.date.today()
    info = parse_id_number(make_id(birth=f"{today:%Y%m%d}"))
    assert info.birth_date == today


REGIONS = st.sampled_from(["110105", "210202", "310104", "440305", "650102", "810000"])
BIRTHS = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date.today())
SEQUENCES = st.integers(min_value=0, max_value=999)


@given(REGIONS, BIRTHS, SEQUENCES)
def test_generated_numbers_round_trip(region, birth, seq):
    number = make_id(region, f"{birth:%Y%m%d}", f"{seq:03d}")
    info = parse_id_number(number)
    assert info.number == number
    assert info.birth_date == birth
    assert info.region == region
    assert info.gender == ("M" if seq % 2 else "F")
    assert parse_id_number(number.lower()) == info
    assert parse_id_number(" ".join(number)) == info


@given(REGIONS, BIRTHS, SEQUENCES, st.integers(0, 16), st.integers(1, 9))
def test_any_single_digit_error_is_caught(region, birth, seq, position, delta):
    number = make_id(region, f"{birth:%Y%m%d}", f"{seq:03d}")
    digit = (int(number[position]) + delta) % 10
    corrupted = number[:position] + str(digit) + number[position + 1 :]
    with pytest.raises(IdNumberError):
        parse_id_number(corrupted)


@given(REGIONS, BIRTHS, SEQUENCES, st.integers(0, 15))
def test_adjacent_transpositions_are_caught(region, birth, seq, position):
    number = make_id(region, f"{birth:%Y%m%d}", f"{seq:03d}")
    assume(number[position] != number[position + 1])
    swapped = (
        number[:position]
        + number[position + 1]
        + number[position]
        + number[position + 2 :]
    )
    with pytest.raises(IdNumberError):
        parse_id_number(swapped)


@given(
    REGIONS,
    st.dates(
        min_value=datetime.date(1900, 1, 1), max_value=datetime.date(1999, 12, 31)
    ),
    SEQUENCES,
)
def test_15_digit_upgrade_matches_the_18_digit_number(region, birth, seq):
    old = f"{region}{birth:%y%m%d}{seq:03d}"
    new = make_id(region, f"{birth:%Y%m%d}", f"{seq:03d}")
    assert parse_id_number(old).number == new


# --- masking ------------------------------------------------------------------


def test_mask_id_number():
    assert mask_id_number("210202198501011234") == "2****************4"
    assert mask_id_number(FEMALE_X) == "1****************X"
    assert mask_id_number("210202850101123") == "2*************3"
    assert mask_id_number("") == ""
    assert mask_id_number(None) == ""


def test_mask_phone():
    assert mask_phone("13812345678") == "1*********8"
    assert mask_phone("0411-82345678") == "0***********8"
    assert mask_phone("") == ""


@given(st.text(alphabet="0123456789X", max_size=30))
def test_masks_never_reveal_short_numbers_whole(number):
    for masked in (mask_id_number(number), mask_phone(number)):
        assert len(masked) == len(number)
        if number:
            assert "*" in masked
        # At most the first and the last character stay visible: neither
        # the region, the birth date nor the sequence of an ID number.
        visible = [c for c in masked if c != "*"]
        assert len(visible) <= 2
        if visible:
            assert masked[0] == number[0] and masked[-1] == number[-1]
        assert is_masked(masked) == bool(number)


# --- phones -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13812345678", "13812345678"),
        (" 138 1234 5678 ", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("+86-13812345678", "13812345678"),
        ("008613812345678", "13812345678"),
        ("8613812345678", "13812345678"),
        (13812345678, "13812345678"),
        (13812345678.0, "13812345678"),
        ("19912345678", "19912345678"),
    ],
)
def test_validate_mobile(raw, expected):
    assert validate_mobile(raw) == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "手机号为空"),
        (None, "手机号为空"),
        ("12812345678", "应为 1 开头的 11 位数字"),
        ("1381234567", "应为 1 开头的 11 位数字"),
        ("138123456789", "应为 1 开头的 11 位数字"),
        ("0411-82345678", "无效"),
        ("abc", "无效"),
    ],
)
def test_validate_mobile_rejects(raw, fragment):
    with pytest.raises(PhoneNumberError) as excinfo:
        validate_mobile(raw)
    assert fragment in str(excinfo.value)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0411-82345678", "0411-82345678"),
        ("041182345678", "0411-82345678"),
        ("0411 8234 5678", "0411-82345678"),
        ("0411-8234-5678", "0411-82345678"),
        ("(0411)82345678", "0411-82345678"),
        ("（０４１１）８２３４５６７８", "0411-82345678"),
        ("010-62345678", "010-62345678"),
        ("02187654321", "021-87654321"),
        ("0571-8765432", "0571-8765432"),
        ("+86 411 82345678", "0411-82345678"),
        ("0411-82345678-123", "0411-82345678-123"),
        ("0411-82345678转123", "0411-82345678-123"),
        ("0411-82345678 ext. 8001", "0411-82345678-8001"),
        ("82345678", "82345678"),
        ("400-123-4567", "400-123-4567"),
        ("8001234567", "800-123-4567"),
        ("13812345678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
    ],
)
def test_validate_phone(raw, expected):
    assert validate_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "0411-123",  # too short
        "010-1234567",  # Beijing numbers have 8 digits
        "0411-02345678",  # local numbers do not start with 0
        "12345",
        "phone",
        "0411-82345678转abc",
    ],
)
def test_validate_phone_rejects(raw):
    with pytest.raises(PhoneNumberError) as excinfo:
        validate_phone(raw)
    assert "固定电话" in str(excinfo.value)


def test_validate_phone_rejects_empty():
    with pytest.raises(PhoneNumberError, match="为空"):
        validate_phone(" ")


def test_phone_number_error_is_a_value_error():
    assert issubclass(PhoneNumberError, ValueError)


@given(
    st.sampled_from("3456789"), st.text(alphabet="0123456789", min_size=9, max_size=9)
)
def test_every_mainland_mobile_is_accepted_by_both(second, rest):
    number = "1" + second + rest
    assert validate_mobile(number) == number
    assert validate_phone(number) == number
    assert validate_mobile(f"+86 {number[:3]} {number[3:7]} {number[7:]}") == number


@pytest.mark.parametrize("blank", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"])
def test_zero_width_characters_pasted_with_a_number_are_stripped(blank):
    number = FEMALE_X
    pasted = blank + number[:6] + blank + number[6:] + blank
    assert normalize_id_number(pasted) == number
    assert parse_id_number(pasted).number == number
    assert validate_mobile(blank + "138 1234" + blank + "5678") == "13812345678"
