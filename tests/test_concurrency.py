"""Concurrency on one SQLite store: two writers never corrupt it, a blocked writer says so, readers go on.

Writers serialise on SQLite's write lock (BEGIN IMMEDIATE with a busy timeout); in WAL mode readers never
wait for them.
"""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import time

import fiction
from reliability_helpers import assert_consistent, count, start_analyze
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.store import SCHEMA_VERSION, open_store


def _dump(path, records) -> object:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _open_new_store(db: str, results) -> None:  # type: ignore[no-untyped-def]
    try:
        with open_store(db) as store:
            results.put(store.schema_version)
    except Exception as exc:  # noqa: BLE001 (reported to the test, which fails on it)
        results.put(repr(exc))


def test_processes_creating_one_store_at_once_all_succeed(tmp_path):
    """Each waits for the first one's migration instead of running it again ('table already exists')."""
    ctx = multiprocessing.get_context("fork")
    for round_ in range(3):
        db, results = str(tmp_path / f"new{round_}.db"), ctx.Queue()
        procs = [ctx.Process(target=_open_new_store, args=(db, results)) for _ in range(4)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(60)
        assert [results.get(timeout=5) for _ in procs] == [SCHEMA_VERSION] * 4


def test_two_analyze_processes_on_one_new_store(tmp_path):
    """Both start on a store that does not exist yet (both migrate) and share a third of their articles."""
    records = list(fiction.articles(150, seed=5, short=True))
    first = _dump(tmp_path / "first.jsonl", records[:100])
    second = _dump(tmp_path / "second.jsonl", records[50:])
    db = tmp_path / "shared.db"

    procs = [start_analyze([first], db, write_batch=4), start_analyze([second], db, write_batch=4)]
    for proc in procs:
        _, err = proc.communicate(timeout=900)
        assert proc.returncode == 0, err[-3000:]

    conn = assert_consistent(db, 150)
    # Each input line is recorded once, the shared texts under both files' lines.
    paths = [r[0] for r in conn.execute("SELECT path FROM article_sources")]
    assert len(paths) == len(set(paths)) == 200
    conn.close()


def test_a_writer_blocked_too_long_stops_with_one_clear_line_and_loses_nothing(tmp_path, monkeypatch):
    records = list(fiction.articles(6, seed=9, short=True))
    dump = _dump(tmp_path / "d.jsonl", records)
    db = tmp_path / "locked.db"
    with open_store(db):
        pass  # create it
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process holding the write lock
    monkeypatch.setenv("NEWSPRISM_LOCK_TIMEOUT", "0.5")
    result = CliRunner().invoke(app, ["analyze", str(dump), "--db", str(db), "--quiet"])
    holder.execute("ROLLBACK")
    holder.close()
    assert result.exit_code == 2
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and "locked by another newsprism process (waited 0.5 s)" in lines[0], result.output

    monkeypatch.delenv("NEWSPRISM_LOCK_TIMEOUT")
    result = CliRunner().invoke(app, ["analyze", str(dump), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    assert_consistent(db, 6).close()


def test_a_reader_keeps_answering_while_a_writer_works(tmp_path):
    """The store read directly and through the web app, while ``analyze`` writes batch after batch."""
    from fastapi.testclient import TestClient

    from newsprism.web import create_app

    dump = fiction.write_jsonl(tmp_path / "w.jsonl", 160, seed=13, short=True)
    db = tmp_path / "busy.db"
    writer = start_analyze([dump], db, write_batch=4)
    seen: list[int] = []
    web = None
    try:
        while writer.poll() is None:
            if count(db) == 0:
                time.sleep(0.05)
                continue
            # What a page does: open, count, search, read one article with its results.
            with open_store(db, readonly=True, lock_timeout=2) as store:
                n = store.counts()["articles"]
                hits = store.conn.execute(
                    "SELECT article_id FROM articles_fts WHERE articles_fts MATCH 'residents' LIMIT 5"
                ).fetchall()
                assert hits
                analysis = store.analysis(hits[0][0])
                assert analysis.sentences and analysis.article.text
            web = web or TestClient(create_app(db))
            answer = web.get("/api/articles", params={"q": "residents"})
            assert answer.status_code == 200 and answer.json()["total"] >= 1, answer.text[:300]
            assert web.get("/search", params={"q": "residents"}).status_code == 200
            if writer.poll() is None:
                seen.append(n)
            time.sleep(0.02)
    finally:
        if writer.poll() is None:
            writer.kill()
        _, err = writer.communicate()
    assert writer.returncode == 0, err[-3000:]
    during = [n for n in seen if 0 < n < 160]
    assert len(during) >= 3, f"the reader was not answered while the writer worked: {seen[:20]}"
    assert during == sorted(during)  # each read saw a committed state, never a partial one going back
    assert_consistent(db, 160).close()
