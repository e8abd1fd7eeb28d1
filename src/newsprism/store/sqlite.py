"""The embedded store: one SQLite file (WAL, FTS5), written in batched transactions.

Every write of an article (its row, sentences, mentions, quotes, events, figures, dates, actors and
features) happens in one transaction with the others of its batch, so a crash leaves whole articles or
none. Re-running the same input finds the ids already stored and writes nothing new.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import InputError, NotFound, SchemaTooNew, StoreError
from ..records import (
    Actor,
    Analysis,
    Article,
    Claim,
    ClaimMention,
    DateMention,
    Event,
    Figure,
    Mention,
    Quote,
    Sentence,
    SpanRef,
    Story,
)
from .schema import MIGRATIONS, SCHEMA_VERSION

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 60.0


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _span_cols(ref: SpanRef | None) -> tuple[Any, Any, Any, Any]:
    if ref is None:
        return None, None, None, None
    return ref.text, ref.start, ref.end, ref.actor_id


def _span_ref(text: Any, start: Any, end: Any, actor_id: Any) -> SpanRef | None:
    if text is None:
        return None
    return SpanRef(text=text, start=start, end=end, actor_id=actor_id)


class SQLiteStore:
    """newsprism's store in a SQLite file. Use as a context manager, or call ``close``."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = str(path)
        if readonly and not Path(self.path).exists():
            raise NotFound(f"database {self.path!r} does not exist; run 'newsprism analyze' first or pass --db")
        try:
            if readonly:
                uri = f"file:{Path(self.path).resolve()}?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            else:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                self.conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate(readonly)
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{self.path!r} is not a usable newsprism database ({exc}); pass another --db file"
            ) from None

    # -- lifecycle -------------------------------------------------------------------------------------
    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def _migrate(self, readonly: bool) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise SchemaTooNew(
                f"database {self.path!r} has schema version {version}, newer than this newsprism "
                f"supports ({SCHEMA_VERSION}); upgrade newsprism to read it"
            )
        if version == SCHEMA_VERSION:
            return
        if readonly:
            raise StoreError(
                f"database {self.path!r} has schema version {version}; run 'newsprism analyze' once to upgrade it"
            )
        if version == 0 and self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise StoreError(f"{self.path!r} is a SQLite file that newsprism did not create; pass another --db file")
        for number in range(version, SCHEMA_VERSION):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in _statements(MIGRATIONS[number]):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {number + 1}")
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            log.info("migrated %s to schema version %d", self.path, number + 1)

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def transaction(self) -> _Transaction:
        return _Transaction(self.conn)

    # -- writing ---------------------------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def _outlet_id(self, name: str | None) -> int | None:
        if not name:
            return None
        self.conn.execute("INSERT OR IGNORE INTO outlets(name) VALUES (?)", (name,))
        return int(self.conn.execute("SELECT id FROM outlets WHERE name = ?", (name,)).fetchone()[0])

    def add_source(self, article: Article) -> None:
        """Record that ``article.path`` carried this text (the first copy, or an exact duplicate)."""
        self.conn.execute(
            "INSERT OR IGNORE INTO article_sources(path, article_id, outlet, url, title, added_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (article.path, article.id, article.outlet, article.url, article.title, _now()),
        )

    def add_errors(self, errors: Iterable[InputError]) -> None:
        self.conn.executemany(
            "INSERT OR IGNORE INTO ingest_errors(path, code, level, message, first_seen) VALUES (?, ?, ?, ?, ?)",
            [(e.path or "", e.code, e.level, e.message, _now()) for e in errors],
        )

    def add_analysis(
        self,
        analysis: Analysis,
        actors: Iterable[Actor],
        *,
        near_duplicate_of: str | None = None,
        minhash: bytes | None = None,
        features: dict[str, float] | None = None,
    ) -> bool:
        """Store one analysed article; False (and nothing written) if its id is already stored."""
        a = analysis.article
        if self.has_article(a.id):
            self.add_source(a)
            return False
        c = self.conn
        c.execute(
            "INSERT INTO articles(id, path, title, outlet_id, url, published, author, source_format, text,"
            " near_duplicate_of, minhash, added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (a.id, a.path, a.title, self._outlet_id(a.outlet), a.url, a.published, a.author, a.source_format,
             a.text, near_duplicate_of, minhash, _now()),
        )
        self.add_source(a)
        c.execute("INSERT INTO articles_fts(article_id, title, text) VALUES (?, ?, ?)", (a.id, a.title or "", a.text))
        self.upsert_actors(actors)
        c.executemany(
            'INSERT INTO sentences(article_id, idx, start, "end") VALUES (?,?,?,?)',
            [(a.id, i, s.start, s.end) for i, s in enumerate(analysis.sentences)],
        )
        c.executemany(
            'INSERT INTO mentions(article_id, start, "end", text, label, actor_id) VALUES (?,?,?,?,?,?)',
            [(a.id, m.start, m.end, m.text, m.label, m.actor_id) for m in analysis.mentions],
        )
        c.executemany(
            'INSERT INTO quotes(article_id, start, "end", text, kind, cue, speaker_text, speaker_start,'
            " speaker_end, speaker_actor_id) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(a.id, q.start, q.end, q.text, q.kind, q.cue, *_span_cols(q.speaker)) for q in analysis.quotes],
        )
        c.executemany(
            'INSERT INTO events(article_id, type, mode, negated, hypothetical, trigger, start, "end",'
            " source_text, source_start, source_end, source_actor_id, target_text, target_start, target_end,"
            " target_actor_id, location, date) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (a.id, e.type, e.mode, int(e.negated), int(e.hypothetical), e.trigger, e.start, e.end,
                 *_span_cols(e.source), *_span_cols(e.target), e.location, e.date)
                for e in analysis.events
            ],
        )
        c.executemany(
            'INSERT INTO figures(article_id, start, "end", text, value, unit, about) VALUES (?,?,?,?,?,?,?)',
            [(a.id, f.start, f.end, f.text, f.value, f.unit, f.about) for f in analysis.figures],
        )
        c.executemany(
            'INSERT INTO dates(article_id, start, "end", text, value, precision) VALUES (?,?,?,?,?,?)',
            [(a.id, d.start, d.end, d.text, d.value, d.precision) for d in analysis.dates],
        )
        if features is not None:
            c.execute(
                "INSERT INTO article_features(article_id, features) VALUES (?, ?)",
                (a.id, json.dumps(features, sort_keys=True)),
            )
        return True

    def upsert_actors(self, actors: Iterable[Actor]) -> None:
        for actor in actors:
            row = self.conn.execute("SELECT name, country, sector FROM actors WHERE id = ?", (actor.id,)).fetchone()
            if row is None:
                self.conn.execute(
                    "INSERT INTO actors(id, name, type, country, sector) VALUES (?,?,?,?,?)",
                    (actor.id, actor.name, actor.type, actor.country, actor.sector),
                )
            else:
                # Keep the longest name seen (the full form), and fill codes that were missing.
                name = actor.name if len(actor.name) > len(row["name"]) else row["name"]
                self.conn.execute(
                    "UPDATE actors SET name = ?, country = coalesce(country, ?), sector = coalesce(sector, ?)"
                    " WHERE id = ?",
                    (name, actor.country, actor.sector, actor.id),
                )
            self.conn.executemany(
                "INSERT OR IGNORE INTO actor_aliases(actor_id, alias) VALUES (?, ?)",
                [(actor.id, alias) for alias in actor.aliases],
            )

    def minhashes(self) -> Iterator[tuple[str, bytes]]:
        yield from self.conn.execute("SELECT id, minhash FROM articles WHERE minhash IS NOT NULL ORDER BY rowid")

    # -- stories ---------------------------------------------------------------------------------------
    def features(self, article_ids: Sequence[str]) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {}
        for chunk in _chunks(article_ids, 500):
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                f"SELECT article_id, features FROM article_features WHERE article_id IN ({marks})", chunk
            ):
                out[row[0]] = json.loads(row[1])
        return out

    def stories_with_terms(self, terms: Iterable[str]) -> list[str]:
        terms = list(terms)
        found: set[str] = set()
        for chunk in _chunks(terms, 500):
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0] for r in self.conn.execute(f"SELECT story_id FROM story_terms WHERE term IN ({marks})", chunk)
            )
        return sorted(found)

    def unlinked_articles(self) -> list[tuple[str, str | None]]:
        return [
            (r[0], r[1])
            for r in self.conn.execute(
                "SELECT id, published FROM articles WHERE id NOT IN (SELECT article_id FROM story_articles)"
                " ORDER BY rowid"
            )
        ]

    def story_members(self, story_id: str) -> list[str]:
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT sa.article_id FROM story_articles sa JOIN articles a ON a.id = sa.article_id"
                " WHERE sa.story_id = ? ORDER BY a.published, a.rowid",
                (story_id,),
            )
        ]

    def story_span(self, story_id: str) -> tuple[str | None, str | None]:
        row = self.conn.execute(
            "SELECT first_published, last_published FROM stories WHERE id = ?", (story_id,)
        ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def story_of(self, article_id: str) -> str | None:
        row = self.conn.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def save_story(
        self, story_id: str, title: str, article_ids: Sequence[str], terms: Iterable[str],
        first: str | None, last: str | None,
    ) -> None:
        self.conn.execute(
            "INSERT INTO stories(id, title, first_published, last_published, updated_at) VALUES (?,?,?,?,?)"
            " ON CONFLICT(id) DO UPDATE SET"
            " title = CASE WHEN excluded.title = '' THEN stories.title ELSE excluded.title END, first_published = excluded.first_published,"
            " last_published = excluded.last_published, updated_at = excluded.updated_at",
            (story_id, title, first, last, _now()),
        )
        self.conn.executemany(
            "INSERT INTO story_articles(article_id, story_id) VALUES (?, ?)"
            " ON CONFLICT(article_id) DO UPDATE SET story_id = excluded.story_id",
            [(aid, story_id) for aid in article_ids],
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO story_terms(term, story_id) VALUES (?, ?)", [(t, story_id) for t in terms]
        )

    def replace_claims(self, story_id: str, claims: Iterable[Claim]) -> None:
        self.conn.execute(
            "DELETE FROM claim_mentions WHERE claim_id IN (SELECT id FROM claims WHERE story_id = ?)", (story_id,)
        )
        self.conn.execute("DELETE FROM claims WHERE story_id = ?", (story_id,))
        for claim in claims:
            self.conn.execute(
                "INSERT INTO claims(id, story_id, relation, note) VALUES (?,?,?,?)",
                (claim.id, story_id, claim.relation, claim.note),
            )
            self.conn.executemany(
                'INSERT INTO claim_mentions(claim_id, article_id, start, "end", text) VALUES (?,?,?,?,?)',
                [(claim.id, m.article_id, m.start, m.end, m.text) for m in claim.mentions],
            )

    # -- reading ---------------------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        tables = ("articles", "outlets", "actors", "mentions", "quotes", "events", "figures", "stories", "claims",
                  "ingest_errors")
        return {t: int(self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in tables}

    def article_ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM articles ORDER BY rowid")]

    def _article(self, row: sqlite3.Row) -> Article:
        return Article(
            id=row["id"], path=row["path"], text=row["text"], title=row["title"], outlet=row["outlet"],
            url=row["url"], published=row["published"], author=row["author"], source_format=row["source_format"],
        )

    _ARTICLE_SQL = (
        "SELECT a.*, o.name AS outlet FROM articles a LEFT JOIN outlets o ON o.id = a.outlet_id"
    )

    def article(self, article_id: str) -> Article:
        row = self.conn.execute(self._ARTICLE_SQL + " WHERE a.id = ?", (article_id,)).fetchone()
        if row is None:
            row = self.conn.execute(
                self._ARTICLE_SQL + " WHERE a.id LIKE ? ORDER BY a.rowid LIMIT 2", (article_id + "%",)
            ).fetchall()
            if len(row) != 1:
                raise NotFound(f"no article with id {article_id!r}; list them with 'newsprism export'")
            row = row[0]
        return self._article(row)

    def articles(self) -> Iterator[Article]:
        for row in self.conn.execute(self._ARTICLE_SQL + " ORDER BY a.rowid"):
            yield self._article(row)

    def near_duplicate_of(self, article_id: str) -> str | None:
        row = self.conn.execute("SELECT near_duplicate_of FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def duplicate_paths(self, article_id: str) -> list[str]:
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT s.path FROM article_sources s JOIN articles a ON a.id = s.article_id"
                " WHERE s.article_id = ? AND s.path != a.path ORDER BY s.path",
                (article_id,),
            )
        ]

    def analysis(self, article_id: str) -> Analysis:
        article = self.article(article_id)
        aid = article.id
        q = self.conn.execute
        return Analysis(
            article=article,
            sentences=tuple(Sentence(r[0], r[1]) for r in q(
                'SELECT start, "end" FROM sentences WHERE article_id = ? ORDER BY idx', (aid,))),
            mentions=tuple(Mention(text=r["text"], start=r["start"], end=r["end"], label=r["label"],
                                   actor_id=r["actor_id"])
                           for r in q("SELECT * FROM mentions WHERE article_id = ? ORDER BY start, id", (aid,))),
            quotes=tuple(Quote(text=r["text"], start=r["start"], end=r["end"], kind=r["kind"], cue=r["cue"],
                               speaker=_span_ref(r["speaker_text"], r["speaker_start"], r["speaker_end"],
                                                 r["speaker_actor_id"]))
                         for r in q("SELECT * FROM quotes WHERE article_id = ? ORDER BY start, id", (aid,))),
            events=tuple(Event(type=r["type"], trigger=r["trigger"], start=r["start"], end=r["end"], mode=r["mode"],
                               negated=bool(r["negated"]), hypothetical=bool(r["hypothetical"]),
                               source=_span_ref(r["source_text"], r["source_start"], r["source_end"],
                                                r["source_actor_id"]),
                               target=_span_ref(r["target_text"], r["target_start"], r["target_end"],
                                                r["target_actor_id"]),
                               location=r["location"], date=r["date"])
                         for r in q("SELECT * FROM events WHERE article_id = ? ORDER BY start, id", (aid,))),
            figures=tuple(Figure(text=r["text"], start=r["start"], end=r["end"], value=r["value"], unit=r["unit"],
                                 about=r["about"])
                          for r in q("SELECT * FROM figures WHERE article_id = ? ORDER BY start, id", (aid,))),
            dates=tuple(DateMention(text=r["text"], start=r["start"], end=r["end"], value=r["value"],
                                    precision=r["precision"])
                        for r in q("SELECT * FROM dates WHERE article_id = ? ORDER BY start, id", (aid,))),
        )

    def actor(self, actor_id: str) -> Actor:
        row = self.conn.execute("SELECT * FROM actors WHERE id = ?", (actor_id,)).fetchone()
        if row is None:
            rows = self.conn.execute("SELECT * FROM actors WHERE id LIKE ? LIMIT 2", (actor_id + "%",)).fetchall()
            if len(rows) != 1:
                raise NotFound(f"no actor with id {actor_id!r}; list them with 'newsprism export'")
            row = rows[0]
        return self._actor(row)

    def _actor(self, row: sqlite3.Row) -> Actor:
        aliases = tuple(
            r[0] for r in self.conn.execute(
                "SELECT alias FROM actor_aliases WHERE actor_id = ? ORDER BY alias", (row["id"],))
        )
        return Actor(id=row["id"], name=row["name"], type=row["type"], country=row["country"],
                     sector=row["sector"], aliases=aliases)

    def actors(self) -> Iterator[Actor]:
        for row in self.conn.execute("SELECT * FROM actors ORDER BY name, id").fetchall():
            yield self._actor(row)

    def actor_stats(self, actor_id: str) -> dict[str, int]:
        row = self.conn.execute(
            "SELECT count(*) AS mentions, count(DISTINCT m.article_id) AS articles,"
            " count(DISTINCT a.outlet_id) AS outlets FROM mentions m JOIN articles a ON a.id = m.article_id"
            " WHERE m.actor_id = ?",
            (actor_id,),
        ).fetchone()
        return {"mentions": row[0], "articles": row[1], "outlets": row[2]}

    def quotes_by(self, actor_id: str) -> list[tuple[str, Quote]]:
        return [
            (r["article_id"], Quote(text=r["text"], start=r["start"], end=r["end"], kind=r["kind"], cue=r["cue"]))
            for r in self.conn.execute(
                "SELECT * FROM quotes WHERE speaker_actor_id = ? ORDER BY article_id, start", (actor_id,))
        ]

    def story(self, story_id: str) -> Story:
        row = self.conn.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
        if row is None:
            rows = self.conn.execute("SELECT * FROM stories WHERE id LIKE ? LIMIT 2", (story_id + "%",)).fetchall()
            if len(rows) != 1:
                raise NotFound(f"no story with id {story_id!r}; list them with 'newsprism export'")
            row = rows[0]
        return self._story(row)

    def _story(self, row: sqlite3.Row) -> Story:
        claims = []
        for c in self.conn.execute("SELECT * FROM claims WHERE story_id = ? ORDER BY rowid", (row["id"],)).fetchall():
            mentions = tuple(
                ClaimMention(article_id=m["article_id"], start=m["start"], end=m["end"], text=m["text"])
                for m in self.conn.execute(
                    "SELECT * FROM claim_mentions WHERE claim_id = ? ORDER BY rowid", (c["id"],))
            )
            claims.append(Claim(id=c["id"], relation=c["relation"], note=c["note"], mentions=mentions))
        return Story(id=row["id"], title=row["title"], article_ids=tuple(self.story_members(row["id"])),
                     claims=tuple(claims))

    def stories(self) -> Iterator[Story]:
        for row in self.conn.execute(
            "SELECT * FROM stories ORDER BY first_published, id"
        ).fetchall():
            yield self._story(row)

    def ingest_errors(self) -> list[sqlite3.Row]:
        return self.conn.execute("SELECT * FROM ingest_errors ORDER BY id").fetchall()

    def search_articles(self, query: str, limit: int = 20) -> list[str]:
        """Ids of articles whose title or text has all the words of ``query``, best first (FTS5)."""
        words = re.findall(r"\w+", query)
        if not words:
            return []
        match = " ".join('"' + w + '"' for w in words)
        return [r[0] for r in self.conn.execute(
            "SELECT article_id FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank, article_id LIMIT ?",
            (match, limit))]


class _Transaction:
    """``with store.transaction():`` — BEGIN IMMEDIATE (waits on other writers), COMMIT or ROLLBACK."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> None:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise StoreError(
                    f"the database is locked by another newsprism process (waited {BUSY_TIMEOUT_S:g} s); "
                    "wait for it to finish and run again"
                ) from None
            raise

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self.conn.execute("ROLLBACK" if exc_type is not None else "COMMIT")


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (no semicolons inside our statements but at their ends)."""
    out, buf = [], []
    for line in script.splitlines():
        if line.strip().startswith("--"):
            continue
        buf.append(line)
        if line.rstrip().endswith(";"):
            stmt = "\n".join(buf).strip()
            if stmt:
                out.append(stmt)
            buf = []
    return out


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
