"""Political events coded to PLOVER: who did what to whom, when and where, according to whom.

Pure functions over a parsed Doc. The words are data (``lexicons/events.yaml``); this module holds the
dependency patterns that turn them into events:

- triggers: event verbs (phrasal ones too: *call for*, *pull out of*), light verbs with an event noun
  (*launched strikes on*, *held talks with*), and event nouns with an actor beside them (*Israel's attack
  on*, *the summit between X and Y*);
- composition, following the PLOVER manual: a verb that frames another event absorbs it — *urged X to
  withdraw* is one REQUEST, *threatened to impose sanctions* one THREATEN, *refused to meet* one REJECT
  (the meeting kept as a negated event); a cooperative action that is only intended or announced (*agreed
  to share*, *will visit*, *is willing to help*) is AGREE, a retreat announced is CONCEDE, a hostile action
  announced or made conditional is THREATEN; *X said Y must leave* is X's REQUEST to Y;
- actors: subjects, passive agents, objects, prepositional targets, possessors and nationality adjectives
  of event nouns (*an Indian proposal*), coordination (*X and Y agreed* gives an event for each),
  pronouns resolved to the reporter or the nearest earlier name;
- flags: negation scope (*did not*, *failed to*, *without a deal*, *no agreement*), future and
  hypothetical (*will*, *could*, *if*, *unless*), the reporter (*according to X*, *X said*), location,
  date (resolved against the publication date) and PLOVER context.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from .. import lexicons
from ..records import Event, SpanRef
from .spans import ACTOR_LABELS, actor_span, entity_of, noun_phrase, span_ref

log = logging.getLogger(__name__)

COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID"})
YIELDING = frozenset({"CONCEDE", "RETREAT"})
HOSTILE = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"})
#: categories whose verb frames the event it governs and absorbs it ("urged X to withdraw" is one REQUEST)
FRAMES = frozenset({"REQUEST", "THREATEN", "REJECT", "ACCUSE"})
#: which REQUEST/REJECT mode an absorbed event gives (PLOVER manual tables 3.3 and 3.5)
_ASK_MODE = {
    "AID": "assist",
    "COOPERATE": "assist",
    "SUPPORT": "assist",
    "CONSULT": "meet",
    "AGREE": "meet",
    "RETREAT": "yield",
    "CONCEDE": "yield",
    "SANCTION": "yield",
    "COERCE": "yield",
}
#: which THREATEN mode a threatened action gives (table 3.6)
_THREAT_MODE = {
    "ASSAULT": "violence",
    "MOBILIZE": "violence",
    "SANCTION": "relations",
    "REJECT": "relations",
    "COERCE": "restrict",
    "PROTEST": "restrict",
}
_COMPLEMENT_DEPS = frozenset(
    {
        "xcomp",
        "ccomp",
        "dobj",
        "pobj",
        "pcomp",
        "prep",
        "acl",
        "attr",
        "oprd",
        "acomp",
        "dative",
        "advcl",
        "compound",
        "nsubjpass",
        "appos",
    }
)
#: prepositions whose object is the recipient of an event
_TARGET_PREPS = frozenset(
    {"on", "against", "with", "to", "toward", "towards", "at", "into", "upon", "from", "over", "of", "for"}
)
#: prepositions that set an event in the background ("after the attack"); such nouns are not new events
_BACKGROUND_PREPS = frozenset(
    {
        "after",
        "before",
        "despite",
        "since",
        "following",
        "amid",
        "during",
        "until",
        "like",
        "than",
        "in spite of",
        "because",
    }
)
_LOCATION_PREPS = frozenset(
    {"in", "at", "near", "outside", "inside", "across", "around", "throughout", "within"}
)
_FUTURE_ADJ = frozenset(
    {
        "planned",
        "upcoming",
        "proposed",
        "future",
        "scheduled",
        "expected",
        "forthcoming",
        "possible",
        "potential",
        "new",
    }
)
#: categories whose place is a venue ("met in Velmora"), never the recipient
_PLACE_IS_VENUE = frozenset({"CONSULT"})
#: categories whose coordinated actors act on each other ("X and Y met"); PLOVER 2.4.2, 3.16.1
_RECIPROCAL = frozenset({"CONSULT", "AGREE", "COOPERATE"})
_TWO_SIDED = frozenset({"clash", "fight", "battle", "skirmish", "clashes", "fighting"})
#: verbal categories: with no subject of their own, the one who says them is the source
_SAID = frozenset({"REQUEST", "REJECT", "ACCUSE", "THREATEN", "SUPPORT", "AGREE"})
_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "him", "her", "them", "us"})
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "i"})


@dataclass
class _Cand:
    tok: Token  # the head the trigger hangs on (the verb, or the event noun)
    category: str
    mode: str | None
    words: list[Token]
    kind: str  # verb, light, noun
    noun: Token | None = None  # the event noun of a light verb
    absorbed: bool = False
    negated: bool = False
    future: bool = False
    hypothetical: bool = False
    derived: list[_Cand] = field(default_factory=list)
    source: list[Token] = field(default_factory=list)
    target: list[Token] = field(default_factory=list)
    target_from: Token | None = None  # an absorbed event whose recipient this one takes
    refused: bool = False  # negated by a refusal that is already an event of its own
    ruled_out: bool = False  # "... is out of the question": refused by the speaker


def _lex() -> dict[str, Any]:
    return lexicons.event_lexicon()


# -- triggers -----------------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    lex = _lex()
    words = {w.split()[0] for table in ("verbs", "nouns") for w in lex[table]}
    for key in ("light_verbs", "intent", "negating"):
        words |= {w.split()[0] for w in lex[key]}
    return frozenset(words | lexicons.cue_verbs())


def _lemma(tok: Token) -> str:
    """The token's lemma, repaired where the model's lemmatizer misses a known word (*staged* -> *stag*)."""
    return _repaired_lemma(tok.lemma_, tok.tag_, tok.lower_)


@lru_cache(maxsize=1 << 16)  # a pure function of three strings; the same words come back all the time
def _repaired_lemma(lemma: str, tag: str, lower: str) -> str:
    lemma = lemma.lower()
    vocab = _vocabulary()
    if lemma in vocab or not tag.startswith(("VB", "NN")):
        return lemma
    guesses = [lower]
    for suffix, repl in (
        ("ied", "y"),
        ("ies", "y"),
        ("ing", ""),
        ("ing", "e"),
        ("ed", ""),
        ("ed", "e"),
        ("d", ""),
        ("es", ""),
        ("s", ""),
    ):
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            guesses.append(lower[: -len(suffix)] + repl)
    if len(lower) > 4 and lower[-3] == lower[-4] and lower.endswith("ed"):
        guesses.append(lower[:-3])  # "stopped" -> "stop"
    return next((g for g in guesses if g in vocab), lemma)


def _verb_entry(tok: Token) -> tuple[tuple[str, str | None], list[Token]] | None:
    """The lexicon entry of a verb, phrasal forms first (*pull out of*, *open fire*, *go on strike*)."""
    verbs = _lex()["verbs"]
    lemma = _lemma(tok)
    prts = [c for c in tok.children if c.dep_ == "prt"]
    preps = [c for c in tok.children if c.dep_ in {"prep", "agent"}]
    objs = [c for c in tok.children if c.dep_ in {"dobj", "acomp"}]
    keys: list[tuple[str, list[Token]]] = []
    for p in prts:
        for q in preps:
            keys.append((f"{lemma} {p.lower_} {q.lower_}", [tok, p, q]))
        keys.append((f"{lemma} {p.lower_}", [tok, p]))
    for q in preps:
        for o in q.children:
            if o.dep_ == "pobj":
                keys.append((f"{lemma} {q.lower_} {_lemma(o)}", [tok, q, o]))
        keys.append((f"{lemma} {q.lower_}", [tok, q]))
    for o in objs:
        keys.append((f"{lemma} {_lemma(o)}", [tok, o]))
        if _lemma(o) in _lex()["event_shells"]:
            # "ended mediation efforts": the shell's modifier names what was ended
            for mod in o.lefts:
                if mod.dep_ in {"compound", "amod"}:
                    keys.append((f"{lemma} {_lemma(mod)}", [tok, mod, o]))
        for q in o.children:
            if q.dep_ == "prep":
                for oo in q.children:
                    if oo.dep_ == "pobj":
                        keys.append((f"{lemma} {_lemma(o)} {q.lower_} {_lemma(oo)}", [tok, o, q, oo]))
    for key, words in sorted(keys, key=lambda kw: -len(kw[0].split())):
        if key in verbs:
            return verbs[key], words
    if lemma in verbs:
        return verbs[lemma], [tok]
    return None


def _noun_entry(tok: Token) -> tuple[tuple[str, str | None], list[Token]] | None:
    nouns = _lex()["nouns"]
    lemma, lower = _lemma(tok), tok.lower_
    for child in tok.lefts:
        if child.dep_ in {"compound", "amod"} and child.i == tok.i - 1:
            for key in (f"{child.lower_} {lower}", f"{child.lower_} {lemma}"):
                if key in nouns:
                    return nouns[key], [child, tok]
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                key = f"{lower} of {pobj.lower_}"
                if pobj.dep_ == "pobj" and key in nouns:
                    return nouns[key], [tok, child, pobj]
    for key in (lower, lemma):
        if key in nouns:
            return nouns[key], [tok]
    if lemma in _lex()["event_shells"]:
        # "a mediation effort", "a bombing campaign": the shell noun carries the event of its modifier
        for child in tok.lefts:
            if child.dep_ in {"compound", "amod"} and child.pos_ in {"NOUN", "ADJ"}:
                for key in (child.lower_, child.lemma_.lower()):
                    if key in nouns:
                        return nouns[key], [child, tok]
    return None


def _transfer(tok: Token) -> tuple[tuple[str, str | None], list[Token]] | None:
    """*gave Mali 5 million euros*, *delivered food to*: handing over money or aid is AID."""
    for child in tok.children:
        if child.dep_ != "dobj":
            continue
        things = [child] + [g for p in child.children if p.dep_ == "prep" and p.lower_ == "of"
                            for g in p.children if g.dep_ == "pobj"]
        money = any(t.is_currency for t in child.subtree)
        if money or any(t.ent_type_ == "MONEY" or _lemma(t) in _lex()["aid_objects"] for t in things):
            return ("AID", None), [tok]
    return None


def _is_verbal(tok: Token) -> bool:
    if tok.dep_ in {"amod", "compound"}:
        return False  # "the long-threatened invasion"
    return tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.dep_ not in {"aux", "auxpass"})


def _light_noun(tok: Token) -> Token | None:
    """The event noun a light verb takes: its object (*launched strikes*) or *take part in talks*."""
    lex = _lex()
    lemma = _lemma(tok)
    phrasal = {f"{lemma} {c.lower_}" for c in tok.children if c.dep_ == "prt"}
    if lemma not in lex["light_verbs"] and not phrasal & lex["light_verbs"]:
        if not (lemma == "take" and any(c.lower_ == "part" for c in tok.children)):
            return None
    for child in tok.children:
        if child.dep_ in {"dobj", "nsubjpass"} and _noun_entry(child) is not None:
            return child
        if child.dep_ == "dobj":
            # "launched 10 days of war games", "began a wave of arrests"
            for prep in child.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    if pobj is not None and _noun_entry(pobj) is not None:
                        return pobj
        if child.dep_ == "prep" and child.lower_ in {"in", "to"}:
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and _noun_entry(pobj) is not None and lemma in {"take", "join", "enter"}:
                return pobj
    return None


_NOT_ACTOR_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})


def _actorish(tok: Token) -> bool:
    if tok.ent_type_ in _NOT_ACTOR_ENTS:
        return False
    if tok.ent_type_ in ACTOR_LABELS:
        return True
    if tok.pos_ == "PROPN":
        return True
    if tok.pos_ == "PRON":
        return tok.lower_ in _PRONOUNS
    return _lemma(tok) in _lex()["actor_nouns"] or tok.lower_ in _lex()["actor_nouns"]


def _in_background(tok: Token) -> bool:
    """True for a noun inside *after/despite/since ...*: an earlier event mentioned as background."""
    head = tok
    for _ in range(4):
        if head.dep_ == "pobj" and head.head.lower_ in _BACKGROUND_PREPS:
            return True
        if head.dep_ in {"nsubj", "nsubjpass", "ROOT"} or head.head is head:
            return False
        head = head.head
    return False


def _to_complement(tok: Token) -> bool:
    """*sworn to fight*, *refused to meet* parsed as an adverbial clause: a complement of an intent verb."""
    lex = _lex()
    return (
        tok.dep_ == "advcl"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
        and (
            _lemma(tok.head) in lex["intent"] | lex["negating"]
            or _lemma(tok.head) in lex["verbs"]
            and lex["verbs"][_lemma(tok.head)][0] in FRAMES
        )
    )


def _background_clause(tok: Token) -> bool:
    """True inside a relative, participial or adverbial clause: *the curfew that was imposed*, *after ...*."""
    head = tok
    for _ in range(10):
        if head.head is head:
            return False
        if head.dep_ == "relcl":
            return True
        if head.dep_ == "acl" and not any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children):
            return True
        qualifier = _noun_entry(head.head) is None and _lemma(head.head) not in _lex()["intent"]
        if head.dep_ == "acl" and qualifier:
            return True  # "defended the right of the troops to fire": a right, not a shot fired
        if head.dep_ == "advcl" and not _to_complement(head):
            return True
        if head.dep_ in {"pobj", "pcomp"} and head.head.lower_ in _BACKGROUND_PREPS:
            return True
        head = head.head
    return False


def _noun_has_actor(tok: Token) -> bool:
    for child in tok.children:
        if child.dep_ == "poss" and (
            _actorish(child) or child.lower_ in {"its", "their", "his", "her", "our"}
        ):
            return True
        if child.dep_ in {"amod", "compound", "nmod"} and child.ent_type_ in {"NORP", "GPE", "ORG", "PERSON"}:
            return True
        if child.dep_ == "prep" and child.lower_ in _TARGET_PREPS | {"between", "by", "among"}:
            if any(c.dep_ == "pobj" and _actorish(c) for c in child.children):
                return True
    return False


def _candidates(sent: Span) -> list[_Cand]:
    lex = _lex()
    out: list[_Cand] = []
    light_nouns: set[int] = set()
    for tok in sent:
        if not _is_verbal(tok):
            continue
        noun = _light_noun(tok)
        if noun is not None:
            entry, words = _noun_entry(noun)  # type: ignore[misc]
            if entry[0] in {"MOBILIZE", "ASSAULT"} and any(c.lower_ in lex["joint"] for c in noun.children):
                entry = ("COOPERATE", None)
            out.append(_Cand(tok, entry[0], entry[1], [tok, *words], "light", noun=noun))
            light_nouns.add(noun.i)
            continue
        found = _verb_entry(tok)
        if found is None and _lemma(tok) in lex["transfer_verbs"]:
            found = _transfer(tok)
        if found is None:
            continue
        (category, mode), words = found
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        patient = obj or next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        if len(words) == 1 and _lemma(tok) in lex["need_object"] and patient is None:
            continue  # "returned to Geneva", "the roof gave way"
        if patient is not None and _lemma(patient) in lex["ignore_objects"]:
            continue
        if _lemma(tok) in lex["casualty_verbs"] and not _has_agent(tok):
            continue  # "40 people were injured when the bridge collapsed": a toll, not an assault
        if (
            category == "RETREAT"
            and mode == "withdraw"
            and obj is not None
            and (
                _lemma(obj) in lex["civilian_presence"]
                or any(_lemma(c) in lex["civilian_presence"] for c in obj.children if c.dep_ == "compound")
            )
        ):
            # withdrawing inspectors, aid workers or diplomats reduces relations (PLOVER 3.13 'withdraw')
            category, mode = "SANCTION", "withdraw"
        out.append(_Cand(tok, category, mode, words, "verb"))
    for tok in sent:
        if tok.i in light_nouns or tok.pos_ not in {"NOUN", "PROPN"}:
            continue
        if tok.ent_type_ in {"LAW", "WORK_OF_ART", "EVENT", "ORG"} | _NOT_ACTOR_ENTS:
            continue  # "the Memorandum on Cessation of Hostilities" names a document; "in March" a month
        found = _noun_entry(tok)
        if found is None:
            continue
        (category, mode), words = found
        if _in_background(tok):
            continue
        if category in {"MOBILIZE", "ASSAULT"} and any(c.lower_ in lex["joint"] for c in tok.children):
            category, mode = "COOPERATE", None  # "a joint patrol", "joint exercises" (PLOVER 3.5, 3.14)
        frame = _frame_above(tok, out) if tok.dep_ in {"dobj", "pobj", "nsubjpass", "attr"} else None
        governed = frame is not None and (
            frame.category in FRAMES
            or _lemma(frame.tok) in lex["intent"]
            or _lemma(frame.tok) in lex["negating"]
            or (tok.dep_ == "dobj" and tok.head.i == frame.tok.i)
        )
        without = any(a.lower_ == "without" for a in list(tok.ancestors)[:2]) or any(
            c.dep_ == "det" and c.lower_ == "no" for c in tok.children
        )
        if not governed and not without and not _noun_has_actor(tok):
            continue
        out.append(_Cand(tok, category, mode, words, "noun"))
    return out


def _has_agent(tok: Token) -> bool:
    if any(c.dep_ == "agent" for c in tok.children):
        return True
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in {"in", "during", "by", "after", "with"}:
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            entry = _noun_entry(pobj) if pobj is not None else None
            if entry is not None and entry[0][0] == "ASSAULT":
                return True  # "killed in a suicide car bombing": the attack is named
    if any(c.dep_ == "nsubjpass" for c in tok.children) or tok.tag_ == "VBN" and tok.dep_ in {"amod", "acl"}:
        return False
    subj, passive = _subject(tok)
    if subj is not None and (subj.ent_type_ == "CARDINAL" or subj.like_num or any(
            c.dep_ in {"nummod", "quantmod"} for c in subj.children)):
        return False  # "with more than 100 others wounded": a count of victims, no attacker
    return subj is not None and not passive


def _frame_above(tok: Token, cands: list[_Cand]) -> _Cand | None:
    by_tok = {c.tok.i: c for c in cands}
    head = tok
    for _ in range(5):
        if head.dep_ not in _COMPLEMENT_DEPS or head.head is head:
            return None
        head = head.head
        cand = by_tok.get(head.i)
        if cand is not None:
            return cand
    return None


# -- flags --------------------------------------------------------------------------------------------------
def _aux_words(tok: Token) -> list[str]:
    return [c.lower_ for c in tok.children if c.dep_ in {"aux", "auxpass"}]


def _clause_chain(tok: Token) -> list[Token]:
    """The token and the heads it hangs on through xcomp/conj (the verbs whose aux and negation reach it)."""
    chain = [tok]
    head = tok
    for _ in range(4):
        if (
            head.dep_ in {"xcomp", "conj", "acomp"}
            or (head.dep_ in {"dobj", "pobj", "prep"} and head.pos_ != "VERB")
            or (_to_complement(head))
        ):
            head = head.head
            chain.append(head)
        else:
            break
    return chain


def _ruled_out(tok: Token) -> bool:
    """*removing the sanctions is out of the question*, *a deal is not an option*: the subject is refused."""
    head = tok
    for _ in range(4):
        if head.dep_ in {"csubj", "nsubj", "nsubjpass"}:
            verb = head.head
            words = " ".join(t.lower_ for t in verb.subtree if t.i > head.right_edge.i)
            refusals = ("out of the question", "not an option", "off the table", "unacceptable")
            return any(p in words for p in refusals)
        if head.head is head:
            return False
        head = head.head
    return False


def _flags(c: _Cand) -> None:
    lex = _lex()
    tok = c.tok
    if _ruled_out(tok):
        c.negated = True
        c.ruled_out = True
    if (
        c.kind == "light"
        and c.noun is not None
        and any(ch.dep_ == "det" and ch.lower_ == "no" for ch in c.noun.children)
    ):
        c.negated = True  # "police made no arrests"
    if c.kind == "noun":
        if any(ch.dep_ == "det" and ch.lower_ in {"no"} for ch in tok.children):
            c.negated = True
        if any(ch.dep_ == "amod" and ch.lower_ in _FUTURE_ADJ - {"new"} for ch in tok.children):
            c.future = True
        head = tok
        for _ in range(3):
            if head.dep_ == "pobj" and head.head.lower_ == "without":
                c.negated = True
            if (
                head.dep_ == "pobj"
                and head.head.lower_ == "for"
                and _lemma(head.head.head) in lex["negating"]
            ):
                c.negated = True
            head = head.head
    for link in _clause_chain(tok):
        words = _aux_words(link)
        if any(ch.dep_ == "neg" or ch.lower_ in {"never"} for ch in link.children):
            c.negated = True
        if any(w in lex["future"] for w in words):
            c.future = True
        if any(w in lex["hypothetical"] for w in words):
            c.hypothetical = True
        if link is not tok and _lemma(link) in lex["intent"]:
            c.future = True
        if link is not tok and _lemma(link) in lex["negating"]:
            c.negated = True
        if any(ch.dep_ == "mark" and ch.lower_ in {"if", "unless", "whether"} for ch in link.children):
            c.hypothetical = True
        if _conditional(link):
            c.hypothetical = True  # "if the talks fail, Ardell will expel the envoy"
        for ch in link.children:
            if ch.dep_ == "advcl" and any(m.lower_ == "unless" for m in ch.children if m.dep_ == "mark"):
                c.hypothetical = True  # "will withdraw unless ..." is a conditional threat
        if link.lower_ == "going" and any(ch.dep_ == "xcomp" for ch in link.children):
            c.future = True


# -- actors -------------------------------------------------------------------------------------------------
def _subject(tok: Token) -> tuple[Token | None, bool]:
    """(subject, passive): the nsubj, or the agent of a passive, climbing through xcomp/conj/relcl."""
    head = tok
    for _ in range(5):
        kids = list(head.children)
        subj = next((k for k in kids if k.dep_ in {"nsubj", "csubj"}), None)
        if subj is not None and subj.pos_ == "VERB":
            # "The Red Cross operating in Iraq said": the parser made the participle the subject
            subj = next((k for k in subj.children if k.dep_ == "nsubj"), subj)
        if subj is not None:
            return subj, False
        agent = next((k for k in kids if k.dep_ == "agent"), None)
        if agent is not None:
            return next((k for k in agent.children if k.dep_ == "pobj"), None), True
        if any(k.dep_ == "nsubjpass" for k in kids):
            return None, True
        if head.dep_ in {"relcl", "acl"} and head.head.pos_ in {"NOUN", "PROPN", "PRON"}:
            if _actorish(head.head) or head.dep_ == "relcl":
                return head.head, head.dep_ == "acl" and head.tag_ == "VBN"
            # "issued a declaration demanding ...": the one who issued it
            head = head.head
            while head.dep_ in {"dobj", "pobj", "prep"} and head.head is not head:
                head = head.head
            continue
        if head.dep_ in {"xcomp", "conj", "advcl", "acomp"} and head.head is not head:
            # "X urged Y to withdraw": the controller of an object-control verb is its object
            if head.dep_ == "xcomp":
                obj = next((k for k in head.head.children if k.dep_ in {"dobj"} and _actorish(k)), None)
                if obj is not None:
                    return obj, False
            head = head.head
        else:
            return None, False
    return None, False


def _actor_inside(tok: Token) -> Token | None:
    """An actor named inside a non-actor phrase: *Israel's embassy*, *an Indian proposal*, *calls by X*."""
    for child in tok.children:
        if child.dep_ == "poss" and _actorish(child):
            return child
    for child in tok.children:
        if child.dep_ in {"amod", "compound", "nmod"} and child.ent_type_ in {"NORP", "GPE", "ORG", "PERSON"}:
            return child
    for child in tok.children:
        if child.dep_ in {"compound", "nmod"} and _actorish(child):
            return child
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in {"by", "from", "of"}:
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and _actorish(pobj):
                return pobj
    return None


def _prep_target(tok: Token, exclude: set[int]) -> Token | None:
    for child in tok.children:
        # "gave 5 million euros to Ethiopia": the parser marks that "to" as dative
        preposition = child.dep_ == "prep" or (child.dep_ == "dative" and child.pos_ == "ADP")
        if preposition and child.lower_ in _TARGET_PREPS:
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.i not in exclude:
                if _actorish(pobj):
                    return pobj
                inner = _actor_inside(pobj)
                if inner is not None:
                    return inner
                for sub in pobj.children:
                    if sub.dep_ == "prep" and sub.lower_ in {"against", "on", "with"}:
                        deeper = next((c for c in sub.children if c.dep_ == "pobj"), None)
                        if deeper is not None and _actorish(deeper):
                            return deeper
    return None


def _own(tok: Token) -> bool:
    """*its troops*, *their own forces*: the actor's own people or things, not a recipient."""
    return any(c.dep_ == "poss" and c.lower_ in {"its", "their", "his", "her", "our"} for c in tok.children)


def _place_in_clause(tok: Token, exclude: set[int]) -> Token | None:
    """A place the action happens in (*ban voting in East Jerusalem*): the recipient when none is named."""
    for t in tok.subtree:
        if (
            t.ent_type_ in {"GPE", "LOC"}
            and t.dep_ == "pobj"
            and t.head.lower_ in _LOCATION_PREPS
            and t.i not in exclude
            and _same_clause(t, tok)
        ):
            return t
    return None


def _same_clause(tok: Token, top: Token) -> bool:
    head = tok
    while head.i != top.i and head.head is not head:
        if head.dep_ in {"ccomp", "advcl", "relcl", "acl", "xcomp", "conj", "parataxis"}:
            return False
        head = head.head
    return head.i == top.i


def _moves(tok: Token) -> bool:
    """*withdraw troops from*, *mobilized reservists against*: the object is what moves, not the recipient."""
    entry = _verb_entry(tok)
    return entry is not None and (entry[0][0] == "MOBILIZE" or entry[0][1] == "withdraw")


def _verb_target(tok: Token, exclude: set[int]) -> Token | None:
    kids = [k for k in tok.children if not (k.dep_ == "dative" and k.pos_ == "ADP")]
    obj = next((k for k in kids if k.dep_ in {"dobj", "dative", "nsubjpass"} and k.i not in exclude), None)
    if obj is None:
        obj = next((k for k in kids if k.dep_ in {"attr", "oprd"} and k.i not in exclude), None)
    if obj is not None and _moves(tok):
        found = _prep_target(tok, exclude | {obj.i}) or _prep_target(obj, exclude | {obj.i})
        return found or _place_in_clause(tok, exclude | {obj.i})
    if obj is not None and _own(obj):
        exclude = exclude | {obj.i}
        obj = None
    if obj is not None and _actorish(obj):
        return obj
    if obj is not None:
        inner = _actor_inside(obj)
        if inner is not None:
            return inner
    found = _prep_target(tok, exclude)
    if found is not None:
        return found
    if obj is not None:
        found = _prep_target(obj, exclude)
        if found is not None:
            return found
    # "demanded that the US cancel ...", "urged X to": the subject of the complement clause
    for k in kids:
        if k.dep_ in {"ccomp", "xcomp"}:
            subj = next((c for c in k.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subj is not None and _actorish(subj):
                return subj
    # "threatened to break relations with Russia": the recipient of the threatened act
    for k in kids:
        if k.dep_ == "xcomp" or _to_complement(k):
            inner = _verb_target(k, exclude)
            if inner is not None and _actorish(inner):
                return inner
    entry = _verb_entry(tok)
    if entry is not None and entry[0][0] in _PLACE_IS_VENUE:
        return obj  # "met in Velmora": the place is where they met, not whom they met
    return _place_in_clause(tok, exclude) or obj


def _noun_actors(noun: Token) -> tuple[Token | None, Token | None]:
    source = target = None
    for child in noun.children:
        if child.dep_ == "poss" and (
            _actorish(child) or child.lower_ in {"its", "their", "his", "her", "our"}
        ):
            source = child
        elif child.dep_ in {"amod", "compound", "nmod"} and child.ent_type_ in {
            "NORP",
            "GPE",
            "ORG",
            "PERSON",
        }:
            source = source or child
    for child in noun.children:
        if child.dep_ != "prep":
            continue
        pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        if child.lower_ in {"between", "among"}:
            conj = next(iter(pobj.conjuncts), None)
            source, target = pobj, conj if conj is not None else target
        elif child.lower_ in {"by", "from"} and _actorish(pobj) and source is None:
            source = pobj
        elif child.lower_ == "of" and _actorish(pobj) and source is None and _says(noun):
            source = pobj  # "the demands of the strikers": who made them
        elif child.lower_ in _TARGET_PREPS and target is None:
            target = pobj if _actorish(pobj) else _actor_inside(pobj)
    return source, target


def _says(noun: Token) -> bool:
    """A noun for something said (a demand, an offer, a threat): its *of* phrase names who said it."""
    entry = _noun_entry(noun)
    return entry is not None and entry[0][0] in {
        "REQUEST",
        "THREATEN",
        "ACCUSE",
        "AGREE",
        "SUPPORT",
        "REJECT",
    }


def _expand(tok: Token | None) -> list[Token]:
    """Coordinated actors: *X and Y* -> [X, Y]; *Hungarian and Romanian officials* -> [Hungarian, Romanian]"""
    if tok is None:
        return []
    out = [tok, *[c for c in tok.conjuncts if c.pos_ in {"PROPN", "NOUN", "PRON"} or c.ent_type_]]
    if tok.ent_type_ not in ACTOR_LABELS:
        mods = [
            c
            for c in tok.children
            if c.dep_ in {"amod", "compound", "nmod"} and c.ent_type_ in {"NORP", "GPE"}
        ]
        for mod in mods:
            conj = [c for c in mod.conjuncts if c.ent_type_ in {"NORP", "GPE"}]
            if conj:
                return [mod, *conj]
    return out


def _resolve_pronoun(tok: Token, reporter: Token | None) -> tuple[int, int] | None:
    """The span a pronoun source or target refers to: the reporter, or the nearest earlier fitting name."""
    lower = tok.lower_
    if lower in {"who", "which", "that"}:
        clause = next((a for a in tok.ancestors if a.dep_ == "relcl"), None)
        if clause is not None:
            span = actor_span(clause.head)
            return span.start_char, span.end_char
        return None
    lower = {"its": "it", "their": "they", "his": "he", "her": "she"}.get(lower, lower)
    if lower not in _PRONOUNS or lower in {"we", "i", "us"}:
        return None
    if reporter is not None and reporter.pos_ != "PRON":
        if lower not in _PERSON_PRONOUNS or reporter.ent_type_ == "PERSON":
            span = actor_span(reporter)
            return span.start_char, span.end_char
    wanted = {"PERSON"} if lower in _PERSON_PRONOUNS else {"GPE", "ORG", "NORP"}
    for ent in reversed(tok.doc.ents):
        if ent.end <= tok.i and ent.label_ in wanted:
            return ent.start_char, ent.end_char
    return None


# -- reporter, location, date, context ----------------------------------------------------------------------
def _reporter(tok: Token, sent: Span, cand_tokens: set[int]) -> Token | None:
    cues = lexicons.cue_verbs()
    head = tok
    for _ in range(8):
        if head.head is head:
            break
        head = head.head
        if head.i in cand_tokens:
            continue
        if head.pos_ == "VERB" and _lemma(head) in cues:
            subj = next((c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subj is not None:
                return subj
    root = sent.root
    for child in root.children if root.i == tok.i or tok.i in {t.i for t in root.subtree} else []:
        if (
            child.dep_ in {"parataxis", "ccomp", "advcl"}
            and _lemma(child) in cues
            and child.i not in cand_tokens
        ):
            subj = next((c for c in child.children if c.dep_ in {"nsubj"}), None)
            if subj is not None:
                return subj
    for t in sent:
        if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
            pobj = next((c for c in t.doc[t.i + 1].children if c.dep_ == "pobj"), None)
            if pobj is None:
                pobj = next((c for c in t.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    return None


def _location(tok: Token, sent: Span, used: set[int]) -> str | None:
    best: tuple[int, str] | None = None
    subtree = {t.i for t in tok.subtree}
    for ent in sent.ents:
        if ent.label_ not in {"GPE", "LOC", "FAC"}:
            continue
        if ent.root.dep_ == "pobj" and ent.root.head.lower_ in _LOCATION_PREPS:
            if ent.root.i in subtree and not _same_clause(ent.root, tok) and _background_clause(ent.root):
                continue
            if ent.root.i not in subtree and _background_clause(ent.root):
                continue  # "... if war starts in Iraq": a place of another clause
            rank = 0 if ent.root.i in subtree else 1
            if best is None or rank < best[0]:
                best = (rank, ent.text)
    return best[1] if best else None


def _date(tok: Token, sent: Span, published: str | None) -> str | None:
    from .dates import resolve

    subtree = {t.i for t in tok.subtree}
    # "reopen before spring", "until March": a deadline or a bound, not the event's date
    bounds = {"before", "until", "till", "by", "after", "since", "from"}
    dated = [e for e in sent.ents if e.label_ == "DATE" and not (
        e.root.dep_ == "pobj" and e.root.head.lower_ in bounds)]
    ranked = sorted(dated, key=lambda e: e.root.i not in subtree)
    for ent in ranked:
        value, _ = resolve(ent.text, published)
        if value:
            return value
    return None


def _context(sent: Span) -> str | None:
    words = {t.lower_ for t in sent} | {_lemma(t) for t in sent}
    text = sent.text.lower()
    for name, keys in _lex()["contexts"]:
        if any((k in words) if " " not in k else (k in text) for k in keys):
            return name
    return None


# -- composition --------------------------------------------------------------------------------------------
def _compose(cands: list[_Cand]) -> None:
    """Let framing verbs absorb the events they govern, and recode intended or announced actions."""
    lex = _lex()
    by_tok = {c.tok.i: c for c in cands}
    # innermost first, so a chain "refused to agree to meet" settles from the bottom
    for c in sorted(cands, key=lambda c: -len(list(c.tok.ancestors))):
        outer = None
        head = c.tok
        for _ in range(5):
            if head.head is head:
                break
            if head.dep_ not in _COMPLEMENT_DEPS and not (head.dep_ == "conj" and head.head.i not in by_tok):
                break
            if head.dep_ == "advcl" and not any(m.lower_ in {"to"} for m in head.children):
                break
            head = head.head
            if head.i in by_tok and by_tok[head.i] is not c:
                outer = by_tok[head.i]
                break
        if outer is None or outer.absorbed:
            continue
        lemma = _lemma(outer.tok)
        if (
            c.kind == "noun"
            and outer.kind != "noun"
            and outer.category not in FRAMES
            and not (outer.category == "AGREE" and lemma in lex["intent"])
            and lemma not in lex["negating"]
        ):
            # "signed an agreement", "lifted the blockade": the verb says what happened to the thing
            c.absorbed = True
            if outer.category == "AGREE" and c.category == "REQUEST":
                outer.category, outer.mode = "CONCEDE", None  # accepting demands is acceding to them
            outer.target_from = outer.target_from or c.tok
            continue
        if outer.category in FRAMES or (
            lemma in lex["negating"] and outer.category in {"SANCTION", "REJECT"}
        ):
            c.absorbed = True
            if outer.category in {"REQUEST", "REJECT"} and outer.mode is None:
                outer.mode = _ASK_MODE.get(c.category, "change")
            elif outer.category == "THREATEN" and outer.mode is None:
                outer.mode = _THREAT_MODE.get(c.category)
            outer.target_from = outer.target_from or c.tok
            if lemma in lex["negating"] or outer.category == "REJECT":
                c.negated = True
                c.absorbed = False  # kept, as what did not happen
                c.refused = True
        elif outer.category == "AGREE" and lemma in lex["intent"]:
            # "agreed to share", "offered to hand over", "promised military aid": one AGREE
            c.absorbed = True
            if c.category in HOSTILE:
                outer.category, outer.mode = "THREATEN", _THREAT_MODE.get(c.category)
            outer.target_from = outer.target_from or c.tok


def _recode(c: _Cand) -> None:
    """PLOVER's auxiliary modes folded into the category (manual 2.3, 3.1, 3.4, 3.11)."""
    if c.negated:
        return
    intended = c.future
    readiness = any(_lemma(link) in _lex()["readiness"] for link in _clause_chain(c.tok)[1:])
    if readiness and c.category == "ASSAULT":
        # "prepared to resume shelling": military readiness short of force (PLOVER 3.14)
        c.category, c.mode = "MOBILIZE", "troops"
    elif intended and c.category in COOPERATIVE:
        c.category, c.mode = "AGREE", None
    elif intended and c.category == "RETREAT":
        c.category, c.mode = "CONCEDE", None
    elif (intended or c.hypothetical and _conditional(c.tok)) and c.category in HOSTILE:
        c.category, c.mode = "THREATEN", _THREAT_MODE.get(c.category)
    elif intended and _conditional(c.tok, {"unless"}) and c.category not in COOPERATIVE | {"AGREE"}:
        # "will withdraw unless X ...": an announced step made conditional on the other side is a threat
        c.category, c.mode = "THREATEN", "relations"


def _conditional(tok: Token, marks: frozenset[str] | set[str] = frozenset({"if", "unless"})) -> bool:
    for link in _clause_chain(tok):
        for ch in link.children:
            if ch.dep_ == "advcl" and any(m.lower_ in marks for m in ch.children if m.dep_ == "mark"):
                return True
    return False


def _refusal(c: _Cand) -> _Cand | None:
    """A cooperative action negated by will (*will not accept*, *failed to reach agreement*) is a REJECT."""
    if not c.negated or c.refused or c.category not in COOPERATIVE | YIELDING or c.kind == "noun":
        return None
    chain = _clause_chain(c.tok)
    willed = any(w in _lex()["future"] for link in chain for w in _aux_words(link))
    willed = willed or c.ruled_out or any(_lemma(link) in {"fail", "refuse", "decline"} for link in chain[1:])
    if not willed:
        return None
    mode = _ASK_MODE.get(c.category, "change")
    return _Cand(c.tok, "REJECT", mode, c.words, c.kind, noun=c.noun)


def _obligations(sent: Span, cands: list[_Cand]) -> list[_Cand]:
    """*X said Y must leave*: X's REQUEST to Y (the demanded action is absorbed)."""
    lex = _lex()
    cues = lexicons.cue_verbs()
    by_tok = {c.tok.i: c for c in cands}
    out = []
    for tok in sent:
        if tok.pos_ != "VERB" or _lemma(tok) not in cues or tok.i in by_tok:
            continue
        subj, _ = _subject(tok)
        for comp in tok.children:
            if comp.dep_ != "ccomp":
                continue
            auxes = _aux_words(comp)
            xhead = comp.head if comp.dep_ == "xcomp" else None
            obliged = any(a in lex["obligation"] for a in auxes) or (
                xhead is not None and f"{xhead.lower_} to" in lex["obligation"]
            )
            if not obliged:
                continue
            csubj = next((c for c in comp.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if csubj is None or subj is None or csubj.pos_ == "PRON" or csubj.lower_ == subj.lower_:
                continue
            if not _actorish(csubj):
                continue  # "the report should have been published" asks nothing of anyone
            inner = [c for c in cands if c.tok.i in {t.i for t in comp.subtree}]
            for c in inner:
                c.absorbed = True
            mode = _ASK_MODE.get(inner[0].category, "change") if inner else "change"
            aux = next(c for c in comp.children if c.dep_ == "aux" and c.lower_ in lex["obligation"])
            req = _Cand(tok, "REQUEST", mode, [aux, comp], "verb")
            req.source, req.target = [subj], [csubj]
            out.append(req)
    return out


# -- assembly -----------------------------------------------------------------------------------------------
def _actors(c: _Cand) -> tuple[list[Token], list[Token]]:
    if c.source or c.target:
        return [t for s in c.source for t in _expand(s)], [t for s in c.target for t in _expand(s)]
    if c.kind == "noun":
        src, tgt = _noun_actors(c.tok)
        if src is not None and tgt is not None and tgt in src.conjuncts:
            return [src], [tgt]  # "talks between X and Y"
        if src is None:
            # a noun object of a verb lends the verb's subject: "X rejected the talks" -> X
            head = c.tok
            while head.dep_ in {"dobj", "pobj", "prep"} and head.head is not head:
                head = head.head
            if head is not c.tok and head.pos_ in {"VERB", "AUX"}:
                src, _ = _subject(head)
        return _expand(src), _expand(tgt)
    subj, passive = _subject(c.tok)
    exclude = {t.i for t in c.words}
    if subj is not None:
        exclude.add(subj.i)
    target: Token | None = None
    if c.kind == "light" and c.noun is not None:
        nsrc, target = _noun_actors(c.noun)
        if target is None:
            target = _prep_target(c.tok, exclude | {c.noun.i})
        if subj is None:
            subj = nsrc
    if target is None:
        own = _verb_target(c.tok, exclude)
        target = own if own is not None and _actorish(own) and not _own(own) else None
    if target is None and c.target_from is not None:
        inner = c.target_from
        if inner.pos_ in {"NOUN", "PROPN"} and not _is_verbal(inner):
            maker, recipient = _noun_actors(inner)
            entry = _noun_entry(inner)
            verbal = entry is not None and entry[0][0] in {
                "REQUEST",
                "AGREE",
                "THREATEN",
                "ACCUSE",
                "SUPPORT",
            }
            if (
                verbal
                and maker is not None
                and c.category in {"REJECT", "CONCEDE", "AGREE", "SUPPORT", "ACCUSE"}
            ):
                # "rejected an Indian proposal", "accepted demands from the rebels": the maker is the target
                target = maker
            else:
                target = recipient or _actor_inside(inner)
        else:
            target = _verb_target(inner, exclude)
        if (
            target is not None
            and target.pos_ == "PRON"
            and target.lower_ in {"it", "they"}
            and subj is not None
        ):
            target = None
    if target is None:
        target = _verb_target(c.tok, exclude)
    if passive and target is None:
        target = next((k for k in c.tok.children if k.dep_ == "nsubjpass"), None)
    if target is not None and subj is not None and target.i == subj.i:
        target = None
    if (
        target is not None
        and not _actorish(target)
        and (len(_expand(subj)) > 1 or _noun_entry(target) is not None)
    ):
        target = None  # "X and Y agreed to share information": reciprocal, the thing is no recipient
    if target is not None and len(_expand(subj)) > 1 and not _direct(target, c.tok):
        target = None  # a reciprocal event's recipient is named beside its verb, not deep in a clause
    if subj is not None and not _actorish(subj) and _noun_entry(subj) is not None:
        # "US drone attacks killed ...": the attack's own actor; "a roadside bombing killed ...": nobody
        subj = _noun_actors(subj)[0]
    return _expand(subj), _expand(target)


def _actor_phrase(tok: Token) -> Span:
    """The phrase that names an event actor, with its title and nationality: *British Defence Secretary Tom
    King*, *a top U.S. official* — what actor coding needs to find country and sector."""
    ent = entity_of(tok)
    if tok.pos_ == "PRON":
        return actor_span(tok)
    if tok.dep_ in {"amod", "compound", "nmod", "poss"} or tok.ent_type_ in {"NORP"} and tok.pos_ == "ADJ":
        return ent if ent is not None else tok.doc[tok.i : tok.i + 1]
    span = noun_phrase(tok)
    start, end = span.start, span.end
    if ent is not None:
        start, end = min(ent.start, start), max(ent.end, end)
    if ent is None or ent.label_ != "GPE":
        # "rebels in the Ivory Coast", "opposition groups in Zimbabwe": where the group is from
        for child in tok.rights:
            if child.dep_ == "prep" and child.lower_ in {"in", "from"} and child.i == end:
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None and pobj.ent_type_ in {"GPE", "NORP"}:
                    end = max(end, pobj.i + 1)
    while start < tok.i and tok.doc[start].lower_ in {"the", "a", "an"}:
        start += 1
    return tok.doc[start:end]


def _direct(target: Token, trigger: Token) -> bool:
    head = target
    for _ in range(3):
        if head.i == trigger.i:
            return True
        if head.dep_ not in {
            "dobj",
            "pobj",
            "prep",
            "dative",
            "conj",
            "nsubjpass",
            "poss",
            "compound",
            "amod",
            "nmod",
        }:
            return False
        head = head.head
    return head.i == trigger.i


def _ref(tok: Token, reporter: Token | None) -> SpanRef | None:
    if tok.pos_ not in {"PROPN", "NOUN", "PRON", "ADJ", "NUM", "X"} and not tok.ent_type_:
        return None
    ref = span_ref(_actor_phrase(tok))
    if tok.pos_ == "PRON" or tok.lower_ in {"who", "which", "that", "its", "their", "his"}:
        refers = _resolve_pronoun(tok, reporter)
        if refers is not None:
            return SpanRef(text=ref.text, start=ref.start, end=ref.end, refers_to=refers)
    return ref


def _trigger_text(c: _Cand) -> tuple[str, int, int]:
    words = sorted({t.i: t for t in c.words}.values(), key=lambda t: t.i)
    start, end = words[0].idx, words[-1].idx + len(words[-1].text)
    return " ".join(t.text for t in words), start, end


def _depth(tok: Token) -> int:
    return sum(1 for _ in tok.ancestors)


def events(doc: Doc, published: str | None = None) -> list[Event]:
    """Every political event in ``doc``, in sentence order, the main event of a sentence first."""
    if published is None and Doc.has_extension("newsprism_published"):
        published = doc._.newsprism_published
    out: list[Event] = []
    for sent in doc.sents:
        cands = _candidates(sent)
        for c in cands:
            _flags(c)
        _compose(cands)
        cands.extend(_obligations(sent, cands))
        if not cands:
            continue
        for c in cands:
            if not c.absorbed:
                _recode(c)
                refusal = _refusal(c)
                if refusal is not None:
                    refusal.target_from = c.target_from
                    c.derived.append(refusal)
        cand_tokens = {c.tok.i for c in cands}
        context = _context(sent)
        # "warned that cracks had appeared" is a statement; "warned of strikes" frames a threat
        kept = [c for c in cands if not c.absorbed and not (
            _lemma(c.tok) in _lex()["needs_frame"] and c.kind == "verb" and c.target_from is None)]
        foreground = [c for c in kept if not _background_clause(c.tok)]
        if foreground:
            # the sentence's own events; those in relative or adverbial clauses are background to them
            kept = foreground
        kept += [d for c in kept for d in c.derived]
        kept.sort(key=lambda c: (c.negated, _depth(c.tok), c.tok.i))
        for c in kept:
            sources, targets = _actors(c)
            reporter = _reporter(c.tok, sent, cand_tokens)
            if not sources and reporter is not None and c.category in _SAID:
                sources = [reporter]  # "US officials said removing the sanctions is out of the question"
            used = {t.i for t in sources + targets}
            trigger, t_start, t_end = _trigger_text(c)
            common: dict[str, Any] = {
                "type": c.category,
                "mode": c.mode,
                "trigger": trigger,
                "start": sent.start_char,
                "end": sent.end_char,
                "negated": c.negated,
                "hypothetical": c.hypothetical,
                "future": c.future,
                "location": _location(c.tok, sent, used),
                "date": _date(c.tok, sent, published),
                "context": context,
                "trigger_start": t_start,
                "trigger_end": t_end,
                "reporter": _ref(reporter, None) if reporter is not None else None,
            }
            src_refs = [_ref(t, reporter) for t in sources] or [None]
            tgt_refs = [_ref(t, reporter) for t in targets] or [None]
            two_sided = c.category in _RECIPROCAL or (c.category == "ASSAULT" and _lemma(c.tok) in _TWO_SIDED)
            if len(src_refs) > 1 and tgt_refs == [None] and two_sided:
                # "X and Y agreed": reciprocal, each side the other's recipient
                for i, s in enumerate(src_refs):
                    for j, t in enumerate(src_refs):
                        if i != j:
                            out.append(Event(source=s, target=t, **common))
                continue
            for s in src_refs:
                for t in tgt_refs:
                    out.append(Event(source=s, target=t, **common))
    return out


def main_of_sentence(events: list[Event]) -> Event | None:
    """The main event of one sentence's events: the first one kept (they come highest in the parse first)."""
    return next(iter(events), None)
