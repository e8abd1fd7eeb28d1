"""Helpers for the crash and concurrency tests: run the real CLI in a subprocess, inspect a store."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cli_env(**settings: object) -> dict[str, str]:
    """The environment for a ``newsprism`` subprocess: this checkout's code, settings as NEWSPRISM_*."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    for name, value in settings.items():
        env["NEWSPRISM_" + name.upper()] = str(value)
    return env


def start_analyze(inputs: list[Path], db: Path, **settings: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "newsprism.cli", "analyze", *map(str, inputs), "--db", str(db), "--quiet"],
        env=cli_env(**settings), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )


def read_only(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)


def count(db: Path, table: str = "articles") -> int:
    """Rows in ``table``, read the way any reader would (0 while the store does not exist yet)."""
    if not db.exists():
        return 0
    conn = read_only(db)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # the schema is not there yet
    finally:
        conn.close()


def assert_consistent(db: Path, expected_articles: int) -> sqlite3.Connection:
    """The store is sound and holds every article exactly once with its derived rows; returns a connection."""
    conn = read_only(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    assert one("SELECT count(*) FROM articles") == expected_articles
    assert one("SELECT count(DISTINCT id) FROM articles") == expected_articles
    # The full-text index holds each article once, and nothing else.
    assert one("SELECT count(*) FROM articles_fts") == expected_articles
    assert one("SELECT count(DISTINCT article_id) FROM articles_fts") == expected_articles
    # Every article has its sentences, features and exactly one story; no story waits for its claims.
    assert one("SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM sentences)") == 0
    assert one("SELECT count(*) FROM article_features") == expected_articles
    assert one("SELECT count(*) FROM story_articles") == expected_articles
    assert one("SELECT count(*) FROM stories_pending") == 0
    assert one("SELECT count(*) FROM stories WHERE id NOT IN (SELECT story_id FROM story_articles)") == 0
    # Derived rows belong to stored articles and none is written twice.
    for table, key in [("quotes", 'start, "end", kind'), ("mentions", 'start, "end", label'),
                       ("figures", 'start, "end"'), ("dates", 'start, "end"'),
                       ("events", 'start, "end", trigger, type')]:
        assert one(f"SELECT count(*) FROM {table} WHERE article_id NOT IN (SELECT id FROM articles)") == 0
        dupes = one(f"SELECT count(*) FROM (SELECT 1 FROM {table} GROUP BY article_id, {key} HAVING count(*) > 1)")
        assert dupes == 0, f"{dupes} rows of {table} written twice"
    return conn
