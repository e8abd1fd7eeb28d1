"""``newsprism eval sentiment``: macro-F1 of sentiment toward persons on NewsMTSC.

Each target (a person mention in a sentence, with its further mentions) is scored by
``newsprism.link.sentiment.target_sentiment``; gold polarity 2/4/6 is negative/neutral/positive. The
default split is ``devtest_mt`` (sentences with at least two targets, often of different polarity);
``--split train`` scores the split the lexicon's two constants were chosen on.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from ..errors import ConfigError
from ..link.sentiment import target_sentiment
from . import EvalReport

LABELS = ("negative", "neutral", "positive")
_GOLD = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
_SPLITS = {"dev": "devtest_mt.jsonl", "devtest_mt": "devtest_mt.jsonl", "devtest_rw": "devtest_rw.jsonl",
           "train": "train.jsonl"}


def read(path: Path, limit: int | None = None) -> list[tuple[str, list[tuple[int, int]], str]]:
    """(sentence, target spans, gold label) for every target of the file."""
    out = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                break
            row = json.loads(line)
            sentence = row["sentence_normalized"]
            for t in row["targets"]:
                spans = [(t["from"], t["to"])] + [(f["from"], f["to"]) for f in t.get("further_mentions", [])]
                out.append((sentence, spans, _GOLD[float(t["polarity"])]))
    return out


def macro_f1(gold: list[str], predicted: list[str]) -> tuple[float, dict[str, tuple[float, float, float]]]:
    per: dict[str, tuple[float, float, float]] = {}
    for label in LABELS:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p == label)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if p == label and g != label)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p != label)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        per[label] = (prec, rec, 2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return sum(v[2] for v in per.values()) / len(LABELS), per


def evaluate(data: Path, *, split: str, limit: int | None) -> EvalReport:
    name = _SPLITS.get(split, split if split.endswith(".jsonl") else f"{split}.jsonl")
    path = data / name
    if not path.is_file():
        raise ConfigError(
            f"no {name} in {str(data)!r}; pass --data pointing at the newsmtsc set and --split dev"
        )
    items = read(path, limit)
    gold = [g for _, _, g in items]
    predicted = [target_sentiment(s, spans).label for s, spans, _ in items]
    f1, per = macro_f1(gold, predicted)
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold) if gold else 0.0
    counts = Counter(gold)
    return EvalReport(
        name="sentiment",
        metrics={"macro_f1": f1, "accuracy": accuracy},
        columns=["polarity", "targets", "precision", "recall", "F1"],
        rows=[[label, counts[label], *per[label]] for label in LABELS],
        notes=[f"{len(gold)} targets in {name}; lexicon scorer newsprism.link.sentiment "
               "(its two constants were chosen on the train split)"],
    )
