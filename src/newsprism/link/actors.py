"""Actors: one canonical actor behind the mentions of a name (first version).

Within an article, a surname alone joins the full name it shortens (*Varga* -> *Ilse Varga*), and the
cluster's type is the vote of its mentions, a PERSON anywhere winning over the model's ORG guesses.
Across articles the actor id is a hash of the type and the normalised full name, so the same person
gets the same id in every article and every run without a lookup.
"""

from __future__ import annotations

import dataclasses
import hashlib
import unicodedata
from collections import Counter, defaultdict
from functools import lru_cache

from ..records import Actor, Analysis, Mention, SpanRef

_TITLES = frozenset(
    "mr mrs ms dr prof president prime minister senator governor general gen. mr. mrs. ms. dr. sir dame lord "
    "king queen prince princess chancellor secretary minister foreign defence defense interior finance mayor "
    "judge justice chief colonel col. captain capt. sgt. sergeant commander ambassador envoy spokesman "
    "spokeswoman spokesperson rep. representative sen. gov. pope rev. reverend sheikh".split()
)
PERSONISH = {"PERSON"}
PRONOUN_TYPES = {
    **{p: frozenset({"PERSON"}) for p in ("he", "she", "him", "her", "his")},
    **{p: frozenset({"PERSON", "ORG", "GPE", "NORP"}) for p in ("they", "them", "we", "it")},
}
# Which type a cluster takes when its mentions disagree: a person is rarely a place, the model's
# frequent mistake is PERSON -> ORG/GPE for unfamiliar names.
_TYPE_PRIORITY = {"PERSON": 3, "GPE": 2, "ORG": 1, "NORP": 1, "LOC": 1, "FAC": 0}


def fold(name: str) -> str:
    """Case, accents and punctuation folded: 'Erdoğan' and 'Erdogan' give the same key."""
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_ = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in ascii_.casefold()).split())


def strip_titles(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[0].casefold() in _TITLES:
        words = words[1:]
    return " ".join(words)


def actor_id(kind: str, key: str) -> str:
    family = "PERSON" if kind == "PERSON" else "GROUP"
    return "act_" + hashlib.sha1(f"{family}:{key}".encode()).hexdigest()[:12]


@lru_cache(maxsize=4096)
def country_code(name: str) -> str | None:
    """ISO 3166 alpha-3 for a country name ('France', 'the United States'), or None."""
    import pycountry

    cleaned = name.removeprefix("the ").strip()
    try:
        return str(pycountry.countries.lookup(cleaned).alpha_3)
    except LookupError:
        pass
    try:
        found = pycountry.countries.search_fuzzy(cleaned)
    except LookupError:
        return None
    if found and fold(getattr(found[0], "name", "")) == fold(cleaned):
        return str(found[0].alpha_3)
    return None


def link_article(analysis: Analysis) -> tuple[Analysis, list[Actor]]:
    """Give every mention, speaker, event source and target an actor id; return the actors found."""
    mentions = analysis.mentions
    names = [strip_titles(m.text) for m in mentions]
    keys = [fold(n) for n in names]

    # Full names of people in this article, by their last word: "varga" -> "ilse varga".
    person_full: dict[str, str] = {}
    for m, key in zip(mentions, keys, strict=True):
        parts = key.split()
        if m.label in PERSONISH and len(parts) > 1:
            person_full.setdefault(parts[-1], key)
    canon: list[str] = []
    for key in keys:
        parts = key.split()
        canon.append(person_full.get(key, key) if len(parts) == 1 else key)

    labels: dict[str, Counter[str]] = defaultdict(Counter)
    surface: dict[str, set[str]] = defaultdict(set)
    longest: dict[str, str] = {}
    for m, name, key in zip(mentions, names, canon, strict=True):
        labels[key][m.label] += 1
        surface[key].add(m.text)
        if len(name) > len(longest.get(key, "")):
            longest[key] = name
    for key in list(labels):
        if key in person_full.values():
            labels[key]["PERSON"] += 100  # a surname of a person here is that person

    def kind_of(key: str) -> str:
        votes = labels[key]
        return max(votes, key=lambda lab: (votes[lab], _TYPE_PRIORITY.get(lab, 0)))

    actors: dict[str, Actor] = {}
    by_key: dict[str, str] = {}
    for key in labels:
        if not key:
            continue
        kind = kind_of(key)
        aid = actor_id(kind, key)
        by_key[key] = aid
        country = country_code(longest[key]) if kind in {"GPE", "LOC"} else None
        actors[aid] = Actor(id=aid, name=longest[key], type=kind, country=country,
                            sector="GOV" if country and kind == "GPE" else None,
                            aliases=tuple(sorted(surface[key])))

    linked = tuple(
        dataclasses.replace(m, actor_id=by_key.get(key), label=kind_of(key) if key in labels else m.label)
        for m, key in zip(mentions, canon, strict=True)
    )
    spans = sorted(((m.start, m.end, m.actor_id) for m in linked), key=lambda t: t[0])

    def resolve(ref: SpanRef | None) -> SpanRef | None:
        if ref is None:
            return None
        for start, end, aid in spans:
            if aid and start < ref.end and end > ref.start:
                return dataclasses.replace(ref, actor_id=aid)
        pronoun = ref.text.casefold()
        if pronoun in PRONOUN_TYPES:
            # Resolve with the corrected types: the nearest earlier mention of a compatible actor.
            wanted = PRONOUN_TYPES[pronoun]
            for m in reversed(linked):
                if m.end <= ref.start and m.actor_id and m.label in wanted:
                    return dataclasses.replace(ref, actor_id=m.actor_id, refers_to=(m.start, m.end))
            return ref
        if ref.refers_to is not None:
            r_start, r_end = ref.refers_to
            for start, end, aid in spans:
                if aid and start < r_end and end > r_start:
                    return dataclasses.replace(ref, actor_id=aid)
        return ref

    quotes = tuple(dataclasses.replace(q, speaker=resolve(q.speaker)) for q in analysis.quotes)
    events = tuple(
        dataclasses.replace(e, source=resolve(e.source), target=resolve(e.target), reporter=resolve(e.reporter))
        for e in analysis.events
    )
    return dataclasses.replace(analysis, mentions=linked, quotes=quotes, events=events), list(actors.values())


def mention_weights(mentions: tuple[Mention, ...]) -> Counter[str]:
    """How often each actor is mentioned: the actor part of an article's story features."""
    return Counter(m.actor_id for m in mentions if m.actor_id)
