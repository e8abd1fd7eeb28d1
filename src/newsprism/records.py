"""Frozen records shared by every stage: ingest, nlp, link, store and output.

Every offset is a character offset into ``Article.text``, so ``text[start:end]`` is always the span.
Records convert to plain dicts (``to_dict``) and back (``from_dict``) so they survive msgpack
(spaCy multiprocessing), JSON and SQLite without a custom encoder.
"""

from __future__ import annotations

import builtins
import dataclasses
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

T = TypeVar("T", bound="Record")

QUOTE_KINDS = ("direct", "partial", "indirect", "scare")
CLAIM_RELATIONS = ("agree", "differ", "single")
PLOVER_CATEGORIES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)


class Record:
    """Mixin: plain-dict conversion that knows which fields hold nested records."""

    _nested: ClassVar[dict[str, type[Record]]] = {}

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)  # type: ignore[call-overload, no-any-return]

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        kwargs: dict[str, Any] = {}
        for key, value in data.items():
            if key not in names:
                continue
            nested = cls._nested.get(key)
            if nested is not None and isinstance(value, dict):
                value = nested.from_dict(value)
            elif isinstance(value, list):
                value = tuple(value)
            kwargs[key] = value
        return cls(**kwargs)


@dataclass(frozen=True)
class Article(Record):
    """One news article after ingest. ``id`` is the hash of the normalised text."""

    id: str
    path: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None  # ISO 8601 date or date-time
    author: str | None = None
    source_format: str = "text"


@dataclass(frozen=True)
class Sentence(Record):
    start: int
    end: int


@dataclass(frozen=True)
class SpanRef(Record):
    """A span of the article text that names an actor (a speaker, an event source or target)."""

    text: str
    start: int
    end: int
    actor_id: str | None = None
    #: for a pronoun or a nominal (*he*, *the senator*): the span of the named mention it refers to
    refers_to: tuple[int, int] | None = None


@dataclass(frozen=True)
class Mention(Record):
    """A named entity mention: a person, organisation, place or group."""

    text: str
    start: int
    end: int
    label: str
    actor_id: str | None = None


@dataclass(frozen=True)
class Quote(Record):
    text: str
    start: int
    end: int
    kind: str  # one of QUOTE_KINDS
    cue: str | None = None
    speaker: SpanRef | None = None

    _nested: ClassVar[dict[str, type[Record]]] = {"speaker": SpanRef}


@dataclass(frozen=True)
class Event(Record):
    type: str  # one of PLOVER_CATEGORIES
    trigger: str
    start: int  # the sentence span
    end: int
    mode: str | None = None
    negated: bool = False
    hypothetical: bool = False
    source: SpanRef | None = None
    target: SpanRef | None = None
    location: str | None = None
    date: str | None = None
    #: PLOVER context (manual ch. 4): military, economic, ... from the words of the sentence
    context: str | None = None
    #: announced or intended, not done yet ("will meet", "plans to attack")
    future: bool = False
    #: who reports the event ("according to X", "X said"), when the text names one
    reporter: SpanRef | None = None
    #: character offsets of the trigger word(s)
    trigger_start: int | None = None
    trigger_end: int | None = None

    # builtins.type: the field ``type`` above shadows the builtin inside this class body
    _nested: ClassVar[dict[str, builtins.type[Record]]] = {"source": SpanRef, "target": SpanRef, "reporter": SpanRef}


@dataclass(frozen=True)
class Figure(Record):
    """A number in the text, normalised: ``value`` is a float, ``unit`` what it counts."""

    text: str
    start: int
    end: int
    value: float | None
    unit: str | None = None
    #: the predicate the counted thing is attached to (*injure* in "40 people were injured")
    about: str | None = None


@dataclass(frozen=True)
class DateMention(Record):
    """A date expression resolved against the publication date where possible."""

    text: str
    start: int
    end: int
    value: str | None  # ISO date
    precision: str | None = None  # day, week, part-month, month, season, part-year, year, decade


@dataclass(frozen=True)
class MainEvent(Record):
    """The main event of an article as 5W1H phrases (Giveme5W1H style), each a phrase of the text or None."""

    who: str | None = None
    what: str | None = None
    when: str | None = None
    where: str | None = None
    why: str | None = None
    how: str | None = None
    #: ``when`` resolved against the publication date (see DateMention.value)
    date: str | None = None
    #: the PLOVER category, when the main event is one of the extracted events
    type: str | None = None
    #: the sentence it comes from (offsets into the article text; None when it comes from the title)
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Label(Record):
    """What an article calls an actor: an apposition (*Varga, a reformer,*) or a predicate (*she is a
    hardliner*). ``actor`` is the mention labelled; ``text``/``start``/``end`` the label's own span."""

    actor: SpanRef
    text: str
    start: int
    end: int
    kind: str  # apposition | predicate

    _nested: ClassVar[dict[str, type[Record]]] = {"actor": SpanRef}


@dataclass(frozen=True)
class Actor(Record):
    id: str
    name: str
    type: str  # PERSON, ORG, GPE, NORP, LOC, ...
    country: str | None = None  # ISO 3166 alpha-3
    sector: str | None = None  # PLOVER sector
    aliases: tuple[str, ...] = ()
    #: titles and offices the actor was named with or held ("president", "former prime minister")
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClaimMention(Record):
    article_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Claim(Record):
    id: str
    relation: str  # one of CLAIM_RELATIONS
    note: str
    mentions: tuple[ClaimMention, ...] = ()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        return cls(
            id=data["id"],
            relation=data["relation"],
            note=data["note"],
            mentions=tuple(ClaimMention.from_dict(m) for m in data.get("mentions", ())),
        )


@dataclass(frozen=True)
class Story(Record):
    id: str
    title: str
    article_ids: tuple[str, ...] = ()
    claims: tuple[Claim, ...] = ()


@dataclass(frozen=True)
class Analysis(Record):
    """Everything the per-article stage found in one article."""

    article: Article
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    figures: tuple[Figure, ...] = ()
    dates: tuple[DateMention, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    #: the article's main event (who/what/when/where/why/how), when one was found
    main_event: MainEvent | None = None
    labels: tuple[Label, ...] = ()
