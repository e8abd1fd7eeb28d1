"""A static, self-contained HTML report of a store: stories with their claims, then every article.

Everything from the articles is escaped by Jinja2's autoescape; the page loads nothing from elsewhere.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from .. import __version__
from ..link.coverage import compare
from ..store import SQLiteStore
from .export import article_dict, story_dict


def _highlight(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, str | None]]:
    """Cut ``text`` into (piece, css class or None), marking non-overlapping spans (earliest first)."""
    pieces: list[tuple[str, str | None]] = []
    pos = 0
    for start, end, cls in sorted(spans):
        if start < pos or end <= start:
            continue
        pieces.append((text[pos:start], None))
        pieces.append((text[start:end], cls))
        pos = end
    pieces.append((text[pos:], None))
    return pieces


def render_report(store: SQLiteStore) -> str:
    env = Environment(loader=PackageLoader("newsprism.output", "templates"), autoescape=select_autoescape(["html"]))
    articles: dict[str, dict[str, Any]] = {}
    for aid in store.article_ids():
        art = article_dict(store, store.analysis(aid))
        spans = [(q["start"], q["end"], f"q-{q['kind']}") for q in art["quotes"]]
        spans += [(f["start"], f["end"], "fig") for f in art["figures"]]
        art["pieces"] = _highlight(art["text"], spans)
        articles[aid] = art
    stories = []
    for s in store.stories():
        story = story_dict(s)
        cmp = compare(s, [store.analysis(aid) for aid in s.article_ids])
        story["compare"] = {"outlets": cmp.outlets, "by_claim": cmp.by_outlet}
        stories.append(story)
    for story in stories:
        story["outlets"] = sorted({articles[a]["outlet"] or "(unknown outlet)" for a in story["article_ids"]})
        story["relations"] = Counter(c["relation"] for c in story["claims"])
        for claim in story["claims"]:
            for m in claim["mentions"]:
                m["outlet"] = articles[m["article_id"]]["outlet"] or "(unknown outlet)"
    actors = list(store.actors())
    counts = store.counts()
    template = env.get_template("report.html")
    return template.render(
        version=__version__,
        generated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        db=store.path,
        counts=counts,
        stories=stories,
        articles=articles,
        actors=actors,
        errors=store.ingest_errors(),
    )


def write_report(store: SQLiteStore, out: str | Path) -> Path:
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(store), encoding="utf-8")
    return path
