"""The JSON API under /api. Every list is paginated; every error has the shape of ``errors.error_body``."""

from __future__ import annotations

import csv
import datetime as dt
import hmac
import io
import json
from collections.abc import Iterator
from enum import Enum
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Header, Path, Query, Request, UploadFile
from fastapi.responses import StreamingResponse

from .. import __version__
from ..records import PLOVER_CATEGORIES, QUOTE_KINDS
from ..store import SQLiteStore
from .compare import compare_story
from .deps import ID_PATTERN, MAX_QUERY_CHARS, NAME_MAX, PagingDep, StoreDep, cached, search_words
from .errors import ApiError
from .models import (
    ActorDetail,
    ActorSummary,
    ArticlePage,
    ErrorBody,
    EventOut,
    IngestRequest,
    IngestResult,
    NetworkEdge,
    Page,
    QuoteOut,
    StorySummary,
)

MARK_OPEN, MARK_CLOSE = "\x02", "\x03"
LATEST = 10

Category = Enum("Category", {c: c for c in PLOVER_CATEGORIES}, type=str)  # type: ignore[misc]
QuoteKind = Enum("QuoteKind", {k: k for k in QUOTE_KINDS}, type=str)  # type: ignore[misc]


Role = Literal["source", "target", "any"]
ExportFormat = Literal["csv", "plover"]
SearchOrder = Literal["relevance", "recent"]


ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in [
        (400, "Bad request"),
        (404, "Not found"),
        (413, "Body too large"),
        (414, "URL too long"),
        (422, "Invalid parameter"),
    ]
}

router = APIRouter(prefix="/api", responses=ERRORS)

IdPath = Annotated[str, Path(pattern=ID_PATTERN, description="An id (a unique prefix is enough).")]
Outlet = Annotated[str | None, Query(max_length=NAME_MAX, description="Outlet name, exactly.")]
Story = Annotated[str | None, Query(pattern=ID_PATTERN, description="Story id.")]
DateFrom = Annotated[dt.date | None, Query(description="From this day (YYYY-MM-DD), inclusive.")]
DateTo = Annotated[dt.date | None, Query(description="Up to this day (YYYY-MM-DD), inclusive.")]
SearchQ = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=MAX_QUERY_CHARS,
        description="Full-text search: words that must all occur; word* for a prefix.",
    ),
]


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def segments(snippet: str | None) -> list[dict[str, Any]] | None:
    """An FTS5 snippet with its match marks as a list of {text, match} pieces (safe to render escaped)."""
    if snippet is None:
        return None
    out: list[dict[str, Any]] = []
    for i, piece in enumerate(snippet.split(MARK_OPEN)):
        text, sep, rest = piece.partition(MARK_CLOSE)
        if i == 0:
            out.append({"text": piece, "match": False})
            continue
        out.append({"text": text, "match": bool(sep)})
        if rest:
            out.append({"text": rest, "match": False})
    return [s for s in out if s["text"]]


def search_articles(
    store: SQLiteStore, q: str | None, paging: Any, order: str = "relevance", **filters: Any
) -> dict[str, Any]:
    if q is None:
        total, items = store.article_page(limit=paging.per_page, offset=paging.offset, **filters)
        used, exact = "published", True
    else:
        total, items, used, exact = store.search_page(
            search_words(q),
            limit=paging.per_page,
            offset=paging.offset,
            mark=(MARK_OPEN, MARK_CLOSE),
            order=order,
            **filters,
        )
        for item in items:
            item["snippet"] = segments(item["snippet"])
    return {**paging.wrap(total, items), "order": used, "total_exact": exact}


@router.get("/articles", response_model=ArticlePage, summary="List or search articles")
def list_articles(
    store: StoreDep,
    paging: PagingDep,
    q: SearchQ = None,
    outlet: Outlet = None,
    story: Story = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    order: Annotated[
        SearchOrder, Query(description="With q: relevance (best first) or recent.")
    ] = "relevance",
) -> dict[str, Any]:
    """Articles newest first; with `q`, full-text search (SQLite FTS5 or PostgreSQL), best match first.

    A search matching more than 2,000 articles is listed most recently added first (`order` in the answer
    says which order was used): ranking every match costs time in proportion to the matches. For the same
    reason a search with filters counts its matches up to 2,001 only (`total_exact` is then false)."""
    return search_articles(
        store, q, paging, order, outlet=outlet, story=story, date_from=_day(date_from), date_to=_day(date_to)
    )


@router.get("/articles/{article_id}", summary="One article with everything found in it")
def get_article(store: StoreDep, article_id: IdPath) -> dict[str, Any]:
    """The article, its text, and its quotes, events, figures, dates and mentions (character offsets)."""
    analysis = store.analysis(article_id)
    data = analysis.to_dict()
    data.pop("extra", None)
    data["story_id"] = store.story_of(analysis.article.id)
    return data


@router.get("/outlets", response_model=list[str], summary="Outlet names")
def list_outlets(store: StoreDep) -> list[str]:
    return store.outlet_names()


@router.get("/stories", response_model=Page[StorySummary], summary="List stories")
def list_stories(
    request: Request,
    store: StoreDep,
    paging: PagingDep,
    min_size: Annotated[int, Query(ge=1, le=1000, description="Only stories with this many articles.")] = 1,
) -> dict[str, Any]:
    """Stories, latest first, with their size and the outlets covering them.

    With `min_size` above 1 the total is recounted at most every 30 s."""
    known = (
        None if min_size == 1 else cached(request, f"stories:{min_size}", lambda: store.story_count(min_size))
    )
    total, items = store.story_page(
        min_size=min_size, limit=paging.per_page, offset=paging.offset, total=known
    )
    return paging.wrap(total, items)


@router.get("/stories/{story_id}", summary="One story compared across outlets")
def get_story(store: StoreDep, story_id: IdPath) -> dict[str, Any]:
    """Claims (agree / differ / single), and per outlet its articles, voices quoted and labels used."""
    return compare_story(store, story_id)


@router.get("/actors", response_model=Page[ActorSummary], summary="List actors")
def list_actors(
    store: StoreDep,
    paging: PagingDep,
    name: Annotated[
        str | None, Query(min_length=1, max_length=NAME_MAX, description="Part of a name or alias.")
    ] = None,
    type: Annotated[str | None, Query(max_length=20, description="PERSON, ORG, GPE, NORP, ...")] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Z]{3}$", description="ISO 3166 alpha-3.")] = None,
    sector: Annotated[str | None, Query(max_length=20, description="PLOVER sector code.")] = None,
) -> dict[str, Any]:
    total, items = store.actor_page(
        name=name, type=type, country=country, sector=sector, limit=paging.per_page, offset=paging.offset
    )
    return paging.wrap(total, items)


def actor_detail(store: SQLiteStore, actor_id: str) -> dict[str, Any]:
    actor = store.actor(actor_id)
    stats = store.actor_stats(actor.id)
    quotes, _ = store.quote_page(speaker=actor.id, limit=0)
    as_source, _ = store.event_page(actor=actor.id, role="source", limit=0)
    as_target, _ = store.event_page(actor=actor.id, role="target", limit=0)
    return {
        "id": actor.id,
        "name": actor.name,
        "type": actor.type,
        "country": actor.country,
        "sector": actor.sector,
        "aliases": list(actor.aliases),
        "mentions": stats["mentions"],
        "articles": stats["articles"],
        "outlets": stats["outlets"],
        "timeline": [{"day": d, "mentions": m, "articles": a} for d, m, a in store.actor_timeline(actor.id)],
        "quotes": quotes,
        "events_as_source": as_source,
        "events_as_target": as_target,
    }


@router.get("/actors/{actor_id}", response_model=ActorDetail, summary="One actor")
def get_actor(store: StoreDep, actor_id: IdPath) -> dict[str, Any]:
    """Profile, aliases, codes, mention counts, mentions over time (per publication day), and its latest
    quotes and events as source and as target (10 each).

    All its quotes: `/api/quotes?speaker=ID`; all its events: `/api/events?actor=ID&role=source|target`.
    """
    detail = actor_detail(store, actor_id)
    aid = detail["id"]
    detail["latest_quotes"] = store.quote_page(speaker=aid, limit=LATEST)[1]
    detail["latest_events_as_source"] = store.event_page(actor=aid, role="source", limit=LATEST)[1]
    detail["latest_events_as_target"] = store.event_page(actor=aid, role="target", limit=LATEST)[1]
    return detail


@router.get("/health", summary="Is the server up, and over which store")
def health(store: StoreDep) -> dict[str, Any]:
    """For load balancers and load tests: answers quickly, reads one row."""
    return {"status": "ok", "version": __version__, "schema_version": store.schema_version}


@router.get("/quotes", response_model=Page[QuoteOut], summary="List quotes")
def list_quotes(
    store: StoreDep,
    paging: PagingDep,
    speaker: Annotated[str | None, Query(pattern=ID_PATTERN, description="Speaker actor id.")] = None,
    outlet: Outlet = None,
    story: Story = None,
    kind: QuoteKind | None = None,
    article: Annotated[str | None, Query(pattern=ID_PATTERN, description="Article id.")] = None,
) -> dict[str, Any]:
    total, items = store.quote_page(
        speaker=speaker,
        outlet=outlet,
        story=story,
        kind=kind.value if kind else None,
        article=article,
        limit=paging.per_page,
        offset=paging.offset,
    )
    return paging.wrap(total, items)


def _event_filters(
    category: Any,
    actor: str | None,
    role: Role,
    date_from: dt.date | None,
    date_to: dt.date | None,
    outlet: str | None,
    story: str | None,
) -> dict[str, Any]:
    return {
        "category": category.value if category else None,
        "actor": actor,
        "role": None if role == "any" else role,
        "date_from": _day(date_from),
        "date_to": _day(date_to),
        "outlet": outlet,
        "story": story,
    }


ActorQ = Annotated[str | None, Query(pattern=ID_PATTERN, description="Actor id (as source or target).")]
RoleQ = Annotated[Role, Query(description="With actor: as source, target, or any.")]


@router.get("/events", response_model=Page[EventOut], summary="List events")
def list_events(
    store: StoreDep,
    paging: PagingDep,
    category: Category | None = None,
    actor: ActorQ = None,
    role: RoleQ = "any",
    date_from: DateFrom = None,
    date_to: DateTo = None,
    outlet: Outlet = None,
    story: Story = None,
) -> dict[str, Any]:
    """Events (PLOVER categories) with source and target actors.

    The date is the event's own, else its article's publication day."""
    total, items = store.event_page(
        **_event_filters(category, actor, role, date_from, date_to, outlet, story),
        limit=paging.per_page,
        offset=paging.offset,
    )
    return paging.wrap(total, items)


def _all_events(store: SQLiteStore, filters: dict[str, Any], chunk: int = 1000) -> Iterator[dict[str, Any]]:
    """Every matching event, read a chunk at a time: each chunk is one complete query, so the stream may be
    continued by any worker thread (a SQLite cursor may not)."""
    before: int | None = None
    while True:
        rows = list(store.iter_events(**filters, limit=chunk, before_id=before))
        yield from rows
        if len(rows) < chunk:
            return
        before = rows[-1]["id"]


CSV_COLUMNS = [
    "id",
    "article_id",
    "date",
    "type",
    "mode",
    "negated",
    "hypothetical",
    "trigger",
    "source_text",
    "source_actor_id",
    "source_name",
    "source_country",
    "source_sector",
    "target_text",
    "target_actor_id",
    "target_name",
    "target_country",
    "target_sector",
    "location",
    "outlet",
    "url",
    "sentence",
]


def _csv_rows(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(CSV_COLUMNS)
    for n, row in enumerate(rows, 1):
        writer.writerow(["" if row.get(c) is None else row[c] for c in CSV_COLUMNS])
        if n % 500 == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def plover_record(row: dict[str, Any]) -> dict[str, Any]:
    """One event in the PLOVER data format (the fields of the PLOVER gold-standard records)."""
    from ..extract.dates import first_day

    def actor(side: str) -> list[dict[str, Any]]:
        if row[f"{side}_text"] is None:
            return []
        item = {
            "actorText": row[f"{side}_text"],
            "code": row[f"{side}_country"],
            "actorId": row[f"{side}_actor_id"],
        }
        if row[f"{side}_sector"]:
            item["sector"] = row[f"{side}_sector"]
        return [item]

    record: dict[str, Any] = {
        "id": f"newsprism-{row['article_id']}-{row['id']}",
        "date": first_day(row["date"]),  # PLOVER dates are days; an interval or a month gives its first day
        "source": actor("source"),
        "target": actor("target"),
        "event": row["type"],
        "eventText": row["trigger"],
        "mode": row["mode"] or "",
        "text": row["sentence"],
        "language": "en",
        "publisher": row["outlet"],
        "url": row["url"],
        "negated": bool(row["negated"]),
        "hypothetical": bool(row["hypothetical"]),
    }
    if row["location"]:
        record["eventLoc"] = {"placeName": row["location"]}
    return record


def _plover_rows(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    yield "["
    for n, row in enumerate(rows):
        yield ("," if n else "") + "\n" + json.dumps(plover_record(row), ensure_ascii=False)
    yield "\n]\n"


@router.get(
    "/events/export",
    summary="Download events as CSV or PLOVER JSON",
    responses={200: {"content": {"text/csv": {}, "application/json": {}}}},
)
def export_events(
    store: StoreDep,
    format: Annotated[ExportFormat, Query(description="csv, or plover for PLOVER JSON records.")] = "csv",
    category: Category | None = None,
    actor: ActorQ = None,
    role: RoleQ = "any",
    date_from: DateFrom = None,
    date_to: DateTo = None,
    outlet: Outlet = None,
    story: Story = None,
) -> StreamingResponse:
    """All events matching the filters (no pages), streamed as a file download."""
    rows = _all_events(store, _event_filters(category, actor, role, date_from, date_to, outlet, story))
    if format == "csv":
        return StreamingResponse(
            _csv_rows(rows),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": 'attachment; filename="events.csv"'},
        )
    return StreamingResponse(
        _plover_rows(rows),
        media_type="application/json",
        headers={"content-disposition": 'attachment; filename="events.plover.json"'},
    )


@router.get("/network", response_model=list[NetworkEdge], summary="Who acts on whom")
def network(
    request: Request,
    store: StoreDep,
    actor: Annotated[
        str | None, Query(pattern=ID_PATTERN, description="Only edges touching this actor.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[dict[str, Any]]:
    """Edges source → target per PLOVER category with their event count, the most frequent first."""
    if actor is None:
        return cached(request, f"network:{limit}", lambda: store.actor_network(limit=limit))
    return store.actor_network(actor=actor, limit=limit)


# -- ingest ---------------------------------------------------------------------------------------------
def require_token(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """Runs before the body is validated, so a caller without the token learns nothing else."""
    token: str = request.app.state.settings.ingest_token
    if not token:
        raise ApiError(
            403,
            "ingest is off on this server; start it with NEWSPRISM_INGEST_TOKEN set to turn it on",
            code="ingest_disabled",
        )
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise ApiError(
            401,
            "missing or wrong token; send the header 'Authorization: Bearer <token>'",
            headers={"www-authenticate": "Bearer"},
        )


def _result(summary: Any) -> dict[str, Any]:
    return {
        "read": summary.read,
        "new": summary.new,
        "duplicates": summary.duplicates,
        "errors": summary.errors,
        "warnings": summary.warnings,
        "messages": summary.messages,
        "stories_touched": summary.stories_touched,
    }


@router.post(
    "/ingest",
    response_model=IngestResult,
    summary="Add articles (token required)",
    responses={401: {"model": ErrorBody}, 403: {"model": ErrorBody}},
)
def ingest_json(
    request: Request, body: IngestRequest, _: Annotated[None, Depends(require_token)]
) -> dict[str, Any]:
    """Analyse and store articles given as text, or URLs to fetch.

    Off unless the server has an ingest token."""
    from .ingest import ingest

    for url in body.urls:
        if not url.lower().startswith(("http://", "https://")):
            raise ApiError(
                422, f"URL {url[:100]!r} must start with http:// or https://", code="invalid_parameter"
            )
    if not body.articles and not body.urls:
        raise ApiError(422, "nothing to ingest; send 'articles' and/or 'urls'", code="invalid_parameter")
    summary = ingest(
        request.app.state.db,
        request.app.state.settings,
        articles=[a.model_dump() for a in body.articles],
        urls=body.urls,
    )
    return _result(summary)


@router.post(
    "/ingest/files",
    response_model=IngestResult,
    summary="Upload article files (token required)",
    responses={401: {"model": ErrorBody}, 403: {"model": ErrorBody}},
)
def ingest_files(
    request: Request,
    _: Annotated[None, Depends(require_token)],
    files: Annotated[list[UploadFile], File(description="Text, HTML, feed, JSONL or CSV files.")],
) -> dict[str, Any]:
    """Analyse and store uploaded files, read as 'newsprism analyze' reads files of the same extension."""
    from .ingest import ingest

    uploads = [(f.filename or "upload", f.file.read()) for f in files]
    summary = ingest(request.app.state.db, request.app.state.settings, files=uploads)
    return _result(summary)
