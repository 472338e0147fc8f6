"""Articles: what was read, with its text and the mentions found in it."""
from __future__ import annotations

from fastapi import APIRouter, HTTPException

from dotterel import browse
from dotterel.web.deps import PAGE_LIMIT, Filters, Limit, Offset, Store
from dotterel.web.schemas import ArticleDetail, ArticlePage, Problem

router = APIRouter(tags=["articles"])


@router.get("/articles", response_model=ArticlePage, summary="Articles matching the filters, one page")
def list_articles(store: Store, filters: Filters, offset: Offset = 0, limit: Limit = PAGE_LIMIT) -> object:
    """Articles by publication date: the date filters test the publication date; the others
    select the articles with at least one matching mention."""
    return browse.page_articles(store, filters, offset=offset, limit=limit)


@router.get("/articles/{doc_id}", response_model=ArticleDetail, summary="One article with its text and mentions",
            responses={404: {"model": Problem}})
def get_article(store: Store, doc_id: str) -> object:
    """The article's metadata and whole text, and every mention in it with its highlight spans
    and the event it belongs to."""
    view = browse.article_view(store, doc_id)
    if view is None:
        raise HTTPException(404, f"no article {doc_id!r}")
    return view
