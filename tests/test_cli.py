"""The command line, in-process (Typer's runner) and once as the installed console script."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.store import SCHEMA_VERSION

runner = CliRunner()
GOOD = ("The harbour council of Velmora voted on Monday to reopen the northern quay. "
        "\"We waited long enough,\" said council leader Mira Tann.")


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "quotes", "events", "figures", "mentions", "actors", "stories", "claims",
                          "article_sources", "ingest_errors")}
    finally:
        conn.close()


@pytest.fixture()
def bad_batch(tmp_path: Path) -> Path:
    d = tmp_path / "batch"
    d.mkdir()
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (d / "invalid-utf8.txt").write_bytes(b"Le caf\xe9 du port \xe9tait ferm\xe9 lundi, a dit le maire. " * 3)
    (d / "nobody.html").write_text("<html><head><title>x</title></head></html>")
    (d / "dump.jsonl").write_text(json.dumps({"text": GOOD + " Second copy differs."}) + "\n{broken\n")
    (d / "notes.xyz").write_text("what is this")
    with (d / "huge.txt").open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    return d


def test_bad_inputs_are_reported_and_the_rest_is_stored(tmp_path, bad_batch):
    db = tmp_path / "s.db"
    result = run("analyze", str(bad_batch), str(tmp_path / "missing.txt"), "--db", str(db))
    assert result.exit_code == 0, result.output
    out = result.output
    for name, words in [("empty.txt", "empty"), ("binary.txt", "binary"), ("nobody.html", "no article body"),
                        ("dump.jsonl#2", "not valid JSON"), ("huge.txt", "MiB"), ("missing.txt", "does not exist")]:
        line = next((ln for ln in out.splitlines() if name in ln), None)
        assert line is not None and words in line, (name, out)
    # invalid UTF-8 in a legacy encoding is decoded, stored, and reported as a warning
    line = next(ln for ln in out.splitlines() if "invalid-utf8.txt" in ln)
    assert line.startswith("warning:") and "not valid UTF-8" in line and "decoded as" in line
    c = counts(db)
    assert c["articles"] == 3  # good.txt, the legacy-encoded file and the good JSONL line
    # unknown extensions inside folders are skipped quietly; given by name they are an error
    assert "notes.xyz" not in out
    assert run("analyze", str(bad_batch / "notes.xyz"), "--db", str(db)).exit_code == 1
    assert c["ingest_errors"] >= 6


def test_nothing_processable_exits_non_zero_and_keeps_store(tmp_path):
    db = tmp_path / "s.db"
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    assert run("analyze", str(good), "--db", str(db)).exit_code == 0
    before = counts(db)
    result = run("analyze", str(tmp_path / "nope.txt"), "--db", str(db))
    assert result.exit_code == 1 and "nothing could be processed" in result.output
    assert counts(db)["articles"] == before["articles"]


def test_rerun_changes_nothing(tmp_path, corpus_copy):
    db = tmp_path / "s.db"
    assert run("analyze", str(corpus_copy), "--db", str(db)).exit_code == 0
    first = counts(db)
    export1 = run("export", "--db", str(db)).output
    second_run = run("analyze", str(corpus_copy), "--db", str(db))
    assert second_run.exit_code == 0
    assert counts(db) == first
    assert run("export", "--db", str(db)).output == export1


def test_newer_schema_is_a_clear_error(tmp_path):
    db = tmp_path / "s.db"
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    result = run("analyze", str(good), "--db", str(db))
    assert result.exit_code == 2
    assert "newer than this newsprism supports" in result.output and "Traceback" not in result.output


def test_export_show_report_on_the_corpus(tmp_path, corpus_db):
    db = str(corpus_db)
    data = json.loads(run("export", "--db", db, "--format", "json").output)
    assert data["schema_version"] == "1" and len(data["articles"]) == 11

    lines = run("export", "--db", db, "--format", "jsonl").output.splitlines()
    records = [json.loads(ln) for ln in lines]
    assert {r["record"] for r in records} == {"article", "actor", "story"}

    for table in ("articles", "quotes", "events", "figures", "mentions", "actors", "claims"):
        rows = list(csv.DictReader(io.StringIO(run("export", "--db", db, "--format", "csv", "--table", table).output)))
        assert rows, table

    art = data["articles"][0]
    shown = run("show", "article", art["id"][:8], "--db", db)
    assert shown.exit_code == 0 and art["title"] in shown.output
    actor = next(a for a in data["actors"] if a["name"] == "Ilse Varga")
    shown = run("show", "actor", actor["id"], "--db", db)
    assert shown.exit_code == 0 and "Ilse Varga" in shown.output and "PERSON" in shown.output
    story = data["stories"][0]
    shown = run("show", "story", story["id"], "--db", db)
    assert shown.exit_code == 0 and "claims" in shown.output
    missing = run("show", "story", "nope", "--db", db)
    assert missing.exit_code == 2 and "no story with id 'nope'" in missing.output

    out = tmp_path / "r" / "report.html"
    result = run("report", "--db", db, "--out", str(out))
    assert result.exit_code == 0 and str(out.resolve()) in result.output.replace("\n", "")
    html = out.read_text()
    assert "<script" not in html.lower() and "Kessing Bridge" in html and 'class="claim differ"' in html


def test_report_escapes_article_text(tmp_path):
    evil = tmp_path / "evil.txt"
    evil.write_text("---\ntitle: <script>alert(1)</script>\n---\nThe mayor said <img src=x onerror=alert(2)> "
                    "and <a href=\"javascript:alert(3)\">this</a> at the harbour of Velmora on Monday.")
    db = tmp_path / "s.db"
    assert run("analyze", str(evil), "--db", str(db)).exit_code == 0
    out = tmp_path / "r.html"
    assert run("report", "--db", str(db), "--out", str(out)).exit_code == 0
    html = out.read_text()
    assert "<script>alert" not in html and "<img src=x" not in html and 'href="javascript:' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_export_missing_db(tmp_path):
    result = run("export", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 2 and "does not exist" in result.output


def test_two_workers_give_the_same_export(tmp_path, corpus_db):
    db = tmp_path / "w2.db"
    assert run("analyze", str(CORPUS), "--db", str(db), "--workers", "2", "-q").exit_code == 0
    one = json.loads(run("export", "--db", str(corpus_db)).output)
    two = json.loads(run("export", "--db", str(db)).output)
    assert one == two


def test_console_script_runs(tmp_path):
    exe = Path(sys.executable).parent / "newsprism"
    done = subprocess.run([str(exe), "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.startswith("newsprism ")
