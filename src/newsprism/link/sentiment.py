"""Sentiment toward an actor in a sentence: a small lexicon, weighted by closeness to the actor.

The words of ``lexicons/sentiment.yaml`` (written by the team) score +1 or -1 (strong ones double);
a negator in the three words before a sentiment word flips it; each word counts less the further it is
from the actor's mention (``1 / (1 + distance / DECAY)``), and words beyond a clause break (``;``,
``but``, a dash) count half. The sum, divided by the square root of the number of sentiment words seen,
is the score; beyond ``±MARGIN`` it is positive or negative, otherwise neutral.

``DECAY`` and ``MARGIN`` were chosen on the NewsMTSC *train* split (a grid of a few values, see
docs/stories.md); the development split ``devtest_mt`` only measures. Nothing from the data set ships.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..lexicons import load

DECAY = 8.0
MARGIN = 0.1
_TOKEN = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|n't|[;:—–]|\S")
_BREAKS = frozenset({";", ":", "—", "–", "but", "however", "although", "though", "while", "whereas"})


@dataclass(frozen=True)
class Sentiment:
    label: str  # positive | negative | neutral
    score: float


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, float], tuple[tuple[str, float], ...], frozenset[str], frozenset[str]]:
    data = load("sentiment")
    exact: dict[str, float] = {}
    prefixes: list[tuple[str, float]] = []
    scores = (("positive", 1.0), ("strong_positive", 2.0), ("negative", -1.0), ("strong_negative", -2.0))
    for key, value in scores:
        for word in str(data.get(key, "")).split():
            if word.endswith("*"):
                prefixes.append((word[:-1], value))
            else:
                exact[word] = value
    # Longer prefixes first, so a strong entry wins over a general one.
    prefixes.sort(key=lambda p: -len(p[0]))
    return (exact, tuple(prefixes), frozenset(str(data.get("negators", "")).split()),
            frozenset(str(data.get("intensifiers", "")).split()))


def word_polarity(word: str) -> float:
    exact, prefixes, _, _ = _lexicon()
    w = word.casefold()
    if w in exact:
        return exact[w]
    for prefix, value in prefixes:
        if w.startswith(prefix):
            return value
    return 0.0


def target_sentiment(sentence: str, spans: Sequence[tuple[int, int]]) -> Sentiment:
    """Sentiment of ``sentence`` toward the actor at character ``spans`` (its mention, and any others)."""
    _, _, negators, intensifiers = _lexicon()
    tokens = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(sentence)]
    inside = [any(s < e_ and s_ < e for s, e in spans) for _, s_, e_ in tokens]
    positions = [i for i, flag in enumerate(inside) if flag]
    if not positions:
        return Sentiment("neutral", 0.0)
    total, seen = 0.0, 0
    for i, (word, _, _) in enumerate(tokens):
        if inside[i]:
            continue
        value = word_polarity(word)
        if not value:
            continue
        before = [t[0].casefold() for t in tokens[max(0, i - 3):i]]
        if any(b in negators for b in before):
            value = -value
        if any(b in intensifiers for b in before):
            value *= 1.5
        nearest = min(positions, key=lambda p: abs(p - i))
        lo, hi = sorted((nearest, i))
        distance = hi - lo
        weight = 1.0 / (1.0 + distance / DECAY)
        if any(tokens[k][0].casefold() in _BREAKS for k in range(lo + 1, hi)):
            weight *= 0.5
        total += value * weight
        seen += 1
    score = total / (seen ** 0.5) if seen else 0.0
    if score > MARGIN:
        return Sentiment("positive", score)
    if score < -MARGIN:
        return Sentiment("negative", score)
    return Sentiment("neutral", score)
