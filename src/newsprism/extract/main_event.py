"""The main event of an article, as who / what / when / where / why / how (in the manner of Giveme5W1H).

News puts the main event first: in the headline and the lead. The main sentence is chosen among the title
and the first body sentences, preferring early sentences that hold a political event (from
:func:`newsprism.extract.events.events`) and a clause with a subject. Its subject is *who*, its predicate
*what*; *when* and *where* are the date and place expressions of that sentence or, failing that, of the
lead; *why* follows a cause marker (*because*, *due to*, *after*, *over*, *in response to*, *for*); *how*
is the means or manner (*with a truck bomb*, *by ...ing*, *despite ...*), else the action itself.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..records import Event, MainEvent
from .dates import resolve
from .events import events as find_events

_LEAD_SENTENCES = 4
_WHEN_LABELS = frozenset({"DATE", "TIME"})
_WHERE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_WHERE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "on", "from"})
_CAUSE_MARKERS = (
    "because of",
    "because",
    "due to",
    "as a result of",
    "in response to",
    "in protest at",
    "in protest against",
    "following",
    "after",
    "amid",
    "over",
    "for",
    "since",
)
_MANNER_PREPS = frozenset({"with", "by", "using", "via", "through", "despite"})
_CUT_DEPS = frozenset({"relcl", "advcl", "acl", "appos", "punct", "parataxis", "cc", "conj", "mark"})
_MAX_WORDS = 14
_MOTION = frozenset({"go", "come", "travel", "fly", "arrive", "land", "head", "return"})


def _clause_root(sent: Span) -> Token | None:
    root = sent.root
    if root.pos_ in {"VERB", "AUX"}:
        return root
    # a headline like "Tram derails in Croydon, killing 7" may be parsed around a noun; take its first verb
    return next((t for t in sent if t.pos_ == "VERB" and t.dep_ not in {"amod", "compound"}), None)


def _phrase(tokens: list[Token]) -> str | None:
    if not tokens:
        return None
    tokens = sorted(tokens, key=lambda t: t.i)
    doc = tokens[0].doc
    span = doc[tokens[0].i : tokens[-1].i + 1]
    words = [t for t in span if not t.is_space]
    while words and (words[-1].is_punct or words[-1].lower_ in {"and", "or", "but"}):
        words.pop()
    while words and (words[0].is_punct or words[0].lower_ in {"and", "or", "but"}):
        words.pop(0)
    if not words:
        return None
    words = words[:_MAX_WORDS]
    return doc[words[0].i : words[-1].i + 1].text.strip() or None


def _trimmed_subtree(tok: Token, cut: frozenset[str] = _CUT_DEPS) -> list[Token]:
    out = [tok]
    for child in tok.children:
        if child.dep_ in cut:
            continue
        out.extend(_trimmed_subtree(child, cut))
    return out


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass", "csubj"}:
            return child
    if verb.dep_ in {"conj", "xcomp", "advcl"} and verb.head is not verb:
        return _subject(verb.head)
    return None


def _who(verb: Token) -> str | None:
    subj = _subject(verb)
    if subj is None:
        return None
    if subj.pos_ == "PRON":
        return None
    tokens = _trimmed_subtree(subj, _CUT_DEPS - {"cc", "conj", "punct"})
    return _phrase(tokens)


def _what(verb: Token) -> str | None:
    tokens = [verb]
    for child in verb.children:
        if child.dep_ in {"neg", "prt", "auxpass"} or (child.dep_ == "aux" and child.lower_ not in {"to"}):
            tokens.append(child)
        elif child.dep_ in {"dobj", "attr", "acomp", "oprd", "dative", "xcomp", "ccomp"} and child.i > verb.i:
            tokens.extend(_trimmed_subtree(child))
        elif (
            child.dep_ == "prep"
            and child.i > verb.i
            and child.lower_ not in _WHERE_PREPS | {"during", "after", "before"}
        ):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.ent_type_ not in _WHEN_LABELS | _WHERE_LABELS:
                tokens.extend(_trimmed_subtree(child))
    # keep it contiguous from the verb on: the predicate, not what precedes it
    tokens = [t for t in tokens if t.i >= verb.i or t.dep_ in {"aux", "neg", "auxpass"}]
    return _phrase(tokens)


def _ents(span: Span, labels: frozenset[str]) -> list[Span]:
    return [e for e in span.ents if e.label_ in labels]


def _where(sent: Span) -> str | None:
    ranked = sorted(
        _ents(sent, _WHERE_LABELS),
        key=lambda e: (not (e.root.dep_ == "pobj" and e.root.head.lower_ in _WHERE_PREPS), e.start),
    )
    return ranked[0].text if ranked else None


def _when(sent: Span, published: str | None = None) -> Span | None:
    """The sentence's date or time expression, preferring one that resolves to a date (not "four years")."""
    found = _ents(sent, _WHEN_LABELS)
    resolvable = [e for e in found if e.label_ == "TIME" or resolve(e.text, published)[0] is not None]
    candidates = resolvable or found
    return candidates[0] if candidates else None


def _why(sent: Span) -> str | None:
    text_lower = [t.lower_ for t in sent]
    for marker in _CAUSE_MARKERS:
        parts = marker.split()
        for i in range(len(text_lower) - len(parts) + 1):
            if text_lower[i : i + len(parts)] != parts:
                continue
            tok = sent[i + len(parts) - 1]
            if marker in {"for", "over", "after", "since", "following"}:
                # only a cause when it takes an event or an action: "for stopping", "over the closure"
                obj = next((c for c in tok.children if c.dep_ in {"pobj", "pcomp"}), None)
                if obj is None or obj.ent_type_ in _WHEN_LABELS or (marker == "for" and obj.pos_ != "VERB"):
                    continue
                return _phrase(_trimmed_subtree(obj))
            tail = [c for c in tok.children if c.dep_ in {"pobj", "pcomp"}]
            if tok.dep_ == "mark":
                return _phrase(_trimmed_subtree(tok.head, _CUT_DEPS - {"mark"}))
            if tail:
                return _phrase(_trimmed_subtree(tail[0]))
            if i + len(parts) < len(sent):
                nxt = sent[i + len(parts)]
                return _phrase(_trimmed_subtree(nxt.head if nxt.head.i > tok.i else nxt))
    return None


def _purpose(sent: Span) -> str | None:
    """ "... lands in Washington to meet Obama": the purpose clause of the main verb"""
    root = _clause_root(sent)
    if root is None:
        return None
    for child in root.children:
        if child.dep_ in {"advcl", "xcomp"} and child.i > root.i and child.pos_ == "VERB" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in child.children
        ):
            if child.dep_ == "xcomp" and root.lemma_.lower() not in _MOTION:
                continue  # "agreed to meet" is the event itself, not its purpose
            return _phrase(_trimmed_subtree(child, _CUT_DEPS - {"mark"}))
    return None


def _how(verb: Token) -> str | None:
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in _MANNER_PREPS:
            obj = next((c for c in child.children if c.dep_ in {"pobj", "pcomp"}), None)
            if obj is not None and obj.ent_type_ not in _WHEN_LABELS | _WHERE_LABELS:
                return _phrase(_trimmed_subtree(child))
        if (
            child.dep_ == "advmod"
            and child.lower_.endswith("ly")
            and child.lower_ not in {"only", "early", "reportedly"}
        ):
            return child.text
    for child in verb.children:
        if child.dep_ in {"advcl", "conj"} and child.pos_ == "VERB" and child.i > verb.i:
            return _what(child)
    return None


def _how_anywhere(root: Token | None, ordered: list[Span]) -> str | None:
    """Means or manner of the main sentence, else of the lead; else the action of the next lead sentence."""
    for sent in ordered:
        verb = root if sent is ordered[0] else _clause_root(sent)
        if verb is not None:
            found = _how(verb)
            if found:
                return found
    for sent in ordered[1:]:
        verb = _clause_root(sent)
        if verb is not None:
            return _what(verb)
    return None


def _score(sent: Span, index: int, has_event: bool, is_title: bool) -> float:
    root = _clause_root(sent)
    score = 1.7 if is_title else 1.0 - 0.2 * index
    if has_event:
        score += 0.4
    if root is not None and _subject(root) is not None:
        score += 0.5
        subj = _subject(root)
        if subj is not None and subj.ent_type_:
            score += 0.2
    if root is None:
        score -= 1.0
    if len(sent) < 4:
        score -= 0.5
    return score


def main_event(
    doc: Doc, *, title: Doc | None = None, published: str | None = None, found: list[Event] | None = None
) -> MainEvent:
    """The article's main event. ``title`` is the parsed headline, when there is one; ``found`` the events
    already extracted from ``doc`` (extracted here when not given)."""
    body = [s for s in doc.sents if any(not t.is_space for t in s)][:_LEAD_SENTENCES]
    if found is None:
        found = find_events(doc, published)
    event_starts = {e.start for e in found if not e.negated}
    candidates: list[tuple[float, Span, bool]] = []
    if title is not None:
        for sent in list(title.sents)[:1]:
            candidates.append((_score(sent, 0, False, True), sent, True))
    for i, sent in enumerate(body):
        candidates.append((_score(sent, i, sent.start_char in event_starts, False), sent, False))
    if not candidates:
        return MainEvent()
    _, best, from_title = max(candidates, key=lambda c: c[0])
    root = _clause_root(best)
    ordered = [best] + [s for _, s, _ in candidates if s is not best]
    further = [s for s in list(doc.sents)[_LEAD_SENTENCES : _LEAD_SENTENCES * 3]]
    when_span = next((w for w in (_when(s, published) for s in ordered + further) if w is not None), None)
    where = next((w for w in (_where(s) for s in ordered + further) if w), None)
    why = (
        next((w for w in (_why(s) for s in ordered[:2]) if w), None)
        or next((w for w in (_purpose(s) for s in ordered[:2]) if w), None)
        or next((w for w in (_why(s) for s in ordered[2:] + further) if w), None)
    )
    event = (
        next((e for e in found if e.start == best.start_char and not e.negated), None)
        if not from_title
        else None
    )
    who = _who(root) if root is not None else None
    if who is None and event is not None and event.source is not None:
        who = event.source.text
    if who is None:
        # a headline without a subject ("Tram derails in Croydon"): the lead names who
        for sent in ordered[1:3]:
            verb = _clause_root(sent)
            who = _who(verb) if verb is not None else None
            if who:
                break
    return MainEvent(
        who=who,
        what=_what(root) if root is not None else None,
        when=when_span.text if when_span is not None else None,
        where=where,
        why=why,
        how=_how_anywhere(root, ordered),
        date=resolve(when_span.text, published)[0] if when_span is not None else None,
        type=event.type if event is not None else None,
        start=None if from_title else best.start_char,
        end=None if from_title else best.end_char,
    )
