"""The local runner: ingest -> nlp (nlp.pipe, n_process workers) -> link -> store, streaming.

Articles flow through one long ``nlp.pipe`` call (so worker processes load the model once) and are
written in batches, each batch one transaction holding whole articles with all their results.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..config import Settings
from ..errors import InputError
from ..ingest import iter_inputs
from ..ingest.dedup import NearDuplicateIndex, signature
from ..link.actors import link_article
from ..link.coding import use_actor_file
from ..link.claims import story_claims
from ..link.stories import StoryLinker, features, story_title
from ..records import Analysis, Article
from ..store import SQLiteStore

log = logging.getLogger(__name__)


@dataclass
class RunSummary:
    read: int = 0  # articles read from the inputs
    new: int = 0  # analysed and stored now
    duplicates: int = 0  # already stored (same text): linked, not stored twice
    near_duplicates: int = 0  # stored, flagged as a near copy of another
    errors: int = 0
    warnings: int = 0
    quotes: int = 0
    events: int = 0
    figures: int = 0
    stories_touched: int = 0
    seconds: float = 0.0
    messages: list[str] = field(default_factory=list)

    @property
    def processed(self) -> int:
        return self.new + self.duplicates

    @property
    def rate(self) -> float:
        return self.new / self.seconds if self.seconds else 0.0


ProgressFn = Callable[[int, RunSummary], None]  # (bytes consumed since last call, summary so far)


def analyze(
    paths: Sequence[str],
    store: SQLiteStore,
    settings: Settings,
    *,
    mapping: Mapping[str, str] | None = None,
    on_progress: ProgressFn | None = None,
    on_message: Callable[[InputError], None] | None = None,
) -> RunSummary:
    started = time.perf_counter()
    summary = RunSummary()
    use_actor_file(settings.actors_file or None)  # before any article is linked, so all are coded alike
    near = NearDuplicateIndex(settings.near_duplicate_threshold)
    for aid, blob in store.minhashes():
        near.add(aid, np.frombuffer(blob, dtype=np.uint64))

    pending_errors: list[InputError] = []
    pending_sources: list[Article] = []
    seen: set[str] = set()
    extra: dict[str, tuple[str | None, bytes]] = {}  # article id -> (near duplicate of, minhash)

    def report(err: InputError) -> None:
        if err.level == "warning":
            summary.warnings += 1
        else:
            summary.errors += 1
        summary.messages.append(str(err))
        pending_errors.append(err)
        if on_message is not None:
            on_message(err)

    def new_articles() -> Iterator[Article]:
        for item, nbytes in iter_inputs(paths, settings, mapping):
            if on_progress is not None and nbytes:
                on_progress(nbytes, summary)
            if item is None:
                continue
            if isinstance(item, InputError):
                report(item)
                continue
            summary.read += 1
            if item.id in seen or store.has_article(item.id):
                summary.duplicates += 1
                pending_sources.append(item)
                continue
            seen.add(item.id)
            sig = signature(item.text)
            of = near.query(sig)
            near.add(item.id, sig)
            if of is not None:
                summary.near_duplicates += 1
            extra[item.id] = (of, sig.tobytes())
            yield item

    batch: list[Analysis] = []

    def flush() -> None:
        with store.transaction():
            for analysis in batch:
                linked, actors = link_article(analysis)
                of, blob = extra.pop(analysis.article.id)
                if store.add_analysis(linked, actors, near_duplicate_of=of, minhash=blob,
                                      features=features(linked)):
                    summary.new += 1
                    summary.quotes += len(linked.quotes)
                    summary.events += len(linked.events)
                    summary.figures += len(linked.figures)
            # A copy whose original is still in the pipeline waits for the original to be written.
            waiting = [a for a in pending_sources if not store.has_article(a.id)]
            for article in pending_sources:
                if store.has_article(article.id):
                    store.add_source(article)
            store.add_errors(pending_errors)
        batch.clear()
        pending_sources[:] = waiting
        pending_errors.clear()
        if on_progress is not None:
            on_progress(0, summary)

    source = new_articles()
    first = next(source, None)
    if first is not None:
        from ..nlp.pipeline import build_nlp, make_doc, to_analysis

        nlp = build_nlp(settings.model, max_length=settings.max_text_chars)

        def docs() -> Iterator[tuple[object, Article]]:
            assert first is not None
            yield make_doc(nlp, first), first
            for article in source:
                yield make_doc(nlp, article), article

        for doc, article in nlp.pipe(docs(), as_tuples=True, n_process=settings.workers,
                                     batch_size=settings.batch_size):
            batch.append(to_analysis(doc, article))  # type: ignore[arg-type]
            if len(batch) >= settings.write_batch:
                flush()
    flush()

    # Articles without a story: this run's, and any a killed run stored but did not get to link.
    unlinked = store.unlinked_articles()
    if unlinked:
        summary.stories_touched = link_stories(store, settings, unlinked)
    summary.seconds = time.perf_counter() - started
    return summary


def link_stories(store: SQLiteStore, settings: Settings, new_ids: Sequence[tuple[str, str | None]]) -> int:
    """Link new articles into stories (in publication order), then refresh the touched stories' claims."""
    linker = StoryLinker(store, threshold=settings.story_threshold, window_days=settings.story_window_days)
    touched: set[str] = set()
    ordered = sorted(new_ids, key=lambda t: (t[1] or "", t[0]))
    with store.transaction():
        for aid, published in ordered:
            touched.add(linker.link(aid, published))
    for sid in sorted(touched):
        members = [store.analysis(aid) for aid in store.story_members(sid)]
        with store.transaction():
            store.save_story(sid, story_title(members), [], [], *store.story_span(sid))
            store.replace_claims(sid, story_claims(sid, members))
    return len(touched)
