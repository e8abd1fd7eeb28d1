"""Fuzzing every reader: whatever the bytes, a reader yields clean Articles or one-line InputErrors.

No exception other than InputError may escape a reader, and every Article holds the promises the rest of
the pipeline relies on: non-empty stripped text without control characters, within max_text_chars, its
id the hash of that text, one-line metadata.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hostile import hostile_text, html_fragment, html_page, unicode_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism.config import Settings
from newsprism.errors import InputError
from newsprism.ingest import KNOWN_EXTENSIONS, iter_inputs, read_file
from newsprism.ingest.dedup import signature
from newsprism.ingest.feeds import html_fragment_to_text, read_feed
from newsprism.ingest.html import read_html
from newsprism.ingest.normalise import (
    _CONTROL,
    MAX_CHUNK,
    MAX_SYMBOL_RUN,
    article_id,
    clean_text,
    decode,
    make_article,
)
from newsprism.ingest.tabular import read_csv, read_jsonl
from newsprism.ingest.text import read_text
from newsprism.records import Article

SMALL = Settings(max_text_chars=2_000)
# FUZZ_EXAMPLES=500 runs a deeper search (once, by hand); the suite keeps the counts modest.
_SLOW_OK = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 60)), deadline=None, suppress_health_check=_SLOW_OK)
FEW = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 100)) // 4, deadline=None,
               suppress_health_check=_SLOW_OK)


def check_article(art: Article, max_chars: int = SMALL.max_text_chars) -> None:
    assert art.text and art.text == art.text.strip()
    assert not _CONTROL.search(art.text), repr(art.text[:80])
    assert "\r" not in art.text and "\ufeff" not in art.text
    assert len(art.text) <= max_chars
    assert art.id == article_id(art.text)
    for value in (art.title, art.outlet, art.url, art.published, art.author):
        assert value is None or (value == value.strip() and value and "\n" not in value
                                 and not _CONTROL.search(value))


def check_items(items: Iterable[object], max_chars: int = SMALL.max_text_chars) -> list[Article]:
    articles = []
    for item in items:
        if isinstance(item, tuple):
            item = item[0]
        if item is None:
            continue
        if isinstance(item, Article):
            check_article(item, max_chars)
            articles.append(item)
        else:
            assert isinstance(item, InputError), type(item)
            line = str(item)
            assert line and "\n" not in line, repr(line)
    return articles


@FUZZ
@given(st.binary(max_size=600))
def test_decode_returns_text_or_input_error(data):
    try:
        text, warning = decode(data, "x.txt")
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    assert isinstance(text, str)
    assert warning is None or isinstance(warning, InputError)


@FUZZ
@given(hostile_text)
def test_clean_text_is_idempotent_and_clean(text):
    once = clean_text(text)
    assert clean_text(once) == once
    assert not _CONTROL.search(once)
    # No whitespace-free chunk long enough to make spaCy's tokenizer quadratic.
    assert all(len(chunk) <= MAX_CHUNK for chunk in once.split())
    assert not re.search(rf"(?:[^\w\s]|_){{{MAX_SYMBOL_RUN + 1}}}", once)


@FUZZ
@given(hostile_text, st.integers(1, 3000), st.one_of(st.none(), hostile_text))
def test_make_article_holds_its_promises(text, max_chars, title):
    warnings: list = []
    try:
        art = make_article(text, "x.txt", max_chars=max_chars, title=title, warnings=warnings)
    except InputError:
        assert not clean_text(text)
        return
    check_article(art, max_chars)
    check_items(warnings)


front_matter = st.builds(
    lambda fence, header, body: f"{fence}\n{header}\n{fence}\n{body}",
    st.sampled_from(["---", "--- ", "...", "---\r"]),
    st.one_of(hostile_text, st.lists(st.tuples(st.sampled_from(["title", "date", "outlet", "url", "x", "- a"]),
                                               hostile_text.map(lambda t: t[:40])), max_size=6)
              .map(lambda kv: "\n".join(f"{k}: {v}" for k, v in kv))),
    hostile_text,
)


@FUZZ
@given(st.one_of(front_matter, hostile_text))
def test_read_text_with_any_front_matter(text):
    warnings: list = []
    try:
        art = read_text(text, "x.md", max_chars=SMALL.max_text_chars, warnings=warnings)
    except InputError as exc:
        check_items([exc])
        return
    check_article(art)
    check_items(warnings)


@FEW
@given(st.one_of(html_page, html_fragment))
def test_read_html_with_random_html(html):
    warnings: list = []
    try:
        art = read_html(html, "x.html", max_chars=SMALL.max_text_chars, warnings=warnings)
    except InputError as exc:
        check_items([exc])
        return
    check_article(art)
    check_items(warnings)


@FUZZ
@given(html_fragment)
def test_feed_fragment_to_text_never_raises(fragment):
    assert isinstance(html_fragment_to_text(fragment), str)


def _feed(entries: list[tuple[str, str, str]], atom: bool) -> bytes:
    def esc(s: str) -> str:
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    if atom:
        body = "".join(f"<entry><title>{esc(t)}</title><content type='html'>{esc(c)}</content>"
                       f"<updated>{esc(d)}</updated></entry>" for t, c, d in entries)
        return f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>" \
               f"<title>Feed</title>{body}</feed>".encode("utf-8", "surrogatepass")
    body = "".join(f"<item><title>{esc(t)}</title><description>{esc(c)}</description>"
                   f"<pubDate>{esc(d)}</pubDate></item>" for t, c, d in entries)
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>Feed</title>{body}</channel></rss>".encode()


feed_bytes = st.one_of(
    st.builds(_feed, st.lists(st.tuples(hostile_text.map(lambda t: t[:60]), st.one_of(hostile_text, html_fragment),
                                        st.one_of(unicode_text.map(lambda t: t[:30]),
                                                  st.sampled_from(["Mon, 02 Feb 2026 10:00:00 GMT",
                                                                   "2026-13-45", "9999-99-99T99:99"]))),
                              max_size=5), st.booleans()),
    st.binary(max_size=300).map(lambda b: b"<?xml version='1.0'?><rss><channel>" + b),
)


@FUZZ
@given(feed_bytes)
def test_read_feed_with_random_entries(data):
    try:
        items = list(read_feed(data, "f.rss", max_chars=SMALL.max_text_chars))
    except InputError as exc:
        check_items([exc])
        return
    check_items(items)


jsonl_line = st.one_of(
    st.dictionaries(st.sampled_from(["text", "title", "body", "date", "url", "outlet", "TEXT", "x"]),
                    st.one_of(hostile_text, st.integers(), st.none(), st.lists(st.integers(), max_size=3),
                              st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)),
                    max_size=5).map(json.dumps),
    hostile_text.map(lambda t: t.replace("\n", " ")),
    st.sampled_from(["[]", "null", "1", '"text"', "{", '{"text": "\\ud800"}', '{"text": "a\\u0000b"}']),
)


@FUZZ
@given(st.lists(st.one_of(jsonl_line.map(lambda s: s.encode("utf-8", "surrogatepass")),
                          st.binary(max_size=40)), max_size=8))
def test_read_jsonl_any_lines(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("jsonl") / "d.jsonl"
    path.write_bytes(b"\n".join(lines))
    items = list(read_jsonl(path, str(path), mapping={}, max_chars=SMALL.max_text_chars))
    check_items(items)
    # One item per non-blank line at most, plus warnings: nothing silently merges or splits lines.
    assert len([i for i, _ in items if isinstance(i, Article)]) <= len([ln for ln in lines if ln.strip()])


csv_text = st.one_of(
    hostile_text,
    st.lists(st.lists(st.one_of(hostile_text.map(lambda t: t[:50]), st.sampled_from(['"', '""', ",", ";", "\t"])),
                      min_size=1, max_size=4), max_size=6)
    .map(lambda rows: "text,title,date\n" + "\n".join(",".join(r) for r in rows)),
)


@FUZZ
@given(csv_text)
def test_read_csv_any_rows(text):
    try:
        items = list(read_csv(text, "t.csv", mapping={}, max_chars=SMALL.max_text_chars))
    except InputError as exc:
        check_items([exc])
        return
    check_items(items)


@FUZZ
@given(st.sampled_from(sorted(KNOWN_EXTENSIONS) + [".bin", ""]),
       st.one_of(st.binary(max_size=500), hostile_text.map(lambda t: t.encode("utf-8")),
                 html_page.map(lambda t: t.encode("utf-8")), feed_bytes))
def test_read_file_any_bytes_any_extension(tmp_path_factory, suffix, data):
    path = tmp_path_factory.mktemp("any") / f"input{suffix}"
    path.write_bytes(data)
    items = list(read_file(path, SMALL))
    check_items(items)
    assert all(isinstance(n, int) and n >= 0 for _, n in items)


@FUZZ
@given(hostile_text)
def test_minhash_signature_of_any_text(text):
    assert len(signature(text)) == 64


class _Handler(BaseHTTPRequestHandler):
    body: bytes = b""
    ctype: str = "text/html"

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.send_response(200)
        self.send_header("Content-Type", type(self).ctype)
        self.send_header("Content-Length", str(len(type(self).body)))
        self.end_headers()
        self.wfile.write(type(self).body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/page"
    httpd.shutdown()
    httpd.server_close()


@FEW
@given(st.sampled_from(["text/html", "text/plain", "application/rss+xml", "application/octet-stream", "",
                        "text/html; charset=utf-16"]),
       st.one_of(st.binary(max_size=300), html_page.map(lambda t: t.encode("utf-8")), feed_bytes))
def test_url_reader_with_any_answer(server, ctype, body):
    _Handler.body, _Handler.ctype = body, ctype
    check_items(iter_inputs([server], SMALL))


def test_hostile_files_in_one_batch_lose_nothing(tmp_path):
    """Broken files among good ones: every good article comes out, every bad file gives one message."""
    good = "The quay at Velmora reopened on Monday after a year of repairs, the harbour master said."
    (tmp_path / "a.txt").write_text(good, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02" * 50)
    (tmp_path / "c.html").write_text("<div>" * 5000 + "deep" + "</div>" * 5000, encoding="utf-8")
    (tmp_path / "d.jsonl").write_text('{"text": "' + good.replace("Monday", "Tuesday") + '"}\n{bad\n')
    (tmp_path / "e.md").write_text("---\n[unclosed: {\n---\n" + good.replace("Monday", "Friday"), encoding="utf-8")
    items = [i for i, _ in iter_inputs([str(tmp_path)], SMALL)]
    articles = check_items(items)
    assert len(articles) == 3
    errors = [i for i in items if isinstance(i, InputError)]
    assert {Path(str(e.path).split("#")[0]).name for e in errors} >= {"b.txt", "c.html", "d.jsonl", "e.md"}
