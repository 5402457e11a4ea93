"""Professional titles (职称) and their levels, from the kept table ``data/titles.tsv``.

The table lists the titles of the national title series (职称系列) with their
grade (正高级, 副高级, 中级, 初级), including the primary and secondary teachers'
titles held before their 2015 reform under their new grades. A member's level
is the grade of their title mapped to :class:`Member.TitleLevel` (正高级 and
副高级 are ``senior``). Titles are found as people write them: with a field in
front (``建筑高级工程师``), a note in brackets (``高级工程师（正高级）``), a
subject inside a teacher's title (``中学语文高级教师``) or several titles
(``主任医师、教授``, the highest counts). A title the table does not hold has
no level, unless it names a grade itself (``中级职称``); nothing is guessed
from a part of a word, and qualifications (注册会计师, 执业医师) are no titles.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from tongxin.members.models import Member

__all__ = ["GRADE_LEVELS", "TitleGrade", "grade_of", "level_of", "table"]

DATA_FILE = Path(__file__).resolve().parent / "data" / "titles.tsv"

#: The project's level of each national grade.
GRADE_LEVELS = {
    "正高级": Member.TitleLevel.SENIOR.value,
    "副高级": Member.TitleLevel.SENIOR.value,
    "中级": Member.TitleLevel.INTERMEDIATE.value,
    "初级": Member.TitleLevel.JUNIOR.value,
}
_GRADE_RANK = {"初级": 1, "中级": 2, "副高级": 3, "正高级": 4}
#: A grade named in the text itself, longest words first.
_GRADE_WORDS = (
    ("正高级", "正高级"),
    ("副高级", "副高级"),
    ("正高", "正高级"),
    ("副高", "副高级"),
    ("中级", "中级"),
    ("初级", "初级"),
)
_SEPARATORS = re.compile(r"[、,，;；/／]|兼|及")
_BRACKETS = re.compile(r"[（(\[【]([^）)\]】]*)[）)\]】]")
_SPACES = re.compile(r"\s+")
#: Words in front of a title that would change its grade (高级技师 is no 技师).
_GRADE_PREFIXES = (
    "高级",
    "副",
    "主任",
    "主管",
    "主治",
    "助理",
    "正",
    "级",
    "中级",
    "初级",
)
#: Qualifications (职业资格), not titles: 注册会计师 is no 会计师.
_QUALIFICATIONS = ("注册", "执业")
#: A teacher's title with a subject or stage inside (中学语文高级教师).
_TEACHER = re.compile(r"^(中学|小学|幼儿园)\D*?(高级|一级|二级|三级)教师$")


@dataclass(frozen=True)
class TitleGrade:
    """A title of the table: its series, its national grade and the project's level."""

    title: str
    series: str
    grade: str

    @property
    def level(self) -> str:
        return GRADE_LEVELS[self.grade]


@functools.cache
def table() -> dict[str, TitleGrade]:
    """Every title and alias of the kept table, to its grade."""
    lines = [
        line
        for line in DATA_FILE.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    found: dict[str, TitleGrade] = {}
    for record in csv.DictReader(lines, delimiter="\t"):
        if record["grade"] not in GRADE_LEVELS:
            raise ValueError(f"titles.tsv: unknown grade {record['grade']!r}")
        entry = TitleGrade(record["title"], record["series"], record["grade"])
        names = [record["title"], *filter(None, (record["aliases"] or "").split("|"))]
        for name in names:
            if name in found:
                raise ValueError(f"titles.tsv: {name!r} is listed twice")
            found[name] = entry
    return found


@functools.cache
def _by_length() -> tuple[str, ...]:
    return tuple(sorted(table(), key=len, reverse=True))


def _grade_word(text: str) -> str | None:
    for word, grade in _GRADE_WORDS:
        if word in text:
            return grade
    return None


def _one(part: str) -> TitleGrade | str | None:
    """The table entry of one title, or a grade it names, or ``None``."""
    bare = _BRACKETS.sub("", part)
    for note in _BRACKETS.findall(part):
        grade = _grade_word(note)
        if grade:  # 高级工程师（正高级）: the note says which
            return grade
    known = table()
    if bare.startswith(_QUALIFICATIONS):
        return None
    if bare in known:
        return known[bare]
    teacher = _TEACHER.match(bare)
    if teacher:
        return known.get(f"{teacher[1]}{teacher[2]}教师")
    for name in _by_length():
        if bare.endswith(name):
            field = bare.removesuffix(name)
            if not field.endswith(_GRADE_PREFIXES):  # 建筑高级工程师
                return known[name]
            break
    return _grade_word(bare)


def grade_of(title: str) -> TitleGrade | str | None:
    """The highest-graded title in ``title``: its table entry, a grade word, or None."""
    text = _SPACES.sub("", title or "")
    best: TitleGrade | str | None = None
    best_rank = 0
    for part in _SEPARATORS.split(text):
        if not part:
            continue
        found = _one(part)
        if found is None:
            continue
        rank = _GRADE_RANK[found.grade if isinstance(found, TitleGrade) else found]
        if rank > best_rank:
            best, best_rank = found, rank
    return best


def level_of(title: str) -> str:
    """The project's level (``senior``, ``intermediate``, ``junior``) of a title, or ``""``."""
    found = grade_of(title)
    if found is None:
        return ""
    return found.level if isinstance(found, TitleGrade) else GRADE_LEVELS[found]
