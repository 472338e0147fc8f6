"""The typed records dotterel produces: one event as reported in one article (Mention) and its parts.

Field names follow ../shared/eval/FORMAT.md so a Mention serialises straight into the scoring
format (`Mention.to_dict()`). Records are frozen; stages build them once, in `assemble`.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Status = Literal["asserted", "intended", "negated", "hypothetical"]
STATUSES: tuple[str, ...] = ("asserted", "intended", "negated", "hypothetical")
DatePrecision = Literal["day", "month", "year"]

# Sector codes of the evaluation format (FORMAT.md); PLOVER's own codes map onto these.
SECTORS: frozenset[str] = frozenset(
    "GOV MIL POL JUD LEG PTY REB CVL MED REL BUS NGO IGO OPP UNK".split()
)


@dataclass(frozen=True, slots=True)
class Evidence:
    """A verbatim stretch of the article: `text == article.text[start:end]`."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class ActorRef:
    """Who acts (or is acted on): the text as written and the entity it resolves to."""

    name: str
    text: str = ""
    country: str | None = None
    sector: str | None = None
    entity_id: str | None = None
    wikidata_id: str | None = None
    aliases: tuple[str, ...] = ()
    affiliation: str | None = None
    resolved: bool = False
    confidence: float = 0.5
    how: str = ""  # why this resolution: "alias", "fuzzy", "coref:the group", "guessed" ...
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["aliases"] = list(self.aliases)
        return out


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """Where: a resolved place, with ACLED-style precision (1 exact, 2 nearby/region, 3 country)."""

    name: str
    text: str = ""
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    admin1: str | None = None
    feature: str | None = None
    precision: int = 3
    how: str = ""
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to a precision: '2016', '2016-01' or '2016-01-19'."""

    value: str
    precision: DatePrecision
    text: str = ""
    how: str = ""

    def __post_init__(self) -> None:
        want = {"year": 4, "month": 7, "day": 10}[self.precision]
        if len(self.value) != want:
            raise ValueError(f"date {self.value!r} does not have precision {self.precision}")


@dataclass(frozen=True, slots=True)
class Mention:
    """One event as reported in one article."""

    mention_id: str
    doc_id: str
    type: str
    mode: str | None
    context: tuple[str, ...]
    actor: ActorRef | None
    recipient: ActorRef | None
    location: PlaceRef | None
    date: PartialDate | None
    status: str
    attributed_to: str | None
    evidence: Evidence
    confidence: float
    trigger: str = ""
    quad: int | None = None
    score: float | None = None
    sentence: Evidence | None = None
    extra_actors: tuple[ActorRef, ...] = field(default=())
    section: str = "story"  # "story" or "caption": a photo caption reports events too, apart from the story

    def to_dict(self) -> dict[str, Any]:
        """The FORMAT.md event shape, plus confidence and dotterel's own details."""
        return {
            "mention_id": self.mention_id,
            "type": self.type,
            "mode": self.mode,
            "context": list(self.context),
            "actor": self.actor.to_dict() if self.actor else None,
            "recipient": self.recipient.to_dict() if self.recipient else None,
            "location": self.location.to_dict() if self.location else None,
            "date": self.date.value if self.date else None,
            "date_precision": self.date.precision if self.date else None,
            "status": self.status,
            "attributed_to": self.attributed_to,
            "evidence": self.evidence.to_dict(),
            "confidence": round(self.confidence, 3),
            "trigger": self.trigger,
            "quad": self.quad,
            "score": self.score,
            "section": self.section,
        }
