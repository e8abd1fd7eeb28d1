"""The per-article work that every runner shares: spaCy + extraction, actor linking, story features.

``process`` streams one process's articles through ``nlp.pipe``; ``process_chunk`` is the same work on
a list, for a worker process of the local runner or a Dask worker, which load the model once and keep
it. What comes back is small (records, not Docs), so the parent process only stores.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..config import Settings
from ..ingest.dedup import signature
from ..link.actors import link_article
from ..link.stories import features
from ..records import Actor, Analysis, Article

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Result:
    """One analysed article, ready to store; or, with ``error`` set, one that could not be analysed."""

    analysis: Analysis  # with actor ids
    actors: tuple[Actor, ...]
    features: dict[str, float]
    minhash: bytes  # near-duplicate signature (uint64 values)
    error: str | None = None
    embedding: bytes | None = None  # story-linking sentence embedding (float16), None when the model is off


def failed(article: Article, exc: BaseException) -> Result:
    log.warning("%s: analysis failed", article.path, exc_info=exc)
    return Result(Analysis(article=article), (), {}, b"", error=f"{type(exc).__name__}: {exc}")


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
    depends on (settings that change extraction or linking) belongs at the top of this function.

    An article that makes the pipeline or the linking fail comes back as a failed Result (the runner
    reports it and goes on); the others of its batch are analysed one by one."""
    from ..link.coding import use_actor_file
    from ..link.embeddings import set_precision, set_threads
    from ..nlp import pipeline

    use_actor_file(settings.actors_file or None)  # before any article is linked, so all are coded alike
    set_threads(settings.torch_threads)
    set_precision(settings.embedding_precision)
    nlp = get_nlp(settings.model, settings.max_text_chars)
    source = iter(articles)
    while batch := list(itertools.islice(source, settings.batch_size)):
        try:
            docs: list[tuple[Any, Article, Exception | None]] = [
                (doc, article, None)
                for doc, article in nlp.pipe(
                    ((pipeline.make_doc(nlp, a), a) for a in batch),
                    as_tuples=True,
                    batch_size=settings.batch_size,
                )
            ]
        except Exception:
            docs = [_one(nlp, article) for article in batch]
        results: list[Result] = []
        for doc, article, problem in docs:
            if problem is not None:
                results.append(failed(article, problem))
                continue
            try:
                linked, actors = link_article(pipeline.to_analysis(doc, article))
                sig = signature(article.text).tobytes()
                results.append(Result(linked, tuple(actors), features(linked), sig))
            except Exception as exc:
                results.append(failed(article, exc))
        yield from _with_embeddings(results)


def _with_embeddings(results: list[Result]) -> list[Result]:
    """Story linking compares sentence embeddings; computing them here, in the workers and a batch at a
    time, keeps that per-article cost out of the single process that links."""
    from ..link.stories import embed_articles

    done = [i for i, r in enumerate(results) if r.error is None]
    if not done:
        return results
    try:
        vectors = embed_articles([results[i].analysis.article for i in done])
    except Exception as exc:  # the linker embeds whatever is missing; nothing is lost
        log.warning("embedding a batch failed (%s: %s); the linker will embed it", type(exc).__name__, exc)
        return results
    if vectors is None:
        return results
    from ..link.embeddings import to_blob

    out = list(results)
    for i, vector in zip(done, vectors, strict=True):
        out[i] = dataclasses.replace(results[i], embedding=to_blob(vector))
    return out


def _one(nlp: Any, article: Article) -> tuple[Any, Article, Exception | None]:
    from ..nlp import pipeline

    try:
        return nlp(pipeline.make_doc(nlp, article)), article, None
    except Exception as exc:
        return None, article, exc


def process_chunk(articles: list[Article], settings: Settings) -> list[Result]:
    """Analyse a chunk of articles in this (worker) process."""
    return list(process(articles, settings))
