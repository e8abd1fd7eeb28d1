"""Request-scoped helpers: the store of the current thread, pagination, id and query validation."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request

from ..store import SQLiteStore
from .errors import ApiError

MAX_PER_PAGE = 100
MAX_PAGE = 10_000
MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 12
ID_PATTERN = r"^[A-Za-z0-9_\-]{1,80}$"
NAME_MAX = 200

_local = threading.local()


def get_store(request: Request) -> SQLiteStore:
    """A read-only connection per worker thread: SQLite connections are not shared across threads."""
    db: str = request.app.state.db
    stores: dict[str, SQLiteStore] = getattr(_local, "stores", None) or {}
    _local.stores = stores
    store = stores.get(db)
    if store is None:
        store = SQLiteStore(db, readonly=True)
        store.conn.execute("PRAGMA query_only = ON")
        stores[db] = store
    return store


StoreDep = Annotated[SQLiteStore, Depends(get_store)]


@dataclass(frozen=True)
class Paging:
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def wrap(self, total: int, items: list) -> dict:
        return {"items": items, "page": self.page, "per_page": self.per_page, "total": total,
                "pages": (total + self.per_page - 1) // self.per_page}


def paging(
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number, from 1.")] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="Items per page.")] = 20,
) -> Paging:
    return Paging(page, per_page)


PagingDep = Annotated[Paging, Depends(paging)]

_WORD = re.compile(r"\w+\*?", re.UNICODE)


def fts_query(q: str) -> str:
    """Plain words (``word*`` for a prefix) as an FTS5 expression that matches all of them.

    Each word is quoted, so FTS5 operators or syntax in the user's text are searched for as words and can
    never make the query fail or change meaning.
    """
    words = _WORD.findall(q)
    if not words:
        raise ApiError(422, f"the search {q!r} has no words; type one or more words", code="invalid_parameter")
    if len(words) > MAX_QUERY_WORDS:
        raise ApiError(422, f"the search has {len(words)} words; use at most {MAX_QUERY_WORDS}",
                       code="invalid_parameter")
    parts = []
    for w in words:
        prefix = w.endswith("*")
        w = w.rstrip("*")
        parts.append(f'"{w}"*' if prefix else f'"{w}"')
    return " ".join(parts)
