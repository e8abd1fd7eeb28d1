"""Near-duplicate detection (syndicated copies) with MinHash LSH over word 5-shingles.

Exact duplicates need nothing here: the article id is the hash of the normalised text, so a second copy
has the id of the first. This index finds copies that differ by a byline, a headline or a paragraph.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

NUM_PERM = 64
SCHEME = "affine32"  # fixed, so signatures stored by one run compare with the next
SHINGLE = 5
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _permutations() -> np.ndarray:
    # Drawing the permutations is a fixed cost per MinHash; draw them once per process.
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=7, scheme=SCHEME).permutations


def signature(text: str) -> np.ndarray:
    """MinHash signature of the text's word shingles, as uint64 values (storable as bytes)."""
    from datasketch import MinHash

    words = _WORD.findall(text.casefold())
    mh = MinHash(num_perm=NUM_PERM, seed=7, scheme=SCHEME, permutations=_permutations())
    if len(words) < SHINGLE:
        shingles = {" ".join(words)}
    else:
        shingles = {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    mh.update_batch([s.encode("utf-8") for s in shingles])
    return np.asarray(mh.hashvalues, dtype=np.uint64)


class NearDuplicateIndex:
    """Incremental LSH index: ``add`` an article and learn which earlier one it nearly copies."""

    def __init__(self, threshold: float) -> None:
        from datasketch import MinHashLSH

        self.threshold = threshold
        # LSH banding misses some pairs just above its threshold; query looser and verify the estimate.
        self._lsh = MinHashLSH(threshold=max(0.1, threshold - 0.15), num_perm=NUM_PERM)
        self._sigs: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._sigs)

    def _minhash(self, sig: np.ndarray):  # type: ignore[no-untyped-def]
        from datasketch import MinHash

        return MinHash(num_perm=NUM_PERM, seed=7, hashvalues=sig, scheme=SCHEME, permutations=_permutations())

    def query(self, sig: np.ndarray) -> str | None:
        """The most similar stored article above the threshold, or None."""
        best, best_sim = None, 0.0
        for key in self._lsh.query(self._minhash(sig)):
            sim = float(np.mean(self._sigs[key] == sig))
            if sim >= self.threshold and (sim > best_sim or (sim == best_sim and key < (best or key))):
                best, best_sim = key, sim
        return best

    def add(self, article_id: str, sig: np.ndarray) -> None:
        if article_id in self._sigs:
            return
        self._sigs[article_id] = sig
        self._lsh.insert(article_id, self._minhash(sig))
