"""Claims: what the articles of a story state, aligned across outlets (first version).

Two kinds of atomic claim are aligned here: figures (grouped by what they count and the predicate they
hang from, so *40 people were injured* meets *52 people injured*) and quotations (grouped by fuzzy text
match). A group reported by one outlet only is ``single`` (the others omit it); the same figure with
different values, or the same words put in different mouths, is ``differ``; otherwise ``agree``.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable

from ..records import Analysis, Claim, ClaimMention, Quote

QUOTE_MATCH = 75  # rapidfuzz token-set ratio for two quotes to be the same words


def _claim_id(story_id: str, key: str) -> str:
    return "clm_" + hashlib.sha1(f"{story_id}|{key}".encode()).hexdigest()[:12]


def _outlet(a: Analysis) -> str:
    return a.article.outlet or a.article.id


def _fmt(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def figure_claims(story_id: str, analyses: list[Analysis]) -> list[Claim]:
    groups: dict[tuple[str, str], list[tuple[Analysis, int]]] = defaultdict(list)
    for a in analyses:
        seen: set[tuple[str, str]] = set()
        for i, f in enumerate(a.figures):
            if not f.unit or f.value is None:
                continue
            key = (f.unit, f.about or "")
            if key in seen:
                continue  # one figure per article per group: the first statement is the article's claim
            seen.add(key)
            groups[key].append((a, i))
    claims = []
    for (unit, about), members in sorted(groups.items()):
        outlets = {_outlet(a) for a, _ in members}
        values = {a.figures[i].value for a, i in members}
        what = f"{unit} ({about})" if about else unit
        by_outlet = "; ".join(f"{_outlet(a)}: {_fmt(a.figures[i].value)}" for a, i in members)
        if len(outlets) < 2:
            a0, i0 = members[0]
            relation = "single"
            note = f"only {_outlet(a0)} reports a number of {what}: {_fmt(a0.figures[i0].value)}"
        elif len(values) > 1:
            relation, note = "differ", f"the outlets give different numbers of {what}: {by_outlet}"
        else:
            relation, note = "agree", f"the outlets agree on {_fmt(next(iter(values)))} {what}"
        mentions = tuple(
            ClaimMention(article_id=a.article.id, start=a.figures[i].start, end=a.figures[i].end,
                         text=a.figures[i].text)
            for a, i in members
        )
        claims.append(Claim(id=_claim_id(story_id, f"figure|{unit}|{about}"), relation=relation, note=note,
                            mentions=mentions))
    return claims


def _speaker_names(analyses: Iterable[Analysis]) -> dict[str, str]:
    """Actor id -> the longest name the articles use for it (so notes say *Anja Toller*, not *she*)."""
    names: dict[str, str] = {}
    for a in analyses:
        for m in a.mentions:
            if m.actor_id and len(m.text) > len(names.get(m.actor_id, "")):
                names[m.actor_id] = m.text
    return names


def quote_claims(story_id: str, analyses: list[Analysis]) -> list[Claim]:
    from rapidfuzz import fuzz

    names = _speaker_names(analyses)

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
        speakers = {a.quotes[i].speaker.actor_id for a, i in group if a.quotes[i].speaker and
                    a.quotes[i].speaker.actor_id}
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
            ClaimMention(article_id=a.article.id, start=a.quotes[i].start, end=a.quotes[i].end, text=a.quotes[i].text)
            for a, i in group
        )
        key = f"quote|{first_a.article.id}|{first.start}"
        claims.append(Claim(id=_claim_id(story_id, key), relation=relation, note=note, mentions=mentions))
    return claims


def story_claims(story_id: str, analyses: list[Analysis]) -> list[Claim]:
    return figure_claims(story_id, analyses) + quote_claims(story_id, analyses)
