"""Throughput: bare spaCy ``nlp.pipe`` (a) against ``newsprism analyze`` end to end (b), same texts, same run.

(b) is everything a user waits for: ``newsprism analyze`` in a fresh process (as a user runs it), reading
the files (text with front matter), every extraction, actor linking, near-duplicate signatures,
embeddings, the store writes and story linking with claims. (a) loads the
configured model and runs ``nlp.pipe`` over the same article texts. Both include loading the model.
The texts are generated fiction (bench/fiction.py). Prints articles/s, words/s and the ratio b/a for 1
and 2 workers, and the scaling from 1 to 2 workers. Figures only, never asserted: machines are noisy,
so ``--repeat`` alternates (a) and (b) and keeps the best time of each, and the CPU seconds each used
(this process and its workers) are printed too: on a machine shared with other work, the CPU ratio
a/b is the steadier measure of newsprism's own overhead, while wall time is what scaling needs.

    PYTHONPATH=src python bench/throughput.py [--articles 1000] [--workers 1 2] [--db URL]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fiction import write_corpus  # noqa: E402

from newsprism.config import Settings  # noqa: E402
from newsprism.store import open_store  # noqa: E402


def cpu_seconds() -> float:
    """CPU time of this process and of its finished (joined) worker processes."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def bare_spacy(texts: list[str], model: str, workers: int, batch_size: int) -> tuple[float, float]:
    import spacy

    started, cpu = time.perf_counter(), cpu_seconds()
    nlp = spacy.load(model)
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=workers):
        pass
    return time.perf_counter() - started, cpu_seconds() - cpu


def newsprism_run(folder: Path, db: str, settings: Settings) -> tuple[float, float]:
    """``newsprism analyze`` as a user runs it, in a fresh process: no state of earlier runs carries over."""
    started, cpu = time.perf_counter(), cpu_seconds()
    cmd = [sys.executable, "-m", "newsprism.cli", "analyze", str(folder), "--db", db,
           "--workers", str(settings.workers), "--model", settings.model, "-q"]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - started, cpu_seconds() - cpu
    with open_store(db, readonly=True) as store:
        assert store.counts()["articles"] > 0, "nothing was stored"
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--model", default=Settings().model)
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run (a) and (b) alternately this many times and keep each one's best time",
    )
    parser.add_argument(
        "--db", default="", help="store URL for (b), e.g. postgresql://...; default a SQLite file"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="newsprism-bench-") as tmp:
        folder = Path(tmp) / "corpus"
        texts = write_corpus(folder, args.articles)
        words = sum(len(t.split()) for t in texts)
        print(
            f"machine: {os.cpu_count()} cores; model {args.model}; {len(texts)} generated articles, "
            f"{words} words ({words / len(texts):.0f} per article)"
        )
        base = Settings()
        print(
            f"{'workers':>7} | {'spaCy art/s':>11} {'words/s':>9} | {'newsprism art/s':>15} {'words/s':>9} "
            f"| {'ratio b/a':>9} | {'CPU s a':>8} {'CPU s b':>8} {'CPU ratio':>9}"
        )
        rates: dict[int, tuple[float, float]] = {}
        for workers in args.workers:
            a = b = (float("inf"), float("inf"))
            for r in range(args.repeat):
                a = min(a, bare_spacy(texts, args.model, workers, base.batch_size))
                db = args.db or str(Path(tmp) / f"bench-{workers}-{r}.db")
                if args.db:
                    _reset(db)
                b = min(b, newsprism_run(folder, db, Settings(db=db, workers=workers, model=args.model)))
            n = len(texts)
            rates[workers] = (n / a[0], n / b[0])
            print(
                f"{workers:>7} | {n / a[0]:>11.1f} {words / a[0]:>9.0f} "
                f"| {n / b[0]:>15.1f} {words / b[0]:>9.0f} "
                f"| {a[0] / b[0]:>9.2f} | {a[1]:>8.1f} {b[1]:>8.1f} {a[1] / b[1]:>9.2f}",
                flush=True,
            )
        if 1 in rates and 2 in rates:
            print(
                f"scaling 1 -> 2 workers: spaCy {rates[2][0] / rates[1][0]:.2f}x, "
                f"newsprism {rates[2][1] / rates[1][1]:.2f}x"
            )


def _reset(url: str) -> None:
    """Empty a PostgreSQL database between runs (the benchmark's own database only)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


if __name__ == "__main__":
    main()
