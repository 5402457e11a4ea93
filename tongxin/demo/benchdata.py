"""Synthetic national-scale data for benchmarks (``tongxin bench-data``).

This is the one place that writes without the per-row services. Benchmarks
need 200,000 members and 10,000 organizations in seconds, so rows are
inserted with ``bulk_create`` in batches of :data:`BATCH`, in one
transaction, and no history rows are written. Everything the services would
derive is computed the same way here: organization paths and depths with
:func:`tongxin.core.tree.segment`, each member's copy of the path, the name
sort and search keys with :func:`tongxin.members.services.name_keys` (cached
per distinct name, since names repeat), and one open membership period per
member (closed for those who left). The data is synthetic and must never be
mixed with a real committee's.

The tree: a national committee, provincial committees of Zipf-like sizes (the
largest holds about a fifth of the members), city committees, grassroots
committees with branches, and branches directly under the city committees.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import time
from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import TextIO

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tongxin.core import tree
from tongxin.core.codes import SECTOR
from tongxin.core.crypto import blind_index
from tongxin.core.errors import ServiceError
from tongxin.demo import data
from tongxin.demo.builder import apportion
from tongxin.demo.people import id_check_digit
from tongxin.members.models import Member, Membership
from tongxin.members.services import name_keys
from tongxin.orgs.models import Organization

BATCH = 5000
BENCH_ROOT_CODE = "BENCH"
MIN_ORGS = 10
#: Province names and the first two digits of their ID numbers' region codes.
PROVINCES = (
    ("广东", "44"), ("山东", "37"), ("江苏", "32"), ("河南", "41"), ("浙江", "33"),
    ("四川", "51"), ("河北", "13"), ("湖北", "42"), ("湖南", "43"), ("安徽", "34"),
    ("辽宁", "21"), ("福建", "35"), ("上海", "31"), ("北京", "11"), ("陕西", "61"),
    ("江西", "36"), ("广西", "45"), ("云南", "53"), ("黑龙江", "23"), ("吉林", "22"),
    ("山西", "14"), ("贵州", "52"), ("重庆", "50"), ("天津", "12"), ("内蒙古", "15"),
    ("新疆", "65"), ("甘肃", "62"), ("海南", "46"), ("宁夏", "64"), ("青海", "63"),
    ("西藏", "54"),
)  # fmt: skip
ZIPF_EXPONENT = 0.9
LEFT_SHARE = 0.05  # members who have left: withdrawn, deceased or transferred out


#: Records per member, proportional to the association's size (a committee
#: of 10,000 members has about 2,500 suggestions, 100 proposals, 500 opinion
#: reports, 50 honors and 200 people in the talent pool).
RECORD_SHARES = {
    "suggestions": 0.25,
    "proposals": 0.01,
    "opinion_reports": 0.05,
    "honors": 0.005,
    "placements": 0.02,
}


@dataclass
class BenchSummary:
    """What ``generate_bench_data`` wrote and how fast."""

    organizations: int
    members: int
    memberships: int
    distinct_names: int
    seconds: float
    rows_per_second: float
    members_per_second: float
    root_id: int
    #: Rows of the other apps' records, by kind (see :data:`RECORD_SHARES`).
    records: dict
    records_seconds: float
    records_rows_per_second: float

    def as_dict(self) -> dict:
        return asdict(self)


def generate_bench_data(
    *,
    members: int,
    orgs: int,
    seed: int = 1,
    records: bool = True,
    stdout: TextIO | None = None,
) -> BenchSummary:
    """Write ``orgs`` organizations and ``members`` members under a new root."""
    if orgs < MIN_ORGS:
        raise ServiceError(_("组织数量至少为 %d。") % MIN_ORGS)
    if members < 0:
        raise ServiceError(_("会员数量不能为负数。"))
    if Organization.objects.filter(code=BENCH_ROOT_CODE).exists():
        raise ServiceError(
            _("数据库中已有基准数据（组织代码 %s），请换一个空数据库。")
            % BENCH_ROOT_CODE
        )
    started = time.perf_counter()
    generator = _Generator(seed=seed, stdout=stdout)
    made: dict[str, int] = {}
    with transaction.atomic():
        root = generator.organizations(orgs)
        n_members, n_periods = generator.members(members)
        records_started = time.perf_counter()
        if records:
            made = generator.records(n_members)
    seconds = time.perf_counter() - started
    records_seconds = time.perf_counter() - records_started
    record_rows = sum(made.values())
    rows = orgs + n_members + n_periods + record_rows
    return BenchSummary(
        organizations=orgs,
        members=n_members,
        memberships=n_periods,
        distinct_names=len(generator.keys),
        seconds=round(seconds, 2),
        rows_per_second=round(rows / seconds) if seconds else 0,
        members_per_second=round(n_members / seconds) if seconds else 0,
        root_id=root.pk,
        records=made,
        records_seconds=round(records_seconds, 2),
        records_rows_per_second=round(record_rows / records_seconds)
        if record_rows and records_seconds
        else 0,
    )


class _Generator:
    def __init__(self, *, seed: int, stdout: TextIO | None):
        self.rng = random.Random(seed)
        self.stdout = stdout
        self.today = dt.date.today()
        self.leaves: list[Organization] = []
        self.leaf_weights: list[float] = []
        self.leaf_region: list[str] = []
        self.keys: dict[str, dict[str, str]] = {}
        self.used_ids: set[str] = set(
            Member.objects.exclude(id_number=None).values_list("id_number", flat=True)
        )
        self.seq = 0

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message + "\n")
            self.stdout.flush()

    # --- the tree --------------------------------------------------------------

    def _code(self) -> str:
        self.seq += 1
        return f"B{self.seq:06d}"

    def _level(
        self, parents: list[Organization], counts: list[int], kind: str, label: str
    ) -> list[Organization]:
        """Create ``counts[i]`` children of ``parents[i]``, after existing ones."""
        founded = dt.date(1990, 1, 1)
        rows = []
        for parent, n in zip(parents, counts, strict=True):
            start = self.next_child[parent.pk]
            for i in range(start, start + n):
                rows.append(
                    Organization(
                        code=self._code(),
                        name=f"{parent.short_name or parent.name}{label}{i}",
                        kind=kind,
                        parent=parent,
                        path=parent.path + tree.segment(i),
                        depth=parent.depth + 1,
                        founded_on=founded,
                    )
                )
            self.next_child[parent.pk] = start + n
        created = Organization.objects.bulk_create(rows, batch_size=BATCH)
        for org in created:
            self.next_child[org.pk] = 1
        return created

    def _split(self, children: list[Organization], weight: dict, share) -> None:
        """Share each parent's weight among its ``children``, with some noise."""
        siblings: dict[int, int] = defaultdict(int)
        for child in children:
            siblings[child.parent_id] += 1
        for child in children:
            weight[child.pk] = (
                weight[child.parent_id]
                * share(child)
                / siblings[child.parent_id]
                * self.rng.lognormvariate(0, 0.3)
            )

    def organizations(self, total: int) -> Organization:
        K = Organization.Kind
        last_root = Organization.objects.filter(depth=0).aggregate(m=Max("path"))["m"]
        root = Organization.objects.bulk_create(
            [
                Organization(
                    code=BENCH_ROOT_CODE,
                    name=_("全国委员会（基准测试数据）"),
                    short_name=_("全国"),
                    kind=K.COMMITTEE,
                    path=tree.segment(int(last_root) + 1 if last_root else 1),
                    depth=0,
                    founded_on=dt.date(1990, 1, 1),
                    note=_("tongxin bench-data 生成的合成数据"),
                )
            ]
        )[0]
        self.next_child = {root.pk: 1}
        n_prov = max(2, min(len(PROVINCES), total // 30))
        rest = total - 1 - n_prov
        n_city = max(n_prov, round(rest * 0.045))
        n_grass = max(1, round(rest * 0.13))
        n_direct = round(rest * 0.15)
        n_branch = rest - n_city - n_grass - n_direct
        prov_weights = [1 / (i**ZIPF_EXPONENT) for i in range(1, n_prov + 1)]

        provinces = PROVINCES[:n_prov]
        prov_rows = [
            Organization(
                code=self._code(),
                name=_("%s委员会") % name,
                short_name=name,
                kind=K.COMMITTEE,
                parent=root,
                path=root.path + tree.segment(i),
                depth=1,
                founded_on=dt.date(1990, 1, 1),
            )
            for i, (name, _c) in enumerate(provinces, start=1)
        ]
        provs = Organization.objects.bulk_create(prov_rows, batch_size=BATCH)
        self.next_child.update({p.pk: 1 for p in provs})
        self.next_child[root.pk] = len(provs) + 1
        region = {p.pk: code for p, (_n, code) in zip(provs, provinces, strict=True)}
        weight = {p.pk: w for p, w in zip(provs, prov_weights, strict=True)}

        cities = self._level(
            provs, apportion(n_city, prov_weights, 1), K.COMMITTEE, "市"
        )
        for city in cities:
            region[city.pk] = region[city.parent_id]
        per_prov: dict[int, int] = {}
        for city in cities:
            per_prov[city.parent_id] = per_prov.get(city.parent_id, 0) + 1
        city_weights = [weight[c.parent_id] / per_prov[c.parent_id] for c in cities]
        for city, w in zip(cities, city_weights, strict=True):
            weight[city.pk] = w

        grass = self._level(
            cities,
            apportion(n_grass, city_weights, 1 if n_grass >= n_city else 0),
            K.GRASSROOTS,
            "基层委员会",
        )
        direct = self._level(
            cities, apportion(n_direct, city_weights, 0), K.DIRECT_BRANCH, "直属支部"
        )
        # A city's members: three quarters in its grassroots committees, a
        # quarter in its direct branches (all of them if it has only one kind).
        has_direct = {d.parent_id for d in direct}
        has_grass = {g.parent_id for g in grass}
        for org in (*grass, *direct):
            region[org.pk] = region[org.parent_id]
        self._split(grass, weight, lambda g: 0.75 if g.parent_id in has_direct else 1)
        self._split(direct, weight, lambda d: 0.25 if d.parent_id in has_grass else 1)
        grass_weights = [weight[g.pk] for g in grass]
        branches = self._level(
            grass, apportion(n_branch, grass_weights, 1), K.BRANCH, "支部"
        )
        for b in branches:
            region[b.pk] = region[b.parent_id]
        self._split(branches, weight, lambda b: 1)
        self.leaves = [*branches, *direct]
        self.leaf_weights = [weight[o.pk] for o in self.leaves]
        self.leaf_region = [region[o.pk] for o in self.leaves]
        made = 1 + len(provs) + len(cities) + len(grass) + len(direct) + len(branches)
        self.say(_("已生成 %d 个组织。") % made)
        return root

    # --- members ---------------------------------------------------------------

    def _name_pool(self, size: int) -> list[tuple[str, str]]:
        """Return ``size`` distinct (name, gender) pairs, common surnames first."""
        rng = self.rng
        surnames = list(data.SURNAMES)
        surname_weights = [data.SURNAMES[s] for s in surnames]
        pool: dict[str, str] = {}
        attempts = 0
        while len(pool) < size and attempts < size * 20:
            attempts += 1
            gender = "F" if rng.random() < 0.45 else "M"
            era = rng.choice(("old", "mid", "new"))
            chars = data.GIVEN_CHARS[(gender, era)]
            given = rng.choice(chars)
            if rng.random() > 0.2:
                given += rng.choice(chars)
            name = rng.choices(surnames, weights=surname_weights)[0] + given
            pool.setdefault(name, gender)
        return list(pool.items())

    def _id_number(self, region: str, birth: dt.date, gender: str) -> str | None:
        for _attempt in range(20):
            seq = self.rng.randrange(0, 1000)
            if (seq % 2 == 1) != (gender == "M"):
                seq = (seq + 1) % 1000
            body = f"{region}{birth:%Y%m%d}{seq:03d}"
            number = body + id_check_digit(body)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number
        return None

    def members(self, total: int) -> tuple[int, int]:
        if total == 0 or not self.leaves:
            return 0, 0
        rng = self.rng
        counts = apportion(total, self.leaf_weights, 0)
        names = self._name_pool(max(50, min(total // 8, 40_000)))
        # Zipf-like use of names: common names recur, as in real rosters.
        name_cum = list(itertools.accumulate(1 / (i + 10) for i in range(len(names))))
        education = ("11", "14", "21", "21", "21", "31", "41")
        sectors = [code for code, _name in SECTOR]
        left_statuses = (
            (Member.Status.WITHDRAWN, Membership.EndReason.WITHDRAWN),
            (Member.Status.DECEASED, Membership.EndReason.DECEASED),
            (Member.Status.TRANSFERRED, Membership.EndReason.TRANSFERRED_OUT),
        )
        earliest_birth = dt.date(1936, 1, 1).toordinal()
        latest_birth = dt.date(1998, 12, 31).toordinal()
        today = self.today.toordinal()
        batch: list[Member] = []
        made = periods = 0

        def flush() -> int:
            created = Member.objects.bulk_create(batch, batch_size=BATCH)
            rows = []
            for m in created:
                left = m.status != Member.Status.ACTIVE
                rows.append(
                    Membership(
                        member_id=m.pk,
                        organization_id=m.organization_id,
                        org_path=m.org_path,
                        start_on=m.joined_on,
                        end_on=m.status_on if left else None,
                        end_reason=m._end_reason if left else "",
                    )
                )
            Membership.objects.bulk_create(rows, batch_size=BATCH)
            batch.clear()
            return len(rows)

        for org, n, region in zip(self.leaves, counts, self.leaf_region, strict=True):
            chosen = rng.choices(names, cum_weights=name_cum, k=n) if n else []
            for name, gender in chosen:
                keys = self.keys.get(name)
                if keys is None:
                    keys = self.keys[name] = name_keys(name)
                birth = dt.date.fromordinal(rng.randint(earliest_birth, latest_birth))
                first_join = max(
                    birth.toordinal() + 23 * 365, dt.date(1985, 1, 1).toordinal()
                )
                joined = dt.date.fromordinal(rng.randint(min(first_join, today), today))
                status, status_on, reason = Member.Status.ACTIVE, None, ""
                if rng.random() < LEFT_SHARE and joined.toordinal() < today:
                    status, reason = rng.choice(left_statuses)
                    status_on = dt.date.fromordinal(
                        rng.randint(joined.toordinal() + 1, today)
                    )
                number = self._id_number(f"{region}0102", birth, gender)
                member = Member(
                    name=name,
                    gender=gender,
                    birth_date=birth,
                    id_number=number,
                    id_number_hash=blind_index("id_number", number) if number else None,
                    ethnicity="01" if rng.random() < 0.9 else "11",
                    education=rng.choice(education),
                    sector=rng.choice(sectors),
                    joined_on=joined,
                    organization=org,
                    org_path=org.path,
                    status=status,
                    status_on=status_on,
                    **keys,
                )
                member._end_reason = reason
                batch.append(member)
                made += 1
                if len(batch) >= BATCH:
                    periods += flush()
            if made and made % 50_000 < n:
                self.say(_("已生成 %d 名会员……") % made)
        if batch:
            periods += flush()
        return made, periods

    # --- the other apps' records ------------------------------------------------

    def records(self, n_members: int) -> dict[str, int]:
        """Write proportional suggestions, proposals, opinion reports, honors
        (with recipients) and talent-pool placements; return rows by kind.

        Items are in states their workflows reach (drafts and onward), dated
        over the last five years, registered at their author's organization.
        """
        from tongxin.honors.models import Category as HonorCategory
        from tongxin.honors.models import Honor, HonorRecipient
        from tongxin.honors.models import Level as HonorLevel
        from tongxin.participation.models import (
            Level,
            OpinionReport,
            Proposal,
            Session,
            Suggestion,
        )
        from tongxin.talent.models import Placement, Tier

        if not n_members:
            return {}
        rng = self.rng
        active = list(
            Member.objects.filter(status=Member.Status.ACTIVE)
            .order_by("pk")
            .values_list("pk", "organization_id", "org_path")
        )
        if not active:
            return {}
        want = {k: max(1, round(n_members * v)) for k, v in RECORD_SHARES.items()}
        today = self.today.toordinal()
        first = today - 5 * 365

        def day() -> dt.date:
            return dt.date.fromordinal(rng.randint(first, today))

        made: dict[str, int] = {}
        states = ("draft", "submitted", "submitted", "accepted", "archived")
        suggestions = []
        for _i in range(want["suggestions"]):
            pk, org, path = rng.choice(active)
            suggestions.append(
                Suggestion(
                    title=_("关于%s的建议") % rng.choice(TOPICS),
                    organization_id=org,
                    path=path,
                    date=day(),
                    state=rng.choice(states),
                    author_id=pk,
                )
            )
        Suggestion.objects.bulk_create(suggestions, batch_size=BATCH)
        made["suggestions"] = len(suggestions)

        year = self.today.year
        sessions = [
            Session.objects.get_or_create(
                name=_("基准测试数据 %d 年政协全会") % y,
                defaults={"body": _("全国政协"), "level": Level.NATIONAL, "year": y},
            )[0]
            for y in range(year - 4, year + 1)
        ]
        proposals = []
        for _i in range(want["proposals"]):
            pk, org, path = rng.choice(active)
            date = day()
            group = rng.random() < 0.3
            proposals.append(
                Proposal(
                    title=_("关于加强%s的提案") % rng.choice(TOPICS),
                    organization_id=org,
                    path=path,
                    date=date,
                    state=rng.choice(("submitted", "filed", "replied", "closed")),
                    kind=Proposal.Kind.GROUP if group else Proposal.Kind.MEMBER,
                    member_id=None if group else pk,
                    session=sessions[min(4, max(0, date.year - (year - 4)))],
                )
            )
        Proposal.objects.bulk_create(proposals, batch_size=BATCH)
        made["proposals"] = len(proposals)

        reports = [
            OpinionReport(
                title=_("关于%s的社情民意") % rng.choice(TOPICS),
                organization_id=org,
                path=path,
                date=day(),
                state=rng.choice(("submitted", "reported", "adopted")),
            )
            for _pk, org, path in (
                rng.choice(active) for _i in range(want["opinion_reports"])
            )
        ]
        reports = OpinionReport.objects.bulk_create(reports, batch_size=BATCH)
        through = OpinionReport.authors.through
        links = []
        for report in reports:
            authors = {rng.choice(active)[0] for _i in range(rng.choice((1, 1, 2, 3)))}
            links += [through(opinionreport_id=report.pk, member_id=m) for m in authors]
        through.objects.bulk_create(links, batch_size=BATCH)
        made["opinion_reports"] = len(reports)
        made["opinion_report_authors"] = len(links)

        honors = []
        for _i in range(want["honors"]):
            _pk, org, path = rng.choice(active)
            y = rng.randint(year - 4, year)
            honors.append(
                Honor(
                    title=rng.choice(HONOR_TITLES),
                    category=rng.choice(HonorCategory.values),
                    level=rng.choice(HonorLevel.values),
                    awarding_body=_("基准测试授予单位"),
                    year=y,
                    awarded_on=dt.date(y, rng.randint(1, 12), rng.randint(1, 28)),
                    organization_id=org,
                    path=path,
                )
            )
        honors = Honor.objects.bulk_create(honors, batch_size=BATCH)
        recipients = []
        for honor in honors:
            chosen = {rng.choice(active) for _i in range(rng.randint(1, 10))}
            recipients += [
                HonorRecipient(honor_id=honor.pk, member_id=pk, org_path=path)
                for pk, _org, path in chosen
            ]
        HonorRecipient.objects.bulk_create(recipients, batch_size=BATCH)
        made["honors"] = len(honors)
        made["honor_recipients"] = len(recipients)

        placed = rng.sample(active, min(len(active), want["placements"]))
        placements = [
            Placement(
                member_id=pk,
                path=path,
                tier=rng.choice(Tier.values),
                start_on=day(),
            )
            for pk, _org, path in placed
        ]
        Placement.objects.bulk_create(placements, batch_size=BATCH)
        made["placements"] = len(placements)
        self.say(
            _("已生成其他记录：%s。") % "，".join(f"{k} {v}" for k, v in made.items())
        )
        return made


TOPICS = (
    "基础教育均衡发展", "乡村振兴", "养老服务", "中小企业融资", "出版业数字化",
    "医疗资源下沉", "生态环境保护", "文化遗产保护", "青年人才引进", "社区治理",
)  # fmt: skip
HONOR_TITLES = (
    "优秀会员", "参政议政先进个人", "社会服务先进个人", "宣传工作先进个人",
    "社情民意信息工作先进个人", "优秀基层组织",
)  # fmt: skip
