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
from ninja import Field, Query, Router
from ninja.errors import HttpError

from tongxin.api.schemas import READ_ERRORS, ErrorOut
from tongxin.api.stats import StatsChoiceQuery
from tongxin.core.periods import PeriodError
from tongxin.reports.services import FORMATS, report_for
from tongxin.stats import selectors
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
