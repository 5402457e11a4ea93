"""Statistics: every section's figures, the records behind one figure, and the
member structure table, for an organization within the user's reach and a
period.

The choice is the same as on the dashboard: ``org`` (an organization code;
by default the user's own node, or everything they may see), and one of
``year``, ``start`` with ``end``, or ``since`` (none: this year so far).
A bad period answers 400, an unknown organization or one outside the user's
reach 404, both with the Chinese message; a user without statistics rights
403.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError

from tongxin.core.periods import PeriodError
from tongxin.core.schemas import READ_ERRORS
from tongxin.members.ages import request_age_bands
from tongxin.stats import selectors
from tongxin.stats.drilling import UnknownFigure
from tongxin.stats.scope import ScopeError

router = Router(tags=["统计"])


class StatsChoiceQuery(Schema):
    org: str | None = Field(None, max_length=64, description="组织代码（含下级）")
    year: str | None = Field(None, max_length=10, description="年度，如 2025")
    start: str | None = Field(None, max_length=20, description="开始日期 YYYY-MM-DD")
    end: str | None = Field(None, max_length=20, description="结束日期 YYYY-MM-DD")
    since: str | None = Field(None, max_length=20, description="某日以来 YYYY-MM-DD")
    age_bands: str | None = Field(
        None,
        max_length=100,
        description=(
            "年龄段，各段上限用逗号分隔，如 40,60 即 40岁及以下、41—60岁、61岁及以上；"
            "不填按系统设置"
        ),
    )


class StatsFiguresQuery(StatsChoiceQuery):
    section: str | None = Field(
        None, max_length=40, description="只取一节，如 overview；不填取全部"
    )


class StatsDrillQuery(StatsChoiceQuery):
    section: str = Field(..., max_length=40, description="节，如 overview")
    key: str = Field(..., max_length=300, description="数字的键，如 members.admitted")
    offset: int = Field(0, ge=0, le=10**7, description="从第几条起（0 起）")
    limit: int = Field(500, ge=1, le=500, description="本页至多几条（至多 500）")


class StatsPeriodOut(Schema):
    kind: str
    start: str
    end: str
    as_of: str
    label: str


class StatsScopeOut(Schema):
    title: str
    org: str | None = Field(None, description="所选组织代码")


class StatsFiguresOut(Schema):
    period: StatsPeriodOut
    scope: StatsScopeOut
    sections: dict[str, dict[str, Any]] = Field(
        description="各节的数字，键见 tongxin/stats/figures 各模块的说明"
    )
    titles: dict[str, str] = Field(description="各节的标题")


class StatsDrillOut(Schema):
    title: str
    columns: list[str]
    rows: list[list[Any]]
    links: list[str | None]
    total: int | None


class StatsColumnOut(Schema):
    key: str
    label: str


class StatsStructureRowOut(Schema):
    label: str
    org: str | None = Field(None, description="组织代码；合计行为空")
    total_row: bool
    values: dict[str, int]


class StatsStructureOut(Schema):
    period: StatsPeriodOut
    scope: StatsScopeOut
    columns: list[StatsColumnOut]
    rows: list[StatsStructureRowOut]


def _choice(request: HttpRequest, query: StatsChoiceQuery):
    try:
        return selectors.choose(
            user=request.auth, params=query.model_dump(include=set(selectors.PARAMS))
        )
    except PeriodError as e:
        raise HttpError(400, str(e)) from None
    except ScopeError as e:
        raise HttpError(404, str(e)) from None


def _scope(choice) -> dict:
    org = choice.scope.org
    return {"title": choice.scope.title, "org": org.code if org else None}


@router.get(
    "/figures",
    response={200: StatsFiguresOut, 400: READ_ERRORS[404], **READ_ERRORS},
    summary="统计数字（按节）",
)
@decorate_view(request_age_bands)
def figures(request: HttpRequest, query: Query[StatsFiguresQuery]):
    """Every section's figures (or one section's) for the chosen organization and period."""
    choice = _choice(request, query)
    names = selectors.section_names()
    if query.section:
        if query.section not in names:
            raise HttpError(404, str(UnknownFigure(query.section)))
        names = [query.section]
    data = selectors.figures(choice=choice, sections=names)
    return {
        "period": data["period"],
        "scope": _scope(choice),
        "sections": {n: data[n] for n in names},
        "titles": {n: selectors.section_title(n) for n in names},
    }


@router.get(
    "/drill",
    response={200: StatsDrillOut, 400: READ_ERRORS[404], **READ_ERRORS},
    summary="统计数字背后的记录",
)
@decorate_view(request_age_bands)
def drill(request: HttpRequest, query: Query[StatsDrillQuery]):
    """The records behind one figure the user may list, a page at a time.

    ``rows`` holds at most ``limit`` rows from ``offset`` (0: the first);
    ``total`` counts them all. A list whose records the keeping app's policy
    does not show the user answers 403.
    """
    choice = _choice(request, query)
    try:
        result = selectors.figure_drill(
            user=request.auth,
            choice=choice,
            section=query.section,
            key=query.key,
            offset=query.offset,
            limit=query.limit,
        )
    except UnknownFigure as e:
        raise HttpError(404, str(e)) from None
    return {
        "title": result.title,
        "columns": result.columns,
        "rows": result.rows,
        "links": result.links,
        "total": result.total,
    }


@router.get(
    "/structure",
    response={200: StatsStructureOut, 400: READ_ERRORS[404], **READ_ERRORS},
    summary="会员结构统计表",
)
@decorate_view(request_age_bands)
def structure(request: HttpRequest, query: Query[StatsChoiceQuery]):
    """The member structure table at the period's end, a row per child organization."""
    choice = _choice(request, query)
    columns, rows = selectors.structure_table(choice=choice)
    return {
        "period": choice.period.as_dict(),
        "scope": _scope(choice),
        "columns": [{"key": c.key, "label": c.label} for c in columns],
        "rows": [
            {
                "label": r.label,
                "org": r.org.code if r.org is not None and not r.total_row else None,
                "total_row": r.total_row,
                "values": r.values,
            }
            for r in rows
        ],
    }
