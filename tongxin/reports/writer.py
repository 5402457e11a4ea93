"""The annual report's text: every section of ``compute_all`` written out as
Chinese sentences, tables and charts.

Each writer takes the section's figures (the dict its ``compute`` returned)
and returns blocks; nothing here reads the database, so every number in the
document is one of the figures ``tongxin report --json`` prints. A section
with nothing recorded gets one plain sentence saying so, not a row of zeros.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from tongxin.core.rates import rate, shown
from tongxin.reports import charts

CHINESE_NUMERALS = "一二三四五六七八九十"


@dataclass
class Para:
    text: str


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list]


@dataclass
class Chart:
    title: str
    png: bytes | None


@dataclass
class Section:
    key: str
    heading: str
    blocks: list = field(default_factory=list)


@dataclass
class Context:
    label: str  # the period, e.g. "2014年"
    as_of: str  # "2014年12月31日"
    scope: str  # the committee's name


# --- little helpers -------------------------------------------------------------------


def cn_date(iso: str) -> str:
    y, m, d = (int(x) for x in iso.split("-"))
    return f"{y}年{m}月{d}日"


def joined(items: list[str], limit: int = 0) -> str:
    items = [str(i) for i in items if str(i)]
    if limit and len(items) > limit:
        return "、".join(items[:limit]) + _("等")
    return "、".join(items)


def in_quotes(text: str) -> str:
    """ "“title”", unless the title already carries its own quotation marks
    (“凝心铸魂 强基固本”主题活动), which are kept as they are: never doubled.
    Straight quotation marks in a title ("凝心铸魂 强基固本"主题活动) are
    written as Chinese ones, in pairs."""
    text = str(text).strip()
    for straight in ('"', "＂"):
        if text.count(straight) >= 2 and text.count(straight) % 2 == 0:
            parts = text.split(straight)
            text = parts[0] + "".join(
                ("“" if i % 2 else "”") + part for i, part in enumerate(parts[1:], 1)
            )
    if any(mark in text for mark in '“”"＂「」'):
        return text
    return f"“{text}”"


def quoted(items: list[str], limit: int = 0) -> str:
    return joined([f"《{i}》" for i in items], limit)


def pct(value) -> str:
    """A rate with its one decimal (72.1%, 80.0%): :func:`tongxin.core.rates.shown`."""
    return shown(value)


def counted(
    rows: list[dict], unit: str, label: str = "label", key: str = "count"
) -> str:
    """ "领军1人、重点2人" from rows with a label and a count, zeros left out."""
    return "、".join(f"{r[label]}{r[key]}{unit}" for r in rows if r.get(key))


def _get(d: dict | None, path: str, default=0):
    cur = d or {}
    for part in path.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return default
        cur = cur[part]
    return cur


# --- campaigns and leadership -----------------------------------------------------------


def write_campaigns(f: dict, ctx: Context) -> list:
    blocks: list = []
    campaigns = f.get("campaigns") or []
    if not campaigns:
        blocks.append(
            Para(_("%(label)s，没有登记开展中的专项活动。") % {"label": ctx.label})
        )
    for c in campaigns:
        text = _("%(label)s，%(org)s开展%(title)s（%(start)s至%(end)s）。") % {
            "label": ctx.label,
            "org": c["organization"],
            "title": in_quotes(c["title"]),
            "start": cn_date(c["start_on"]),
            "end": cn_date(c["end_on"]),
        }
        g = c["group"]
        if g["size"]:
            parts = []
            if g["leader"]:
                parts.append(_("%s担任组长") % joined(g["leader"]))
            if g["deputy"]:
                parts.append(_("%s担任副组长") % joined(g["deputy"]))
            if g["member"]:
                parts.append(
                    _("%(names)s%(n)d人为成员")
                    % {"names": joined(g["member"], 8), "n": len(g["member"])}
                )
            text += _("成立了由%(parts)s的领导小组，共%(n)d人。") % {
                "parts": "，".join(parts),
                "n": g["size"],
            }
        else:
            text += _("尚未登记领导小组成员。")
        goals = c.get("goals") or []
        if goals:
            text += _("确立了%(n)d项目标：%(goals)s。") % {
                "n": len(goals),
                "goals": "；".join(
                    _("%(text)s（本期获得%(achieved)d个，%(state)s）")
                    % {
                        "text": in_quotes(g["text"]),
                        "achieved": g["achieved"],
                        "state": _("已实现") if g["met"] else _("尚未实现"),
                    }
                    for g in goals
                ),
            }
        t = c["tasks"]
        if t["total"]:
            text += _("工作方案中本期到期任务%(total)d项，已完成%(done)d项。") % t
        blocks.append(Para(text))
    t = f.get("tasks") or {}
    if t.get("total"):
        months = len(t.get("by_month") or [])
        departments = len(t.get("by_department") or [])
        text = _(
            "将工作任务分布到全年%(months)d个月份，明确%(deps)d个负责部室，"
            "本期共有工作任务%(total)d项，截至%(as_of)s已完成%(done)d项"
        ) % {
            "months": months,
            "deps": departments,
            "total": t["total"],
            "as_of": ctx.as_of,
            "done": t["done"],
        }
        if t.get("completion_rate") is not None:
            text += _("，完成率%s") % pct(t["completion_rate"])
        extra = []
        if t.get("overdue"):
            extra.append(_("%d项逾期未完成") % t["overdue"])
        elif t.get("open"):
            extra.append(_("%d项正在推进") % t["open"])
        if t.get("cancelled"):
            extra.append(_("%d项已取消") % t["cancelled"])
        text += ("；" + "，".join(extra) if extra else "") + "。"
        blocks.append(Para(text))
        rows = t.get("by_department") or []
        blocks.append(
            Table(
                _("工作任务完成情况（按负责部室）"),
                [_("负责部室"), _("任务数"), _("已完成")],
                [[r["department"], r["total"], r["done"]] for r in rows],
            )
        )
        blocks.append(
            Chart(
                _("工作任务完成情况"),
                charts.bar_chart(
                    _("工作任务完成情况（按负责部室）"),
                    [r["department"] for r in rows],
                    [
                        (_("任务数"), [r["total"] for r in rows]),
                        (_("已完成"), [r["done"] for r in rows]),
                    ],
                ),
            )
        )
    elif campaigns:
        blocks.append(Para(_("本期工作方案中没有到期的工作任务。")))
    i = f.get("inspections") or {}
    if i.get("visits"):
        text = _(
            "开展督促检查，%(teams)d个督查组深入基层组织督查走访%(visits)d次，"
            "走访基层组织%(visited)d个"
        ) % {
            "teams": i["teams"],
            "visits": i["visits"],
            "visited": i["base_organizations_visited"],
        }
        if i.get("base_organizations"):
            text += _("，占基层组织总数（%(base)d个）的%(rate)s") % {
                "base": i["base_organizations"],
                "rate": pct(i["coverage_rate"]),
            }
        if i.get("host_party_talks"):
            text += _("；同所在单位党组织交流沟通%d次") % i["host_party_talks"]
        text += "。"
        ratings = i.get("ratings") or []
        if ratings:
            text += _("督查评价为%s。") % "、".join(
                f"“{r['label']}”{r['count']}次" for r in ratings
            )
        fu = i.get("followups") or {}
        if fu.get("total"):
            text += _("提出整改事项%(total)d项，已完成%(done)d项。") % fu
        if i.get("not_visited"):
            text += _("尚未走访的基层组织%(n)d个：%(names)s。") % {
                "n": len(i["not_visited"]),
                "names": joined(i["not_visited"], 10),
            }
        blocks.append(Para(text))
    else:
        blocks.append(Para(_("本期没有登记督查走访。")))
    return blocks


# --- culture and education --------------------------------------------------------------


def write_culture(f: dict, ctx: Context) -> list:
    blocks: list = []
    if not f.get("events") and not f.get("series"):
        return [Para(_("%(label)s，没有登记文化教育活动。") % {"label": ctx.label})]
    if f.get("events"):
        text = _(
            "%(label)s，共举办文化教育活动%(events)d场，会员参加%(attendance)d人次"
        ) % {"label": ctx.label, "events": f["events"], "attendance": f["attendance"]}
        if f.get("participants"):
            text += _("（%d人）") % f["participants"]
        kinds = counted(f.get("by_kind") or [], _("场"), key="events")
        if kinds:
            text += _("，其中%s") % kinds
        blocks.append(Para(text + "。"))
    for s in f.get("series") or []:
        name = in_quotes(s["name"])
        text = _("%(name)s本期举办%(n)d场") % {"name": name, "n": s["events"]}
        editions = s.get("editions") or []
        if editions:
            text += _("（第%s届）") % "、".join(str(e) for e in editions)
        if s.get("attendance"):
            text += _("，参加%d人次") % s["attendance"]
        if s.get("streak_years", 0) >= 2:
            text += _("，已连续%d年举办") % s["streak_years"]
        elif s.get("first_year"):
            text += _("，自%d年起举办") % s["first_year"]
        blocks.append(Para(text + "。"))
    kinds = f.get("by_kind") or []
    if kinds:
        blocks.append(
            Chart(
                _("文化教育活动"),
                charts.bar_chart(
                    _("文化教育活动场次与参加人次"),
                    [k["label"] for k in kinds],
                    [
                        (_("场次"), [k["events"] for k in kinds]),
                        (_("参加人次"), [k["attendance"] for k in kinds]),
                    ],
                ),
            )
        )
    highlights = f.get("highlights") or []
    if highlights:
        blocks.append(
            Table(
                _("主要文化教育活动"),
                [_("日期"), _("活动名称"), _("类型"), _("系列"), _("签到人数")],
                [
                    [
                        h["date"],
                        h["title"],
                        h["kind_label"],
                        h["series"],
                        h["attendance"],
                    ]
                    for h in highlights
                ],
            )
        )
    return blocks


# --- team building -----------------------------------------------------------------------


def write_team(f: dict, ctx: Context) -> list:
    blocks: list = []
    t = f.get("talent") or {}
    if t.get("total"):
        text = _(
            "加强代表人物队伍建设。截至%(as_of)s，代表人物队伍共%(total)d人，其中%(tiers)s"
        ) % {
            "as_of": ctx.as_of,
            "total": t["total"],
            "tiers": counted(t["tiers"], _("人")),
        }
        if t.get("new_in_period"):
            text += _("；本期新入库%d人") % t["new_in_period"]
        text += "。"
        steps = counted(t.get("steps") or [], _("人次"))
        if steps:
            text += _("本期发现选拔、培养锻炼、推荐使用各环节记录：%s。") % steps
        trainings = counted(t.get("trainings") or [], _("人次"))
        if trainings:
            text += _("参加%s。") % trainings
        r = t.get("recommendations") or {}
        if r.get("total"):
            text += _("推荐%(total)d人次（%(targets)s），已任用%(appointed)d人次。") % {
                "total": r["total"],
                "targets": counted(r.get("by_target") or [], _("人次")),
                "appointed": r.get("appointed", 0),
            }
        blocks.append(Para(text))
        blocks.append(
            Chart(
                _("代表人物队伍"),
                charts.pie_chart(
                    _("代表人物队伍类别构成"),
                    [x["label"] for x in t["tiers"]],
                    [x["count"] for x in t["tiers"]],
                ),
            )
        )
    else:
        blocks.append(Para(_("截至%s，尚未登记代表人物队伍。") % ctx.as_of))
    r = f.get("reserve") or {}
    if r.get("entries"):
        text = (
            _(
                "建立了%(people)d人的领导班子后备干部名册（%(entries)d人次，涉及%(teams)d个领导班子）"
            )
            % r
        )
        ready = counted(r.get("readiness") or [], _("人次"))
        if ready:
            text += _("，其中%s") % ready
        blocks.append(Para(text + "。"))
    else:
        blocks.append(Para(_("领导班子后备干部名册尚无在册人员。")))
    k = f.get("classes") or {}
    if k.get("count"):
        text = _(
            "举办新会员培训班%(count)d期（%(names)s），安排课次%(sessions)d次，"
            "学员%(attendees)d人，结业%(completed)d人"
        ) % {**k, "names": joined([c["name"] for c in k["list"]], 5)}
        blocks.append(Para(text + "。"))
        blocks.append(
            Table(
                _("新会员培训班"),
                [
                    _("名称"),
                    _("开班日期"),
                    _("结业日期"),
                    _("课次"),
                    _("学员"),
                    _("结业"),
                    _("颁证"),
                ],
                [
                    [
                        c["name"],
                        c["start_on"],
                        c["end_on"],
                        c["sessions"],
                        c["attendees"],
                        c["completed"],
                        c["certificates"],
                    ]
                    for c in k["list"]
                ],
            )
        )
    else:
        blocks.append(Para(_("本期未举办新会员培训班。")))
    c = f.get("certificates") or {}
    if c.get("issued"):
        text = _("颁发《会员证》%d本") % c["issued"]
        if c.get("at_classes"):
            text += _("，其中在新会员培训班上举行发证仪式颁发%d本") % c["at_classes"]
        if c.get("voided"):
            text += _("；作废%d本") % c["voided"]
        blocks.append(Para(text + "。"))
    return blocks


# --- regulations -------------------------------------------------------------------------


def write_regulations(f: dict, ctx: Context) -> list:
    blocks: list = []
    adopted, revised = f.get("adopted") or [], f.get("revised") or []
    if adopted or revised:
        parts = []
        if adopted:
            parts.append(
                _("制定了%(titles)s%(n)d项制度")
                % {
                    "titles": quoted([r["title"] for r in adopted], 6),
                    "n": len(adopted),
                }
            )
        if revised:
            parts.append(
                _("修订了%(titles)s%(n)d项制度")
                % {
                    "titles": quoted([r["title"] for r in revised], 6),
                    "n": len(revised),
                }
            )
        text = _("加强制度建设，%(label)s%(parts)s") % {
            "label": ctx.label,
            "parts": "，".join(parts),
        }
        text += _("；截至%(as_of)s，现行有效制度%(n)d项。") % {
            "as_of": ctx.as_of,
            "n": f.get("in_force", 0),
        }
    elif f.get("in_force"):
        text = _(
            "%(label)s没有新制定或修订的制度；截至%(as_of)s，现行有效制度%(n)d项。"
        ) % {"label": ctx.label, "as_of": ctx.as_of, "n": f["in_force"]}
    else:
        text = _(
            "%(label)s没有新制定或修订的制度，制度登记簿中尚无现行有效的制度。"
        ) % {"label": ctx.label}
    blocks.append(Para(text))
    li = f.get("liaison") or {}
    if li.get("assignments"):
        who = []
        if li.get("leaders"):
            who.append(_("%d名领导班子成员") % li["leaders"])
        if li.get("departments"):
            who.append(_("%d个机关部室") % li["departments"])
        text = _("按照联系制度，%(who)s分工联系基层组织%(orgs)d个") % {
            "who": "、".join(who),
            "orgs": li["organizations"],
        }
        if li.get("coverage_rate") is not None:
            text += _("，覆盖基层组织的%s") % pct(li["coverage_rate"])
        blocks.append(Para(text + "。"))
    rows = [
        [r["title"], r["number"], r["issuing_body"], r["effective_on"], _("制定")]
        for r in adopted
    ] + [
        [
            r["title"],
            r["number"],
            r["issuing_body"],
            r["version_on"],
            _("修订（%s）") % r["version"],
        ]
        for r in revised
    ]
    if rows:
        blocks.append(
            Table(
                _("本期制定和修订的制度"),
                [_("名称"), _("文号"), _("制定机关"), _("施行日期"), _("情况")],
                rows,
            )
        )
    return blocks


# --- overview, participation, service, honors -------------------------------------------


def _label(section: str, key: str) -> str:
    """The section's own Chinese name of a key (its ``label``), last part only."""
    from tongxin.stats.figures import _available
    from tongxin.stats.figures import section as module

    if _available(section) and hasattr(module(section), "label"):
        text = str(module(section).label(key))
        if text != key:
            return text.split("·")[-1]
    from tongxin.reports.labels import label

    return label(key).split("·")[-1]


def _parts(section: str, prefix: str, counts: dict, unit: str) -> str:
    """ "基层委员会1个、支部3个" from a dict of counts keyed by code (zeros left out)."""
    return "、".join(
        f"{_label(section, f'{prefix}.{k}')}{v}{unit}"
        for k, v in (counts or {}).items()
        if isinstance(v, int | float) and v
    )


def yuan(value) -> str:
    value = float(value or 0)
    return f"{value:.0f}" if value == int(value) else f"{value:.2f}"


def write_overview(f: dict, ctx: Context) -> list:
    blocks: list = []
    orgs, members = f.get("organizations") or {}, f.get("members") or {}
    if not orgs.get("open") and not members.get("end"):
        return [Para(_("截至%s，尚未登记基层组织和会员。") % ctx.as_of)]
    text = _("截至%(as_of)s，%(scope)s现有基层组织%(open)d个") % {
        "as_of": ctx.as_of,
        "scope": ctx.scope,
        "open": orgs.get("open", 0),
    }
    kinds = _parts("overview", "organizations.by_kind", orgs.get("by_kind"), _("个"))
    if kinds:
        text += _("（其中%s）") % kinds
    text += _("，会员%d人。") % members.get("end", 0)
    changes = []
    if orgs.get("opened"):
        changes.append(_("新建基层组织%d个") % orgs["opened"])
    if orgs.get("closed"):
        changes.append(_("撤销基层组织%d个") % orgs["closed"])
    if changes:
        text += _("本期%s。") % "，".join(changes)
    blocks.append(Para(text))
    moves = []
    for key, word in (
        ("admitted", _("新发展会员%d人")),
        ("transferred_in", _("转入%d人")),
        ("transferred_out", _("转出%d人")),
        ("withdrawn", _("退会%d人")),
        ("deceased", _("去世%d人")),
        ("expelled", _("除名%d人")),
    ):
        if members.get(key):
            moves.append(word % members[key])
    if moves or members.get("start"):
        net = members.get("net_change", 0)
        text = _("本期") + ("，".join(moves) if moves else _("会员人数没有变动"))
        if moves:
            change = (
                _("净增%d人") % net
                if net > 0
                else (_("净减%d人") % -net if net < 0 else _("人数持平"))
            )
            text += _("；期末会员较期初（%(start)d人）%(change)s") % {
                "start": members.get("start", 0),
                "change": change,
            }
        blocks.append(Para(text + "。"))
    st = f.get("structure") or {}
    total = st.get("total") or 0
    if total:
        parts = []
        if st.get("women"):
            parts.append(
                _("女性%(n)d人，占%(rate)s")
                % {"n": st["women"], "rate": pct(rate(st["women"], total))}
            )
        if st.get("ethnic_minorities"):
            parts.append(_("少数民族%d人") % st["ethnic_minorities"])
        education = _parts(
            "overview",
            "structure.education",
            {k: v for k, v in (st.get("education") or {}).items() if k != "other"},
            _("人"),
        )
        if education:
            parts.append(_("学历：%s") % education)
        titles = st.get("titles") or {}
        if titles.get("senior") or titles.get("intermediate"):
            parts.append(
                _("具有高级职称%(senior)d人、中级职称%(intermediate)d人")
                % {
                    "senior": titles.get("senior", 0),
                    "intermediate": titles.get("intermediate", 0),
                }
            )
        posts = st.get("public_posts") or {}
        npc = (posts.get("npc") or {}).get("total", 0)
        cppcc = (posts.get("cppcc") or {}).get("total", 0)
        if npc or cppcc:
            parts.append(
                _("担任人大代表%(npc)d人、政协委员%(cppcc)d人")
                % {"npc": npc, "cppcc": cppcc}
            )
        if parts:
            blocks.append(Para(_("会员中，%s。") % "；".join(parts)))
        ages = st.get("age_bands") or {}
        rows = [
            [_label("overview", f"structure.age_bands.{k}"), v] for k, v in ages.items()
        ]
        if any(v for _k, v in rows):
            blocks.append(Table(_("会员年龄结构"), [_("年龄段"), _("人数")], rows))
            blocks.append(
                Chart(
                    _("会员年龄结构"),
                    charts.bar_chart(
                        _("会员年龄结构（人）"),
                        [r[0] for r in rows],
                        [(_("人数"), [r[1] for r in rows])],
                    ),
                )
            )
    return blocks


def write_participation(f: dict, ctx: Context) -> list:
    kinds = ("suggestions", "proposals", "opinions", "research")
    totals = {k: _get(f, f"{k}.total") for k in kinds}
    if not any(totals.values()):
        return [
            Para(
                _("%(label)s，没有登记建议、提案、社情民意信息和调研课题。")
                % {"label": ctx.label}
            )
        ]
    blocks: list = []
    parts = []
    if totals["suggestions"]:
        parts.append(_("建议%d件") % totals["suggestions"])
    if totals["proposals"]:
        text = _("提案%d件") % totals["proposals"]
        detail = _parts(
            "participation", "proposals.kinds", _get(f, "proposals.kinds", {}), _("件")
        )
        filed = _get(f, "proposals.filed")
        if filed:
            detail += ("，" if detail else "") + _("已立案%d件") % filed
        if detail:
            text += _("（其中%s）") % detail
        parts.append(text)
    if totals["opinions"]:
        parts.append(_("社情民意信息%d件") % totals["opinions"])
    text = _("%(label)s，共提交%(parts)s。") % {
        "label": ctx.label,
        "parts": "、".join(parts),
    }
    if totals["research"]:
        text += _("共提交专题调研报告课题%d件") % totals["research"]
        approved = [
            _("被%(body)s立项%(n)d项") % {"body": body, "n": row.get("approved", 0)}
            for body, row in (_get(f, "research.by_body", {}) or {}).items()
            if row.get("approved")
        ]
        if approved:
            text += _("，其中%s") % "，".join(approved)
        text += "。"
    blocks.append(Para(text))
    adoptions = f.get("adoptions") or {}
    extra = []
    if adoptions.get("total"):
        extra.append(
            _("社情民意信息被采用%(n)d次（%(levels)s）")
            % {
                "n": adoptions["total"],
                "levels": _parts(
                    "honors", "by_level", adoptions.get("by_level"), _("次")
                ),
            }
        )
    if f.get("awards"):
        extra.append(_("%d件提案获优秀提案奖") % f["awards"])
    if extra:
        blocks.append(Para("；".join(extra) + "。"))
    cov = f.get("coverage") or {}
    if cov.get("members"):
        blocks.append(
            Para(
                _(
                    "坚持开展“一人一案”工作，期末%(members)d名会员中有%(done)d人"
                    "提交了建议、提案或社情民意信息，覆盖率%(rate)s。"
                )
                % {
                    "members": cov["members"],
                    "done": cov.get("contributors", 0),
                    "rate": pct(cov.get("rate")),
                }
            )
        )
    blocks.append(
        Table(
            _("参政议政成果"),
            [_("类别"), _("件数")],
            [[_label("participation", k), v] for k, v in totals.items() if v],
        )
    )
    return blocks


def write_service(f: dict, ctx: Context) -> list:
    events, social = f.get("events") or {}, f.get("social_service") or {}
    blocks: list = []
    if events.get("held"):
        text = _("%(label)s，共举办各类活动%(held)d场，会员参加%(times)d人次") % {
            "label": ctx.label,
            "held": events["held"],
            "times": events.get("participants", 0),
        }
        if events.get("members_attending"):
            text += _("（%d人）") % events["members_attending"]
        kinds = _parts("service", "events.by_kind", events.get("by_kind"), _("场"))
        if kinds:
            text += _("，其中%s") % kinds
        blocks.append(Para(text + "。"))
    if social.get("activities"):
        text = _("开展社会服务活动%d次") % social["activities"]
        if social.get("volunteer_times"):
            text += _("，志愿服务%d人次") % social["volunteer_times"]
        if social.get("volunteer_hours"):
            text += _("、%s小时") % f"{float(social['volunteer_hours']):g}"
        if social.get("beneficiaries"):
            text += _("，服务群众%d人") % social["beneficiaries"]
            who = _parts(
                "service",
                "social_service.beneficiaries_by_kind",
                social.get("beneficiaries_by_kind"),
                _("人"),
            )
            if who:
                text += _("（%s）") % who
        d = social.get("donations") or {}
        if d.get("total"):
            gifts = []
            if d.get("money"):
                gifts.append(_("资金%s元") % yuan(d["money"]))
            if d.get("goods"):
                gifts.append(_("物资折合%s元") % yuan(d["goods"]))
            text += _("，捐赠%s") % "、".join(gifts)
            if len(gifts) > 1:
                text += _("，合计%s元") % yuan(d["total"])
        blocks.append(Para(text + "。"))
    programs = []
    for p in f.get("programs") or []:
        text = _(
            "%(name)s已连续开展%(years)d年（%(since)d年起），本期开展活动%(n)d次"
        ) % {
            "name": in_quotes(p["name"]),
            "years": p["years_running"],
            "since": p["since"],
            "n": p["activities"],
        }
        if p.get("beneficiaries"):
            text += _("，服务群众%d人") % p["beneficiaries"]
        if p.get("donations"):
            text += _("，捐赠%s元") % yuan(p["donations"])
        programs.append(text)
    if programs:
        blocks.append(Para(_("其中，%s。") % "；".join(programs)))
    if not blocks:
        return [
            Para(_("%(label)s，没有登记活动和社会服务记录。") % {"label": ctx.label})
        ]
    return blocks


def write_honors(f: dict, ctx: Context) -> list:
    if not f.get("honors"):
        return [Para(_("%(label)s，没有登记获得的表彰。") % {"label": ctx.label})]
    text = _("%(label)s，共获得各级表彰%(n)d项") % {
        "label": ctx.label,
        "n": f["honors"],
    }
    levels = _parts("honors", "by_level", f.get("by_level"), _("项"))
    if levels:
        text += _("，其中%s") % levels
    categories = _parts("honors", "by_category", f.get("by_category"), _("项"))
    if categories:
        text += _("；按类别分，%s") % categories
    text += "。"
    r = f.get("recipients") or {}
    who = []
    if r.get("organizations"):
        who.append(_("先进集体（组织）%d个次") % r["organizations"])
    if r.get("members"):
        who.append(_("先进个人%d人次") % r["members"])
    if who:
        text += _("受表彰的有%s。") % "、".join(who)
    blocks: list = [Para(text)]
    levels = [(k, v) for k, v in (f.get("by_level") or {}).items() if v]
    if levels:
        blocks.append(
            Table(
                _("表彰（按级别）"),
                [_("级别"), _("项数")],
                [[_label("honors", f"by_level.{k}"), v] for k, v in levels],
            )
        )
    return blocks


# --- any other section: its figures as a table --------------------------------------------


def flatten(value, prefix: str = "") -> list[tuple[str, object]]:
    """Every scalar figure of a section as (dotted key, value); lists of
    scalars joined, lists of records left to :func:`record_tables`."""
    out: list[tuple[str, object]] = []
    if isinstance(value, dict):
        for k, v in value.items():
            out += flatten(v, f"{prefix}.{k}" if prefix else str(k))
    elif isinstance(value, list):
        if all(not isinstance(v, dict | list) for v in value):
            out.append((prefix, "、".join(str(v) for v in value)))
    else:
        out.append((prefix, value))
    return out


def record_tables(value, prefix: str = "") -> list[tuple[str, list[str], list[list]]]:
    """Every list of records (dicts) in a section, as (key, columns, rows)."""
    out = []
    if isinstance(value, dict):
        for k, v in value.items():
            out += record_tables(v, f"{prefix}.{k}" if prefix else str(k))
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        columns: list[str] = []
        for v in value:
            for k, x in v.items():
                if k not in columns and not isinstance(x, dict | list):
                    columns.append(k)
        out.append((prefix, columns, [[v.get(c, "") for c in columns] for v in value]))
    return out


def write_generic(f: dict, ctx: Context, section: str = "") -> list:
    from tongxin.reports.labels import figure_label

    rows = [
        [figure_label(section, k), v] for k, v in flatten(f) if v not in (None, "", 0)
    ]
    if not rows:
        return [Para(_("%(label)s，没有登记相关记录。") % {"label": ctx.label})]
    return [Table(_("主要数据"), [_("指标"), _("数值")], rows)]


WRITERS: dict[str, Callable[[dict, Context], list]] = {
    "overview": write_overview,
    "participation": write_participation,
    "service": write_service,
    "honors": write_honors,
    "campaigns": write_campaigns,
    "culture": write_culture,
    "team": write_team,
    "regulations": write_regulations,
}


def section_heading(name: str) -> str:
    from tongxin.stats.figures import _available, section

    if _available(name):
        return str(section(name).TITLE)
    from tongxin.reports.labels import SECTION_TITLES

    return str(SECTION_TITLES.get(name, name))


def write(figures: dict, ctx: Context) -> list[Section]:
    """The report's sections, in the order of :data:`SECTIONS`."""
    from tongxin.stats.figures import SECTIONS

    result = []
    for name in SECTIONS:
        if name not in figures:
            if name == "publicity":
                continue
            blocks = [Para(_("%(label)s，没有登记相关记录。") % {"label": ctx.label})]
        else:
            writer = WRITERS.get(name)
            if writer is None:
                blocks = write_generic(figures[name] or {}, ctx, section=name)
            else:
                blocks = writer(figures[name] or {}, ctx)
        result.append(Section(name, section_heading(name), blocks))
    return result


def written(texts: dict) -> list[Section]:
    """The sections the secretary wrote on the report page, each paragraph of
    the text a paragraph of the section; a section left empty is left out."""
    from tongxin.reports.texts import SECTIONS

    result = []
    for field_name, heading in SECTIONS:
        paragraphs = [
            line.strip() for line in (texts.get(field_name) or "").splitlines()
        ]
        blocks = [Para(p) for p in paragraphs if p]
        if blocks:
            result.append(Section(field_name, str(heading), blocks))
    return result


def numbered(index: int) -> str:
    """一 … 十, 十一 … 九十九 for the ``index``-th (from 0) heading."""
    n = index + 1
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    if n < 100:
        tens, ones = divmod(n, 10)
        head = "" if tens == 1 else CHINESE_NUMERALS[tens - 1]
        return head + "十" + (CHINESE_NUMERALS[ones - 1] if ones else "")
    return str(n)


def opening(figures: dict, ctx: Context) -> str:
    """The paragraph before the first heading."""
    o = figures.get("overview") or {}
    text = ""
    if _get(o, "organizations.open") or _get(o, "members.end"):
        text = _("%(scope)s现有基层组织%(orgs)d个，会员%(members)d人。") % {
            "scope": ctx.scope,
            "orgs": _get(o, "organizations.open"),
            "members": _get(o, "members.end"),
        }
    return text + _("现将%(scope)s%(label)s工作情况报告如下。") % {
        "scope": ctx.scope,
        "label": ctx.label,
    }
