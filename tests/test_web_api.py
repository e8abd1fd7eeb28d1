"""The web app in-process (TestClient) over the analysed sample corpus plus one hostile article."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402
from web_fixtures import (  # noqa: E402
    HOSTILE_ACTOR,
    HOSTILE_ID,
    HOSTILE_STORY,
    HOSTILE_TEXT,
    unsafe_markup,
    web_store,
)

from newsprism.config import Settings  # noqa: E402
from newsprism.records import CLAIM_RELATIONS, PLOVER_CATEGORIES  # noqa: E402
from newsprism.web import create_app  # noqa: E402
from newsprism.web.ingest import safe_name  # noqa: E402

TOKEN = "s3cret-token-for-tests"


@pytest.fixture(scope="module")
def web_db(corpus_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return web_store(corpus_db, tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def client(web_db: Path) -> TestClient:
    return TestClient(create_app(web_db), raise_server_exceptions=False)


def all_items(client: TestClient, url: str, per_page: int = 3) -> tuple[int, list[dict]]:
    items: list[dict] = []
    page = 1
    while True:
        sep = "&" if "?" in url else "?"
        data = client.get(f"{url}{sep}page={page}&per_page={per_page}").json()
        items += data["items"]
        if page >= data["pages"]:
            return data["total"], items
        page += 1


def story_with_outlets(client: TestClient, n: int = 2) -> dict:
    stories = client.get("/api/stories?min_size=2&per_page=100").json()["items"]
    return next(s for s in stories if len(s["outlets"]) >= n)


# -- the API -------------------------------------------------------------------------------------------
def test_pagination_visits_every_article_once(client):
    total, items = all_items(client, "/api/articles")
    ids = [i["id"] for i in items]
    assert total == len(ids) == len(set(ids)) >= 11
    assert HOSTILE_ID in ids
    dates = [i["published"] or "" for i in items]
    assert dates == sorted(dates, reverse=True)


def test_article_filters(client):
    outlets = client.get("/api/outlets").json()
    assert "Norvania Daily Ledger" in outlets
    data = client.get("/api/articles", params={"outlet": "Norvania Daily Ledger", "per_page": 100}).json()
    assert data["total"] >= 2 and {i["outlet"] for i in data["items"]} == {"Norvania Daily Ledger"}
    story = story_with_outlets(client)
    data = client.get("/api/articles", params={"story": story["id"], "per_page": 100}).json()
    assert data["total"] == story["size"] and {i["story_id"] for i in data["items"]} == {story["id"]}
    data = client.get(
        "/api/articles", params={"date_from": "2026-04-01", "date_to": "2026-04-03", "per_page": 100}
    ).json()
    assert data["total"] >= 1
    assert all("2026-04-01" <= i["published"][:10] <= "2026-04-03" for i in data["items"])
    # a quote inside the value is data, never SQL
    data = client.get("/api/articles", params={"outlet": "x' OR '1'='1"}).json()
    assert data["total"] == 0


def test_full_text_search(client):
    data = client.get("/api/articles", params={"q": "bridge", "per_page": 100}).json()
    assert data["total"] >= 3
    for item in data["items"]:
        article = client.get(f"/api/articles/{item['id']}").json()["article"]
        assert "bridge" in (article["text"] + (article["title"] or "")).lower()
        assert any(s["match"] and s["text"].lower().startswith("bridge") for s in item["snippet"])
    prefix = client.get("/api/articles", params={"q": "brid*"}).json()["total"]
    assert prefix >= data["total"]
    assert client.get("/api/articles", params={"q": "bridge zzyzzyqq"}).json()["total"] == 0


def test_searches_with_many_matches_are_listed_recent_first(client, monkeypatch):
    from newsprism.store import SQLiteStore

    ranked = client.get("/api/articles", params={"q": "bridge", "per_page": 100}).json()
    assert ranked["order"] == "relevance"
    monkeypatch.setattr(SQLiteStore, "MAX_RANKED_MATCHES", 2)
    recent = client.get("/api/articles", params={"q": "bridge", "per_page": 100}).json()
    assert recent["order"] == "recent" and recent["total"] == ranked["total"]
    assert {i["id"] for i in recent["items"]} == {i["id"] for i in ranked["items"]}
    page = client.get("/search", params={"q": "bridge"}).text
    assert "most recently added first" in page


@pytest.mark.parametrize("q", ['"', "bridge OR", "NEAR(a b", "a:b", "-x", "*", 'bridge" OR "x', "(((", "^a"])
def test_search_syntax_is_never_an_error_of_the_server(client, q):
    r = client.get("/api/articles", params={"q": q})
    assert r.status_code in (200, 422), r.text
    if r.status_code == 422:
        assert r.json()["error"]["code"] == "invalid_parameter"


def test_story_comparison(client):
    story = story_with_outlets(client)
    data = client.get(f"/api/stories/{story['id']}").json()
    assert len(data["outlets"]) == len(story["outlets"]) >= 2
    assert set(data["claim_counts"]) == set(CLAIM_RELATIONS)
    assert sum(data["claim_counts"].values()) == len(data["claims"]) >= 1
    texts = {aid: client.get(f"/api/articles/{aid}").json()["article"]["text"] for aid in data["article_ids"]}
    for claim in data["claims"]:
        assert claim["relation"] in CLAIM_RELATIONS
        for m in claim["mentions"]:
            assert texts[m["article_id"]][m["start"] : m["end"]] == m["text"]
    voices = [v for o in data["outlets"] for v in o["voices"] if v["actor_id"]]
    assert voices, "the sample stories quote named people"
    # a unique prefix of the id is enough
    assert client.get(f"/api/stories/{story['id'][:10]}").json()["id"] == story["id"]


def test_actor_quotes_and_events(client):
    actors = client.get("/api/actors", params={"name": "varga"}).json()
    assert actors["total"] >= 1
    varga = actors["items"][0]
    assert "Varga" in varga["name"] and varga["mentions"] >= 1
    detail = client.get(f"/api/actors/{varga['id']}").json()
    assert detail["timeline"] and sum(p["mentions"] for p in detail["timeline"]) <= detail["mentions"]
    quotes = client.get("/api/quotes", params={"speaker": varga["id"], "per_page": 100}).json()
    assert quotes["total"] == detail["quotes"] >= 1
    assert all(q["speaker_actor_id"] == varga["id"] for q in quotes["items"])
    assert [q["id"] for q in detail["latest_quotes"]] == [q["id"] for q in quotes["items"][:10]]
    hostile = client.get(f"/api/actors/{HOSTILE_ACTOR}").json()
    assert len(hostile["latest_events_as_source"]) == 1 and hostile["latest_events_as_target"] == []
    assert client.get("/api/health").json()["status"] == "ok"
    events = client.get("/api/events", params={"actor": HOSTILE_ACTOR, "role": "source"}).json()
    assert events["total"] == 1 and events["items"][0]["type"] == "ACCUSE"
    assert client.get("/api/events", params={"actor": HOSTILE_ACTOR, "role": "target"}).json()["total"] == 0


def test_event_filters_and_downloads(client):
    total, events = all_items(client, "/api/events", per_page=50)
    assert total >= 5 and all(e["type"] in PLOVER_CATEGORIES for e in events)
    category = events[0]["type"]
    only = client.get("/api/events", params={"category": category, "per_page": 100}).json()
    assert only["total"] == sum(e["type"] == category for e in events)
    r = client.get("/api/events/export", params={"format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == total and {row["type"] for row in rows} <= set(PLOVER_CATEGORIES)
    r = client.get("/api/events/export", params={"format": "plover", "category": category})
    records = json.loads(r.text)
    assert len(records) == only["total"]
    for rec in records:
        assert rec["event"] == category and rec["text"] and isinstance(rec["source"], list)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", rec["date"] or "2000-01-01")
    dated = client.get("/api/events", params={"date_from": "2026-04-01", "per_page": 100}).json()
    assert all(e["date"] >= "2026-04-01" for e in dated["items"])


def test_network_edges(client):
    edges = client.get("/api/network").json()
    pair = [e for e in edges if e["source"] == HOSTILE_ACTOR]
    assert pair and pair[0]["category"] == "ACCUSE" and pair[0]["count"] == 1


# -- one error shape -----------------------------------------------------------------------------------
ERROR_CASES = [
    ("get", "/api/nothing-here", {}, 404),
    ("get", "/api/articles/ffffffffffffffff", {}, 404),
    ("get", "/api/actors/act_000000000000", {}, 404),
    ("get", "/api/stories/sty_000000000000", {}, 404),
    ("get", "/api/articles?page=0", {}, 422),
    ("get", "/api/articles?per_page=101", {}, 422),
    ("get", "/api/articles?page=abc", {}, 422),
    ("get", "/api/articles?date_from=2026-13-45", {}, 422),
    ("get", "/api/articles?q=" + "x" * 201, {}, 422),
    ("get", "/api/articles?q=%21%21%21", {}, 422),
    ("get", "/api/events?category=DANCE", {}, 422),
    ("get", "/api/events/export?format=xml", {}, 422),
    ("get", "/api/quotes?kind=shouted", {}, 422),
    ("get", "/api/actors?country=france", {}, 422),
    ("get", "/api/articles/..%2F..%2Fetc%2Fpasswd", {}, 404),
    ("get", "/api/stories/a%20b", {}, 422),
    ("get", "/api/articles?" + "outlet=" + "y" * 5000, {}, 414),
    ("delete", "/api/articles", {}, 405),
    ("post", "/api/ingest", {"json": {"articles": [{"text": "x"}]}}, 403),
    ("get", "/api/network?limit=0", {}, 422),
]


def assert_error_shape(r, status: int) -> dict:
    assert r.status_code == status, (r.status_code, r.text)
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"error"}
    err = body["error"]
    assert set(err) == {"status", "code", "message", "details"}
    assert err["status"] == status and re.fullmatch(r"[a-z_]+", err["code"])
    assert isinstance(err["message"], str) and len(err["message"]) > 10
    assert isinstance(err["details"], list)
    return err


@pytest.mark.parametrize(("method", "url", "kwargs", "status"), ERROR_CASES)
def test_every_error_has_one_shape(client, method, url, kwargs, status):
    err = assert_error_shape(getattr(client, method)(url, **kwargs), status)
    if status == 422 and "page" in url:
        assert err["details"] and err["details"][0]["field"] in ("page", "per_page")


def test_auth_body_limit_and_crash_errors_have_the_shape(web_db):
    app = create_app(web_db, Settings(db=str(web_db), ingest_token=TOKEN, web_max_body_bytes=1000))
    c = TestClient(app, raise_server_exceptions=False)
    assert_error_shape(c.post("/api/ingest", json={"articles": [{"text": "x"}]}), 401)
    assert_error_shape(
        c.post("/api/ingest", json={"articles": [{"text": "x"}]}, headers={"authorization": "Bearer wrong"}),
        401,
    )
    assert_error_shape(
        c.post(
            "/api/ingest",
            json={"articles": [{"text": "x" * 2000}]},
            headers={"authorization": f"Bearer {TOKEN}"},
        ),
        413,
    )

    def chunks():
        for _ in range(10):
            yield b"x" * 500

    # no content-length: the body is counted as it arrives
    assert_error_shape(
        c.post(
            "/api/ingest",
            content=chunks(),
            headers={"authorization": f"Bearer {TOKEN}", "content-type": "application/json"},
        ),
        413,
    )
    assert_error_shape(
        c.post("/api/ingest", json={"articles": []}, headers={"authorization": f"Bearer {TOKEN}"}), 422
    )
    assert_error_shape(
        c.post(
            "/api/ingest", json={"urls": ["file:///etc/passwd"]}, headers={"authorization": f"Bearer {TOKEN}"}
        ),
        422,
    )

    @app.get("/api/test-crash")
    def crash() -> None:
        raise RuntimeError("boom")

    err = assert_error_shape(c.get("/api/test-crash"), 500)
    assert "boom" not in err["message"]


def test_openapi_documents_every_api_route_and_the_error_shape(client):
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in [
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/actors",
        "/api/actors/{actor_id}",
        "/api/quotes",
        "/api/events",
        "/api/events/export",
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/network",
        "/api/ingest",
        "/api/ingest/files",
    ]:
        assert path in paths, path
        for op in paths[path].values():
            assert "422" in op["responses"] and "404" in op["responses"]
    assert "ErrorBody" in spec["components"]["schemas"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/stories/{story_id}" in docs.text and not unsafe_markup(docs.text)


# -- pages and escaping --------------------------------------------------------------------------------
def page_urls(client: TestClient) -> list[str]:
    story = story_with_outlets(client)
    actor = client.get("/api/actors", params={"name": "varga"}).json()["items"][0]["id"]
    return [
        "/",
        "/?min_size=2",
        f"/stories/{story['id']}",
        f"/stories/{HOSTILE_STORY}",
        f"/articles/{HOSTILE_ID}",
        "/actors",
        "/actors?name=hostile",
        f"/actors/{actor}",
        f"/actors/{HOSTILE_ACTOR}",
        "/network",
        "/search?q=bridge",
        "/search?q=script",
        "/search?q=onerror",
        "/search?q=javascript",
        "/docs",
    ]


def test_pages_render(client):
    for url in page_urls(client):
        r = client.get(url, headers={"accept": "text/html"})
        assert r.status_code == 200, (url, r.text[:300])
        assert r.headers["content-type"].startswith("text/html")
        assert '<meta name="viewport"' in r.text


def test_no_article_text_is_ever_markup(client):
    """The hostile article's script tags, handlers and javascript: links appear only as text."""
    for url in page_urls(client):
        html = client.get(url, headers={"accept": "text/html"}).text
        assert unsafe_markup(html) == [], url
    html = client.get(f"/articles/{HOSTILE_ID}").text
    assert "&lt;script&gt;alert(&#34;text&#34;)&lt;/script&gt;" in html  # shown, as text
    assert "javascript:alert(document.cookie)" in html and 'href="javascript' not in html
    search = client.get("/search", params={"q": "onerror"}).text
    assert "onerror" in search and not unsafe_markup(search)


def test_story_page_highlights_claims(client):
    story = story_with_outlets(client)
    data = client.get(f"/api/stories/{story['id']}").json()
    html = client.get(f"/stories/{story['id']}").text
    for outlet in data["outlets"]:
        assert f"<h2>{outlet['outlet']}</h2>" in html
    marks = re.findall(r'<mark class="claim (agree|differ|single)"', html)
    assert marks and set(marks) <= set(CLAIM_RELATIONS)
    voice = next(v for o in data["outlets"] for v in o["voices"] if v["actor_id"])
    assert f'href="/actors/{voice["actor_id"]}"' in html


def test_actor_page_has_charts(client):
    html = client.get(f"/actors/{HOSTILE_ACTOR}").text
    assert '<svg class="timeline"' in html and '<svg class="network"' in html
    assert 'data-category="ACCUSE"' in html


def test_safe_headers_everywhere(client):
    for url in ["/", "/api/articles", "/static/style.css", "/api/nothing", "/nothing", "/docs"]:
        r = client.get(url)
        csp = r.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize(
    "url",
    [
        "/static/../../pyproject.toml",
        "/static/%2e%2e/%2e%2e/pyproject.toml",
        "/static/..%2f..%2fpyproject.toml",
        "/static/%2e%2e%2f__init__.py",
        "/static//etc/passwd",
        "/static/..%5c..%5cpyproject.toml",
    ],
)
def test_no_path_traversal(client, url):
    r = client.get(url)
    assert r.status_code == 404
    assert "newsprism" not in r.text.lower() or r.headers["content-type"].startswith("application/json")
    assert "root:" not in r.text


def test_html_errors_for_browsers(client):
    r = client.get("/stories/sty_000000000000", headers={"accept": "text/html"})
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "no story with id" in r.text
    r = client.get("/stories/sty_000000000000")
    assert_error_shape(r, 404)


def test_upload_names_cannot_leave_the_folder():
    taken: set[str] = set()
    names = [
        safe_name(n, taken)
        for n in ["../../etc/passwd", "..\\..\\win.ini", ".hidden", "", "a b.txt", "a b.txt"]
    ]
    assert names == ["passwd", "win.ini", "hidden", "upload", "a_b.txt", "a_b-2.txt"]
    assert all("/" not in n and not n.startswith(".") for n in names)


# -- ingest (the real model) ---------------------------------------------------------------------------
@pytest.mark.model
def test_ingest_with_a_token(web_db, tmp_path):
    import shutil

    db = tmp_path / "ingest.db"
    shutil.copy(web_db, db)
    app = create_app(db, Settings(db=str(db), ingest_token=TOKEN))
    c = TestClient(app, raise_server_exceptions=False)
    auth = {"authorization": f"Bearer {TOKEN}"}
    text = (
        "The Velmora port authority said on Tuesday that the northern quay would stay closed. "
        '"We need another week," said harbour master Oskar Brandt.'
    )
    r = c.post(
        "/api/ingest",
        json={
            "articles": [
                {"text": text, "title": "Quay stays shut", "outlet": "Test Wire", "published": "2026-04-07"}
            ]
        },
        headers=auth,
    )
    assert r.status_code == 200, r.text
    assert r.json()["new"] == 1
    found = c.get("/api/articles", params={"q": "Brandt"}).json()
    assert found["total"] == 1 and found["items"][0]["outlet"] == "Test Wire"
    again = c.post("/api/ingest", json={"articles": [{"text": text}]}, headers=auth).json()
    assert again["new"] == 0 and again["duplicates"] == 1
    r = c.post(
        "/api/ingest/files",
        headers=auth,
        files=[
            (
                "files",
                ("../../escape.txt", b"The Ardell ferry union said it would strike on Friday.", "text/plain"),
            ),
            ("files", ("empty.txt", b"", "text/plain")),
        ],
    )
    body = r.json()
    assert r.status_code == 200 and body["new"] == 1 and body["errors"] == 1, body
    assert any("empty" in m for m in body["messages"])
    assert not (tmp_path.parent / "escape.txt").exists()
    assert HOSTILE_TEXT  # the hostile article is still there beside the new ones
    assert c.get(f"/api/articles/{HOSTILE_ID}").status_code == 200

    # a URL, served on 127.0.0.1 (the internet is not reachable from tests)
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    page = (
        b"<!doctype html><html><head><title>Lighthouse keepers walk out</title></head><body><article>"
        b"<h1>Lighthouse keepers walk out</h1><p>The lighthouse keepers of the Lenth Strait stopped work on "
        b'Wednesday after the Norvanian coast office cut their night allowance.</p><p>"We keep the ships '
        b'safe and they keep the money," said keeper Hanne Voss, who has tended the Orrin light for '
        b"twenty years.</p></article></body></html>"
    )

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/keepers"
        body = c.post("/api/ingest", json={"urls": [url]}, headers=auth).json()
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert body["new"] == 1, body
    assert c.get("/api/articles", params={"q": "Voss"}).json()["total"] == 1


def test_serve_and_web_settings_are_documented(client):
    from conftest import ROOT
    from typer.testing import CliRunner

    from newsprism.cli import app as cli

    doc = (ROOT / "docs" / "web.md").read_text(encoding="utf-8")
    help_text = CliRunner().invoke(cli, ["serve", "--help"]).output
    for option in ["--db", "--host", "--port", "--config"]:
        assert option in help_text and f"`{option}`" in doc, option
    assert "127.0.0.1" in help_text
    for setting in ["ingest_token", "web_max_body_bytes"]:
        assert f"`{setting}`" in doc, setting
    for path in client.get("/openapi.json").json()["paths"]:
        assert path.split("{")[0].rstrip("/") in doc, path
