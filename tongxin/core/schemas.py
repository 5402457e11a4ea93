"""Shapes every app's API schemas build on: ids, versions, dates, errors, references.

Every app's ``api.py`` and ``schemas.py`` import these.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Path, Schema
from pydantic import BeforeValidator, ConfigDict
from pydantic_core import PydanticCustomError
from typing_extensions import TypeAliasType

#: The largest id a 64-bit primary key holds; larger numbers are refused (422).
MAX_ID = 2**63 - 1

#: An id in a request body or query.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
#: An id in a URL path.
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
#: A record's version as read; stale ones are refused (409).
Version = Annotated[
    int, Field(ge=1, le=MAX_ID, description="读取时得到的版本号，原样交回")
]


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_only(value: Any) -> Any:
    """Refuse what pydantic would otherwise read as a date: numbers, timestamps."""
    if isinstance(value, dt.date) or (
        isinstance(value, str) and _ISO_DATE.fullmatch(value)
    ):
        return value
    raise PydanticCustomError("date_parsing", "Input should be a date as YYYY-MM-DD")


#: A date in a request: ``YYYY-MM-DD`` and nothing else.
Date = Annotated[dt.date, BeforeValidator(_iso_date_only)]


class InputSchema(Schema):
    """Base of request bodies: unknown fields are an error."""

    model_config = ConfigDict(extra="forbid")


# Errors ----------------------------------------------------------------------


class ErrorOut(Schema):
    """Every error response: a Chinese message for people."""

    detail: str


class ValidationErrorOut(Schema):
    """Invalid input: the message plus the messages of each field."""

    detail: str
    errors: dict[str, list[str]] = {}


#: Error responses every authenticated endpoint may give.
READ_ERRORS: dict[int, type[Schema]] = {
    401: ErrorOut,
    403: ErrorOut,  # e.g. an administrator without a verified second factor
    404: ErrorOut,
    422: ValidationErrorOut,
}
WRITE_ERRORS: dict[int, type[Schema]] = {
    **READ_ERRORS,
    400: ErrorOut,
    403: ErrorOut,
    409: ErrorOut,
}


# References ------------------------------------------------------------------


class OrgRef(Schema):
    """An organization named in another record."""

    id: int
    code: str
    name: str


class MemberRef(Schema):
    """A member named in another record."""

    id: int
    name: str


def named_enum(name: str, enum: type) -> Any:
    """``enum`` published under its own OpenAPI component ``name``.

    Choices are often inner classes called ``Kind`` or ``Title``; by class name
    alone two of them would share one component (see ``tongxin.api.openapi``).
    """
    return TypeAliasType(name, enum)


T = TypeVar("T")


def referenced(field: str, selector: Callable[..., T], **kwargs: Any) -> T:
    """Return ``selector(**kwargs)``; a missing or hidden object is a field error.

    An id in a request body that names nothing the user may see is invalid
    input (422), not a missing resource: the URL itself was found.
    """
    try:
        return selector(**kwargs)
    except ObjectDoesNotExist:
        raise ValidationError(
            {field: _("编号 %s 不存在或您无权查看。") % kwargs.get("pk")}
        ) from None
