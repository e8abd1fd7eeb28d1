"""The near-duplicate index as it was before the compact one: datasketch's MinHashLSH and a dict of
signatures. Kept as the reference the compact index must agree with (tests) and the figure it is
measured against (bench/near_duplicates.py)."""

from __future__ import annotations

import numpy as np
from datasketch import MinHash, MinHashLSH

from newsprism.ingest.dedup import NUM_PERM, SCHEME, _permutations


class ReferenceIndex:
    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=max(0.1, threshold - 0.15), num_perm=NUM_PERM)
        self._sigs: dict[str, np.ndarray] = {}

    def _minhash(self, sig: np.ndarray) -> MinHash:
        return MinHash(num_perm=NUM_PERM, seed=7, hashvalues=sig, scheme=SCHEME, permutations=_permutations())

    def query(self, sig: np.ndarray) -> str | None:
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
