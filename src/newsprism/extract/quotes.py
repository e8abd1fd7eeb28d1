"""Quotations and their speakers.

Three passes over one parsed Doc:

1. ``scan_quote_marks`` pairs quote marks in the raw text (no parse needed): straight, curly and doubled
   (````…''``, ``''…''``) double quotes, single quotes told apart from apostrophes, guillemets; a quote
   left open at the end of a paragraph continues only when the next paragraph opens with a quote mark.
2. Each quoted span looks in its sentence for a cue (*said*, *according to*, a colon) and the cue's
   speaker, and is classed direct, partial or scare; a quote with no cue of its own continues the speaker
   of the quote just before it.
3. Reported speech and belief without marks (*X said that…*, *…, officials said*, *according to X, …*,
   *X's claim that…*, *X called for…*) comes from cue words and their complements in the parse.

Cue words, naming words and speaker nouns are data in ``lexicons/cues.yaml``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from .. import lexicons
from ..records import Quote, SpanRef
from .spans import PRONOUNS, actor_span, span_ref

# spaCy builds ``Doc.text`` anew from the tokens on every access (a join over the whole document); the
# extractors below read it many times per quotation, so the last document's text is kept here. Holding
# the Doc itself (not its id) makes the identity check safe; a Doc's text never changes once made.
_last_text: tuple[Doc | None, str] = (None, "")


def _text_of(doc: Doc) -> str:
    global _last_text
    last = _last_text  # one read: another thread may replace the pair meanwhile
    if last[0] is not doc:
        last = _last_text = (doc, doc.text)
    return last[1]


# opener -> the closers that end it
_DOUBLE: dict[str, tuple[str, ...]] = {
    "“": ("”", "“", '"'),  # a mixed pair: the writer typed one straight mark
    "„": ("“", "”"),
    "”": ("”", "“"),
    "«": ("»",),
    '"': ('"', "”"),
    "``": ("''",),
    "''": ("''",),
    "‹": ("›",),
}
_SINGLE: dict[str, tuple[str, ...]] = {"‘": ("’",), "'": ("'",)}
_MARK_CHARS = "\"'“”‘’«»‹›„`"
_TOGGLES = frozenset({'"', "''"})  # the same mark opens and closes
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "i"})
_WORD = re.compile(r"\w+")
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
_CLIMB = frozenset({"conj", "xcomp", "advcl", "ccomp", "acl", "relcl", "pcomp", "parataxis", "acomp"})


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

    @property
    def outer_end(self) -> int:
        return self.close_at + len(self.close_mark)


# -- pass 1: quote marks -------------------------------------------------------------------------------------
def _char(text: str, i: int) -> str:
    return text[i] if 0 <= i < len(text) else " "


def _opens(text: str, i: int, mark: str) -> bool:
    """Can ``mark`` at ``i`` open a quote? Not when a space follows it (then it closes something)."""
    after = _char(text, i + len(mark))
    if after.isspace() and not (mark == "”" and _opens_paragraph(text, i)):
        return False
    if mark in _SINGLE:
        before = _char(text, i - 1)
        # An apostrophe has a letter before it (won’t, Brazil’s) or opens a year ('90s).
        return (before.isspace() or before in '([{—–-"“:;') and after not in ".,;:" and not after.isdigit()
    if mark == "''":
        before = _char(text, i - 1)
        return not before.isalnum()
    if mark == "”":
        # a closing mark typed as an opener (”Fear. I am afraid…”): only at the start of a word, or opening a
        # paragraph before an ellipsis (” … what we saw at the quay …”)
        if not _char(text, i - 1).isspace():
            return False
        return after.isalnum() or after in "…." or (
            _opens_paragraph(text, i) and text[i + 1 : i + 4].lstrip(" \xa0")[:1] in ("…", ".")
        )
    return True


def _closes(text: str, i: int, mark: str) -> bool:
    before = _char(text, i - 1)
    if before.isspace() and mark not in ("”", "»", "›"):
        # '"… the word 'harbour,' "': a nested quote closes first and typesetters put a space between the
        # two closers; a closer then ends the outer quote, if no word follows it
        j = i - 1
        while j > 0 and text[j] in " \xa0":
            j -= 1
        return (
            mark in ('"', "''")
            and text[j] in "'’"
            and not _char(text, j - 1).isspace()
            and not _char(text, i + len(mark)).isalnum()
        )
    if mark in ("’", "'", "“"):
        # A letter on both sides is an apostrophe (won’t, Brazil’s); “ before a word opens a nested quote.
        return not _char(text, i + 1).isalnum()
    return True


def _mark_at(text: str, i: int) -> str:
    two = text[i : i + 2]
    if two in ("``", "''"):
        return two
    return text[i]


# a transcript line: a speaker's name in capitals and a colon ('"HOLT: Let us begin …'), or a stage note
_TRANSCRIPT_LINE = re.compile(r"(?:[A-Z][A-Z.'’-]+[^\S\n]+){0,2}[A-Z][A-Z.'’-]+:[^\S\n]+\S|\([A-Z][A-Z .'’-]+\.?\)")


def scan_quote_marks(text: str) -> list[QuoteSpan]:
    """Pair quote marks paragraph by paragraph.

    A quote that is still open at the end of a paragraph continues when the next paragraph opens with
    a quote mark (the newspaper convention); otherwise it is unbalanced and dropped, so a stray mark
    never swallows the rest of the article. A quoted transcript, whose lines each open with a mark and a
    speaker's name ('"HOLT: …'), often closes none of them: a line so labelled ends at its paragraph's
    end when the next paragraph is another speaker's line or no quotation at all.
    """
    spans: list[QuoteSpan] = []
    open_at = -1
    open_mark = ""
    closers: tuple[str, ...] = ()
    labelled = False  # the open quote is a transcript line
    inner = -1  # where a curly quotation nested in a straight one opens ('"… an episode of “Harbour Hour.” …')
    nested: list[QuoteSpan] = []  # the nested ones: quotations of their own if the outer mark proves stray
    i = 0
    n = len(text)

    def line_end(at: int) -> int:
        while at > open_at and text[at - 1] in " \t\r\xa0":
            at -= 1
        return at

    while i < n:
        ch = text[i]
        if ch == "\n":
            if open_at >= 0:
                j = i
                while j < n and text[j] in "\n \t\r\xa0":
                    j += 1
                next_opens = j < n and text.startswith(open_mark, j)
                next_line = next_opens and _TRANSCRIPT_LINE.match(text, j + len(open_mark)) is not None
                if (labelled or next_line) and (next_line or not next_opens):
                    # a transcript line ends with its paragraph: the next one is another speaker's, or prose
                    if text[open_at + len(open_mark) : line_end(i)].strip():
                        spans.append(QuoteSpan(open_at, line_end(i), open_mark, ""))
                    open_at, inner = -1, -1
                    nested.clear()
                    if next_line:
                        open_at, labelled = j, True
                        i = j + len(open_mark)
                        continue
                elif next_opens:
                    i = j + len(open_mark)
                    continue
                open_at, inner = -1, -1
                spans.extend(nested)  # the outer quotation never closed: the ones inside it stand alone
                nested.clear()
            i += 1
            continue
        mark = _mark_at(text, i)
        if open_at >= 0:
            if open_mark in ('"', "''", "``") and ch in "“”":
                # a curly pair inside a straight quotation is a quotation within it, not its end
                if ch == "“" and inner < 0 and _opens(text, i, ch):
                    inner = i
                    i += 1
                    continue
                if ch == "”" and inner >= 0:
                    if text[inner + 1 : i].strip():
                        nested.append(QuoteSpan(inner, i, "“", "”"))
                    inner = -1
                    i += 1
                    continue
            if mark in closers and _closes(text, i, mark):
                if text[open_at + len(open_mark) : i].strip():
                    spans.append(QuoteSpan(open_at, i, open_mark, mark))
                open_at, inner = -1, -1
                nested.clear()
                i += len(mark)
                continue
            if (
                mark in _TOGGLES
                and mark == open_mark
                and _char(text, i - 1).isspace()
                and _opens(text, i, mark)
            ):
                # ' "b' while a quote is open: the earlier mark was stray; this one opens
                open_at, inner = i, -1
                spans.extend(nested)
                nested.clear()
                i += len(mark)
                continue
            i += 1
            continue
        if mark in _DOUBLE and _opens(text, i, mark):
            open_at, open_mark, closers = i, mark, _DOUBLE[mark]
            labelled = _opens_paragraph(text, i) and _TRANSCRIPT_LINE.match(text, i + len(mark)) is not None
            i += len(mark)
            continue
        if ch in _SINGLE and _opens(text, i, ch):
            open_at, open_mark, closers, labelled = i, ch, _SINGLE[ch], False
        i += len(mark) if mark in ("``", "''") else 1
    if open_at >= 0 and labelled and text[open_at + len(open_mark) : line_end(n)].strip():
        spans.append(QuoteSpan(open_at, line_end(n), open_mark, ""))
    elif open_at >= 0:
        spans.extend(nested)
    spans.sort(key=lambda q: q.open_at)
    return spans


def _opens_paragraph(text: str, i: int) -> bool:
    return not text[text.rfind("\n", 0, i) + 1 : i].strip()


# -- speakers ------------------------------------------------------------------------------------------------
def _ent_at(doc: Doc, start: int, end: int, labels: Iterable[str]) -> Span | None:
    wanted = set(labels)
    for ent in doc.ents:
        if ent.start_char < end and ent.end_char > start and ent.label_ in wanted:
            return ent
    return None


def _nearest_before(doc: Doc, offset: int, labels: frozenset[str]) -> tuple[int, int] | None:
    best = None
    for ent in doc.ents:
        if ent.end_char > offset:
            break
        if ent.label_ in labels and len(_WORD.findall(ent.text)) <= 6:
            best = ent
    if best is None:
        return _nearest_name_before(doc, offset)
    ref = span_ref(best)
    # the same span as the entity's mention, which leaves out a leading article
    start = ref.start + 4 if ref.text.lower().startswith("the ") else ref.start
    return (start, ref.end)


def _nearest_name_before(doc: Doc, offset: int, window: int = 400) -> tuple[int, int] | None:
    """The last run of proper nouns shortly before ``offset``: the small model leaves many names untagged."""
    end_tok = None
    before = doc.char_span(0, offset, alignment_mode="contract") if offset else None
    for tok in reversed(doc[: before.end] if before is not None else doc[:0]):
        if tok.idx < offset - window:
            break
        if tok.pos_ == "PROPN" and tok.is_title and tok.ent_type_ not in ("DATE", "TIME", "MONEY", "PERCENT"):
            end_tok = tok
            break
    if end_tok is None:
        return None
    start = end_tok.i
    while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title:
        start -= 1
    return doc[start].idx, end_tok.idx + len(end_tok.text)


def _speaker_ref(doc: Doc, head: Token) -> SpanRef:
    """The speaker span headed by ``head``; a pronoun or a role noun points to the actor it refers to."""
    if head.lower_ in PRONOUNS:
        wanted = (
            frozenset({"PERSON"})
            if head.lower_ in _PERSON_PRONOUNS
            else frozenset({"PERSON", "ORG", "GPE", "NORP"})
        )
        return SpanRef(
            text=head.text,
            start=head.idx,
            end=head.idx + len(head.text),
            refers_to=_nearest_before(doc, head.idx, wanted),
        )
    span = actor_span(head)
    ref = span_ref(span)
    if _ent_at(doc, ref.start, ref.end, ("PERSON", "ORG", "GPE", "NORP")) is None:
        nouns = lexicons.speaker_nouns()
        lemma = head.lemma_.lower()
        if lemma in nouns.get("person", ()) and head.tag_ in ("NN", "NNP"):
            ref = SpanRef(
                ref.text, ref.start, ref.end, refers_to=_nearest_before(doc, ref.start, frozenset({"PERSON"}))
            )
        elif lemma in nouns.get("organisation", ()):
            ref = SpanRef(
                ref.text,
                ref.start,
                ref.end,
                refers_to=_nearest_before(doc, ref.start, frozenset({"ORG", "GPE", "NORP"})),
            )
    return ref


def _recorded(cue: Token) -> Token | None:
    """'footage of Trump saying …': the one a recording shows speaks, whichever verb the parser hangs the
    participle on."""
    if cue.tag_ != "VBG" or cue.i == 0:
        return None
    shown = cue.doc[cue.i - 1]
    if shown.dep_ != "pobj" or shown.head.lower_ != "of":
        return None
    return shown if shown.head.head.lemma_.lower() in lexicons.cue_words("recordings") else None


def _subject(cue: Token) -> Token | None:
    recorded = _recorded(cue)
    if recorded is not None:
        return recorded
    head = cue
    # "…, saying “…”": a participle set off by a comma modifies the main clause, even where the parser hangs
    # it on a relative clause ("defend not paying an architect who said he was stiffed …, saying, “…”")
    set_off = cue.tag_ == "VBG" and _set_off(cue)
    report = _coordinated_report(cue)
    if report is not None:
        head = report  # "Varga said it was “firmly opposed” and warned …": Varga warned, not "it"
    for _ in range(7):
        subj = _nearest_subject(head)
        if subj is not None and set_off and head is not cue and head.dep_ == "relcl":
            head = head.head
            while head.pos_ not in {"VERB", "AUX"} and head.head is not head:
                head = head.head
            set_off = False
            continue
        if subj is not None:
            if subj.dep_ == "nsubjpass":
                agent = next((c for c in head.children if c.dep_ == "agent"), None)
                return (
                    next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
                )
            return subj
        parent = head.head
        if head.dep_ == "xcomp" and parent.lemma_.lower() in lexicons.cue_words("object_control"):
            # object control: "led the journalist to fear …", "urged Reyl to say …"
            obj = next((c for c in parent.children if c.dep_ == "dobj" and c.i < head.i), None)
            if obj is not None:
                return obj
        if head.dep_ == "acl" and parent.pos_ in {"NOUN", "PROPN", "PRON"} and head.tag_ in {"VBG", "VBN"}:
            # "footage of Clinton asking …", "a statement announcing …": the noun the participle describes,
            # unless it names an occasion ("at a news conference announcing …": the speaker is further up)
            if parent.lemma_.lower() not in lexicons.cue_words("occasions"):
                if head.tag_ != "VBG":
                    return None
                issued = _issuer(parent)
                return issued if issued is not None else parent
            head = parent
            if head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.pos_ in {"VERB", "AUX"}:
                head = head.head.head  # "she said at a news conference announcing …": the one who spoke there
            continue
        if head.dep_ == "pcomp" and parent.dep_ == "prep":
            head = parent.head  # "In defending himself, Trump offered …"
            continue
        if head.dep_ not in _CLIMB or parent == head:
            break
        if head.dep_ == "ccomp" and head.i < parent.i:
            break  # a clause before its verb is content, not the speaker's clause
        head = parent
    return None


def _set_off(tok: Token) -> bool:
    """Is the participle set off by a comma ("…, saying", "…, while chanting")? Then it modifies the main
    clause, not a relative clause the parser hangs it on. (After a dash it may close a parenthetical
    relative clause, "with Holt — who … — lambasting the plan", whose noun is then its subject.)"""
    j = tok.i - 1
    if j >= 0 and tok.doc[j].lower_ in ("while", "when", "before", "after"):
        j -= 1
    return j >= 0 and tok.doc[j].text == ","


def _form(verb: Token) -> str:
    """The verb's form, with a past participle that has no auxiliary read as the past tense it is (the
    small model tags "Reyl tweeted that …" VBN now and then)."""
    if verb.tag_ == "VBN" and not any(c.dep_ in {"aux", "auxpass"} for c in verb.children) and verb.dep_ != "acl":
        return "VBD"
    return verb.tag_


def _coordinated_report(tok: Token) -> Token | None:
    """The cue that a subjectless speech verb is coordinated with, where the parser hung it inside that
    cue's reported clause instead ("said it was opposed and warned …"; see ``_content_of``)."""
    if tok.dep_ != "conj" or tok.pos_ != "VERB" or tok.lemma_.lower() not in lexicons.speech_verbs():
        return None
    if any(c.dep_ in _SUBJECTS for c in tok.children) or (_is_cue(tok.head) and _form(tok.head) == _form(tok)):
        return None
    anc = tok.head
    for _ in range(4):
        if anc.head is anc:
            return None
        anc = anc.head
        if anc.i < tok.i and _form(anc) == _form(tok) and _is_cue(anc):
            return anc
    return None


def _nearest_subject(verb: Token) -> Token | None:
    """The verb's first subject, but never bare punctuation (a dash the parser took for a subject), nor a
    capitalised subhead when the verb has another subject ("THE BORROWING Back when …, Mr. McKinley said")."""
    subjects = [c for c in verb.children if c.dep_ in _SUBJECTS and any(ch.isalnum() for ch in c.text)]
    cased = [c for c in subjects if not (c.is_upper and len(c.text) > 2)]
    if not subjects and verb.pos_ == "VERB":
        # "Reyl admires …" with the name read as a common noun and hung on the verb as a compound
        subjects = [
            c
            for c in verb.children
            if c.dep_ == "compound" and c.i < verb.i and c.is_title and c.pos_ in {"NOUN", "PROPN"}
        ]
    found = cased or subjects
    return found[0] if found else None


def _issuer(noun: Token) -> Token | None:
    """'issued a statement calling …', 'filed papers opposing …': who issued the thing that says it."""
    while noun.dep_ == "pobj" and noun.pos_ == "NOUN" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
        noun = noun.head.head  # "a series of tweets criticizing …": the series is what was issued
    if noun.dep_ != "dobj":
        return None
    return next(
        (c for c in noun.head.children if c.dep_ == "nsubj" and c.pos_ in {"PROPN", "NOUN", "PRON"}), None
    )


_WHEN = frozenset({"DATE", "TIME"})
_MEASURES = frozenset({"DATE", "TIME", "CARDINAL", "QUANTITY", "PERCENT", "MONEY"})


def _name_before(doc: Doc, cue: Token) -> SpanRef | None:
    """'In a meeting with the board of the Post Trump said that …': the parser lost the subject, but a
    name stands right before the cue (past its auxiliaries and adverbs)."""
    j = cue.i - 1
    while j > cue.sent.start and doc[j].dep_ in {"aux", "neg", "advmod"} and not doc[j].is_punct:
        j -= 1
    if j < cue.sent.start or doc[j].pos_ != "PROPN" or doc[j].ent_type_ in _WHEN:
        return None
    start = j
    # only a person's name runs on leftwards: "… the board of the Courier Trump said" is Trump's
    while start > cue.sent.start and doc[start - 1].pos_ == "PROPN" and doc[start - 1].ent_type_ == "PERSON":
        start -= 1
    return span_ref(doc[start : j + 1])


def _speaker_of(doc: Doc, cue: Token) -> SpanRef | None:
    subj = _subject(cue)
    inverted = cue.i == cue.sent.start or (doc[cue.i - 1].is_punct or doc[cue.i - 1].is_quote)
    if subj is None and inverted and cue.dep_ == "compound" and cue.head.pos_ in {"PROPN", "NOUN"}:
        return span_ref(doc[cue.i + 1 : cue.head.i + 1])  # "Said Ellis: …" parsed as one name
    if subj is None and inverted and cue.tag_ != "VBG":
        # "…,” said the senator": spaCy sometimes attaches the post-posed subject as dobj/attr (a participle
        # after a quotation, "…,” comparing him to …", has its object there, not its speaker)
        subj = next(
            (
                c
                for c in cue.rights
                if c.dep_ in {"dobj", "attr", "npadvmod"}
                and c.pos_ in {"PROPN", "NOUN", "PRON"}
                and c.i - cue.i <= 3
                and c.ent_type_ not in _WHEN  # "…,” said Monday": a day speaks no words
            ),
            None,
        )
    if subj is None and not inverted:
        return _name_before(doc, cue)
    if subj is None or subj.pos_ not in {"PROPN", "NOUN", "PRON", "NUM", "ADJ", "X"}:
        return None
    if subj.text.isupper() and len(subj.text) > 2:
        # a dateline or a capitalised subhead taken for the subject ("WASHINGTON -- President Obama, …,
        # said"): the name the parser hung on it speaks
        named = next((c for c in subj.children if c.dep_ in {"appos", "conj"} and not c.text.isupper()), None)
        if named is not None:
            subj = named
    if subj.lower_ in ("who", "which", "that") and subj.head.dep_ == "relcl":
        noun = subj.head.head
        # "economists who argue …", "a group that supports …": the relative pronoun is the speaker's
        # mention here (as PolNeAR marks it); it refers to its noun
        ref = span_ref(actor_span(noun))
        return SpanRef(subj.text, subj.idx, subj.idx + len(subj.text), refers_to=(ref.start, ref.end))
    if subj.lower_ in ("there", "this", "that", "what", "which", "who"):
        return None
    return _speaker_ref(doc, subj)


def _according_to(tokens: Iterable[Token]) -> tuple[Token, SpanRef] | None:
    for tok in tokens:
        if tok.lower_ == "according":
            nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            if to is None and nxt is not None and nxt.lower_ == "to":
                to = nxt
            if to is None:
                continue
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if pobj is None and to.i + 1 < len(tok.doc):
                # the parser lost the object ("according to show insiders"): the nouns right after "to",
                # within the sentence
                end = to.i + 1
                while end < min(to.i + 6, to.sent.end) and not tok.doc[end].is_punct:
                    end += 1
                nouns = [t for t in tok.doc[to.i + 1 : end] if t.pos_ in {"NOUN", "PROPN", "PRON"}]
                pobj = nouns[-1] if nouns else None
            if pobj is not None:
                return tok, _speaker_ref(tok.doc, pobj)
    return None


# -- pass 2: quoted spans ------------------------------------------------------------------------------------
@cache  # asked for every token: the lexicons are fixed, so the union is built once
def _cue_lemmas() -> frozenset[str]:
    return (
        lexicons.cue_verbs()
        | lexicons.cue_words("object_verbs")
        | lexicons.cue_words("as_verbs")
        | frozenset(lexicons.content_preps())
    )


@cache
def _cue_forms() -> frozenset[str]:
    """The cue lemmas and their -s forms (a verb the small model tagged as a plural noun)."""
    return _cue_lemmas() | {w + "s" for w in _cue_lemmas()}


def _is_cue(t: Token) -> bool:
    if t.is_upper and len(t) > 2:
        return False  # a shouted headline: the small model's tags on capitals are guesses
    lemma = t.lemma_.lower()
    if lemma == "put" and t.pos_ == "VERB" and any(c.dep_ == "dobj" and c.lower_ == "it" for c in t.children):
        return True  # "as Holt put it, “…”": the idiom reports words
    if lemma not in _cue_lemmas():
        # the small model tags some verbs as nouns ("The campaign plans to …"); a subject gives them away
        if not (
            t.pos_ == "NOUN"
            and t.text.lower() in _cue_forms()
            and any(c.dep_ == "nsubj" for c in t.children)
        ):
            return False
    elif t.pos_ not in {"VERB", "AUX"} and not (
        t.pos_ == "NOUN" and any(c.dep_ == "nsubj" for c in t.children)
    ):
        return False
    if t.dep_ == "amod":
        return False
    if t.dep_ == "acl" and lemma in lexicons.cue_words("signs"):
        return False  # "banners reading “Bridges not walls”": the words on a sign, not a report
    return not (t.i >= 2 and t.doc[t.i - 1].text == "-" and t.doc[t.i - 2].lower_ == "so")


def _cue_tokens(tokens: Iterable[Token]) -> list[Token]:
    return [t for t in tokens if _is_cue(t)]


def _is_name(text: str, qs: QuoteSpan, doc: Doc, words: list[str]) -> bool:
    """A ship named 'Endeavour', a group called “Moms for X”: a name, neither quote nor speaker."""
    before = [w.lower() for w in _WORD.findall(text[max(0, qs.open_at - 30) : qs.open_at])]
    if not before or len(words) > 5:
        return False
    # "dubbed the 'Iron Lady'", "what became known as the ''Ardell rule''"
    while len(before) > 1 and before[-1] in ("the", "a", "an"):
        before.pop()
    if len(before) > 1 and before[-1] == "as" and before[-2] != "called":
        before.pop()
    last = before[-1]
    if last not in lexicons.cue_words("naming"):
        return False
    if last == "called":
        # "what he called a 'brazen breach'" and "called it 'a farce'" are quotes; "a group called 'X'" is not
        tok = next(
            (t for t in doc if t.idx < qs.open_at and t.lower_ == "called" and t.idx >= qs.open_at - 30), None
        )
        return tok is not None and tok.dep_ == "acl"
    return True


def _distanced(text: str, qs: QuoteSpan) -> bool:
    before = text[max(0, qs.open_at - 20) : qs.open_at].lower().rstrip()
    return any(before.endswith(w) for w in lexicons.cue_words("distancing"))


def _title_case(words: list[str]) -> bool:
    """A headline or a title (most words capitalised) continues no one's quote.

    Titles leave their short function words in lower case ('Legend of the Harbour Yards'), so those do not count.
    """
    long = [w for w in words if len(w) >= 3 and w.lower() not in lexicons.cue_words("title_minor")]
    return len(long) >= 2 and sum(w[0].isupper() for w in long) >= 0.8 * len(long)


def _paragraph_of(text: str, offset: int) -> int:
    return text.count("\n\n", 0, offset)


def quotes(doc: Doc) -> list[Quote]:
    """Every quotation in ``doc`` with its kind, cue and speaker, in text order."""
    text = _text_of(doc)
    spans = scan_quote_marks(text)
    in_quote = [False] * len(doc)
    for qs in spans:
        for tok in doc.char_span(qs.open_at, qs.outer_end, alignment_mode="expand") or ():
            in_quote[tok.i] = True
    found: list[Quote] = []
    labels: set[int] = set()  # quotes held at a distance or titles: scare whatever surrounds them
    last_speaker: SpanRef | None = None
    continued: dict[int, int] = {}  # quotes that continue an earlier speaker -> where that quote ended
    last_cue: str | None = None
    last_end = -1
    for qs in spans:
        content = text[qs.start : qs.end]
        words = _WORD.findall(content)
        if not words:
            continue
        if _is_name(text, qs, doc, words):
            continue
        if _distanced(text, qs):
            found.append(Quote(text=content, start=qs.start, end=qs.end, kind="scare"))
            labels.add(qs.start)
            continue
        if len(words) <= 5 and _is_title(doc, qs, words):
            labels.add(qs.start)
        quote = _attribute(doc, qs, in_quote, words, labels)
        label = _transcript_label(doc, qs)
        if label is not None:
            # a quoted transcript line names its own speaker ('"HOLT: Let us begin …'); it wins over
            # whoever introduced the transcript, and the words start after the label
            said = label.end + len(text[label.end : qs.end]) - len(text[label.end : qs.end].lstrip(": \xa0"))
            quote = Quote(text=text[said : qs.end], start=said, end=qs.end, kind="direct", cue=":", speaker=label)
        if quote.kind == "partial" and found and _second_half(text, found[-1], qs, quote):
            quote = dataclasses.replace(quote, kind="direct")
        short_sentence = (
            quote.kind == "scare"
            and qs.start not in labels  # a title ('on Velmora Radio’s “Harbour Hour.”') continues no one
            and content.lstrip()[:1].isupper()
            and content.rstrip()[-1:] in ".!?"
            and last_end >= 0
            and 0 <= qs.open_at - last_end < 200
            and "\n" not in text[last_end : qs.open_at]
        )
        if quote.cue is None and (quote.kind != "scare" or short_sentence):
            # No cue of its own: it continues the quote just before it ("…,” she said. “…”)
            # a title-case line is a headline, but within the speaker's own line it is more of the same
            # utterance ("“Here he comes,” she said, clapping. “The Captain. Big Man.”")
            same_line = "\n" not in text[max(last_end, 0) : qs.open_at]
            near = (
                last_speaker is not None
                and 0 <= qs.open_at - last_end < 500
                and (same_line or not _title_case(words))
            )
            same_or_next_par = _paragraph_of(text, qs.open_at) - _paragraph_of(text, max(last_end, 0)) <= 1
            if near and same_or_next_par:
                continued[qs.start] = last_end
                quote = Quote(
                    text=content,
                    start=qs.start,
                    end=qs.end,
                    kind="direct",
                    cue=last_cue,
                    speaker=last_speaker,
                )
        if quote.kind == "direct" and quote.cue is None and quote.speaker is None:
            # no cue and no earlier speaker to continue: quoted words no one is reported as saying
            quote = dataclasses.replace(quote, kind="scare")
        found.append(quote)
        if quote.speaker is not None:
            last_speaker, last_cue, last_end = quote.speaker, quote.cue, qs.outer_end
    direct = [(q.start - 1, q.end + 1) for q in found if q.kind == "direct"]
    marks = [(qs.open_at, qs.outer_end) for qs in spans]
    titles = {qs.outer_end for qs in spans if qs.start in labels}
    found.extend(_indirect(doc, in_quote, direct, marks, titles))
    if continued:
        found = _continue_reports(text, found, continued)
    found = _mostly_quoted(_reported_fragments(found, labels))
    found.sort(key=lambda q: (q.start, q.end))
    return found


def _continue_reports(text: str, found: list[Quote], continued: dict[int, int]) -> list[Quote]:
    """A quote with no cue of its own goes on the nearest attribution before it, reported speech included.

    *Holt identified the tolls as the reason to vote. “The young are tired of waiting.”*: the quotation
    goes on Holt's report, not on an earlier quotation of someone else in the paragraph before.
    """
    reports = [q for q in found if q.kind == "indirect" and q.speaker is not None and q.cue != ":"]
    out = []
    for q in found:
        prev_end = continued.get(q.start)
        if prev_end is not None and q.kind == "direct":
            # the report must end right before the quotation (nothing but its full stop between) and name
            # someone else: a pronoun or a relative pronoun is better resolved through the earlier quote
            report = next(
                (
                    r
                    for r in reports
                    if prev_end <= r.start
                    and r.end < q.start
                    and not text[r.end : q.start].strip(_MARK_CHARS + " \xa0\n.;:")
                ),
                None,
            )
            if (
                report is not None
                and report.speaker is not None
                and q.speaker is not None
                and report.speaker.text != q.speaker.text
                and report.speaker.text.lower() not in PRONOUNS | {"who", "which", "that"}
            ):
                q = dataclasses.replace(q, cue=report.cue, speaker=report.speaker)
        out.append(q)
    return out


#: the share of a reported clause that its quoted fragments must fill for the clause to be a partial quote
_MOSTLY_QUOTED = 0.7


def _reported_fragments(found: list[Quote], labels: set[int]) -> list[Quote]:
    """Quoted words inside reported speech are someone's words: a partial quote, not a scare quote.

    *Officials said there had been “hundreds of complaints” this year*: the fragment has no cue of its own,
    but the reported clause around it gives it one. Titles and quotes held at a distance (*so-called*) stay
    scare quotes.
    """
    hosts = [q for q in found if q.kind == "indirect" and q.speaker is not None]
    out = []
    for q in found:
        if q.kind == "scare" and q.start not in labels:
            host = next((h for h in hosts if h.start <= q.start - 1 and q.end + 1 <= h.end), None)
            if host is not None:
                q = dataclasses.replace(q, kind="partial", cue=host.cue, speaker=host.speaker)
        out.append(q)
    return out


def _mostly_quoted(found: list[Quote]) -> list[Quote]:
    """A reported clause that is mostly (70%) quoted words is a partial quote, not an indirect one as well.

    *She said that “the harbour will never close”*: the quoted words are the attribution, and an indirect
    record over the same clause would report it twice; the fragment takes the clause's cue and speaker.
    Where the quoted words are a smaller part of the clause (*said the plan, which she called “bold”, would
    cost jobs*) the indirect record stays and the fragment inside it is part of that attribution.
    """
    partials = [q for q in found if q.kind == "partial"]
    replaced: dict[int, Quote | None] = {}
    for q in found:
        if q.kind != "indirect":
            continue
        inside = [p for p in partials if q.start <= p.start - 1 and p.end + 1 <= q.end]
        quoted = sum(p.end - p.start + 2 for p in inside)  # with their quote marks
        if inside and quoted >= _MOSTLY_QUOTED * (q.end - q.start):
            for p in inside:
                replaced[id(p)] = dataclasses.replace(p, speaker=q.speaker, cue=q.cue)
            replaced[id(q)] = None
    out = [replaced.get(id(q), q) for q in found]
    return [q for q in out if q is not None]


_LABEL = re.compile(r"[^\S\n]*((?:[A-Z][\w.'’-]*[^\S\n]+){0,2}[A-Z][\w.'’-]*):[^\S\n]+\S")


def _transcript_label(doc: Doc, qs: QuoteSpan) -> SpanRef | None:
    """'"PENCE: Well, look …"': a speaker's name and a colon opening a quoted line of a transcript."""
    line_start = _text_of(doc).rfind("\n", 0, qs.open_at) + 1
    if _text_of(doc)[line_start : qs.open_at].strip():
        return None  # a transcript line opens its paragraph; "the book “Collapse: How …”" is a title
    m = _LABEL.match(_text_of(doc), qs.start, qs.end)
    if m is None:
        return None
    name = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
    if name is None or len(name) == 0:
        return None
    if name.root.lower_ in lexicons.cue_words("not_speakers") or any(t.ent_type_ in _WHEN for t in name):
        return None
    if not (name.text.isupper() or all(t.pos_ == "PROPN" for t in name)):
        return None
    return span_ref(name)


def _second_half(text: str, prev: Quote, qs: QuoteSpan, quote: Quote) -> bool:
    """'“A,” he told the host, “b …”': the second half of a whole utterance that the reporting clause splits.

    It reads as governed by the cue (the parser makes it the cue's object), but it goes on the sentence
    the first half left open at its comma, so it is as direct as the first half.
    """
    if prev.kind != "direct" or prev.speaker is None or quote.speaker != prev.speaker:
        return False
    if not text[prev.start : prev.end].rstrip().endswith(","):
        return False
    between = text[prev.end : qs.open_at].strip(_MARK_CHARS + " \xa0")
    return "\n" not in between and between.endswith(",") and len(_WORD.findall(between)) <= 20


def _sentences_over(doc: Doc, start: int, end: int) -> list[Span]:
    return [s for s in doc.sents if s.start_char < end and s.end_char > start]


def _attribute(
    doc: Doc, qs: QuoteSpan, in_quote: list[bool], words: list[str], labels: set[int] | None = None
) -> Quote:
    text = _text_of(doc)
    content = text[qs.start : qs.end]
    sents = _sentences_over(doc, qs.open_at, qs.outer_end)
    outside = [t for s in sents for t in s if not in_quote[t.i]]
    cues = _cue_tokens(outside)
    if not cues:
        # '“Does anybody know?” Graham asked.': the parser ends the sentence at the question mark
        tail = doc.char_span(qs.outer_end, min(len(text), qs.outer_end + 2), alignment_mode="expand")
        if tail is not None and len(tail) and tail[0].sent.start_char >= qs.outer_end - 1:
            nxt = tail[0].sent
            if "\n" not in text[qs.outer_end : nxt.start_char + 1]:
                if len(nxt) <= 12:
                    outside = outside + [t for t in nxt if not in_quote[t.i]]
                    cues = _cue_tokens(t for t in nxt if not in_quote[t.i])
                elif content.rstrip()[-1:] in "?!":
                    # '“You awake?” she said, but Reyl was dozing …': a long sentence that opens with its
                    # speaker and the cue still reports the question (a full stop would end the report)
                    opening = _opening_cue(nxt)
                    if opening is not None:
                        outside, cues = outside + list(nxt[: opening.i - nxt.start + 1]), [opening]
    speaker: SpanRef | None = None
    cue_word: str | None = None
    governed = False
    cue: Token | None = None
    if cues:
        first = next((t for s in sents for t in s if t.idx >= qs.start), None)
        governing = [c for c in cues if first is not None and first in c.subtree]
        speech = lexicons.speech_verbs()

        def rank(t: Token) -> tuple[int, int, int]:
            dist = min(abs(t.idx - qs.open_at), abs(t.idx - qs.outer_end))
            # the outermost report wins, as in "Demonstrators said they want “justice”"
            return (0 if t in governing else 1, 0 if t.lemma_.lower() in speech else 1, dist)

        chosen = min(cues, key=rank)
        own = _subject(chosen)
        if (
            own is not None
            and first is not None
            and _ledge(own) < first.i
            and first in own.subtree
            and qs.outer_end <= chosen.idx
        ):
            # 'Harbour Party "super funds" … had seized on …', 'The four “loopholes” she cited are …': quoted words
            # inside the speaker's own mention name it; they are not what it says
            if labels is not None:
                labels.add(qs.start)
            return Quote(text=content, start=qs.start, end=qs.end, kind="scare")
        cue, governed, cue_word = chosen, chosen in governing, chosen.text
        speaker = _speaker_of(doc, chosen)
        if speaker is not None and (
            qs.open_at <= speaker.start < qs.outer_end or _inside_quotation(doc, speaker, in_quote)
        ):
            # the parser took a word of a quotation as the subject ("“We will …,” Chief Jordan said", "…,”
            # Flynn said on Fox News’s “Fox and Friends.”")
            speaker = _beside_cue(doc, chosen, in_quote)
    if speaker is None:
        according = _according_to(outside)
        if according is not None:
            cue_word, speaker = "according to", according[1]
    if cue_word is None:
        speaker = _colon_speaker(doc, qs)
        if speaker is not None:
            cue_word = ":"
    if cue_word is None:
        found = _dash_speaker(doc, qs) or _colon_cue(doc, qs, in_quote)
        if found is not None:
            cue_word, speaker = found
    outside_words = sum(1 for t in outside if t.is_alpha)
    starts_upper = content.lstrip(" '‘\"“")[:1].isupper()
    sentence_like = starts_upper and (len(words) >= 4 or content.rstrip()[-1:] in ".,!?")
    if len(words) <= 5 and _is_title(doc, qs, words):
        return Quote(text=content, start=qs.start, end=qs.end, kind="scare")
    if cue_word is None:
        kind = "direct" if sentence_like and len(words) >= 4 else "scare"
        if kind == "scare":
            return Quote(text=content, start=qs.start, end=qs.end, kind="scare")
    elif (
        sentence_like
        and (not governed or outside_words <= 8 or content.rstrip()[-1:] in ".,!?")
        and not (governed and cue is not None and _embedded(doc, qs, cue))
    ):
        kind = "direct"
    elif not governed and len(words) >= 6 and content.rstrip()[-1:] in ".,!?":
        kind = "direct"
    elif cue is not None and len(words) >= 4 and _follows_cue(doc, qs, cue):
        kind = "direct"  # "“On this basis,” the blog said, “true unemployment is …”": the whole utterance
    elif len(words) <= 4 and cue is not None and not _near_cue(doc, qs, cue):
        if labels is not None:
            labels.add(qs.start)  # a label held at a distance, whatever reported clause holds it
        return Quote(text=content, start=qs.start, end=qs.end, kind="scare")
    else:
        kind = "partial"
    return Quote(text=content, start=qs.start, end=qs.end, kind=kind, cue=cue_word, speaker=speaker)


def _opening_cue(sent: Span) -> Token | None:
    """A cue that opens a sentence, with nothing before it but its own subject ('Reyl's niece, Del. Marta
    Holt (D-Velmora), shouted to the crowd')."""
    for tok in sent[:30]:
        if _is_cue(tok):
            subj = next((c for c in tok.children if c.dep_ in _SUBJECTS), None)
            if subj is None or _ledge(subj) != sent.start:
                return None
            inside = set(t.i for t in subj.subtree)
            between = sent.doc[sent.start : tok.i]
            return tok if all(t.i in inside or t.is_punct for t in between) else None
    return None


def _inside_quotation(doc: Doc, ref: SpanRef, in_quote: list[bool]) -> bool:
    span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
    return span is not None and len(span) > 0 and in_quote[span.root.i]


def _beside_cue(doc: Doc, cue: Token, in_quote: list[bool]) -> SpanRef | None:
    """The noun phrase right before the cue (or right after it, inverted), outside any quotation."""
    own = next((c for c in cue.children if c.dep_ in _SUBJECTS and not in_quote[c.i]), None)
    if own is not None and own.pos_ in {"PROPN", "NOUN", "PRON"}:
        # '“… members of Congress,” Rep. Ada Holt (D-Md.) said': the parser gave the cue two subjects
        return _speaker_ref(doc, own)
    sent = cue.sent
    if cue.i - 2 >= sent.start and doc[cue.i - 1].text == ",":
        before = doc[cue.i - 2]
        said = _nearest_subject(before) if _is_cue(before) else None
        if cue.tag_ == "VBG" and said is not None and not in_quote[said.i] and said.i < before.i:
            # '“…,” Sanders said, suggesting a few questions, including, “…”': the participle goes on the
            # report that the parser hung it away from
            return _speaker_of(doc, before)
        # '“…,” Flynn, a top party surrogate, said …': the name right after the closing mark
        start = cue.i - 1
        while start > sent.start and not in_quote[start - 1]:
            start -= 1
        if start < cue.i - 1 and in_quote[start - 1] if start > sent.start else False:
            end = start
            while end < cue.i and doc[end].pos_ == "PROPN":
                end += 1
            if end > start:
                return _speaker_ref(doc, doc[end - 1])
    left = cue.i
    while left > sent.start and not in_quote[left - 1] and not doc[left - 1].is_punct:
        left -= 1
    if left < cue.i:
        head = doc[left : cue.i].root
        if head.pos_ not in {"PROPN", "NOUN", "PRON"}:
            # the parser made a word of the name a verb ("Tulsa police Chief Chuck Jordan said"): the last name
            head = next((t for t in reversed(doc[left : cue.i]) if t.pos_ == "PROPN"), head)
        if head.pos_ in {"PROPN", "NOUN", "PRON"}:
            return _speaker_ref(doc, head)
    right = cue.i + 1
    while right < sent.end and not in_quote[right] and not doc[right].is_punct:
        right += 1
    if right > cue.i + 1:
        head = doc[cue.i + 1 : right].root
        if head.pos_ in {"PROPN", "NOUN"} and head.ent_type_ not in _WHEN:
            return _speaker_ref(doc, head)
    return None


def _follows_cue(doc: Doc, qs: QuoteSpan, cue: Token) -> bool:
    """The quotation is all that follows the cue clause: nothing but a comma or a colon between them."""
    if cue.idx > qs.open_at:
        return False
    # what stands between the cue and the quotation may be the cue's subject ("said Cha,"), never content
    before = [t for t in cue.subtree if cue.i < t.i and t.idx < qs.open_at]
    clause_end = cue.idx + len(cue.text)
    for t in before:
        if t.dep_ in {"nsubj", "punct"} or t.head.dep_ == "nsubj" or t.head.head.dep_ == "nsubj":
            clause_end = max(clause_end, t.idx + len(t.text))
        else:
            return False
    between = _text_of(doc)[clause_end : qs.open_at]
    after = _text_of(doc)[qs.outer_end : qs.outer_end + 3].strip()
    return not between.strip(" ,:\n\xa0") and (not after or after[0] in ".\n")


def _embedded(doc: Doc, qs: QuoteSpan, cue: Token) -> bool:
    """Is the quotation a piece of the reported clause rather than the cue's own complement?

    *concluded his remarks were “Mostly Wrong.”*: between the cue and the quotation stand words of the
    clause ("his comments were") that the quoted words hang on, so they are a fragment of reported speech,
    however capitalised. *told reporters “We will win.”* hangs on the cue itself: a whole utterance.
    """
    if cue.idx > qs.open_at:
        return False
    span = doc.char_span(qs.start, qs.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    tok = span.root.head
    for _ in range(8):
        if tok == cue or tok.head == tok:
            return False
        if cue.idx < tok.idx < qs.open_at and not tok.is_punct:
            return True
        tok = tok.head
    return False


def _near_cue(doc: Doc, qs: QuoteSpan, cue: Token) -> bool:
    """Is a short quoted phrase what the cue reports? 'called it “a farce”' yes; 'pressed him to accept the
    “harbour bargain”' no: another verb stands between, so the phrase is a label held at a distance."""
    span = doc.char_span(qs.start, qs.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return True
    tok = span.root
    for _ in range(5):
        if tok == cue:
            return True
        if tok != span.root and tok.pos_ in {"VERB", "AUX"} and tok.dep_ != "ccomp":
            return False
        if tok.head == tok:
            return False
        tok = tok.head
    return False


def _is_title(doc: Doc, qs: QuoteSpan, words: list[str]) -> bool:
    """'MSNBC's “Morning Joe”', 'a “Commander-In-Chief” forum': a capitalised name, not someone's words."""
    minor = lexicons.cue_words("title_minor")
    if len(words) > 5 or not all(
        w[:1].isupper() or w[:1].isdigit() or len(w) <= 3 or w.lower() in minor for w in words
    ):
        return False
    before = _text_of(doc)[max(0, qs.open_at - 12) : qs.open_at].split()
    prev = before[-1].lower() if before else ""
    return (
        prev.endswith(("'s", "’s"))
        or prev.isdigit()
        # "his 2019 book, ''Make Your Boat a Fortune,''", "the film “Northern Lights”"
        or prev.rstrip(",:") in lexicons.cue_words("works")
        or prev
        in {
            "in",
            "on",
            "of",
            "at",
            "for",
            "the",
            "a",
            "an",
            "his",
            "her",
            "their",
            "its",
            "our",
            "to",
            "from",
            "about",
            "by",
            "with",
        }
    )


_DASH = re.compile(r"[^\S\n]*(?:―|—|–|--|-)[^\S\n]*(?=\w)")


def _dash_speaker(doc: Doc, qs: QuoteSpan) -> tuple[str, SpanRef] | None:
    """'“…” ― Ana Ruiz': a byline-style attribution after the closing mark."""
    m = _DASH.match(_text_of(doc), qs.outer_end)
    if m is None:
        return None
    ent = _ent_at(doc, m.end(), m.end() + 1, ("PERSON", "ORG", "NORP", "GPE"))
    if ent is None:
        span = doc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
        if span is None or span.root.pos_ != "PROPN":
            return None
        ent = doc[span.start : span.start + 1]
        while ent.end < len(doc) and doc[ent.end].pos_ == "PROPN":
            ent = doc[ent.start : ent.end + 1]
    return m.group().strip(), span_ref(ent)


def _colon_cue(doc: Doc, qs: QuoteSpan, in_quote: list[bool]) -> tuple[str, SpanRef | None] | None:
    """'He said:' closing the sentence or the paragraph before the quotation."""
    before = _text_of(doc)[: qs.open_at].rstrip()
    if not before.endswith(":"):
        return None
    tok = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if tok is None:
        return None
    sent = tok[0].sent
    cues = _cue_tokens(t for t in sent if not in_quote[t.i])
    if not cues:
        # "Sanders made the following comment:", "…rolls out a new message:": the sentence's subject
        subj = next((c for c in sent.root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if (
            subj is None
            or subj.pos_ not in {"PROPN", "NOUN", "PRON"}
            or subj.lower_ in ("it", "there", "this")
        ):
            return None
        return ":", _speaker_ref(doc, subj)
    cue = cues[-1]
    return cue.text, _speaker_of(doc, cue)


def _colon_speaker(doc: Doc, qs: QuoteSpan) -> SpanRef | None:
    """'X said:' is a cue; so is a bare 'Senator Holt: “…”' at the head of a line."""
    text = _text_of(doc)
    before = text[: qs.open_at].rstrip()
    if not before.endswith(":"):
        return None
    line_start = before.rfind("\n") + 1
    head_span = doc.char_span(line_start, len(before) - 1, alignment_mode="expand")
    if head_span is None or len(head_span) == 0 or len(head_span) > 8:
        return None
    root = head_span.root
    if _is_cue(root):
        return _speaker_of(doc, root)  # "Said Ellis: “…”"
    if root.pos_ not in {"PROPN", "NOUN", "PRON"}:
        return None
    if root.pos_ == "NOUN":
        # "A lesson from Ada Varga: “…”": the person named in the line speaks, not the lesson
        person = next((e for e in head_span.ents if e.label_ == "PERSON"), None)
        if person is not None:
            return span_ref(person)
        named = next(
            (t for t in head_span if t.dep_ == "pobj" and t.pos_ == "PROPN" and t.head.head == root), None
        )
        if named is not None:
            return _speaker_ref(doc, named)
    return _speaker_ref(doc, root)


# -- pass 3: reported speech without marks ------------------------------------------------------------------
def _redge(tok: Token) -> int:
    """The last token of ``tok``'s subtree. ``Token.right_edge`` can stop short when an arc crosses another
    (an apposition hung on a subject: "she suspected Crutcher was … — something a caller told …")."""
    return max(t.i for t in tok.subtree)


def _ledge(tok: Token) -> int:
    return min(t.i for t in tok.subtree)


def _trim(
    doc: Doc, start_tok: int, end_tok: int, in_quote: list[bool] | None = None
) -> tuple[int, int] | None:
    while start_tok < end_tok and (
        doc[start_tok].is_punct and not in_quote_mark(doc[start_tok])
        or doc[start_tok].is_space
        # "But in recent days, advisers say, …": the conjunction links the sentence, it is not reported
        or (doc[start_tok].pos_ == "CCONJ" and doc[start_tok].dep_ == "cc" and start_tok == doc[start_tok].sent.start)
    ):
        start_tok += 1
    while end_tok > start_tok and (
        (doc[end_tok - 1].is_punct and not in_quote_mark(doc[end_tok - 1])) or doc[end_tok - 1].is_space
    ):
        end_tok -= 1
    words = [t for t in doc[start_tok:end_tok] if not t.is_punct]
    # one word is enough when it names something ("attacked Machado", "talked about trade")
    if not words or (len(words) == 1 and words[0].pos_ not in {"PROPN", "NOUN"}):
        return None
    if len(words) == 2 and all(t.pos_ in {"PRON", "DET", "AUX", "PART"} for t in words):
        return None
    return doc[start_tok].idx, doc[end_tok - 1].idx + len(doc[end_tok - 1].text)


def in_quote_mark(tok: Token) -> bool:
    return tok.text in ('"', "“", "”", "''", "``", "'", "‘", "’", "«", "»")


_DASHES = frozenset({"—", "--", "―", "–", "-"})


def _content_of(cue: Token) -> tuple[int, int] | None:
    """Token range of what the cue reports: its clause, its infinitive, or (for some verbs) its object.

    The content ends before a second report of the same speaker that the parser coordinated inside it
    (*said it was "resolutely opposed" to the test and warned X to …*, *took to Twitter to accuse them of
    being "duped" and encourage voters to …*): a speech verb in the cue's own form, with no subject of its
    own, goes with the cue, not with the reported clause.
    """
    found = _content_range(cue)
    if found is None or found[0] <= cue.i:
        return found
    start, end = found
    speech = lexicons.speech_verbs()
    for tok in cue.doc[start:end]:
        if (
            tok.text in _DASHES
            and cue.doc[tok.i - 1].whitespace_  # a dash between words, not a hyphen ("40-year-old")
            and tok.i + 1 < end
            and start < tok.i
            and (gloss := cue.doc[tok.i + 1]).head.dep_ == "appos"
            and gloss.head.head.i < tok.i
            and _redge(gloss.head) + 1 >= end - 1
        ):
            # "dismissed Estonia as being in the “suburbs of St. Petersburg” — a metaphor for …": the
            # writer's gloss after a dash closes what was reported
            return start, tok.i
        if (
            tok.dep_ == "conj"
            and tok.pos_ == "VERB"
            and _form(tok) == _form(cue)
            and start <= tok.head.i < tok.i
            and tok.lemma_.lower() in speech
            and not any(c.dep_ in _SUBJECTS for c in tok.children)
            # "said she attacked the police and blamed …": two reports in one form are both hers
            and not (_is_cue(tok.head) and _form(tok.head) == _form(tok))
        ):
            cc = [c for c in tok.head.children if c.dep_ == "cc" and c.i < tok.i]
            if cc and cc[-1].lower_ in ("or", "nor"):
                continue  # "found that research either did not support or contradicted …": one report
            return start, max(cc[-1].i if cc else _ledge(tok), start + 1)
    return found


def _content_range(cue: Token) -> tuple[int, int] | None:
    lemma = cue.lemma_.lower()
    children = list(cue.children)
    comps = [c for c in children if c.dep_ == "ccomp"]
    comp = next((c for c in comps if c.i > cue.i), comps[0] if comps else None)
    if (
        comp is not None
        and comp.i < cue.i
        and _ledge(comp) > 0
        and in_quote_mark(cue.doc[_ledge(comp) - 1])
        and _is_cue(comp)
        and any(c.dep_ in _SUBJECTS and c.i < comp.i for c in comp.children)
    ):
        # '“You awake?” she said, but …, Ana said yes': the clause right after a quotation that opens with
        # its speaker and cue reports that quotation; it is no content of a later cue
        return None
    if (
        comp is not None
        and comp.lemma_.lower() in lexicons.speech_verbs()
        and _ledge(comp) > 0
        and cue.doc[_ledge(comp) - 1].text == ","
        and _redge(comp) - _ledge(comp) <= 4
        and not any(g.dep_ in {"ccomp", "dobj", "xcomp"} for g in comp.children)
    ):
        # "Those talks are continuing, he said": the reporting clause parsed under the verb it reports
        return None
    if comp is None:
        # "have not said when they would …", "asked whether …"
        comp = next(
            (
                c
                for c in children
                if c.dep_ == "advcl"
                and c.i > cue.i
                and any(g.lower_ in ("whether", "how", "why", "what", "if") and g.i < c.i for g in c.lefts)
                or (any(g.lower_ == "when" for g in c.lefts) and any(n.dep_ == "neg" for n in children))
                # "tweeted in the early hours that X was …": the parser hangs the that-clause as an adverbial
                or (
                    c.dep_ == "advcl"
                    and c.i > cue.i
                    and any(g.dep_ in {"mark", "advmod"} and g.lower_ == "that" for g in c.lefts)
                )
            ),
            None,
        )
    if comp is None:
        comp = next(
            (
                c
                for c in children
                if c.dep_ == "xcomp"
                and c.pos_ in {"VERB", "AUX"}
                and lemma in lexicons.belief_verbs() | lexicons.cue_words("infinitive_verbs")
            ),
            None,
        )
    if comp is not None:
        left = _ledge(comp)
        if comp.i < cue.i:
            # "…, officials said": the clause before the cue, not the cue's own subject
            return left, min(_redge(comp) + 1, _ledge(cue) if _ledge(cue) > left else cue.i)
        end = _redge(comp) + 1
        infinitive = any(t.dep_ == "aux" and t.lower_ == "to" for t in comp.subtree)
        for c in children:
            # "said X, because Y": the reason is part of what was said; another cue ("adding …") is not
            if c.i > comp.i and c.dep_ == "advcl" and not _is_cue(c):
                end = max(end, _redge(c) + 1)
            if (
                c.i > comp.i
                and c.dep_ == "conj"
                and c.tag_ == "VB"
                and cue.tag_ in {"VBD", "VBZ", "VBP"}
                and infinitive
                and not any(g.dep_ in _SUBJECTS for g in c.children)
            ):
                # "said she wanted to speak to them and let them know …": a bare verb cannot go on a finite
                # cue, whatever the parser says; it goes on the infinitive inside the reported clause
                end = max(end, _redge(c) + 1)
        return _ledge(comp), end
    judged = _judged_as(cue, children)
    if judged is not None:
        return judged
    passive = _passive_content(cue, children)
    if passive is not None:
        return passive
    oprd = next(
        (c for c in children if c.dep_ in {"oprd", "xcomp"} and c.pos_ in {"NOUN", "ADJ", "PROPN"}), None
    )
    obj = next((c for c in children if c.dep_ == "dobj" and c.i > cue.i), None) or _relative_object(children)
    if oprd is not None and obj is not None and oprd.i > obj.i:
        # "called the citation a political ploy": the judgement, object and predicate together
        if obj.i < cue.i:
            return obj.i, _redge(oprd) + 1  # "what she called a “rant,” a series of …": no more than that
        return _ledge(obj), _rest_of_clause(cue, children, oprd, _redge(oprd) + 1)
    if lemma in lexicons.cue_words("object_verbs") or _object_any(cue, lemma):
        obj = next((c for c in children if c.dep_ == "dobj" and c.i > cue.i), None)
        if obj is not None and obj.lower_ not in PRONOUNS and obj.ent_type_ not in _MEASURES:
            end = _redge(obj) + 1
            for c in children:
                # "attacked her opponent as a fraud", "criticized Obama for not doing so": the charge too
                if c.dep_ == "prep" and c.lower_ in ("as", "for", "of", "with") and c.i > obj.i:
                    end = max(end, _phrase_end(c))
            return _ledge(obj), _rest_of_clause(cue, children, obj, end)
    preps = lexicons.content_preps().get(lemma)
    if preps:
        prep = next((c for c in children if c.dep_ == "prep" and c.lower_ in preps and c.i > cue.i), None)
        if prep is not None:
            pobj = next((c for c in prep.children if c.dep_ in {"pobj", "pcomp"}), None)
            if pobj is not None and pobj.ent_type_ not in _MEASURES:  # "spoke on Monday", "for ten minutes"
                return prep.i + 1, _rest_of_clause(cue, children, prep, _redge(prep) + 1)
    if cue.dep_ in {"parataxis", "ccomp", "advcl"} and cue.head.pos_ in {"VERB", "AUX"}:
        # "The plan, he said, is dead" / "The plan is dead, he said": the clause the cue interrupts
        subj = _subject(cue)
        own = any(c.dep_ in {"dobj", "ccomp", "xcomp", "attr", "acomp", "oprd", "dative"} for c in children)
        if subj is not None and subj.head == cue and not own and _redge(cue) - _ledge(cue) <= 8:
            head = cue.head
            start, end = _ledge(head), _redge(head) + 1
            if _redge(cue) + 2 >= end:
                end = _ledge(cue)
            if _ledge(cue) <= start + 1:
                start = _redge(cue) + 1
            return start, end
    return None


def _object_any(cue: Token, lemma: str) -> bool:
    """Does a speech or belief verb report its object ("outlined his plan", "offered no proof that …")?

    Only when someone is its subject: "the ad references FBI criticism" is the ad's, "it features" nobody's.
    """
    if lemma not in lexicons.speech_verbs() | lexicons.belief_verbs() or lemma in lexicons.cue_words("no_object"):
        return False
    subj = _subject(cue)
    return (
        subj is not None
        and subj.pos_ in {"PROPN", "NOUN", "PRON"}
        and subj.lower_ not in ("it", "there", "this", "that", "what", "which")
    )


def _rest_of_clause(cue: Token, children: list[Token], content: Token, end: int) -> int:
    """Where reported content that starts at an object or a preposition ends: with the cue's clause.

    The parser often hangs the rest of the object on the verb ("cited her work after the attacks and her
    stand on leave", "complained about his mic the morning after the debate"); it runs on until a comma,
    a conjunction or a clause of its own begins.
    """
    for c in children:
        if c.i <= content.i:
            continue
        if c.dep_ in {"punct", "cc", "conj", "advcl", "mark", "parataxis", "relcl"}:
            break
        if c.dep_ == "prep" and any(g.dep_ == "pcomp" and _is_cue(g) for g in c.children):
            break  # "responded to her on Wednesday by saying …": how the answer was made is a report of its own
        if c.dep_ in {"prep", "npadvmod", "advmod", "dobj", "pobj", "oprd", "xcomp", "ccomp", "dative"}:
            end = max(end, _phrase_end(c))
    return end


def _relative_object(children: list[Token]) -> Token | None:
    """'what she called a “rant”', 'an explosion that the mayor described as “an intentional act”': the
    judged thing is a relative pronoun before the cue; the report runs from it, speaker and cue included,
    as PolNeAR marks it."""
    return next((c for c in children if c.dep_ == "dobj" and c.lower_ in ("what", "that", "which")), None)


def _judged_as(cue: Token, children: list[Token]) -> tuple[int, int] | None:
    """'saw the remark as a dig at the army', 'views it as a trap': the object and what it is seen as."""
    if cue.lemma_.lower() not in lexicons.cue_words("as_verbs"):
        return None
    obj = next((c for c in children if c.dep_ == "dobj" and c.i > cue.i), None) or _relative_object(children)
    if obj is None:
        return None
    prep = next(
        (c for c in (*children, *obj.children) if c.dep_ == "prep" and c.lower_ == "as" and c.i > obj.i), None
    )
    if prep is None or not any(c.dep_ in {"pobj", "pcomp"} for c in prep.children):
        return None
    end = _phrase_end(prep)
    for c in children:
        if c.dep_ == "prep" and c.lower_ == "for" and c.i > prep.i:
            end = max(end, _redge(c) + 1)  # "hailed her as a pioneer for her work": the reason too
    return _ledge(obj), end


def _phrase_end(tok: Token) -> int:
    """Where a phrase of reported content ends: with its subtree, but before a day or an occasion that the
    parser hung on the noun of an *as* phrase ("described Varga as a “disgrace” Wednesday on a radio
    show": they say when and where the judgement was made, not what it is)."""
    end = _redge(tok) + 1
    if tok.dep_ == "prep" and tok.lower_ == "as":
        pobj = next((c for c in tok.children if c.dep_ in {"pobj", "pcomp"}), None)
        when = [c for c in pobj.rights if _circumstance(c)] if pobj is not None else []
        if when:
            end = _ledge(when[0])
    return end


def _circumstance(tok: Token) -> bool:
    """A day, a time or an occasion: 'Wednesday', 'during a campaign stop', 'on a radio show'."""
    if tok.dep_ == "npadvmod":
        return tok.ent_type_ in _WHEN
    if tok.dep_ != "prep":
        return False
    pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return False
    if tok.lower_ == "during":
        return True
    return tok.lower_ in ("on", "at", "in") and (
        pobj.ent_type_ in _WHEN or pobj.lemma_.lower() in lexicons.cue_words("occasions")
    )


def _passive_content(cue: Token, children: list[Token]) -> tuple[int, int] | None:
    """'The plan is supported by the unions': what the agent said or backed is the passive subject."""
    lemma = cue.lemma_.lower()
    if lemma not in lexicons.cue_words("object_verbs") and lemma not in lexicons.speech_verbs():
        return None
    subj = next((c for c in children if c.dep_ == "nsubjpass" and c.i < cue.i), None)
    agent = next(
        (c for c in children if c.dep_ == "agent" and any(g.dep_ == "pobj" for g in c.children)), None
    )
    if subj is None or agent is None or subj.lower_ in PRONOUNS:
        return None
    return _ledge(subj), _redge(subj) + 1


def _generic_content(verb: Token) -> tuple[int, int] | None:
    """Any verb with a *that*-clause and someone as its subject reports something ("X concluded that …")."""
    comp = next(
        (
            c
            for c in verb.children
            if c.dep_ == "ccomp"
            and c.i > verb.i
            and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
        ),
        None,
    )
    if comp is not None:
        return _ledge(comp), _redge(comp) + 1
    return None


def _noun_content(tok: Token) -> tuple[int, int] | None:
    """'X's claim that …', 'the statement that …'."""
    clause = next(
        (
            c
            for c in tok.children
            if c.dep_ in {"acl", "ccomp"} and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
        ),
        None,
    )
    if clause is not None:
        return _ledge(clause), _redge(clause) + 1
    if any(c.dep_ == "poss" for c in tok.children):
        # "North Korea's claims about the test", "Clinton's comments on the shooting"
        prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("about", "on", "of")), None)
        if prep is not None and any(c.dep_ == "pobj" and c.ent_type_ not in _MEASURES for c in prep.children):
            return prep.i + 1, _redge(prep) + 1
    return None


def _noun_speaker(doc: Doc, tok: Token) -> SpanRef | None:
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    if poss is not None and poss.lower_ not in ("its", "their", "his", "her", "our", "my", "your"):
        return _speaker_ref(doc, poss)
    if poss is not None:
        return _speaker_ref(doc, poss)
    by = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
    pobj = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    if pobj is not None:
        return _speaker_ref(doc, pobj)
    compound = next((c for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN"), None)
    if compound is not None:
        return _speaker_ref(doc, compound)  # "Trump claims that …" read as one noun phrase by the parser
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.pos_ in {"VERB", "AUX"}:
        # "compared Trump to a coach in hopes that …": the one who acts holds the hope
        return _speaker_of(doc, tok.head.head)
    return None


def _cover_marks(span: tuple[int, int], marks: list[tuple[int, int]], text: str = "") -> tuple[int, int]:
    """Widen a reported-speech span so that a quoted fragment it cuts lies wholly inside, marks and all.

    A fragment that goes straight on from the reported words (*blamed the media for focusing on “he said
    this, he tweeted that”*, where the parser ends the clause at the mark) is part of them too.
    """
    start, end = span
    for a, b in marks:
        if a < end and b > start:
            start, end = min(start, a), max(end, b)
        elif text and end <= a <= end + 1 and text[end:a].strip() == "" and "\n" not in text[end:b]:
            end = b
    return start, end


def _indirect(
    doc: Doc,
    in_quote: list[bool],
    direct: list[tuple[int, int]],
    marks: list[tuple[int, int]] | None = None,
    titles: set[int] | None = None,
) -> list[Quote]:
    """Reported speech and belief without marks: cue verbs with a complement, noun cues, *according to X*.

    Candidates are taken outermost first: in *X said the campaign plans to …* the reported content is what
    X said, and the cue inside it is part of that content, not a second attribution.
    """
    out: list[Quote] = []
    taken: list[tuple[int, int]] = list(direct)

    def clash(a: int, b: int) -> bool:
        return any(a < e and b > s for s, e in taken)

    for sent in doc.sents:
        according = _according_to(t for t in sent if not in_quote[t.i])
        if according is None:
            continue
        tok, according_speaker = according
        phrase_start = min(t.i for t in tok.subtree)
        phrase_end = max(t.i for t in tok.subtree) + 1
        if phrase_start - sent.start <= 1 and phrase_end >= sent.end - 1:
            # "According to host Ana Varga, the move reeks of …": the parser hung the whole report on the
            # name; the comma after the name ends the phrase
            comma = next((t.i for t in doc[tok.i : sent.end] if t.text == ","), None)
            if comma is not None:
                phrase_end = comma + 1
        if phrase_start - sent.start <= 1:
            span = _trim(doc, phrase_end, sent.end)
        else:
            span = _trim(doc, sent.start, phrase_start)
        if span is None or clash(*span):
            continue
        out.append(
            Quote(
                text=_text_of(doc)[span[0] : span[1]],
                start=span[0],
                end=span[1],
                kind="indirect",
                cue="according to",
                speaker=according_speaker,
            )
        )
        taken.append(span)

    nouns = lexicons.cue_nouns()
    candidates: list[tuple[tuple[int, int], Token, SpanRef | None]] = []
    for tok in doc:
        if in_quote[tok.i]:
            continue  # a cue inside a quotation belongs to the quoted speaker's own words
        rng: tuple[int, int] | None = None
        speaker: SpanRef | None = None
        if _is_cue(tok):
            rng = _content_of(tok)
            if rng is not None:
                speaker = _speaker_of(doc, tok)
                if (
                    speaker is not None
                    and speaker.text.lower() == "it"
                    and tok.lemma_.lower() in lexicons.belief_verbs() - lexicons.speech_verbs()
                ):
                    rng = None  # "it knows", "it wants": a thing holds no belief (an organisation says)
        elif tok.pos_ == "NOUN" and tok.lemma_.lower() in nouns:
            rng = _noun_content(tok)
            if rng is not None:
                speaker = _noun_speaker(doc, tok)
        elif tok.pos_ == "VERB":
            rng = _generic_content(tok)
            if rng is not None:
                speaker = _speaker_of(doc, tok)
                if speaker is None:
                    rng = None
        if rng is None:
            continue
        if speaker is None and tok.tag_ == "VBN" and tok.lemma_.lower() in lexicons.cue_words("comparisons"):
            continue  # "$2,700, compared with $275,000": a comparison, not a report
        span = _trim(doc, *rng)
        if span is None:
            continue
        span = _cover_marks(span, marks or [], _text_of(doc))
        if titles and span[1] in titles and tok.idx >= span[1]:
            # "… the anthem ''A Tide Is Gonna Turn,'' she added the words …": the comma of a title is no
            # end of a reported clause, whatever the parser makes of it
            continue
        candidates.append((span, tok, speaker))
    candidates.extend(_block_quotes(doc, in_quote))
    for span, tok, speaker in sorted(candidates, key=lambda c: c[0][0] - c[0][1]):
        if clash(*span):
            continue
        out.append(
            Quote(
                text=_text_of(doc)[span[0] : span[1]],
                start=span[0],
                end=span[1],
                kind="indirect",
                cue=tok.text,
                speaker=speaker,
            )
        )
        taken.append(span)
    for quote in _colon_heads(doc):
        if not clash(quote.start, quote.end):
            out.append(quote)
            taken.append((quote.start, quote.end))
    return out


def _block_quotes(doc: Doc, in_quote: list[bool]) -> list[tuple[tuple[int, int], Token, SpanRef | None]]:
    """'The governor added:' closing a paragraph, and the next paragraph set without quote marks: a block
    quotation, the cue's words (the newspaper convention for a long excerpt)."""
    text = _text_of(doc)
    out: list[tuple[tuple[int, int], Token, SpanRef | None]] = []
    for sent in doc.sents:
        line = text[sent.start_char : sent.end_char].rstrip()
        if not line.endswith(":") or "\n" not in text[sent.start_char + len(line) : sent.end_char + 2]:
            continue
        cues = [t for t in _cue_tokens(t for t in sent if not in_quote[t.i]) if _content_of(t) is None]
        if not cues:
            continue
        start = sent.start_char + len(line) + 1
        while start < len(text) and text[start].isspace():
            start += 1
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        while end > start and text[end - 1] in " \t\r\xa0":
            end -= 1
        if start >= end or text[start] in _MARK_CHARS or len(_WORD.findall(text[start:end])) < 4:
            continue  # a quotation with marks is attributed with them; a label is no excerpt
        out.append(((start, end), cues[-1], _speaker_of(doc, cues[-1])))
    return out


_COLON_HEAD = re.compile(
    r"^[^\S\n]*((?:[A-Z][\w.'’-]*[^\S\n]+){0,3}[A-Z][\w.'’-]*):[^\S\n]+(\S[^\n]*)$", re.MULTILINE
)


def _colon_heads(doc: Doc) -> list[Quote]:
    """'Caddell: Voters Are Worried', transcript lines 'PENCE: Well, look …': a name, a colon, the words."""
    out = []
    for m in _COLON_HEAD.finditer(_text_of(doc)):
        name = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        if name is None or not any(t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG") for t in name):
            # a headline's one-word source the tagger took for a common noun ("Poll: …", "Sanders: …")
            if name is None or len(name) != 1 or not name[0].is_title or name[0].pos_ not in {"NOUN", "VERB"}:
                continue
        if name.root.lower_ in lexicons.cue_words("not_speakers") or any(
            t.ent_type_ in ("DATE", "TIME") for t in name
        ):
            continue
        start, end = m.start(2), m.end(2)
        while end > start and _text_of(doc)[end - 1] in ".;: ":
            end -= 1
        if len(_WORD.findall(_text_of(doc)[start:end])) < 3:
            continue
        head = name.root
        speaker = _speaker_ref(doc, head)
        out.append(
            Quote(text=_text_of(doc)[start:end], start=start, end=end, kind="indirect", cue=":", speaker=speaker)
        )
    return out
