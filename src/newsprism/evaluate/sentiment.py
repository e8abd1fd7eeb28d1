"""``newsprism eval sentiment``: macro-F1 of sentiment toward persons on NewsMTSC.

Each target (a person mention in a sentence, with its further mentions) is scored by
``newsprism.link.sentiment.target_sentiment``; gold polarity 2/4/6 is negative/neutral/positive. The
default split is ``devtest_mt`` (sentences with at least two targets, often of different polarity);
``--split train`` scores the split the lexicon's two constants were chosen on.

Beside the lexicon (``macro_f1``, ``accuracy``: the shipped default), the scorer trains the optional
classifier of ``newsprism.link.sentiment_model`` on the ``train`` split in a temporary folder, writes
and reloads the model file as a user would, and scores the same targets (``trained_macro_f1``,
``trained_accuracy``). ``--limit N`` limits both files to their first N lines.
"""

from __future__ import annotations

import logging
import tempfile
from collections import Counter
from pathlib import Path

from ..errors import ConfigError
from ..link import sentiment_model
from ..link.sentiment import target_sentiment
from . import EvalReport

log = logging.getLogger(__name__)

LABELS = ("negative", "neutral", "positive")
_SPLITS = {"dev": "devtest_mt.jsonl", "devtest_mt": "devtest_mt.jsonl", "devtest_rw": "devtest_rw.jsonl",
           "train": "train.jsonl"}


def read(path: Path, limit: int | None = None) -> list[tuple[str, list[tuple[int, int]], str]]:
    """(sentence, target spans, gold label) for every target of the file."""
    return sentiment_model.read_jsonl(path, limit)


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


def evaluate(data: Path, *, split: str, limit: int | None, quick: bool = False) -> EvalReport:
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
    counts = Counter(gold)
    metrics = {"macro_f1": f1, "accuracy": _accuracy(gold, predicted)}
    rows = [["lexicon " + label, counts[label], *per[label]] for label in LABELS]
    notes = [f"{len(gold)} targets in {name}; lexicon scorer newsprism.link.sentiment "
             "(its two constants were chosen on the train split)"]
    train_path = data / _SPLITS["train"]
    if quick:
        notes.append("trained model not scored: --quick skips training it")
    elif path.resolve() == train_path.resolve() or not train_path.is_file():
        notes.append("trained model not scored: it needs train.jsonl and a different split to score")
    else:
        trained = _trained(train_path, items, limit)
        t_f1, t_per = macro_f1(gold, trained)
        metrics.update(trained_macro_f1=t_f1, trained_accuracy=_accuracy(gold, trained))
        rows += [["trained " + label, counts[label], *t_per[label]] for label in LABELS]
        notes.append("trained: newsprism train sentiment on train.jsonl (MiniLM token features + lexicon, "
                     "logistic regression), written to a temporary model file and reloaded")
    return EvalReport(name="sentiment", metrics=metrics, rows=rows, notes=notes,
                      columns=["scorer / polarity", "targets", "precision", "recall", "F1"])


def _accuracy(gold: list[str], predicted: list[str]) -> float:
    return sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold) if gold else 0.0


def _trained(train_path: Path, items: list[tuple[str, list[tuple[int, int]], str]],
             limit: int | None) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="newsprism-sentiment-") as tmp:
        model_file = Path(tmp) / "sentiment.npz"
        sentiment_model.train(train_path, model_file, limit=limit)
        model = sentiment_model.load_model(model_file)
    return [s.label for s in model.predict([(s, spans) for s, spans, _ in items])]
