"""Write large, valid roster files for the fault and load tests (no Django needed)."""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

HEADERS = [
    "姓名",
    "性别",
    "民族",
    "出生日期",
    "身份证号",
    "学历",
    "手机",
    "入会时间",
    "所在组织",
]
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_number(birth: dt.date, female: bool, seq: int) -> str:
    """Return a valid 18-digit ID number; ``seq`` keeps numbers of one birth apart."""
    order = (seq * 2 + (0 if female else 1)) % 1000
    body = f"210202{birth:%Y%m%d}{order:03d}"
    total = sum(int(c) * w for c, w in zip(body, _WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


def write_roster(path: Path, rows: int, *, organization: str, seed: int = 1) -> Path:
    """Write a UTF-8 CSV roster of ``rows`` distinct new members of ``organization``."""
    rnd = random.Random(seed)
    start = dt.date(1950, 1, 1)
    with path.open("w", newline="", encoding="utf-8-sig") as out:
        writer = csv.writer(out)
        writer.writerow(HEADERS)
        for i in range(rows):
            female = i % 2 == 0
            # Each day gets at most 500 people, so (birth, order) never repeats.
            birth = start + dt.timedelta(days=i // 500)
            name = rnd.choice(_SURNAMES) + rnd.choice(_GIVEN) + rnd.choice(_GIVEN)
            writer.writerow(
                [
                    name,
                    "女" if female else "男",
                    "汉族",
                    birth.isoformat(),
                    id_number(birth, female, i % 500),
                    "大学本科",
                    f"139{i:08d}",
                    "2010-05-01",
                    organization,
                ]
            )
    return path
