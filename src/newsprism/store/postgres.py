"""The PostgreSQL store: the SQLite store's schema and queries, through the dialect layer, on psycopg 3.

``PostgresStore`` inherits every query from ``SQLiteStore``; only connecting, migrating, transactions
and full-text search differ. Its connection object translates each SQLite-dialect statement once
(``dialect.pg_sql``, cached) and hands back rows that, like ``sqlite3.Row``, answer to an index and to
a column name. The schema version lives in the table ``newsprism_schema``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ..errors import StoreError
from ..records import Article
from .dialect import fts_tables, pg_ddl, pg_sql, tsvector
from .schema import MIGRATIONS, SCHEMA_VERSION
from .sqlite import SQLiteStore, _statements, refuse_newer

log = logging.getLogger(__name__)

URL_SCHEMES = ("postgresql://", "postgres://")


class Row(tuple):  # type: ignore[type-arg]
    """A result row readable by position or by column name, as ``sqlite3.Row`` is."""

    _index: dict[str, int]

    def __new__(cls, values: Sequence[Any], index: dict[str, int]) -> Row:
        row = super().__new__(cls, values)
        row._index = index
        return row

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


def _row_factory(cursor: Any) -> Any:
    desc = cursor.description or []
    index = {d.name: i for i, d in enumerate(desc)}

    def make(values: Sequence[Any]) -> Row:
        return Row(values, index)

    return make


def _redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(":" + parts.password + "@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


class PGConnection:
    """The slice of the ``sqlite3.Connection`` interface the store uses, over a psycopg connection."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        return self.raw.execute(pg_sql(sql), tuple(params) if params is not None else ())

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Any:
        rows = list(rows)
        cur = self.raw.cursor()
        if rows:
            cur.executemany(pg_sql(sql), rows)
        return cur

    def close(self) -> None:
        self.raw.close()


class PostgresStore(SQLiteStore):
    """newsprism's store in a PostgreSQL database named by a ``postgresql://`` URL."""

    dialect = "postgresql"

    def __init__(self, url: str, *, readonly: bool = False) -> None:  # noqa: D107
        import psycopg
        from psycopg.adapt import Dumper

        class _BoolAsInt(Dumper):
            # The schema keeps flags as INTEGER (SQLite has no boolean); store True/False as 1/0 alike.
            oid = psycopg.postgres.types["int8"].oid

            def dump(self, obj: Any) -> bytes:
                return b"1" if obj else b"0"

        self.path = _redact(url)
        try:
            raw = psycopg.connect(url, autocommit=True, row_factory=_row_factory)
        except psycopg.Error as exc:
            reason = " ".join(str(exc).split())
            raise StoreError(
                f"cannot connect to PostgreSQL at {self.path!r} ({reason}); check the URL, the server and "
                "that the database exists"
            ) from None
        raw.adapters.register_dumper(bool, _BoolAsInt)
        self.conn = PGConnection(raw)  # type: ignore[assignment]
        try:
            if readonly:
                raw.execute("SET default_transaction_read_only = on")
            self._migrate(readonly)
        except psycopg.Error as exc:
            raw.close()
            raise StoreError(
                f"PostgreSQL database {self.path!r} cannot be used ({exc}); pass another --db"
            ) from None

    def _version(self) -> int | None:
        exists = self.conn.execute("SELECT to_regclass('newsprism_schema') IS NOT NULL").fetchone()[0]
        if not exists:
            return None
        row = self.conn.execute("SELECT version FROM newsprism_schema").fetchone()
        return int(row[0]) if row else 0

    def _migrate(self, readonly: bool) -> None:
        version = self._version()
        refuse_newer(self.path, version)
        if version == SCHEMA_VERSION:
            return
        if readonly:
            raise StoreError(
                f"database {self.path!r} has schema version {version or 0}; run 'newsprism analyze' once "
                "to create or upgrade it"
            )
        if version is None:
            others = self.conn.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
            ).fetchone()[0]
            if others:
                raise StoreError(
                    f"PostgreSQL database {self.path!r} has tables that newsprism did not create; "
                    "pass another database"
                )
        raw = self.conn.raw  # type: ignore[attr-defined]
        for number in range(version or 0, SCHEMA_VERSION):
            with raw.transaction():
                if number == 0:
                    raw.execute("CREATE TABLE newsprism_schema (version INTEGER NOT NULL)")
                    raw.execute("INSERT INTO newsprism_schema VALUES (0)")
                for statement in pg_ddl(_statements(MIGRATIONS[number])):
                    raw.execute(statement)
                raw.execute("UPDATE newsprism_schema SET version = %s", (number + 1,))
            log.info("migrated %s to schema version %d", self.path, number + 1)

    @property
    def schema_version(self) -> int:
        return self._version() or 0

    def transaction(self) -> _PGTransaction:  # type: ignore[override]
        return _PGTransaction(self.conn)  # type: ignore[arg-type]

    def _index_text(self, a: Article) -> int:
        # psycopg has no lastrowid: the identity column's value comes back with RETURNING
        return int(self.conn.execute(
            "INSERT INTO articles_fts(article_id, title, text) VALUES (?, ?, ?) RETURNING rowid",
            (a.id, a.title or "", a.text),
        ).fetchone()[0])

    def _text_match(self, words: Sequence[str]) -> tuple[str, str]:
        # each word a quoted lexeme ('word', or 'word':* for a prefix), all of them required (&)
        terms = []
        for w in words:
            word = w.rstrip("*").replace("'", "''").replace("\\", "\\\\")
            terms.append(f"'{word}':*" if w.endswith("*") else f"'{word}'")
        return f"{_fts_vector('f.')} @@ to_tsquery('simple', ?)", " & ".join(terms)

    def _text_rank(self, match: str) -> tuple[str, list[Any]]:
        return f"-ts_rank({_fts_vector('f.')}, to_tsquery('simple', ?))", [match]

    def _search_rows(self, fts_rowids: Sequence[int], match: str, mark: tuple[str, str]) -> list[Any]:
        marks = ",".join("?" * len(fts_rowids))
        options = (
            f"StartSel={mark[0]}, StopSel={mark[1]}, MaxWords=24, MinWords=12, ShortWord=0, "
            "MaxFragments=1, FragmentDelimiter=…"
        )
        rows = self.conn.execute(
            "SELECT f.rowid AS fts_rowid, a.id, a.title, o.name AS outlet, a.url, a.published, sa.story_id,"
            " ts_headline('simple', a.text, to_tsquery('simple', ?), ?) AS snippet,"
            " left(a.text, 200) AS head, right(a.text, 200) AS tail"
            " FROM articles_fts f JOIN articles a ON a.fts_rowid = f.rowid"
            " LEFT JOIN outlets o ON o.id = a.outlet_id LEFT JOIN story_articles sa ON sa.article_id = a.id"
            f" WHERE f.rowid IN ({marks})",
            [match, options, *fts_rowids],
        ).fetchall()
        out = []
        for r in rows:
            row = {k: r[k] for k in r.keys() if k not in ("head", "tail")}
            # like FTS5's snippet: an ellipsis where the excerpt cuts the text
            snippet = row["snippet"].strip()
            plain = snippet.replace(mark[0], "").replace(mark[1], "")
            lead = "" if r["head"].lstrip().startswith(plain[:50]) else "…"
            trail = "" if r["tail"].rstrip().endswith(plain[-50:]) else "…"
            row["snippet"] = lead + snippet + trail
            out.append(row)
        return out

    def search_articles(self, query: str, limit: int = 20) -> list[str]:
        """Ids of articles whose title or text has all the words of ``query``, best first."""
        words = re.findall(r"\w+", query)
        if not words:
            return []
        table, cols = next(iter(fts_tables(_statements(MIGRATIONS[0])).items()))
        vec = tsvector(cols)
        rows = self.conn.execute(
            f"SELECT article_id FROM {table} WHERE {vec} @@ plainto_tsquery('simple', ?)"
            f" ORDER BY ts_rank({vec}, plainto_tsquery('simple', ?)) DESC, article_id LIMIT ?",
            (" ".join(words), " ".join(words), limit),
        )
        return [r[0] for r in rows]


def _fts_vector(prefix: str = "") -> str:
    """The tsvector expression of the full-text table, exactly as its GIN index has it (so the index is used)."""
    cols = next(iter(fts_tables(_statements(MIGRATIONS[0])).values()))
    if not prefix:
        return tsvector(cols)
    return tsvector([prefix + c for c in cols])


class _PGTransaction:
    """``with store.transaction():`` — BEGIN, then COMMIT, or ROLLBACK on an exception."""

    def __init__(self, conn: PGConnection) -> None:
        self.conn = conn

    def __enter__(self) -> None:
        self.conn.raw.execute("BEGIN")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self.conn.raw.execute("ROLLBACK" if exc_type is not None else "COMMIT")
