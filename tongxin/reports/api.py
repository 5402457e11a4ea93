"""The annual work report: the Word document, its .xlsx appendix, or the
figures it is written from.

``GET /api/reports/annual?year=&org=[&format=docx|xlsx|json]``; the period
may instead be ``start`` with ``end``, or ``since`` (none: this year so far).
The choice is the statistics' (:func:`tongxin.stats.selectors.choose`): a bad
period answers 400, an unknown organization or one outside the user's reach
404, both with the Chinese message; a user without statistics rights 403.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError

from tongxin.core.periods import PeriodError
from tongxin.core.schemas import READ_ERRORS, WRITE_ERRORS, ErrorOut
from tongxin.members.ages import request_age_bands
from tongxin.reports.models import MAX_TEXT
from tongxin.reports.services import FORMATS, report_for
from tongxin.reports.texts import report_text_save, report_texts
from tongxin.stats import selectors
from tongxin.stats.api import StatsChoiceQuery
from tongxin.stats.scope import ScopeError

router = Router(tags=["工作报告"])

FILE_RESPONSE = {
    "responses": {
        200: {
            "description": "Word 文档（.docx）、Excel 统计附表（.xlsx）或 JSON 数据",
            "content": {
                FORMATS["docx"]: {"schema": {"type": "string", "format": "binary"}},
                FORMATS["xlsx"]: {"schema": {"type": "string", "format": "binary"}},
                FORMATS["json"]: {"schema": {"type": "object"}},
            },
        }
    }
}


class ReportsAnnualQuery(StatsChoiceQuery):
    format: Literal["docx", "xlsx", "json"] = Field(
        "docx", description="docx：工作报告；xlsx：统计附表；json：报告用到的全部数据"
    )


@router.get(
    "/annual",
    response={200: None, 400: ErrorOut, **READ_ERRORS},
    summary="年度工作报告",
    openapi_extra=FILE_RESPONSE,
)
@decorate_view(request_age_bands)
def annual(request: HttpRequest, query: Query[ReportsAnnualQuery]):
    """The annual work report of the chosen organization for the chosen period."""
    try:
        choice = selectors.choose(
            user=request.auth, params=query.model_dump(include=set(selectors.PARAMS))
        )
    except PeriodError as e:
        raise HttpError(400, str(e)) from None
    except ScopeError as e:
        raise HttpError(404, str(e)) from None
    built = report_for(
        user=request.auth, scope=choice.scope, period=choice.period, fmt=query.format
    )
    response = HttpResponse(built.data, content_type=built.content_type)
    if query.format == "json":
        response["Content-Type"] = "application/json; charset=utf-8"
    else:
        response["Content-Disposition"] = (
            f"attachment; filename*=UTF-8''{quote(built.filename)}"
        )
    response["Cache-Control"] = "private, no-store"
    return response


# The sections the secretary writes -----------------------------------------------


class ReportTextsIn(Schema):
    problems: str = Field("", max_length=MAX_TEXT, description="存在的问题（每段一行）")
    plans: str = Field(
        "", max_length=MAX_TEXT, description="下一年工作思路（每段一行）"
    )


class ReportTextsOut(Schema):
    problems: str
    plans: str


def _texts_choice(request: HttpRequest, query: StatsChoiceQuery):
    try:
        return selectors.choose(
            user=request.auth, params=query.model_dump(include=set(selectors.PARAMS))
        )
    except PeriodError as e:
        raise HttpError(400, str(e)) from None
    except ScopeError as e:
        raise HttpError(404, str(e)) from None


@router.get(
    "/texts",
    response={200: ReportTextsOut, 400: ErrorOut, **READ_ERRORS},
    summary="工作报告中撰写的部分",
)
def texts_get(request: HttpRequest, query: Query[StatsChoiceQuery]):
    """存在的问题 and 下一年工作思路 of the chosen report (empty when not written)."""
    choice = _texts_choice(request, query)
    return report_texts(scope=choice.scope, period=choice.period)


@router.put(
    "/texts",
    response={200: ReportTextsOut, **WRITE_ERRORS},
    summary="撰写工作报告中的部分",
)
def texts_put(
    request: HttpRequest, query: Query[StatsChoiceQuery], payload: ReportTextsIn
):
    """Write 存在的问题 and 下一年工作思路 of the chosen report (both replaced)."""
    choice = _texts_choice(request, query)
    text = report_text_save(
        by=request.auth, scope=choice.scope, period=choice.period, **payload.dict()
    )
    return {"problems": text.problems, "plans": text.plans}
