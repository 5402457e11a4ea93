"""One OpenAPI component per name, and a fast document.

django-ninja names a component after its class (a schema or an enum) and
merges every model's definitions into one ``components/schemas`` map, so two
routers each defining ``CoverageOut``, or two models' ``Kind`` choices, would
share one component and one of them would be published with the other's
shape. The document is built with a check that refuses a name defined twice.
"""

import enum
import time
from collections import defaultdict

import pytest
from ninja import Router, Schema

from tongxin.api.main import api
from tongxin.api.openapi import ComponentClash, TongxinNinjaAPI
from tongxin.orgs.models import Department, Organization


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_schema_class_name_is_used_once():
    modules = defaultdict(set)
    for cls in _subclasses(Schema):
        if cls.__module__.startswith("tongxin."):
            modules[cls.__name__].add(cls.__module__)
    clashes = {name: sorted(m) for name, m in modules.items() if len(m) > 1}
    assert clashes == {}


def test_the_api_document_builds_with_one_definition_per_component():
    document = api.build_openapi_schema(api.get_root_path({}))
    components = document["components"]["schemas"]
    enums = {name for name, c in components.items() if "enum" in c}
    # Each enum under the name of what it belongs to, none a bare "Kind".
    assert {"OrganizationKind", "DepartmentKind", "PostTitle"} <= enums
    assert not enums & {"Kind", "Title", "Role", "Measure", "Scheme"}
    assert components["OrganizationKind"]["enum"] == list(Organization.Kind.values)
    assert components["DepartmentKind"]["enum"] == list(Department.Kind.values)


def test_org_creation_advertises_organization_kinds(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    components = schema["components"]["schemas"]
    ref = components["OrgCreateIn"]["properties"]["kind"]["$ref"]
    kinds = components[ref.rsplit("/", 1)[1]]["enum"]
    assert "grassroots" in kinds and "office" not in kinds
    ref = components["DepartmentCreateIn"]["properties"]["kind"]["$ref"]
    assert components[ref.rsplit("/", 1)[1]]["enum"] == list(Department.Kind.values)


def test_two_enums_of_one_class_name_are_refused():
    class A:
        class Kind(enum.StrEnum):
            ONE = "one"

    class B:
        class Kind(enum.StrEnum):
            TWO = "two"

    class AIn(Schema):
        kind: A.Kind

    class BIn(Schema):
        kind: B.Kind

    router = Router()

    @router.post("/a")
    def post_a(request, payload: AIn):
        return None

    @router.post("/b")
    def post_b(request, payload: BIn):
        return None

    clashing = TongxinNinjaAPI(urls_namespace="clash-test")
    clashing.add_router("/", router)
    with pytest.raises(ComponentClash, match="'Kind'"):
        clashing.build_openapi_schema("/clash/")


def test_the_document_is_kept_once_built(client, db):
    client.get("/api/v1/openapi.json")
    started = time.perf_counter()
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert time.perf_counter() - started < 1.0
    assert api.get_openapi_schema(path_params={}) is api.get_openapi_schema(
        path_params={}
    )
