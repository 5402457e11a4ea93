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


# --- drill-downs: every figure key x role ----------------------------------------------
#
# A figure is seen by every statistics reader of the scope; the list behind
# it is opened only by those the app that keeps the records lets see them.
# Written out from the apps' rules, not derived from the gates it checks:
# ``STATS_ROLES`` name a grant each (all on the committee but ``head``, the
# head of edu1), and ``DRILL_READERS`` gives, for the head of a figure key
# (the longest prefix listed wins), the roles that open its list.

STATS_ROLES = {
    "head": "org_head",
    "leader": "leader",
    "org_dept": "staff_org",  # 组织部
    "part_dept": "staff_participation",  # 参政议政部
    "office": "staff_office",
    "publicity": "staff_publicity",
    "service": "staff_service",
}
ALL_READERS = frozenset(STATS_ROLES)
ATTENDANCE = ALL_READERS  # staff, heads of base organizations and leaders
DRILL_READERS: dict[tuple[str, str], frozenset[str]] = {
    ("overview", "organizations"): ALL_READERS,
    ("overview", "members"): ALL_READERS,
    ("overview", "structure"): ALL_READERS,
    ("campaigns", ""): ALL_READERS,
    ("participation", ""): ALL_READERS,
    ("service", ""): ALL_READERS,
    ("culture", ""): ALL_READERS,
    ("team", "talent"): frozenset({"leader", "org_dept"}),
    ("team", "reserve"): frozenset({"leader", "org_dept"}),
    ("team", "classes"): frozenset({"leader", "org_dept", "head"}),
    ("team", "certificates"): frozenset({"leader", "org_dept", "head"}),
    ("regulations", ""): ALL_READERS,
    ("honors", ""): ALL_READERS,
    ("publicity", "articles"): frozenset({"leader", "publicity", "office"}),
    ("publicity", "publications"): frozenset({"leader", "publicity", "office"}),
    ("publicity", "journal"): frozenset({"leader", "publicity", "office"}),
    ("publicity", "broadcasts"): frozenset({"leader", "publicity", "office"}),
    ("publicity", "subscriptions"): ALL_READERS,
}


def drill_readers(section: str, key: str) -> frozenset[str]:
    """The roles that open the list behind ``section``/``key``."""
    parts = key.split(".")
    for n in range(len(parts), -1, -1):
        found = DRILL_READERS.get((section, ".".join(parts[:n])))
        if found is not None:
            return found
    raise KeyError((section, key))
