"""Helpers shared by the extractors: turning parse tokens into clean actor spans."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..records import SpanRef

ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them", "we", "i", "it"})
_TRIM_LEFT = frozenset({"the", "a", "an"})


def entity_of(token: Token) -> Span | None:
    """The named entity the token belongs to, if it is an actor-like entity."""
    if token.ent_type_ in ACTOR_LABELS:
        for ent in token.doc.ents:
            if ent.start <= token.i < ent.end:
                return ent
    return None


def noun_phrase(token: Token) -> Span:
    """The compact noun phrase headed by ``token``: modifiers to its left, no clauses or appositions."""
    doc = token.doc
    start = token.i
    for child in token.lefts:
        if child.dep_ in {"compound", "amod", "det", "poss", "nmod", "nummod", "case"} or child.ent_type_:
            start = min(start, child.left_edge.i)
    end = token.i + 1
    for child in token.rights:
        if child.dep_ in {"compound", "flat"} or (child.dep_ == "case" and child.i == end):
            end = max(end, child.i + 1)
        elif child.dep_ == "prep" and child.lower_ == "of" and child.i == end:
            # "the mayor of Velmora", "the head of the agency"
            end = max(end, child.right_edge.i + 1)
    while start < token.i and doc[start].lower_ in _TRIM_LEFT:
        start += 1
    return doc[start:end]


def actor_span(token: Token) -> Span:
    """Best span for an actor named by ``token``: its named entity, else its noun phrase."""
    ent = entity_of(token)
    if ent is not None:
        return ent
    # "Foreign Minister Penny Wong": the head is the surname; prefer a PERSON entity among its compounds.
    for child in token.children:
        if child.dep_ in {"compound", "appos", "flat"}:
            inner = entity_of(child)
            if inner is not None:
                return inner
    return noun_phrase(token)


def span_ref(span: Span) -> SpanRef:
    text = span.text
    start = span.start_char
    end = span.end_char
    # A possessive 's is not part of the name.
    if text.endswith(("'s", "’s")):
        text, end = text[:-2], end - 2
    return SpanRef(text=text, start=start, end=end)


def char_span_doc(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")
