"""Memory of the near-duplicate index: bytes per article, the compact index against datasketch's.

Generated fiction articles (bench/fiction.py), with a near copy (a few words changed) after every tenth,
go through both indexes the way ``newsprism analyze`` uses them (query, then add the signature read from
bytes). tracemalloc counts what each index holds; the growth between the half and the whole corpus,
divided by the articles added, is the cost of one more article. The articles each index flags are
compared and must be the same. Figures only, never asserted.

    PYTHONPATH=src python bench/near_duplicates.py [--articles 20000]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.append(str(HERE.parent / "tests"))  # after bench/: tests/ has a fiction.py too

from fiction import generate  # noqa: E402
from near_reference import ReferenceIndex  # noqa: E402

from newsprism.ingest.dedup import NearDuplicateIndex, signature  # noqa: E402


def corpus(n: int) -> list[tuple[str, bytes]]:
    rng = random.Random(11)
    out: list[tuple[str, bytes]] = []
    for i, piece in enumerate(generate(n)):
        if len(out) >= n:
            break
        out.append((f"{i:08d}a", signature(piece.text).tobytes()))
        if i % 10 == 0 and len(out) < n:
            words = piece.text.split()
            for _ in range(max(1, len(words) // 100)):
                words[rng.randrange(len(words))] = "changed"
            out.append((f"{i:08d}b", signature(" ".join(words)).tobytes()))
    return out


def run(make, sigs: list[tuple[str, bytes]]) -> tuple[list[str | None], int, int, int, float]:
    """Flags, traced bytes at half and at the end, the peak, seconds."""
    flags: list[str | None] = []
    half = len(sigs) // 2
    tracemalloc.start()
    start = time.perf_counter()
    index = make()
    at_half = 0
    for i, (aid, blob) in enumerate(sigs):
        if i == half:
            at_half = tracemalloc.get_traced_memory()[0]
        sig = np.frombuffer(blob, dtype=np.uint64)
        flags.append(index.query(sig))
        index.add(aid, sig)
    seconds = time.perf_counter() - start
    at_end, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del index
    return flags, at_half, at_end, peak, seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=20000)
    ap.add_argument("--threshold", type=float, default=0.8)
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores; {args.articles} articles (fiction, a near copy after every tenth)")
    sigs = corpus(args.articles)
    results = {}
    for name, make in (("datasketch MinHashLSH (before)", lambda: ReferenceIndex(args.threshold)),
                       ("compact numpy index (after)", lambda: NearDuplicateIndex(args.threshold))):
        flags, at_half, at_end, peak, seconds = run(make, sigs)
        results[name] = flags
        growth = (at_end - at_half) / (len(sigs) - len(sigs) // 2)
        print(f"{name:32s} held {at_end / 1e6:6.2f} MB = {at_end / len(sigs):5.0f} bytes per article; "
              f"growth over the second half {growth:5.0f} bytes per article; peak {peak / 1e6:6.2f} MB; "
              f"{1e6 * seconds / len(sigs):4.0f} µs per query+add")
    a, b = results.values()
    print(f"flagged: {sum(f is not None for f in a)} / {sum(f is not None for f in b)}; "
          f"same articles flagged, same originals: {a == b}")


if __name__ == "__main__":
    main()
