"""URL reading against a real HTTP server on 127.0.0.1 (the internet is not reachable from tests)."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsprism.config import Settings
from newsprism.errors import FetchError, InputError, TooLarge
from newsprism.ingest import iter_inputs
from newsprism.records import Article

PAGE = b"""<!doctype html><html><head><title>Quay vote</title>
<meta property="og:site_name" content="Velmora Post"></head><body><article><h1>Quay vote</h1>
<p>The harbour council of Velmora voted on Monday to reopen the northern quay after two years of repairs.</p>
<p>Council leader Mira Tann said the work had cost more than anyone expected.</p></article></body></html>"""
FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Velmora Post</title>
<item><title>Quay</title><link>http://x.example/q</link><description>The council of Velmora voted to reopen the quay.</description></item>
</channel></rss>"""


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass

    def do_GET(self):  # noqa: N802
        if self.path == "/page":
            self._send(200, PAGE, "text/html; charset=utf-8")
        elif self.path == "/feed":
            self._send(200, FEED, "application/rss+xml")
        elif self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/page")
            self.end_headers()
        elif self.path.startswith("/loop"):
            self.send_response(302)
            self.send_header("Location", "/loop" + str(len(self.path)))
            self.end_headers()
        elif self.path == "/big":
            self._send(200, b"<p>" + b"x" * 200_000 + b"</p>", "text/html")
        elif self.path == "/slow":
            time.sleep(2)
            self._send(200, PAGE, "text/html")
        else:
            self._send(404, b"not here", "text/plain")

    def _send(self, code, body, ctype):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def fetch(url, **overrides):
    settings = Settings(**{"http_timeout": 5.0, **overrides})
    return [item for item, _ in iter_inputs([url], settings) if item is not None]


def test_page(server):
    (art,) = fetch(server + "/page")
    assert isinstance(art, Article)
    assert art.path == server + "/page" and art.outlet == "Velmora Post"
    assert art.text.startswith("The harbour council")


def test_redirect_is_followed_and_final_url_kept(server):
    (art,) = fetch(server + "/redirect")
    assert isinstance(art, Article) and art.url.endswith("/page") and art.path.endswith("/redirect")


def test_feed_by_url(server):
    (art,) = fetch(server + "/feed")
    assert isinstance(art, Article) and art.outlet == "Velmora Post"


@pytest.mark.parametrize(
    "path, overrides, error, words",
    [
        ("/missing", {}, FetchError, "HTTP 404"),
        ("/loop", {"http_max_redirects": 3}, FetchError, "redirects"),
        ("/big", {"http_max_bytes": 10_000}, TooLarge, "limit"),
        ("/slow", {"http_timeout": 0.5}, FetchError, "no answer"),
    ],
)
def test_limits(server, path, overrides, error, words):
    (err,) = fetch(server + path, **overrides)
    assert isinstance(err, error) and words in str(err) and path in str(err)


def test_unreachable_port_is_an_input_error():
    (err,) = fetch("http://127.0.0.1:9/x", http_timeout=1.0)
    assert isinstance(err, InputError)
