"""Coverage per outlet in a story: what each outlet alone reports, whom it quotes, whom it names and how
prominently, what it calls them, and how it speaks of them.

Everything here is computed from the stored analyses of the story's articles when a comparison is asked
for (``newsprism compare``, the report, the web page); nothing is kept, so it is always current.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..records import Analysis, Claim, Story
from .claims import speaker_names
from .sentiment import target_sentiment

#: mentions in the headline or the first sentence weigh this much more for prominence
LEAD_BONUS = 2.0


@dataclass
class ActorCoverage:
    actor_id: str
    name: str
    mentions: int = 0
    prominence: float = 0.0  # share of the outlet's actor mentions, lead mentions counted LEAD_BONUS times
    quoted: int = 0
    labels: list[str] = field(default_factory=list)
    sentiment: float = 0.0  # mean score over the sentences that mention the actor
    tone: str = "neutral"


@dataclass
class OutletCoverage:
    outlet: str
    article_ids: list[str]
    exclusive: list[Claim] = field(default_factory=list)  # single claims only this outlet makes
    voices: list[tuple[str, int]] = field(default_factory=list)  # (speaker, quotes), most quoted first
    actors: list[ActorCoverage] = field(default_factory=list)  # most prominent first


@dataclass
class Comparison:
    story: Story
    outlets: list[OutletCoverage]
    #: claim id -> {outlet: the outlet's own sentence or span}
    by_outlet: dict[str, dict[str, str]]

    def claims(self, relation: str) -> list[Claim]:
        return [c for c in self.story.claims if c.relation == relation]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.story.id,
            "title": self.story.title,
            "outlets": [
                {"outlet": o.outlet, "article_ids": o.article_ids,
                 "exclusive_claims": [c.id for c in o.exclusive],
                 "voices": [{"speaker": s, "quotes": n} for s, n in o.voices],
                 "actors": [{"actor_id": a.actor_id, "name": a.name, "mentions": a.mentions,
                             "prominence": round(a.prominence, 3), "quoted": a.quoted, "labels": a.labels,
                             "sentiment": round(a.sentiment, 3), "tone": a.tone} for a in o.actors]}
                for o in self.outlets
            ],
        }


def _outlet(a: Analysis) -> str:
    return a.article.outlet or a.article.id


def _sentence_of(a: Analysis, pos: int) -> tuple[int, int]:
    for s in a.sentences:
        if s.start <= pos < s.end:
            return s.start, s.end
    return max(0, pos - 200), min(len(a.article.text), pos + 200)


def outlet_actors(analyses: list[Analysis], names: dict[str, str]) -> list[ActorCoverage]:
    """The actors the articles (of one outlet) name: mentions, prominence, quotes, labels and tone."""
    cover: dict[str, ActorCoverage] = {}
    weights: dict[str, float] = defaultdict(float)
    tones: dict[str, list[float]] = defaultdict(list)
    for a in analyses:
        lead_end = a.sentences[0].end if a.sentences else 0
        by_sentence: dict[tuple[int, int], dict[str, list[tuple[int, int]]]] = defaultdict(
            lambda: defaultdict(list))
        for m in a.mentions:
            if not m.actor_id:
                continue
            c = cover.setdefault(m.actor_id, ActorCoverage(m.actor_id, names.get(m.actor_id, m.text)))
            c.mentions += 1
            weights[m.actor_id] += LEAD_BONUS if m.start < lead_end else 1.0
            if m.label in {"PERSON", "ORG", "NORP"}:
                by_sentence[_sentence_of(a, m.start)][m.actor_id].append((m.start, m.end))
        for (s_start, s_end), actors in by_sentence.items():
            sentence = a.article.text[s_start:s_end]
            for aid, spans in actors.items():
                local = [(x - s_start, y - s_start) for x, y in spans]
                tones[aid].append(target_sentiment(sentence, local).score)
        for q in a.quotes:
            if q.speaker and q.speaker.actor_id in cover:
                cover[q.speaker.actor_id].quoted += 1
        for lab in a.labels:
            labelled = lab.actor.actor_id
            if labelled in cover and lab.text not in cover[labelled].labels:
                cover[labelled].labels.append(lab.text)
    total = sum(weights.values()) or 1.0
    for aid, c in cover.items():
        c.prominence = weights[aid] / total
        if tones[aid]:
            c.sentiment = sum(tones[aid]) / len(tones[aid])
            c.tone = "positive" if c.sentiment > 0.1 else "negative" if c.sentiment < -0.1 else "neutral"
    return sorted(cover.values(), key=lambda c: (-c.prominence, c.name))


def compare(story: Story, analyses: list[Analysis]) -> Comparison:
    """Side-by-side coverage of a story's outlets, from the story (with its claims) and its analyses."""
    names = speaker_names(analyses)
    by_outlet_analyses: dict[str, list[Analysis]] = defaultdict(list)
    for a in analyses:
        by_outlet_analyses[_outlet(a)].append(a)
    outlet_of = {a.article.id: _outlet(a) for a in analyses}
    by_claim: dict[str, dict[str, str]] = {}
    for claim in story.claims:
        cells: dict[str, str] = {}
        for m in claim.mentions:
            outlet = outlet_of.get(m.article_id, m.article_id)
            cells[outlet] = (cells[outlet] + " … " + m.text) if outlet in cells else m.text
        by_claim[claim.id] = cells
    outlets = []
    for outlet in sorted(by_outlet_analyses):
        group = by_outlet_analyses[outlet]
        voices: Counter[str] = Counter()
        for a in group:
            for q in a.quotes:
                if q.speaker is not None:
                    voices[names.get(q.speaker.actor_id or "", q.speaker.text)] += 1
        exclusive = [c for c in story.claims if c.relation == "single" and set(by_claim[c.id]) == {outlet}]
        outlets.append(OutletCoverage(
            outlet=outlet, article_ids=[a.article.id for a in group], exclusive=exclusive,
            voices=sorted(voices.items(), key=lambda kv: (-kv[1], kv[0])),
            actors=outlet_actors(group, names),
        ))
    return Comparison(story=story, outlets=outlets, by_outlet=by_claim)


def compare_stored(store, story_id: str) -> Comparison:  # type: ignore[no-untyped-def]
    """The comparison of a stored story (a unique id prefix is enough)."""
    story = store.story(story_id)
    return compare(story, [store.analysis(aid) for aid in story.article_ids])
