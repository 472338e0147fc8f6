"""Mentions: one event as reported in one article, before de-duplication merges them."""
from __future__ import annotations

from fastapi import APIRouter

from dotterel import browse
from dotterel.web.deps import PAGE_LIMIT, Filters, Limit, Offset, Store
from dotterel.web.schemas import MentionPage

router = APIRouter(tags=["mentions"])


@router.get("/mentions", response_model=MentionPage, summary="Mentions matching the filters, one page")
def list_mentions(store: Store, filters: Filters, offset: Offset = 0, limit: Limit = PAGE_LIMIT) -> object:
    """The mentions matching the filters (by article, then position in it), each with the id of
    the event it belongs to."""
    return browse.page_mentions(store, filters, offset=offset, limit=limit)
