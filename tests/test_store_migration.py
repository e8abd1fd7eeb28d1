"""Upgrading a database made by an earlier newsprism: schema version 1 to the current one, on SQLite and on
a real PostgreSQL server (started by these tests)."""

from __future__ import annotations

import itertools

import pytest
from pgserver import fresh_database

import newsprism.store.postgres as pg_module
import newsprism.store.sqlite as sqlite_module
from newsprism.records import Actor, Analysis, Article
from newsprism.store import SCHEMA_VERSION, open_store

# (id, outlet, story, title); the full-text rows are written in the reverse order, so an article's FTS rowid
# is not its own position and the upgrade must match them by id
ARTICLES = [
    ("a1", "Post", "s1", "Harbour council votes to reopen the quay"),
    ("a2", "Wire", "s1", "Quay reopening approved by the harbour council"),
    ("a3", "Post", "s1", "Fishermen welcome the harbour vote"),
    ("a4", "Post", "s2", "Ferry strike enters its second week"),
]


_names = itertools.count()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "v1.db")
    return fresh_database(request.getfixturevalue("pg_server"), f"mig{next(_names)}")


def make_v1(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A version-1 database holding what newsprism 1 wrote for four articles in two stories."""
    with monkeypatch.context() as m:
        m.setattr(sqlite_module, "SCHEMA_VERSION", 1)
        m.setattr(pg_module, "SCHEMA_VERSION", 1)
        with open_store(db) as store:
            assert store.schema_version == 1
            c = store.conn
            with store.transaction():
                for name in ("Post", "Wire"):
                    c.execute("INSERT INTO outlets(name) VALUES (?)", (name,))
                for aid, outlet, _, title in ARTICLES:
                    c.execute(
                        "INSERT INTO articles(id, path, title, outlet_id, published, source_format, text, added_at)"
                        " VALUES (?, ?, ?, (SELECT id FROM outlets WHERE name = ?), '2026-03-01', 'txt', ?, 'now')",
                        (aid, f"{aid}.txt", title, outlet, title + ". More words follow."),
                    )
                for aid, _, _, title in reversed(ARTICLES):
                    c.execute(
                        "INSERT INTO articles_fts(article_id, title, text) VALUES (?, ?, ?)",
                        (aid, title, title + ". More words follow."),
                    )
                for sid in ("s1", "s2"):
                    c.execute(
                        "INSERT INTO stories(id, title, first_published, last_published, updated_at)"
                        " VALUES (?, ?, '2026-03-01', ?, 'now')",
                        (sid, sid, "2026-03-02" if sid == "s1" else "2026-03-01"),
                    )
                for aid, _, sid, _ in ARTICLES:
                    c.execute("INSERT INTO story_articles(article_id, story_id) VALUES (?, ?)", (aid, sid))


def test_version_1_database_is_upgraded(db, monkeypatch):
    make_v1(db, monkeypatch)
    with open_store(db) as store:
        assert store.schema_version == SCHEMA_VERSION >= 2
        c = store.conn
        # every article points at its own full-text row
        rows = c.execute(
            "SELECT a.id, f.article_id FROM articles a JOIN articles_fts f ON f.rowid = a.fts_rowid ORDER BY a.id"
        ).fetchall()
        assert [(r[0], r[1]) for r in rows] == [(a[0], a[0]) for a in ARTICLES]
        assert {r[0]: r[1] for r in c.execute("SELECT id, size FROM stories")} == {"s1": 3, "s2": 1}
        assert store.story_count(2) == 1 and store.story_count(1) == 2
        assert [s["id"] for s in store.story_page(min_size=2)[1]] == ["s1"]
        assert [(s["id"], s["size"]) for s in store.story_page()[1]] == [("s1", 3), ("s2", 1)]
        total, items, _, exact = store.search_page(["harbour"], outlet="Post")
        assert total == 2 and exact and sorted(i["id"] for i in items) == ["a1", "a3"]
        total, items, _, _ = store.search_page(["quay"], outlet="Wire")
        assert total == 1 and items[0]["id"] == "a2"
        assert store.search_page(["harb*"], story="s1")[0] == 3

        # what is written after the upgrade keeps both up to date
        text = "The harbour ferry sailed again on Monday."
        new = Analysis(article=Article(id="a5", path="a5.txt", text=text, title="Ferry", outlet="Wire",
                                       published="2026-03-03"))
        with store.transaction():
            store.add_analysis(new, [Actor(id="act_h", name="harbour", type="ORG")])
            store.save_story("s2", "", ["a5", "a3"], [], "2026-03-01", "2026-03-03")  # a3 moves from s1
        assert {r[0]: r[1] for r in c.execute("SELECT id, size FROM stories")} == {"s1": 2, "s2": 3}
        total, items, _, _ = store.search_page(["harbour"], outlet="Wire")
        assert sorted(i["id"] for i in items) == ["a2", "a5"] and total == 2
        assert [s["id"] for s in store.story_page(min_size=3)[1]] == ["s2"]
    with open_store(db, readonly=True) as store:  # opening again changes nothing
        assert store.schema_version == SCHEMA_VERSION


def test_columns_added_by_a_later_migration_are_known_to_the_dialect():
    from newsprism.store.dialect import pg_sql, table_columns

    assert "fts_rowid" in table_columns()["articles"] and "size" in table_columns()["stories"]
    sql = pg_sql("INSERT INTO stories(id, size) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET size = size + 1")
    assert sql.endswith("DO UPDATE SET size = stories.size + 1")


def _actor_corpus(store) -> None:
    """Twelve articles in three outlets over four days: Varga and Reyl are mentioned, and act on each
    other (Varga as source in some events, as target in others)."""
    from newsprism.records import Event, Mention, SpanRef

    with store.transaction():
        for i in range(12):
            text = f"Varga met Reyl in Velmora on day {i}. Reyl said the talks went well."
            varga, reyl = SpanRef("Varga", 0, 5, "act_varga"), SpanRef("Reyl", 10, 14, "act_reyl")
            source, target = (varga, reyl) if i % 3 else (reyl, varga)
            store.add_analysis(
                Analysis(
                    article=Article(id=f"b{i:02d}", path=f"b{i}.txt", text=text, title=f"Talks {i}",
                                    outlet=("Post", "Wire", "Ledger")[i % 3], published=f"2026-03-0{1 + i % 4}"),
                    mentions=(Mention("Varga", 0, 5, "PERSON", "act_varga"),
                              Mention("Reyl", 10, 14, "PERSON", "act_reyl"),
                              Mention("Reyl", 38, 42, "PERSON", "act_reyl")),
                    events=(Event(type="CONSULT", trigger="met", start=0, end=37, source=source, target=target),),
                ),
                [Actor(id="act_varga", name="Ilse Varga", type="PERSON"),
                 Actor(id="act_reyl", name="Tomas Reyl", type="PERSON")],
            )


def _actor_views(store) -> list:
    views = []
    for aid in ("act_varga", "act_reyl"):
        views += [store.actor_stats(aid), store.actor_timeline(aid),
                  [e["id"] for e in store.iter_events(actor=aid)],
                  [[e["id"] for e in store.event_page(actor=aid, limit=5, offset=o)[1]] for o in (0, 5, 10)],
                  store.event_page(actor=aid, role="target", limit=3, offset=1),
                  store.event_page(actor=aid, outlet="Wire", date_from="2026-03-02", limit=2)]
    return views


def test_version_2_database_gets_the_actor_page_indexes(db, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(sqlite_module, "SCHEMA_VERSION", 2)
        m.setattr(pg_module, "SCHEMA_VERSION", 2)
        with open_store(db) as store:
            assert store.schema_version == 2
            _actor_corpus(store)
            before = _actor_views(store)
            if not db.startswith("postgresql"):
                store.conn.execute("ANALYZE")  # a store with statistics keeps them up to date for new indexes
    with open_store(db) as store:
        assert store.schema_version == SCHEMA_VERSION >= 3
        if db.startswith("postgresql"):
            names = {r[0] for r in store.conn.execute("SELECT indexname FROM pg_indexes")}
        else:
            names = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
            plan = " ".join(str(tuple(r)) for r in store.conn.execute(
                "EXPLAIN QUERY PLAN SELECT count(DISTINCT a.outlet_id) FROM mentions m"
                " JOIN articles a ON a.id = m.article_id WHERE m.actor_id = ?", ("act_varga",)))
            assert "COVERING INDEX mentions_actor_article" in plan
            assert "COVERING INDEX articles_id_outlet_published" in plan
        assert {"mentions_actor_article", "articles_id_outlet_published"} <= names
        after = _actor_views(store)
    assert after == before
    stats, timeline, ids, pages = after[:4]
    assert stats == {"mentions": 12, "articles": 12, "outlets": 3}
    assert [day for day, _, _ in timeline] == ["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04"]
    assert len(ids) == 12 and ids == sorted(ids, reverse=True)
    assert [i for page in pages for i in page] == ids  # pages of the newest-first listing, in order
