"""Honors of the demo committee, written through the honors services.

Modelled on the 2014 work report: the committee a national "advanced
collective" in publicity work; 56 members advanced individuals in publicity
(one honor, 56 recipients); 19 and 10 members honored by the provincial
committee; 27 by the city committee; 30 for social service; and, in the
current campaign's year, a provincial advanced base organization and a few
advanced individuals, so the campaign's goals have something to count.
"""

from __future__ import annotations

import datetime as dt
import random

from tongxin.accounts.models import User
from tongxin.honors import services
from tongxin.members.models import Member
from tongxin.orgs.models import Organization

ROOT_CODE = "DL"


def build_honors(*, rng: random.Random, ref: dt.date) -> int:
    """Register the demo honors; return how many were registered."""
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    root = Organization.objects.get(code=ROOT_CODE)
    active = list(
        Member.objects.filter(status=Member.Status.ACTIVE)
        .order_by("pk")
        .only("pk", "name", "org_path")
    )
    bases = list(
        Organization.objects.filter(closed_on__isnull=True)
        .exclude(kind=Organization.Kind.COMMITTEE)
        .order_by("path")
    )

    def people(n: int) -> list[Member]:
        return rng.sample(active, n)

    specs = [
        # (title, category, level, body, year, date, doc, members, orgs)
        (
            "全国宣传工作先进集体",
            "publicity",
            "national",
            "民进中央",
            2013,
            dt.date(2013, 12, 26),
            "民进中央〔2013〕58号",
            0,
            [root],
        ),
        (
            "宣传工作先进个人",
            "publicity",
            "provincial",
            "民进辽宁省委员会",
            2013,
            dt.date(2013, 12, 10),
            "民进辽宁〔2013〕41号",
            56,
            [],
        ),
        (
            "参政议政工作先进个人",
            "participation",
            "provincial",
            "民进辽宁省委员会",
            2013,
            None,
            "民进辽宁〔2013〕42号",
            19,
            [],
        ),
        (
            "社情民意信息工作先进个人",
            "opinion",
            "provincial",
            "民进辽宁省委员会",
            2013,
            None,
            "民进辽宁〔2013〕43号",
            10,
            [],
        ),
        (
            "优秀会员",
            "overall",
            "committee",
            "民进大连市委员会",
            2013,
            dt.date(2013, 1, 15),
            "民进大连〔2013〕12号",
            27,
            [],
        ),
        (
            "社会服务先进个人",
            "social_service",
            "committee",
            "民进大连市委员会",
            2013,
            None,
            "民进大连〔2013〕13号",
            30,
            [],
        ),
        (
            "统一战线先进个人",
            "overall",
            "city",
            "中共大连市委统战部",
            2013,
            None,
            "大统发〔2013〕20号",
            6,
            [],
        ),
        (
            "先进基层组织",
            "organization",
            "committee",
            "民进大连市委员会",
            2013,
            None,
            "民进大连〔2013〕14号",
            0,
            bases[:8],
        ),
        (
            "社会服务先进集体",
            "social_service",
            "city",
            "大连市民政局",
            2019,
            None,
            "",
            0,
            bases[8:10],
        ),
        (
            "参政议政优秀成果奖",
            "participation",
            "national",
            "民进中央",
            2021,
            None,
            "",
            3,
            [],
        ),
    ]
    year = ref.year
    specs += [
        (
            "先进基层组织",
            "organization",
            "provincial",
            "民进辽宁省委员会",
            year,
            dt.date(year, min(ref.month, 6), 18),
            f"民进辽宁〔{year}〕9号",
            0,
            bases[10:11],
        ),
        (
            "创先争优先进个人",
            "overall",
            "committee",
            "民进大连市委员会",
            year,
            dt.date(year, min(ref.month, 7), 1),
            f"民进大连〔{year}〕6号",
            12,
            [],
        ),
        (
            "社情民意信息工作先进个人",
            "opinion",
            "city",
            "中共大连市委统战部",
            year,
            None,
            "",
            4,
            [],
        ),
    ]
    for title, cat, level, body, yr, on, doc, n, orgs in specs:
        services.honor_create(
            by=admin,
            organization=root,
            title=title,
            category=cat,
            level=level,
            awarding_body=body,
            year=yr,
            awarded_on=on,
            document_number=doc,
            members=people(n) if n else [],
            organizations=orgs,
        )
    return len(specs)
