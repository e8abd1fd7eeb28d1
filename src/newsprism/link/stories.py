"""Stories: articles that report the same event, grouped incrementally.

Each article becomes a *signal*: a MiniLM embedding of its headline and lead (what happened), families
of evidence it already carries — the actors it names, the salient words of its lead, the names written
in it, the numbers it gives, the months it dates, and the years and weekdays named at its top (what
tells two earthquakes or two rehab admissions apart) — and its publication day. A new article is
compared only with candidate stories — those that share one of its blocking terms (actors, lead words)
or fall in the same random-hyperplane bucket of the embedding (approximate nearest neighbours), and that
lie within the time window — never with all stories. It joins the best-scoring one above the threshold
or starts a new story. A story's state (summed embedding, summed features, first and last day) grows as
members join. Once a batch is linked, a second pass lets its articles move to a story that formed after
they were linked (``StoryIndex.revisit``, in rounds until nothing moves: ``StoryIndex.settle``); earlier
batches never move. (Merging stories that drift together, and splitting a story in two groups that do
not fit together, were tried and measured no better on the evaluation sets.)

The score of an article against a story is a weighted mean of the embedding cosine to the story's
centroid and the cosine of each evidence family (weights below), less a penalty for the days between the
article and the middle of the story, so one threshold serves every corpus; without the embedding model
the families alone decide (see ``FALLBACK_SCALE``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import logging
import math
import operator
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..records import Analysis, Article

log = logging.getLogger(__name__)

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
#: capitalised words (names: Banstead, Wellington, Kempthorne) taken from this much of the text
NAME_CHARS = 3000
MAX_NAMES = 25
BLOCK_ACTORS = 6
BLOCK_WORDS = 6
#: weight of the embedding cosine in the score
EMBED_WEIGHT = 1.0
#: weights of the feature families in the score, by key prefix: actors (``a:``), lead words (``w:``),
#: capitalised names (``c:``), the numbers an article gives (``n:``), the months it dates (``m:``), and
#: the event's *when* as written at the top: the years (``y:``) and the weekdays (``d:``) it names.
#: All but actors and words count only when both the article and the story have some (an article that
#: gives no figure says nothing against a story that does), actors and words always.
FAMILY_WEIGHTS = {"a:": 0.5, "w:": 1.0, "c:": 1.0, "n:": 0.5, "m:": 0.5, "y:": 0.75, "d:": 0.5}
ALWAYS_SCORED = frozenset({"a:", "w:"})
_PREFIX = 2  # every family prefix is two characters long
assert all(len(prefix) == _PREFIX for prefix in FAMILY_WEIGHTS)
#: idf weights, and stories' weighted features, remembered between two changes of the counts (bounds
#: on the memos, so that memory stays flat on a large corpus)
_IDF_MEMO = 200_000
_STORY_MEMO = 256
#: the score loses this much per week that an article lies from the middle of the story's days (after a
#: day of grace): a follow-up a week later must share more than the first day's reports do
TIME_WEIGHT = 0.2
TIME_GRACE_DAYS = 1
#: without embeddings the feature cosine is scaled by this before the threshold applies
FALLBACK_SCALE = 1.0
#: the second pass (``StoryIndex.revisit``) moves an article to another story that scores at least
#: ``threshold - REVISIT_SLACK`` and more than its own story without it
REVISIT_SLACK = 0.1
#: the second pass (``StoryIndex.settle``) revisits a batch in rounds until no article moves, at most this many
REVISIT_ROUNDS = 3
#: random-hyperplane LSH: tables and bits per table
LSH_TABLES = 8
LSH_BITS = 10
#: a story's summed features are cut to its heaviest terms when they grow past twice this
MAX_STORY_TERMS = 1000
#: blocking terms found in more stories than this are not used to find candidates
MAX_POSTING = 500
#: a capitalised word (a name, wherever it stands; one capitalised only because it opens a sentence is
#: common to many articles and weighs little once scaled by inverse document frequency)
_NAME = re.compile(r"\b[A-Z][a-z]{2,}\b")
#: the years and weekdays an article names this near its top (headline, dateline, lead) are the event's:
#: "on Sunday", "in 2013", "18 September 2013". Further down a year is mostly background (founded in 1972).
WHEN_CHARS = 600
_YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-4]\d)\b")
_WEEKDAY = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
#: capitalised function words are no names
_NAME_STOP = _STOP | frozenset(
    "the and but for his her its our she him who how why not yet all new one two six ten mrs has had was are can "
    "may did got let via per off out now".split()
)


def features(analysis: Analysis) -> dict[str, float]:
    """The article's evidence, by family: actor ids (``a:``) and lead words (``w:``) weighted by
    1 + log(count), capitalised names (``c:``), the numbers it gives (``n:``), the months it dates
    (``m:``), and the years (``y:``) and weekdays (``d:``) named at its top."""
    feats: dict[str, float] = {}
    actors = Counter(m.actor_id for m in analysis.mentions if m.actor_id)
    for aid, n in actors.items():
        feats["a:" + aid] = 2.0 * (1.0 + math.log(n))
    art = analysis.article
    lead = ((art.title or "") + "\n" + art.text[:LEAD_CHARS]).casefold()
    words = Counter(w for w in _WORD.findall(lead) if w not in _STOP)
    for word, n in words.most_common(MAX_WORDS):
        feats["w:" + word] = 1.0 + math.log(n)
    # Names written in the text, whether or not the NER found them: the place and the people are what
    # tell two fires at two branches of one supermarket chain apart.
    names = Counter(w.casefold() for w in _NAME.findall(art.text[:NAME_CHARS]))
    for name, n in [(k, v) for k, v in names.most_common() if k not in _NAME_STOP][:MAX_NAMES]:
        feats["c:" + name] = 1.0 + math.log(n)
    # The numbers (23 pirates, 7 dead) and the months (2013-07) an article gives tell two similar events
    # apart; a bare year is left out, as it is mostly background (founded in 1972).
    for f in analysis.figures:
        if f.value is not None and f.value >= 2 and f.unit != "percent":
            feats[f"n:{f.value:g}"] = 1.0
    for d in analysis.dates:
        if d.value and len(d.value) >= 7 and d.value[:4].isdigit():
            feats["m:" + d.value[:7]] = 1.0
    # When it happened, as the top of the article says it: two reports of one event name the same year
    # and weekday; two look-alike events (two quakes on one island, two arrests of two players of one
    # team) seldom do. Read from the text, so undated articles (no publication day) have it too.
    top = (art.title or "") + "\n" + art.text[:WHEN_CHARS]
    for year in set(_YEAR.findall(top)):
        feats["y:" + year] = 1.0
    for day in set(_WEEKDAY.findall(top)):
        feats["d:" + day.casefold()] = 1.0
    return feats


def blocking_terms(feats: dict[str, float]) -> list[str]:
    actors = sorted((k for k in feats if k.startswith("a:")), key=lambda k: (-feats[k], k))[:BLOCK_ACTORS]
    words = sorted((k for k in feats if k.startswith("w:")), key=lambda k: (-feats[k], k))[:BLOCK_WORDS]
    return actors + words


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    return cosine_normed((a, norm(a)), (b, norm(b)))


def norm(a: dict[str, float]) -> float:
    return math.sqrt(sum(v * v for v in a.values()))


Weighted = tuple[dict[str, float], float]  # a feature family and its norm


def cosine_normed(a: Weighted, b: Weighted) -> float:
    """``cosine`` of two families whose norms are known (the linker computes each one once)."""
    (fa, na), (fb, nb) = a, b
    if not fa or not fb:
        return 0.0
    if len(fa) > len(fb):
        fa, fb = fb, fa
    dot = sum(map(operator.mul, fa.values(), map(fb.get, fa, itertools.repeat(0.0))))
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


@dataclass
class Signal:
    """What the linker knows of one article."""

    article_id: str
    features: dict[str, float]
    vector: np.ndarray | None = None  # unit length
    day: dt.date | None = None


@dataclass
class StoryState:
    """What the linker keeps of one story: enough to score a new article without reading the members."""

    id: str
    size: int = 0
    vector: np.ndarray | None = None  # sum of the members' unit vectors
    features: dict[str, float] = field(default_factory=dict)
    first: dt.date | None = None
    last: dt.date | None = None
    version: int = 0  # bumped on every change (the linker's memo of weights checks it)
    _centroid: tuple[int, np.ndarray | None] | None = field(default=None, repr=False, compare=False)

    def add(self, signal: Signal) -> None:
        self.size += 1
        self.version += 1
        if signal.vector is not None:
            self.vector = signal.vector.copy() if self.vector is None else self.vector + signal.vector
        for k, v in signal.features.items():
            self.features[k] = self.features.get(k, 0.0) + v
        if len(self.features) > 2 * MAX_STORY_TERMS:
            # A big story keeps its heaviest terms: scoring stays fast and its state small.
            top = sorted(self.features.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_STORY_TERMS]
            self.features = dict(top)
        if signal.day is not None:
            self.first = signal.day if self.first is None else min(self.first, signal.day)
            self.last = signal.day if self.last is None else max(self.last, signal.day)

    def remove(self, signal: Signal) -> None:
        """Undo ``add`` for a member that moves (the story's first and last day stay as they were)."""
        self.size -= 1
        self.version += 1
        if signal.vector is not None and self.vector is not None:
            self.vector = self.vector - signal.vector
        for k, v in signal.features.items():
            left = self.features.get(k, 0.0) - v
            if left > 1e-9:
                self.features[k] = left
            else:
                self.features.pop(k, None)

    def centroid(self) -> np.ndarray | None:
        """The unit mean vector (shared: callers must not modify it), computed once per version."""
        if self._centroid is not None and self._centroid[0] == self.version:
            return self._centroid[1]
        centroid = None
        if self.vector is not None:
            size = float(np.linalg.norm(self.vector))
            centroid = self.vector / size if size else None
        self._centroid = (self.version, centroid)
        return centroid


class _Hyperplanes:
    """Random-hyperplane LSH over story centroids: a story sits in one bucket per table."""

    def __init__(self, dim: int, tables: int = LSH_TABLES, bits: int = LSH_BITS, seed: int = 7) -> None:
        rng = np.random.default_rng(seed)
        self.planes = rng.standard_normal((tables, bits, dim)).astype(np.float32)
        self.weights = (1 << np.arange(bits)).astype(np.int64)
        self.buckets: list[dict[int, set[str]]] = [defaultdict(set) for _ in range(tables)]
        self.keys: dict[str, np.ndarray] = {}

    def _keys(self, vector: np.ndarray) -> np.ndarray:
        signs = (self.planes @ vector) > 0  # (tables, bits)
        return np.asarray(signs.astype(np.int64) @ self.weights)

    def put(self, story_id: str, vector: np.ndarray) -> None:
        old = self.keys.get(story_id)
        keys = self._keys(vector)
        if old is not None:
            if np.array_equal(old, keys):
                return
            for t, key in enumerate(old):
                self.buckets[t][int(key)].discard(story_id)
        for t, key in enumerate(keys):
            self.buckets[t][int(key)].add(story_id)
        self.keys[story_id] = keys

    def drop(self, story_id: str) -> None:
        old = self.keys.pop(story_id, None)
        if old is not None:
            for t, key in enumerate(old):
                self.buckets[t][int(key)].discard(story_id)

    def near(self, vector: np.ndarray) -> set[str]:
        found: set[str] = set()
        for t, key in enumerate(self._keys(vector)):
            found |= self.buckets[t].get(int(key), set())
        return found


class StoryIndex:
    """The in-memory linker: candidate retrieval (blocking + LSH + time window), scoring, assignment.

    Feature weights are scaled by inverse document frequency over the articles linked so far (kept
    incrementally), so a rare shared name counts for more than a common one.
    """

    def __init__(self, *, threshold: float, window_days: int) -> None:
        self.threshold = threshold
        self.window = dt.timedelta(days=window_days)
        self.stories: dict[str, StoryState] = {}
        self._by_term: dict[str, set[str]] = defaultdict(set)
        self._lsh: _Hyperplanes | None = None
        self.df: Counter[str] = Counter()
        self.docs = 0
        self.compared = 0  # candidate scorings done (to check the linker stays sub-quadratic)
        self._idf_memo: dict[str, float] = {}
        self._idf_docs = -1
        self._story_memo: dict[str, tuple[StoryState, int, dict[str, Weighted]]] = {}
        # the blocking terms each story is indexed under: unindexing and saving reuse them instead of
        # sorting the story's summed features again (the second pass takes every article out and back)
        self._terms: dict[str, list[str]] = {}

    def load(self, state: StoryState, df: dict[str, int] | None = None) -> None:
        self.stories[state.id] = state
        self._index(state, blocking_terms(state.features))

    def _index(self, state: StoryState, terms: Iterable[str]) -> None:
        terms = self._terms[state.id] = list(terms)
        for term in terms:
            self._by_term[term].add(state.id)
        centroid = state.centroid()
        if centroid is not None:
            if self._lsh is None:
                self._lsh = _Hyperplanes(centroid.shape[0])
            self._lsh.put(state.id, centroid)

    def terms_of(self, sid: str) -> list[str]:
        """The blocking terms story ``sid`` is indexed under."""
        terms = self._terms.get(sid)
        return list(terms) if terms is not None else blocking_terms(self.stories[sid].features)

    def _unindex(self, state: StoryState) -> None:
        for term in self._terms.pop(state.id, ()):
            self._by_term.get(term, set()).discard(state.id)
        if self._lsh is not None:
            self._lsh.drop(state.id)

    def candidates(self, features: dict[str, float], vector: np.ndarray | None,
                   first: dt.date | None, last: dt.date | None) -> set[str]:
        found: set[str] = set()
        for term in blocking_terms(features):
            posting = self._by_term.get(term)
            # A term most stories share (a country, a head of state) blocks nothing; it would only make
            # every article scan them all. The other terms and the embedding buckets still find the story.
            if posting and len(posting) <= MAX_POSTING:
                found |= posting
        if vector is not None and self._lsh is not None:
            found |= self._lsh.near(vector)
        if first is None or last is None:
            return found
        return {sid for sid in found if self._overlaps(self.stories[sid], first, last)}

    def _overlaps(self, story: StoryState, first: dt.date, last: dt.date) -> bool:
        if story.first is None or story.last is None:
            return True
        return story.first - self.window <= last and first <= story.last + self.window

    def _memo(self) -> dict[str, float]:
        """idf weights remembered until the counts change: scoring one article weighs the same terms
        again for every candidate story (and the second pass for every article). ``docs`` and ``df`` only
        ever change together, in ``link`` (or before any scoring, when a linker loads them)."""
        if self.docs != self._idf_docs or len(self._idf_memo) > _IDF_MEMO:
            self._idf_memo.clear()
            self._story_memo.clear()
            self._idf_docs = self.docs
        return self._idf_memo

    def _idf(self, key: str) -> float:
        memo = self._memo()
        weight = memo.get(key)
        if weight is None:
            weight = memo[key] = math.log((1 + self.docs) / (1 + self.df.get(key, 0))) + 1.0
        return weight

    def _weighted(self, feats: dict[str, float]) -> dict[str, Weighted]:
        """The features by family, each scaled by its idf, with its norm; in one pass over them (keys
        keep their order)."""
        families: dict[str, dict[str, float]] = {prefix: {} for prefix in FAMILY_WEIGHTS}
        memo = self._memo()
        docs, df, log = 1 + self.docs, self.df, math.log
        for k, v in feats.items():
            family = families.get(k[:_PREFIX])
            if family is not None:
                weight = memo.get(k)
                if weight is None:
                    weight = memo[k] = log(docs / (1 + df.get(k, 0))) + 1.0
                family[k] = v * weight
        return {prefix: (family, norm(family)) for prefix, family in families.items()}

    def _story_weighted(self, story: StoryState) -> dict[str, Weighted]:
        """``_weighted`` of a story's features, remembered while neither the counts nor the story change
        (the second pass scores the same stories for many articles)."""
        self._memo()  # first: it forgets every story's weights when the counts have changed
        hit = self._story_memo.get(story.id)
        if hit is not None and hit[0] is story and hit[1] == story.version:
            return hit[2]
        weighted = self._weighted(story.features)
        if len(self._story_memo) >= _STORY_MEMO:
            self._story_memo.clear()
        self._story_memo[story.id] = (story, story.version, weighted)
        return weighted

    def similarity(self, feats: dict[str, float], vector: np.ndarray | None, story: StoryState,
                   weighted: dict[str, Weighted] | None = None) -> float:
        """``weighted``: ``_weighted(feats)``, when the caller scores the same article against many stories."""
        num = den = 0.0
        mine_all = self._weighted(feats) if weighted is None else weighted
        theirs_all = self._story_weighted(story)
        for prefix, weight in FAMILY_WEIGHTS.items():
            mine, theirs = mine_all[prefix], theirs_all[prefix]
            if prefix in ALWAYS_SCORED or (mine[0] and theirs[0]):
                num += weight * cosine_normed(mine, theirs)
                den += weight
        centroid = story.centroid()
        if vector is None or centroid is None:
            return FALLBACK_SCALE * num / den
        return (EMBED_WEIGHT * float(vector @ centroid) + num) / (EMBED_WEIGHT + den)

    def score(self, signal: Signal, story: StoryState,
              weighted: dict[str, Weighted] | None = None) -> float:
        s = self.similarity(signal.features, signal.vector, story, weighted)
        if signal.day is not None and story.first is not None and story.last is not None:
            middle = story.first + (story.last - story.first) / 2
            gap = abs((signal.day - middle).days)
            s -= TIME_WEIGHT * max(0, gap - TIME_GRACE_DAYS) / 7
        return s

    def best(self, signal: Signal) -> tuple[str | None, float]:
        best, best_score = None, -math.inf
        weighted = self._weighted(signal.features)
        for sid in sorted(self.candidates(signal.features, signal.vector, signal.day, signal.day)):
            self.compared += 1
            s = self.score(signal, self.stories[sid], weighted)
            if s > best_score:
                best, best_score = sid, s
        return best, best_score

    def link(self, signal: Signal) -> str:
        """Assign the article to a story (joining the best candidate above the threshold, or a new one)."""
        self.docs += 1
        self.df.update(signal.features.keys())
        sid, score = self.best(signal)
        if sid is None or score < self.threshold:
            sid = story_id_for(signal.article_id)
        self._put(sid, signal)
        return sid


    def _put(self, sid: str, signal: Signal) -> StoryState:
        state = self.stories.setdefault(sid, StoryState(id=sid))
        self._unindex(state)
        state.add(signal)
        self._index(state, blocking_terms(state.features))
        return state

    def _take(self, sid: str, signal: Signal) -> StoryState | None:
        """Take a member's signal out of its story's state; None when the story is left empty."""
        state = self.stories[sid]
        self._unindex(state)
        state.remove(signal)
        if state.size <= 0:
            del self.stories[sid]
            return None
        self._index(state, blocking_terms(state.features))
        return state

    def revisit(self, signal: Signal, sid: str) -> str:
        """The second pass: the article (a member of story ``sid``) moves to the best other story when that
        scores at least ``threshold - REVISIT_SLACK`` and more than its own story without it; else it stays.

        An article linked early was compared only with the stories that existed then; by now the story it
        belongs with may exist. Called once per article after a batch is linked, it costs one more
        candidate search per article (still never all pairs), and earlier batches are not touched.
        """
        own = self._take(sid, signal)
        own_score = -math.inf if own is None else self.score(signal, own)
        best, best_score = self.best(signal)
        if best is not None and best != sid and best_score >= self.threshold - REVISIT_SLACK \
                and best_score > own_score:
            self._put(best, signal)
            return best
        self._put(sid, signal)
        return sid


    def settle(self, linked: Sequence[Signal], story_of: dict[str, str]) -> dict[str, str]:
        """The second pass over a batch just linked (``linked`` in link order, ``story_of`` where each
        went): every article is revisited (``revisit``), in rounds until no article moves, at most
        ``REVISIT_ROUNDS``. Returns the updated ``story_of``.

        A move can make another one worth it: once the early reports of an event have left a mixed story
        for the event's own, the reports that stayed for want of a better story find one. Cost: one
        candidate search per article per round (never all pairs); earlier batches never move.
        """
        story_of = dict(story_of)
        for _ in range(REVISIT_ROUNDS):
            moved = 0
            for sig in linked:
                new = self.revisit(sig, story_of[sig.article_id])
                moved += new != story_of[sig.article_id]
                story_of[sig.article_id] = new
            if not moved:
                break
        return story_of


def signals(analyses: Sequence[Analysis], vectors: np.ndarray | None) -> list[Signal]:
    return [
        Signal(article_id=a.article.id, features=features(a),
               vector=None if vectors is None else vectors[i], day=_day(a.article.published))
        for i, a in enumerate(analyses)
    ]


def embed_articles(articles: Sequence[Article]) -> np.ndarray | None:
    """Embeddings of the articles' headline and lead, or None when the model is not available."""
    from .embeddings import article_text, get_embedder

    embedder = get_embedder()
    if embedder is None:
        return None
    return embedder.encode([article_text(a.title, a.text) for a in articles])


def link_in_memory(articles: Sequence[Article], settings) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Analyse and link articles without a store (the evaluation path): article id -> story id."""
    from ..nlp.pipeline import build_nlp, make_doc, to_analysis
    from .actors import link_article

    nlp = build_nlp(settings.model, max_length=settings.max_text_chars)
    analyses = [
        link_article(to_analysis(doc, art))[0]  # type: ignore[arg-type]
        for doc, art in nlp.pipe(((make_doc(nlp, a), a) for a in articles), as_tuples=True,
                                 batch_size=settings.batch_size)
    ]
    sigs = signals(analyses, embed_articles(articles))
    index = StoryIndex(threshold=settings.story_threshold, window_days=settings.story_window_days)
    order = sorted(range(len(sigs)), key=lambda i: (sigs[i].day or dt.date.min, i))
    story_of = {sigs[i].article_id: index.link(sigs[i]) for i in order}
    return index.settle([sigs[i] for i in order], story_of)  # the second pass


def ensure_embeddings(store, article_ids: Sequence[str], *, chunk: int = 256) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    """The stored embeddings of the articles, computing (in batches) and storing the missing ones."""
    from .embeddings import MODEL_NAME, get_embedder, to_blob

    blobs: dict[str, bytes] = store.embeddings(article_ids, MODEL_NAME)
    missing = [aid for aid in article_ids if aid not in blobs]
    if missing and get_embedder() is not None:
        for i in range(0, len(missing), chunk):
            articles = [store.article(aid) for aid in missing[i:i + chunk]]
            vectors = embed_articles(articles)
            if vectors is None:
                break
            fresh = {a.id: to_blob(v) for a, v in zip(articles, vectors, strict=True)}
            store.add_embeddings(MODEL_NAME, fresh.items())
            blobs.update(fresh)
    return blobs


class StoryLinker:
    """Links the articles of a store into stories, one at a time, writing each decision as it is made.

    On creation it loads every story's state and the feature counts once, and embeds (in batches) the
    stored articles that are not linked yet, so ``link`` itself never waits on the model.
    """

    def __init__(self, store, *, threshold: float, window_days: int) -> None:  # type: ignore[no-untyped-def]
        from .embeddings import from_blob

        self.store = store
        self.index = StoryIndex(threshold=threshold, window_days=window_days)
        self.index.docs, df = store.feature_df()
        self.index.df.update(df)
        for sid, size, blob, feats, first, last in store.story_states():
            self.index.load(StoryState(id=sid, size=size, vector=None if blob is None else from_blob(blob),
                                       features=feats, first=_day(first), last=_day(last)))
        self._blobs = ensure_embeddings(store, [aid for aid, _ in store.unlinked_articles()])
        self._linked: dict[str, tuple[Signal, str]] = {}  # linked by this linker: (signal, story id)

    def link(self, article_id: str, published: str | None) -> str:
        """Put the article in a story (an existing one or a new one) and return the story id."""
        from .embeddings import from_blob

        existing = self.store.story_of(article_id)
        if existing is not None:
            return str(existing)
        blob = self._blobs.pop(article_id, None)
        if blob is None:
            blob = ensure_embeddings(self.store, [article_id]).get(article_id)
        signal = Signal(article_id=article_id, features=self.store.features([article_id]).get(article_id, {}),
                        vector=None if blob is None else from_blob(blob), day=_day(published))
        sid = self.index.link(signal)
        self._save(sid, [article_id])
        self.store.add_feature_df(dict.fromkeys(signal.features, 1))
        self._linked[article_id] = (signal, sid)
        return sid

    def _save(self, sid: str, article_ids: Sequence[str]) -> None:
        from .embeddings import to_blob

        state = self.index.stories[sid]
        first = state.first.isoformat() if state.first else None
        last = state.last.isoformat() if state.last else None
        self.store.save_story(sid, "", article_ids, self.index.terms_of(sid), first, last)
        vector = None if state.vector is None else to_blob(state.vector)
        self.store.save_story_state(sid, state.size, vector, state.features)

    def revisit(self) -> tuple[set[str], set[str]]:
        """The second pass over the articles this linker linked (in the order it linked them): each may
        move to a story that fits it better, in rounds until none moves (``StoryIndex.settle``). Returns
        (stories that changed, stories left empty and dropped)."""
        before = {aid: sid for aid, (_, sid) in self._linked.items()}
        after = self.index.settle([sig for sig, _ in self._linked.values()], before)
        changed: set[str] = set()
        left: set[str] = set()
        for article_id, (signal, sid) in list(self._linked.items()):
            new = after[article_id]
            if new == sid:
                continue
            self._linked[article_id] = (signal, new)
            self._save(new, [article_id])
            changed.add(new)
            left.add(sid)
        dropped: set[str] = set()
        for sid in sorted(left):
            if sid in self.index.stories:
                self._save(sid, [])
                changed.add(sid)
            else:
                self.store.drop_story(sid)
                dropped.add(sid)
        return changed - dropped, dropped


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
