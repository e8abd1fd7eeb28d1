"""Actors: one canonical, coded actor behind every mention of a name.

Within an article the mentions of a name are grouped: a surname or a first name alone joins the one
full name it shortens (*Varga* -> *Ilse Varga*), titles are stripped and kept as roles (*President Ilse
Varga* -> Ilse Varga, role president). The group's type is a vote corrected by context, since the
small model often calls an unfamiliar name an ORG: a name behind a title or in apposition to a role
(*Reyl's spokesman, Elias Varn*) is a person, as is any group with a PERSON mention, unless the actor
dictionary knows it as something else. A capitalised word that opens a sentence and is written in lower
case elsewhere in the article is an ordinary word, not an actor.

Each group is coded with :func:`newsprism.link.coding.code_actor` on the article's date, and its id is a
hash of what identifies it across articles without a lookup: the dictionary entry where there is one
(so *Erdogan* and *Erdoğan*, *Gaddafi* and *Qadhafi* meet), the ISO country for a country's name or
demonym, else the type family and a transliteration-folded name. The same actor therefore gets the same
id in every article, outlet and run.

Speakers and event sources/targets that are pronouns (*he*) or nominals (*the president*) resolve to
the nearest earlier actor that fits: a person for *he*/*she*, a person holding that role for a title.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from ..lexicons import load
from ..records import Actor, Analysis, Mention, SpanRef
from .coding import NAME_PARTICLES, ActorCode, code_actor, fold, names_a_body, variant

PERSONISH = {"PERSON"}
PRONOUN_TYPES = {
    **{p: frozenset({"PERSON"}) for p in ("he", "she", "him", "her", "his")},
    **{p: frozenset({"PERSON", "ORG", "GPE", "NORP"}) for p in ("they", "them", "we", "it")},
}
# Which type a group takes when its mentions disagree: a person is rarely a place, the model's
# frequent mistake is PERSON -> ORG/GPE for unfamiliar names.
_TYPE_PRIORITY = {"PERSON": 3, "GPE": 2, "ORG": 1, "NORP": 1, "LOC": 1, "FAC": 0}
# Role nouns that, right before a name (with or without a comma), make it a person.
_ROLE_NOUNS = frozenset(
    "spokesman spokeswoman spokesperson minister secretary president chairman chairwoman director chief "
    "mayor governor senator lawmaker adviser advisor aide envoy ambassador leader head skipper captain "
    "colonel general commander officer official judge lawyer professor doctor dr mr mrs ms sir candidate "
    "activist".split()
)
# Words that qualify a title ("transport minister", "former president") but are none alone.
_QUALIFIERS = frozenset("transport foreign defence defense interior finance justice health education trade "
                        "economy deputy vice prime chief state former acting junior senior".split())
# Titles of courtesy: evidence of a person, but no role.
_HONORIFICS = frozenset("mr mrs ms miss mx sir dame lord lady dr alhaji".split())
_NOMINAL_DETERMINERS = ("the ", "his ", "her ", "their ", "its ", "this ", "that ")


@lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    """Title words that may stand before a name (from the sector lexicon's titles)."""
    words = set()
    for title in load("sectors")["titles"]:
        words.update(fold(title).split())
    return frozenset((words | _QUALIFIERS | {"skipper"}) - {"of", "the", "and", "for", "to"})


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    return _titles() | _ROLE_NOUNS


_WORDS_AT_END = re.compile(r"((?:[A-Za-z][\w.-]*\s+)*?[A-Za-z][\w.-]*),?\s*$")
_PLAIN_WORD = re.compile(r"[A-Za-z][\w.-]*")


def strip_titles(name: str) -> str:
    """'President Ilse Varga' -> 'Ilse Varga' (the title words are taken off the front)."""
    words = name.split()
    titles = _titles()
    taken = 0
    while taken < len(words) - 1 and fold(words[taken]) in titles:
        taken += 1
    if all(fold(w) in _QUALIFIERS for w in words[:taken]):
        return name  # "health ministry": a qualifier alone is no title
    if taken and names_a_body(name):
        return name  # "General Motors", "Captain Cook Hotel": the title word is part of a body's name
    return " ".join(words[taken:])


def title_of(name: str) -> str | None:
    """The title words in front of a name: 'Prime Minister Tomas Reyl' -> 'prime minister'."""
    stripped = strip_titles(name)
    head = name[: len(name) - len(stripped)].strip()
    return fold(head) or None


def actor_id(kind: str, key: str) -> str:
    family = "PERSON" if kind == "PERSON" else "GROUP"
    return "act_" + hashlib.sha1(f"{family}:{key}".encode()).hexdigest()[:12]


def country_code(name: str) -> str | None:
    """ISO 3166 alpha-3 for a country name or demonym ('France', 'the United States', 'Chinese'), or None."""
    code = code_actor(name)
    return code.country if code.type in {"GPE", "NORP"} and code.country not in {"IGO", "IMG"} else None


@dataclass
class _Group:
    key: str
    labels: Counter[str] = field(default_factory=Counter)
    surfaces: set[str] = field(default_factory=set)
    longest: str = ""  # longest name without titles
    titled: str = ""  # longest surface with its title ("President Ilse Varga")
    roles: set[str] = field(default_factory=set)
    person_evidence: int = 0


def _is_sentence_opener_word(m: Mention, text: str, starts: set[int]) -> bool:
    """A one-word mention opening a sentence that the article also writes in lower case ("Officials")."""
    if " " in m.text or m.start not in starts or m.text.isupper():
        return False
    return _written_lower(m.text, text)


def title_before(text: str, start: int) -> str | None:
    """The title written just before a name: 'Prime Minister' in 'Prime Minister Tomas Reyl', 'transport
    minister' in 'Ardell's transport minister, Kasimir Dorn'."""
    line = text[max(0, text.rfind("\n", 0, start) + 1, start - 60):start]
    # Most names follow an ordinary word ("said", "and"). When the last word is a plain word, it is the
    # last word the search below would find, and no title ends there: skip the search (it tries every
    # start in the line, a third of the cost of actor linking).
    last = line.rstrip().removesuffix(",").rsplit(None, 1)[-1:]
    titles = _title_words()
    if last and _PLAIN_WORD.fullmatch(last[0]) and fold(last[0]) not in titles:
        return None
    match = _WORDS_AT_END.search(line)
    if match is None:
        return None
    words = match.group(1).split()
    taken: list[str] = []
    for word in reversed(words):
        if fold(word) not in titles:
            break
        taken.insert(0, word)
    if all(fold(w) in _QUALIFIERS for w in taken):
        return None  # "foreign", "former" alone are no title
    # "the Captain Cook Hotel" with the mention "Cook Hotel": the title word is part of the body's name
    after = re.match(r"(?:[A-Z][\w.'’-]*\s*)+", text[start:start + 80])
    if after is not None and names_a_body(" ".join([*taken, after.group(0).strip()])):
        return None
    return fold(" ".join(taken))


def _origin_before(text: str, start: int, title: str) -> str:
    """The country word in front of a title ('Colombian' in 'Colombian Defense Minister Diego Molano',
    "Ardell's" in "Ardell's transport minister, Kasimir Dorn"), with a trailing space, or ''."""
    from .coding import dictionary

    before = text[max(0, start - 80):start]
    words = before.split()
    n_title = len(title.split())
    if len(words) <= n_title:
        return ""
    d = dictionary()
    for size in (3, 2, 1):
        # a body the person speaks for: "Hamas official Osama Hamdan", "Islamic Jihad spokesman X"
        if len(words) - n_title >= size:
            phrase = " ".join(w.strip(",;:") for w in words[len(words) - n_title - size:len(words) - n_title])
            if fold(phrase) in d.keys["org"]:
                return phrase + " "
    word = words[-n_title - 1].strip(",;:")
    key = fold(word)
    if any(key in d.keys[kind] for kind in ("country", "people", "breakaway")):
        return word + " "
    return ""


_NOT_NAMES = frozenset("monday tuesday wednesday thursday friday saturday sunday "
                       "january february march april may "
                       "june july august september october november december i the".split())


def _only_title_words(text: str) -> bool:
    """'State' cut out of 'Secretary of State Mike Pompeo' is part of a title, not an actor."""
    words = fold(text).split()
    return bool(words) and all(w in _titles() for w in words)


def _written_lower(word: str, text: str) -> bool:
    """``word`` also appears in lower case in ``text``: it is an ordinary word there."""
    lowered = word.lower()
    return lowered != word and re.search(rf"\b{re.escape(lowered)}\b", text) is not None


def _complete(mentions: list[Mention], text: str) -> list[Mention]:
    """Mend the model's partial names: 'Tomas' + 'Reyl' written together become 'Tomas Reyl', and a
    surname of a person here that the model missed elsewhere ('Reyl said') becomes a mention."""
    mended: list[Mention] = []
    skip: set[int] = set()
    for i, m in enumerate(mentions):
        if i in skip:
            continue
        after = mentions[i + 1] if i + 1 < len(mentions) else None
        particle = m.text.split()[-1] in NAME_PARTICLES or (
            after is not None and after.text.split()[0].lower() in NAME_PARTICLES)
        if m.label == "PERSON" and after is not None and after.start == m.end + 1 and particle:
            # "Ursula von der" + "Leyen": one name the model cut at its particle
            m = dataclasses.replace(m, text=text[m.start:after.end], end=after.end)
            skip.add(i + 1)
        nxt = re.match(r" ([A-Z][a-z]+)\b", text[m.end:m.end + 40])
        if (m.label == "PERSON" and (" " not in m.text or m.text.split()[-1] in NAME_PARTICLES) and nxt
                and nxt.group(1).lower() not in _NOT_NAMES and not _written_lower(nxt.group(1), text)
                and not any(o.start == m.end + 1 for o in mentions)):
            m = dataclasses.replace(m, text=m.text + " " + nxt.group(1), end=m.end + 1 + len(nxt.group(1)))
        mended.append(m)
    taken = [(m.start, m.end) for m in mended]
    surnames = {m.text.split()[-1] for m in mended if m.label == "PERSON" and " " in m.text}
    for surname in sorted(surnames):
        if len(surname) < 3 or not surname[:1].isupper() or _written_lower(surname, text):
            continue  # a surname that is also a word ("Little", "Young") is not searched for
        for found in re.finditer(rf"\b{re.escape(surname)}\b", text):
            s, e = found.start(), found.end()
            if not any(a < e and s < b for a, b in taken):
                mended.append(Mention(text=surname, start=s, end=e, label="PERSON"))
                taken.append((s, e))
    return sorted(mended, key=lambda m: (m.start, m.end))


def link_article(analysis: Analysis) -> tuple[Analysis, list[Actor]]:
    """Give every mention, speaker, event source and target an actor id; return the coded actors found."""
    text = analysis.article.text
    date = analysis.article.published
    starts = {s.start for s in analysis.sentences}
    # Skip the whitespace a sentence may start with.
    starts |= {s.start + len(text[s.start:s.end]) - len(text[s.start:s.end].lstrip())
               for s in analysis.sentences}
    kept = [m for m in analysis.mentions
            if not _is_sentence_opener_word(m, text, starts) and not _only_title_words(m.text)]
    mentions = _complete(kept, text)

    names = [strip_titles(m.text) for m in mentions]
    keys = [fold(n) for n in names]

    # Full names of people in this article, by their last and first word: "varga" -> "ilse varga".
    by_last: dict[str, set[str]] = defaultdict(set)
    by_first: dict[str, set[str]] = defaultdict(set)
    for m, key in zip(mentions, keys, strict=True):
        parts = key.split()
        titled_here = m.text != strip_titles(m.text) or title_before(text, m.start)
        if len(parts) > 1 and (m.label in PERSONISH or titled_here):
            by_last[parts[-1]].add(key)
            by_first[parts[0]].add(key)
    # Longer names of bodies here, by their last word: "commission" -> "european commission".
    org_last: dict[str, set[str]] = defaultdict(set)
    for m, key in zip(mentions, keys, strict=True):
        if m.label in {"ORG", "NORP"} and len(key.split()) > 1:
            org_last[key.split()[-1]].add(key)
    people = {k for full in by_last.values() for k in full}
    canon: list[str] = []
    for key in keys:
        if " " not in key:
            full = by_last.get(key) or by_first.get(key) or org_last.get(key)
        else:
            # "Von der Leyen" shortens "Ursula von der Leyen"
            full = {p for p in people if p.endswith(" " + key)}
        canon.append(next(iter(full)) if full and len(full) == 1 else key)

    groups: dict[str, _Group] = {}
    for m, name, key in zip(mentions, names, canon, strict=True):
        if not key:
            continue
        g = groups.setdefault(key, _Group(key))
        g.labels[m.label] += 1
        g.surfaces.add(m.text)
        if len(name) > len(g.longest):
            g.longest = name
        title = title_of(m.text) or title_before(text, m.start)
        if title:
            if title not in _HONORIFICS:
                g.roles.add(title)
            g.person_evidence += 1
        if title and not title_of(m.text):
            titled = f"{_origin_before(text, m.start, title)}{title} {m.text}"
        else:
            titled = m.text
        if len(titled) > len(g.titled):
            g.titled = titled
    for key, g in groups.items():
        if key in {k for full in by_last.values() for k in full}:
            g.person_evidence += 1  # someone's full name, shortened elsewhere in the article

    codes: dict[str, ActorCode] = {}
    kinds: dict[str, str] = {}
    for key, g in groups.items():
        kind = _vote(g)
        code = code_actor(g.titled or g.longest, label=kind, date=date)
        if kind == "PERSON" and not g.person_evidence and code.key is None:
            # Only the model says person: a place or body the dictionary knows wins ("Rafah said").
            plain = code_actor(g.longest, date=date)
            if plain.type in {"GPE", "ORG", "IGO", "NORP"} and (plain.country or plain.key):
                code = plain
        if code.key is None and code.type is not None and code.type != "PERSON" and kind == "PERSON" \
                and not g.person_evidence:
            kind = code.type  # the dictionary knows it as a place or a body
        elif code.key is not None and code.type is not None:
            kind = code.type
        codes[key], kinds[key] = code, kind

    actors: dict[str, Actor] = {}
    by_key: dict[str, str] = {}
    for key, g in groups.items():
        code, kind = codes[key], kinds[key]
        aid, name = _identity(key, g, code, kind)
        by_key[key] = aid
        roles = set(g.roles)
        # an office the dictionary knows ("former prime minister"), not a shorter form of a title seen
        if code.role and kind == "PERSON" and not any(r == code.role or r.endswith(" " + code.role)
                                                      for r in roles):
            roles.add(code.role)
        previous = actors.get(aid)
        aliases = set(g.surfaces) | (set(previous.aliases) if previous else set())
        roles |= set(previous.roles) if previous else set()
        actors[aid] = Actor(
            id=aid, name=name, type=kind if kind != "NORP" or not code.country else "GPE",
            country=code.country, sector=code.sector, aliases=tuple(sorted(aliases)),
            roles=tuple(sorted(roles)),
        )

    linked = tuple(
        dataclasses.replace(m, actor_id=by_key.get(key), label=_mention_label(kinds.get(key, m.label)))
        for m, key in zip(mentions, canon, strict=True)
    )
    spans = sorted(((m.start, m.end, m.actor_id) for m in linked), key=lambda t: t[0])
    role_of = {aid: set(a.roles) for aid, a in actors.items()}

    def resolve(ref: SpanRef | None) -> SpanRef | None:
        if ref is None:
            return None
        for start, end, aid in spans:
            if aid and start < ref.end and end > ref.start:
                return dataclasses.replace(ref, actor_id=aid)
        lowered = ref.text.casefold()
        if lowered in PRONOUN_TYPES:
            # Resolve with the corrected types: the nearest earlier mention of a compatible actor.
            wanted = PRONOUN_TYPES[lowered]
            for m in reversed(linked):
                if m.end <= ref.start and m.actor_id and m.label in wanted:
                    return dataclasses.replace(ref, actor_id=m.actor_id, refers_to=(m.start, m.end))
            return ref
        if ref.refers_to is not None:
            r_start, r_end = ref.refers_to
            for start, end, aid in spans:
                if aid and start < r_end and end > r_start:
                    return dataclasses.replace(ref, actor_id=aid)
        nominal = _nominal_role(lowered)
        if nominal:
            # "the president": the nearest earlier person who holds that title here.
            for m in reversed(linked):
                if m.end <= ref.start and m.actor_id and m.label == "PERSON" and any(
                        nominal == r or r.endswith(" " + nominal) for r in role_of.get(m.actor_id, ())):
                    return dataclasses.replace(ref, actor_id=m.actor_id, refers_to=(m.start, m.end))
        return ref

    quotes = tuple(dataclasses.replace(q, speaker=resolve(q.speaker)) for q in analysis.quotes)
    events = tuple(
        dataclasses.replace(e, source=resolve(e.source), target=resolve(e.target), reporter=resolve(e.reporter))
        for e in analysis.events
    )
    return dataclasses.replace(analysis, mentions=linked, quotes=quotes, events=events), list(actors.values())


def _mention_label(kind: str) -> str:
    # Mentions keep spaCy's label set; an intergovernmental body is an ORG there (its actor says IGO).
    return "ORG" if kind == "IGO" else kind


def _vote(g: _Group) -> str:
    votes = g.labels
    if g.person_evidence or "PERSON" in votes:
        return "PERSON"
    return max(votes, key=lambda lab: (votes[lab], _TYPE_PRIORITY.get(lab, 0)))


def _identity(key: str, g: _Group, code: ActorCode, kind: str) -> tuple[str, str]:
    """(actor id, canonical name) of a group: stable across articles without a lookup."""
    if code.key is not None:
        # A dictionary entry; a country by its name or demonym (France, French) is one actor too.
        return actor_id("GPE" if code.key.startswith("country:") else kind, code.key), code.name
    if kind == "PERSON":
        return actor_id(kind, variant(fold(g.longest))), g.longest
    return actor_id(kind, key), g.longest


def _nominal_role(lowered: str) -> str | None:
    """'the prime minister' -> 'prime minister'; None when the phrase is not a bare title."""
    rest = lowered
    for det in _NOMINAL_DETERMINERS:
        if lowered.startswith(det):
            rest = lowered[len(det):]
            break
    rest = fold(rest)
    if rest and all(w in _titles() for w in rest.split()) and not all(w in _QUALIFIERS for w in rest.split()):
        return rest
    return None


def mention_weights(mentions: tuple[Mention, ...]) -> Counter[str]:
    """How often each actor is mentioned: the actor part of an article's story features."""
    return Counter(m.actor_id for m in mentions if m.actor_id)
