"""Compare whole databases table by table, through plain DB-API connections.

Both sides are read with the same driver (``sqlite3`` or ``psycopg``) and no
Django converters, so equal digests mean equal stored values.  Rows are read
ordered by primary key (or by every column where a table has none).
"""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

import psycopg

#: Rows per fetch.
CHUNK = 2000


def connect(settings_dict: dict):
    """Open a DB-API connection to the database described like Django's settings."""
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return sqlite3.connect(
            f"{Path(settings_dict['NAME']).as_uri()}?mode=ro", uri=True
        )
    return psycopg.connect(
        dbname=settings_dict["NAME"],
        user=settings_dict.get("USER") or None,
        password=settings_dict.get("PASSWORD") or None,
        host=settings_dict.get("HOST") or None,
        port=settings_dict.get("PORT") or None,
        autocommit=True,
    )


def _tables(conn) -> list[str]:
    if isinstance(conn, sqlite3.Connection):
        rows = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_stat%' ORDER BY name"
        ).fetchall()
    else:
        rows = conn.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' "
            "ORDER BY table_name"
        ).fetchall()
    return [r[0] for r in rows]


def _order(conn, table: str) -> list[str]:
    if isinstance(conn, sqlite3.Connection):
        info = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
        keys = [row[1] for row in sorted(info, key=lambda r: r[5]) if row[5]]
        return keys or [row[1] for row in info]
    rows = conn.execute(
        "SELECT a.attname FROM pg_index i "
        "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
        "WHERE i.indrelid = %s::regclass AND i.indisprimary ORDER BY a.attnum",
        [f'"{table}"'],
    ).fetchall()
    if rows:
        return [r[0] for r in rows]
    rows = conn.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name = %s ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [r[0] for r in rows]


def row_digests(conn, table: str) -> list[str]:
    """Return one digest per row of ``table``, in primary-key order."""
    order = ", ".join(f'"{c}"' for c in _order(conn, table))
    cursor = conn.cursor()
    cursor.execute(f'SELECT * FROM "{table}" ORDER BY {order}')
    digests = []
    with closing(cursor):
        while rows := cursor.fetchmany(CHUNK):
            digests.extend(
                hashlib.sha256(repr(tuple(row)).encode()).hexdigest() for row in rows
            )
    return digests


def database_rows(settings_dict: dict) -> dict[str, list[str]]:
    """Return every table's row digests (SQLite's sequence table included)."""
    with closing(connect(settings_dict)) as conn:
        return {table: row_digests(conn, table) for table in _tables(conn)}


def sequences(settings_dict: dict) -> dict[str, int | None]:
    """Return the value of every sequence (PostgreSQL) or AUTOINCREMENT counter."""
    with closing(connect(settings_dict)) as conn:
        if isinstance(conn, sqlite3.Connection):
            return dict(
                conn.execute("SELECT name, seq FROM sqlite_sequence").fetchall()
            )
        return dict(
            conn.execute(
                "SELECT sequencename, last_value FROM pg_sequences "
                "WHERE schemaname = 'public'"
            ).fetchall()
        )


def table_summary(rows: dict[str, list[str]]) -> dict[str, tuple[int, str]]:
    """Return (row count, digest of all rows) per table."""
    return {
        table: (len(digests), hashlib.sha256("".join(digests).encode()).hexdigest())
        for table, digests in rows.items()
    }
