"""The Dask runner: the per-article work on a Dask distributed cluster, a bulk load into the store.

The driver (this process) reads the inputs and drops exact duplicates as the local runner does, cuts
the articles into chunks and submits each to the cluster (``work.process_chunk``: each worker loads the
model once). A worker returns its chunk as one Parquet partition (one row per article: id, counts,
story features, near-duplicate signature and the pickled records); the driver spools partitions to a
staging folder as they arrive, with a bounded number in flight, so neither side holds the corpus. When
every partition is in, they are loaded in input order in one transaction, and story linking runs
incrementally on the new articles, exactly as after a local run.

``settings.dask`` is a scheduler address (``tcp://host:8786``) or ``local:N`` for a LocalCluster of N
worker processes on this machine.
"""

from __future__ import annotations

import io
import json
import logging
import pickle
import tempfile
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import ConfigError, InputError
from ..store import SQLiteStore
from .local import ProgressFn, RunSummary, Writer, chunks
from .work import Result, process_chunk

log = logging.getLogger(__name__)



def to_parquet(results: list[Result]) -> bytes:
    """One chunk's results as a Parquet file (in memory)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "article_id": pa.array([r.analysis.article.id for r in results], pa.string()),
            "quotes": pa.array([len(r.analysis.quotes) for r in results], pa.int32()),
            "events": pa.array([len(r.analysis.events) for r in results], pa.int32()),
            "figures": pa.array([len(r.analysis.figures) for r in results], pa.int32()),
            "features": pa.array([json.dumps(r.features, sort_keys=True) for r in results], pa.string()),
            "minhash": pa.array([r.minhash for r in results], pa.binary()),
            # The records themselves (frozen dataclasses); the driver and the workers run the same newsprism.
            "records": pa.array(
                [pickle.dumps((r.analysis, r.actors), protocol=5) for r in results], pa.binary()
            ),
            # why an article could not be analysed (null when it was)
            "error": pa.array([r.error for r in results], pa.string()),
            "embedding": pa.array([r.embedding for r in results], pa.binary()),
        }
    )
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue()


def read_partition(path: Path, batch_rows: int = 256) -> Iterator[Result]:
    import pyarrow.parquet as pq

    columns = ["features", "minhash", "records", "error", "embedding"]
    for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_rows, columns=columns):
        cols = batch.to_pydict()
        for feats, minhash, records, error, embedding in zip(*(cols[c] for c in columns), strict=True):
            analysis, actors = pickle.loads(records)
            yield Result(analysis, actors, json.loads(feats), minhash, error, embedding)


def analyse_partition(articles: list[Any], settings: Settings) -> bytes:
    """The task a Dask worker runs: analyse a chunk and return it as a Parquet partition."""
    return to_parquet(process_chunk(articles, settings))


def connect(address: str) -> tuple[Any, Any]:
    """A Dask client for ``address`` and the LocalCluster it started (None for a remote scheduler)."""
    import dask

    # Dask logs every scheduler and worker event at INFO; keep its errors only, unless --verbose.
    quiet = "info" if logging.getLogger().isEnabledFor(logging.INFO) else "error"
    dask.config.set({"logging": {"distributed": quiet}})
    logging.getLogger("distributed").setLevel(quiet.upper())
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - a pinned dependency
        raise ConfigError(
            "--dask needs the 'distributed' package; install newsprism's dependencies"
        ) from None
    if address.startswith("local"):
        _, _, n = address.partition(":")
        try:
            workers = int(n or "2")
        except ValueError:
            raise ConfigError(
                f"--dask {address!r}: write local:N with N the number of worker processes"
            ) from None
        if workers < 1:
            raise ConfigError(f"--dask {address!r}: a local cluster needs at least one worker")
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        )
        return Client(cluster), cluster
    try:
        return Client(address, timeout="20s"), None
    except (OSError, TimeoutError) as exc:
        raise ConfigError(
            f"cannot reach the Dask scheduler at {address!r} ({exc}); check the address (tcp://HOST:8786) "
            "or use --dask local:N"
        ) from None


def analyze_dask(
    paths: Sequence[str],
    store: SQLiteStore,
    settings: Settings,
    *,
    mapping: Mapping[str, str] | None = None,
    on_progress: ProgressFn | None = None,
    on_message: Callable[[InputError], None] | None = None,
) -> RunSummary:
    writer = Writer(store, settings, on_progress=on_progress, on_message=on_message)
    client, cluster = connect(settings.dask)
    try:
        with tempfile.TemporaryDirectory(prefix="newsprism-dask-") as staging:
            parts = _run_partitions(client, writer, paths, mapping, settings, Path(staging))
            # The bulk path: every partition, in input order, in one transaction.
            with store.transaction():
                for part in parts:
                    for result in read_partition(part):
                        writer.write(result)
                writer.write_sources()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    if on_progress is not None:
        on_progress(0, writer.summary)
    return writer.finish()


def _run_partitions(
    client: Any,
    writer: Writer,
    paths: Sequence[str],
    mapping: Mapping[str, str] | None,
    settings: Settings,
    staging: Path,
) -> list[Path]:
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    in_flight = 2 * workers
    pending: deque[tuple[Path, Any]] = deque()
    parts: list[Path] = []

    def spool() -> None:
        path, future = pending.popleft()
        path.write_bytes(future.result())
        future.release()
        parts.append(path)

    for number, chunk in enumerate(chunks(writer.new_articles(paths, mapping), settings.batch_size)):
        future = client.submit(analyse_partition, chunk, settings, pure=False)
        pending.append((staging / f"part-{number:06d}.parquet", future))
        while len(pending) >= in_flight:
            spool()
    while pending:
        spool()
    log.info("%d Parquet partitions from %d Dask workers", len(parts), workers)
    return parts
