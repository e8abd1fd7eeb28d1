"""``newsprism eval events``: PLOVER category and (category, source country, target country) scores.

Protocol on the PLOVER gold standard records (``PLOVER_GSR_<split>.json``, one coded event a sentence):

- Gold labels are PLOVER 0.5b1; they are mapped to the current 16 categories first (DEMAND->REQUEST,
  DISAPPROVE->ACCUSE, INVESTIGATE->ACCUSE, FIGHT->ASSAULT).
- Category: per record, the *distinct* categories newsprism predicts for the sentence (negated events
  left out: "did not sign" is not an AGREE) against the gold category. Precision is over the distinct
  predicted categories of every record, recall over the gold records.
- Triples: every gold (category, source country, target country) — one per listed source and target; a
  reciprocal record ("X and Y agreed", no target) gives (category, X, none) and (category, Y, none).
  A prediction matches when category and both countries are equal; for a reciprocal gold triple with no
  target, a predicted target that is another of the record's sources also matches (X agreed with Y).
  Countries come from :func:`newsprism.link.event_coding.code_event` (``code_actor`` on the source and
  target phrases, a pronoun coded as the name it refers to); an international organisation is "IGO".
- Quad-class check (when ``conflibert-cameo`` sits beside the set): the CAMEO quad class of the main
  event of each training sentence (0 = no event / a statement) against the gold class.
"""

from __future__ import annotations

import csv
import json
import logging
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..link.coding import ActorCode
from ..records import PLOVER_CATEGORIES, Event
from . import EvalReport

log = logging.getLogger(__name__)

LABEL_MAP = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
#: CAMEO "quad" classes of the PLOVER categories (Phoenix quad conversion by CAMEO root code)
QUAD_CLASS = {
    "AGREE": 1,
    "CONSULT": 1,
    "SUPPORT": 1,
    "COOPERATE": 2,
    "AID": 2,
    "CONCEDE": 2,
    "RETREAT": 2,
    "ACCUSE": 3,
    "REQUEST": 3,
    "REJECT": 3,
    "THREATEN": 3,
    "SANCTION": 3,
    "PROTEST": 4,
    "MOBILIZE": 4,
    "COERCE": 4,
    "ASSAULT": 4,
}
PETRARCH2_ANCHOR = (
    "PETRARCH-2 (spaCy trees, full set): category P 0.54 R 0.21 F1 0.30; triple P 0.36 R 0.16 F1 0.22"
)


def gold_label(label: str) -> str:
    return LABEL_MAP.get(label, label)


def _actors(value: Any) -> list[dict[str, Any]]:
    return [a for a in value if isinstance(a, dict)] if isinstance(value, list) else []


def read_gsr(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}; pass --data with a PLOVER GSR folder") from None
    coded = [r for r in records if isinstance(r, dict) and r.get("event") and r.get("text")]
    return coded[:limit] if limit else coded


def gold_triples(record: dict[str, Any]) -> set[tuple[str, str | None, str | None]]:
    category = gold_label(record["event"])
    sources = [a.get("code") for a in _actors(record.get("source"))] or [None]
    targets = [a.get("code") for a in _actors(record.get("target"))] or [None]
    return {(category, s, t) for s in sources for t in targets}


def _country(code: ActorCode | None) -> str | None:
    if code is None:
        return None
    if code.country:
        return code.country
    return "IGO" if code.type == "IGO" else None


def predicted(events: Iterable[Event], text: str) -> tuple[set[str], set[tuple[str, str | None, str | None]]]:
    from ..link.event_coding import code_event

    cats: set[str] = set()
    triples: set[tuple[str, str | None, str | None]] = set()
    for e in events:
        if e.negated:
            continue
        cats.add(e.type)
        source, target = code_event(e, text)
        triples.add((e.type, _country(source), _country(target)))
    return cats, triples


def _match(
    gold: tuple[str, str | None, str | None],
    preds: set[tuple[str, str | None, str | None]],
    reciprocal: set[str | None],
) -> bool:
    if gold in preds:
        return True
    cat, src, tgt = gold
    if tgt is None and len(reciprocal) > 1:
        return any(p[0] == cat and p[1] == src and p[2] in reciprocal - {src} for p in preds)
    return False


def _prf(tp: float, n_pred: float, n_gold: float) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _parse(texts: list[str]) -> list[list[Event]]:
    from ..config import Settings
    from ..extract import events as extract_events
    from ..nlp.pipeline import build_nlp

    nlp = build_nlp(Settings().model)
    keep = {"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner", "newsprism_paragraphs"}
    disabled = [name for name in nlp.pipe_names if name not in keep]
    with nlp.select_pipes(disable=disabled):
        return [extract_events(doc) for doc in nlp.pipe(texts, batch_size=64)]


def evaluate(data: Path, *, split: str, limit: int | None) -> EvalReport:
    path = data / f"PLOVER_GSR_{split}.json" if data.is_dir() else data
    if not path.exists():
        raise ConfigError(f"{path} not found; the PLOVER GSR folder holds PLOVER_GSR_<split>.json")
    records = read_gsr(path, limit)
    all_events = _parse([r["text"] for r in records])

    tp = n_pred = 0
    per_cat: dict[str, Counter[str]] = {c: Counter() for c in PLOVER_CATEGORIES}
    t_hit = t_gold = t_pred = t_pred_hit = 0
    src_hit = src_gold = 0
    for record, events in zip(records, all_events, strict=True):
        gold = gold_label(record["event"])
        cats, triples = predicted(events, record["text"])
        n_pred += len(cats)
        tp += gold in cats
        per_cat[gold]["gold"] += 1
        per_cat[gold]["tp"] += gold in cats
        for c in cats:
            per_cat[c]["pred"] += 1
        gt = gold_triples(record)
        reciprocal = {a.get("code") for a in _actors(record.get("source"))}
        hits = {g for g in gt if _match(g, triples, reciprocal)}
        t_hit += len(hits)
        t_gold += len(gt)
        t_pred += len(triples)
        t_pred_hit += sum(1 for p in triples if any(_match(g, {p}, reciprocal) for g in gt))
        gold_sources = {a.get("code") for a in _actors(record.get("source"))}
        src_gold += len(gold_sources)
        src_hit += len(gold_sources & {p[1] for p in triples if p[0] == gold})

    p, r, f = _prf(tp, n_pred, len(records))
    tr = t_hit / t_gold if t_gold else 0.0
    tp_ = t_pred_hit / t_pred if t_pred else 0.0
    tf = 2 * tp_ * tr / (tp_ + tr) if tp_ + tr else 0.0
    metrics = {
        "category_p": p,
        "category_r": r,
        "category_f1": f,
        "triple_p": tp_,
        "triple_r": tr,
        "triple_f1": tf,
        "source_country_r": src_hit / src_gold if src_gold else 0.0,
    }
    rows: list[list[Any]] = []
    for cat in PLOVER_CATEGORIES:
        counts = per_cat[cat]
        if not (counts["gold"] or counts["pred"]):
            continue
        cp, cr, cf = _prf(counts["tp"], counts["pred"], counts["gold"])
        rows.append([cat, counts["gold"], counts["pred"], cp, cr, cf])
    notes = [f"{len(records)} records of {path.name}; anchor: {PETRARCH2_ANCHOR}"]

    quad_dir = data.parent / "conflibert-cameo" if data.is_dir() else data.parent.parent / "conflibert-cameo"
    quad_file = quad_dir / "cameo_class_train.tsv"
    if quad_file.exists():
        acc, macro, n = quad_check(quad_file, limit)
        metrics["quad_accuracy"] = acc
        metrics["quad_macro_f1"] = macro
        notes.append(
            f"quad-class check on {n} sentences of conflibert-cameo train: "
            f"accuracy {acc:.3f}, macro F1 {macro:.3f}"
        )
    return EvalReport(
        name="events",
        metrics=metrics,
        columns=["category", "gold", "pred", "P", "R", "F1"],
        rows=rows,
        notes=notes,
    )


def quad_class(events: Iterable[Event]) -> int:
    """The CAMEO quad class of a sentence: that of its main (first non-negated) event, 0 without one."""
    from ..extract.events import main_of_sentence

    main = main_of_sentence([e for e in events if not e.negated])
    return QUAD_CLASS.get(main.type, 0) if main is not None else 0


def quad_check(path: Path, limit: int | None) -> tuple[float, float, int]:
    rows: list[tuple[str, int]] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for line in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(line) >= 2 and line[-1].strip().isdigit():
                rows.append(("\t".join(line[:-1]), int(line[-1])))
    if limit:
        rows = rows[: limit * 4]
    preds = [quad_class(evs) for evs in _parse([t for t, _ in rows])]
    gold = [g for _, g in rows]
    acc = sum(p == g for p, g in zip(preds, gold, strict=True)) / len(rows) if rows else 0.0
    f1s = []
    for cls in range(5):
        tp = sum(p == g == cls for p, g in zip(preds, gold, strict=True))
        f1s.append(_prf(tp, preds.count(cls), gold.count(cls))[2])
    return acc, sum(f1s) / len(f1s), len(rows)
