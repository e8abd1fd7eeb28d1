"""Labels an article attaches to actors: appositions and copular predicates.

*Varga, a reformer who has spent her first year…* → (Varga, "a reformer", apposition);
*the transport minister, Kasimir Dorn,* → (Kasimir Dorn, "the transport minister", apposition);
*Reyl is a pragmatist* → (Reyl, "a pragmatist", predicate). The label span is the noun with its
determiner, adjectives and compounds, plus a short prepositional phrase (*a hardliner on the fisheries
question*), never a whole relative clause.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..records import Label, SpanRef

LABEL_TARGETS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_LEFT_DEPS = frozenset({"det", "amod", "compound", "poss", "nmod", "advmod", "nummod", "case", "npadvmod"})
_COPULAS = frozenset({"be", "remain", "become", "seem", "appear"})
MAX_PREP_TOKENS = 5
MAX_LABEL_TOKENS = 10


def _entity_of(token: Token) -> Span | None:
    if token.ent_type_ not in LABEL_TARGETS:
        return None
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return ent
    return None


def _label_span(noun: Token) -> tuple[int, int] | None:
    """Token range [start, end) of the label headed by ``noun``."""
    if noun.pos_ not in {"NOUN", "ADJ", "PROPN"} or noun.ent_type_ in LABEL_TARGETS and noun.pos_ == "PROPN":
        return None
    start = noun.i
    for child in noun.lefts:
        if child.dep_ in _LEFT_DEPS:
            start = min(start, child.left_edge.i)
    end = noun.i + 1
    for child in noun.rights:
        if child.dep_ == "prep" and child.i == end:
            sub = list(child.subtree)
            if len(sub) <= MAX_PREP_TOKENS:
                end = sub[-1].i + 1
            break
    if end - start > MAX_LABEL_TOKENS:
        return None
    return start, end


def _make(doc: Doc, ent: Span, span: tuple[int, int], kind: str) -> Label | None:
    start, end = span
    label = doc[start:end]
    if kind == "apposition" and not _comma_between(doc, ent, label):
        return None
    # A label never contains the actor itself (*President Ilse Varga* is a title, handled by actors).
    if label.start < ent.end and ent.start < label.end:
        return None
    text = label.text.strip(" ,")
    if not text or not any(c.isalpha() for c in text):
        return None
    offset = label.text.find(text)
    actor = SpanRef(text=ent.text, start=ent.start_char, end=ent.end_char)
    start_char = label.start_char + offset
    return Label(actor=actor, text=text, start=start_char, end=start_char + len(text), kind=kind)


def _comma_between(doc: Doc, ent: Span, label: Span) -> bool:
    """An apposition sits next to its actor, a comma between them (*Varga, a reformer*)."""
    gap = doc[ent.end:label.start] if ent.end <= label.start else doc[label.end:ent.start]
    return len(gap) == 1 and gap[0].text in {",", "—", "–", "("}


def labels(doc: Doc) -> list[Label]:
    out: list[Label] = []
    seen: set[tuple[int, int]] = set()
    for token in doc:
        found: Label | None = None
        if token.dep_ == "appos":
            head = token.head
            ent_head, ent_tok = _entity_of(head), _entity_of(token)
            if ent_head is not None and ent_tok is None:
                span = _label_span(token)  # Varga, a reformer
                found = _make(doc, ent_head, span, "apposition") if span else None
            elif ent_tok is not None and ent_head is None:
                span = _label_span(head)  # the transport minister, Kasimir Dorn
                found = _make(doc, ent_tok, span, "apposition") if span else None
        elif token.dep_ in {"attr", "acomp"} and token.head.lemma_ in _COPULAS:
            subjects = [c for c in token.head.lefts if c.dep_ == "nsubj"]
            if subjects:
                ent = _entity_of(subjects[0])
                negated = any(c.dep_ == "neg" for c in token.head.children)
                span = _label_span(token)
                if ent is not None and span and not negated:
                    found = _make(doc, ent, span, "predicate")
        if found is not None and (found.start, found.end) not in seen:
            seen.add((found.start, found.end))
            out.append(found)
    return out
