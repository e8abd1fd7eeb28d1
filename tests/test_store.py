"""The SQLite store: schema versions, refusing what it does not know, transactions."""

from __future__ import annotations

import sqlite3

import pytest

from newsprism.errors import NotFound, SchemaTooNew, StoreError
from newsprism.records import Actor, Analysis, Article, Mention, Quote, SpanRef
from newsprism.store import SCHEMA_VERSION, open_store


def _analysis(text="The council met.", aid="a1"):
    art = Article(id=aid, path=f"{aid}.txt", text=text, title="T", outlet="Post", published="2026-01-02")
    return Analysis(
        article=art,
        mentions=(Mention("council", 4, 11, "ORG", "act_x"),),
        quotes=(Quote("met", 12, 15, "scare", speaker=SpanRef("council", 4, 11, "act_x")),),
    )


def test_new_store_is_at_current_version_with_wal(tmp_path):
    with open_store(tmp_path / "s.db") as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == 0


def test_newer_schema_is_refused_and_left_untouched(tmp_path):
    db = tmp_path / "new.db"
    with open_store(db):
        pass
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(SchemaTooNew, match="upgrade newsprism"):
        open_store(db)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    conn.close()


def test_foreign_sqlite_file_is_refused(tmp_path):
    db = tmp_path / "other.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE mine (x)")
    conn.close()
    with pytest.raises(StoreError, match="did not create"):
        open_store(db)


def test_not_a_database(tmp_path):
    db = tmp_path / "junk.db"
    db.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a usable newsprism database"):
        open_store(db)


def test_readonly_missing_db(tmp_path):
    with pytest.raises(NotFound, match="does not exist"):
        open_store(tmp_path / "none.db", readonly=True)


def test_round_trip_and_idempotent_add(tmp_path):
    with open_store(tmp_path / "s.db") as store:
        actor = Actor(id="act_x", name="council", type="ORG", aliases=("council",))
        with store.transaction():
            assert store.add_analysis(_analysis(), [actor]) is True
        with store.transaction():
            assert store.add_analysis(_analysis(), [actor]) is False
        assert store.counts()["articles"] == 1 and store.counts()["quotes"] == 1
        back = store.analysis("a1")
        assert back.quotes[0].speaker == SpanRef("council", 4, 11, "act_x")
        assert back.article.outlet == "Post"
        assert store.article("a").id == "a1"  # a unique prefix is enough


def test_failed_transaction_leaves_nothing(tmp_path):
    with open_store(tmp_path / "s.db") as store:
        with pytest.raises(RuntimeError), store.transaction():
            store.add_analysis(_analysis(), [Actor(id="act_x", name="council", type="ORG")])
            raise RuntimeError("crash in the middle of a batch")
        assert store.counts()["articles"] == 0 and store.counts()["mentions"] == 0


def test_url_db_is_a_clear_error():
    from newsprism.errors import ConfigError

    with pytest.raises(ConfigError, match="postgresql:// URL"):
        open_store("mysql://localhost/x")
