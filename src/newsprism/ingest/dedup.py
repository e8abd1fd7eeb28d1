"""Near-duplicate detection (syndicated copies) with MinHash LSH over word 5-shingles.

Exact duplicates need nothing here: the article id is the hash of the normalised text, so a second copy
has the id of the first. This index finds copies that differ by a byline, a headline or a paragraph.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import lru_cache

import numpy as np

NUM_PERM = 64
SCHEME = "affine32"  # fixed, so signatures stored by one run compare with the next
SHINGLE = 5
_WORD = re.compile(r"\w+")


# MinHash exactly as datasketch 2's ``MinHash(num_perm=64, seed=7, scheme="affine32")`` computes it (the
# signatures stored by earlier runs must compare with new ones; tests/test_ingest.py holds the two equal),
# without importing datasketch: its package imports scipy.integrate on the way, about 0.5 s of every
# ``newsprism analyze`` start. Each shingle's hash is the first 4 bytes of its SHA-1 (little-endian),
# mixed by the MurmurHash3 finalizer, then permuted by h -> a*h + b mod 2**32.
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))
_MAX32 = np.uint32(0xFFFFFFFF)


@lru_cache(maxsize=1)
def _permutations() -> np.ndarray:
    # Drawing the permutations is a fixed cost per MinHash; draw them once per process.
    gen = np.random.RandomState(7)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)  # odd: bijective
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return np.array([a, b])  # datasketch's layout (tests/near_reference.py hands it to datasketch)


def _fmix32(hv: np.ndarray) -> np.ndarray:
    s1, m1, s2, m2, s3 = _FMIX32
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    return hv ^ (hv >> s3)


def signature(text: str) -> np.ndarray:
    """MinHash signature of the text's word shingles, as uint64 values (storable as bytes)."""
    words = _WORD.findall(text.casefold())
    if len(words) < SHINGLE:
        shingles = {" ".join(words)}
    else:
        shingles = {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    digests = b"".join(hashlib.sha1(s.encode("utf-8")).digest()[:4] for s in shingles)
    hv = _fmix32(np.frombuffer(digests, dtype="<u4").astype(np.uint32).reshape(-1, 1))
    a, b = _permutations()
    with np.errstate(over="ignore"):
        phv = hv * a + b  # uint32 arithmetic wraps: mod 2**32
    return np.minimum(np.full(NUM_PERM, _MAX32, dtype=np.uint32), phv.min(axis=0)).astype(np.uint64)


def lsh_bands(threshold: float, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """(bands, rows per band) that datasketch's ``MinHashLSH(threshold, num_perm)`` picks: the pair with
    the least sum of false-positive and false-negative area (weights 0.5 each), in its search order.
    The areas are integrals of polynomials of degree at most ``num_perm``, which Gauss-Legendre
    quadrature with ``num_perm`` nodes computes exactly, where datasketch calls scipy's ``quad``."""
    nodes, weights = np.polynomial.legendre.leggauss(num_perm)

    def integral(f: Callable[[np.ndarray], np.ndarray], lo: float, hi: float) -> float:
        half = (hi - lo) / 2
        return float(half * np.sum(weights * f(half * nodes + (lo + hi) / 2)))

    best, opt = float("inf"), (0, 0)
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            fp = integral(lambda s: 1 - (1 - s ** float(r)) ** float(b), 0.0, threshold)  # noqa: B023
            fn = integral(lambda s: 1 - (1 - (1 - s ** float(r)) ** float(b)), threshold, 1.0)  # noqa: B023
            error = fp * 0.5 + fn * 0.5
            if error < best:
                best, opt = error, (b, r)
    return opt


class NearDuplicateIndex:
    """Incremental LSH index: ``add`` an article and learn which earlier one it nearly copies.

    The banding is datasketch's (its ``MinHashLSH`` picks the bands for the threshold), but the index is
    kept in flat numpy arrays rather than datasketch's dict of sets per band, which cost about 4.5 KB an
    article (a bytes key, a set and a dict slot for each of 9 bands, a list of them per key, a numpy
    object per signature). Here an article costs its signature as 64 uint32 values (the affine32 scheme's
    values fit in 32 bits), 9 band keys of 8 bytes and 9 row numbers of 4 bytes in one sorted array, and
    its id: about 0.45 KB. New articles go to a small unsorted buffer that is scanned as a whole and
    merged into the sorted arrays when full. A band's key is a 64-bit hash of its values; a candidate is
    kept only where one of its bands is equal value for value, so the candidates are exactly those of
    datasketch's index and so are the articles flagged (tests/test_ingest.py compares the two).
    """

    _BLOCK = 4096  # signatures per storage block (one block is allocated at a time: 1 MiB)
    _BUFFER = 8192  # articles whose band keys wait in the unsorted buffer before a merge

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        # LSH banding misses some pairs just above its threshold; query looser and verify the estimate.
        self._bands, self._rows_per_band = lsh_bands(max(0.1, threshold - 0.15))
        self._ids: list[str] = []
        self._blocks: list[np.ndarray] = []
        # sorted band keys and the row each came from; then the buffer of the newest rows' keys
        self._keys = np.empty(0, dtype=np.uint64)
        self._key_rows = np.empty(0, dtype=np.int32)
        self._buffer = np.empty((self._BUFFER, self._bands), dtype=np.uint64)
        self._buffered = 0
        self._powers = np.uint64(0x100000001B3) ** np.arange(self._rows_per_band, dtype=np.uint64)
        self._salts = np.arange(1, self._bands + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)

    def __len__(self) -> int:
        return len(self._ids)

    def _band_keys(self, sig: np.ndarray) -> np.ndarray:
        bands = sig[: self._bands * self._rows_per_band].reshape(self._bands, self._rows_per_band)
        # a polynomial hash of each band's values (numpy wraps uint64 arithmetic), salted by the band
        return (bands.astype(np.uint64) * self._powers).sum(axis=1, dtype=np.uint64) + self._salts

    def _rows_with(self, keys: np.ndarray) -> np.ndarray:
        """Rows with one of ``keys`` (one key per band) in the same band."""
        lo = np.searchsorted(self._keys, keys, side="left")
        hi = np.searchsorted(self._keys, keys, side="right")
        parts = [self._key_rows[a:b] for a, b in zip(lo.tolist(), hi.tolist(), strict=True) if b > a]
        if self._buffered:
            base = len(self._ids) - self._buffered
            hits = np.nonzero((self._buffer[: self._buffered, : len(keys)] == keys).any(axis=1))[0]
            parts.append((hits + base).astype(np.int32))
        return np.unique(np.concatenate(parts)) if parts else np.empty(0, dtype=np.int32)

    def _signatures(self, rows: np.ndarray) -> np.ndarray:
        out = np.empty((len(rows), NUM_PERM), dtype=np.uint32)
        blocks = rows // self._BLOCK
        for block in np.unique(blocks).tolist():
            here = blocks == block
            out[here] = self._blocks[block][rows[here] % self._BLOCK]
        return out

    def query(self, sig: np.ndarray) -> str | None:
        """The most similar stored article above the threshold, or None."""
        rows = self._rows_with(self._band_keys(sig))
        if not len(rows):
            return None
        stored = self._signatures(rows)
        width = self._bands * self._rows_per_band
        # a hash may collide: keep the rows with a band equal value for value, as datasketch's index would
        shape = (len(rows), self._bands, self._rows_per_band)
        exact = (stored[:, :width].reshape(shape) == sig[:width].reshape(shape[1:])).all(axis=2).any(axis=1)
        sims = (stored == sig).mean(axis=1)
        best, best_sim = None, 0.0
        for row, sim in zip(rows[exact].tolist(), sims[exact].tolist(), strict=True):
            key = self._ids[row]
            if sim >= self.threshold and (sim > best_sim or (sim == best_sim and key < (best or key))):
                best, best_sim = key, sim
        return best

    def add(self, article_id: str, sig: np.ndarray) -> None:
        keys = self._band_keys(sig)
        # an id already indexed has this very signature, so the same first band
        if any(self._ids[row] == article_id for row in self._rows_with(keys[:1]).tolist()):
            return
        if int(sig.max(initial=0)) > 0xFFFFFFFF:
            raise ValueError("a MinHash signature outside 32 bits: not of the affine32 scheme")
        row = len(self._ids)
        if row % self._BLOCK == 0:
            self._blocks.append(np.empty((self._BLOCK, NUM_PERM), dtype=np.uint32))
        self._blocks[-1][row % self._BLOCK] = sig
        self._ids.append(article_id)
        self._buffer[self._buffered] = keys
        self._buffered += 1
        if self._buffered == self._BUFFER:
            self._merge()

    def _merge(self) -> None:
        base = len(self._ids) - self._buffered
        rows = np.repeat(np.arange(base, base + self._buffered, dtype=np.int32), self._bands)
        keys = np.concatenate([self._keys, self._buffer[: self._buffered].ravel()])
        rows = np.concatenate([self._key_rows, rows])
        order = np.argsort(keys, kind="stable")
        self._keys, self._key_rows = keys[order], rows[order]
        self._buffered = 0
