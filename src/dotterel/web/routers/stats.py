"""Counts: events over time, and what the store holds (types, countries, dates, vocabularies)."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from dotterel import browse
from dotterel._version import __version__
from dotterel.web.deps import Filters, Store
from dotterel.web.schemas import Meta, Timeline

router = APIRouter(tags=["counts"])


@router.get("/timeline", response_model=Timeline, summary="Event counts by date bucket and type or quad")
def get_timeline(store: Store, filters: Filters,
                 bucket: Annotated[Literal["auto", "day", "week", "month", "year"],
                                   Query(description="auto picks one for the date range.")] = "auto",
                 by: Annotated[Literal["type", "quad"], Query(description="Count by PLOVER type or by quad "
                                                                          "category.")] = "type") -> object:
    """The filtered events counted by the first day their date can mean, in buckets of a day,
    week (from Monday), month or year; every bucket from the first to the last is listed."""
    return browse.timeline(store, filters, bucket=bucket, by=by)


@router.get("/meta", response_model=Meta, summary="What the store holds")
def get_meta(store: Store, filters: Filters) -> object:
    """Counts of events, mentions and articles, the types, countries and statuses present with
    their counts, the date range (all within the filters), and the vocabularies."""
    return {"version": __version__, **browse.meta(store, filters)}
