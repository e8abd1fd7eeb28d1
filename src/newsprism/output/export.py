"""The export, following the output contract in docs/output-format.md (schema in docs/output.schema.json).

JSON is written as a stream, one article at a time, so exporting a large store does not hold it in memory.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any, TextIO

from ..errors import ConfigError
from ..records import Actor, Analysis, Article, Event, MainEvent, SpanRef, Story
from ..store import SQLiteStore

SCHEMA_VERSION = "1"
FORMATS = ("json", "jsonl", "csv", "plover")
CSV_TABLES = ("articles", "quotes", "events", "figures", "mentions", "actors", "claims")


def _span(ref: SpanRef | None) -> dict[str, Any] | None:
    if ref is None:
        return None
    return {"text": ref.text, "start": ref.start, "end": ref.end, "actor_id": ref.actor_id}


def article_dict(store: SQLiteStore, analysis: Analysis) -> dict[str, Any]:
    a = analysis.article
    return {
        "id": a.id,
        "path": a.path,
        "title": a.title,
        "outlet": a.outlet,
        "url": a.url,
        "published": a.published,
        "author": a.author,
        "format": a.source_format,
        "story_id": store.story_of(a.id),
        "near_duplicate_of": store.near_duplicate_of(a.id),
        "duplicate_paths": store.duplicate_paths(a.id),
        "text": a.text,
        "quotes": [
            {"text": q.text, "start": q.start, "end": q.end, "kind": q.kind, "cue": q.cue, "speaker": _span(q.speaker)}
            for q in analysis.quotes
        ],
        "events": [
            {"type": e.type, "mode": e.mode, "negated": e.negated, "hypothetical": e.hypothetical,
             "future": e.future, "context": e.context,
             "source": _span(e.source), "target": _span(e.target), "reporter": _span(e.reporter),
             "location": e.location, "date": e.date,
             "trigger": e.trigger, "trigger_start": e.trigger_start, "trigger_end": e.trigger_end,
             "start": e.start, "end": e.end}
            for e in analysis.events
        ],
        "main_event": _main_event(analysis.main_event),
        "figures": [
            {"text": f.text, "start": f.start, "end": f.end, "value": f.value, "unit": f.unit, "about": f.about}
            for f in analysis.figures
        ],
        "mentions": [
            {"text": m.text, "start": m.start, "end": m.end, "label": m.label, "actor_id": m.actor_id}
            for m in analysis.mentions
        ],
        "dates": [
            {"text": d.text, "start": d.start, "end": d.end, "value": d.value, "precision": d.precision}
            for d in analysis.dates
        ],
        "labels": [
            {"text": lab.text, "start": lab.start, "end": lab.end, "kind": lab.kind, "actor": _span(lab.actor)}
            for lab in analysis.labels
        ],
    }


def _main_event(m: MainEvent | None) -> dict[str, Any] | None:
    if m is None:
        return None
    return {"who": m.who, "what": m.what, "when": m.when, "where": m.where, "why": m.why, "how": m.how,
            "date": m.date, "type": m.type, "start": m.start, "end": m.end}


def actor_dict(actor: Actor) -> dict[str, Any]:
    return {"id": actor.id, "name": actor.name, "type": actor.type, "country": actor.country,
            "sector": actor.sector, "aliases": list(actor.aliases), "roles": list(actor.roles)}


def story_dict(story: Story, store: SQLiteStore | None = None) -> dict[str, Any]:
    """A story as exported; with ``store``, also its time span and the coverage of each outlet."""
    extra: dict[str, Any] = {}
    if store is not None:
        from ..link.coverage import compare

        first, last = store.story_span(story.id)
        cmp = compare(story, [store.analysis(aid) for aid in story.article_ids])
        extra = {"first_published": first, "last_published": last, "coverage": cmp.to_dict()["outlets"]}
    return {
        "id": story.id,
        "title": story.title,
        "article_ids": list(story.article_ids),
        **extra,
        "claims": [
            {"id": c.id, "relation": c.relation, "note": c.note,
             "mentions": [{"article_id": m.article_id, "start": m.start, "end": m.end, "text": m.text}
                          for m in c.mentions]}
            for c in story.claims
        ],
    }


def iter_articles(store: SQLiteStore) -> Iterator[dict[str, Any]]:
    for aid in store.article_ids():
        yield article_dict(store, store.analysis(aid))


def export_dict(store: SQLiteStore) -> dict[str, Any]:
    """The whole export as one object (for small stores and tests; ``write_json`` streams)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "articles": list(iter_articles(store)),
        "actors": [actor_dict(a) for a in store.actors()],
        "stories": [story_dict(s, store) for s in store.stories()],
    }


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


def write_json(store: SQLiteStore, out: TextIO) -> None:
    out.write(f'{{"schema_version": "{SCHEMA_VERSION}",\n "articles": [')
    for i, art in enumerate(iter_articles(store)):
        out.write(("," if i else "") + "\n  " + _dump(art))
    out.write('],\n "actors": [')
    for i, actor in enumerate(store.actors()):
        out.write(("," if i else "") + "\n  " + _dump(actor_dict(actor)))
    out.write('],\n "stories": [')
    for i, story in enumerate(store.stories()):
        out.write(("," if i else "") + "\n  " + _dump(story_dict(story, store)))
    out.write("]}\n")


def write_jsonl(store: SQLiteStore, out: TextIO) -> None:
    """One JSON object a line, each with ``record``: article, actor or story."""
    for art in iter_articles(store):
        out.write(_dump({"record": "article", **art}) + "\n")
    for actor in store.actors():
        out.write(_dump({"record": "actor", **actor_dict(actor)}) + "\n")
    for story in store.stories():
        out.write(_dump({"record": "story", **story_dict(story, store)}) + "\n")


def _csv_rows(store: SQLiteStore, table: str) -> Iterator[dict[str, Any]]:
    if table == "actors":
        for actor in store.actors():
            row = actor_dict(actor)
            row["aliases"] = "|".join(row["aliases"])
            row["roles"] = "|".join(row["roles"])
            yield row
        return
    if table == "claims":
        for story in store.stories():
            for claim in story.claims:
                for m in claim.mentions:
                    yield {"story_id": story.id, "story_title": story.title, "claim_id": claim.id,
                           "relation": claim.relation, "note": claim.note, "article_id": m.article_id,
                           "start": m.start, "end": m.end, "text": m.text}
        return
    if table == "events":
        yield from event_rows(store)
        return
    for art in iter_articles(store):
        base = {"article_id": art["id"], "outlet": art["outlet"], "published": art["published"]}
        if table == "articles":
            yield {k: art[k] for k in ("id", "path", "title", "outlet", "url", "published", "author", "format",
                                       "story_id", "near_duplicate_of")} | {"chars": len(art["text"])}
            continue
        for item in art[table]:
            row = dict(base)
            for key, value in item.items():
                if isinstance(value, dict):
                    for sub, subvalue in value.items():
                        row[f"{key}_{sub}"] = subvalue
                elif value is None and key in {"speaker", "source", "target"}:
                    for sub in ("text", "start", "end", "actor_id"):
                        row[f"{key}_{sub}"] = None
                else:
                    row[key] = value
            yield row


CSV_COLUMNS: dict[str, list[str]] = {
    "articles": ["id", "path", "title", "outlet", "url", "published", "author", "format", "story_id",
                 "near_duplicate_of", "chars"],
    "quotes": ["article_id", "outlet", "published", "text", "start", "end", "kind", "cue", "speaker_text",
               "speaker_start", "speaker_end", "speaker_actor_id"],
    "events": ["article_id", "outlet", "published", "date", "type", "mode", "context", "negated",
               "hypothetical", "future", "source_text", "source_name", "source_country", "source_sector",
               "source_start", "source_end", "source_actor_id", "target_text", "target_name",
               "target_country", "target_sector", "target_start", "target_end", "target_actor_id",
               "reporter_text", "reporter_actor_id", "location", "trigger", "start", "end", "sentence",
               "title", "url"],
    "figures": ["article_id", "outlet", "published", "text", "start", "end", "value", "unit", "about"],
    "mentions": ["article_id", "outlet", "published", "text", "start", "end", "label", "actor_id"],
    "actors": ["id", "name", "type", "country", "sector", "aliases", "roles"],
    "claims": ["story_id", "story_title", "claim_id", "relation", "note", "article_id", "start", "end", "text"],
}


def write_csv(store: SQLiteStore, out: TextIO, table: str = "articles") -> None:
    if table not in CSV_TABLES:
        raise ConfigError(f"unknown CSV table {table!r}; choose one of {', '.join(CSV_TABLES)}")
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS[table], extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in _csv_rows(store, table):
        writer.writerow(row)


def event_row(article: Article, e: Event) -> dict[str, Any]:
    """One event as a flat row: when, who (name, country, sector), did what, to whom, where, said by whom."""
    from ..link.event_coding import code_event

    source, target = code_event(e, article.text, date=e.date or article.published)
    row: dict[str, Any] = {
        "article_id": article.id, "outlet": article.outlet, "published": article.published, "date": e.date,
        "type": e.type, "mode": e.mode, "context": e.context, "negated": e.negated,
        "hypothetical": e.hypothetical,
        "future": e.future, "location": e.location, "trigger": e.trigger, "start": e.start, "end": e.end,
        "sentence": " ".join(article.text[e.start:e.end].split()), "title": article.title, "url": article.url,
        "reporter_text": e.reporter.text if e.reporter else None,
        "reporter_actor_id": e.reporter.actor_id if e.reporter else None,
    }
    for role, ref, code in (("source", e.source, source), ("target", e.target, target)):
        row[f"{role}_text"] = ref.text if ref else None
        row[f"{role}_start"] = ref.start if ref else None
        row[f"{role}_end"] = ref.end if ref else None
        row[f"{role}_actor_id"] = ref.actor_id if ref else None
        row[f"{role}_name"] = code.name if code else None
        row[f"{role}_country"] = code.country if code else None
        row[f"{role}_sector"] = code.sector if code else None
    return row


def event_rows(store: SQLiteStore, **filters: Any) -> Iterator[dict[str, Any]]:
    """Every stored event (negated ones too, flagged) as a flat row; ``filters`` as in ``store.events``."""
    filters.setdefault("negated", True)
    for article, event in store.events(**filters):
        yield event_row(article, event)


def plover_record(article: Article, e: Event, index: int) -> dict[str, Any]:
    """One event in the PLOVER record format (field names of the PLOVER gold standard records)."""
    from ..extract.dates import first_day

    row = event_row(article, e)

    def actors(role: str) -> list[dict[str, Any]]:
        if row[f"{role}_text"] is None:
            return []
        actor = {"actorText": row[f"{role}_text"], "code": row[f"{role}_country"]}
        if row[f"{role}_sector"]:
            actor["sector"] = row[f"{role}_sector"]
        if row[f"{role}_name"]:
            actor["name"] = row[f"{role}_name"]
        return [actor]

    record: dict[str, Any] = {
        "id": f"{article.id[:16]}-{index:04d}",
        # PLOVER records carry a day: the first day of the text's own date (see datePrecision), else the
        # publication date; dateSource says which
        "date": first_day(e.date) or first_day((article.published or "")[:10]),
        "dateText": e.date,
        "dateSource": "text" if e.date else ("published" if article.published else None),
        "source": actors("source"),
        "target": actors("target"),
        "event": e.type,
        "mode": e.mode or "",
        "context": e.context or "",
        "eventText": e.trigger,
        "text": row["sentence"],
        "language": "en",
        "publication": article.outlet,
        "url": article.url,
        "articleId": article.id,
        "negated": e.negated,
        "hypothetical": e.hypothetical,
        "future": e.future,
        "coder": "newsprism",
        "version": "PLOVER 2021",
    }
    if e.location:
        record["eventLoc"] = e.location
    if e.reporter is not None:
        record["reporter"] = e.reporter.text
    return record


def write_plover(store: SQLiteStore, out: TextIO, **filters: Any) -> None:
    """The events as a JSON array of PLOVER records, written one record at a time."""
    filters.setdefault("negated", True)
    out.write("[")
    counts: dict[str, int] = {}
    for i, (article, event) in enumerate(store.events(**filters)):
        counts[article.id] = counts.get(article.id, 0) + 1
        out.write(("," if i else "") + "\n " + _dump(plover_record(article, event, counts[article.id])))
    out.write("\n]\n")


def write_export(store: SQLiteStore, out: TextIO, fmt: str, table: str = "articles") -> None:
    if fmt == "plover":
        write_plover(store, out)
        return
    if fmt == "json":
        write_json(store, out)
    elif fmt == "jsonl":
        write_jsonl(store, out)
    elif fmt == "csv":
        write_csv(store, out, table)
    else:
        raise ConfigError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
