"""Storage behind one interface: SQLite (a file path, the embedded default) or PostgreSQL (a URL)."""

from __future__ import annotations

from pathlib import Path

from ..errors import ConfigError
from .schema import SCHEMA_VERSION
from .sqlite import SQLiteStore

Store = SQLiteStore

__all__ = ["SCHEMA_VERSION", "SQLiteStore", "Store", "open_store"]


def open_store(db: str | Path, *, readonly: bool = False, lock_timeout: float | None = None) -> SQLiteStore:
    """Open the store named by ``db``: a SQLite file path (created unless ``readonly``) or a
    ``postgresql://user:password@host:port/dbname`` URL (the database must exist; tables are created)."""
    text = str(db)
    if text.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresStore

        return PostgresStore(text, readonly=readonly)
    if "://" in text:
        raise ConfigError(
            f"database URL {text!r} is not supported; pass a SQLite file path or a postgresql:// URL"
        )
    if lock_timeout is None:
        return SQLiteStore(text, readonly=readonly)
    return SQLiteStore(text, readonly=readonly, lock_timeout=lock_timeout)
