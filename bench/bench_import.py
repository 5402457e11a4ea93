"""Benchmark the roster import against django-import-export on the same file.

Run as ``.venv/bin/python bench/bench_import.py [--rows 100000]``.

The script generates a realistic roster (.xlsx: Chinese names, valid ID
numbers, ~100 organizations, dates written the ways rosters write them), then
imports it end to end -- reading the file included -- into a fresh, throwaway
database, once with Tongxin's importer (``roster_import``, commit, mode
``all``) and once per django-import-export mode.  Each import runs in its own
child process with its own database: a temporary ``TONGXIN_VAR_DIR`` with an
SQLite file, or, when ``DATABASE_URL`` is set, a dedicated PostgreSQL database
created for the run and dropped afterwards.

The django-import-export resource is what a careful developer would write: it
maps the Chinese headers to fields, converts human values with the project's
code tables and date parser, resolves the organization by name with a
``ForeignKeyWidget``, matches existing members by ID number, validates with
``full_clean`` and sets ``org_path``, the name sort/search keys and the keyed
hashes of the encrypted ID number and mobile (members are matched by the
hash, as the model requires).  Its row mode (the default) also gets each
member's history row (simple_history's ``post_save``) and first membership
period, i.e. the same result as ours: that is the comparison the ratio is
computed on.  Its bulk mode (``use_bulk``) is
timed too for reference; it writes neither history rows nor memberships.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from _common import create_database_sql, print_summary, seed_sqlite  # noqa: E402

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国玉兰志红梅鹏飞斌辉丹萍鑫宇浩凯健俊"
    "帆帅旭宁琳雪晶玲燕博文婷晨阳海波云峰亮成龙慧颖佳欣怡思嘉子涵梓轩雨晴浩然诗琪一鸣天佑晓东春生"
    "德福永胜立新振兴卫东长青建华学军丽娟淑珍秀珍凤兰桂芝玉珍金凤传吉瑞祥书香逸凡清扬若曦"
)
REGIONS = (
    "210202",
    "210203",
    "210204",
    "210211",
    "210212",
    "210213",
    "210281",
    "210283",
)
ETHNICITIES = (("汉族", 93), ("满族", 3), ("回族", 2), ("蒙古族", 1), ("朝鲜族", 1))
EDUCATION = (
    ("大学本科毕业", "学士", 45),
    ("本科", "学士", 10),
    ("硕士研究生毕业", "硕士", 20),
    ("研究生", "硕士", 5),
    ("博士研究生毕业", "博士", 8),
    ("大学专科毕业", "", 8),
    ("大专", "", 4),
)
TITLES = (
    "中学高级教师", "中学一级教师", "讲师", "副教授", "教授", "主任医师", "副主任医师",
    "主治医师", "工程师", "高级工程师", "会计师", "高级经济师", "研究员", "副研究员", "",
)  # fmt: skip
UNITS = (
    "大连市第{}中学", "大连理工大学", "大连医科大学附属第{}医院", "大连海事大学",
    "大连市中山区第{}小学", "辽宁师范大学", "大连市{}律师事务所", "大连银行第{}支行",
    "大连市图书馆", "大连出版社",
)  # fmt: skip
JOBS = ("教师", "校长", "副院长", "主任", "科长", "副主任", "研究室主任", "", "", "")
SECTORS = (
    "教育",
    "文化",
    "出版",
    "科技",
    "医药卫生",
    "经济",
    "法律",
    "文学艺术",
    "社会科学",
)
STREETS = (
    "中山路",
    "人民路",
    "解放路",
    "五四路",
    "黄河路",
    "长江路",
    "西安路",
    "高尔基路",
)
DISTRICTS = ("中山区", "西岗区", "沙河口区", "甘井子区", "旅顺口区", "金州区")
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
HEADERS = (
    "序号", "姓名", "性别", "民族", "出生年月", "籍贯", "公民身份号码", "学历", "学位",
    "职称", "工作单位", "职务", "界别", "手机", "电子邮箱", "通讯地址", "入会时间",
    "介绍人", "所在支部", "会员证号", "备注",
)  # fmt: skip


# -- data ---------------------------------------------------------------------


def org_specs(count: int) -> list[dict]:
    """Return a committee, grassroots committees and branches: ``count`` in all."""
    specs = [
        {"code": "C", "name": "民进大连市委员会", "kind": "committee", "parent": None}
    ]
    branches = count - 1
    groups = max(1, round(branches / 10))
    per_group = (branches - groups) // groups
    fields = (
        "教育",
        "文化",
        "医卫",
        "科技",
        "经济",
        "法律",
        "出版",
        "高校",
        "区县",
        "企业",
    )
    for g in range(1, groups + 1):
        field = fields[(g - 1) % len(fields)]
        code = f"G{g}"
        specs.append(
            {
                "code": code,
                "name": f"{field}第{g}基层委员会",
                "kind": "grassroots",
                "parent": "C",
            }
        )
        for b in range(1, per_group + 1):
            specs.append(
                {
                    "code": f"{code}B{b:02d}",
                    "name": f"{field}第{g}基层委员会第{b}支部",
                    "kind": "branch",
                    "parent": code,
                }
            )
    while len(specs) < count:
        n = len(specs)
        specs.append(
            {
                "code": f"D{n}",
                "name": f"市直属第{n}支部",
                "kind": "direct_branch",
                "parent": "C",
            }
        )
    return specs


def id_number(region: str, birth: dt.date, seq: int) -> str:
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    total = sum(int(c) * w for c, w in zip(body, WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


def pick(rng: random.Random, weighted) -> tuple:
    return rng.choices(weighted, weights=[w[-1] for w in weighted])[0]


def date_text(rng: random.Random, d: dt.date, month_only: bool) -> object:
    form = rng.random()
    if month_only:
        if form < 0.6:
            return f"{d.year}.{d.month:02d}"
        if form < 0.85:
            return f"{d.year}年{d.month}月"
        return f"{d.year}-{d.month:02d}"
    if form < 0.5:
        return f"{d.year}-{d.month}-{d.day}"
    if form < 0.8:
        return d  # an Excel date cell
    return f"{d.year}年{d.month}月{d.day}日"


def generate(path: Path, rows: int, orgs: list[dict], seed: int = 20240501) -> None:
    """Write a roster of ``rows`` members to ``path``."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    branches = [o["name"] for o in orgs if o["kind"] in ("branch", "direct_branch")]
    today = dt.date.today()
    used: set[str] = set()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("会员花名册")
    sheet.append(list(HEADERS))
    for i in range(1, rows + 1):
        surname = rng.choice(SURNAMES)
        given = "".join(
            rng.choice(GIVEN) for _ in range(1 if rng.random() < 0.3 else 2)
        )
        while True:
            birth = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(365 * 60))
            number = id_number(rng.choice(REGIONS), birth, rng.randrange(1000))
            if number not in used:
                used.add(number)
                break
        female = int(number[16]) % 2 == 0
        joined = birth + dt.timedelta(days=rng.randrange(365 * 22, 365 * 60))
        joined = min(joined, today - dt.timedelta(days=30))
        education, degree, _w = pick(rng, EDUCATION)
        ethnicity = pick(rng, ETHNICITIES)[0]
        title = rng.choice(TITLES)
        unit = rng.choice(UNITS).format(rng.randrange(1, 80))
        district = rng.choice(DISTRICTS)
        sheet.append(
            [
                i,
                surname + given,
                "女" if female else "男",
                ethnicity,
                date_text(rng, birth, month_only=True),
                "辽宁大连" if rng.random() < 0.7 else "山东烟台",
                number,
                education,
                degree or None,
                title or None,
                unit,
                rng.choice(JOBS) or None,
                rng.choice(SECTORS),
                f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
                f"m{i}@example.com" if rng.random() < 0.3 else None,
                f"大连市{district}{rng.choice(STREETS)}{rng.randrange(1, 300)}号",
                date_text(rng, joined, month_only=rng.random() < 0.7),
                rng.choice(SURNAMES)
                + rng.choice(GIVEN)
                + "、"
                + rng.choice(SURNAMES)
                + rng.choice(GIVEN),
                rng.choice(branches),
                f"DL{i:07d}",
                "2019年度优秀会员" if rng.random() < 0.02 else None,
            ]
        )
    workbook.save(path)


# -- databases ------------------------------------------------------------------


def _server_url(url: str, database: str) -> str:
    head, _sep, _name = url.rpartition("/")
    return f"{head}/{database}"


def pg_admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(_server_url(url, "postgres"), autocommit=True) as conn:
        conn.execute(sql)


# -- children ----------------------------------------------------------------------


def child(args: argparse.Namespace) -> None:
    """Import the file in this process, into the database the environment names."""
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "tongxin.settings"
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from tongxin.accounts.models import User
    from tongxin.members.models import Member, Membership
    from tongxin.orgs.models import Organization
    from tongxin.orgs.services import org_create

    root = User.objects.create_superuser(
        "bench", "bench@example.com", "Bench-Import-2024"
    )
    created: dict[str, Organization] = {}
    for spec in json.loads(Path(args.orgs).read_text()):
        created[spec["code"]] = org_create(
            by=root,
            name=spec["name"],
            kind=spec["kind"],
            code=spec["code"],
            parent=created.get(spec["parent"]) if spec["parent"] else None,
        )
    if args.child == "ours":
        seconds, detail = run_ours(root, Path(args.file), profile=args.profile)
    else:
        seconds, detail = run_iie(Path(args.file), bulk=args.child == "iie-bulk")
    import resource

    result = {
        "seconds": seconds,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "members": Member.objects.count(),
        "history": Member.history.count(),
        "memberships": Membership.objects.count(),
        "with_keys": Member.objects.exclude(pinyin_key="").count(),
        **detail,
    }
    print("RESULT " + json.dumps(result))


def _cpu_seconds() -> float:
    """Return the CPU time of this process and its finished children.

    Other work on the machine stretches wall time; CPU time shows the cost.
    The database server's own CPU time (PostgreSQL) is not included.
    """
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def run_ours(root, path: Path, *, profile: bool = False) -> tuple[float, dict]:
    from tongxin.members.roster.importer import roster_import

    def run():
        return roster_import(
            by=root, source=path, filename=path.name, commit=True, mode="all"
        )

    profiler = None
    if profile:
        import cProfile

        # CPU time, so that other load on the machine does not show as cost.
        profiler = cProfile.Profile(time.process_time)
    cpu = _cpu_seconds()
    start = time.perf_counter()
    report = profiler.runcall(run) if profiler else run()
    seconds = time.perf_counter() - start
    cpu = _cpu_seconds() - cpu
    if profiler is not None:
        import pstats

        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats("cumulative").print_stats(40)
        stats.sort_stats("tottime").print_stats(25)
    if not report.committed:
        print(report.errors[:10], file=sys.stderr)
        raise SystemExit("tongxin import refused the file")
    # For the reader of the figures: how much of that is deriving the sort and
    # search keys of the names (pypinyin, OpenCC), timed again on its own.
    from tongxin.members.models import Member
    from tongxin.members.services import name_keys

    names = set(Member.objects.values_list("name", flat=True))
    start = time.perf_counter()
    for name in names:
        name_keys(name)
    keys = time.perf_counter() - start
    return seconds, {
        "cpu": cpu,
        "errors": len(report.errors),
        "created": report.created,
        "name_keys_seconds": keys,
    }


def member_resource(bulk: bool):
    """Return the django-import-export resource class for the roster file."""
    from import_export import fields, resources, widgets

    from tongxin.core import codes
    from tongxin.core.crypto import blind_index
    from tongxin.core.dates import parse_roster_date
    from tongxin.members.models import Member, Membership
    from tongxin.members.services import index_values, name_keys
    from tongxin.orgs.models import Organization

    class CodeWidget(widgets.CharWidget):
        def __init__(self, table, **kwargs):
            super().__init__(**kwargs)
            self.table = table

        def clean(self, value, row=None, **kwargs):
            return codes.lookup(self.table, value) if value else ""

    class GenderWidget(widgets.CharWidget):
        def clean(self, value, row=None, **kwargs):
            return {"男": "M", "女": "F"}.get(str(value or "").strip(), "")

    class RosterDateWidget(widgets.Widget):
        def clean(self, value, row=None, **kwargs):
            return parse_roster_date(value)

    class HashWidget(widgets.CharWidget):
        def clean(self, value, row=None, **kwargs):
            return blind_index("id_number", str(value).strip()) if value else None

    class TextWidget(widgets.CharWidget):
        def clean(self, value, row=None, **kwargs):
            return "" if value is None else str(value).strip()

    def field(attribute, header, widget=None):
        return fields.Field(
            attribute=attribute, column_name=header, widget=widget or TextWidget()
        )

    class MemberResource(resources.ModelResource):
        name = field("name", "姓名")
        gender = field("gender", "性别", GenderWidget())
        ethnicity = field("ethnicity", "民族", CodeWidget(codes.ETHNICITY))
        birth_date = field("birth_date", "出生年月", RosterDateWidget())
        native_place = field("native_place", "籍贯")
        id_number = field("id_number", "公民身份号码")
        # ID numbers are stored encrypted: existing members are found by the
        # keyed hash of the number, read from the same column.
        id_number_hash = field("id_number_hash", "公民身份号码", HashWidget())
        education = field("education", "学历", CodeWidget(codes.EDUCATION))
        degree = field("degree", "学位", CodeWidget(codes.DEGREE))
        title = field("title", "职称")
        work_unit = field("work_unit", "工作单位")
        job = field("job", "职务")
        sector = field("sector", "界别", CodeWidget(codes.SECTOR))
        mobile = field("mobile", "手机")
        email = field("email", "电子邮箱")
        address = field("address", "通讯地址")
        joined_on = field("joined_on", "入会时间", RosterDateWidget())
        introducers = field("introducers", "介绍人")
        organization = fields.Field(
            attribute="organization",
            column_name="所在支部",
            widget=widgets.ForeignKeyWidget(Organization, field="name"),
        )
        certificate_no = field("certificate_no", "会员证号")
        note = field("note", "备注")

        class Meta:
            model = Member
            import_id_fields = ("id_number_hash",)
            fields = (
                "name", "gender", "ethnicity", "birth_date", "native_place", "id_number",
                "id_number_hash",
                "education", "degree", "title", "work_unit", "job", "sector", "mobile",
                "email", "address", "joined_on", "introducers", "organization",
                "certificate_no", "note",
            )  # fmt: skip
            clean_model_instances = True
            skip_diff = True
            use_bulk = bulk
            batch_size = 1000

        def before_save_instance(self, instance, row, **kwargs):
            instance.org_path = instance.organization.path
            if (
                instance.birth_date
                and instance.birth_date.day == 1
                and instance.id_number
            ):
                instance.birth_date = dt.date(
                    int(instance.id_number[6:10]),
                    int(instance.id_number[10:12]),
                    int(instance.id_number[12:14]),
                )
            for key, value in name_keys(instance.name).items():
                setattr(instance, key, value)
            for key, value in index_values(
                {"id_number": instance.id_number, "mobile": instance.mobile}
            ).items():
                setattr(instance, key, value)

        def after_save_instance(self, instance, row, **kwargs):
            if not bulk and not kwargs.get("dry_run") and instance.pk:
                Membership.objects.get_or_create(
                    member=instance,
                    end_on=None,
                    defaults={
                        "organization": instance.organization,
                        "org_path": instance.org_path,
                        "start_on": instance.joined_on or dt.date.today(),
                    },
                )

    return MemberResource


def run_iie(path: Path, *, bulk: bool) -> tuple[float, dict]:
    import tablib

    resource = member_resource(bulk)()
    cpu = _cpu_seconds()
    start = time.perf_counter()
    dataset = tablib.Dataset().load(path.read_bytes(), format="xlsx")
    dataset.headers = [str(h).strip() for h in dataset.headers]
    result = resource.import_data(dataset, dry_run=False, use_transactions=True)
    seconds = time.perf_counter() - start
    cpu = _cpu_seconds() - cpu
    errors = len(result.row_errors()) + len(result.invalid_rows)
    if result.has_errors() or result.has_validation_errors():
        sample = result.invalid_rows[:3] or result.row_errors()[:3]
        print(
            f"django-import-export errors: {errors}; sample: {sample}", file=sys.stderr
        )
    return seconds, {"errors": errors, "cpu": cpu}


# -- parent ---------------------------------------------------------------------------


def run_child(
    kind: str,
    file: Path,
    orgs: Path,
    workdir: Path,
    pg_url: str | None,
    pg_prefix: str = "tongxin_bench",
    profile: bool = False,
) -> dict:
    env = dict(os.environ)
    var = workdir / kind
    var.mkdir()
    env["TONGXIN_VAR_DIR"] = str(var)
    env["TONGXIN_MAX_UPLOAD_BYTES"] = str(max(file.stat().st_size + 1, 20 << 20))
    database = None
    if pg_url:
        database = f"{pg_prefix}_{kind.replace('-', '_')}_{os.getpid()}"
        pg_admin(pg_url, f'DROP DATABASE IF EXISTS "{database}"')
        pg_admin(pg_url, create_database_sql(database))
        env["DATABASE_URL"] = _server_url(pg_url, database)
    else:
        env.pop("DATABASE_URL", None)
        seed_sqlite(var)
    try:
        done = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                kind,
                "--file",
                str(file),
                "--orgs",
                str(orgs),
                *(["--profile"] if profile else []),
            ],
            env=env,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
    finally:
        if database:
            pg_admin(pg_url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode != 0 or not lines:
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"{kind} failed (exit {done.returncode})")
    if done.stderr.strip():
        sys.stderr.write(done.stderr[-2000:])
    if profile:
        print("\n".join(s for s in done.stdout.splitlines() if s not in lines))
    return json.loads(lines[-1][len("RESULT ") :])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--orgs-count", type=int, default=100)
    parser.add_argument(
        "--iie",
        default="row,bulk",
        help="django-import-export modes to time: row, bulk, both (default) or none",
    )
    parser.add_argument(
        "--pg-db",
        default="tongxin_bench",
        help="prefix of the PostgreSQL databases it creates and drops",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="print a cProfile (CPU time) of tongxin's import, by function",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--orgs", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.child:
        child(args)
        return

    pg_url = os.environ.get("DATABASE_URL") or None
    engine = "PostgreSQL" if pg_url else "SQLite"
    with tempfile.TemporaryDirectory(prefix="tongxin-bench-") as tmp:
        workdir = Path(tmp)
        orgs = org_specs(args.orgs_count)
        orgs_file = workdir / "orgs.json"
        orgs_file.write_text(json.dumps(orgs, ensure_ascii=False))
        roster = workdir / "roster.xlsx"
        start = time.perf_counter()
        generate(roster, args.rows, orgs)
        size = roster.stat().st_size / (1 << 20)
        print(
            f"Roster: {args.rows:,} rows, {len(orgs)} organizations, {size:.1f} MB "
            f"(generated in {time.perf_counter() - start:.1f} s); database: {engine}"
        )
        results: dict[str, dict] = {}
        kinds = ["ours"] + [
            f"iie-{m}" for m in ("row", "bulk") if m in args.iie or args.iie == "both"
        ]
        if args.iie == "none":
            kinds = ["ours"]
        labels = {
            "ours": "tongxin roster_import (commit, mode all)",
            "iie-row": "django-import-export, row mode",
            "iie-bulk": "django-import-export, bulk mode (no history)",
        }
        for kind in kinds:
            r = results[kind] = run_child(
                kind,
                roster,
                orgs_file,
                workdir,
                pg_url,
                args.pg_db,
                profile=args.profile and kind == "ours",
            )
            rate = args.rows / r["seconds"]
            print(
                f"  {labels[kind]:<44} {r['seconds']:8.1f} s  {rate:9,.0f} rows/s  "
                f"(CPU {r['cpu']:.1f} s; members {r['members']:,}, "
                f"history {r['history']:,}, memberships {r['memberships']:,}, "
                f"errors {r['errors']}, peak {r['peak_mb']:,.0f} MB)"
            )
        ours = results["ours"]["seconds"]
        keys = results["ours"]["name_keys_seconds"]
        print(
            f"  (of tongxin's {ours:.1f} s, about {keys:.1f} s derive the names' sort "
            f"and search keys: members.services.name_keys, timed separately)"
        )
        cpu = results["ours"]["cpu"]
        for kind in kinds[1:]:
            theirs = results[kind]
            print(
                f"  ratio vs {labels[kind]}: {theirs['seconds'] / ours:.1f}x "
                f"(CPU time: {theirs['cpu'] / cpu:.1f}x)"
            )
        print(f"  load average at the end: {os.getloadavg()[0]:.1f}")
        figures = {
            "rows": args.rows,
            "tongxin import rows/s": round(args.rows / ours),
            "tongxin import CPU s": round(cpu, 2),
            "tongxin import s": round(ours, 2),
        }
        for kind in kinds[1:]:
            theirs = results[kind]
            figures[f"{kind} rows/s"] = round(args.rows / theirs["seconds"])
            figures[f"{kind}/tongxin time ratio"] = round(theirs["seconds"] / ours, 2)
            figures[f"{kind}/tongxin CPU ratio"] = round(theirs["cpu"] / cpu, 2)
        missed = []
        if args.rows / ours < 10_000:
            missed.append("import below 10,000 rows/s")
        if "iie-row" in results and results["iie-row"]["seconds"] / ours < 10:
            missed.append("import less than 10x django-import-export (row mode)")
        print_summary(
            {
                "bench": "import",
                "engine": "postgresql" if pg_url else "sqlite",
                "figures": figures,
                "targets_missed": missed,
            }
        )


if __name__ == "__main__":
    main()
