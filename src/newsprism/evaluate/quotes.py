"""Quote attribution on PolNeAR (Newell, Margolin & Ruths, LREC 2018), textacy scored side by side.

The protocol follows the SOURCE.md of the set (the Gender Gap Tracker scorer):

* gold: every attribution with a Cue and a Content; its content is the extent from the first to the last
  Content fragment; articles with several annotators use the first annotator listed in ``metadata.tsv``;
* matching: each gold quote, in text order, takes the unmatched prediction with the highest
  ``|gold ∩ pred| / |gold|`` (characters); the pair counts when that share exceeds 0.3 (or 0.8);
* direct: gold restricted to contents holding a quote mark (a double mark, or a pair of single marks; an
  apostrophe is none), predictions to the same attributions as in *all*, kept when their span is bounded by
  quote marks;
* speaker pair: a match whose predicted speaker span overlaps a gold Source fragment (gold without a
  Source can never be a pair);
* strict: the predicted span equals the gold extent exactly (one to one).

Predictions of newsprism are its quotes of kind direct, partial and indirect (scare quotes are, by
definition, attributed to no one); a direct or partial quote is scored with its quote marks, as PolNeAR
spans include them. A partial quote that lies inside an indirect quote of the same cue is part of that one
attribution (a mixed quote) and is no prediction of its own in either scope: the mixed attribution's span
is the indirect one, which quote marks do not bound, so it is not a direct prediction.
"""

from __future__ import annotations

import csv
import importlib.util
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from . import EvalReport

log = logging.getLogger(__name__)

_MARKS = "\"'“”‘’«»`"
# double quote marks are always quote marks; a single mark is one only as half of a pair (an opener at the
# start of a word, a closer after it), so apostrophes (won't, voters' plans, the U.N.'s) are not
_DOUBLE_MARK_RE = re.compile(r"[\"“”«»„]|''|``")
_SINGLE_OPEN_RE = re.compile(r"(?<![\w.'’])['‘](?=[^\W\d_])")
_SINGLE_CLOSE_RE = re.compile(r"(?<=[\w.,!?;:])['’](?!\w)")
_OPENERS = "\"“”«»‘'`„‹"
_CLOSERS = "\"”“»’'›"
THRESHOLDS = (0.3, 0.8)


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    sources: tuple[tuple[int, int], ...]
    direct: bool
    cue: tuple[int, int] | None = None


@dataclass(frozen=True)
class Pred:
    start: int
    end: int
    speaker: tuple[int, int] | None
    marked: bool
    #: a quoted fragment inside an indirect quote: one attribution with it, scored only among direct ones
    nested: bool = False
    kind: str = "direct"
    #: the cue word: pieces of one attribution share it (PolNeAR gives each attribution one cue)
    cue: str | None = None


@dataclass
class Document:
    name: str
    text: str
    gold: list[Gold] = field(default_factory=list)


# -- reading the set -----------------------------------------------------------------------------------------
def _fragments(spec: str) -> list[tuple[int, int]]:
    out = []
    for part in spec.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return out


def read_ann(text: str, ann: str) -> list[Gold]:
    """The attributions of one brat ``.ann`` file that have both a Cue and a Content."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events: list[dict[str, str]] = []
    for line in ann.splitlines():
        if line.startswith("T"):
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            label, _, spec = parts[1].partition(" ")
            try:
                spans[parts[0]] = (label, _fragments(spec))
            except ValueError:
                log.warning("skipping unreadable span line %r", line[:60])
        elif line.startswith("E"):
            parts = line.split("\t")
            if len(parts) >= 2:
                events.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    gold = []
    for ev in events:
        content = spans.get(ev.get("Content", ""))
        cue = spans.get(ev.get("Cue", ""))
        if content is None or cue is None:
            continue
        frags = content[1]
        start, end = min(a for a, _ in frags), max(b for _, b in frags)
        source = spans.get(ev.get("Source", ""))
        sources = tuple(source[1]) if source else ()
        direct = any(has_quote_marks(text[a:b]) for a, b in frags)
        cue_span = (min(a for a, _ in cue[1]), max(b for _, b in cue[1]))
        gold.append(Gold(start, end, sources, direct, cue_span))
    gold.sort(key=lambda g: (g.start, g.end))
    return gold


def has_quote_marks(span: str) -> bool:
    """Does a gold Content fragment hold a quote mark (not an apostrophe)?"""
    if _DOUBLE_MARK_RE.search(span):
        return True
    opener = _SINGLE_OPEN_RE.search(span)
    return opener is not None and _SINGLE_CLOSE_RE.search(span, opener.end()) is not None


def bounded(text: str, pred: Pred) -> bool:
    """Is a predicted span bounded by quote marks (the protocol's direct predictions)?"""
    span = text[pred.start : pred.end].strip()
    return len(span) >= 2 and span[0] in _OPENERS and span[-1] in _CLOSERS


def read_split(data: Path, split: str, limit: int | None = None) -> list[Document]:
    folder = data / "data" / split
    if not (folder / "text").is_dir():
        raise ConfigError(f"{str(folder)!r} has no text/ folder; pass --data pointing at the PolNeAR root")
    first: dict[str, str] = {}
    meta = data / "data" / "metadata.tsv"
    if meta.exists():
        with meta.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                if row.get("compartment") == split and row.get("annotators"):
                    first[row["filename"]] = row["annotators"].split("|")[0]
    docs = []
    for txt in sorted((folder / "text").glob("*.txt")):
        anns = sorted((folder / "attributions").glob(f"{txt.stem}_*.ann"))
        if not anns:
            log.warning("%s has no annotation file; skipped", txt.name)
            continue
        wanted = first.get(txt.stem)
        chosen = next((a for a in anns if wanted and a.stem.endswith("_" + wanted)), anns[0])
        text = txt.read_text(encoding="utf-8")
        docs.append(Document(txt.stem, text, read_ann(text, chosen.read_text(encoding="utf-8"))))
        if limit is not None and len(docs) >= limit:
            break
    return docs


# -- scoring -------------------------------------------------------------------------------------------------
@dataclass
class Counts:
    gold: int = 0
    pred: int = 0
    matched: int = 0
    pairs: int = 0

    def add(self, other: Counts) -> None:
        self.gold += other.gold
        self.pred += other.pred
        self.matched += other.matched
        self.pairs += other.pairs

    @staticmethod
    def prf(tp: int, pred: int, gold: int) -> tuple[float, float, float]:
        p = tp / pred if pred else 0.0
        r = tp / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match(gold: list[Gold], preds: list[Pred], threshold: float) -> Counts:
    """Greedy one-to-one matching of gold to predictions by the share of the gold span covered."""
    used: set[int] = set()
    c = Counts(gold=len(gold), pred=len(preds))
    for g in gold:
        glen = max(1, g.end - g.start)
        best, best_share = -1, 0.0
        for i, p in enumerate(preds):
            if i in used:
                continue
            share = _overlap((g.start, g.end), (p.start, p.end)) / glen
            if share > best_share:
                best, best_share = i, share
        if best < 0 or best_share <= threshold:
            continue
        used.add(best)
        c.matched += 1
        spk = preds[best].speaker
        if spk is not None and any(_overlap(spk, s) > 0 for s in g.sources):
            c.pairs += 1
    return c


def exact(gold: list[Gold], preds: list[Pred]) -> Counts:
    spans = {(p.start, p.end) for p in preds}
    hits = sum(1 for g in {(g.start, g.end) for g in gold} if g in spans)
    return Counts(gold=len(gold), pred=len(preds), matched=hits)


def _with_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a quote's content to its quote marks (PolNeAR spans include them)."""
    if start > 0 and text[start - 1] in _MARKS:
        start -= 1
        if start > 0 and text[start - 1] in "`'" and text[start] in "`'":
            start -= 1
    if end < len(text) and text[end] in _MARKS:
        end += 1
        if end < len(text) and text[end] == "'" and text[end - 1] == "'":
            end += 1
    return start, end


# -- systems -------------------------------------------------------------------------------------------------
def newsprism_predictions(doc: Any) -> list[Pred]:
    """newsprism's quotes as scored spans: direct and partial ones with their marks, scare quotes left out."""
    text = doc.text
    quotes = sorted((q for q in doc._.newsprism_quotes if q.kind != "scare"), key=lambda q: q.start)
    indirect = [q for q in quotes if q.kind == "indirect"]
    preds: list[Pred] = []
    for q in quotes:
        marked = q.kind in ("direct", "partial")
        start, end = _with_marks(text, q.start, q.end) if marked else (q.start, q.end)
        spk = (q.speaker.start, q.speaker.end) if q.speaker is not None else None
        nested = q.kind == "partial" and any(i.start <= q.start and q.end <= i.end for i in indirect)
        preds.append(Pred(start, end, spk, marked, nested, q.kind, q.cue))
    return preds


def join_pieces(text: str, preds: list[Pred]) -> list[Pred]:
    """Join the quoted pieces of one attribution, as PolNeAR annotates them (one discontinuous content).

    Two marked spans with the same speaker mention in one paragraph are one attribution when the speaker
    stands between them after a whole utterance ("…,” she said, “…”) or when both are fragments of one
    reported clause ("called it a “con” and “unfit”"), and both have the same cue word (PolNeAR gives an
    attribution one cue: "…,” he said, adding later, “…”" is two). Applied to every system alike; a system
    whose predictions carry no cue (textacy) is joined on speaker and position only.
    """
    out: list[Pred] = []
    for p in sorted(preds, key=lambda p: p.start):
        at = next((i for i in range(len(out) - 1, -1, -1) if out[i].marked), -1)
        prev = out[at] if at >= 0 else None
        spk = p.speaker
        # a piece with a cue of its own ("…,” Trump said, adding later, “…”) is another attribution
        if p.marked and prev is not None and spk is not None and prev.speaker == spk and prev.cue == p.cue:
            gap = text[prev.end : p.start]
            split = prev.end <= spk[0] and spk[1] <= p.start and prev.kind == "direct"
            fragments = p.kind == "partial" and prev.kind == "partial" and len(gap) < 120
            if "\n" not in gap and (split or fragments):
                out[at] = Pred(prev.start, p.end, spk, True, prev.nested and p.nested, p.kind, p.cue)
                continue
        out.append(p)
    return out


def textacy_predictions(doc: Any) -> list[Pred]:
    from textacy.extract.triples import direct_quotations

    preds = []
    try:
        for triple in direct_quotations(doc):
            content = triple.content
            spk = None
            if triple.speaker:
                spk = (min(t.idx for t in triple.speaker), max(t.idx + len(t) for t in triple.speaker))
            preds.append(Pred(content.start_char, content.end_char, spk, True, False, "direct"))
    except ValueError as exc:
        # textacy gives up on a whole article when its quote marks do not pair up; it then finds nothing
        log.debug("textacy gave up on a document: %s", exc)
        _TEXTACY_GAVE_UP.append(doc.text[:40])
    return preds


_TEXTACY_GAVE_UP: list[str] = []

SYSTEMS: dict[str, Callable[[Any], list[Pred]]] = {
    "newsprism": newsprism_predictions,
    "textacy": textacy_predictions,
}


def _parse(docs: list[Document]) -> Iterator[Any]:
    from ..config import Settings
    from ..nlp import build_nlp

    nlp = build_nlp(Settings().model)
    keep = {"newsprism_paragraphs", "newsprism_entities", "newsprism_quotes"}
    disable = [n for n in nlp.pipe_names if n.startswith("newsprism_") and n not in keep]
    with nlp.select_pipes(disable=disable):
        yield from nlp.pipe((d.text for d in docs), batch_size=8)


def _scope(doc: Document, preds: list[Pred], direct: bool) -> tuple[list[Gold], list[Pred]]:
    """The gold and the predictions one scope scores.

    A prediction is one attribution: a quoted fragment inside an indirect quote is part of that one and is
    not a prediction of its own, in either scope. *direct* keeps the predictions bounded by quote marks.
    """
    preds = [p for p in preds if not p.nested]
    if not direct:
        return doc.gold, preds
    return [g for g in doc.gold if g.direct], [p for p in preds if bounded(doc.text, p)]


def score_system(
    docs: list[Document], parsed: list[Any], system: Callable[[Any], list[Pred]]
) -> dict[str, float]:
    metrics: dict[str, float] = {}
    per_doc = [join_pieces(p.text, system(p)) for p in parsed]
    for direct in (False, True):
        scope = "direct" if direct else "all"
        for th in THRESHOLDS:
            total = Counts()
            for d, preds in zip(docs, per_doc, strict=True):
                gold, ps = _scope(d, preds, direct)
                total.add(match(gold, ps, th))
            p, r, f = Counts.prf(total.matched, total.pred, total.gold)
            tag = f"{scope}@{th}"
            metrics.update({f"{tag}_p": p, f"{tag}_r": r, f"{tag}_f1": f})
            sp, sr, sf = Counts.prf(total.pairs, total.pred, total.gold)
            metrics.update({f"{tag}_pair_p": sp, f"{tag}_pair_r": sr, f"{tag}_pair_f1": sf})
            metrics[f"{tag}_spk_acc"] = total.pairs / total.matched if total.matched else 0.0
        strict = Counts()
        for d, preds in zip(docs, per_doc, strict=True):
            gold, ps = _scope(d, preds, direct)
            strict.add(exact(gold, ps))
        p, r, f = Counts.prf(strict.matched, strict.pred, strict.gold)
        metrics.update({f"{scope}_exact_p": p, f"{scope}_exact_r": r, f"{scope}_exact_f1": f})
    return metrics


_ROWS = [
    ("all @0.3 P/R/F1", "all@0.3", ("p", "r", "f1")),
    ("all @0.8 P/R/F1", "all@0.8", ("p", "r", "f1")),
    ("direct @0.3 P/R/F1", "direct@0.3", ("p", "r", "f1")),
    ("direct @0.8 P/R/F1", "direct@0.8", ("p", "r", "f1")),
    ("speaker pair all @0.3 P/R/F1", "all@0.3", ("pair_p", "pair_r", "pair_f1")),
    ("speaker pair direct @0.3 P/R/F1", "direct@0.3", ("pair_p", "pair_r", "pair_f1")),
    ("spkAcc all/direct @0.3", None, ()),
    ("exact all P/R/F1", "all", ("exact_p", "exact_r", "exact_f1")),
    ("exact direct P/R/F1", "direct", ("exact_p", "exact_r", "exact_f1")),
]


def _cell(m: dict[str, float], tag: str | None, keys: Iterable[str]) -> str:
    if tag is None:
        return f"{m['all@0.3_spk_acc']:.3f}/{m['direct@0.3_spk_acc']:.3f}"
    return "/".join(f"{m[f'{tag}_{k}']:.3f}" for k in keys)


def evaluate(
    data: Path,
    *,
    split: str = "dev",
    limit: int | None = None,
    systems: Iterable[str] = ("newsprism", "textacy"),
) -> EvalReport:
    docs = read_split(data, split, limit)
    if not docs:
        raise ConfigError(f"no PolNeAR documents found in {str(data)!r} split {split!r}")
    parsed = list(_parse(docs))
    _TEXTACY_GAVE_UP.clear()
    notes: list[str] = []
    if "textacy" in systems and importlib.util.find_spec("textacy") is None:
        systems = [s for s in systems if s != "textacy"]
        notes.append("textacy (a dev dependency, textacy==0.13.0) is not installed: baseline skipped")
    results = {name: score_system(docs, parsed, SYSTEMS[name]) for name in systems}
    names = list(results)
    rows = [[label, *(_cell(results[n], tag, keys) for n in names)] for label, tag, keys in _ROWS]
    ours = results.get("newsprism", {})
    metrics = dict(ours)
    for name in names[1:] if "newsprism" in results else names:
        for key in ("all@0.3_f1", "direct@0.3_f1", "all@0.3_pair_f1", "all_exact_f1"):
            metrics[f"{name}_{key}"] = results[name][key]
    n_gold = sum(len(d.gold) for d in docs)
    notes += [
        f"PolNeAR {split}: {len(docs)} articles, {n_gold} gold attributions with cue and content "
        f"({sum(g.direct for d in docs for g in d.gold)} with quote marks)",
        "published anchors on PolNeAR test (SOURCE.md): all@0.3 F1 Citron .647, GGT .528, textacy .248; "
        "direct@0.3 F1 Citron .723, GGT .647, textacy .533",
    ]
    if "textacy" in results:
        notes.append(
            f"textacy gave up on {len(_TEXTACY_GAVE_UP)} of {len(docs)} articles (unpaired quote marks)"
        )
    return EvalReport(name="quotes", metrics=metrics, columns=["metric", *names], rows=rows, notes=notes)
