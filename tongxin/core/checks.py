"""Deployment checks (``tongxin check --deploy``) for what Django cannot know.

* ``tongxin.W501``: the database is SQLite — fine for one committee, PostgreSQL
  for anything larger or for more than one application server.
* ``tongxin.W502``: ``TONGXIN_PRODUCTION`` is off, so the hardening of
  ``settings.py`` (HTTPS-only cookies, HSTS, required secret key) is off.
* ``tongxin.E501``: a private file or directory (uploaded rosters, the SQLite
  database, the generated keys file) lies inside a directory the web server
  serves (``STATIC_ROOT``, ``STATICFILES_DIRS``, ``MEDIA_ROOT``).

The personal-data keys are checked by :mod:`tongxin.core.crypto`
(``tongxin.E301``/``W301``).  docs/deploy.md explains every check.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core import checks
from django.db import connections
from django.utils.translation import gettext as _


def register() -> None:
    """Register the checks (called from ``CoreConfig.ready``)."""
    checks.register(check_database_engine, checks.Tags.database, deploy=True)
    checks.register(check_production_mode, checks.Tags.security, deploy=True)
    checks.register(check_private_files, checks.Tags.security, deploy=True)


def check_database_engine(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Warn that SQLite carries one committee, not a province."""
    if connections["default"].vendor != "sqlite":
        return []
    return [
        checks.Warning(
            _("数据库是 SQLite：适合一个市委会（一台服务器、几十名同时在线的用户）。"),
            hint=_(
                "更大的规模、多台应用服务器或只读副本请用 PostgreSQL：设置 DATABASE_URL，见 docs/deploy.md。"
            ),
            id="tongxin.W501",
        )
    ]


def check_production_mode(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Warn when the production hardening block is switched off."""
    if getattr(settings, "TONGXIN_PRODUCTION", False):
        return []
    return [
        checks.Warning(
            _("未设置 TONGXIN_PRODUCTION=1：生产环境的安全设置没有启用。"),
            hint=_(
                "在生产环境设置 TONGXIN_PRODUCTION=1、TONGXIN_SECRET_KEY 和 TONGXIN_ALLOWED_HOSTS，见 docs/deploy.md。"
            ),
            id="tongxin.W502",
        )
    ]


def served_directories() -> list[Path]:
    """Return the directories whose files the web server hands out."""
    found = [settings.STATIC_ROOT, *settings.STATICFILES_DIRS, settings.MEDIA_ROOT]
    directories = []
    for entry in found:
        if not entry:
            continue
        if isinstance(entry, tuple | list):  # ("prefix", path) form
            entry = entry[1]
        directories.append(Path(entry).resolve())
    return directories


def private_paths() -> dict[str, Path]:
    """Return the files and directories that must never be served, by label."""
    paths = {_("上传的花名册目录"): Path(settings.VAR_DIR) / "uploads"}
    database = connections["default"]
    if database.vendor == "sqlite":
        paths[_("SQLite 数据库文件")] = Path(str(database.settings_dict["NAME"]))
    keys_file = getattr(settings, "TONGXIN_KEYS_FILE", None)
    if keys_file:
        paths[_("密钥文件")] = Path(keys_file)
    return {label: path.resolve() for label, path in paths.items()}


def check_private_files(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Refuse private files placed where the web server would hand them out."""
    errors = []
    served = served_directories()
    for label, path in private_paths().items():
        for directory in served:
            if path == directory or directory in path.parents:
                errors.append(
                    checks.Error(
                        _("%(label)s %(path)s 位于对外提供文件的目录 %(dir)s 之下。")
                        % {"label": label, "path": path, "dir": directory},
                        hint=_(
                            "把 TONGXIN_VAR_DIR 设为网站根目录以外的目录，并让 STATIC_ROOT 和 MEDIA_ROOT 不包含它。"
                        ),
                        id="tongxin.E501",
                    )
                )
    return errors
