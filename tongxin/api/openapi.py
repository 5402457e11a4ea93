"""The OpenAPI document of ``/api/v1/``: one name per component, built once.

django-ninja generates each model's JSON schema separately and merges the
named definitions (``$defs``) into ``components/schemas``, so two enums or
schemas of the same class name would silently share one component, the later
one overwriting the earlier. :class:`CheckedOpenAPISchema` refuses that at
build time. Every operation's error responses are the same few models
wrapped anew per operation; their schemas are generated once per build. The
document is static for a process, so :class:`TongxinNinjaAPI` keeps it.
"""

from __future__ import annotations

import copy
import threading
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

__all__ = ["CheckedOpenAPISchema", "ComponentClash", "TongxinNinjaAPI"]


class ComponentClash(ImproperlyConfigured):
    """Two different schemas would be published under one component name."""


def _response_key(model: Any) -> Any:
    """What a wrapped response model's schema depends on, or ``None``."""
    if model.__name__ != "NinjaResponseSchema" or set(model.model_fields) != {
        "response"
    }:
        return None
    key = model.model_fields["response"].annotation
    try:
        hash(key)
    except TypeError:
        return None
    return key


class CheckedOpenAPISchema(OpenAPISchema):
    """ninja's OpenAPI document, refusing a component name defined twice."""

    def __init__(self, api: NinjaAPI, path_prefix: str) -> None:
        self._model_schemas: dict = {}
        super().__init__(api, path_prefix)

    def add_schema_definitions(self, definitions: dict) -> None:
        for name, definition in definitions.items():
            known = self.schemas.get(name)
            if known is not None and known != definition:
                raise ComponentClash(
                    f"OpenAPI component {name!r} is defined twice: "
                    f"{known!r} and {definition!r}"
                )
        super().add_schema_definitions(definitions)

    def _create_schema_from_model(
        self,
        model: Any,
        by_alias: bool = True,
        remove_level: bool = True,
        mode: Any = "validation",
    ) -> tuple[dict, bool]:
        wrapped = _response_key(model)
        if wrapped is None:
            return super()._create_schema_from_model(
                model, by_alias=by_alias, remove_level=remove_level, mode=mode
            )
        key = (wrapped, by_alias, remove_level, mode)
        if key not in self._model_schemas:
            self._model_schemas[key] = super()._create_schema_from_model(
                model, by_alias=by_alias, remove_level=remove_level, mode=mode
            )
        schema, required = self._model_schemas[key]
        return copy.deepcopy(schema), required


#: Where each router lived when its operation ids were first published.
#: ninja derives an id from the handler's module; the routers have since moved
#: into their apps (``<app>/api.py``), and the ids are a contract, so they keep
#: the module name they were published under.
PUBLISHED_MODULES = {
    "tongxin.members.api_changes": "tongxin.api.member_changes",
    "tongxin.members.roster.api": "tongxin.api.roster",
    "tongxin.activities.api_social": "tongxin.api.activities",
}


def published_module(module: str) -> str:
    """The module name an operation id is built from (see ``PUBLISHED_MODULES``)."""
    if module in PUBLISHED_MODULES:
        return PUBLISHED_MODULES[module]
    parts = module.split(".")
    if len(parts) == 3 and parts[0] == "tongxin" and parts[2] == "api":
        return f"tongxin.api.{parts[1]}"
    return module


class TongxinNinjaAPI(NinjaAPI):
    """The API, with its OpenAPI document checked and kept once built."""

    def get_openapi_operation_id(self, operation: Any) -> str:
        """``tongxin_api_<app>_<handler>``, as first published."""
        module = published_module(operation.view_func.__module__)
        return f"{module}_{operation.view_func.__name__}".replace(".", "_")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._openapi: dict[str, OpenAPISchema] = {}
        self._openapi_lock = threading.Lock()

    def build_openapi_schema(self, path_prefix: str) -> OpenAPISchema:
        """A fresh document (checked; not kept)."""
        return CheckedOpenAPISchema(self, path_prefix)

    def get_openapi_schema(
        self,
        *,
        path_prefix: str | None = None,
        path_params: dict | None = None,
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        with self._openapi_lock:
            if path_prefix not in self._openapi:
                self._openapi[path_prefix] = self.build_openapi_schema(path_prefix)
            return self._openapi[path_prefix]
