"""``newsprism eval main-event``: 5W1H phrases of the main event against the Giveme5W1H gold standard.

Protocol: every article of ``data/`` (and ``data_damaged/``, whose annotations are fine) is parsed as
title + body with its publication date. For each W the score of an article is the best token-overlap F1
between our phrase and any coder phrase (lower-cased word tokens, punctuation dropped); an article counts
for a W only when coders marked a phrase for it. ``overall`` is the mean of the six W scores. The split
``dev`` is every article; ``train``/``test`` follow the upstream ``sampling.json``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..records import MainEvent
from . import EvalReport

WS = ("who", "what", "when", "where", "why", "how")
_WORD = re.compile(r"\w+")
PUBLISHED_FIGURE = "Giveme5W1H (paper, assessor-judged precision): 0.73 overall, 0.82 on who/what/when/where"


def tokens(text: str | None) -> list[str]:
    return _WORD.findall((text or "").lower())


def overlap_f1(pred: str | None, gold: str | None) -> float:
    p, g = tokens(pred), tokens(gold)
    if not p or not g:
        return 0.0
    common = 0
    pool = list(g)
    for word in p:
        if word in pool:
            pool.remove(word)
            common += 1
    if not common:
        return 0.0
    precision, recall = common / len(p), common / len(g)
    return 2 * precision * recall / (precision + recall)


def read_articles(data: Path, split: str, limit: int | None) -> list[dict[str, Any]]:
    files = sorted((data / "data").glob("*.json")) + sorted((data / "data_damaged").glob("*.json"))
    if not files:
        raise ConfigError(
            f"no Giveme5W1H gold files under {data}/data; pass --data with the gold-standard folder"
        )
    if split in {"train", "training", "test"}:
        sampling = json.loads((data / "sampling.json").read_text(encoding="utf-8"))
        key = "training" if split in {"train", "training"} else "test"
        wanted = {Path(str(n)).name for n in sampling.get(key, [])}
        files = [f for f in files if f.name in wanted]
    elif split not in {"dev", "all"}:
        raise ConfigError(f"unknown split {split!r} for main-event; use dev, train or test")
    out = []
    for f in files:
        try:
            out.append(json.loads(f.read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError) as exc:
            raise ConfigError(f"cannot read {f}: {exc}") from None
    return out[:limit] if limit else out


def gold_phrases(article: dict[str, Any], w: str) -> list[str]:
    annotated: Iterable[dict[str, Any]] = article.get("fiveWoneH", {}).get(w, {}).get("annotated", []) or []
    return [str(a["text"]) for a in annotated if isinstance(a, dict) and a.get("text")]


def extract_all(articles: list[dict[str, Any]]) -> list[MainEvent]:
    from ..config import Settings
    from ..extract.main_event import main_event
    from ..nlp.pipeline import build_nlp

    nlp = build_nlp(Settings().model)
    keep = {"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner", "newsprism_paragraphs"}
    disabled = [name for name in nlp.pipe_names if name not in keep]
    out = []
    with nlp.select_pipes(disable=disabled):
        for art in articles:
            published = str(art.get("date_publish") or "")[:10] or None
            body = nlp(str(art.get("text") or ""))
            title = nlp(str(art.get("title") or "")) if art.get("title") else None
            out.append(main_event(body, title=title, published=published))
    return out


def evaluate(data: Path, *, split: str, limit: int | None) -> EvalReport:
    articles = read_articles(data, split, limit)
    predicted = extract_all(articles)
    metrics: dict[str, float] = {}
    rows: list[list[Any]] = []
    for w in WS:
        scores = []
        answered = 0
        for art, pred in zip(articles, predicted, strict=True):
            golds = gold_phrases(art, w)
            if not golds:
                continue
            phrase = getattr(pred, w)
            answered += phrase is not None
            scores.append(max(overlap_f1(phrase, g) for g in golds))
        mean = sum(scores) / len(scores) if scores else 0.0
        metrics[w] = mean
        rows.append([w, len(scores), answered, sum(s > 0 for s in scores), mean])
    metrics["overall"] = sum(metrics[w] for w in WS) / len(WS)
    notes = [
        f"{len(articles)} articles of {data.name} (split {split}); per W: best token-overlap F1 "
        f"with any coder "
        f"phrase, averaged over articles that have one. Reference: {PUBLISHED_FIGURE} (different protocol)."
    ]
    return EvalReport(
        name="main-event",
        metrics=metrics,
        columns=["W", "articles", "answered", "overlap>0", "mean F1"],
        rows=rows,
        notes=notes,
    )
