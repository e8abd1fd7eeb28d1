"""newsprism pipeline components, registered as spaCy factories.

Each one calls a pure function from ``newsprism.extract`` and stores its records on the Doc. They are
exposed through the ``spacy_factories`` entry point, so ``nlp.add_pipe("newsprism_quotes")`` works in
any spaCy pipeline once newsprism is installed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from spacy.attrs import IS_SPACE, SENT_START
from spacy.errors import Errors
from spacy.language import Language
from spacy.tokens import Doc

from .. import extract
from ..records import Record
from .extensions import register_extensions, set_records

register_extensions()


class _Component:
    def __init__(self, kind: str, fn: Callable[[Doc], list[Any]]) -> None:
        self.kind = kind
        self.fn = fn

    def __call__(self, doc: Doc) -> Doc:
        records: list[Record] = self.fn(doc)
        set_records(doc, self.kind, records)
        return doc


def paragraphs(doc: Doc) -> Doc:
    """Start a sentence after every line break. Put it before the parser, which keeps these boundaries."""
    if len(doc) < 2:
        return doc
    # A line break is always in a space token (a token's own trailing whitespace is one space at most),
    # so only those are looked at, not every token in Python; and the boundaries are written in one
    # from_array, because Token.is_sent_start's setter scans the whole Doc for a parse on every call.
    spaces = np.flatnonzero(doc.to_array([IS_SPACE]).reshape(-1)[:-1])
    after = [int(i) + 1 for i in spaces if "\n" in doc[int(i)].text]
    if after:
        if doc.has_annotation("DEP"):
            raise ValueError(Errors.E043)  # as the setter would: the parser has already set boundaries
        flags = doc.to_array([SENT_START]).reshape(len(doc), 1)
        flags[after, 0] = 1
        doc.from_array([SENT_START], flags)  # type: ignore[arg-type]
    return doc


@Language.factory("newsprism_paragraphs", assigns=["token.is_sent_start"])
def make_paragraphs(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return paragraphs


@Language.factory("newsprism_entities", assigns=["doc._.newsprism_mentions"], requires=["doc.ents"])
def make_entities(nlp: Language, name: str) -> _Component:
    return _Component("mentions", extract.entities)


@Language.factory(
    "newsprism_quotes", assigns=["doc._.newsprism_quotes"], requires=["doc.sents", "token.dep", "token.lemma"]
)
def make_quotes(nlp: Language, name: str) -> _Component:
    return _Component("quotes", extract.quotes)


@Language.factory("newsprism_events", assigns=["doc._.newsprism_events"], requires=["token.dep", "token.lemma"])
def make_events(nlp: Language, name: str) -> _Component:
    return _Component("events", extract.events)


@Language.factory("newsprism_figures", assigns=["doc._.newsprism_figures"], requires=["doc.ents"])
def make_figures(nlp: Language, name: str) -> _Component:
    return _Component("figures", extract.figures)


@Language.factory("newsprism_labels", assigns=["doc._.newsprism_labels"], requires=["doc.ents", "token.dep"])
def make_labels(nlp: Language, name: str) -> _Component:
    return _Component("labels", extract.labels)


@Language.factory("newsprism_dates", assigns=["doc._.newsprism_dates"], requires=["doc.ents"])
def make_dates(nlp: Language, name: str) -> _Component:
    return _Component("dates", lambda doc: extract.dates(doc, doc._.newsprism_published))
