"""The local runner: ingest -> per-article work (one process, or a pool of worker processes) -> store
in batches -> story linking, streaming.

The parent process reads the inputs, drops exact duplicates and writes; the per-article work
(``work.process``: spaCy, extraction, actor linking, story features, the near-duplicate signature) runs
in-process with one worker, or in ``workers`` processes that each load the model once and send back
small records. At most two chunks per worker are in flight, so memory stays bounded whatever the corpus
size. Each write batch is one transaction holding whole articles with all their results.
"""

from __future__ import annotations

import logging
import multiprocessing
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..config import Settings
from ..errors import AnalysisFailed, InputError, InputWarning
from ..ingest import iter_inputs
from ..ingest.dedup import NearDuplicateIndex
from ..link.claims import story_claims
from ..link.coding import use_actor_file
from ..link.embeddings import set_precision
from ..link.stories import StoryLinker, story_title
from ..link.surnames import resolve_surnames, surnames_of
from ..records import Article
from ..store import SQLiteStore
from .work import Result, clear_preloaded, preload, process, process_chunk

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
    stopped_early: bool = False  # max_articles was reached before the inputs ended
    seconds: float = 0.0
    messages: list[str] = field(default_factory=list)

    @property
    def processed(self) -> int:
        return self.new + self.duplicates

    @property
    def rate(self) -> float:
        return self.new / self.seconds if self.seconds else 0.0


# Problems shown per input (a file, a URL): a dump with a million broken lines prints a screenful, not a
# million lines; every one is still counted and stored. Summary messages and unwritten errors are bounded.
MAX_SHOWN_PER_INPUT = 20
MAX_MESSAGES = 1000
ERROR_FLUSH = 500

ProgressFn = Callable[[int, RunSummary], None]  # (bytes consumed since last call, summary so far)


class Writer:
    """The parent side of a run, shared by the local and the Dask runner: reading the inputs (dropping
    exact duplicates), storing results in input order and in batches, then linking stories."""

    def __init__(
        self,
        store: SQLiteStore,
        settings: Settings,
        *,
        on_progress: ProgressFn | None = None,
        on_message: Callable[[InputError], None] | None = None,
    ) -> None:
        self.started = time.perf_counter()
        # Here too (the workers call it again): a bad --actors file fails the run before anything is read.
        use_actor_file(settings.actors_file or None)
        set_precision(settings.embedding_precision)  # the linker embeds what a worker could not
        self.store = store
        self.settings = settings
        self.summary = RunSummary()
        self.on_progress = on_progress
        self.on_message = on_message
        self.near = NearDuplicateIndex(settings.near_duplicate_threshold)
        for aid, blob in store.minhashes():
            self.near.add(aid, np.frombuffer(blob, dtype=np.uint64))
        self.pending_errors: list[InputError] = []
        self.pending_sources: list[Article] = []
        self.seen: set[str] = set()  # ids read but not yet stored (stored ones the store itself knows)
        self.batch: list[Result] = []
        self.shown: Counter[str] = Counter()
        self.admitted = 0  # new articles handed to the analysis (max_articles counts these)

    def report(self, err: InputError) -> None:
        if err.level == "warning":
            self.summary.warnings += 1
        else:
            self.summary.errors += 1
        if len(self.summary.messages) < MAX_MESSAGES:
            self.summary.messages.append(str(err))
        self.pending_errors.append(err)
        if len(self.pending_errors) >= ERROR_FLUSH:
            # A million broken lines must not pile up in memory waiting for an article to be written.
            with self.store.transaction():
                self.store.add_errors(self.pending_errors)
            self.pending_errors.clear()
        if self.on_message is not None:
            source = (err.path or "").split("#")[0]
            self.shown[source] += 1
            if self.shown[source] <= MAX_SHOWN_PER_INPUT:
                self.on_message(err)
            elif self.shown[source] == MAX_SHOWN_PER_INPUT + 1:
                self.on_message(InputWarning(
                    f"more than {MAX_SHOWN_PER_INPUT} problems; the rest are not shown but counted in the "
                    "summary and kept in the store's ingest_errors table", path=source or None))

    def new_articles(self, paths: Sequence[str], mapping: Mapping[str, str] | None) -> Iterator[Article]:
        """The articles to analyse: every input read, less the texts already stored or already seen."""
        summary = self.summary
        for item, nbytes in iter_inputs(paths, self.settings, mapping):
            if self.on_progress is not None and nbytes:
                self.on_progress(nbytes, summary)
            if item is None:
                continue
            if isinstance(item, InputError):
                self.report(item)
                continue
            summary.read += 1
            if item.id in self.seen or self.store.has_article(item.id):
                summary.duplicates += 1
                self.pending_sources.append(item)
                if len(self.pending_sources) >= ERROR_FLUSH:
                    # Re-reading a big dump is all duplicates: record them now, not all at the end.
                    with self.store.transaction():
                        self.write_sources()
                continue
            max_articles = self.settings.max_articles
            if max_articles and self.admitted >= max_articles:
                summary.read -= 1
                note = (f"stopped after {max_articles} new articles (max_articles); run again to go on "
                        "(stored articles are skipped) or raise the limit")
                summary.messages.append(note)
                summary.stopped_early = True
                if self.on_message is not None:
                    self.on_message(InputWarning(note))
                return
            self.admitted += 1
            self.seen.add(item.id)
            yield item

    def add(self, result: Result) -> None:
        self.batch.append(result)
        if len(self.batch) >= self.settings.write_batch:
            self.flush()

    def write(self, result: Result) -> None:
        """Store one result (inside the caller's transaction), flagging it if it nearly copies one before."""
        if result.error is not None:
            article = result.analysis.article
            self.seen.discard(article.id)
            self.report(AnalysisFailed(
                f"could not be analysed ({result.error}); it was skipped and the run went on; "
                "please report this input", path=article.path))
            return
        aid = result.analysis.article.id
        sig = np.frombuffer(result.minhash, dtype=np.uint64)
        of = self.near.query(sig)
        self.near.add(aid, sig)
        self.seen.discard(aid)
        stored = self.store.add_analysis(
            result.analysis, result.actors, near_duplicate_of=of, minhash=result.minhash,
            features=result.features,
        )
        if stored and result.embedding is not None:
            from ..link.embeddings import MODEL_NAME

            self.store.add_embeddings(MODEL_NAME, [(aid, result.embedding)])
        if stored:
            s = self.summary
            s.new += 1
            s.near_duplicates += of is not None
            s.quotes += len(result.analysis.quotes)
            s.events += len(result.analysis.events)
            s.figures += len(result.analysis.figures)

    def flush(self) -> None:
        store = self.store
        with store.transaction():
            for result in self.batch:
                self.write(result)
            self.write_sources()
        self.batch.clear()
        if self.on_progress is not None:
            self.on_progress(0, self.summary)

    def write_sources(self) -> None:
        """Exact copies and input problems; a copy whose original is still in the pipeline waits for it."""
        store = self.store
        waiting = [a for a in self.pending_sources if not store.has_article(a.id)]
        for article in self.pending_sources:
            if store.has_article(article.id):
                store.add_source(article)
        store.add_errors(self.pending_errors)
        self.pending_sources[:] = waiting
        self.pending_errors.clear()

    def finish(self) -> RunSummary:
        """Link the articles without a story: this run's, and any a killed run stored but did not link."""
        unlinked = self.store.unlinked_articles()
        if unlinked or self.store.pending_stories():
            self.summary.stories_touched = link_stories(self.store, self.settings, unlinked)
        self.summary.seconds = time.perf_counter() - self.started
        return self.summary


def analyze(
    paths: Sequence[str],
    store: SQLiteStore,
    settings: Settings,
    *,
    mapping: Mapping[str, str] | None = None,
    on_progress: ProgressFn | None = None,
    on_message: Callable[[InputError], None] | None = None,
) -> RunSummary:
    """Analyse ``paths`` into ``store``: locally, or on a Dask cluster when ``settings.dask`` names one."""
    if settings.dask:
        from .dask import analyze_dask

        return analyze_dask(paths, store, settings, mapping=mapping, on_progress=on_progress,
                            on_message=on_message)
    writer = Writer(store, settings, on_progress=on_progress, on_message=on_message)
    source = writer.new_articles(paths, mapping)
    first = next(source, None)
    if first is not None:
        articles = _prepend(first, source)
        results = process(articles, settings) if settings.workers == 1 else _pooled(articles, settings)
        for result in results:
            writer.add(result)
    writer.flush()
    return writer.finish()


def _prepend(first: Article, rest: Iterator[Article]) -> Iterator[Article]:
    yield first
    yield from rest


def chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _pooled(articles: Iterable[Article], settings: Settings) -> Iterator[Result]:
    """Results in input order from ``settings.workers`` processes, at most two chunks per worker in flight."""
    # Where processes can fork, load the model here once and let the workers inherit it (copy-on-write),
    # as spaCy's n_process does; elsewhere each spawned worker loads it. Not once torch runs here (an
    # earlier run in this process embedded articles): its thread pools do not survive a fork, and a forked
    # worker that embeds would hang.
    context: Any
    if "fork" in multiprocessing.get_all_start_methods() and "torch" not in sys.modules:
        preload(settings.model, settings.max_text_chars)
        context = multiprocessing.get_context("fork")
    else:
        context = multiprocessing.get_context("spawn")
    try:
        yield from _in_pool(articles, settings, context)
    finally:
        clear_preloaded()


def _in_pool(articles: Iterable[Article], settings: Settings, context: Any) -> Iterator[Result]:
    with ProcessPoolExecutor(settings.workers, mp_context=context) as pool:
        pending: deque[Future[list[Result]]] = deque()
        for chunk in chunks(articles, settings.batch_size):
            pending.append(pool.submit(process_chunk, chunk, settings))
            while len(pending) >= 2 * settings.workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def link_stories(store: SQLiteStore, settings: Settings, new_ids: Sequence[tuple[str, str | None]]) -> int:
    """Link new articles into stories (in publication order), then refresh the touched stories' claims."""
    linker = StoryLinker(store, threshold=settings.story_threshold, window_days=settings.story_window_days)
    touched: set[str] = set()
    ordered = sorted(new_ids, key=lambda t: (t[1] or "", t[0]))
    with store.transaction():
        for aid, published in ordered:
            touched.add(linker.link(aid, published))
        changed, dropped = linker.revisit()  # the second pass: each new article may move once
        touched = (touched | changed) - dropped
        # A surname written alone joins the one person its story, outlet or corpus names in full; each
        # surname the new articles mention is decided again over the whole store (link.surnames), after
        # the second pass so that the story scope is final.
        moved = resolve_surnames(store, surnames_of(store.person_names_in([aid for aid, _ in new_ids])))
        touched.update(sid for aid in sorted(moved) if (sid := store.story_of(aid)) is not None)
        store.mark_stories_pending(touched)
    # Each story is refreshed in its own transaction that also clears its mark, reading its members
    # inside it so that a concurrent run's new member is never missed; a killed run's marks are redone.
    for sid in store.pending_stories():
        with store.transaction():
            members = [store.analysis(aid) for aid in store.story_members(sid)]
            store.save_story(sid, story_title(members), [], [], *store.story_span(sid))
            store.replace_claims(sid, story_claims(sid, members))
            store.clear_story_pending(sid)
    return len(touched)
