"""POST /api/ingest: articles, files or URLs go through the same runner as 'newsprism analyze'."""

from __future__ import annotations

import json
import logging
import re
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..batch import RunSummary, analyze
from ..config import Settings
from ..store import open_store

log = logging.getLogger(__name__)

# One writer at a time: the runner holds one write transaction per batch and loads the model per call.
_write_lock = threading.Lock()
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(name: str, taken: set[str]) -> str:
    """A file name made from an upload's name that cannot leave the upload folder."""
    base = _UNSAFE.sub("_", Path(name.replace("\\", "/")).name).lstrip(".")[:100] or "upload"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        stem, dot, ext = base.rpartition(".")
        candidate = f"{stem}-{n}.{ext}" if dot else f"{base}-{n}"
    taken.add(candidate)
    return candidate


def ingest(
    db: str,
    settings: Settings,
    *,
    articles: Sequence[dict[str, Any]] = (),
    urls: Sequence[str] = (),
    files: Sequence[tuple[str, bytes]] = (),
) -> RunSummary:
    with tempfile.TemporaryDirectory(prefix="newsprism-ingest-") as tmp:
        folder = Path(tmp)
        paths: list[str] = []
        taken: set[str] = set()
        if articles:
            path = folder / safe_name("api-articles.jsonl", taken)
            with path.open("w", encoding="utf-8") as fh:
                for article in articles:
                    fh.write(json.dumps({k: v for k, v in article.items() if v is not None}) + "\n")
            paths.append(str(path))
        for name, data in files:
            path = folder / safe_name(name, taken)
            path.write_bytes(data)
            paths.append(str(path))
        paths.extend(urls)
        with _write_lock, open_store(db) as store:
            summary = analyze(paths, store, settings)
    log.info("ingest: %d read, %d new, %d errors", summary.read, summary.new, summary.errors)
    return summary
