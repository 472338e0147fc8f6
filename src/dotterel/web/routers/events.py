"""Events: the de-duplicated events of the store, one page at a time; one event with its
mentions and evidence; the filtered events as a CSV or JSON download."""
from __future__ import annotations

import io
import json
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response

from dotterel import browse
from dotterel.web.deps import PAGE_LIMIT, Filters, Limit, Offset, Store
from dotterel.web.schemas import EventDetail, EventPage, Problem

router = APIRouter(tags=["events"])
Sort = Literal["date", "-date", "confidence", "-confidence", "mentions", "-mentions", "sources", "-sources",
               "first_seen", "-first_seen"]
DownloadLimit = Annotated[int | None, Query(ge=0, description="At most this many events (default: all).")]


@router.get("/events", response_model=EventPage, summary="Events matching the filters, one page")
def list_events(store: Store, filters: Filters, offset: Offset = 0, limit: Limit = PAGE_LIMIT,
                sort: Annotated[Sort, Query(description="Order; a leading - reverses it.")] = "date") -> object:
    """The events matching the filters, `limit` at a time from `offset`, with the total."""
    return browse.page_events(store, filters, offset=offset, limit=limit, sort=sort)


@router.get("/events.csv", summary="Download the filtered events as CSV",
            response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def download_csv(store: Store, filters: Filters, limit: DownloadLimit = None) -> Response:
    """The events matching the filters, in the `csv` export format (docs/exports.md): one row per
    event with the canonical mention's evidence text and source."""
    from dataclasses import replace

    from dotterel.api import export_events  # type: ignore[attr-defined]  (re-exported from _storing)

    out = io.StringIO()
    export_events(store, fmt="csv", out=out, filters=replace(filters, limit=limit))
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="dotterel-events.csv"'})


@router.get("/events.json", summary="Download the filtered events as JSON",
            response_class=Response, responses={200: {"content": {"application/json": {}}}})
def download_json(store: Store, filters: Filters, limit: DownloadLimit = None) -> Response:
    """The same rows as the CSV download, typed, as a JSON array."""
    from dataclasses import replace

    from dotterel.exporters import csv as csv_export

    rows = list(csv_export.rows(store.bundles(replace(filters, limit=limit))))
    return Response(json.dumps(rows, ensure_ascii=False), media_type="application/json",
                    headers={"Content-Disposition": 'attachment; filename="dotterel-events.json"'})


@router.get("/events/{event_id}", response_model=EventDetail, summary="One event with its mentions and evidence",
            responses={404: {"model": Problem}})
def get_event(store: Store, event_id: str) -> object:
    """An event (by its id or a former id) with every mention: the article (title, outlet, date,
    link), why it joined the event, status, attribution, confidence, and a window of the
    article's text with the highlight spans."""
    bundle = store.bundle(event_id)
    if bundle is None:
        raise HTTPException(404, f"no event {event_id!r}")
    return browse.event_view(bundle)
