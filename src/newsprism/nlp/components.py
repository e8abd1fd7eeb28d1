"""newsprism pipeline components, registered as spaCy factories.

Each one calls a pure function from ``newsprism.extract`` and stores its records on the Doc. They are
exposed through the ``spacy_factories`` entry point, so ``nlp.add_pipe("newsprism_quotes")`` works in
any spaCy pipeline once newsprism is installed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            tok.is_sent_start = True
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
