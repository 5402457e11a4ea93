"""Invented members of the demo committee, planned before they are registered.

A :class:`PersonFactory` draws one person at a time for an organization of the
plan in :mod:`tongxin.demo.data`: name, gender and birth date consistent with a
valid ID number (GB 11643), admission date after the organization was founded,
education, title, work unit and sector after the organization's profile, a
mobile number, an address in the organization's district. The same seed gives
the same people.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from tongxin.core import chinese
from tongxin.demo import data
from tongxin.demo.data import OrgSpec
from tongxin.members.models import Member

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


@dataclass
class Person:
    """A member planned before being created through ``member_create``."""

    fields: dict
    org_code: str
    profile: str
    district: str
    member: Member | None = None
    reserved: bool = False  # holds a post or a login: never transferred or leaves
    last_date: dt.date | None = None  # start of the current membership period

    @property
    def joined_on(self) -> dt.date:
        return self.fields["joined_on"]

    @property
    def birth_date(self) -> dt.date:
        return self.fields["birth_date"]


def id_check_digit(body: str) -> str:
    """Return the GB 11643 check digit of the first 17 digits of an ID number."""
    total = sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11]


def parse_date(text: str) -> dt.date:
    """Return the date of an ISO ``YYYY-MM-DD`` text."""
    return dt.date.fromisoformat(text)


def years_before(day: dt.date, years: int) -> dt.date:
    """Return the same day ``years`` earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_on(birth: dt.date, on: dt.date) -> int:
    """Return the age in whole years on ``on`` of someone born on ``birth``."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


class PersonFactory:
    """Draw invented people from a random generator, as of the date ``ref``."""

    def __init__(self, rng: random.Random, ref: dt.date):
        self.rng = rng
        self.ref = ref
        self.used_ids: set[str] = set()
        self.used_mobiles: set[str] = set()
        self.batches: dict[int, list[dt.date]] = {}

    def plan(self, spec: OrgSpec) -> Person:
        """Return a new person for the organization ``spec``."""
        rng = self.rng
        profile_name = spec.profile
        if profile_name == "mixed":
            profile_name = self._weighted(data.DISTRICT_MIX)
        profile = data.PROFILES[profile_name]
        district = spec.district or rng.choice(data.CITY_DISTRICTS)
        joined, birth = self._dates(spec)
        gender = self._gender(birth)
        era = "old" if birth.year < 1960 else "mid" if birth.year < 1982 else "new"
        name = self._name(gender, era)
        native = self._weighted({k: w for k, (w, _c) in data.NATIVE_PLACES.items()})
        region = (
            data.NATIVE_PLACES[native][1]
            if rng.random() < 0.2
            else data.DISTRICTS[district][0]
        )
        education = self._weighted(profile["education"])
        if birth.year < 1958 and education in ("11", "14") and rng.random() < 0.5:
            education = "21"
        if birth.year < 1950 and education == "21" and rng.random() < 0.3:
            education = "31"
        degree = {"11": "2", "14": "3", "21": "4" if rng.random() < 0.9 else ""}.get(
            education, ""
        )
        title, level = self._title(profile, age_on(birth, self.ref))
        fields = {
            "name": name,
            "gender": "男" if gender == "M" else "女",
            "ethnicity": self._weighted(data.ETHNICITIES),
            "birth_date": birth,
            "native_place": native,
            "id_number": self._id_number(region, birth, gender),
            "education": education,
            "degree": degree,
            "title": title,
            "title_level": level,
            "work_unit": rng.choice(spec.units or profile["units"]),
            "job": rng.choice(profile["jobs"]),
            "sector": self._weighted(profile["sectors"]),
            "mobile": self._mobile()
            if age_on(birth, self.ref) < 86 or rng.random() < 0.5
            else "",
            "email": self._email(name) if rng.random() < 0.45 else "",
            "address": self._address(district),
            "joined_on": joined,
        }
        if rng.random() < 0.02:
            fields["former_name"] = name[0] + rng.choice(
                data.GIVEN_CHARS[(gender, era)]
            )
        return Person(fields, spec.code, profile_name, district)

    def _weighted(self, weights: dict):
        keys = list(weights)
        return self.rng.choices(keys, weights=[weights[k] for k in keys])[0]

    def _dates(self, spec: OrgSpec) -> tuple[dt.date, dt.date]:
        """Return (joined, born): joined after the org was founded, age 28-90 now."""
        rng = self.rng
        lo = parse_date(spec.founded)
        hi = (
            parse_date(spec.closed) - dt.timedelta(days=200)
            if spec.closed
            else self.ref
        )
        if spec.ages == "old":
            hi = min(hi, dt.date(2008, 12, 31))
        elif spec.ages == "young":
            lo = max(lo, dt.date(2017, 6, 1))
        joined = self._join_date(lo, hi)
        # Nobody joined before 23; everybody is 28 to 90 now.
        youngest = max(28, 23 + self.ref.year - joined.year)
        if spec.ages == "old":
            age_now = rng.randint(max(68, youngest), 90)
        elif spec.ages == "young":
            age_now = rng.randint(youngest, max(youngest, 40))
        else:
            join_age = round(rng.triangular(26, 60, 37))
            age_now = max(youngest, min(90, join_age + self.ref.year - joined.year))
        birth = years_before(self.ref, age_now) - dt.timedelta(days=rng.randint(1, 360))
        return joined, birth

    def _join_date(self, lo: dt.date, hi: dt.date) -> dt.date:
        """Return an admission date in ``[lo, hi]``, weighted towards recent decades.

        New members are admitted in two batches a year (each with its
        training class), so most join dates repeat.
        """
        years = list(range(lo.year, hi.year + 1))
        weights = [2.2 if y < 2000 else 2.6 if y < 2010 else 3.0 for y in years]
        year = self.rng.choices(years, weights=weights)[0]
        batches = self.batches.get(year)
        if batches is None:
            batches = [
                dt.date(year, self.rng.randint(4, 7), self.rng.randint(1, 28)),
                dt.date(year, self.rng.randint(10, 12), self.rng.randint(1, 28)),
            ]
            self.batches[year] = batches
        inside = [b for b in batches if lo <= b <= hi]
        if inside and self.rng.random() < 0.85:
            return self.rng.choice(inside)
        start = max(lo, dt.date(year, 1, 1))
        end = min(hi, dt.date(year, 12, 31))
        return start + dt.timedelta(
            days=self.rng.randint(0, max(0, (end - start).days))
        )

    def _gender(self, birth: dt.date) -> str:
        share = (
            0.26
            if birth.year < 1950
            else 0.38
            if birth.year < 1965
            else 0.45
            if birth.year < 1980
            else 0.52
        )
        return "F" if self.rng.random() < share else "M"

    def _name(self, gender: str, era: str) -> str:
        surname = self._weighted(data.SURNAMES)
        chars = data.GIVEN_CHARS[(gender, era)]
        single = 0.3 if era == "old" else 0.22 if era == "mid" else 0.12
        if self.rng.random() < single:
            return surname + self.rng.choice(chars)
        first = self.rng.choice(chars)
        second = self.rng.choice(chars.replace(first, ""))
        return surname + first + second

    def _title(self, profile: dict, age: int) -> tuple[str, str]:
        if self.rng.random() < profile.get("untitled", 0.04):
            return "", ""
        if age < 35:
            levels = {"intermediate": 60, "junior": 35, "senior": 5}
        elif age < 46:
            levels = {"senior": 40, "intermediate": 50, "junior": 10}
        else:
            levels = {"senior": 68, "intermediate": 30, "junior": 2}
        level = self._weighted(levels)
        titles = [t for t in profile["titles"] if t[1] == level] or list(
            profile["titles"]
        )
        return self.rng.choice(titles)

    def _id_number(self, region: str, birth: dt.date, gender: str) -> str:
        while True:
            seq = self.rng.randrange(0, 1000)
            if (seq % 2 == 1) != (gender == "M"):
                seq = (seq + 1) % 1000
            body = f"{region}{birth:%Y%m%d}{seq:03d}"
            number = body + id_check_digit(body)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def _mobile(self) -> str:
        while True:
            number = (
                self.rng.choice(data.MOBILE_PREFIXES)
                + f"{self.rng.randrange(10**8):08d}"
            )
            if number not in self.used_mobiles:
                self.used_mobiles.add(number)
                return number

    def _email(self, name: str) -> str:
        suffix = str(self.rng.randint(1, 999)) if self.rng.random() < 0.6 else ""
        return (
            f"{chinese.name_pinyin(name)}{suffix}@{self.rng.choice(data.EMAIL_DOMAINS)}"
        )

    def _address(self, district: str) -> str:
        _code, streets = data.DISTRICTS[district]
        prefix = "辽宁省" if district in ("瓦房店市", "庄河市") else "大连市"
        number = self.rng.randint(1, 400)
        unit = f"{self.rng.randint(1, 6)}单元{self.rng.randint(1, 18)}-{self.rng.randint(1, 3)}"
        return f"{prefix}{district}{self.rng.choice(streets)}{number}号{unit}"
