"""Typed records and the Document container; no I/O, no heavy imports."""
from dotterel.model.article import Article
from dotterel.model.document import Document, Frame
from dotterel.model.records import STATUSES, ActorRef, Evidence, Mention, PartialDate, PlaceRef

__all__ = [
    "STATUSES",
    "ActorRef",
    "Article",
    "Document",
    "Evidence",
    "Frame",
    "Mention",
    "PartialDate",
    "PlaceRef",
]
