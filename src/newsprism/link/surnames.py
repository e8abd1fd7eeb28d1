"""Across articles: a surname written alone joins the one person other articles name in full.

Within an article :func:`newsprism.link.actors.link_article` joins *Okafor* to *Adaeze Okafor* when both
are written there. An article that only writes *Okafor said* (or *Mr Okafor*, *Minister Okafor*) gives
its own actor, ``act(PERSON:okafor)``. After a run has stored its articles and linked them into stories,
:func:`resolve_surnames` looks at every such lone surname that shares a family name with a person this
run saw, and points it at the full-name person when exactly one fits, looking in widening scopes:

1. the article's **story**: the full-name people of that surname named in full in the story's articles;
2. the article's **outlet**, in articles published within :data:`OUTLET_WINDOW_DAYS` days of it;
3. the **corpus**: every full-name person of that surname, only where the article writes a title or an
   honorific before the surname (*Mr Okafor*, *Senator Okafor*): without one, and without its story or
   outlet naming the person in full, nothing shows that a one-word name (*Madonna*, *Pelé*) is used as a
   surname at all.

The first scope that holds any candidate decides: one candidate joins, two or more (*two Smiths*) leave
the surname its own actor, and a wider scope is not consulted. A candidate must also be compatible with
what the article says of the surname (a country or a sector written with it, *Senator Smith* is LEG) and
must not be a dictionary person (the dictionary already decides which of its people a surname names, and
some offices forbid it). A person counts as present in an article only where it is named in full there,
never through an earlier resolution, so the outcome for a surname depends on the set of articles and
their stories, not on the order in which the articles came: every run recomputes, from scratch, each
surname its new articles mention, and a surname joined earlier is split off again when a second person
of that name arrives.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..records import Actor
from .actors import _HONORIFICS, _origin_before, actor_id, strip_titles, title_before, title_of
from .coding import code_actor, fold, variant

log = logging.getLogger(__name__)

OUTLET_WINDOW_DAYS = 30


def surname_key(name: str) -> str | None:
    """The key of a name's family name ('Adaeze Okafor' -> 'okafor', 'Erdoğan' -> 'erdokan')."""
    words = variant(fold(strip_titles(name))).split()
    return words[-1] if words else None


def _plain_id(name: str) -> str:
    """The id ``link_article`` gives a person the dictionary does not know."""
    return actor_id("PERSON", variant(fold(name)))


@dataclass
class _Candidate:
    id: str
    name: str
    country: str | None
    sector: str | None
    dictionary: bool
    named_in: set[str] = field(default_factory=set)  # articles naming the person in full


@dataclass
class _Lone:
    """The lone mentions of a surname in one article, all currently on actor ``current``."""

    article_id: str
    current: str
    surfaces: list[str] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)
    country: str | None = None
    sector: str | None = None
    titled: bool = False  # a title or honorific stands before the surname (Mr, Dr, Minister)


def surnames_of(names: Iterable[str]) -> set[str]:
    return {key for name in names if (key := surname_key(name)) and len(key) > 2}


def resolve_surnames(store: Any, surnames: Iterable[str], *, window_days: int = OUTLET_WINDOW_DAYS) -> set[str]:
    """Re-decide every lone mention of ``surnames`` across the store (inside the caller's transaction);
    return the ids of the articles whose actors changed."""
    wanted = set(surnames)
    if not wanted:
        return set()
    candidates: dict[str, list[_Candidate]] = defaultdict(list)
    for row in store.person_actors():
        name = row["name"]
        if len(strip_titles(name).split()) < 2:
            continue
        key = surname_key(name)
        if key in wanted:
            candidates[key].append(_Candidate(row["id"], name, row["country"], row["sector"],
                                              dictionary=row["id"] != _plain_id(name)))
    changed: set[str] = set()
    for key in sorted(wanted):
        lone_id = actor_id("PERSON", key)
        cands = [c for c in candidates.get(key, []) if c.id != lone_id]
        changed |= _resolve_one(store, key, lone_id, cands, window_days)
    return changed


def _resolve_one(store: Any, key: str, lone_id: str, cands: list[_Candidate], window_days: int) -> set[str]:
    by_id = {c.id: c for c in cands}
    rows = store.mentions_of_actors([lone_id, *[c.id for c in cands if not c.dictionary]])
    if not any(r["actor_id"] == lone_id for r in rows) and not cands:
        return set()
    per_article: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for r in rows:
        per_article[(r["article_id"], r["actor_id"])].append(r)
    lones: list[_Lone] = []
    for (article_id, aid), mentions in sorted(per_article.items()):
        names = [strip_titles(m["text"]) for m in mentions]
        if aid != lone_id and any(len(n.split()) > 1 for n in names):
            by_id[aid].named_in.add(article_id)  # named in full here
            continue
        lone = [m for m, n in zip(mentions, names, strict=True) if surname_key(n) == key and len(n.split()) == 1]
        if aid == lone_id or lone:
            lones.append(_Lone(article_id, aid))
            lones[-1].surfaces = [m["text"] for m in (mentions if aid == lone_id else lone)]
    if not lones:
        return set()
    # A dictionary person named in full counts where it is named (it makes a surname ambiguous there).
    for r in store.mentions_of_actors([c.id for c in cands if c.dictionary]):
        if len(strip_titles(r["text"]).split()) > 1:
            by_id[r["actor_id"]].named_in.add(r["article_id"])
    places = store.article_places(sorted({lo.article_id for lo in lones}
                                         | {a for c in cands for a in c.named_in}))
    for lo in lones:
        _code_lone(store, lo, per_article[(lo.article_id, lo.current)], places.get(lo.article_id))

    changed: set[str] = set()
    left: set[str] = set()  # people some article no longer points at
    targets: dict[str, list[_Lone]] = defaultdict(list)
    for lo in lones:
        target = _choose(lo, cands, places, window_days)
        tid = target.id if target is not None else lone_id
        targets[tid].append(lo)
        if tid != lo.current:
            if not store.has_actor(tid):
                store.upsert_actors([_lone_actor(tid, [lo])])  # rewritten in full below
            store.repoint_actor(lo.article_id, lo.current, tid)
            changed.add(lo.article_id)
            left.add(lo.current)
            log.debug("%s: %r now %s (was %s)", lo.article_id, lo.surfaces[0], tid, lo.current)
    # The lone actor is rebuilt from the articles that still write the surname alone; joined people
    # carry the surfaces of their mentions (and lose those no mention carries any more).
    if targets.get(lone_id):
        store.reset_actor(_lone_actor(lone_id, targets[lone_id]))
    elif not store.actor_in_use(lone_id):
        store.drop_actor(lone_id)
    for c in cands:
        if joined := targets.get(c.id):
            store.upsert_actors([Actor(id=c.id, name=c.name, type="PERSON",
                                       aliases=tuple(sorted({s for lo in joined for s in lo.surfaces})))])
        if c.id in left:
            stale = {s for lo in lones for s in lo.surfaces} - {r["text"] for r in store.mentions_of_actors([c.id])}
            store.drop_aliases(c.id, sorted(stale))
    return changed


def _lone_actor(aid: str, lones: Sequence[_Lone]) -> Actor:
    surfaces = sorted({s for lo in lones for s in lo.surfaces})
    names = Counter(strip_titles(s) for s in surfaces)
    name = max(names, key=lambda n: (names[n], n)) if names else ""
    ordered = sorted(lones, key=lambda lo: lo.article_id)
    country = next((lo.country for lo in ordered if lo.country), None)
    sector = next((lo.sector for lo in ordered if lo.sector), None)
    return Actor(id=aid, name=name, type="PERSON", country=country, sector=sector, aliases=tuple(surfaces),
                 roles=tuple(sorted({r for lo in lones for r in lo.roles})))


def _code_lone(store: Any, lo: _Lone, mentions: Sequence[Any], place: tuple[Any, ...] | None) -> None:
    """What the article writes with the surname: titles (as roles), and the country and sector they give."""
    text = store.article_text(lo.article_id)
    date = place[2] if place else None
    for m in mentions:
        name = strip_titles(m["text"])
        if len(name.split()) != 1:
            continue
        title = title_of(m["text"]) or title_before(text, m["start"])
        if not title:
            continue
        lo.titled = True
        if title not in _HONORIFICS:
            lo.roles.add(title)
        titled = m["text"] if title_of(m["text"]) else f"{_origin_before(text, m['start'], title)}{title} {name}"
        code = code_actor(titled, label="PERSON", date=date)
        lo.country = lo.country or code.country
        lo.sector = lo.sector or code.sector


def _compatible(lo: _Lone, c: _Candidate) -> bool:
    return not ((lo.country and c.country and lo.country != c.country)
                or (lo.sector and c.sector and lo.sector != c.sector))


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def _choose(lo: _Lone, cands: list[_Candidate], places: dict[str, tuple[Any, ...]],
            window_days: int) -> _Candidate | None:
    """The one candidate in the narrowest scope that holds any; None when that scope holds several or
    its one candidate does not fit."""
    story, outlet, published = places.get(lo.article_id, (None, None, None))
    day = _day(published)

    def in_story(c: _Candidate) -> bool:
        return story is not None and any(places.get(a, (None,))[0] == story for a in c.named_in)

    def in_outlet(c: _Candidate) -> bool:
        if outlet is None or day is None:
            return False
        for a in c.named_in:
            _, o, p = places.get(a, (None, None, None))
            other = _day(p)
            if o == outlet and other is not None and abs((other - day).days) <= window_days:
                return True
        return False

    def in_corpus(c: _Candidate) -> bool:
        return bool(c.named_in)

    for scope in (in_story, in_outlet, in_corpus):
        found = [c for c in cands if scope(c)]
        if scope is in_corpus and not lo.titled:
            # Nothing shows the word is used as a surname: a one-word name (Madonna, Pelé) that no story
            # or outlet of its article writes in full is not the one full name that ends with it.
            return None
        if found:
            one = found[0]
            if len(found) == 1 and not one.dictionary and _compatible(lo, one):
                return one
            return None
    return None
