"""``tongxin bench-data``: synthetic national-scale data for benchmarks.

The one command that writes by bulk without the per-row services: see
:mod:`tongxin.demo.benchdata` for what it generates and why.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tongxin.core.errors import ServiceError
from tongxin.demo.benchdata import generate_bench_data


class Command(BaseCommand):
    help = _(
        "生成基准测试用的合成数据（批量写入，不经逐行服务），如 20 万会员、1 万个组织。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=200_000, help=_("会员数"))
        parser.add_argument("--orgs", type=int, default=10_000, help=_("组织数"))
        parser.add_argument("--seed", type=int, default=1, help=_("随机种子"))
        parser.add_argument(
            "--no-records",
            action="store_true",
            help=_("只生成组织和会员，不生成建议、提案、社情民意、荣誉和人才库记录"),
        )
        parser.add_argument("--json", action="store_true", help=_("以 JSON 输出结果"))

    def handle(self, *args, **opts):
        try:
            summary = generate_bench_data(
                members=opts["members"],
                orgs=opts["orgs"],
                seed=opts["seed"],
                records=not opts["no_records"],
                stdout=None if opts["json"] else self.stdout,
            )
        except ServiceError as e:
            raise CommandError(e.message) from e
        if opts["json"]:
            self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False))
            return
        self.stdout.write(
            _(
                "已写入 %(orgs)d 个组织、%(members)d 名会员、%(periods)d 条组织关系，"
                "用时 %(s).1f 秒：每秒 %(rps)d 行（会员 %(mps)d 名/秒）。"
            )
            % {
                "orgs": summary.organizations,
                "members": summary.members,
                "periods": summary.memberships,
                "s": summary.seconds,
                "rps": summary.rows_per_second,
                "mps": summary.members_per_second,
            }
        )
        if summary.records:
            self.stdout.write(
                _("其他记录 %(n)d 行，用时 %(s).1f 秒：每秒 %(rps)d 行。")
                % {
                    "n": sum(summary.records.values()),
                    "s": summary.records_seconds,
                    "rps": summary.records_rows_per_second,
                }
            )
