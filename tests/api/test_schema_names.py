"""Schema class names are unique across the API's routers.

django-ninja names OpenAPI components after the class, so two routers each
defining ``CoverageOut`` would share one component and one of them would
answer against the other's schema.
"""

from collections import defaultdict

from ninja import Schema

import tongxin.api.main  # noqa: F401 - mounts every router


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
