"""Numbers with what they count: *40 people*, *12 per cent*, *$2.5 billion*, *forty soldiers*."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from ..records import Figure

_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "dozen": 12, "dozens": 24, "hundreds": 200, "thousands": 2000,
}
_MULTIPLIERS = {"hundred", "dozen", "dozens", "hundreds"}
_SCALES = {"thousand": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12,
           "k": 1e3}
_CURRENCIES = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "dollar": "USD", "dollars": "USD",
               "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP", "yen": "JPY"}
_NUMERIC = re.compile(r"\d+(?:[.,]\d+)*")
_FIGURE_LABELS = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}


def parse_number(text: str) -> float | None:
    """The value of a number phrase: '1,200' -> 1200, '3.5 million' -> 3.5e6, 'forty-two' -> 42."""
    lowered = text.lower().replace("-", " ")
    value: float | None = None
    m = _NUMERIC.search(lowered)
    if m:
        raw = m.group(0)
        # '1,200' and '1.200.000' are thousands; '3.5' and '3,5' with one short group are decimals.
        groups = re.split(r"[.,]", raw)
        if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]) and not (len(groups) == 2 and "." in raw):
            value = float("".join(groups))
        else:
            try:
                value = float(raw.replace(",", "."))
            except ValueError:
                return None  # '1,2,3' or '1.2.3': a list or a version, not one number
    else:
        total = 0.0
        seen = False
        for word in lowered.split():
            if word in _NUMBER_WORDS:
                number = _NUMBER_WORDS[word]
                # "two hundred", "three dozen" multiply; "forty two" adds
                total = total * number if word in _MULTIPLIERS and total else total + number
                seen = True
        value = total if seen else None
    if value is None:
        return None
    for word in re.findall(r"[a-z]+", lowered):
        if word in _SCALES and not (word in {"m", "k"} and not m):
            value *= _SCALES[word]
            break
    return value


def _unit(span: Span) -> str | None:
    label = span.label_
    lowered = span.text.lower()
    if label == "PERCENT" or "%" in lowered or "per cent" in lowered or "percent" in lowered:
        return "percent"
    if label == "MONEY":
        for key, code in _CURRENCIES.items():
            if key in lowered:
                return code
        return "money"
    # What the number counts: the noun it modifies ("40 people"), skipping the number's own words.
    root = span.root
    head = root.head if root.dep_ in {"nummod", "quantmod"} else None
    if head is not None and head.i >= span.end and head.pos_ in {"NOUN", "PROPN"}:
        return head.lemma_.lower()
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    if nxt is not None and nxt.pos_ == "NOUN":
        return nxt.lemma_.lower()
    return None


def _about(span: Span) -> str | None:
    """Lemma of the verb or noun that the counted phrase hangs from: 'injure' in '40 people were injured'."""
    tok = span.root
    if tok.dep_ in {"nummod", "quantmod"}:
        tok = tok.head
    for _ in range(3):
        head = tok.head
        if head is tok:
            return None
        if head.pos_ in {"VERB", "ADJ"} or (head.pos_ == "NOUN" and tok.dep_ == "pobj"):
            return head.lemma_.lower()
        tok = head
    return None


def figures(doc: Doc) -> list[Figure]:
    out: list[Figure] = []
    for ent in doc.ents:
        if ent.label_ not in _FIGURE_LABELS:
            continue
        value = parse_number(ent.text)
        if value is None:
            continue
        out.append(Figure(text=ent.text, start=ent.start_char, end=ent.end_char, value=value, unit=_unit(ent),
                          about=_about(ent)))
    return out
