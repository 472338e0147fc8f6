"""Response models of the REST API (the OpenAPI schema at /openapi.json comes from these).

They mirror the plain data of `dotterel.browse`, which mirrors the records of `dotterel.model`.
Offsets (`start`, `end`) are character offsets into the article's text.
"""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class Actor(BaseModel):
    name: str
    text: str = ""
    country: str | None = None
    sector: str | None = None
    entity_id: str | None = None
    wikidata_id: str | None = None
    affiliation: str | None = None
    resolved: bool = False
    confidence: float | None = None
    how: str = Field("", description="Why this resolution: alias, fuzzy, coref:..., guessed ...")
    start: int | None = None
    end: int | None = None
    key: str = Field(description="How the explorer tells actors apart (id:ENTITY or name:NAME).")
    filter: str = Field(description="The `actor` filter value that selects this actor's events.")


class Place(BaseModel):
    name: str
    text: str = ""
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    feature: str | None = None
    precision: int | None = Field(None, description="1 exact, 2 nearby or region, 3 country.")
    how: str = ""
    start: int | None = None
    end: int | None = None


class DateValue(BaseModel):
    value: str = Field(description="2024, 2024-06 or 2024-06-08.")
    precision: Literal["day", "month", "year"]
    text: str = ""
    how: str = ""
    start: str | None = Field(None, description="The first day the date can mean.")
    end: str | None = Field(None, description="The last day the date can mean.")


class EventSummary(BaseModel):
    event_id: str
    type: str
    mode: str | None = None
    context: list[str] = []
    quad: int | None = None
    score: float | None = None
    status: str
    confidence: float
    actor: Actor | None = None
    recipient: Actor | None = None
    location: Place | None = None
    date: DateValue | None = None
    n_mentions: int
    n_articles: int
    n_outlets: int
    n_sources: int = Field(description="Independent sources: syndicated copies of one story count once.")
    first_seen: str | None = None
    last_seen: str | None = None
    outlets: list[str] = []
    canonical_mention_id: str


class EventPage(BaseModel):
    total: int
    offset: int
    limit: int
    sort: str
    items: list[EventSummary]


class Span(BaseModel):
    role: Literal["sentence", "evidence", "trigger", "actor", "recipient", "place", "date"]
    start: int
    end: int
    text: str
    located: Literal["offsets", "search"] = Field(
        description="offsets: recorded by the coder; search: the part's text found in the sentence.")


class TextWindow(BaseModel):
    start: int
    end: int
    text: str
    clipped_start: bool
    clipped_end: bool


class Evidence(BaseModel):
    start: int
    end: int
    text: str


class ArticleSummary(BaseModel):
    doc_id: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    outlet: str | None = None
    language: str | None = None
    text_source: str | None = None
    n_mentions: int
    source_id: str | None = Field(None, description="The original this article copies (itself when none).")


class MergeLink(BaseModel):
    rank: int = Field(description="0: the canonical (earliest) mention.")
    joined_with: str | None = None
    score: float | None = None
    mean_score: float | None = None
    components: dict[str, Any] = {}
    reason: str = ""


class MentionSummary(BaseModel):
    mention_id: str
    doc_id: str
    event_id: str | None = None
    type: str
    mode: str | None = None
    context: list[str] = []
    quad: int | None = None
    status: str
    attributed_to: str | None = None
    confidence: float
    trigger: str = ""
    section: str = "story"
    actor: Actor | None = None
    recipient: Actor | None = None
    location: Place | None = None
    date: DateValue | None = None
    evidence: Evidence


class MentionDetail(MentionSummary):
    article: ArticleSummary | None = None
    link: MergeLink | None = None
    spans: list[Span]
    window: TextWindow | None = None


class MentionPage(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[MentionSummary]


class EventDetail(BaseModel):
    event: EventSummary
    aliases: list[str] = Field(description="Former ids of this event.")
    mentions: list[MentionDetail]


class ArticleMention(MentionSummary):
    link: MergeLink | None = None
    spans: list[Span]


class ArticleDetail(ArticleSummary):
    text: str
    mentions: list[ArticleMention]


class ArticlePage(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[ArticleSummary]


class ActorCount(BaseModel):
    key: str
    name: str
    country: str | None = None
    sector: str | None = None
    entity_id: str | None = None
    filter: str
    n_events: int
    as_actor: int
    as_recipient: int
    n_mentions: int


class ActorList(BaseModel):
    total: int
    items: list[ActorCount]


class NetworkNode(ActorCount):
    id: str


class NetworkEdge(BaseModel):
    source: str
    target: str
    type: str
    quad: int | None = None
    count: int
    n_mentions: int
    event_ids: list[str] = Field(description="Up to 20 of the edge's events.")


class Network(BaseModel):
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]
    n_actors: int
    truncated: bool
    n_events: int = Field(description="Events with both an actor and a recipient.")


class Bucket(BaseModel):
    start: str
    end: str
    counts: dict[str, int]
    total: int


class Timeline(BaseModel):
    bucket: str
    by: str
    series: list[str]
    labels: dict[str, str]
    buckets: list[Bucket]
    undated: int
    coarse: int = Field(description="Events dated less precisely than a bucket (a month, in days): counted in "
                                    "the bucket of their first day.")
    total: int
    start: str | None = None
    end: str | None = None


class PlaceProperties(BaseModel):
    event_id: str
    type: str
    mode: str | None = None
    quad: int | None = None
    status: str
    confidence: float
    n_mentions: int
    n_sources: int
    date: str | None = None
    location_name: str | None = None
    country: str | None = None
    geo_precision: int | None = None
    actor: str | None = None
    recipient: str | None = None


class Point(BaseModel):
    type: Literal["Point"]
    coordinates: list[float] = Field(description="[longitude, latitude]")


class Feature(BaseModel):
    type: Literal["Feature"]
    id: str
    geometry: Point
    properties: PlaceProperties


class FeatureCollection(BaseModel):
    type: Literal["FeatureCollection"]
    features: list[Feature]
    unlocated: int = Field(description="Matching events without coordinates (not in `features`).")


class TypeCount(BaseModel):
    type: str
    quad: int | None = None
    count: int


class CountryCount(BaseModel):
    code: str
    name: str
    count: int


class StatusCount(BaseModel):
    status: str
    count: int


class DateRange(BaseModel):
    start: str | None = None
    end: str | None = None


class Meta(BaseModel):
    version: str
    n_events: int
    n_mentions: int
    n_articles: int
    n_located: int
    date_range: DateRange
    types: list[TypeCount]
    countries: list[CountryCount]
    statuses: list[StatusCount]
    vocabulary: dict[str, Any]


class Problem(BaseModel):
    """Every error: a message, no stack trace."""

    error: str
    status: int
    detail: list[dict[str, Any]] | None = None
