"""The web app over a PostgreSQL store (a real server these tests start): search, story list, comparison
and actor pages answer with the same content as over the SQLite store they were copied from."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402
from pgserver import fresh_database  # noqa: E402
from web_fixtures import (  # noqa: E402
    HOSTILE_ACTOR,
    HOSTILE_ID,
    HOSTILE_STORY,
    copy_store,
    unsafe_markup,
    web_store,
)

from newsprism.store import open_store  # noqa: E402
from newsprism.web import create_app  # noqa: E402


@pytest.fixture(scope="module")
def sqlite_db(corpus_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return web_store(corpus_db, tmp_path_factory.mktemp("webpg"))


@pytest.fixture(scope="module")
def pg_url(pg_server, sqlite_db: Path) -> str:
    url = fresh_database(pg_server, "webpg")
    copy_store(sqlite_db, url)
    return url


@pytest.fixture(scope="module")
def pg(pg_url: str) -> TestClient:
    # entered, the client keeps one event loop and its worker threads (and their connections), as a server does
    with TestClient(create_app(pg_url), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="module")
def lite(sqlite_db: Path) -> TestClient:
    return TestClient(create_app(sqlite_db), raise_server_exceptions=False)


def ok(client: TestClient, url: str, **params) -> dict:
    r = client.get(url, params=params)
    assert r.status_code == 200, (url, r.text[:500])
    return r.json()


def html(client: TestClient, url: str, **params) -> str:
    r = client.get(url, params=params, headers={"accept": "text/html"})
    assert r.status_code == 200, (url, r.text[:500])
    return r.text


def test_the_copy_is_served_from_postgresql(pg_url, sqlite_db):
    with open_store(pg_url, readonly=True) as store, open_store(sqlite_db, readonly=True) as lite_store:
        assert store.dialect == "postgresql"
        assert store.counts() == lite_store.counts() and store.counts()["articles"] >= 11


def test_story_list(pg, lite):
    for params in ({"per_page": 100}, {"per_page": 100, "min_size": 2}, {"per_page": 2, "page": 2}):
        data = ok(pg, "/api/stories", **params)
        assert data == ok(lite, "/api/stories", **params)
    stories = ok(pg, "/api/stories", per_page=100)["items"]
    assert any(s["size"] >= 3 and len(s["outlets"]) >= 2 for s in stories)
    covered = ok(pg, "/api/stories", per_page=100, min_size=2)
    assert covered["total"] == sum(s["size"] >= 2 for s in stories) >= 1
    assert all(s["size"] >= 2 for s in covered["items"])
    page = html(pg, "/", min_size=2)
    for story in covered["items"]:
        assert f'href="/stories/{story["id"]}"' in page
    assert f'href="/stories/{HOSTILE_STORY}"' not in page  # one article: not covered twice
    assert not unsafe_markup(html(pg, "/"))


def test_search(pg, lite):
    data = ok(pg, "/api/articles", q="bridge", per_page=100)
    same = ok(lite, "/api/articles", q="bridge", per_page=100)
    assert data["total"] == same["total"] >= 3
    assert {i["id"] for i in data["items"]} == {i["id"] for i in same["items"]}
    for item in data["items"]:
        text = ok(pg, f"/api/articles/{item['id']}")["article"]["text"]
        assert "bridge" in text.lower()
        marked = [s["text"] for s in item["snippet"] if s["match"]]
        assert marked and all(m.lower() == "bridge" for m in marked), item["snippet"]
        shown = "".join(s["text"] for s in item["snippet"])
        assert shown.strip("…") in text
        # an ellipsis only where the excerpt cuts the text
        assert shown.startswith("…") != text.lstrip().startswith(shown.strip("…")[:50])
        assert shown.endswith("…") != text.rstrip().endswith(shown.strip("…")[-50:])
    prefix = ok(pg, "/api/articles", q="brid*")
    assert prefix["total"] == ok(lite, "/api/articles", q="brid*")["total"] >= data["total"]
    assert ok(pg, "/api/articles", q="bridge zzyzzyqq")["total"] == 0
    recent = ok(pg, "/api/articles", q="bridge", order="recent", per_page=100)
    assert [i["id"] for i in recent["items"]] == [i["id"] for i in ok(lite, "/api/articles", q="bridge",
                                                                        order="recent", per_page=100)["items"]]
    # a filter: one outlet, ranked as the unfiltered search ranks its articles
    outlet = data["items"][0]["outlet"]
    one = ok(pg, "/api/articles", q="bridge", outlet=outlet, per_page=100)
    for client, ranked in ((pg, data), (lite, same)):
        filtered = ok(client, "/api/articles", q="bridge", outlet=outlet, per_page=100)
        assert filtered["order"] == "relevance" and filtered["total_exact"]
        assert [i["id"] for i in filtered["items"]] == [i["id"] for i in ranked["items"] if i["outlet"] == outlet]
    assert one["total"] == ok(lite, "/api/articles", q="bridge", outlet=outlet)["total"] >= 1
    assert {i["outlet"] for i in one["items"]} == {outlet}
    # the page, and query syntax of either backend searched as words
    page = html(pg, "/search", q="bridge", outlet=outlet)
    links = re.findall(r'<a class="title" href="/articles/(\w+)"', page)
    assert sorted(links) == sorted(i["id"] for i in one["items"][:20])
    assert re.search(r"<mark>bridge</mark>", page, re.I)
    for q in ['"', "bridge OR", "a:b", "bridge & !x", "'", "x:*", "(((", "a\\b"]:
        r = pg.get("/api/articles", params={"q": q})
        assert r.status_code in (200, 422), (q, r.text)
    hostile = html(pg, "/search", q="onerror")
    assert f'href="/articles/{HOSTILE_ID}"' in hostile and "<mark>onerror</mark>" in hostile
    assert not unsafe_markup(hostile)


def test_story_comparison(pg, lite):
    stories = ok(pg, "/api/stories", per_page=100, min_size=2)["items"]
    story = next(s for s in stories if len(s["outlets"]) >= 2)
    data = ok(pg, f"/api/stories/{story['id']}")
    assert data == ok(lite, f"/api/stories/{story['id']}")
    assert len(data["outlets"]) >= 2 and data["claims"]
    page = html(pg, f"/stories/{story['id']}")
    for outlet in data["outlets"]:
        assert f"<h2>{outlet['outlet']}</h2>" in page
    marks = re.findall(r'<mark class="claim (agree|differ|single)"', page)
    assert marks
    voice = next(v for o in data["outlets"] for v in o["voices"] if v["actor_id"])
    assert f'href="/actors/{voice["actor_id"]}"' in page
    assert not unsafe_markup(html(pg, f"/stories/{HOSTILE_STORY}"))


def test_actor_pages(pg, lite):
    actors = ok(pg, "/api/actors", name="varga")
    assert actors == ok(lite, "/api/actors", name="varga") and actors["total"] >= 1
    varga = actors["items"][0]
    detail = ok(pg, f"/api/actors/{varga['id']}")
    assert detail == ok(lite, f"/api/actors/{varga['id']}")
    assert detail["mentions"] >= 1 and detail["timeline"] and detail["latest_quotes"]
    page = html(pg, f"/actors/{varga['id']}")
    assert varga["name"] in page and '<svg class="timeline"' in page
    assert detail["latest_quotes"][0]["text"][:20].replace('"', "&#34;") in page
    hostile = html(pg, f"/actors/{HOSTILE_ACTOR}")
    assert 'data-category="ACCUSE"' in hostile and not unsafe_markup(hostile)
    assert ok(pg, "/api/network") == ok(lite, "/api/network")


def test_every_page_renders_on_postgresql(pg):
    for url in ["/", "/?min_size=2", "/actors", "/network", "/search", "/search?q=port", f"/articles/{HOSTILE_ID}",
                "/api/events?per_page=5", "/api/quotes?per_page=5", "/api/outlets", "/api/health"]:
        r = pg.get(url)
        assert r.status_code == 200, (url, r.text[:300])


def test_serve_a_postgresql_url_that_cannot_be_used(pg_server):
    from typer.testing import CliRunner

    from newsprism.cli import app

    bad = pg_server.url.replace("/newsprism?", "/no_such_db?").replace("postgres@", "postgres:hunter2@")
    result = CliRunner().invoke(app, ["serve", "--db", bad, "--port", "1"])
    assert result.exit_code != 0
    assert "cannot connect to PostgreSQL" in result.output and "hunter2" not in result.output


def test_a_lost_connection_is_opened_again(pg, pg_url):
    import psycopg

    assert ok(pg, "/api/stories", per_page=1)["total"] >= 1  # the worker threads hold connections now
    with psycopg.connect(pg_url, autocommit=True) as admin:
        killed = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()[0]
    assert killed >= 1
    for _ in range(5):  # whichever thread answers, its lost connection is replaced
        assert ok(pg, "/api/stories", per_page=1)["total"] >= 1
        assert "<mark>bridge</mark>" in html(pg, "/search", q="bridge").lower()
