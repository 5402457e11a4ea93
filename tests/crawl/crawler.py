"""Walk the web interface as one user and check what each page shows.

The crawler starts at ``/`` and follows every link, ``hx-get`` target and
form action a page offers, with GET only (nothing is submitted). To keep the
walk affordable it visits a bounded sample of each kind of page: pages are
grouped by URL pattern (``members:detail``, ``participation:list`` with
``kind=proposals``…), and only the first few addresses of each group are
visited, as well as one address per combination of query parameters.

Each page is checked for:

* a server error (5xx);
* a link or action shown to the user that answers 403 (无权访问) or 404;
* visible text holding an internal identifier: a dotted or snake_case key
  (``articles.total``, ``no_address``), a model label (``members.member``),
  ``None``, an English choice key (``draft``, ``leading``), a UTC ISO time, or a
  bare number where a reference names an organization or a person.

Visible text is the page's text without scripts and styles, and the
``title``, ``placeholder``, ``aria-label`` and ``alt`` attributes and the
``value`` of submit buttons.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import lxml.html
from django.apps import apps
from django.urls import Resolver404, resolve

#: Addresses never visited: leaving the session, static files, the JSON API
#: (crawled by its own tests) and the Django admin's inner pages (its index is).
SKIP_PREFIXES = ("/static/", "/api/", "/accounts/logout/", "/admin/")
#: How many addresses of one URL pattern are visited (detail pages: a sample).
PER_PATTERN = 2
#: Query strings: at most this many per pattern, one per set of parameter names.
PER_PATTERN_QUERIES = 1
#: Downloads are only checked to answer (not parsed), once per pattern for
#: the whole crawl (their own tests open them back).
DOWNLOAD_SUFFIXES = (".xlsx", ".docx", ".pdf", ".csv", ".zip", ".png", ".jpg")
DOWNLOAD_NAMES = re.compile(r"export|_docx|_xlsx|_pdf|card|download|image|thumb|print")
#: Statuses that mean "a link shown to this user leads nowhere".
BROKEN = {403, 404}
#: Dead links known and not yet fixed, by (page pattern, link pattern), with
#: the reason. They are printed in the report, not failed on; remove an entry
#: when its fix lands.
KNOWN_DEAD_LINKS: dict[tuple[str, str], str] = {}

#: Words a choice key may share with ordinary visible text, with the reason.
ALLOWED_WORDS = {
    # Demo login names are shown where accounts are managed (账户 lists, audit
    # actors); they are what the user types at the login page.
    "admin": "the superuser's login name, shown in account lists",
    "xitong": "a login name",
    "anquan": "a login name",
    "shenji": "a login name",
    "zuzhibu": "a login name",
    "zhuwei": "a login name",
    "zhibu": "a login name",
    "huiyuan": "a login name",
    "canzheng": "a login name",
    "xuanchuan": "a login name",
}

#: File names and host names look like dotted keys; their last part tells.
FILE_OR_HOST_ENDINGS = {
    "xlsx", "docx", "pdf", "csv", "png", "jpg", "jpeg", "txt", "zip", "html",
    "json", "ttf", "com", "cn", "org", "net", "gov", "edu", "io", "local",
}  # fmt: skip

#: Table headings whose cells name an organization or a person, never a number.
REFERENCE_HEADINGS = re.compile(
    r"^(所在)?(组织|基层组织|支部|会员|姓名|负责人|账户|用户|操作人|提交人|承办人|介绍人)$"
)
#: "所在组织：33 → 31": a reference field followed by a bare number.
REFERENCE_NUMBER = re.compile(
    r"(组织|支部|会员|账户|用户|负责人|介绍人|操作人)[：:]\s*#?\d+"
    r"(?!\s*[\d人名个项年月日次%元条份])"
)
EMAIL_OR_URL = re.compile(r"\S+@\S+|https?://\S+|/[\w./?=&%-]+")
DOTTED = re.compile(r"(?<![\w@./-])[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+(?![\w@/-])")
SNAKE = re.compile(r"(?<![\w@./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@/-])")
NONE = re.compile(r"(?<![A-Za-z])None(?![A-Za-z])")
ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]00:?00)?")
WORD = re.compile(r"(?<![A-Za-z0-9_@./-])[a-z]{3,}(?![A-Za-z0-9_@/-])")
MODEL_OBJECT = re.compile(r"\b[A-Z]\w+ object \(\d+\)")


def choice_words() -> set[str]:
    """Return the English choice keys of every model field (and their words),
    and the codes of workflow states and actions."""
    words: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("tongxin."):
            continue
        for f in model._meta.get_fields():
            for key, _label in getattr(f, "flatchoices", None) or ():
                if isinstance(key, str) and re.fullmatch(r"[a-z][a-z_]*", key):
                    words.add(key)
                    words.update(w for w in key.split("_") if len(w) >= 4)
    # Workflow states and actions are data (tongxin.workflows), not choices.
    for name, column in (("State", "code"), ("Transition", "action")):
        model = apps.get_model("workflows", name)
        for key in model.objects.values_list(column, flat=True):
            if re.fullmatch(r"[a-z][a-z_]*", key):
                words.add(key)
    return words - set(ALLOWED_WORDS)


@dataclass
class Visit:
    url: str
    pattern: str
    status: int
    seconds: float
    depth: int
    referrer: str


@dataclass
class Problem:
    kind: str  # "server error", "forbidden link", "broken link", "identifier"
    url: str
    detail: str

    def __str__(self) -> str:
        return f"[{self.kind}] {self.url}: {self.detail}"


@dataclass
class Crawl:
    role: str
    visits: list[Visit] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    known: list[Problem] = field(default_factory=list)


def pattern_of(path: str) -> str | None:
    """Return a key grouping ``path`` with the addresses of the same kind."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    categorical = sorted(
        (k, v)
        for k, v in match.kwargs.items()
        if isinstance(v, str) and not v.isdigit()
    )
    # Drill-down keys are open-ended; their section is the kind.
    categorical = [(k, v) for k, v in categorical if k not in {"key", "token"}]
    suffix = "".join(f" {k}={v}" for k, v in categorical)
    return f"{match.view_name}{suffix}"


def visible_texts(doc) -> list[str]:
    """Return the text a person sees on the page, one chunk per text node."""
    for bad in doc.xpath("//script|//style|//template|//noscript|//code"):
        # <code> marks a value deliberately shown as typed: a rule's code the
        # staff chose, a TOTP secret to type into an app, a link given as evidence.
        bad.drop_tree()
    chunks = [t.strip() for t in doc.xpath("//text()") if t.strip()]
    for attr in ("title", "placeholder", "aria-label", "alt"):
        chunks += [v.strip() for v in doc.xpath(f"//@{attr}") if v.strip()]
    chunks += [
        v.strip()
        for v in doc.xpath(
            "//input[@type='submit' or @type='button' or @type='reset']/@value"
        )
        if v.strip()
    ]
    return chunks


def identifier_leaks(doc, words: set[str]) -> list[str]:
    """Return the internal identifiers found in the page's visible text."""
    leaks: list[str] = []
    for chunk in visible_texts(doc):
        text = EMAIL_OR_URL.sub(" ", chunk)
        found = [m.group(0) for m in ISO_TIME.finditer(chunk)]
        for m in DOTTED.finditer(text):
            if m.group(0).rsplit(".", 1)[-1] not in FILE_OR_HOST_ENDINGS:
                found.append(m.group(0))
        found += [m.group(0) for m in SNAKE.finditer(text)]
        found += [m.group(0) for m in NONE.finditer(text)]
        found += [m.group(0) for m in MODEL_OBJECT.finditer(text)]
        found += [m.group(0) for m in REFERENCE_NUMBER.finditer(text)]
        found += [w for w in WORD.findall(text) if w in words]
        if "你" in text:
            found.append("你 (the product addresses people as 您)")
        leaks += [f"{f!r} in {chunk[:80]!r}" for f in found]
    for table in doc.xpath("//table"):
        heads = [h.text_content().strip() for h in table.xpath(".//thead//th")]
        for row in table.xpath(".//tbody/tr"):
            for head, cell in zip(heads, row.xpath("./td|./th"), strict=False):
                value = cell.text_content().strip()
                if REFERENCE_HEADINGS.match(head) and re.fullmatch(r"#?\d+", value):
                    leaks.append(f"number {value!r} under heading {head!r}")
                if head in ("年度", "年份") and not re.fullmatch(r"\d{4}年?|—|", value):
                    leaks.append(
                        f"{value!r} under heading {head!r} (a year belongs there)"
                    )
    return leaks


def links_of(doc, base: str) -> list[tuple[str, str]]:
    """Return ``(address, how)`` for every internal target the page offers."""
    found = []
    for el in doc.xpath("//a[@href]"):
        how = "download" if el.get("download") is not None else "link"
        found.append((el.get("href"), how))
    for attr in ("hx-get",):
        found += [(v, "link") for v in doc.xpath(f"//@{attr}")]
    for form in doc.xpath("//form"):
        method = (form.get("method") or "get").lower()
        action = form.get("action")
        if action is None:
            continue  # posts back to the page itself
        found.append((action or base, "link" if method == "get" else "action"))
    out = []
    for href, how in found:
        href = (href or "").strip()
        if not href or href.startswith(
            ("#", "mailto:", "tel:", "javascript:", "data:")
        ):
            continue
        url = urljoin(base, href)
        parts = urlsplit(url)
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
            continue
        path = parts.path
        if path.startswith(SKIP_PREFIXES) and path != "/admin/":
            continue
        query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=False)))
        out.append((path + (f"?{query}" if query else ""), how))
    return out


def crawl(
    client,
    role: str,
    *,
    start: str = "/",
    max_depth: int = 4,
    downloads: set | None = None,
) -> Crawl:
    """Walk the site as the client's user; return the visits and problems.

    ``downloads`` collects the download patterns already fetched (by an earlier
    role): each is fetched once per crawl of all roles.
    """
    downloads = set() if downloads is None else downloads
    result = Crawl(role=role)
    words = choice_words()
    seen: set[str] = set()
    per_pattern: dict[str, int] = defaultdict(int)
    per_query: dict[str, set[frozenset]] = defaultdict(set)
    queue: list[tuple[str, int, str, str]] = [(start, 0, "", "link")]
    while queue:
        url, depth, referrer, how = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        path, _, query = url.partition("?")
        pattern = pattern_of(path) or "?"
        if path.endswith(DOWNLOAD_SUFFIXES) or DOWNLOAD_NAMES.search(pattern):
            if pattern in downloads:
                continue
            downloads.add(pattern)
            how = "download"
        if query:
            names = frozenset(k for k, _v in parse_qsl(query))
            if (
                names in per_query[pattern]
                or len(per_query[pattern]) >= PER_PATTERN_QUERIES
            ):
                continue
            per_query[pattern].add(names)
        else:
            if per_pattern[pattern] >= PER_PATTERN:
                continue
            per_pattern[pattern] += 1
        started = time.perf_counter()
        response = client.get(url)
        error = None
        if getattr(response, "streaming", False):
            # Read the stream to its end: an export may fail part-way. (Reading
            # it also closes it the test client's way, keeping the connection.)
            try:
                b"".join(response.streaming_content)
            except Exception as exc:  # reported as a server error
                error = exc
        seconds = time.perf_counter() - started
        status = response.status_code
        result.visits.append(Visit(url, pattern, status, seconds, depth, referrer))
        if error is not None:
            result.problems.append(
                Problem(
                    "server error",
                    url,
                    f"the download stopped: {type(error).__name__}: {error}"
                    f" (from {referrer})",
                )
            )
            continue
        if status >= 500:
            error = getattr(response, "exc_info", None)
            reason = f": {error[0].__name__}: {error[1]}" if error else ""
            result.problems.append(
                Problem("server error", url, f"{status}{reason} (from {referrer})")
            )
            continue
        if status in BROKEN:
            kind = "forbidden link" if status == 403 else "broken link"
            problem = Problem(kind, url, f"{status}, offered on {referrer}")
            shown_on = pattern_of(referrer.partition("?")[0]) if referrer else ""
            if (shown_on, pattern) in KNOWN_DEAD_LINKS:
                result.known.append(problem)
            else:
                result.problems.append(problem)
            continue
        if status in (301, 302, 303, 307, 308):
            target = urljoin(url, response["Location"])
            if urlsplit(target).path.startswith("/accounts/login/"):
                result.problems.append(
                    Problem(
                        "forbidden link",
                        url,
                        f"sends to the login, offered on {referrer}",
                    )
                )
            elif depth <= max_depth:
                for link, kind in links_of(_redirect_doc(target), url):
                    queue.append((link, depth, url, kind))
            continue
        content_type = response.get("Content-Type", "")
        if status != 200 or "text/html" not in content_type or how == "download":
            continue
        if path.endswith(DOWNLOAD_SUFFIXES):
            continue
        if not response.content.strip():
            continue  # an empty htmx fragment
        doc = lxml.html.fromstring(response.content)
        links = links_of(doc, url) if depth < max_depth else []
        for leak in identifier_leaks(doc, words):
            result.problems.append(Problem("identifier", url, leak))
        for link, kind in links:
            if link not in seen:
                queue.append((link, depth + 1, url, kind))
    return result


def _redirect_doc(target: str):
    return lxml.html.fromstring(f'<a href="{target}">.</a>')


def report(crawls: list[Crawl], *, slowest: int = 10) -> str:
    """Return a plain-text report: pages per role, the slowest pages, totals."""
    lines = [
        "Crawl of the demo committee",
        "",
        f"{'role':<12}{'pages':>7}{'seconds':>9}",
    ]
    for c in crawls:
        total = sum(v.seconds for v in c.visits)
        lines.append(f"{c.role:<12}{len(c.visits):>7}{total:>9.1f}")
    visits = [(c.role, v) for c in crawls for v in c.visits]
    lines.append(
        f"{'total':<12}{len(visits):>7}{sum(v.seconds for _r, v in visits):>9.1f}"
        f"   ({len({v.pattern for _r, v in visits})} kinds of page)"
    )
    lines += ["", f"Slowest {slowest} pages:"]
    for role, v in sorted(visits, key=lambda rv: -rv[1].seconds)[:slowest]:
        lines.append(f"{v.seconds * 1000:>8.0f} ms  {role:<10} {v.url}")
    problems = [p for c in crawls for p in c.problems]
    lines += ["", f"Problems: {len(problems)}"]
    lines += [f"  {c.role}: {p}" for c in crawls for p in c.problems]
    known = [(c.role, p) for c in crawls for p in c.known]
    if known:
        lines += ["", f"Known dead links, not failed on ({len(known)}):"]
        lines += [f"  {role}: {p}" for role, p in known]
    return "\n".join(lines)
