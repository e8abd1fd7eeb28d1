"""Peak memory of ``newsprism analyze`` on a large generated corpus (default 20,000 articles).

The articles (generated fiction, bench/fiction.py) are written to one JSONL file, which newsprism reads
as a stream. A sampler records the resident set size (RSS) of this process and of its worker processes
every half second; the run prints RSS as the corpus goes through, so a bounded (flat) curve is visible,
then the peaks. Figures only, never asserted.

    PYTHONPATH=src python bench/memory.py [--articles 20000] [--workers 1] [--db URL]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fiction import write_jsonl  # noqa: E402

from newsprism.batch import analyze  # noqa: E402
from newsprism.config import Settings  # noqa: E402
from newsprism.store import open_store  # noqa: E402

MB = 1024 * 1024


class Sampler(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.me = psutil.Process()
        self.peak_main = 0
        self.peak_total = 0
        self.stop = threading.Event()

    def sample(self) -> tuple[int, int]:
        main = self.me.memory_info().rss
        total = main
        for child in self.me.children(recursive=True):
            try:
                total += child.memory_info().rss
            except psutil.Error:
                pass
        self.peak_main = max(self.peak_main, main)
        self.peak_total = max(self.peak_total, total)
        return main, total

    def run(self) -> None:
        while not self.stop.is_set():
            self.sample()
            time.sleep(0.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--every", type=int, default=0, help="print RSS every N articles (default: a tenth)")
    parser.add_argument(
        "--db", default="", help="store URL (an empty PostgreSQL database); default a SQLite file"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="newsprism-mem-") as tmp:
        source = Path(tmp) / "corpus.jsonl"
        words = write_jsonl(source, args.articles)
        db = args.db or str(Path(tmp) / "mem.db")
        print(
            f"machine: {os.cpu_count()} cores, {psutil.virtual_memory().total / MB / 1024:.1f} GB; "
            f"{args.articles} generated articles ({words} words, {source.stat().st_size / MB:.0f} MB JSONL); "
            f"workers {args.workers}; store {'PostgreSQL' if args.db else 'SQLite'}"
        )
        sampler = Sampler()
        sampler.start()
        step = args.every or max(1, args.articles // 10)
        marks = {"next": step}
        storing = {"peak": 0}  # the peak up to the last article stored, before linking stories and claims
        started = time.perf_counter()

        def on_progress(nbytes: int, summary: object) -> None:
            new = getattr(summary, "new", 0)
            storing["peak"] = max(storing["peak"], sampler.peak_total)
            if new >= marks["next"]:
                marks["next"] = (new // step + 1) * step
                main_rss, total = sampler.sample()
                print(
                    f"  {new:>6} stored  {time.perf_counter() - started:>7.0f} s"
                    f"  RSS main {main_rss / MB:>6.0f} MB"
                    f"  with workers {total / MB:>6.0f} MB",
                    flush=True,
                )

        with open_store(db) as store:
            summary = analyze(
                [str(source)], store, Settings(db=db, workers=args.workers), on_progress=on_progress
            )
        sampler.stop.set()
        sampler.sample()
        print(
            f"stored {summary.new} articles, {summary.stories_touched} stories in {summary.seconds:.0f} s "
            f"({summary.rate:.1f} articles/s)"
        )
        print(
            f"peak RSS: main process {sampler.peak_main / MB:.0f} MB; main + workers "
            f"{sampler.peak_total / MB:.0f} MB (sampled every 0.5 s); while analysing and storing "
            f"{storing['peak'] / MB:.0f} MB, the rest in story linking and claims at the end"
        )


if __name__ == "__main__":
    main()
