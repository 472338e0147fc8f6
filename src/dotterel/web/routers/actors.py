"""Actors: who acts and who is acted on; the network of actors and events between them."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from dotterel import browse
from dotterel.web.deps import Filters, Store
from dotterel.web.schemas import ActorList, Network

router = APIRouter(tags=["actors"])


@router.get("/actors", response_model=ActorList, summary="The actors of the filtered events, most events first")
def list_actors(store: Store, filters: Filters,
                limit: Annotated[int, Query(ge=1, le=1000, description="At most this many actors.")] = 50) -> object:
    """Each actor (an entity when resolved, else a name) with its number of events, as actor
    and as recipient; `filter` is the value of the `actor` filter that selects its events."""
    return browse.actor_counts(store, filters, limit=limit)


@router.get("/network", response_model=Network, summary="Actors as nodes, events as directed edges")
def get_network(store: Store, filters: Filters,
                max_nodes: Annotated[int, Query(ge=1, le=300, description="Keep the actors with most "
                                                                          "events.")] = 40) -> object:
    """The filtered events that have both an actor and a recipient: one node per actor, one edge
    per (actor, recipient, type) with its number of events."""
    return browse.network(store, filters, max_nodes=max_nodes)
