"""Claims: what the articles of a story state, aligned across outlets.

Three kinds of atomic claim are aligned within a story (never across the corpus, so the pairwise work is
bounded by the story's size):

- **figures**, normalised (counts, per cent, money with its currency, durations in days) and grouped by
  what they count and the predicate they hang from, so *40 people were injured* meets *Fifty-two people
  were injured*;
- **quotations**, grouped by fuzzy text match; the same words in different mouths differ;
- **statements**: the other sentences, aligned by the content words, names and numbers they share.
  Aligned statements that disagree on a number, a date, a place or their polarity (*did* vs *did not*)
  differ.

A group reported by one outlet only is ``single`` (the other outlets of the story omit it); a group whose
outlets disagree is ``differ``; otherwise ``agree``.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..records import Analysis, Claim, ClaimMention, Figure, Quote

QUOTE_MATCH = 75  # rapidfuzz token-set ratio for two quotes to be the same words
#: two statements are the same claim when this share of the smaller one's content terms is shared
STATEMENT_MATCH = 0.5
#: ... and they share at least this many content terms
STATEMENT_MIN_SHARED = 4
#: sentences with fewer content terms are not statements (datelines, captions, sign-offs)
STATEMENT_MIN_TERMS = 5

_DURATION_DAYS = {
    "second": 1 / 86400, "minute": 1 / 1440, "hour": 1 / 24, "day": 1.0, "week": 7.0, "fortnight": 14.0,
    "month": 30.4375, "year": 365.25, "decade": 3652.5,
}
_TERM = re.compile(r"[^\W_][\w'’-]*")
_NEGATION = frozenset({"not", "no", "never", "n't", "nobody", "none", "nothing", "neither", "nor", "without",
                       "denied", "denies", "deny", "refused", "refuses", "rejected", "failed"})
_STOP = frozenset(
    """a an the and or but if of in on at to for from by with as into onto over under about after before
    between during through than then that this these those there here it its it's is are was were be been
    being has have had do does did will would shall should can could may might must also just only very
    more most some any all each every both either which who whom whose what when where why how he she they
    them his her their our we you your i me my us him said says say told tell according added reported
    report one two three four five six seven eight nine ten""".split()
)


def _claim_id(story_id: str, key: str) -> str:
    return "clm_" + hashlib.sha1(f"{story_id}|{key}".encode()).hexdigest()[:12]


def _outlet(a: Analysis) -> str:
    return a.article.outlet or a.article.id


def _fmt(value: float | None) -> str:
    if value is None:
        return "?"
    if abs(value) >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


# -- figures -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quantity:
    """A figure made comparable: ``kind`` count|percent|money|duration, ``unit`` what it is in."""

    kind: str
    value: float
    unit: str

    def describe(self) -> str:
        if self.kind == "percent":
            return f"{_fmt(self.value)}%"
        if self.kind == "money":
            return f"{self.unit} {_fmt(self.value)}"
        if self.kind == "duration":
            return f"{_fmt(self.value)} days"
        return _fmt(self.value)


def normalise(figure: Figure) -> Quantity | None:
    """The comparable value of a figure: durations in days, money in its currency, per cent, counts."""
    if figure.value is None or not figure.unit:
        return None
    unit = figure.unit
    if unit == "percent":
        return Quantity("percent", figure.value, "percent")
    if unit.isupper() and len(unit) == 3 or unit == "money":
        return Quantity("money", figure.value, unit)
    singular = unit.removesuffix("s")
    if singular in _DURATION_DAYS:
        return Quantity("duration", figure.value * _DURATION_DAYS[singular], "day")
    return Quantity("count", figure.value, unit)


def _difference(values: list[float]) -> str:
    low, high = min(values), max(values)
    if low <= 0:
        return f"a gap of {_fmt(high - low)}"
    return f"a gap of {_fmt(high - low)} ({(high - low) / low:.0%} above the lowest)"


#: nouns for people: *4,000 people gathered* and *2,500 protesters gathered* count the same crowd
PEOPLE = frozenset("""people person persons protester demonstrator fisherman resident worker civilian citizen
    passenger child adult student soldier officer voter supporter member victim man woman men women
    individual participant marcher employee patient survivor""".split())


def _count_unit(unit: str) -> str:
    return "people" if unit in PEOPLE else unit


def figure_claims(story_id: str, analyses: list[Analysis]) -> list[Claim]:
    groups: dict[tuple[str, str, str], list[tuple[Analysis, int, Quantity]]] = defaultdict(list)
    for a in analyses:
        seen: set[tuple[str, str, str]] = set()
        for i, f in enumerate(a.figures):
            q = normalise(f)
            if q is None:
                continue
            # Durations group by what lasted, not by their unit word, so 'two weeks' meets '10 days'.
            what = "duration" if q.kind == "duration" else _count_unit(f.unit or "")
            key = (q.kind, what, f.about or "")
            if key in seen:
                continue  # one figure per article per group: the first statement is the article's claim
            seen.add(key)
            groups[key].append((a, i, q))
    claims = []
    for (kind, unit, about), members in sorted(groups.items()):
        outlets = {_outlet(a) for a, _, _ in members}
        values = sorted({q.value for _, _, q in members})
        what = f"{unit} ({about})" if about else unit
        by_outlet = "; ".join(f"{_outlet(a)}: {q.describe()}" for a, _, q in members)
        if len(outlets) < 2:
            a0, _, q0 = members[0]
            relation = "single"
            note = f"only {_outlet(a0)} reports a number of {what}: {q0.describe()}"
        elif len(values) > 1:
            relation = "differ"
            note = f"the outlets give different numbers of {what}: {by_outlet} — {_difference(values)}"
        else:
            relation, note = "agree", f"the outlets agree on {members[0][2].describe()} {what}"
        mentions = tuple(
            ClaimMention(article_id=a.article.id, start=a.figures[i].start, end=a.figures[i].end,
                         text=a.figures[i].text)
            for a, i, _ in members
        )
        claims.append(Claim(id=_claim_id(story_id, f"figure|{kind}|{unit}|{about}"), relation=relation,
                            note=note, mentions=mentions))
    return claims


# -- quotes ------------------------------------------------------------------------------------------


def speaker_names(analyses: Iterable[Analysis]) -> dict[str, str]:
    """Actor id -> the longest name the articles use for it (so notes say *Anja Toller*, not *she*)."""
    names: dict[str, str] = {}
    for a in analyses:
        for m in a.mentions:
            if m.actor_id and len(m.text) > len(names.get(m.actor_id, "")):
                names[m.actor_id] = m.text
    return names


def quote_claims(story_id: str, analyses: list[Analysis]) -> list[Claim]:
    from rapidfuzz import fuzz

    names = speaker_names(analyses)

    def who(q: Quote) -> str:
        if q.speaker is None:
            return "an unnamed speaker"
        return names.get(q.speaker.actor_id or "", q.speaker.text)

    groups: list[list[tuple[Analysis, int]]] = []
    for a in analyses:
        for i, q in enumerate(a.quotes):
            if q.kind not in {"direct", "partial"} or len(q.text.split()) < 3:
                continue
            for group in groups:
                ga, gi = group[0]
                if fuzz.token_set_ratio(q.text, ga.quotes[gi].text) >= QUOTE_MATCH:
                    group.append((a, i))
                    break
            else:
                groups.append([(a, i)])
    claims = []
    for group in groups:
        first_a, first_i = group[0]
        first = first_a.quotes[first_i]
        outlets = sorted({_outlet(a) for a, _ in group})
        refs = [a.quotes[i].speaker for a, i in group]
        speakers = {ref.actor_id for ref in refs if ref is not None and ref.actor_id}
        snippet = first.text if len(first.text) <= 80 else first.text[:77] + "…"
        if len(outlets) < 2:
            relation, note = "single", f"only {outlets[0]} quotes {who(first)}: “{snippet}”"
        elif len(speakers) > 1:
            speakers_named = sorted({who(a.quotes[i]) for a, i in group})
            relation = "differ"
            note = f"the outlets attribute “{snippet}” to different speakers: {', '.join(speakers_named)}"
        else:
            relation, note = "agree", f"{', '.join(outlets)} quote {who(first)}: “{snippet}”"
        mentions = tuple(
            ClaimMention(article_id=a.article.id, start=a.quotes[i].start, end=a.quotes[i].end,
                         text=a.quotes[i].text)
            for a, i in group
        )
        key = f"quote|{first_a.article.id}|{first.start}"
        claims.append(Claim(id=_claim_id(story_id, key), relation=relation, note=note, mentions=mentions))
    return claims


# -- statements --------------------------------------------------------------------------------------


@dataclass
class _Statement:
    analysis: Analysis
    start: int
    end: int
    terms: frozenset[str]
    numbers: dict[tuple[str, str], float]  # (kind, unit) -> value of the figures in it
    dates: frozenset[str]
    places: frozenset[str]
    negated: frozenset[str]  # the terms a negator governs (the four words after it)

    @property
    def text(self) -> str:
        return self.analysis.article.text[self.start:self.end]


def _stem(word: str) -> str:
    """A crude stem (first six letters): *inspectors*/*inspection*, *injured*/*injuries* meet."""
    return word[:6]


def _statements(a: Analysis) -> list[_Statement]:
    text = a.article.text
    quoted = [(q.start, q.end) for q in a.quotes if q.kind == "direct"]
    out = []
    for s in a.sentences:
        body = text[s.start:s.end]
        # A sentence that is mostly a direct quotation is aligned as a quote, not as a statement.
        inside = sum(max(0, min(e, s.end) - max(b, s.start)) for b, e in quoted)
        if inside > 0.5 * max(1, len(body.strip())):
            continue
        words = [w.casefold() for w in _TERM.findall(body)]
        terms = frozenset(_stem(w) for w in words if w not in _STOP and not w.isdigit() and len(w) > 2)
        if len(terms) < STATEMENT_MIN_TERMS:
            continue
        numbers: dict[tuple[str, str], float] = {}
        for f in a.figures:
            q = normalise(f)
            if q is not None and s.start <= f.start < s.end:
                numbers.setdefault((q.kind, _count_unit(f.unit or "")), q.value)
        dates = frozenset(d.value for d in a.dates
                          if d.value and d.precision == "day" and s.start <= d.start < s.end)
        places = frozenset(m.actor_id or m.text for m in a.mentions
                           if m.label in {"GPE", "LOC", "FAC"} and s.start <= m.start < s.end)
        negated = frozenset(
            _stem(w) for i, neg in enumerate(words) if neg in _NEGATION or neg.endswith("n't")
            for w in words[i + 1:i + 5] if w not in _STOP and len(w) > 2
        )
        out.append(_Statement(a, s.start, s.end, terms, numbers, dates, places, negated))
    return out


def _similarity(x: _Statement, y: _Statement) -> float:
    shared = len(x.terms & y.terms)
    if shared < STATEMENT_MIN_SHARED:
        return 0.0
    return shared / min(len(x.terms), len(y.terms))


def _differences(group: list[_Statement]) -> list[str]:
    out = []
    for key in sorted({k for s in group for k in s.numbers}):
        values = {_outlet(s.analysis): s.numbers[key] for s in group if key in s.numbers}
        if len(values) > 1 and len(set(values.values())) > 1:
            kind, unit = key
            shown = "; ".join(f"{o}: {Quantity(kind, v, unit).describe()}" for o, v in values.items())
            out.append(f"numbers of {unit or kind} ({shown})")
    dated = {_outlet(s.analysis): s.dates for s in group if s.dates}
    if len(dated) > 1 and not set.intersection(*(set(d) for d in dated.values())):
        out.append("dates (" + "; ".join(f"{o}: {', '.join(sorted(d))}" for o, d in dated.items()) + ")")
    placed = {_outlet(s.analysis): s for s in group if s.places}
    if len(placed) > 1 and not set.intersection(*(set(s.places) for s in placed.values())):
        names = {o: ", ".join(sorted(m.text for m in s.analysis.mentions
                                     if (m.actor_id or m.text) in s.places and s.start <= m.start < s.end))
                 for o, s in placed.items()}
        out.append("places (" + "; ".join(f"{o}: {n}" for o, n in names.items()) + ")")
    # Polarity differs when a term every statement shares is negated in some of them only.
    shared = frozenset.intersection(*(s.terms for s in group))
    polarities = {s.negated & shared for s in group}
    if len(polarities) > 1:
        neg = sorted({_outlet(s.analysis) for s in group if s.negated & shared})
        out.append(f"polarity ({', '.join(neg)} negate{'s' if len(neg) == 1 else ''} it)")
    return out


def _snippet(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def statement_claims(story_id: str, analyses: list[Analysis]) -> list[Claim]:
    """Sentences aligned across outlets: each joins the group holding its most similar sentence from
    another outlet (one sentence per outlet and group), or starts its own group."""
    groups: list[list[_Statement]] = []
    group_outlets: list[set[str]] = []
    # A group can only match a statement that shares terms with one of its members (a similarity needs
    # STATEMENT_MIN_SHARED shared terms), so only those groups are compared, in creation order as before.
    groups_of_term: dict[str, set[int]] = defaultdict(set)
    for a in analyses:
        outlet = _outlet(a)
        for st in _statements(a):
            best, best_sim = None, STATEMENT_MATCH
            near: set[int] = set()
            for term in st.terms:
                near |= groups_of_term.get(term, set())
            for g in sorted(near):
                if outlet in group_outlets[g]:
                    continue
                sim = max(_similarity(st, m) for m in groups[g])
                if sim >= best_sim:
                    best, best_sim = g, sim
            if best is None:
                best = len(groups)
                groups.append([])
                group_outlets.append(set())
            groups[best].append(st)
            group_outlets[best].add(outlet)
            for term in st.terms:
                groups_of_term[term].add(best)
    claims = []
    for group in groups:
        first = group[0]
        outlets = [_outlet(s.analysis) for s in group]
        snippet = _snippet(first.text)
        if len(outlets) < 2:
            relation, note = "single", f"only {outlets[0]} reports: “{snippet}”"
        else:
            diffs = _differences(group)
            if diffs:
                relation = "differ"
                note = f"{', '.join(outlets)} report “{snippet}” with different {'; '.join(diffs)}"
            else:
                relation, note = "agree", f"{', '.join(outlets)} report: “{snippet}”"
        mentions = tuple(ClaimMention(article_id=s.analysis.article.id, start=s.start, end=s.end, text=s.text)
                         for s in group)
        key = f"statement|{first.analysis.article.id}|{first.start}"
        claims.append(Claim(id=_claim_id(story_id, key), relation=relation, note=note, mentions=mentions))
    return claims


def story_claims(story_id: str, analyses: list[Analysis]) -> list[Claim]:
    """Every aligned claim of a story: figures, then quotes, then statements."""
    return (figure_claims(story_id, analyses) + quote_claims(story_id, analyses)
            + statement_claims(story_id, analyses))
