"""Crash safety: SIGKILL ``newsprism analyze`` in the middle of a 2,000-article run, then run it again.

Nothing may be lost or stored twice: the killed run leaves a sound store holding whole articles, and the
second run adds exactly the missing ones and links every article into a story.
"""

from __future__ import annotations

import os
import random
import signal
import time

import fiction
from reliability_helpers import assert_consistent, count, start_analyze

from newsprism.config import Settings
from newsprism.ingest import iter_inputs
from newsprism.nlp.pipeline import make_doc, to_analysis
from newsprism.records import Article
from newsprism.store import open_store

N = 2000
# Small write batches: many commits, so the kill is as likely to land inside a transaction as between.
RUN_SETTINGS = {"write_batch": 8}


def _rows(analysis) -> dict[str, list[tuple]]:
    """What an analysis holds, without the actor ids (linking may give a later run's actor a new alias)."""
    def ref(r):
        return None if r is None else (r.text, r.start, r.end)

    return {
        "sentences": sorted((s.start, s.end) for s in analysis.sentences),
        "mentions": sorted((m.text, m.start, m.end, m.label) for m in analysis.mentions),
        "quotes": sorted((q.text, q.start, q.end, q.kind, q.cue or "", str(ref(q.speaker))) for q in analysis.quotes),
        "events": sorted((e.type, e.trigger, e.start, e.end, e.negated, e.hypothetical, str(ref(e.source)),
                          str(ref(e.target)), e.location or "", e.date or "") for e in analysis.events),
        "figures": sorted((f.text, f.start, f.end, f.value, f.unit or "", f.about or "") for f in analysis.figures),
        "dates": sorted((d.text, d.start, d.end, d.value or "", d.precision or "") for d in analysis.dates),
    }


def test_sigkill_mid_run_then_rerun_loses_and_duplicates_nothing(tmp_path, nlp):
    dump = fiction.write_jsonl(tmp_path / "fiction.jsonl", N, short=True)
    db = tmp_path / "crash.db"

    proc = start_analyze([dump], db, **RUN_SETTINGS)
    target = random.Random(3).randint(300, 900)  # somewhere in the middle, not at a batch edge on purpose
    deadline = time.monotonic() + 600
    while count(db) < target:
        assert proc.poll() is None, f"analyze ended before it could be killed: {proc.communicate()[1][-2000:]}"
        assert time.monotonic() < deadline, "analyze stored too little in 10 minutes"
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL

    # The killed run left a sound store with whole articles only, readable as it is.
    stored_before = count(db)
    assert 0 < stored_before < N
    with open_store(db, readonly=True) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for aid in store.article_ids()[-5:]:
            assert store.analysis(aid).sentences

    rerun = start_analyze([dump], db, **RUN_SETTINGS)
    _, err = rerun.communicate(timeout=900)
    assert rerun.returncode == 0, err[-3000:]

    conn = assert_consistent(db, N)
    paths = {r[0] for r in conn.execute("SELECT path FROM article_sources")}
    assert paths == {f"{dump}#{i}" for i in range(1, N + 1)}
    assert conn.execute("SELECT count(*) FROM ingest_errors").fetchone()[0] == 0
    conn.close()

    # Each article holds all its results: a sample, re-analysed here, matches what the two runs stored,
    # both among the articles stored before the kill and among those the second run added.
    articles = [a for a, _ in iter_inputs([str(dump)], Settings()) if isinstance(a, Article)]
    assert len({a.id for a in articles}) == N
    with open_store(db, readonly=True) as store:
        early = set(store.article_ids()[:stored_before])
        rng = random.Random(11)
        sample = rng.sample([a for a in articles if a.id in early], 15) + rng.sample(
            [a for a in articles if a.id not in early], 15)
        for article in sample:
            expected = to_analysis(nlp(make_doc(nlp, article)), article)
            assert _rows(store.analysis(article.id)) == _rows(expected), article.path


def test_kill_while_linking_stories_is_resumed(tmp_path):
    """Stories marked for a refresh but not refreshed (the run died in between) are refreshed next run."""
    from newsprism.batch import analyze

    dump = fiction.write_jsonl(tmp_path / "few.jsonl", 12)
    db = tmp_path / "link.db"
    with open_store(db) as store:
        analyze([str(dump)], store, Settings(db=str(db)))
        # What a run killed between linking and refreshing leaves behind: marks, stale claims.
        stories = [r[0] for r in store.conn.execute("SELECT id FROM stories")]
        claims_before = store.counts()["claims"]
        with store.transaction():
            store.conn.execute("DELETE FROM claim_mentions")
            store.conn.execute("DELETE FROM claims")
            store.mark_stories_pending(stories)
    with open_store(db) as store:
        summary = analyze([str(dump)], store, Settings(db=str(db)))
        assert summary.new == 0 and summary.duplicates == 12
        assert store.pending_stories() == []
        assert store.counts()["claims"] == claims_before
