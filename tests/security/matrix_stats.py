"""The permission matrix of the statistics app: the dashboard, drill-down
lists, the member structure table and its export, and the statistics API.

Targets are the branch head's branch (edu1, *inside*) and the directly
affiliated branch (*outside*), chosen by their organization code. Statistics
are read by staff, leaders and heads of base organizations within their
subtree (``tongxin/stats/policies.py``); an organization outside the
reader's subtree answers 404, and anyone without the right 403 before
anything is read.
"""

from __future__ import annotations

from tests.security.matrix import NOBODY, V1, Call, Entry, _api, _web, api, page

OBJ = ("inside", "outside")
READERS = frozenset({"head", "leader", "staff", "office"})
YEAR = "2025"


def _code(w, t) -> str:
    return {"inside": w.org.edu1, "outside": w.org.direct}[t].code


def _params(w, t, **extra) -> dict:
    return {"org": _code(w, t), "year": YEAR, **extra}


def _page(name: str, *args):
    return lambda w, t, c: Call(_web(f"stats:{name}", *args), _params(w, t))


GATE_PAGE = page(view=NOBODY, act=READERS, gate=True)
GATE_API = api(view=NOBODY, act=READERS, gate=True)

WEB: list[Entry] = [
    Entry("stats:dashboard", "GET", OBJ, _page("dashboard"), GATE_PAGE),
    Entry("stats:structure", "GET", OBJ, _page("structure"), GATE_PAGE),
    Entry("stats:structure_export", "GET", OBJ, _page("structure_export"), GATE_PAGE),
    Entry(
        "stats:drill",
        "GET",
        OBJ,
        _page("drill", "overview", "members.end"),
        GATE_PAGE,
    ),
]

S = f"{V1}/stats"

API: list[Entry] = [
    _api(
        "GET",
        "/stats/figures",
        OBJ,
        lambda w, t, c: Call(f"{S}/figures", _params(w, t)),
        GATE_API,
    ),
    _api(
        "GET",
        "/stats/drill",
        OBJ,
        lambda w, t, c: Call(
            f"{S}/drill", _params(w, t, section="overview", key="members.end")
        ),
        GATE_API,
    ),
    _api(
        "GET",
        "/stats/structure",
        OBJ,
        lambda w, t, c: Call(f"{S}/structure", _params(w, t)),
        GATE_API,
    ),
]

ENTRIES: list[Entry] = WEB + API
