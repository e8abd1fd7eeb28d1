"""Sentence embeddings for story linking in fp32 and in bf16, on the same generated articles.

Embeds the headline and lead of each article (what ``newsprism analyze`` embeds) with the MiniLM
encoder on one torch thread, alternating fp32 and bf16 ``--repeat`` times, and prints the CPU seconds of
each (the least of the repeats: on a shared machine other work only ever adds time) and how far the bf16
vectors are from the fp32 ones (cosine; 1 is identical). Also prints what the CPU reports: ``auto``
picks bf16 only where it has native bf16 instructions. Figures only, never asserted.

    PYTHONPATH=src python bench/embeddings.py [--articles 400] [--repeat 3]
"""

from __future__ import annotations

import argparse
import resource
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fiction import generate  # noqa: E402

from newsprism.link.embeddings import (  # noqa: E402
    MAX_TOKENS,
    article_text,
    cpu_has_native_bf16,
    get_embedder,
    set_threads,
)


def cpu_seconds() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    return me.ru_utime + me.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    texts = [article_text(p.title, p.text) for p in generate(args.articles)]
    set_threads(1)  # as in a worker
    embedder = get_embedder()
    if embedder is None:
        sys.exit("the embedding model could not be loaded (see the log); install the pinned packages")
    import torch

    print(f"{len(texts)} generated articles, {MAX_TOKENS} word pieces each at most; torch {torch.__version__}, "
          f"CPU capability {torch.backends.cpu.get_cpu_capability()}, native bf16: {cpu_has_native_bf16()}")
    best = {False: float("inf"), True: float("inf")}
    vectors: dict[bool, np.ndarray] = {}
    embedder.model.encode(texts[:32])  # first-call set-up out of the timing
    for _ in range(args.repeat):
        for bf16 in (False, True):
            started = cpu_seconds()
            vectors[bf16] = embedder.model.encode(texts, bf16=bf16)
            best[bf16] = min(best[bf16], cpu_seconds() - started)
    cosines = np.sum(vectors[False] * vectors[True], axis=1)
    print(f"fp32 {best[False]:.2f} CPU s, bf16 {best[True]:.2f} CPU s: bf16 {best[False] / best[True]:.2f}x")
    print(f"cosine bf16 to fp32: min {cosines.min():.6f}, median {np.median(cosines):.6f}")


if __name__ == "__main__":
    main()
