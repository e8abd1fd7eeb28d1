"""Pydantic models of the API's answers: they validate the output and document it at /docs."""

from __future__ import annotations

from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")

Relation = Literal["agree", "differ", "single"]


class ErrorInfo(BaseModel):
    status: int
    code: str = Field(description="Stable, short: not_found, invalid_parameter, payload_too_large, ...")
    message: str = Field(description="What is wrong and what to do.")
    details: list[dict] = Field(
        default_factory=list, description="Per-field problems, for invalid parameters."
    )


class ErrorBody(BaseModel):
    error: ErrorInfo


class Page(BaseModel, Generic[T]):
    items: list[T]
    page: int
    per_page: int
    total: int = Field(description="Items matching the filters, on all pages.")
    pages: int


class Segment(BaseModel):
    text: str
    match: bool


class ArticleSummary(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None
    story_id: str | None
    snippet: list[Segment] | None = Field(
        None, description="With a search: the best passage, matches marked."
    )


class ArticlePage(Page[ArticleSummary]):
    order: Literal["published", "relevance", "recent"] = Field(
        description="published: newest first (no search); relevance: best match first; recent: most recently "
        "added first (a search with too many matches to rank)"
    )
    total_exact: bool = Field(
        True, description="false when a filtered search stopped counting at 2,001 matches: total is a floor"
    )


class OutletCount(BaseModel):
    outlet: str | None
    articles: int


class StorySummary(BaseModel):
    id: str
    title: str
    first_published: str | None
    last_published: str | None
    size: int
    outlets: list[OutletCount]


class ActorSummary(BaseModel):
    id: str
    name: str
    type: str
    country: str | None
    sector: str | None
    mentions: int = 0


class TimelinePoint(BaseModel):
    day: str
    mentions: int
    articles: int


class QuoteOut(BaseModel):
    id: int
    article_id: str
    text: str
    kind: str
    cue: str | None
    start: int
    end: int
    speaker_text: str | None
    speaker_actor_id: str | None
    speaker_name: str | None
    outlet: str | None
    article_title: str | None
    published: str | None
    story_id: str | None


class EventOut(BaseModel):
    id: int
    article_id: str
    type: str
    mode: str | None
    negated: bool
    hypothetical: bool
    trigger: str
    start: int
    end: int
    source_text: str | None
    source_actor_id: str | None
    source_name: str | None
    target_text: str | None
    target_actor_id: str | None
    target_name: str | None
    location: str | None
    date: str | None
    outlet: str | None
    sentence: str | None


class ActorDetail(ActorSummary):
    aliases: list[str]
    articles: int
    outlets: int
    timeline: list[TimelinePoint]
    quotes: int
    events_as_source: int
    events_as_target: int
    latest_quotes: list[QuoteOut] = Field(default_factory=list)
    latest_events_as_source: list[EventOut] = Field(default_factory=list)
    latest_events_as_target: list[EventOut] = Field(default_factory=list)


class NetworkEdge(BaseModel):
    source: str
    source_name: str
    target: str
    target_name: str
    category: str
    count: int


class IngestArticle(BaseModel):
    text: str = Field(min_length=1, description="The article text (plain text).")
    title: str | None = Field(None, max_length=1000)
    outlet: str | None = Field(None, max_length=200)
    url: str | None = Field(None, max_length=2000)
    published: str | None = Field(None, max_length=40, description="ISO 8601 date or date-time.")
    author: str | None = Field(None, max_length=500)


class IngestRequest(BaseModel):
    articles: list[IngestArticle] = Field(default_factory=list, max_length=1000)
    urls: list[str] = Field(
        default_factory=list, max_length=100, description="http(s) URLs the server fetches and reads."
    )


class IngestResult(BaseModel):
    read: int
    new: int
    duplicates: int
    errors: int
    warnings: int
    messages: list[str]
    stories_touched: int
