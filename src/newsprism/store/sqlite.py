"""The embedded store: one SQLite file (WAL, FTS5), written in batched transactions.

Every write of an article (its row, sentences, mentions, quotes, events, figures, dates, actors and
features) happens in one transaction with the others of its batch, so a crash leaves whole articles or
none. Re-running the same input finds the ids already stored and writes nothing new.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
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
    Label,
    MainEvent,
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


def _refers_cols(ref: SpanRef | None) -> tuple[Any, Any]:
    if ref is None or ref.refers_to is None:
        return None, None
    return ref.refers_to[0], ref.refers_to[1]


def _with_refers(ref: SpanRef | None, start: Any, end: Any) -> SpanRef | None:
    if ref is None or start is None or end is None:
        return ref
    return dataclasses.replace(ref, refers_to=(int(start), int(end)))


def _event(r: sqlite3.Row) -> Event:
    return Event(type=r["type"], trigger=r["trigger"], start=r["start"], end=r["end"], mode=r["mode"],
                 negated=bool(r["negated"]), hypothetical=bool(r["hypothetical"]),
                 source=_with_refers(_span_ref(r["source_text"], r["source_start"], r["source_end"],
                                               r["source_actor_id"]), r["source_refers_start"], r["source_refers_end"]),
                 target=_with_refers(_span_ref(r["target_text"], r["target_start"], r["target_end"],
                                               r["target_actor_id"]), r["target_refers_start"], r["target_refers_end"]),
                 location=r["location"], date=r["date"], context=r["context"], future=bool(r["future"]),
                 reporter=_span_ref(r["reporter_text"], r["reporter_start"], r["reporter_end"],
                                    r["reporter_actor_id"]),
                 trigger_start=r["trigger_start"], trigger_end=r["trigger_end"])


def _span_ref(text: Any, start: Any, end: Any, actor_id: Any) -> SpanRef | None:
    if text is None:
        return None
    return SpanRef(text=text, start=start, end=end, actor_id=actor_id)


class SQLiteStore:
    """newsprism's store in a SQLite file. Use as a context manager, or call ``close``."""

    dialect = "sqlite"

    def __init__(self, path: str | Path, *, readonly: bool = False, lock_timeout: float = BUSY_TIMEOUT_S) -> None:
        self.path = str(path)
        self.lock_timeout = lock_timeout
        if readonly and not Path(self.path).exists():
            raise NotFound(f"database {self.path!r} does not exist; run 'newsprism analyze' first or pass --db")
        try:
            if readonly:
                uri = f"file:{Path(self.path).resolve()}?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, timeout=lock_timeout, isolation_level=None)
            else:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                self.conn = sqlite3.connect(self.path, timeout=lock_timeout, isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                _with_lock_retry(lambda: self.conn.execute("PRAGMA journal_mode = WAL"), lock_timeout)
                self.conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate(readonly)
        except sqlite3.OperationalError as exc:
            if _is_lock_error(exc):
                raise locked_error(self.lock_timeout) from None
            raise StoreError(
                f"{self.path!r} is not a usable newsprism database ({exc}); pass another --db file"
            ) from None
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
        refuse_newer(self.path, version)
        if version == SCHEMA_VERSION:
            return
        if readonly:
            raise StoreError(
                f"database {self.path!r} has schema version {version}; run 'newsprism analyze' once to upgrade it"
            )
        if version == 0 and self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise StoreError(f"{self.path!r} is a SQLite file that newsprism did not create; pass another --db file")
        for number in range(version, SCHEMA_VERSION):
            _with_lock_retry(lambda: self.conn.execute("BEGIN IMMEDIATE"), self.lock_timeout)
            # Another process may have migrated while this one waited for the lock.
            if self.conn.execute("PRAGMA user_version").fetchone()[0] > number:
                self.conn.execute("COMMIT")
                continue
            try:
                for statement in _statements(MIGRATIONS[number]):
                    self.conn.execute(statement)
                self._analyze_new_indexes(MIGRATIONS[number])
                self.conn.execute(f"PRAGMA user_version = {number + 1}")
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            log.info("migrated %s to schema version %d", self.path, number + 1)

    def _analyze_new_indexes(self, script: str) -> None:
        """Statistics for the indexes a migration adds, where the store keeps statistics (sqlite_stat1).

        Without them the planner of a store analysed before would estimate a new index with its defaults
        and keep to the old ones: it prefers the unique index on ``articles.id`` to a covering index that
        starts with ``id``, and so would still read a wide article row per mention."""
        has_stats = self.conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'").fetchone()[0]
        if has_stats:
            for name in re.findall(r"CREATE\s+(?:UNIQUE\s+)?INDEX\s+(\w+)", script, flags=re.I):
                self.conn.execute(f"ANALYZE {name}")

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def transaction(self) -> _Transaction:
        return _Transaction(self.conn, self.lock_timeout)

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
        fts_rowid = self._index_text(a)
        c.execute(
            "INSERT INTO articles(id, path, title, outlet_id, url, published, author, source_format, text,"
            " near_duplicate_of, minhash, added_at, fts_rowid) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (a.id, a.path, a.title, self._outlet_id(a.outlet), a.url, a.published, a.author, a.source_format,
             a.text, near_duplicate_of, minhash, _now(), fts_rowid),
        )
        self.add_source(a)
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
            " target_actor_id, location, date, context, future, reporter_text, reporter_start, reporter_end,"
            " reporter_actor_id, trigger_start, trigger_end, source_refers_start, source_refers_end,"
            " target_refers_start, target_refers_end)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (a.id, e.type, e.mode, int(e.negated), int(e.hypothetical), e.trigger, e.start, e.end,
                 *_span_cols(e.source), *_span_cols(e.target), e.location, e.date, e.context, int(e.future),
                 *_span_cols(e.reporter), e.trigger_start, e.trigger_end, *_refers_cols(e.source),
                 *_refers_cols(e.target))
                for e in analysis.events
            ],
        )
        if analysis.main_event is not None:
            m = analysis.main_event
            c.execute(
                'INSERT INTO main_events(article_id, who, what, "when", "where", why, how, date, type, start, "end")'
                " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (a.id, m.who, m.what, m.when, m.where, m.why, m.how, m.date, m.type, m.start, m.end),
            )
        c.executemany(
            'INSERT INTO figures(article_id, start, "end", text, value, unit, about) VALUES (?,?,?,?,?,?,?)',
            [(a.id, f.start, f.end, f.text, f.value, f.unit, f.about) for f in analysis.figures],
        )
        c.executemany(
            'INSERT INTO dates(article_id, start, "end", text, value, precision) VALUES (?,?,?,?,?,?)',
            [(a.id, d.start, d.end, d.text, d.value, d.precision) for d in analysis.dates],
        )
        c.executemany(
            'INSERT INTO actor_labels(article_id, actor_text, actor_start, actor_end, actor_id, text, start, "end",'
            " kind) VALUES (?,?,?,?,?,?,?,?,?)",
            [(a.id, lab.actor.text, lab.actor.start, lab.actor.end,
              lab.actor.actor_id or _actor_at(analysis.mentions, lab.actor.start, lab.actor.end),
              lab.text, lab.start, lab.end, lab.kind) for lab in analysis.labels],
        )
        if features is not None:
            c.execute(
                "INSERT INTO article_features(article_id, features) VALUES (?, ?)",
                (a.id, json.dumps(features, sort_keys=True)),
            )
        return True

    def _index_text(self, a: Article) -> int:
        """Add the article to the full-text index; the index row's rowid (kept on the article row)."""
        cur = self.conn.execute(
            "INSERT INTO articles_fts(article_id, title, text) VALUES (?, ?, ?)", (a.id, a.title or "", a.text)
        )
        return int(cur.lastrowid)  # type: ignore[arg-type]

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
            self.conn.executemany(
                "INSERT OR IGNORE INTO actor_roles(actor_id, role) VALUES (?, ?)",
                [(actor.id, role) for role in actor.roles],
            )

    # -- cross-article actor resolution (link.surnames) -----------------------------------------------
    # Tables whose rows name an actor by id, with the column: re-pointing an article's actor moves them all.
    _ACTOR_REFS = (("mentions", "actor_id"), ("quotes", "speaker_actor_id"), ("events", "source_actor_id"),
                   ("events", "target_actor_id"), ("events", "reporter_actor_id"), ("actor_labels", "actor_id"))

    def person_actors(self) -> Iterator[sqlite3.Row]:
        """(id, name, country, sector) of every PERSON actor."""
        yield from self.conn.execute("SELECT id, name, country, sector FROM actors WHERE type = 'PERSON'")

    def mentions_of_actors(self, actor_ids: Sequence[str]) -> list[sqlite3.Row]:
        """(article_id, start, end, text, actor_id) of every mention of these actors."""
        rows: list[sqlite3.Row] = []
        for chunk in _chunks(list(actor_ids), 500):
            marks = ",".join("?" * len(chunk))
            rows.extend(self.conn.execute(
                f'SELECT article_id, start, "end", text, actor_id FROM mentions WHERE actor_id IN ({marks})'
                " ORDER BY article_id, start", chunk))
        return rows

    def article_places(self, article_ids: Sequence[str]) -> dict[str, tuple[str | None, int | None, str | None]]:
        """article id -> (story id, outlet id, published)."""
        out: dict[str, tuple[str | None, int | None, str | None]] = {}
        for chunk in _chunks(list(article_ids), 500):
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(
                "SELECT a.id, sa.story_id, a.outlet_id, a.published FROM articles a"
                f" LEFT JOIN story_articles sa ON sa.article_id = a.id WHERE a.id IN ({marks})", chunk
            ):
                out[r[0]] = (r[1], r[2], r[3])
        return out

    def article_text(self, article_id: str) -> str:
        row = self.conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        return str(row[0]) if row is not None else ""

    def repoint_actor(self, article_id: str, old: str, new: str) -> None:
        """Every reference to actor ``old`` in one article now names ``new`` (which must exist)."""
        for table, column in self._ACTOR_REFS:
            self.conn.execute(f"UPDATE {table} SET {column} = ? WHERE article_id = ? AND {column} = ?",
                              (new, article_id, old))

    def has_actor(self, actor_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM actors WHERE id = ?", (actor_id,)).fetchone() is not None

    def person_names_in(self, article_ids: Sequence[str]) -> set[str]:
        """The texts of the PERSON mentions of these articles."""
        names: set[str] = set()
        for chunk in _chunks(list(article_ids), 500):
            marks = ",".join("?" * len(chunk))
            names.update(r[0] for r in self.conn.execute(
                f"SELECT DISTINCT text FROM mentions WHERE label = 'PERSON' AND article_id IN ({marks})", chunk))
        return names

    def actor_in_use(self, actor_id: str) -> bool:
        return any(
            self.conn.execute(f"SELECT 1 FROM {table} WHERE {column} = ? LIMIT 1", (actor_id,)).fetchone()
            for table, column in self._ACTOR_REFS
        )

    def drop_actor(self, actor_id: str) -> None:
        """Remove an actor no row refers to any more (its aliases and roles with it)."""
        for table in ("actor_aliases", "actor_roles"):
            self.conn.execute(f"DELETE FROM {table} WHERE actor_id = ?", (actor_id,))
        self.conn.execute("DELETE FROM actors WHERE id = ?", (actor_id,))

    def reset_actor(self, actor: Actor) -> None:
        """Write ``actor`` as it is now: its row, aliases and roles replace what was stored."""
        for table in ("actor_aliases", "actor_roles"):
            self.conn.execute(f"DELETE FROM {table} WHERE actor_id = ?", (actor.id,))
        self.conn.execute("UPDATE actors SET name = ?, type = ?, country = ?, sector = ? WHERE id = ?",
                          (actor.name, actor.type, actor.country, actor.sector, actor.id))
        self.upsert_actors([actor])

    def drop_aliases(self, actor_id: str, aliases: Iterable[str]) -> None:
        self.conn.executemany("DELETE FROM actor_aliases WHERE actor_id = ? AND alias = ?",
                              [(actor_id, a) for a in aliases])

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

    def mark_stories_pending(self, story_ids: Iterable[str]) -> None:
        self.conn.executemany("INSERT OR IGNORE INTO stories_pending(story_id) VALUES (?)", [(s,) for s in story_ids])

    def pending_stories(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT story_id FROM stories_pending ORDER BY story_id")]

    def clear_story_pending(self, story_id: str) -> None:
        self.conn.execute("DELETE FROM stories_pending WHERE story_id = ?", (story_id,))

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
            " title = CASE WHEN excluded.title = '' THEN stories.title ELSE excluded.title END,"
            " first_published = excluded.first_published,"
            " last_published = excluded.last_published, updated_at = excluded.updated_at",
            (story_id, title, first, last, _now()),
        )
        # the stories that articles move away from shrink: their kept size is recounted too
        touched = {story_id}
        for chunk in _chunks(article_ids, 500):
            marks = ",".join("?" * len(chunk))
            touched.update(r[0] for r in self.conn.execute(
                f"SELECT DISTINCT story_id FROM story_articles WHERE article_id IN ({marks})", list(chunk)))
        self.conn.executemany(
            "INSERT INTO story_articles(article_id, story_id) VALUES (?, ?)"
            " ON CONFLICT(article_id) DO UPDATE SET story_id = excluded.story_id",
            [(aid, story_id) for aid in article_ids],
        )
        self.conn.executemany(
            "UPDATE stories SET size = (SELECT count(*) FROM story_articles WHERE story_id = ?) WHERE id = ?",
            [(sid, sid) for sid in sorted(touched)],
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO story_terms(term, story_id) VALUES (?, ?)", [(t, story_id) for t in terms]
        )

    def drop_story(self, story_id: str) -> None:
        """Delete a story that no article belongs to any more (its last member moved to another story)."""
        self.conn.execute(
            "DELETE FROM claim_mentions WHERE claim_id IN (SELECT id FROM claims WHERE story_id = ?)", (story_id,)
        )
        for table in ("claims", "story_terms", "story_state", "stories_pending", "story_articles"):
            self.conn.execute(f"DELETE FROM {table} WHERE story_id = ?", (story_id,))
        self.conn.execute("DELETE FROM stories WHERE id = ?", (story_id,))

    def add_embeddings(self, model: str, vectors: Iterable[tuple[str, bytes]]) -> None:
        self.conn.executemany(
            "INSERT OR REPLACE INTO article_embeddings(article_id, model, vector) VALUES (?, ?, ?)",
            [(aid, model, blob) for aid, blob in vectors],
        )

    def embeddings(self, article_ids: Sequence[str], model: str) -> dict[str, bytes]:
        out: dict[str, bytes] = {}
        for chunk in _chunks(article_ids, 500):
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                f"SELECT article_id, vector FROM article_embeddings WHERE model = ? AND article_id IN ({marks})",
                [model, *chunk],
            ):
                out[row[0]] = row[1]
        return out

    def story_states(self) -> Iterator[tuple[str, int, bytes | None, dict[str, float], str | None, str | None]]:
        """Every story's linking state: (id, size, summed vector, summed features, first, last published)."""
        for row in self.conn.execute(
            "SELECT s.story_id, s.size, s.vector, s.features, t.first_published, t.last_published"
            " FROM story_state s JOIN stories t ON t.id = s.story_id ORDER BY s.story_id"
        ):
            yield row[0], row[1], row[2], json.loads(row[3]), row[4], row[5]

    def save_story_state(self, story_id: str, size: int, vector: bytes | None, features: dict[str, float]) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO story_state(story_id, size, vector, features) VALUES (?, ?, ?, ?)",
            (story_id, size, vector, json.dumps(features, sort_keys=True)),
        )

    def feature_df(self) -> tuple[int, dict[str, int]]:
        """(articles linked so far, term -> in how many of them it occurs)."""
        total = int(self.conn.execute("SELECT count(*) FROM story_articles").fetchone()[0])
        return total, {r[0]: r[1] for r in self.conn.execute("SELECT term, df FROM feature_df")}

    def add_feature_df(self, counts: dict[str, int]) -> None:
        self.conn.executemany(
            "INSERT INTO feature_df(term, df) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
            list(counts.items()),
        )

    def labels_in(self, article_ids: Sequence[str]) -> list[tuple[str, Label]]:
        out: list[tuple[str, Label]] = []
        for chunk in _chunks(article_ids, 500):
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(
                f"SELECT * FROM actor_labels WHERE article_id IN ({marks}) ORDER BY article_id, start", chunk
            ):
                out.append((r["article_id"], _label(r)))
        return out

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
            events=tuple(_event(r)
                         for r in q("SELECT * FROM events WHERE article_id = ? ORDER BY start, id", (aid,))),
            figures=tuple(Figure(text=r["text"], start=r["start"], end=r["end"], value=r["value"], unit=r["unit"],
                                 about=r["about"])
                          for r in q("SELECT * FROM figures WHERE article_id = ? ORDER BY start, id", (aid,))),
            dates=tuple(DateMention(text=r["text"], start=r["start"], end=r["end"], value=r["value"],
                                    precision=r["precision"])
                        for r in q("SELECT * FROM dates WHERE article_id = ? ORDER BY start, id", (aid,))),
            main_event=self.main_event(aid),
            labels=tuple(_label(r) for r in q(
                "SELECT * FROM actor_labels WHERE article_id = ? ORDER BY start, id", (aid,))),
        )

    def main_event(self, article_id: str) -> MainEvent | None:
        r = self.conn.execute("SELECT * FROM main_events WHERE article_id = ?", (article_id,)).fetchone()
        if r is None:
            return None
        return MainEvent(who=r["who"], what=r["what"], when=r["when"], where=r["where"], why=r["why"], how=r["how"],
                         date=r["date"], type=r["type"], start=r["start"], end=r["end"])

    def events(self, *, type: str | None = None, actor: str | None = None, since: str | None = None,
               negated: bool = False, limit: int | None = None) -> Iterator[tuple[Article, Event]]:
        """Stored events with their article, filtered: PLOVER ``type``, an ``actor`` (id, or words of the
        source or target name), events dated (or, undated, published) on or after ``since``."""
        where, args = [], []  # type: ignore[var-annotated]
        if type:
            where.append("e.type = ?")
            args.append(type.upper())
        if not negated:
            where.append("e.negated = 0")
        if actor:
            where.append("(e.source_actor_id = ? OR e.target_actor_id = ?"
                         " OR e.source_text LIKE ? OR e.target_text LIKE ?)")
            args += [actor, actor, f"%{actor}%", f"%{actor}%"]
        if since:
            where.append("COALESCE(e.date, a.published) >= ?")
            args.append(since)
        sql = ("SELECT e.*, e.article_id AS aid FROM events e JOIN articles a ON a.id = e.article_id"
               + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY COALESCE(e.date, a.published), a.rowid, e.start, e.id")
        if limit:
            sql += f" LIMIT {int(limit)}"
        cache: dict[str, Article] = {}
        for r in self.conn.execute(sql, args).fetchall():
            aid = r["aid"]
            if aid not in cache:
                cache[aid] = self.article(aid)
            yield cache[aid], _event(r)

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
        roles = tuple(
            r[0] for r in self.conn.execute(
                "SELECT role FROM actor_roles WHERE actor_id = ? ORDER BY role", (row["id"],))
        )
        return Actor(id=row["id"], name=row["name"], type=row["type"], country=row["country"],
                     sector=row["sector"], aliases=aliases, roles=roles)

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

    def actor_table(self) -> list[dict[str, Any]]:
        """Every actor with its mention, article and outlet counts, most mentioned first."""
        rows = self.conn.execute(
            "SELECT a.id, a.name, a.type, a.country, a.sector, count(m.id) AS mentions,"
            " count(DISTINCT m.article_id) AS articles, count(DISTINCT ar.outlet_id) AS outlets"
            " FROM actors a LEFT JOIN mentions m ON m.actor_id = a.id"
            " LEFT JOIN articles ar ON ar.id = m.article_id"
            " GROUP BY a.id ORDER BY mentions DESC, articles DESC, a.name, a.id"
        ).fetchall()
        return [dict(r) for r in rows]

    def events_of(self, actor_id: str) -> list[tuple[str, str, Event]]:
        """(article id, 'source' or 'target', event) for every event the actor takes part in."""
        out: list[tuple[str, str, Event]] = []
        article_ids = [r[0] for r in self.conn.execute(
            "SELECT DISTINCT article_id FROM events WHERE source_actor_id = ? OR target_actor_id = ?"
            " ORDER BY article_id", (actor_id, actor_id))]
        for article_id in article_ids:
            # Read through analysis() so that every event field it restores comes along.
            for event in self.analysis(article_id).events:
                if event.source is not None and event.source.actor_id == actor_id:
                    out.append((article_id, "source", event))
                elif event.target is not None and event.target.actor_id == actor_id:
                    out.append((article_id, "target", event))
        return out

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

    # -- web queries: pages of rows as plain dicts for the API and the pages (bound parameters only) ----
    def outlet_names(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM outlets ORDER BY name")]

    def _article_filters(
        self, outlet: str | None, story: str | None, date_from: str | None, date_to: str | None
    ) -> tuple[list[str], list[Any]]:
        return _conditions(
            ("a.outlet_id = (SELECT id FROM outlets WHERE name = ?)", outlet),
            ("a.id IN (SELECT article_id FROM story_articles WHERE story_id = ?)", story),
            ("a.published >= ?", date_from),
            # a date-time on the last day still counts: compare against the day after
            ("a.published < ?", _next_day(date_to) if date_to else None),
        )

    def article_page(
        self, *, outlet: str | None = None, story: str | None = None, date_from: str | None = None,
        date_to: str | None = None, limit: int = 20, offset: int = 0,
    ) -> tuple[int, list[dict[str, Any]]]:
        """Articles newest first (no text), with their outlet and story; (total matching, this page)."""
        where, params = self._article_filters(outlet, story, date_from, date_to)
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        total = int(self.conn.execute(f"SELECT count(*) FROM articles a{clause}", params).fetchone()[0])
        # Page through the (outlet_id, published) / (published) index first and read only this page's rows:
        # skipping OFFSET full rows would read every article before the page.
        rows = self.conn.execute(
            "SELECT a.id, a.title, o.name AS outlet, a.url, a.published, a.author, sa.story_id FROM"
            f" (SELECT a.rowid AS rid FROM articles a{clause} ORDER BY a.published DESC, a.rowid DESC"
            "  LIMIT ? OFFSET ?) p JOIN articles a ON a.rowid = p.rid"
            " LEFT JOIN outlets o ON o.id = a.outlet_id LEFT JOIN story_articles sa ON sa.article_id = a.id"
            " ORDER BY a.published DESC, a.rowid DESC",
            [*params, limit, offset],
        ).fetchall()
        return total, [dict(r) for r in rows]

    #: searches matching more articles than this are listed most recently added first: ranking every match
    #: by relevance costs time in proportion to the matches
    MAX_RANKED_MATCHES = 2000

    def search_page(
        self, words: Sequence[str], *, outlet: str | None = None, story: str | None = None,
        date_from: str | None = None, date_to: str | None = None, limit: int = 20, offset: int = 0,
        mark: tuple[str, str] = ("\x02", "\x03"),
        order: str = "relevance",
    ) -> tuple[int, list[dict[str, Any]], str, bool]:
        """Full-text search for articles holding all of ``words`` (``word*``: a prefix), with a snippet each.

        ``order`` is ``relevance`` (best first) or ``recent`` (most recently added first); relevance
        falls back to recent above ``MAX_RANKED_MATCHES`` matches. With filters, matches are counted up to
        ``MAX_RANKED_MATCHES + 1`` only (each one costs an index probe). Returns (total, this page, order
        used, whether the total is exact). Snippets mark the matched words with ``mark``.
        """
        where, params = self._article_filters(outlet, story, date_from, date_to)
        condition, match = self._text_match(words)
        # the filters reach the article through the FTS rowid kept on it (index articles_fts_rowid):
        # joining on articles_fts.article_id would read each match's whole stored text to get the id
        source = (" FROM articles_fts f JOIN articles a ON a.fts_rowid = f.rowid" if where
                  else " FROM articles_fts f")
        matching = f" WHERE {condition}" + "".join(" AND " + w for w in where)
        try:
            page: list[int] | None = None
            if where:
                # one pass over the matches that pass the filters (up to the cap) both counts and scores them
                cap = self.MAX_RANKED_MATCHES + 1
                score, score_params = self._text_rank(match) if order == "relevance" else ("0", [])
                scored = self.conn.execute(
                    f"SELECT f.rowid, {score}{source}{matching} LIMIT ?", [*score_params, match, *params, cap]
                ).fetchall()
                total, exact = len(scored), len(scored) < cap
                if order == "relevance" and exact:
                    scored.sort(key=lambda r: (r[1], -r[0]))
                    page = [r[0] for r in scored[offset : offset + limit]]
            else:
                total = int(self.conn.execute("SELECT count(*)" + source + matching, [match]).fetchone()[0])
                exact = True
            if order == "relevance" and total > self.MAX_RANKED_MATCHES:
                order = "recent"
            if page is None:
                sort, sort_params = self._text_rank(match) if order == "relevance" else ("", [])
                page = [r[0] for r in self.conn.execute(
                    f"SELECT f.rowid{source}{matching} ORDER BY {sort + ', ' if sort else ''}f.rowid DESC"
                    " LIMIT ? OFFSET ?",
                    [match, *params, *sort_params, limit, offset],
                )]
            # snippets only for this page: in the ranked query they would be made for every match
            rows = {r["fts_rowid"]: dict(r) for r in self._search_rows(page, match, mark)} if page else {}
        except sqlite3.OperationalError as exc:
            raise InputError(f"cannot search for {' '.join(words)!r} ({exc}); use plain words") from None
        for row in rows.values():
            del row["fts_rowid"]
        return total, [rows[rid] for rid in page if rid in rows], order, exact

    def _text_match(self, words: Sequence[str]) -> tuple[str, str]:
        """The condition (one ``?``) that the FTS row ``f`` holds all ``words``, and its parameter.

        Each word is quoted, so FTS5 operators in it are searched for as words and cannot fail the query."""
        parts = []
        for w in words:
            word = w.rstrip("*").replace('"', '""')
            parts.append(f'"{word}"*' if w.endswith("*") else f'"{word}"')
        return "articles_fts MATCH ?", " ".join(parts)

    def _text_rank(self, match: str) -> tuple[str, list[Any]]:
        """A score of the FTS row ``f``, lower for a better match (bm25), and its parameters.

        Not ``ORDER BY rank``: FTS5 would rank every match of the words before a filter drops most of them;
        bm25() in the sort is computed only for the rows that pass the filters."""
        return "bm25(articles_fts)", []

    def _search_rows(self, fts_rowids: Sequence[int], match: str, mark: tuple[str, str]) -> list[Any]:
        """The listed fields and a marked snippet of the text for the articles of these FTS rows."""
        marks = ",".join("?" * len(fts_rowids))
        return self.conn.execute(
            "SELECT f.rowid AS fts_rowid, a.id, a.title, o.name AS outlet, a.url, a.published, sa.story_id,"
            " snippet(articles_fts, 2, ?, ?, '…', 24) AS snippet"
            " FROM articles_fts f JOIN articles a ON a.fts_rowid = f.rowid"
            " LEFT JOIN outlets o ON o.id = a.outlet_id LEFT JOIN story_articles sa ON sa.article_id = a.id"
            f" WHERE articles_fts MATCH ? AND f.rowid IN ({marks})",
            [mark[0], mark[1], match, *fts_rowids],
        ).fetchall()

    def story_count(self, min_size: int = 1) -> int:
        """How many stories have at least ``min_size`` articles."""
        if min_size <= 1:
            return int(self.conn.execute("SELECT count(*) FROM stories").fetchone()[0])
        return int(self.conn.execute("SELECT count(*) FROM stories WHERE size >= ?", (min_size,)).fetchone()[0])

    def story_page(
        self, *, min_size: int = 1, limit: int = 20, offset: int = 0, total: int | None = None
    ) -> tuple[int, list[dict[str, Any]]]:
        """Stories, latest first, with their size and the outlets that cover them.

        ``total``: the caller's ``story_count(min_size)`` from a moment ago, to skip counting again.
        """
        if total is None:
            total = self.story_count(min_size)
        # Page through the index (last_published DESC, id, size) first, skipping small stories inside it,
        # and read only this page's rows. "+s.size" keeps the planner on that index, not on a size range.
        where, params = _conditions(("+s.size >= ?", min_size if min_size > 1 else None))
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        rows = self.conn.execute(
            "SELECT s.id, s.title, s.first_published, s.last_published, s.size FROM"
            f" (SELECT s.rowid AS rid FROM stories s{clause} ORDER BY s.last_published DESC, s.id"
            "  LIMIT ? OFFSET ?) p JOIN stories s ON s.rowid = p.rid ORDER BY s.last_published DESC, s.id",
            [*params, limit, offset],
        ).fetchall()
        items = [dict(r) for r in rows]
        outlets = self._story_outlets([i["id"] for i in items])
        for item in items:
            item["outlets"] = outlets.get(item["id"], [])
        return total, items

    def _story_outlets(self, story_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        if not story_ids:
            return out
        marks = ",".join("?" * len(story_ids))
        for r in self.conn.execute(
            "SELECT sa.story_id, coalesce(o.name, '') AS outlet, count(*) AS articles FROM story_articles sa"
            " JOIN articles a ON a.id = sa.article_id LEFT JOIN outlets o ON o.id = a.outlet_id"
            f" WHERE sa.story_id IN ({marks}) GROUP BY sa.story_id, o.name ORDER BY o.name",
            list(story_ids),
        ):
            out.setdefault(r[0], []).append({"outlet": r[1] or None, "articles": r[2]})
        return out

    def actor_page(
        self, *, name: str | None = None, type: str | None = None, country: str | None = None,
        sector: str | None = None, limit: int = 20, offset: int = 0,
    ) -> tuple[int, list[dict[str, Any]]]:
        """Actors by name (``name``: a case-insensitive part of the name or an alias), with mention counts."""
        pattern = None
        if name is not None:
            pattern = "%" + name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where, params = _conditions(
            ("(name LIKE ? ESCAPE '\\' OR id IN"
             " (SELECT actor_id FROM actor_aliases WHERE alias LIKE ? ESCAPE '\\'))", pattern),
            ("type = ?", type), ("country = ?", country), ("sector = ?", sector),
        )
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        total = int(self.conn.execute(f"SELECT count(*) FROM actors{clause}", params).fetchone()[0])
        rows = self.conn.execute(
            f"SELECT id, name, type, country, sector FROM actors{clause} ORDER BY name, id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).fetchall()
        items = [dict(r) for r in rows]
        if items:
            marks = ",".join("?" * len(items))
            counts = dict(self.conn.execute(
                f"SELECT actor_id, count(*) FROM mentions WHERE actor_id IN ({marks}) GROUP BY actor_id",
                [i["id"] for i in items],
            ).fetchall())
            for item in items:
                item["mentions"] = int(counts.get(item["id"], 0))
        return total, items

    def actor_timeline(self, actor_id: str) -> list[tuple[str, int, int]]:
        """(day, mentions, articles) for each publication day on which the actor is mentioned."""
        return [
            (r[0], int(r[1]), int(r[2]))
            for r in self.conn.execute(
                "SELECT substr(a.published, 1, 10) AS day, count(*), count(DISTINCT m.article_id)"
                " FROM mentions m JOIN articles a ON a.id = m.article_id"
                " WHERE m.actor_id = ? AND a.published IS NOT NULL GROUP BY day ORDER BY day",
                (actor_id,),
            )
        ]

    def quote_page(
        self, *, speaker: str | None = None, outlet: str | None = None, story: str | None = None,
        kind: str | None = None, article: str | None = None, limit: int = 20, offset: int = 0,
    ) -> tuple[int, list[dict[str, Any]]]:
        """Quotes, latest stored first, with speaker, outlet and story."""
        where, params = _conditions(
            ("q.speaker_actor_id = ?", speaker),
            ("q.kind = ?", kind),
            ("q.article_id = ?", article),
            ("a.outlet_id = (SELECT id FROM outlets WHERE name = ?)", outlet),
            ("q.article_id IN (SELECT article_id FROM story_articles WHERE story_id = ?)", story),
        )
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        base = " FROM quotes q JOIN articles a ON a.id = q.article_id"
        # the join is needed only to filter by outlet; without it counting stays on the quotes table
        counted = base if outlet is not None else " FROM quotes q"
        total = int(self.conn.execute("SELECT count(*)" + counted + clause, params).fetchone()[0])
        rows = self.conn.execute(
            "SELECT q.id, q.article_id, q.text, q.kind, q.cue, q.start, q.\"end\", q.speaker_text,"
            " q.speaker_actor_id, ac.name AS speaker_name, o.name AS outlet, a.title AS article_title,"
            " a.published, sa.story_id" + base
            + " LEFT JOIN outlets o ON o.id = a.outlet_id LEFT JOIN story_articles sa ON sa.article_id = a.id"
            " LEFT JOIN actors ac ON ac.id = q.speaker_actor_id"
            + clause + " ORDER BY q.id DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).fetchall()
        return total, [dict(r) for r in rows]

    def _event_filters(
        self, category: str | None, actor: str | None, role: str | None, date_from: str | None,
        date_to: str | None, outlet: str | None, story: str | None, before_id: int | None = None,
    ) -> tuple[str, list[Any]]:
        day = "coalesce(e.date, substr(a.published, 1, 10))"
        where, params = _conditions(
            ("e.type = ?", category),
            ("e.source_actor_id = ?", actor if role == "source" else None),
            ("e.target_actor_id = ?", actor if role == "target" else None),
            ("(e.source_actor_id = ? OR e.target_actor_id = ?)",
             actor if role not in ("source", "target") else None),
            (f"{day} >= ?", date_from),
            (f"{day} < ?", _next_day(date_to) if date_to else None),
            ("a.outlet_id = (SELECT id FROM outlets WHERE name = ?)", outlet),
            ("e.article_id IN (SELECT article_id FROM story_articles WHERE story_id = ?)", story),
            ("e.id < ?", before_id),
        )
        return ((" WHERE " + " AND ".join(where)) if where else ""), params

    _EVENT_SQL = (
        "SELECT e.id, e.article_id, e.type, e.mode, e.negated, e.hypothetical, e.trigger, e.start, e.\"end\","
        " e.source_text, e.source_actor_id, sa_.name AS source_name, sa_.country AS source_country,"
        " sa_.sector AS source_sector, e.target_text, e.target_actor_id, ta_.name AS target_name,"
        " ta_.country AS target_country, ta_.sector AS target_sector, e.location,"
        " coalesce(e.date, substr(a.published, 1, 10)) AS date, o.name AS outlet, a.url,"
        " a.title AS article_title,"
        # CAST: PostgreSQL's substr takes integers, and the columns are BIGINT there
        " substr(a.text, CAST(e.start + 1 AS INTEGER), CAST(e.\"end\" - e.start AS INTEGER)) AS sentence"
        " FROM events e JOIN articles a ON a.id = e.article_id LEFT JOIN outlets o ON o.id = a.outlet_id"
        " LEFT JOIN actors sa_ ON sa_.id = e.source_actor_id"
        " LEFT JOIN actors ta_ ON ta_.id = e.target_actor_id"
    )

    def event_page(
        self, *, category: str | None = None, actor: str | None = None, role: str | None = None,
        date_from: str | None = None, date_to: str | None = None, outlet: str | None = None,
        story: str | None = None, limit: int | None = 20, offset: int = 0,
    ) -> tuple[int, list[dict[str, Any]]]:
        """Events, latest stored first, with their source and target actors (``limit=None``: all of them)."""
        clause, params = self._event_filters(category, actor, role, date_from, date_to, outlet, story)
        total = int(self.conn.execute(
            "SELECT count(*) FROM events e"
            + (" JOIN articles a ON a.id = e.article_id"
               if (date_from, date_to, outlet) != (None, None, None) else "")
            + clause, params
        ).fetchone()[0])
        return total, list(self.iter_events(category=category, actor=actor, role=role, date_from=date_from,
                                            date_to=date_to, outlet=outlet, story=story, limit=limit,
                                            offset=offset))

    def iter_events(
        self, *, category: str | None = None, actor: str | None = None, role: str | None = None,
        date_from: str | None = None, date_to: str | None = None, outlet: str | None = None,
        story: str | None = None, limit: int | None = None, offset: int = 0, before_id: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Events newest first; ``before_id`` continues a listing after the last id seen (keyset paging)."""
        clause, params = self._event_filters(
            category, actor, role, date_from, date_to, outlet, story, before_id
        )
        sql = self._EVENT_SQL + clause + " ORDER BY e.id DESC"
        if limit is not None:
            # The page's ids first, then their rows: the full rows carry the sentence cut from the article's
            # text, and an actor's events (source OR target: two indexes, then a sort) would otherwise all
            # be built, text read, before the sort keeps a page of them.
            joined = " JOIN articles a ON a.id = e.article_id" if "a." in clause else ""
            sql = (self._EVENT_SQL + f" WHERE e.id IN (SELECT e.id FROM events e{joined}{clause}"
                   " ORDER BY e.id DESC LIMIT ? OFFSET ?) ORDER BY e.id DESC")
            params = [*params, limit, offset]
        for row in self.conn.execute(sql, params):
            yield dict(row)

    def actor_network(self, *, actor: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
        """Who acts on whom: (source, target, category, count) edges, the most frequent first."""
        where = ("WHERE source_actor_id IS NOT NULL AND target_actor_id IS NOT NULL"
                 " AND source_actor_id != target_actor_id")
        params: list[Any] = []
        if actor is not None:
            where += " AND (source_actor_id = ? OR target_actor_id = ?)"
            params += [actor, actor]
        rows = self.conn.execute(
            "SELECT e.source_actor_id AS source, s.name AS source_name, e.target_actor_id AS target,"
            " t.name AS target_name, e.type AS category, e.n AS count FROM"
            f" (SELECT source_actor_id, target_actor_id, type, count(*) AS n FROM events {where}"
            "  GROUP BY source_actor_id, target_actor_id, type"
            "  ORDER BY n DESC, source_actor_id, target_actor_id, type LIMIT ?) e"
            " JOIN actors s ON s.id = e.source_actor_id JOIN actors t ON t.id = e.target_actor_id"
            " ORDER BY e.n DESC, e.source_actor_id, e.target_actor_id, e.type",
            [*params, limit],
        ).fetchall()
        return [dict(r) for r in rows]

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

    def __init__(self, conn: sqlite3.Connection, lock_timeout: float = BUSY_TIMEOUT_S) -> None:
        self.conn = conn
        self.lock_timeout = lock_timeout

    def __enter__(self) -> None:
        _with_lock_retry(lambda: self.conn.execute("BEGIN IMMEDIATE"), self.lock_timeout)

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is not None:
            self.conn.execute("ROLLBACK")
            return
        try:
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            self.conn.execute("ROLLBACK")
            if _is_lock_error(exc):
                raise locked_error(self.lock_timeout) from None
            raise


def _with_lock_retry(step: Callable[[], object], timeout: float) -> None:
    """Run ``step``; while it fails on a lock, try again until ``timeout`` seconds have passed in all.

    SQLite's busy handler waits for most locks, but some are reported at once (a WAL snapshot gone stale,
    a recovery under way in another process); those are retried here, so a writer always waits its time.
    """
    deadline = time.monotonic() + timeout
    pause = 0.01
    while True:
        try:
            step()
            return
        except sqlite3.OperationalError as exc:
            if not _is_lock_error(exc):
                raise
            if time.monotonic() >= deadline:
                raise locked_error(timeout) from None
            time.sleep(min(pause, max(0.0, deadline - time.monotonic())))
            pause = min(pause * 2, 0.5)


def _is_lock_error(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def locked_error(waited: float) -> StoreError:
    return StoreError(
        f"the database is locked by another newsprism process (waited {waited:g} s); wait for it to finish "
        "and run again (everything stored so far stays stored), or raise lock_timeout"
    )


def _label(r: sqlite3.Row) -> Label:
    return Label(actor=SpanRef(text=r["actor_text"], start=r["actor_start"], end=r["actor_end"],
                               actor_id=r["actor_id"]),
                 text=r["text"], start=r["start"], end=r["end"], kind=r["kind"])


def _actor_at(mentions: Sequence[Mention], start: int, end: int) -> str | None:
    for m in mentions:
        if m.actor_id and m.start < end and start < m.end:
            return m.actor_id
    return None


def _conditions(*pairs: tuple[str, Any]) -> tuple[list[str], list[Any]]:
    """SQL conditions (fixed text with ``?`` marks) for the values that are set, and their parameters."""
    where: list[str] = []
    params: list[Any] = []
    for sql, value in pairs:
        if value is not None:
            where.append(sql)
            params.extend([value] * sql.count("?"))
    return where, params


def _next_day(day: str) -> str:
    """The ISO day after ``day`` (YYYY-MM-DD), for inclusive date ranges over dates and date-times."""
    return (dt.date.fromisoformat(day[:10]) + dt.timedelta(days=1)).isoformat()


def refuse_newer(path: str, version: int | None) -> None:
    """A database from a newer newsprism is refused rather than guessed at (both backends)."""
    if version is not None and version > SCHEMA_VERSION:
        raise SchemaTooNew(
            f"database {path!r} has schema version {version}, newer than this newsprism "
            f"supports ({SCHEMA_VERSION}); upgrade newsprism to read it"
        )


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
