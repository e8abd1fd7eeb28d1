"""Request-scoped helpers: the store of the current thread, pagination, id and query validation."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Depends, Query, Request

from ..store import SQLiteStore, open_store
from .errors import ApiError

MAX_PER_PAGE = 100
MAX_PAGE = 10_000
MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 12
ID_PATTERN = r"^[A-Za-z0-9_\-]{1,80}$"
NAME_MAX = 200

log = logging.getLogger(__name__)
_local = threading.local()
T = TypeVar("T")
CACHE_SECONDS = 30.0


def cached(request: Request, key: str, compute: Callable[[], T]) -> T:
    """Corpus-wide aggregates (table counts, the whole network) cost a scan: reuse them for a while."""
    cache: dict[str, tuple[float, object]] = request.app.state.cache
    now = time.monotonic()
    hit = cache.get(key)
    if hit is not None and now - hit[0] < CACHE_SECONDS:
        return hit[1]  # type: ignore[return-value]
    value = compute()
    cache[key] = (now, value)
    return value


def thread_store(db: str, cache_kib: int) -> SQLiteStore:
    """This thread's read-only store ``db``: SQLite connections (and psycopg ones, which serialise their
    statements) are not shared across threads. A PostgreSQL connection that broke is opened again."""
    stores: dict[str, SQLiteStore] | None = getattr(_local, "stores", None)
    if stores is None:
        stores = _local.stores = {}
    store = stores.get(db)
    if store is not None and _broken(store):
        store.close()
        store = None
    if store is None:
        store = open_store(db, readonly=True)
        if store.dialect == "sqlite":
            store.conn.execute("PRAGMA query_only = ON")
            # every worker thread has its own connection and so its own page cache: this size times the
            # thread pool (40) bounds the memory they take (docs/web.md, "Speed", has the measurements)
            store.conn.execute(f"PRAGMA cache_size = -{int(cache_kib)}")
        stores[db] = store
    return store


def _broken(store: SQLiteStore) -> bool:
    """Whether the PostgreSQL connection of ``store`` was lost (a server restart, an administrator)."""
    raw = getattr(store.conn, "raw", None)
    return raw is not None and bool(raw.broken or raw.closed)


class _ThreadStore:
    """Stands for the store inside a request; every call goes to the connection of the calling thread.

    FastAPI may run a dependency and the route in different worker threads, so the connection is looked up
    when it is used, not when the dependency runs.
    """

    def __init__(self, db: str, cache_kib: int) -> None:
        self._db = db
        self._cache_kib = cache_kib

    def __getattr__(self, name: str) -> object:
        value = getattr(thread_store(self._db, self._cache_kib), name)
        if not callable(value):
            return value

        def call(*args: object, **kwargs: object) -> object:
            try:
                return value(*args, **kwargs)
            except Exception:
                # a lost PostgreSQL connection: the reads are safe to repeat once, on a new connection
                used = getattr(value, "__self__", None)
                if used is None or not _broken(used):
                    raise
                log.warning("the connection to %s was lost; connecting again", used.path)
                return getattr(thread_store(self._db, self._cache_kib), name)(*args, **kwargs)

        return call


async def get_store(request: Request) -> SQLiteStore:
    return _ThreadStore(request.app.state.db, request.app.state.settings.web_cache_kib)  # type: ignore[return-value]


StoreDep = Annotated[SQLiteStore, Depends(get_store)]


@dataclass(frozen=True)
class Paging:
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def wrap(self, total: int, items: list) -> dict:
        return {
            "items": items,
            "page": self.page,
            "per_page": self.per_page,
            "total": total,
            "pages": (total + self.per_page - 1) // self.per_page,
        }


def paging(
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number, from 1.")] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="Items per page.")] = 20,
) -> Paging:
    return Paging(page, per_page)


PagingDep = Annotated[Paging, Depends(paging)]

_WORD = re.compile(r"\w+\*?", re.UNICODE)


def search_words(q: str) -> list[str]:
    """The plain words of a search (``word*`` for a prefix), all of which must occur.

    Only the words are kept, so operators or syntax in the user's text (FTS5's or PostgreSQL's) are searched
    for as words and can never make the query fail or change meaning; each store quotes them itself.
    """
    words = _WORD.findall(q)
    if not words:
        raise ApiError(
            422, f"the search {q!r} has no words; type one or more words", code="invalid_parameter"
        )
    if len(words) > MAX_QUERY_WORDS:
        raise ApiError(
            422, f"the search has {len(words)} words; use at most {MAX_QUERY_WORDS}", code="invalid_parameter"
        )
    return words
