"""Political events coded to PLOVER categories (first version: verb and noun lexicon over the parse)."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from .. import lexicons
from ..records import Event, SpanRef
from .spans import actor_span, span_ref

_NEGATORS = frozenset({"not", "never", "n't", "no"})
_NEGATING_HEADS = frozenset({"refuse", "fail", "decline", "reject"})
_MODALS = frozenset({"could", "would", "may", "might", "should", "will", "shall", "'ll"})
_PLANNING_HEADS = frozenset({"threaten", "plan", "intend", "consider", "vow", "promise", "propose", "want", "seek"})
_TARGET_DEPS = ("dobj", "dative", "attr")
_TARGET_PREPS = frozenset({"on", "against", "with", "to", "at", "into", "from", "for"})


def _category(tok: Token) -> str | None:
    verbs = lexicons.event_verbs()
    lemma = tok.lemma_.lower()
    for child in tok.children:
        if child.dep_ in {"prt", "prep"}:
            phrasal = f"{lemma} {child.lower_}"
            if phrasal in verbs:
                return verbs[phrasal]
    return verbs.get(lemma)


def _subject(tok: Token) -> Token | None:
    head = tok
    for _ in range(3):
        subj = next((c for c in head.children if c.dep_ in {"nsubj", "csubj"}), None)
        if subj is not None:
            return subj
        agent = next((c for c in head.children if c.dep_ == "agent"), None)
        if agent is not None:
            return next((c for c in agent.children if c.dep_ == "pobj"), None)
        if head.dep_ in {"conj", "xcomp"} and head.head is not head:
            head = head.head
        else:
            return None
    return None


def _object(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ in _TARGET_DEPS or child.dep_ == "nsubjpass":
            return child
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in _TARGET_PREPS:
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    return None


def _ref(tok: Token | None) -> SpanRef | None:
    if tok is None or tok.pos_ not in {"PROPN", "NOUN", "PRON"}:
        return None
    return span_ref(actor_span(tok))


def _negated(tok: Token) -> bool:
    if any(c.dep_ == "neg" or c.lower_ in _NEGATORS for c in tok.children):
        return True
    head = tok.head
    if tok.dep_ == "xcomp" and head.lemma_.lower() in _NEGATING_HEADS:
        return True
    return any(c.dep_ == "neg" for c in head.children) if tok.dep_ == "xcomp" else False


def _hypothetical(tok: Token) -> bool:
    if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in tok.children):
        return True
    if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in _PLANNING_HEADS:
        return True
    return any(c.dep_ == "mark" and c.lower_ == "if" for c in tok.children)


def _location(sent: Span) -> str | None:
    for ent in sent.ents:
        if ent.label_ in {"GPE", "LOC", "FAC"} and ent.root.head.lower_ in {"in", "at", "near", "outside"}:
            return ent.text
    return None


def events(doc: Doc) -> list[Event]:
    out: list[Event] = []
    nouns = lexicons.event_nouns()
    for sent in doc.sents:
        location = _location(sent)
        for tok in sent:
            category = None
            source = target = None
            if tok.pos_ == "VERB":
                category = _category(tok)
                if category is None:
                    continue
                source, target = _subject(tok), _object(tok)
            elif tok.pos_ == "NOUN" and tok.lemma_.lower() in nouns:
                category = nouns[tok.lemma_.lower()]
                # "the summit between X and Y", "talks with X"
                for child in tok.children:
                    if child.dep_ == "prep" and child.lower_ in {"between", "with", "against", "on", "by"}:
                        pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                        if pobj is None:
                            continue
                        if child.lower_ in {"between", "by"} and source is None:
                            source = pobj
                            conj = next((c for c in pobj.children if c.dep_ == "conj"), None)
                            target = conj or target
                        else:
                            target = pobj
                if source is None and target is None:
                    continue
            else:
                continue
            out.append(
                Event(
                    type=category,
                    trigger=tok.text,
                    start=sent.start_char,
                    end=sent.end_char,
                    negated=_negated(tok),
                    hypothetical=_hypothetical(tok),
                    source=_ref(source),
                    target=_ref(target),
                    location=location,
                )
            )
    return out


def main_of_sentence(events: list[Event]) -> Event | None:
    return events[0] if events else None
