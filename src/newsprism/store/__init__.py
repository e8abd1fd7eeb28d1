"""Storage behind one interface. SQLite (a file path) is the embedded default."""

from __future__ import annotations

from pathlib import Path

from ..errors import ConfigError
from .schema import SCHEMA_VERSION
from .sqlite import SQLiteStore

Store = SQLiteStore

__all__ = ["SCHEMA_VERSION", "SQLiteStore", "Store", "open_store"]


def open_store(db: str | Path, *, readonly: bool = False, lock_timeout: float | None = None) -> SQLiteStore:
    """Open the store named by ``db``: a SQLite file path (created unless ``readonly``)."""
    text = str(db)
    if "://" in text:
        raise ConfigError(
            f"database URL {text!r} is not supported yet; pass a SQLite file path (PostgreSQL support is planned)"
        )
    if lock_timeout is None:
        return SQLiteStore(text, readonly=readonly)
    return SQLiteStore(text, readonly=readonly, lock_timeout=lock_timeout)
