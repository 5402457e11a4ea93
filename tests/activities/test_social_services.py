"""Programs, service activities, donations and funds: rules and bad input."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tongxin.accounts.services import grant_role
from tongxin.activities import services
from tongxin.activities.models import (
    Beneficiary,
    Donation,
    FundEntry,
    Program,
    ServiceActivity,
    VolunteerRecord,
)
from tongxin.core.errors import ConflictError


@pytest.fixture
def school(act):
    return services.partner_create(
        by=act.service,
        organization=act.org.city,
        name="瓦房店市闫店乡中心小学",
        kind="school",
    )


@pytest.fixture
def teaching(act, school):
    return services.program_create(
        by=act.service,
        organization=act.org.city,
        name="同心·支教",
        kind="teaching",
        partner=school,
        started_on=dt.date(2007, 9, 1),
    )


def record(act, program, held_on, **kwargs):
    kwargs.setdefault("title", f"{held_on.year}年支教")
    return services.service_activity_create(
        program=program, by=act.service, held_on=held_on, **kwargs
    )


def test_only_the_social_service_department_manages_programs(act, school):
    for user in (act.staff, act.head, act.leader, act.zhang, act.publicity):
        with pytest.raises(PermissionDenied):
            services.program_create(
                by=user, organization=act.org.city, name="同心·筑绿", kind="greening"
            )
    assert not Program.objects.exists()


def test_an_activity_records_volunteers_beneficiaries_and_outcomes(act, teaching):
    activity = record(
        act,
        teaching,
        dt.date(2013, 6, 1),
        results="上示范课，捐赠教学设备",
        other_volunteers=3,
        volunteers=[(act.zhang_record, "6.5"), (act.wang_record, 4)],
        beneficiaries=[("students", "320"), ("teachers", 18)],
        outcomes=[("示范课", "6", "节")],
    )
    assert activity.path == act.org.city.path
    hours = dict(activity.volunteers.values_list("member__name", "hours"))
    assert hours == {"张传吉": Decimal("6.5"), "王芳": Decimal("4.0")}
    assert dict(activity.beneficiaries.values_list("kind", "count")) == {
        "students": 320,
        "teachers": 18,
    }
    assert activity.outcomes.get().quantity == 6


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("-1", "服务时长不能为负数。"),
        ("三小时", "服务时长应为不小于 0 的数字，如 2.5。"),
        ("NaN", "服务时长应为不小于 0 的数字，如 2.5。"),
        ("2.25", "服务时长最多保留 1 位小数。"),
        (None, "服务时长应为不小于 0 的数字，如 2.5。"),
    ],
)
def test_bad_hours_are_refused_and_nothing_is_written(act, teaching, hours, message):
    with pytest.raises(ValidationError) as e:
        record(
            act,
            teaching,
            dt.date(2013, 6, 1),
            volunteers=[(act.zhang_record, "2"), (act.wang_record, hours)],
        )
    text = e.value.message_dict["volunteers"][0]
    assert text.startswith("第 2 位志愿者（王芳）：")
    assert message in text
    assert not ServiceActivity.objects.exists()
    assert not VolunteerRecord.objects.exists()


@pytest.mark.parametrize(
    ("count", "message"), [("-3", "不能为负数"), ("很多", "应为不小于 0 的整数")]
)
def test_bad_beneficiary_counts_are_refused(act, teaching, count, message):
    with pytest.raises(ValidationError) as e:
        record(act, teaching, dt.date(2013, 6, 1), beneficiaries=[("elderly", count)])
    assert message in e.value.message_dict["beneficiaries"][0]
    assert "老人" in e.value.message_dict["beneficiaries"][0]
    assert not ServiceActivity.objects.exists()
    assert not Beneficiary.objects.exists()


def test_a_volunteer_twice_or_out_of_reach_is_refused(act, make_member, teaching):
    with pytest.raises(ValidationError) as e:
        record(
            act,
            teaching,
            dt.date(2013, 6, 1),
            volunteers=[(act.zhang_record, 1), (act.zhang_record, 2)],
        )
    assert "重复登记" in e.value.message_dict["volunteers"][0]
    branch_program = services.program_create(
        by=act.root, organization=act.org.edu1, name="教育一支部助学", kind="teaching"
    )
    grant_role(
        by=act.root, user=act.head, role="staff_service", organization=act.org.edu1
    )
    with pytest.raises(PermissionDenied) as e:
        services.service_activity_create(
            program=branch_program,
            by=act.head,
            title="助学",
            held_on=dt.date(2013, 6, 1),
            volunteers=[(act.zhao_record, 1)],
        )
    assert str(e.value) == "您无权登记会员“赵明”。"
    assert not ServiceActivity.objects.exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-100", "捐赠价值不能为负数。"),
        ("一万元", "捐赠价值应为不小于 0 的数字"),
        ("1e400", "数额过大"),
        ("12.345", "最多保留 2 位小数"),
        ("inf", "捐赠价值应为不小于 0 的数字"),
    ],
)
def test_bad_donation_values_are_refused(act, teaching, value, message):
    activity = record(act, teaching, dt.date(2014, 5, 1))
    with pytest.raises(ValidationError) as e:
        services.donation_add(
            activity=activity,
            by=act.service,
            kind="money",
            value=value,
            donor_org=act.org.city,
        )
    assert message in e.value.message_dict["value"][0]
    assert not Donation.objects.exists()


def test_a_donation_needs_a_donor_and_goods_a_description(act, teaching):
    activity = record(act, teaching, dt.date(2014, 5, 1))
    with pytest.raises(ValidationError) as e:
        services.donation_add(
            activity=activity, by=act.service, kind="money", value=100
        )
    assert "请填写捐赠方" in str(e.value)
    with pytest.raises(ValidationError) as e:
        services.donation_add(
            activity=activity,
            by=act.service,
            kind="goods",
            value=100,
            donor_name="某公司",
        )
    assert "请填写捐赠的物资" in e.value.message_dict["description"][0]
    goods = services.donation_add(
        activity=activity,
        by=act.service,
        kind="goods",
        value="12,800.00",
        description="电脑 10 台",
        donor_member=act.zhang_record,
    )
    assert goods.value == Decimal("12800.00")
    assert goods.donor_display == "张传吉"
    assert Donation.objects.count() == 1


def test_program_summary_totals_and_streak(act, teaching):
    from tongxin.activities.selectors import program_summary

    for year in range(2007, 2015):
        activity = record(
            act,
            teaching,
            dt.date(year, 5, 20),
            volunteers=[(act.zhang_record, 5)],
            other_volunteers=2,
            beneficiaries=[("students", 300)],
        )
    services.donation_add(
        activity=activity,
        by=act.service,
        kind="goods",
        value="12000",
        description="教学设备",
        donor_org=act.org.city,
    )
    services.donation_add(
        activity=activity,
        by=act.service,
        kind="money",
        value="3000.50",
        donor_name="爱心人士",
    )
    record(act, teaching, dt.date(2016, 5, 20))
    summary = program_summary(program=teaching)
    assert [t.year for t in summary.years] == [*range(2007, 2015), 2016]
    assert summary.streak.longest == 8
    assert summary.streak.current == 1 and summary.streak.last_year == 2016
    y2014 = summary.years[7]
    assert (y2014.activities, y2014.volunteer_times, y2014.beneficiaries) == (1, 3, 300)
    assert (y2014.goods, y2014.money) == (Decimal("12000"), Decimal("3000.50"))
    total = summary.total
    assert total.activities == 9
    assert total.volunteer_hours == Decimal("40")
    assert total.beneficiaries == 2400
    assert total.donated == Decimal("15000.50")
    assert total.by_kind == {"students": 2400}
    assert summary.volunteers == 1


def test_program_update_checks_version_and_dates(act, teaching):
    with pytest.raises(ValidationError) as e:
        services.program_update(
            program=teaching, by=act.service, version=1, ended_on=dt.date(2000, 1, 1)
        )
    assert "结束日期不能早于开始日期。" in str(e.value)
    teaching.refresh_from_db()
    assert teaching.ended_on is None and teaching.version == 1
    services.program_update(
        program=teaching, by=act.service, version=1, name="同心·支教行"
    )
    with pytest.raises(ConflictError):
        services.program_update(program=teaching, by=act.service, version=1, name="X")


def test_a_base_has_a_plaque_date(act, teaching, school):
    base = services.program_base_add(
        program=teaching,
        by=act.service,
        name="同心·支教基地",
        partner=school,
        plaque_on=dt.date(2014, 4, 18),
    )
    assert base.path == teaching.path
    with pytest.raises(ValidationError) as e:
        services.program_base_add(
            program=teaching, by=act.service, name="同心·支教基地"
        )
    assert "该项目已有同名基地。" in str(e.value)


def test_updating_an_activity_replaces_its_lists(act, teaching):
    activity = record(
        act,
        teaching,
        dt.date(2013, 6, 1),
        volunteers=[(act.zhang_record, 2)],
        beneficiaries=[("students", 10)],
    )
    services.service_activity_update(
        activity=activity,
        by=act.service,
        version=1,
        volunteers=[(act.wang_record, "3")],
        title="2013年支教（补记）",
    )
    activity.refresh_from_db()
    assert activity.title == "2013年支教（补记）"
    assert list(activity.volunteers.values_list("member__name", flat=True)) == ["王芳"]
    assert activity.beneficiaries.get().count == 10
    with pytest.raises(ValidationError):
        services.service_activity_update(
            activity=activity,
            by=act.service,
            version=2,
            volunteers=[(act.zhang_record, "-1")],
        )
    assert list(activity.volunteers.values_list("member__name", flat=True)) == ["王芳"]


# --- funds ----------------------------------------------------------------------------


@pytest.fixture
def fund(act):
    return services.fund_create(
        by=act.service,
        organization=act.org.city,
        name="同心·梦起航创新人才培养宜华奖励基金",
        established_on=dt.date(2012, 9, 1),
    )


def test_fund_balance_per_year(act, fund):
    from tongxin.activities.selectors import fund_years

    add = services.fund_entry_add
    add(fund=fund, by=act.service, direction="in", on=dt.date(2012, 9, 10),
        amount="100000", party_name="宜华集团")  # fmt: skip
    add(fund=fund, by=act.service, direction="out", on=dt.date(2013, 6, 20),
        amount="20000", party_name="王小同学", purpose="创新人才奖")  # fmt: skip
    add(fund=fund, by=act.service, direction="in", on=dt.date(2014, 3, 1),
        amount=5000, party_member=act.zhang_record)  # fmt: skip
    rows = [(y.year, y.money_in, y.money_out, y.balance) for y in fund_years(fund=fund)]
    assert rows == [
        (2012, Decimal("100000"), 0, Decimal("100000")),
        (2013, 0, Decimal("20000"), Decimal("80000")),
        (2014, Decimal("5000"), 0, Decimal("85000")),
    ]


def test_a_grant_cannot_exceed_the_balance(act, fund):
    services.fund_entry_add(
        fund=fund, by=act.service, direction="in", on=dt.date(2013, 1, 1),
        amount=1000, party_name="捐赠人",
    )  # fmt: skip
    services.fund_entry_add(
        fund=fund, by=act.service, direction="out", on=dt.date(2013, 6, 1),
        amount=800, party_name="学生甲",
    )  # fmt: skip
    with pytest.raises(ValidationError) as e:
        services.fund_entry_add(
            fund=fund, by=act.service, direction="out", on=dt.date(2013, 3, 1),
            amount=500, party_name="学生乙",
        )  # fmt: skip
    assert "基金余额不足" in e.value.message_dict["amount"][0]
    assert FundEntry.objects.count() == 2


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "金额应为大于 0 的数字"),
        ("-5", "金额不能为负数。"),
        ("abc", "金额应为大于 0 的数字"),
    ],
)
def test_bad_fund_amounts_are_refused(act, fund, amount, message):
    with pytest.raises(ValidationError) as e:
        services.fund_entry_add(
            fund=fund, by=act.service, direction="in", on=dt.date(2013, 1, 1),
            amount=amount, party_name="捐赠人",
        )  # fmt: skip
    assert message in e.value.message_dict["amount"][0]
    assert not FundEntry.objects.exists()


def test_fund_entries_need_a_party_and_a_date_after_establishment(act, fund):
    with pytest.raises(ValidationError) as e:
        services.fund_entry_add(
            fund=fund, by=act.service, direction="in", on=dt.date(2013, 1, 1), amount=1
        )
    assert "请填写捐赠方或受助人" in str(e.value)
    with pytest.raises(ValidationError) as e:
        services.fund_entry_add(
            fund=fund, by=act.service, direction="in", on=dt.date(2010, 1, 1),
            amount=1, party_name="甲",
        )  # fmt: skip
    assert "不能早于基金设立日期" in e.value.message_dict["on"][0]
    with pytest.raises(PermissionDenied):
        services.fund_entry_add(
            fund=fund, by=act.staff, direction="in", on=dt.date(2013, 1, 1),
            amount=1, party_name="甲",
        )  # fmt: skip
