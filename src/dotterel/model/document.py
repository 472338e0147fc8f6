"""Document: the one mutable container that flows through the stages.

An Article goes in; each stage reads what earlier stages wrote and adds its own annotations.
All offsets are character offsets into `article.text`: normalisation never rewrites the text,
it only marks which stretches are story text (the rest is blanked before parsing, so offsets
survive unchanged).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dotterel.model.article import Article
from dotterel.model.records import ActorRef, Mention, PartialDate, PlaceRef


@dataclass(slots=True)
class Frame:
    """A candidate event while the stages work on it (one predicate, one sense)."""

    trigger: int  # token index of the predicate head
    pos: str  # "verb" | "noun"
    lemma: str
    sense: dict[str, Any] = field(default_factory=dict)
    tokens: list[int] = field(default_factory=list)  # trigger plus particles / object of a phrase
    light: int | None = None  # token index of a support verb ("launched an attack")
    type: str | None = None
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    confidence: float = 0.0
    # roles: token indices of argument heads (coordination gives several)
    actors: list[int] = field(default_factory=list)
    recipients: list[int] = field(default_factory=list)
    companions: list[int] = field(default_factory=list)
    place_tokens: list[int] = field(default_factory=list)
    time_tokens: list[int] = field(default_factory=list)
    role_notes: list[str] = field(default_factory=list)
    # status
    status: str = "asserted"
    attribution: tuple[int, int] | None = None  # char span of the source
    attribution_text: str | None = None
    controller: int | None = None  # token index of an intention/aspect verb above the trigger
    absorbed: bool = False  # content of another event ("accuse X of collaborating"): not coded alone
    # resolved
    actor_refs: list[ActorRef] = field(default_factory=list)
    recipient_refs: list[ActorRef] = field(default_factory=list)
    place: PlaceRef | None = None
    date: PartialDate | None = None
    evidence: tuple[int, int] | None = None
    sentence: tuple[int, int] | None = None
    dropped: str | None = None  # why a later stage dropped it
    section: str = "story"  # or "caption"


@dataclass(slots=True)
class Document:
    article: Article
    story: list[tuple[int, int]] = field(default_factory=list)  # story-text spans (normalize)
    captions: list[tuple[int, int]] = field(default_factory=list)
    dateline: tuple[int, int] | None = None  # char span of the dateline place ("TEL AVIV")
    parsed_text: str = ""  # article.text with non-story characters blanked
    spacy: Any = None  # spaCy Doc over parsed_text (nlp); private to the stages
    frames: list[Frame] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    resolved: dict[int, ActorRef] = field(default_factory=dict)  # token index -> ActorRef (actors, coref)
    actor_context: Any = None  # the actors stage's per-article resolution context
    log: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def in_caption(self, offset: int) -> bool:
        return any(s <= offset < e for s, e in self.captions)

    @property
    def doc_id(self) -> str:
        return self.article.doc_id

    @property
    def text(self) -> str:
        return self.article.text
