"""Server-rendered pages (Jinja2, autoescaped). They read the store through the same functions as the API."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from ..records import PLOVER_CATEGORIES
from .api import SearchQ, actor_detail, search_articles
from .compare import compare_story
from .deps import ID_PATTERN, NAME_MAX, Paging, PagingDep, StoreDep, cached
from .render import highlight, legend, marked_snippet, network_svg, paragraphs, safe_url, timeline_svg

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

IdPath = Annotated[str, Path(pattern=ID_PATTERN)]


def page(request: Request, template: str, **context: Any) -> Response:
    return request.app.state.templates.TemplateResponse(request, template, context)


def pager(request: Request, data: dict[str, Any]) -> dict[str, Any]:
    """Links to the previous and next pages, keeping the other query parameters."""

    def link(number: int) -> str:
        return str(request.url.include_query_params(page=number))

    return {
        "page": data["page"],
        "pages": data["pages"],
        "total": data["total"],
        "prev": link(data["page"] - 1) if data["page"] > 1 else None,
        "next": link(data["page"] + 1) if data["page"] < data["pages"] else None,
    }


@router.api_route("/", methods=["GET", "HEAD"])
def stories_page(
    request: Request, store: StoreDep, paging: PagingDep, min_size: Annotated[int, Query(ge=1, le=1000)] = 1
) -> Response:
    known = (
        None if min_size == 1 else cached(request, f"stories:{min_size}", lambda: store.story_count(min_size))
    )
    total, items = store.story_page(
        min_size=min_size, limit=paging.per_page, offset=paging.offset, total=known
    )
    data = paging.wrap(total, items)
    return page(
        request,
        "stories.html",
        stories=items,
        pager=pager(request, data),
        min_size=min_size,
        counts=cached(request, "counts", store.counts),
    )


@router.api_route("/stories/{story_id}", methods=["GET", "HEAD"])
def story_page(request: Request, store: StoreDep, story_id: IdPath) -> Response:
    data = compare_story(store, story_id)
    texts = {}
    for outlet in data["outlets"]:
        for art in outlet["articles"]:
            text = store.article(art["id"]).text
            texts[art["id"]] = paragraphs(highlight(text, art["highlights"], link_prefix=f"{art['id']}-"))
            art["safe_url"] = safe_url(art["url"])
    return page(request, "story.html", story=data, texts=texts)


@router.api_route("/articles/{article_id}", methods=["GET", "HEAD"])
def article_page(request: Request, store: StoreDep, article_id: IdPath) -> Response:
    analysis = store.analysis(article_id)
    art = analysis.article
    spans = [
        {
            "start": q.start,
            "end": q.end,
            "relation": "single",
            "claim_id": f"q{i}",
            "note": f"quote ({q.kind})" + (f" by {q.speaker.text}" if q.speaker else ""),
        }
        for i, q in enumerate(analysis.quotes)
    ]
    names = {}
    for q in analysis.quotes:
        if q.speaker is not None and q.speaker.actor_id and q.speaker.actor_id not in names:
            try:
                names[q.speaker.actor_id] = store.actor(q.speaker.actor_id).name
            except Exception:  # noqa: BLE001 - a dangling id only loses its display name
                names[q.speaker.actor_id] = q.speaker.text
    return page(
        request,
        "article.html",
        a=analysis,
        article=art,
        url=safe_url(art.url),
        text=paragraphs(highlight(art.text, spans, link_prefix="")),
        names=names,
        story_id=store.story_of(art.id),
    )


@router.api_route("/actors", methods=["GET", "HEAD"])
def actors_page(
    request: Request,
    store: StoreDep,
    paging: PagingDep,
    name: Annotated[str | None, Query(max_length=NAME_MAX)] = None,
) -> Response:
    total, items = store.actor_page(name=name or None, limit=paging.per_page, offset=paging.offset)
    data = paging.wrap(total, items)
    return page(request, "actors.html", actors=items, pager=pager(request, data), name=name or "")


@router.api_route("/actors/{actor_id}", methods=["GET", "HEAD"])
def actor_page(request: Request, store: StoreDep, actor_id: IdPath) -> Response:
    actor = actor_detail(store, actor_id)
    _, quotes = store.quote_page(speaker=actor["id"], limit=50)
    _, events = store.event_page(actor=actor["id"], limit=50)
    points = [(p["day"], p["mentions"], p["articles"]) for p in actor["timeline"]]
    edges = store.actor_network(actor=actor["id"], limit=60)
    return page(
        request,
        "actor.html",
        actor=actor,
        quotes=quotes,
        events=events,
        chart=timeline_svg(points),
        network=network_svg(edges, centre=actor["id"]),
        legend=legend(sorted({e["category"] for e in edges})),
    )


@router.api_route("/network", methods=["GET", "HEAD"])
def network_page(
    request: Request, store: StoreDep, limit: Annotated[int, Query(ge=1, le=400)] = 120
) -> Response:
    edges = cached(request, f"network:{limit}", lambda: store.actor_network(limit=limit))
    return page(
        request,
        "network.html",
        svg=network_svg(edges, size=760),
        edges=edges,
        limit=limit,
        legend=legend([c for c in PLOVER_CATEGORIES if any(e["category"] == c for e in edges)]),
    )


@router.api_route("/search", methods=["GET", "HEAD"])
def search_page(
    request: Request,
    store: StoreDep,
    paging: PagingDep,
    q: SearchQ = None,
    outlet: Annotated[str | None, Query(max_length=NAME_MAX)] = None,
) -> Response:
    data = None
    if q:
        data = search_articles(
            store,
            q,
            Paging(paging.page, paging.per_page),
            outlet=outlet or None,
            story=None,
            date_from=None,
            date_to=None,
        )
        for item in data["items"]:
            item["snippet_html"] = marked_snippet(item["snippet"])
    return page(
        request,
        "search.html",
        q=q or "",
        outlet=outlet or "",
        outlets=store.outlet_names(),
        results=data,
        pager=pager(request, data) if data else None,
    )


@router.api_route("/docs", methods=["GET", "HEAD"])
def docs_page(request: Request) -> Response:
    """The API reference, rendered from the OpenAPI document on the server (no external script)."""
    spec = request.app.openapi()
    operations = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            params = [
                {
                    "name": p["name"],
                    "in": p["in"],
                    "required": p.get("required", False),
                    "type": _schema_type(p.get("schema", {})),
                    "description": p.get("description", ""),
                }
                for p in op.get("parameters", [])
            ]
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "params": params,
                    "body": "requestBody" in op,
                    "responses": sorted(op.get("responses", {}).keys()),
                }
            )
    return page(request, "docs.html", spec=spec, operations=operations)


def _schema_type(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " | ".join(_schema_type(s) for s in schema["anyOf"] if s.get("type") != "null")
    if "enum" in schema:
        return "one of " + ", ".join(str(v) for v in schema["enum"])
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    kind = str(schema.get("type", "any"))
    if "format" in schema:
        kind += f" ({schema['format']})"
    return kind
