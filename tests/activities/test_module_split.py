"""The activities app stays split by part (events, social service, photos):
no module over 800 lines, and the packages re-export every name of their parts
so that ``tongxin.activities.models.X`` and ``tongxin.activities.selectors.X``
keep working for the other apps."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import tongxin.activities

ROOT = Path(tongxin.activities.__file__).parent
LIMIT = 800


def test_no_module_of_the_app_is_over_the_limit():
    long = {
        str(path.relative_to(ROOT)): n
        for path in ROOT.rglob("*.py")
        if "migrations" not in path.parts
        and (n := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert long == {}


@pytest.mark.parametrize("package", ["models", "selectors"])
def test_the_package_re_exports_every_name_of_its_parts(package):
    pkg = importlib.import_module(f"tongxin.activities.{package}")
    parts = [m.name for m in pkgutil.iter_modules(pkg.__path__)]
    assert parts, package
    for part in parts:
        module = importlib.import_module(f"{pkg.__name__}.{part}")
        own = [
            name
            for name, value in vars(module).items()
            if (inspect.isclass(value) or inspect.isfunction(value))
            and value.__module__ == module.__name__
            and not name.startswith("Historical")
        ]
        assert own, part
        for name in own:
            assert getattr(pkg, name, None) is getattr(module, name), (part, name)


def test_models_keep_their_app_label_and_table():
    from tongxin.activities.models import Event, FundEntry, Photo

    assert [m._meta.label for m in (Event, FundEntry, Photo)] == [
        "activities.Event",
        "activities.FundEntry",
        "activities.Photo",
    ]
    assert Event._meta.db_table == "activities_event"
