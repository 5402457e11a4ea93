"""The kept list of bodies items are reported to and adopted by, with aliases.

A body is written many ways (中共大连市委统战部, 大连市委统战部, 市委统战部);
:func:`canonical` turns any of its names into the one it is kept under, so
the participation services store one name per body and the statistics
group by it. A name not on the list is kept as written (spaces removed).
"""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.core.errors import ValidationError
from tongxin.core.policies import require
from tongxin.core.services import save_with_history
from tongxin.participation.models import Body
from tongxin.participation.policies import policy

__all__ = ["DEFAULT_BODIES", "body_save", "canonical", "tidy"]

#: The bodies a city committee reports to, with the other names they go by.
DEFAULT_BODIES: dict[str, list[str]] = {
    "市委统战部": [
        "中共大连市委统战部",
        "大连市委统战部",
        "中共大连市委统一战线工作部",
        "大连市委统一战线工作部",
    ],
    "省委统战部": [
        "中共辽宁省委统战部",
        "辽宁省委统战部",
        "中共辽宁省委统一战线工作部",
    ],
    "市政协": ["大连市政协", "政协大连市委员会"],
    "省政协": ["辽宁省政协", "政协辽宁省委员会"],
    "全国政协": ["中国人民政治协商会议全国委员会"],
    "民进中央": ["中国民主促进会中央委员会", "民进中央委员会"],
    "民进省委会": ["民进辽宁省委会", "中国民主促进会辽宁省委员会"],
}

_SPACES = re.compile(r"[\s\u3000]+")


def tidy(text: str) -> str:
    """A name as compared: no spaces (full-width ones too)."""
    return _SPACES.sub("", str(text or ""))


def _lookup() -> dict[str, str]:
    """Every name a body goes by → its kept name: the rows, then the defaults
    (which hold even in an emptied database)."""
    names: dict[str, str] = {}
    bodies = [(b.name, b.aliases) for b in Body.objects.all()]
    bodies += [(n, a) for n, a in DEFAULT_BODIES.items()]
    for name, aliases in bodies:
        names.setdefault(tidy(name), name)
        for alias in aliases or []:
            names.setdefault(tidy(alias), name)
    return names


def canonical(text: str) -> str:
    """The name ``text`` is kept under: the body's name if it is one of its names."""
    key = tidy(text)
    if not key:
        return ""
    return _lookup().get(key, key)


@transaction.atomic
def body_save(*, by, name: str, aliases: list[str] = ()) -> Body:
    """Add a body, or change the aliases of one; an alias of another body is refused."""
    require(policy, by, "manage")
    name = tidy(name)
    if not name:
        raise ValidationError({"name": _("请填写单位名称。")})
    if len(name) > 100:
        raise ValidationError({"name": _("单位名称不能超过 100 个字。")})
    clean = [a for a in dict.fromkeys(tidy(a) for a in aliases) if a and a != name]
    taken = _lookup()
    for alias in [name, *clean]:
        owner = taken.get(alias)
        if owner is not None and owner != name:
            raise ValidationError(
                {
                    "aliases": _("“%(alias)s”已是“%(owner)s”的名称。")
                    % {"alias": alias, "owner": owner}
                }
            )
    body = Body.objects.filter(name=name).first() or Body(name=name)
    body.aliases = clean
    body.full_clean()
    save_with_history(body, by=by, reason=_("报送与采用单位"))
    return body
