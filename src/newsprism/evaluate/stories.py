"""``newsprism eval stories``: B-cubed precision, recall and F1 of story clustering.

Two gold sets, one method: the same pipeline, linker and threshold (the product's settings) score both.

- ECB+ (``ecbplus/``): 982 documents in 43 topics, each topic holding two sub-topics (two different
  seminal events of the same kind: the ``*ecb.xml`` and ``*ecbplus.xml`` documents). Gold clusters are
  the 86 sub-topics; all documents are clustered together, not topic by topic. The XML has no
  publication dates, so time plays no part here.
- Giveme5W1H (``giveme5w1h-gold/``, found beside the ECB+ folder): 100 articles from 13 outlets, gold
  clusters by ``category`` (12 events, e.g. one White House meeting covered by 9 outlets), with
  publication dates. The one article without a category is left out (it has no gold story).

Articles are linked one at a time in publication order (ECB+: file order), exactly as ``analyze`` links
them, so the figures measure the incremental linker, not a batch clustering.
"""

from __future__ import annotations

import json
import logging
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from ..config import Settings, load_settings
from ..errors import ConfigError
from ..records import Article
from . import EvalReport

log = logging.getLogger(__name__)

_NO_SPACE_BEFORE = re.compile(r" ([.,;:!?%)\]}]|'s|n't|'re|'ll|'ve|'d|'m)(?=\s|$)")
_NO_SPACE_AFTER = re.compile(r"([(\[{$]) ")


#: The ECB+-extension documents are tokenised so finely that a plain join splits what the article wrote
#: as one word: 4.6, 2/3/2009, 13:59, 120,000, zero-day, U.S. (the original ECB documents keep them whole)
_SPLIT_NUMBER = re.compile(r"(?<=\d) ([.:/]|,(?= \d{3}\b)) (?=\d)")
_SPLIT_HYPHEN = re.compile(r"(?<=\w) - (?=\w)")
_SPLIT_INITIALS = re.compile(r"(?<=\b[A-Z]) \. (?=[A-Z]\b)")


def _detokenise(tokens: list[str]) -> str:
    text = " ".join(tokens)
    text = _SPLIT_NUMBER.sub(r"\1", text)
    text = _SPLIT_HYPHEN.sub("-", text)
    text = _SPLIT_INITIALS.sub(".", text)
    text = _NO_SPACE_BEFORE.sub(r"\1", text)
    return _NO_SPACE_AFTER.sub(r"\1", text)


def read_ecbplus(folder: Path, limit_topics: int | None = None) -> list[tuple[Article, str]]:
    """Documents of ECB+ as articles, each with its gold sub-topic ``<topic>/ecb`` or ``<topic>/ecbplus``."""
    root = folder / "ECB+" if (folder / "ECB+").is_dir() else folder
    topics = sorted((p for p in root.iterdir() if p.is_dir() and p.name.isdigit()), key=lambda p: int(p.name))
    if not topics:
        raise ConfigError(f"no ECB+ topic folders in {str(root)!r}; pass --data pointing at the ecbplus set")
    out: list[tuple[Article, str]] = []
    for topic in topics[:limit_topics]:
        files = sorted(topic.glob("*.xml"), key=lambda p: [int(x) if x.isdigit() else x
                                                          for x in re.split(r"(\d+)", p.name)])
        for path in files:
            try:
                doc = ET.parse(path).getroot()
            except ET.ParseError as exc:
                log.warning("%s: not well-formed XML (%s); skipped", path, exc)
                continue
            sentences: dict[int, list[str]] = defaultdict(list)
            for tok in doc.iter("token"):
                sentences[int(tok.get("sentence", "0"))].append(tok.text or "")
            keys = sorted(sentences)
            url = None
            if keys and "".join(sentences[keys[0]][:1]).lower().startswith("http"):
                # The ECB+ extension documents begin with their source URL as a "sentence": it is the
                # article's address, not its text (a feed would carry it as metadata), so it goes to ``url``.
                url, keys = "".join(sentences[keys[0]]), keys[1:]
            text = "\n".join(_detokenise(sentences[k]) for k in keys)
            sub = "ecbplus" if path.name.endswith("ecbplus.xml") else "ecb"
            art = Article(id=path.stem, path=str(path), text=text, url=url, outlet=None, source_format="text")
            out.append((art, f"{topic.name}/{sub}"))
    return out


def read_giveme5w1h(folder: Path) -> list[tuple[Article, str]]:
    """The Giveme5W1H gold articles with a category, each with its category as the gold story."""
    out: list[tuple[Article, str]] = []
    files = sorted([*(folder / "data").glob("*.json"), *(folder / "data_damaged").glob("*.json")])
    if not files:
        raise ConfigError(f"no Giveme5W1H JSON files under {str(folder)!r}/data")
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        category = data.get("category")
        if not category:
            continue
        published = data.get("date_publish")
        published = published[:10] if published and published[:4].isdigit() else None
        text = data.get("text") or ""
        if data.get("description") and not text.startswith(data["description"][:40]):
            text = data["description"] + "\n\n" + text
        art = Article(id=path.stem, path=str(path), text=text, title=data.get("title"),
                      outlet=data.get("publisher"), url=data.get("url"), published=published)
        out.append((art, category))
    return out


def bcubed(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering (item -> cluster) against gold (item -> class)."""
    items = [i for i in gold if i in predicted]
    if not items:
        return 0.0, 0.0, 0.0
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for i in items:
        by_pred[predicted[i]].add(i)
        by_gold[gold[i]].add(i)
    p = r = 0.0
    for i in items:
        same = len(by_pred[predicted[i]] & by_gold[gold[i]])
        p += same / len(by_pred[predicted[i]])
        r += same / len(by_gold[gold[i]])
    p, r = p / len(items), r / len(items)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def cluster(articles: Sequence[Article], settings: Settings) -> dict[str, str]:
    """Analyse the articles with the product pipeline and link them one by one: article id -> story id."""
    from ..link.stories import link_in_memory

    return link_in_memory(articles, settings)


def evaluate(data: Path, *, split: str, limit: int | None) -> EvalReport:
    settings = load_settings()
    sets: list[tuple[str, list[tuple[Article, str]]]] = []
    ecb_folder = data if (data / "ECB+").is_dir() or data.name == "ecbplus" else data.parent / "ecbplus"
    g5_folder = data.parent / "giveme5w1h-gold" if data.name != "giveme5w1h-gold" else data
    if ecb_folder.is_dir():
        # --limit N scores the first N topics (both sub-topics of each), so that clusters stay whole.
        sets.append(("ecbplus", read_ecbplus(ecb_folder, limit)))
    if g5_folder.is_dir():
        sets.append(("giveme5w1h", read_giveme5w1h(g5_folder)))
    if not sets:
        raise ConfigError(f"neither ECB+ nor Giveme5W1H found at {str(data)!r}; pass --data .../ecbplus")
    metrics: dict[str, float] = {}
    rows: list[list[object]] = []
    for name, items in sets:
        gold = {a.id: label for a, label in items}
        predicted = cluster([a for a, _ in items], settings)
        p, r, f = bcubed(predicted, gold)
        metrics.update({f"{name}_precision": p, f"{name}_recall": r, f"{name}_f1": f})
        rows.append([name, len(items), len(set(gold.values())), len(set(predicted.values())), p, r, f])
    return EvalReport(
        name="stories", metrics=metrics,
        columns=["set", "articles", "gold stories", "predicted stories", "B3 precision", "B3 recall",
                 "B3 F1"],
        rows=rows,
        notes=[f"one method for both sets: story_threshold={settings.story_threshold}, "
               f"story_window_days={settings.story_window_days}; split {split!r} is the whole dev set"],
    )
