"""Article: one input document as a reader hands it over (no annotations)."""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from dotterel.errors import InputError


@dataclass(frozen=True, slots=True)
class Article:
    doc_id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    outlet: str | None = None
    language: str | None = None  # ISO 639-1 code where known ("en"); see docs/ingest.md
    # Where `text` came from when it is not the document's own full text: "summary" (a feed
    # item's title and summary) or "title" (a feed item with nothing but a title).
    text_source: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise InputError(f"{self.doc_id}: text is {type(self.text).__name__}, not a string")
        if self.published is not None:
            try:
                date.fromisoformat(self.published[:10])
            except ValueError as e:
                raise InputError(f"{self.doc_id}: published {self.published!r} is not an ISO date") from e

    @property
    def published_date(self) -> date | None:
        return date.fromisoformat(self.published[:10]) if self.published else None

    @property
    def text_hash(self) -> str:
        """Identity of the text for idempotent re-runs (whitespace-insensitive)."""
        return hashlib.sha1(" ".join(self.text.split()).encode("utf-8")).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, rec: dict[str, Any], *, default_id: str = "") -> "Article":
        doc_id = rec.get("doc_id") or rec.get("id") or default_id
        if not doc_id:
            raise InputError("record has no doc_id")
        text = rec.get("text")
        if text is None:
            raise InputError(f"{doc_id}: record has no text")
        published = rec.get("published") or rec.get("date")
        return cls(
            doc_id=str(doc_id),
            text=text,
            title=rec.get("title"),
            url=rec.get("url"),
            published=str(published)[:10] if published else None,
            outlet=rec.get("outlet"),
            language=rec.get("language"),
            text_source=rec.get("text_source"),
        )
