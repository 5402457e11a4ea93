"""The permission matrix of the reports app: the reports page, the Word and
Excel downloads, and the report API.

Reports follow the statistics' rules (``tongxin/reports/policies.py`` is the
statistics policy): read by staff, leaders and heads of base organizations
within their subtree. Targets are the branch head's branch (edu1, *inside*)
and the directly affiliated branch (*outside*), chosen by organization code;
an organization outside the reader's subtree answers 404, anyone without the
right 403 before anything is read.
"""

from __future__ import annotations

from urllib.parse import urlencode

from tests.security.matrix import NOBODY, V1, Call, Entry, _api, _web, api, form, page

OBJ = ("inside", "outside")
READERS = frozenset({"head", "leader", "staff", "office"})
YEAR = "2025"


def _code(w, t) -> str:
    return {"inside": w.org.edu1, "outside": w.org.direct}[t].code


def _params(w, t, **extra) -> dict:
    return {"org": _code(w, t), "year": YEAR, **extra}


def _page(name: str):
    return lambda w, t, c: Call(_web(f"reports:{name}"), _params(w, t))


GATE_PAGE = page(view=NOBODY, act=READERS, gate=True)
GATE_API = api(view=NOBODY, act=READERS, gate=True)

WEB: list[Entry] = [
    Entry("reports:index", "GET", OBJ, _page("index"), GATE_PAGE),
    Entry("reports:annual_docx", "GET", OBJ, _page("annual_docx"), GATE_PAGE),
    Entry("reports:annual_xlsx", "GET", OBJ, _page("annual_xlsx"), GATE_PAGE),
    Entry(
        "reports:texts",
        "POST",
        OBJ,
        lambda w, t, c: Call(
            _web("reports:texts"),
            _params(w, t, problems="一是调研不够深入。", plans="一是加强学习。"),
        ),
        form(view=NOBODY, act=READERS, gate=True),
    ),
]

API: list[Entry] = [
    _api(
        "GET",
        "/reports/annual",
        OBJ,
        lambda w, t, c: Call(f"{V1}/reports/annual", _params(w, t, format="json")),
        GATE_API,
    ),
    _api(
        "GET",
        "/reports/texts",
        OBJ,
        lambda w, t, c: Call(f"{V1}/reports/texts", _params(w, t)),
        GATE_API,
    ),
    _api(
        "PUT",
        "/reports/texts",
        OBJ,
        lambda w, t, c: Call(
            f"{V1}/reports/texts?{urlencode(_params(w, t))}",
            json={"problems": "一是调研不够深入。", "plans": "一是加强学习。"},
        ),
        api(view=NOBODY, act=READERS, gate=True, writes=True),
    ),
]

ENTRIES: list[Entry] = WEB + API
