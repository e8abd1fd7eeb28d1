"""Quotations and their speakers.

Two passes: ``scan_quote_marks`` pairs quote marks in the raw text (no parse needed), then ``quotes``
reads the parse around each pair to find the cue (*said*, *according to*), the speaker and the kind;
reported speech without marks (*X said that ...*) is found from cue verbs with a clausal complement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .. import lexicons
from ..records import Quote, SpanRef
from .spans import PRONOUNS, actor_span, span_ref

# opener -> closers that end it
_DOUBLE = {"“": "”", "„": "“”", "«": "»", "»": "«", '"': '"', "``": "''"}
_SINGLE = {"‘": "’", "'": "'", "‹": "›"}
_NAMING_WORDS = frozenset({"named", "dubbed", "titled", "entitled", "nicknamed", "christened", "codenamed"})
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
_WORD = re.compile(r"\w+")
_SO_CALLED = re.compile(r"\bso[- ]called\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class QuoteSpan:
    """A paired quotation: ``open_at``/``close_at`` are the mark positions, the content lies between."""

    open_at: int
    close_at: int  # index of the closing mark
    open_mark: str
    close_mark: str

    @property
    def start(self) -> int:
        return self.open_at + len(self.open_mark)

    @property
    def end(self) -> int:
        return self.close_at


def _is_single_opener(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-\"“") and not after.isspace() and after not in ".,;:"


def _is_single_closer(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace():
        return False
    # A letter on both sides is an apostrophe: won’t, Brazil’s, rock’n’roll.
    return not after.isalnum()


def scan_quote_marks(text: str) -> list[QuoteSpan]:
    """Pair quote marks paragraph by paragraph.

    A quote that is still open at the end of a paragraph continues when the next paragraph opens with
    a quote mark (the newspaper convention); otherwise it is unbalanced and dropped, so a stray mark
    never swallows the rest of the article.
    """
    spans: list[QuoteSpan] = []
    open_at = -1
    open_mark = ""
    closers = ""
    single = False
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        two = text[i : i + 2]
        if ch == "\n":
            if open_at >= 0:
                j = i
                while j < n and text[j] in "\n \t":
                    j += 1
                if j < n and text.startswith(open_mark, j):
                    i = j + len(open_mark)
                    continue
                open_at = -1
            i += 1
            continue
        if open_at >= 0:
            mark = two if two in ("''",) and closers == "''" else ch
            if mark in closers and (not single or _is_single_closer(text, i)):
                if i > open_at + len(open_mark):
                    spans.append(QuoteSpan(open_at, i, open_mark, mark))
                open_at = -1
                i += len(mark)
                continue
            i += 1
            continue
        if two == "``":
            open_at, open_mark, closers, single = i, "``", "''", False
            i += 2
            continue
        if ch in _DOUBLE and ch not in "»":
            open_at, open_mark, closers, single = i, ch, _DOUBLE[ch], False
        elif ch in _SINGLE and _is_single_opener(text, i):
            open_at, open_mark, closers, single = i, ch, _SINGLE[ch], True
        i += 1
    return spans


def _sentences_over(doc: Doc, start: int, end: int) -> list[Span]:
    return [s for s in doc.sents if s.start_char < end and s.end_char > start]


def _resolve_pronoun(doc: Doc, token: Token) -> tuple[int, int] | None:
    """The nearest named mention before ``token`` that the pronoun can refer to."""
    wanted = {"PERSON"} if token.lower_ in _PERSON_PRONOUNS else {"PERSON", "ORG", "GPE", "NORP"}
    best = None
    for ent in doc.ents:
        if ent.end_char > token.idx:
            break
        if ent.label_ in wanted:
            best = ent
    if best is None:
        return None
    ref = span_ref(best)
    return (ref.start, ref.end)


def _speaker_of(doc: Doc, cue: Token) -> SpanRef | None:
    subj = None
    head = cue
    for _ in range(3):
        subj = next((c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subj is not None or head.dep_ not in {"conj", "xcomp", "advcl"} or head.head is head:
            break
        head = head.head
    if subj is None:
        # "..., said the senator": spaCy sometimes attaches the post-posed subject as dobj/attr.
        subj = next((c for c in cue.rights if c.dep_ in {"dobj", "attr"} and c.pos_ in {"PROPN", "NOUN"}), None)
    if subj is None:
        return None
    if subj.dep_ == "nsubjpass":
        agent = next((c for c in cue.children if c.dep_ == "agent"), None)
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        if pobj is None:
            return None
        subj = pobj
    ref = span_ref(actor_span(subj))
    if subj.lower_ in PRONOUNS:
        return SpanRef(text=subj.text, start=subj.idx, end=subj.idx + len(subj.text), refers_to=_resolve_pronoun(doc, subj))
    return ref


def _according_to(tokens: list[Token]) -> tuple[Token, SpanRef] | None:
    for tok in tokens:
        if tok.lower_ == "according":
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            if to is None and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
                to = tok.doc[tok.i + 1]
            if to is None:
                continue
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return tok, span_ref(actor_span(pobj))
    return None


def _cue_tokens(tokens: list[Token]) -> list[Token]:
    verbs = lexicons.cue_verbs()
    return [
        t for t in tokens
        if t.lemma_.lower() in verbs and t.pos_ in {"VERB", "AUX"}
        and not (t.i >= 2 and t.doc[t.i - 1].text == "-" and t.doc[t.i - 2].lower_ == "so")
    ]


def quotes(doc: Doc) -> list[Quote]:
    text = doc.text
    found: list[Quote] = []
    covered: list[tuple[int, int]] = []
    last_speaker: SpanRef | None = None
    last_end = -1
    for qs in scan_quote_marks(text):
        content = text[qs.start : qs.end]
        if not content.strip():
            continue
        words = _WORD.findall(content)
        before_words = _WORD.findall(text[max(0, qs.open_at - 30) : qs.open_at])
        if before_words and before_words[-1].lower() in _NAMING_WORDS and len(words) <= 4:
            continue  # a name (a ship named 'Endeavour'), not a quote
        if _SO_CALLED.search(text[max(0, qs.open_at - 12) : qs.open_at]):
            # "the so-called 'harbour bargain'": words held at a distance, said by no one
            found.append(Quote(text=content, start=qs.start, end=qs.end, kind="scare"))
            covered.append((qs.open_at, qs.close_at + 1))
            continue
        sents = _sentences_over(doc, qs.open_at, qs.close_at + 1)
        outside = [t for s in sents for t in s if t.idx < qs.open_at or t.idx > qs.close_at]
        cues = _cue_tokens(outside)
        speaker: SpanRef | None = None
        cue_word: str | None = None
        according = _according_to(outside)
        if cues:
            # A cue whose clause holds the quote wins; otherwise the nearest one.
            first = next((t for s in sents for t in s if t.idx >= qs.start), None)
            governing = [c for c in cues if first is not None and c.left_edge.i <= first.i <= c.right_edge.i
                         and first in c.subtree]
            cue = min(governing or cues, key=lambda t: min(abs(t.idx - qs.open_at), abs(t.idx - qs.close_at)))
            cue_word = cue.text
            speaker = _speaker_of(doc, cue)
        elif according is not None:
            cue_word = "according to"
            speaker = according[1]
        else:
            colon = text[:qs.open_at].rstrip()
            if colon.endswith(":") and sents:
                root = sents[0].root
                subj = next((c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
                if subj is not None and subj.idx < qs.open_at:
                    speaker = span_ref(actor_span(subj))
                    cue_word = ":"
        sent_chars = sum(len(s.text) for s in sents) or len(content)
        share = len(content) / sent_chars
        starts_upper = content.lstrip()[:1].isupper()
        if cue_word is None:
            follows = last_speaker is not None and 0 <= qs.open_at - last_end < 400
            if follows and starts_upper and len(words) >= 4 and share > 0.6:
                kind, speaker = "direct", last_speaker
            elif len(words) <= 5:
                kind = "scare"
            else:
                kind = "direct"
        elif starts_upper and (share > 0.45 or content.rstrip()[-1:] in ".,!?"):
            kind = "direct"
        else:
            kind = "partial"
        found.append(Quote(text=content, start=qs.start, end=qs.end, kind=kind, cue=cue_word, speaker=speaker))
        covered.append((qs.open_at, qs.close_at + 1))
        if speaker is not None:
            last_speaker, last_end = speaker, qs.close_at
    found.extend(_indirect(doc, covered))
    found.sort(key=lambda q: (q.start, q.end))
    return found


def _trim(doc: Doc, start_tok: int, end_tok: int) -> tuple[int, int] | None:
    while start_tok < end_tok and (doc[start_tok].dep_ == "mark" or doc[start_tok].is_punct):
        start_tok += 1
    while end_tok > start_tok and doc[end_tok - 1].is_punct:
        end_tok -= 1
    if end_tok - start_tok < 3:
        return None
    return doc[start_tok].idx, doc[end_tok - 1].idx + len(doc[end_tok - 1].text)


def _indirect(doc: Doc, covered: list[tuple[int, int]]) -> list[Quote]:
    """Reported speech and belief without quote marks: cue verbs with a clause, and *according to X*."""
    out: list[Quote] = []

    def overlaps(a: int, b: int) -> bool:
        return any(a < e and b > s for s, e in covered)

    for sent in doc.sents:
        tokens = list(sent)
        for cue in _cue_tokens(tokens):
            comp = next((c for c in cue.children if c.dep_ == "ccomp" and c.i > cue.i), None)
            if comp is None:
                continue
            span = _trim(doc, comp.left_edge.i, comp.right_edge.i + 1)
            if span is None or overlaps(*span):
                continue
            speaker = _speaker_of(doc, cue)
            out.append(Quote(text=doc.text[span[0] : span[1]], start=span[0], end=span[1], kind="indirect",
                             cue=cue.text, speaker=speaker))
            covered.append(span)
        according = _according_to(tokens)
        if according is not None:
            tok, speaker = according
            phrase_end = max(t.i for t in tok.subtree) + 1
            phrase_start = min(t.i for t in tok.subtree)
            if phrase_start == sent.start:
                span = _trim(doc, phrase_end, sent.end)
            else:
                span = _trim(doc, sent.start, phrase_start)
            if span is None or overlaps(*span):
                continue
            out.append(Quote(text=doc.text[span[0] : span[1]], start=span[0], end=span[1], kind="indirect",
                             cue="according to", speaker=speaker))
            covered.append(span)
    return out
