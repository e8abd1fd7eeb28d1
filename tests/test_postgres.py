"""The PostgreSQL store against a real server that these tests start (initdb + pg_ctl) and stop."""

from __future__ import annotations

import itertools

import pytest
from conftest import CORPUS
from pgserver import ServerUnavailable, fresh_database, start

from newsprism.config import Settings
from newsprism.errors import SchemaTooNew, StoreError
from newsprism.records import Actor, Analysis, Article, Event, Figure, Mention, Quote, SpanRef
from newsprism.store import SCHEMA_VERSION, open_store
from newsprism.store.dialect import pg_sql
from newsprism.store.postgres import PostgresStore

_names = itertools.count()


@pytest.fixture(scope="module")
def server():
    try:
        srv = start()
    except ServerUnavailable as exc:
        pytest.skip(f"PostgreSQL server cannot start here: {exc}")
    yield srv
    srv.stop()


@pytest.fixture()
def pg_url(server) -> str:
    return fresh_database(server, f"t{next(_names)}")


def _analysis(aid: str = "a1", outlet: str | None = "Post", published: str | None = "2026-01-02") -> Analysis:
    text = "The council met. It said 40% agreed."
    art = Article(id=aid, path=f"{aid}.txt", text=text, title="T", outlet=outlet, published=published)
    return Analysis(
        article=art,
        mentions=(Mention("council", 4, 11, "ORG", "act_x"),),
        quotes=(Quote("met", 12, 15, "scare", speaker=SpanRef("council", 4, 11, "act_x")),),
        events=(
            Event(
                type="AGREE",
                trigger="agreed",
                start=29,
                end=35,
                negated=True,
                source=SpanRef("council", 4, 11, "act_x"),
            ),
        ),
        figures=(Figure("40%", 25, 28, 40.0, "percent"),),
    )


def test_translation_of_the_sqlite_dialect():
    assert (
        pg_sql("INSERT OR IGNORE INTO t(a) VALUES (?)")
        == "INSERT INTO t(a) VALUES (%s) ON CONFLICT DO NOTHING"
    )
    assert pg_sql("SELECT a FROM t WHERE b LIKE ? ORDER BY a, b DESC LIMIT 2") == (
        "SELECT a FROM t WHERE b ILIKE %s ORDER BY a NULLS FIRST, b DESC NULLS LAST LIMIT 2"
    )
    assert pg_sql("SELECT '50%' FROM t WHERE x IN (SELECT y FROM u ORDER BY y) ORDER BY rowid") == (
        "SELECT '50%%' FROM t WHERE x IN (SELECT y FROM u ORDER BY y NULLS FIRST) ORDER BY rowid NULLS FIRST"
    )


def test_insert_or_replace_becomes_an_upsert_on_the_key():
    sql = pg_sql("INSERT OR REPLACE INTO article_features(article_id, features) VALUES (?, ?)")
    assert sql == (
        "INSERT INTO article_features(article_id, features) VALUES (%s, %s)"
        " ON CONFLICT (article_id) DO UPDATE SET features = excluded.features"
    )
    assert pg_sql("INSERT OR REPLACE INTO story_terms(term, story_id) VALUES (?, ?)").endswith(
        "ON CONFLICT (term, story_id) DO NOTHING"
    )


def test_insert_or_replace_on_the_server(pg_url):
    with open_store(pg_url) as store:
        with store.transaction():
            store.add_analysis(_analysis(), [Actor(id="act_x", name="council", type="ORG")])
        for feats in ('{"a": 1}', '{"b": 2}'):
            store.conn.execute(
                "INSERT OR REPLACE INTO article_features(article_id, features) VALUES (?, ?)", ("a1", feats)
            )
        rows = store.conn.execute("SELECT features FROM article_features").fetchall()
        assert [r["features"] for r in rows] == ['{"b": 2}']


def test_schema_is_created_and_versioned(pg_url):
    with open_store(pg_url) as store:
        assert isinstance(store, PostgresStore)
        assert store.schema_version == SCHEMA_VERSION
        assert store.counts()["articles"] == 0
    with open_store(pg_url, readonly=True) as store:  # a second open finds the schema, changes nothing
        assert store.schema_version == SCHEMA_VERSION


def test_newer_schema_is_refused(pg_url):
    with open_store(pg_url) as store:
        store.conn.execute("UPDATE newsprism_schema SET version = ?", (SCHEMA_VERSION + 1,))
    with pytest.raises(SchemaTooNew, match="upgrade newsprism"):
        open_store(pg_url)


def test_foreign_database_is_refused(pg_url):
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE mine (x int)")
    with pytest.raises(StoreError, match="did not create"):
        open_store(pg_url)


def test_unreachable_server_is_a_clear_error(server):
    with pytest.raises(StoreError, match="cannot connect to PostgreSQL"):
        open_store(server.url.replace("/newsprism?", "/no_such_db?"))


def test_round_trip_idempotent_and_same_as_sqlite(pg_url, tmp_path):
    actor = Actor(id="act_x", name="council", type="ORG", aliases=("council", "the council"))
    for db in (pg_url, str(tmp_path / "s.db")):
        with open_store(db) as store:
            with store.transaction():
                assert store.add_analysis(_analysis(), [actor]) is True
                assert store.add_analysis(_analysis("a2", outlet=None, published=None), [actor]) is True
            with store.transaction():
                assert store.add_analysis(_analysis(), [actor]) is False
            counts = store.counts()
            assert counts["articles"] == 2 and counts["quotes"] == 2 and counts["outlets"] == 1
            back = store.analysis("a1")
            assert back == _analysis()
            assert store.article("a2").outlet is None
            assert store.article("A1").id == "a1"  # a unique prefix, in any case, is enough
            assert list(store.actors()) == [actor]
            assert store.article_ids() == ["a1", "a2"]
            assert store.search_articles("COUNCIL agreed") == ["a1", "a2"]
            assert store.search_articles("absent") == []


def test_failed_transaction_leaves_nothing(pg_url):
    with open_store(pg_url) as store:
        with pytest.raises(RuntimeError), store.transaction():
            store.add_analysis(_analysis(), [Actor(id="act_x", name="council", type="ORG")])
            raise RuntimeError("crash in the middle of a batch")
        assert store.counts()["articles"] == 0 and store.counts()["mentions"] == 0


def test_readonly_store_refuses_writes(pg_url):
    with open_store(pg_url):
        pass
    with open_store(pg_url, readonly=True) as store, pytest.raises(Exception, match="read-only"):
        store.conn.execute("INSERT INTO outlets(name) VALUES (?)", ("x",))


@pytest.mark.model
def test_corpus_export_equals_sqlite(pg_url, corpus_export):
    from newsprism.batch import analyze
    from newsprism.output.export import export_dict

    with open_store(pg_url) as store:
        summary = analyze([str(CORPUS)], store, Settings(db=pg_url))
        assert summary.new >= 10
        exported = export_dict(store)
    assert exported["articles"] and exported["stories"]
    assert exported == corpus_export
    with open_store(pg_url) as store:  # a second run finds everything stored
        again = analyze([str(CORPUS)], store, Settings(db=pg_url))
        assert again.new == 0 and again.duplicates == again.read
        assert export_dict(store) == corpus_export


def test_cli_analyze_and_export_with_a_postgresql_url(pg_url, tmp_path):
    import json

    from typer.testing import CliRunner

    from newsprism.cli import app

    runner = CliRunner()
    text = "The harbour council of Velmora voted on Monday to reopen the quay, said council leader Mira Tann."
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(tmp_path / "a.txt"), "--db", pg_url, "-q"])
    assert result.exit_code == 0, result.output
    exported = json.loads(runner.invoke(app, ["export", "--db", pg_url]).output)
    assert [a["text"] for a in exported["articles"]] == [text]
    assert exported["articles"][0]["mentions"]
