"""The story comparison: the outlets side by side, their claims, voices and labels."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from ..errors import NotFound
from ..records import Analysis
from ..store import SQLiteStore

UNKNOWN_OUTLET = "(unknown outlet)"
MAX_LABELS = 6


def compare_story(store: SQLiteStore, story_id: str) -> dict[str, Any]:
    """Everything the comparison page and ``GET /api/stories/{id}`` show, as plain data.

    ``outlets`` keeps each outlet's articles with their claim highlights (character spans of the article
    text), the voices it quotes (speakers and how often) and the labels it uses for actors (the distinct
    surface forms of their mentions).
    """
    story = store.story(story_id)
    analyses = [store.analysis(aid) for aid in story.article_ids]
    outlet_of = {a.article.id: a.article.outlet or UNKNOWN_OUTLET for a in analyses}
    names = _actor_names(store, analyses)

    highlights: dict[str, list[dict[str, Any]]] = defaultdict(list)
    claims = []
    for claim in story.claims:
        mentions = []
        for m in claim.mentions:
            mentions.append(
                {
                    "article_id": m.article_id,
                    "outlet": outlet_of.get(m.article_id),
                    "start": m.start,
                    "end": m.end,
                    "text": m.text,
                }
            )
            highlights[m.article_id].append(
                {
                    "start": m.start,
                    "end": m.end,
                    "relation": claim.relation,
                    "claim_id": claim.id,
                    "note": claim.note,
                }
            )
        claims.append(
            {
                "id": claim.id,
                "relation": claim.relation,
                "note": claim.note,
                "outlets": sorted({mm["outlet"] or UNKNOWN_OUTLET for mm in mentions}),
                "mentions": mentions,
            }
        )

    grouped: dict[str, list[Analysis]] = defaultdict(list)
    for a in analyses:
        grouped[outlet_of[a.article.id]].append(a)

    outlets = []
    for outlet in sorted(grouped):
        voices: Counter[tuple[str | None, str]] = Counter()
        labels: dict[str, set[str]] = defaultdict(set)
        articles = []
        for a in grouped[outlet]:
            for q in a.quotes:
                if q.speaker is not None:
                    aid = q.speaker.actor_id
                    voices[(aid, names.get(aid, q.speaker.text) if aid else q.speaker.text)] += 1
            for mention in a.mentions:
                if mention.actor_id:
                    labels[mention.actor_id].add(mention.text)
            art = a.article
            articles.append(
                {
                    "id": art.id,
                    "title": art.title,
                    "url": art.url,
                    "published": art.published,
                    "chars": len(art.text),
                    "quotes": len(a.quotes),
                    "events": len(a.events),
                    "figures": len(a.figures),
                    "highlights": sorted(highlights.get(art.id, []), key=lambda h: (h["start"], -h["end"])),
                }
            )
        outlets.append(
            {
                "outlet": outlet,
                "articles": articles,
                "voices": [
                    {"actor_id": aid, "name": name, "quotes": n}
                    for (aid, name), n in sorted(voices.items(), key=lambda kv: (-kv[1], kv[0][1]))
                ],
                "labels": [
                    {"actor_id": aid, "name": names.get(aid, aid), "labels": sorted(forms)[:MAX_LABELS]}
                    for aid, forms in sorted(labels.items(), key=lambda kv: names.get(kv[0], kv[0]))
                ],
            }
        )
    relations = Counter(c["relation"] for c in claims)
    return {
        "id": story.id,
        "title": story.title,
        "article_ids": list(story.article_ids),
        "first_published": min((a.article.published for a in analyses if a.article.published), default=None),
        "last_published": max((a.article.published for a in analyses if a.article.published), default=None),
        "claim_counts": {r: relations.get(r, 0) for r in ("agree", "differ", "single")},
        "claims": claims,
        "outlets": outlets,
    }


def _actor_names(store: SQLiteStore, analyses: list[Analysis]) -> dict[str, str]:
    ids: set[str] = set()
    for a in analyses:
        ids.update(m.actor_id for m in a.mentions if m.actor_id)
        ids.update(q.speaker.actor_id for q in a.quotes if q.speaker is not None and q.speaker.actor_id)
    out = {}
    for aid in ids:
        try:
            out[aid] = store.actor(aid).name
        except NotFound:  # a dangling id only loses its display name
            continue
    return out
