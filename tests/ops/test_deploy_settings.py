"""Production settings: `check --deploy`, refusals at start-up, security headers.

The production block of ``tongxin/settings.py`` only runs when the settings
module is imported with ``TONGXIN_PRODUCTION=1``, so these tests start
subprocesses with that environment instead of overriding settings in-process.
"""

from __future__ import annotations

import json
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from tests.ops.procs import REPO, run_tongxin, subprocess_env
from tongxin.core import checks as deploy_checks
from tongxin.core.crypto import generate_field_key, generate_index_key

HOST = "tongxin.example.org"
DEPLOY_DOC = REPO / "docs" / "deploy.md"
#: Warnings `check --deploy` may print in production, each explained in
#: docs/deploy.md: HSTS preload is the domain owner's decision (W021); SQLite
#: is a supported choice for one committee (tongxin.W501).
EXPLAINED = {"security.W021", "tongxin.W501"}
_CHECK_ID = re.compile(r"^\?: \(([\w.]+)\)", re.MULTILINE)


def production_env(var_dir: Path, url: str, **extra: str) -> dict[str, str]:
    """Return a complete production environment on database ``url``."""
    values = {
        "TONGXIN_PRODUCTION": "1",
        "TONGXIN_SECRET_KEY": secrets.token_urlsafe(50),
        "TONGXIN_ALLOWED_HOSTS": HOST,
        "TONGXIN_FIELD_KEYS": generate_field_key(),
        "TONGXIN_INDEX_KEY": generate_index_key(),
        "TONGXIN_DEBUG": "0",
    }
    values.update(extra)
    return subprocess_env(var_dir, url, **values)


def probe(env: dict[str, str], *paths: str) -> dict:
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("header_probe.py")), HOST]
        + list(paths),
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_it_passes_check_deploy_with_only_explained_warnings(
    tmp_path, test_database_url
):
    """`tongxin check --deploy` exits 0; every warning left is in docs/deploy.md."""
    done = run_tongxin(
        ["check", "--deploy"], production_env(tmp_path, test_database_url)
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    found = set(_CHECK_ID.findall(output))
    assert found <= EXPLAINED, f"unexplained: {found - EXPLAINED}\n{output}"
    if connection.vendor == "sqlite":
        assert "tongxin.W501" in found
    else:
        assert "tongxin.W501" not in found
    documented = DEPLOY_DOC.read_text(encoding="utf-8")
    for check_id in EXPLAINED:
        assert check_id in documented


def test_it_prints_no_security_warning_with_hsts_preload(tmp_path, test_database_url):
    """With HSTS preload chosen, only the engine's own note can remain."""
    env = production_env(tmp_path, test_database_url, TONGXIN_HSTS_PRELOAD="1")
    done = run_tongxin(["check", "--deploy"], env)
    found = set(_CHECK_ID.findall(done.stdout + done.stderr))
    assert done.returncode == 0
    assert found == ({"tongxin.W501"} if connection.vendor == "sqlite" else set())


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"TONGXIN_SECRET_KEY": ""}, "TONGXIN_SECRET_KEY"),
        (
            {"TONGXIN_SECRET_KEY": "insecure-development-key-set-TONGXIN_SECRET_KEY"},
            "TONGXIN_SECRET_KEY",
        ),
        ({"TONGXIN_SECRET_KEY": "short-but-random-Zq81"}, "TONGXIN_SECRET_KEY"),
        ({"TONGXIN_SECRET_KEY": "ab" * 40}, "TONGXIN_SECRET_KEY"),
        ({"TONGXIN_ALLOWED_HOSTS": ""}, "TONGXIN_ALLOWED_HOSTS"),
        ({"TONGXIN_ALLOWED_HOSTS": "*"}, "TONGXIN_ALLOWED_HOSTS"),
        ({"TONGXIN_DEBUG": "1"}, "TONGXIN_DEBUG"),
    ],
)
def test_it_refuses_to_start_in_production_without_real_settings(
    tmp_path, change, named
):
    """A missing or development secret key, no host list or DEBUG stop start-up."""
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    env = production_env(tmp_path, url, **change)
    if change.get("TONGXIN_SECRET_KEY") == "":
        del env["TONGXIN_SECRET_KEY"]
    done = run_tongxin(["check"], env)
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    assert named in done.stderr


def _private_files(var_dir: Path) -> None:
    uploads = var_dir / "uploads"
    uploads.mkdir(parents=True, exist_ok=True)
    (uploads / "roster-secret.upload").write_bytes(b"PK\x03\x04 roster")
    media = var_dir / "media"
    media.mkdir(parents=True, exist_ok=True)
    (media / "roster.xlsx").write_bytes(b"PK\x03\x04 roster")


PRIVATE_PATHS = (
    "/media/roster.xlsx",
    "/uploads/roster-secret.upload",
    "/static/../uploads/roster-secret.upload",
    "/static/%2e%2e/uploads/roster-secret.upload",
    "/static/../media/roster.xlsx",
)


def test_it_sends_the_security_headers_in_production(tmp_path, test_database_url):
    """HTTPS answers carry HSTS, nosniff, an enforced CSP, DENY and the referrer policy."""
    _private_files(tmp_path)
    login = "/accounts/login/"
    env = production_env(tmp_path, test_database_url)
    result = probe(env, login, "/static/css/tongxin.css", *PRIVATE_PATHS)
    assert result["debug"] is False
    page = result["https"][login]
    assert page["status"] == 200
    headers = page["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = headers["Content-Security-Policy"]
    assert headers["Content-Security-Policy-Report-Only"] is None
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"].startswith("'self' 'nonce-")
    assert "unsafe" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert page["cookies"]["csrftoken"]["secure"] is True
    # Static files are served (whitenoise), with the same headers.
    static = result["https"]["/static/css/tongxin.css"]
    assert static["status"] == 200
    assert static["headers"]["X-Content-Type-Options"] == "nosniff"
    # Uploads and media are never served, however the path is written.
    for path in PRIVATE_PATHS:
        assert result["https"][path]["status"] == 404, path
    # Plain HTTP is redirected to HTTPS, and a client cannot claim HTTPS by a
    # header unless a proxy is configured.
    for kind in ("http", "proxied"):
        answer = result[kind][login]
        assert answer["status"] == 301
        assert answer["headers"]["Location"] == f"https://{HOST}{login}"


def test_it_trusts_the_proxy_header_when_the_proxy_terminates_tls(
    tmp_path, test_database_url
):
    """TONGXIN_SSL_REDIRECT=0: the proxy redirects; its X-Forwarded-Proto is believed."""
    env = production_env(tmp_path, test_database_url, TONGXIN_SSL_REDIRECT="0")
    login = "/accounts/login/"
    result = probe(env, login)
    proxied = result["proxied"][login]
    assert proxied["status"] == 200
    assert proxied["headers"]["Strict-Transport-Security"].startswith("max-age=")
    assert proxied["cookies"]["csrftoken"]["secure"] is True
    # Without the header Django does not redirect (the proxy does) and sends
    # no HSTS over plain HTTP.
    direct = result["http"][login]
    assert direct["status"] == 200
    assert direct["headers"]["Strict-Transport-Security"] is None


def test_it_keeps_its_own_redirect_behind_the_recommended_nginx(
    tmp_path, test_database_url
):
    """TONGXIN_PROXY_SSL_HEADER=1: proxied HTTPS is served, plain HTTP redirected."""
    env = production_env(tmp_path, test_database_url, TONGXIN_PROXY_SSL_HEADER="1")
    login = "/accounts/login/"
    result = probe(env, login)
    assert result["proxied"][login]["status"] == 200
    assert result["http"][login]["status"] == 301
    done = run_tongxin(["check", "--deploy"], env)
    assert "security.W008" not in done.stdout + done.stderr


def test_it_serves_no_upload_or_media_path_in_development(client, settings):
    """The development server has no route to uploads or media either."""
    settings.DEBUG = False
    _private_files(Path(settings.VAR_DIR))
    for path in PRIVATE_PATHS:
        assert client.get(path).status_code == 404, path


def test_it_reports_csp_violations_outside_production(client):
    """Development sends the same policy report-only, with a fresh nonce per request."""
    first = client.get(reverse("accounts:login"))
    second = client.get(reverse("accounts:login"))
    assert first.status_code == 200
    assert "Content-Security-Policy" not in first.headers
    policy = first.headers["Content-Security-Policy-Report-Only"]
    assert "default-src 'self'" in policy
    nonce = re.compile(r"'nonce-([\w-]+)'")
    assert nonce.search(policy).group(1) != nonce.search(
        second.headers["Content-Security-Policy-Report-Only"]
    ).group(1)
    assert first.wsgi_request.csp_nonce in policy


def test_it_sets_the_policy_header_on_refused_requests_too(db):
    """A refused request (a POST without its CSRF token) carries the policy header."""
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "x"})
    assert response.status_code == 403
    assert "Content-Security-Policy-Report-Only" in response.headers


def _ids(messages) -> list[str]:
    return [m.id for m in messages]


def test_it_warns_about_sqlite_only_on_sqlite(db):
    """tongxin.W501 names SQLite as fit for one committee; PostgreSQL gets nothing."""
    found = _ids(deploy_checks.check_database_engine())
    assert found == (["tongxin.W501"] if connection.vendor == "sqlite" else [])


def test_it_warns_when_production_mode_is_off(settings):
    settings.TONGXIN_PRODUCTION = False
    assert _ids(deploy_checks.check_production_mode()) == ["tongxin.W502"]
    settings.TONGXIN_PRODUCTION = True
    assert deploy_checks.check_production_mode() == []


def test_it_accepts_the_default_layout_of_private_files(db):
    """Uploads, database and keys live under VAR_DIR, outside every served directory."""
    assert deploy_checks.check_private_files() == []
    uploads = Path(settings.VAR_DIR) / "uploads"
    for served in deploy_checks.served_directories():
        assert served not in uploads.parents


@pytest.mark.parametrize("setting", ["STATIC_ROOT", "MEDIA_ROOT", "STATICFILES_DIRS"])
def test_it_refuses_uploads_inside_a_served_directory(db, setting):
    """tongxin.E501 when STATIC_ROOT, MEDIA_ROOT or a static dir holds the uploads."""
    var_dir = Path(settings.VAR_DIR)
    value = [var_dir] if setting == "STATICFILES_DIRS" else var_dir
    with override_settings(**{setting: value}):
        errors = deploy_checks.check_private_files()
    assert "tongxin.E501" in _ids(errors)
    assert any("uploads" in e.msg for e in errors)


def test_it_refuses_the_sqlite_database_inside_static_root(db, settings):
    if connection.vendor != "sqlite":
        assert "SQLite" not in " ".join(deploy_checks.private_paths())
        return
    database = Path(connection.settings_dict["NAME"])
    settings.STATIC_ROOT = database.parent
    errors = deploy_checks.check_private_files()
    assert any(str(database) in e.msg for e in errors)


#: Templates with inline script that the enforced CSP blocks; each is listed
#: in the closing report for its owner to move into a static file.
KNOWN_INLINE_SCRIPT: set[str] = set()
_INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*\bnonce=)(?![^>]*type=\"application/json\")[^>]*>"
    r"|\shx-on[:-]|\son[a-z]+=\"|javascript:",
    re.IGNORECASE,
)


def test_it_finds_no_new_inline_script_the_policy_would_block():
    """Templates use static scripts (or the request nonce), never inline handlers."""
    package = REPO / "tongxin"
    offenders = {
        str(path.relative_to(package))
        for path in package.rglob("*.html")
        if _INLINE.search(path.read_text(encoding="utf-8"))
    }
    assert offenders <= KNOWN_INLINE_SCRIPT, offenders - KNOWN_INLINE_SCRIPT
