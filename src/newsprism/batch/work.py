"""The per-article work that every runner shares: spaCy + extraction, actor linking, story features.

``process`` streams one process's articles through ``nlp.pipe``; ``process_chunk`` is the same work on
a list, for a worker process of the local runner or a Dask worker, which load the model once and keep
it. What comes back is small (records, not Docs), so the parent process only stores.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..config import Settings
from ..ingest.dedup import signature
from ..link.actors import link_article
from ..link.stories import features
from ..records import Actor, Analysis, Article


@dataclass(frozen=True)
class Result:
    """One analysed article, ready to store."""

    analysis: Analysis  # with actor ids
    actors: tuple[Actor, ...]
    features: dict[str, float]
    minhash: bytes  # near-duplicate signature (uint64 values)


_local = threading.local()
# A pipeline loaded by a parent process before it forks its workers: each worker takes it over instead
# of loading the model again (as spaCy's own n_process does).
_preloaded: dict[tuple[str, int], object] = {}


def preload(model: str, max_length: int) -> None:
    from ..nlp.pipeline import build_nlp

    _preloaded[(model, max_length)] = build_nlp(model, max_length=max_length)


def clear_preloaded() -> None:
    _preloaded.clear()


def get_nlp(model: str, max_length: int):  # type: ignore[no-untyped-def]
    """The pipeline for ``model``, loaded once per process and thread (spaCy pipelines are not shared
    across threads)."""
    from ..nlp.pipeline import build_nlp

    cache = getattr(_local, "nlp", None)
    if cache is None:
        cache = _local.nlp = {}
    key = (model, max_length)
    if key not in cache:
        cache[key] = _preloaded.pop(key, None) or build_nlp(model, max_length=max_length)
    return cache[key]


def process(articles: Iterable[Article], settings: Settings) -> Iterator[Result]:
    """Analyse ``articles`` in this process, streaming. Every runner goes through here, in the parent
    (one worker) or in worker processes and Dask workers: process-wide set-up that the per-article work
    depends on (settings that change extraction or linking) belongs at the top of this function."""
    from ..nlp.pipeline import make_doc, to_analysis

    nlp = get_nlp(settings.model, settings.max_text_chars)
    docs = ((make_doc(nlp, a), a) for a in articles)
    for doc, article in nlp.pipe(docs, as_tuples=True, batch_size=settings.batch_size):
        linked, actors = link_article(to_analysis(doc, article))
        yield Result(linked, tuple(actors), features(linked), signature(article.text).tobytes())


def process_chunk(articles: list[Article], settings: Settings) -> list[Result]:
    """Analyse a chunk of articles in this (worker) process."""
    return list(process(articles, settings))
