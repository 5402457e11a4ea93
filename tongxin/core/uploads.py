"""Uploaded import files kept between the preview and the commit.

The web UI previews an upload (a roster, a ledger) and commits it on a second
request (:mod:`tongxin.core.imports_web`).  The file
waits under ``VAR_DIR/uploads`` named by a random token; a small JSON file next
to it records the user it belongs to, the original name, the chosen mode and
default organization, and when it was stored.  The browser only ever sends the
token back: a token of another user, an expired one or a malformed one finds
nothing.  Files older than :data:`TTL` are removed on the next upload.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

__all__ = ["TTL", "StoredUpload", "discard", "load", "store"]

TTL = dt.timedelta(hours=2)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
#: The name every kept file starts with (the roster's, the first import's).
_PREFIX = "roster-"


@dataclass(frozen=True)
class StoredUpload:
    token: str
    path: Path
    filename: str
    mode: str
    org_id: int | None
    user_id: int
    stored_at: dt.datetime


def _dir() -> Path:
    directory = Path(settings.VAR_DIR) / "uploads"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _paths(token: str) -> tuple[Path, Path]:
    base = _dir() / f"{_PREFIX}{token}"
    return base.with_suffix(".upload"), base.with_suffix(".json")


def _purge_expired() -> None:
    cutoff = (timezone.now() - TTL).timestamp()
    for path in _dir().glob(f"{_PREFIX}*"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except OSError:
            continue


def store(*, user, upload: UploadedFile, mode: str, org_id: int | None) -> StoredUpload:
    """Keep ``upload`` for ``user``; return what names it."""
    _purge_expired()
    token = secrets.token_urlsafe(24)
    data_path, meta_path = _paths(token)
    with data_path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    stored_at = timezone.now()
    meta = {
        "user_id": user.pk,
        "filename": Path(upload.name or "").name,
        "mode": mode,
        "org_id": org_id,
        "stored_at": stored_at.isoformat(),
    }
    meta_path.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return StoredUpload(
        token=token,
        path=data_path,
        filename=meta["filename"],
        mode=mode,
        org_id=org_id,
        user_id=user.pk,
        stored_at=stored_at,
    )


def load(*, user, token: str) -> StoredUpload | None:
    """Return the upload ``token`` names if it is ``user``'s and not expired."""
    if not isinstance(token, str) or not _TOKEN.match(token):
        return None
    data_path, meta_path = _paths(token)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    stored_at = dt.datetime.fromisoformat(meta["stored_at"])
    if meta.get("user_id") != user.pk or not data_path.exists():
        return None
    if timezone.now() - stored_at > TTL:
        discard(token)
        return None
    return StoredUpload(
        token=token,
        path=data_path,
        filename=meta["filename"],
        mode=meta["mode"],
        org_id=meta.get("org_id"),
        user_id=meta["user_id"],
        stored_at=stored_at,
    )


def discard(token: str) -> None:
    """Remove an upload and its record."""
    if not _TOKEN.match(token or ""):
        return
    for path in _paths(token):
        path.unlink(missing_ok=True)
