"""Stories: articles that report the same event, grouped incrementally (first version).

Each article gets a sparse feature vector (its actors and the salient words of its opening). A new
article is compared only with stories that share one of its blocking terms (an inverted index in the
store), never with all stories, and joins the most similar one within the time window or starts a new
story. Nothing already linked is re-clustered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import Counter

from ..records import Analysis

_WORD = re.compile(r"[^\W\d_][\w'’-]{3,}")
_STOP = frozenset(
    """that this with from have were been their there which would could about after before other they them
    then than into over also said says told will what when where while your more most some such only just
    very much many those these being because again against between during under until upon among within
    without would should while whose whom here there thus though although however since each both either
    neither every another first last next year years week weeks month months today yesterday tomorrow
    monday tuesday wednesday thursday friday saturday sunday people according added""".split()
)
LEAD_CHARS = 2500
MAX_WORDS = 25
BLOCK_ACTORS = 6
BLOCK_WORDS = 6


def features(analysis: Analysis) -> dict[str, float]:
    """Actor ids (prefixed ``a:``) and lead words (``w:``), weighted by 1 + log(count)."""
    feats: dict[str, float] = {}
    actors = Counter(m.actor_id for m in analysis.mentions if m.actor_id)
    for aid, n in actors.items():
        feats["a:" + aid] = 2.0 * (1.0 + math.log(n))
    art = analysis.article
    lead = ((art.title or "") + "\n" + art.text[:LEAD_CHARS]).casefold()
    words = Counter(w for w in _WORD.findall(lead) if w not in _STOP)
    for word, n in words.most_common(MAX_WORDS):
        feats["w:" + word] = 1.0 + math.log(n)
    return feats


def blocking_terms(feats: dict[str, float]) -> list[str]:
    actors = sorted((k for k in feats if k.startswith("a:")), key=lambda k: (-feats[k], k))[:BLOCK_ACTORS]
    words = sorted((k for k in feats if k.startswith("w:")), key=lambda k: (-feats[k], k))[:BLOCK_WORDS]
    return actors + words


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def _day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def story_id_for(article_id: str) -> str:
    return "sty_" + hashlib.sha1(article_id.encode()).hexdigest()[:12]


class StoryLinker:
    """Links articles into stories in a store, one at a time, keeping story centroids in memory."""

    def __init__(self, store, *, threshold: float, window_days: int) -> None:  # type: ignore[no-untyped-def]
        self.store = store
        self.threshold = threshold
        self.window = dt.timedelta(days=window_days)
        self._centroids: dict[str, dict[str, float]] = {}

    def _centroid(self, story_id: str) -> dict[str, float]:
        if story_id not in self._centroids:
            members = self.store.story_members(story_id)
            total: dict[str, float] = {}
            for feats in self.store.features(members).values():
                for k, v in feats.items():
                    total[k] = total.get(k, 0.0) + v
            self._centroids[story_id] = total
        return self._centroids[story_id]

    def link(self, article_id: str, published: str | None) -> str:
        """Put the article in a story (an existing one or a new one) and return the story id."""
        existing = self.store.story_of(article_id)
        if existing is not None:
            return str(existing)
        feats = self.store.features([article_id]).get(article_id, {})
        day = _day(published)
        best, best_sim = None, 0.0
        for sid in self.store.stories_with_terms(blocking_terms(feats)):
            first, last = (_day(x) for x in self.store.story_span(sid))
            if day and first and last and (day < first - self.window or day > last + self.window):
                continue
            sim = cosine(feats, self._centroid(sid))
            if sim > best_sim:
                best, best_sim = sid, sim
        if best is None or best_sim < self.threshold:
            best = story_id_for(article_id)
            self._centroids[best] = {}
        centroid = self._centroid(best)
        for k, v in feats.items():
            centroid[k] = centroid.get(k, 0.0) + v
        first, last = self.store.story_span(best)
        dates = [d for d in (first, last, published) if d]
        self.store.save_story(
            best, "", [article_id], blocking_terms(feats),
            min(dates) if dates else None, max(dates) if dates else None,
        )
        return str(best)


def story_title(analyses: list[Analysis]) -> str:
    """A title from the content: the headline of the article closest to the story's centre."""
    if not analyses:
        return "(empty story)"
    feats = [features(a) for a in analyses]
    centroid: dict[str, float] = {}
    for f in feats:
        for k, v in f.items():
            centroid[k] = centroid.get(k, 0.0) + v
    best = max(range(len(analyses)), key=lambda i: (cosine(feats[i], centroid), -i))
    art = analyses[best].article
    if art.title:
        return art.title
    first = art.text.split("\n", 1)[0]
    return first if len(first) <= 100 else first[:97].rsplit(" ", 1)[0] + "…"
