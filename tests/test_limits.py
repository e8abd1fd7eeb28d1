"""Resource limits: huge and hostile inputs get one clear message where a limit is hit; the rest is read.

Big inputs are generated lazily in tmp dirs; the slow parts are capped (max_articles, islice) so that the
tests check behaviour (streaming, messages, nothing lost), while bench/hostile_inputs.py measures memory
and time on the full sizes.
"""

from __future__ import annotations

import io
import itertools
import json
from pathlib import Path

from typer.testing import CliRunner

import newsprism.ingest
from newsprism.batch import analyze
from newsprism.cli import app
from newsprism.config import Settings
from newsprism.errors import InputError, InputWarning, MalformedInput, TooLarge
from newsprism.ingest import iter_inputs, read_file
from newsprism.ingest.feeds import stream_feed
from newsprism.ingest.tabular import MAX_LINE_BYTES
from newsprism.records import Article
from newsprism.store import open_store

GOOD = "The quay at Velmora reopened on {day} after a year of repairs, harbour master Oskar Velde said."
MB = 1024 * 1024


def _items(paths, settings=None):
    items = [i for i, _ in iter_inputs([str(p) for p in paths], settings or Settings())]
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, InputError)]


def test_100_mb_files_are_refused_with_one_line_each_and_the_rest_is_read(tmp_path):
    for name in ("huge.txt", "huge.html", "huge.csv"):
        with (tmp_path / name).open("wb") as fh:
            fh.truncate(100 * MB)  # sparse: costs no disk
    (tmp_path / "good.txt").write_text(GOOD.format(day="Monday"), encoding="utf-8")
    articles, errors = _items([tmp_path])
    assert [a.path for a in articles] == [str(tmp_path / "good.txt")]
    assert sorted(Path(e.path).name for e in errors) == ["huge.csv", "huge.html", "huge.txt"]
    assert all(isinstance(e, TooLarge) and "100.0 MiB" in e.message and "\n" not in str(e) for e in errors)


def test_100_mb_jsonl_line_is_skipped_without_reading_it_whole(tmp_path):
    dump = tmp_path / "dump.jsonl"
    with dump.open("wb") as fh:
        fh.write(json.dumps({"text": GOOD.format(day="Monday")}).encode() + b"\n")
        fh.write(b'{"text": "')
        block = b"a" * MB
        for _ in range(100):
            fh.write(block)
        fh.write(b'"}\n')
        fh.write(json.dumps({"text": GOOD.format(day="Friday")}).encode() + b"\n")
    articles, errors = _items([dump])
    assert [a.path for a in articles] == [f"{dump}#1", f"{dump}#3"]
    assert len(errors) == 1 and isinstance(errors[0], MalformedInput) and errors[0].path == f"{dump}#2"
    assert f"longer than {MAX_LINE_BYTES} bytes" in errors[0].message


def _million_lines(path: Path) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(0, 1_000_000, 1000):
            fh.write("".join(f'{{"text": "Harbour note {j}: the northern quay stays shut."}}\n'
                             for j in range(i, i + 1000)))
    return path


def test_million_line_jsonl_is_streamed_and_a_capped_run_resumes(tmp_path):
    dump = _million_lines(tmp_path / "million.jsonl")
    size = dump.stat().st_size
    db = tmp_path / "m.db"
    consumed = []
    settings = Settings(db=str(db), max_articles=15)
    with open_store(db) as store:
        notes: list[InputError] = []
        first = analyze([str(dump)], store, settings, on_progress=lambda n, _: consumed.append(n),
                        on_message=notes.append)
        assert (first.new, first.stopped_early) == (15, True)
        assert sum(consumed) < size / 1000, "the dump was read far beyond the articles analysed"
        assert [str(n) for n in notes] == [
            "stopped after 15 new articles (max_articles); run again to go on (stored articles are skipped) "
            "or raise the limit"]
        second = analyze([str(dump)], store, settings)
        assert (second.new, second.duplicates) == (15, 15)
        assert store.counts()["articles"] == 30
        paths = {r[0] for r in store.conn.execute("SELECT path FROM article_sources")}
        assert paths == {f"{dump}#{i}" for i in range(1, 31)}


def test_a_flood_of_broken_lines_prints_a_screenful_and_stores_every_problem(tmp_path):
    dump = tmp_path / "flood.jsonl"
    with dump.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"text": GOOD.format(day="Monday")}) + "\n")
        fh.write("{broken\n" * 20_000)
        fh.write(json.dumps({"text": GOOD.format(day="Friday")}) + "\n")
    db = tmp_path / "f.db"
    result = CliRunner().invoke(app, ["analyze", str(dump), "--db", str(db)])
    assert result.exit_code == 0, result.output[-2000:]
    problem_lines = [ln for ln in result.output.splitlines() if ln.startswith(("error:", "warning:"))]
    assert len(problem_lines) == 21
    assert "more than 20 problems; the rest are not shown" in problem_lines[-1]
    with open_store(db, readonly=True) as store:
        counts = store.counts()
        assert counts["articles"] == 2 and counts["ingest_errors"] == 20_000


def test_deeply_nested_html_keeps_its_text_with_one_warning(tmp_path):
    page = tmp_path / "deep.html"
    words = "The harbour council of Velmora voted to reopen the quay, its leader Mira Tann said on Monday."
    page.write_text("<html><body>" + "<div>" * 100_000 + f"<p>{words}</p>" + "</div>" * 100_000
                    + "</body></html>", encoding="utf-8")
    (article,), (warning,) = _items([page])
    assert article.text == words
    assert isinstance(warning, InputWarning) and "nests elements 100" in warning.message


def _feed(path: Path, entries: int, tail: bytes = b"</channel></rss>") -> Path:
    with path.open("wb") as fh:
        fh.write(b"<?xml version='1.0'?><rss version='2.0'><channel><title>Quay Wire</title>")
        for i in range(0, entries, 1000):
            fh.write("".join(
                f"<item><title>Note {j}</title><link>https://wire.example/{j}</link><description>Harbour "
                f"note {j}: the northern quay of Velmora stays shut this week.</description></item>"
                for j in range(i, min(entries, i + 1000))).encode())
        fh.write(tail)
    return path


class _Counting(io.RawIOBase):
    """A file that counts what has been read from it."""

    def __init__(self, path: Path) -> None:
        self.fh = path.open("rb")
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def, override]
        n = self.fh.readinto(buffer)
        self.read_bytes += n
        return n


def test_feed_with_100k_entries_is_streamed(tmp_path):
    feed = _feed(tmp_path / "wire.rss", 100_000)
    size = feed.stat().st_size
    source = _Counting(feed)
    entries = stream_feed(source, str(feed), max_chars=10_000)
    first = list(itertools.islice(entries, 600))
    assert all(isinstance(a, Article) for a in first)
    assert [a.path for a in first[:2]] == [f"{feed}#1", f"{feed}#2"] and first[0].outlet == "Quay Wire"
    assert first[-1].text == "Harbour note 599: the northern quay of Velmora stays shut this week."
    assert source.read_bytes < size / 10, "the feed was read whole before its first entries came out"
    entries.close()
    # Through read_file the feed is streamed too, past the file size limit a small feed would get.
    items = read_file(feed, Settings(max_file_bytes=MB))
    assert [i.path for i, _ in itertools.islice(items, 3)] == [f"{feed}#{n}" for n in (1, 2, 3)]


def test_broken_big_feed_keeps_the_entries_before_the_break(tmp_path, monkeypatch):
    monkeypatch.setattr(newsprism.ingest, "STREAM_FEED_BYTES", 10_000)
    feed = _feed(tmp_path / "broken.rss", 700, tail=b"<item><title>cut</titl></item>" + b"x" * 100)
    articles, errors = _items([feed])
    assert len(articles) == 700 and articles[-1].path == f"{feed}#700"
    assert len(errors) == 1 and "not well-formed after entry 700" in errors[0].message
