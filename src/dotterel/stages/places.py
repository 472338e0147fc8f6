"""places: where each event happened, as a gazetteer place with an honest precision.

Reads `frame.place_tokens` (places attached to the predicate), the sentence's place entities,
the dateline and the actors' countries; writes `frame.place` (PlaceRef). Precision follows
ACLED: 1 the exact place named, 2 a region or a nearby place, 3 only the country.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from dotterel.model import ActorRef, Document, Frame, PlaceRef
from dotterel.stages import _syntax as syn
from dotterel.stages.base import BaseStage, register

PLACE_ENTS = {"GPE", "LOC", "FAC"}
REGION_CODES = {"ADM1", "ADM2", "RGN", "PEN", "TERR", "AREA", "ZN", "VAL", "ISL", "ADMD"}
COUNTRY_CODES = {"PCLI", "PCLD", "PCLS", "PCLF", "PCL", "PCLIX", "TERR"}


@register
class Places(BaseStage):
    name = "places"
    version = "v1"
    requires = ("frame.place_tokens", "frame.actor_refs")
    assigns = ("frame.place",)

    def __init__(self, **settings: Any) -> None:
        super().__init__(**settings)
        self._gaz: Any = None
        self._text = ""

    def initialize(self) -> None:
        if self._gaz is None:
            from dotterel.gazetteer import load_gazetteer

            self._gaz = load_gazetteer()

    @property
    def gaz(self) -> Any:
        self.initialize()
        return self._gaz

    def __call__(self, doc: Document) -> Document:
        sdoc = doc.spacy
        self._text = doc.text
        article_countries = self._article_countries(doc)
        dateline = self._dateline_place(doc, article_countries)
        for frame in doc.frames:
            frame.place = self._frame_place(doc, frame, sdoc, article_countries, dateline)
        doc.log.append(self.qualified_name)
        return doc

    # --- choosing the span -------------------------------------------------------------------
    def _frame_place(self, doc: Document, frame: Frame, sdoc: Any, countries: Counter[str],
                     dateline: PlaceRef | None) -> PlaceRef | None:
        hints = _actor_countries(frame) + [c for c, _ in countries.most_common(3)]
        for i in frame.place_tokens:
            place = self._resolve_token(sdoc[i], hints, precision_hint=1, how="attached")
            if place is not None:
                return place
        trigger = sdoc[frame.trigger]
        for tok in _sentence_places(trigger, frame):
            place = self._resolve_token(tok, hints, precision_hint=1, how="sentence")
            if place is not None:
                return place
        actor_place = self._actor_place(frame, sdoc, hints)
        if actor_place is not None:
            return actor_place
        if dateline is not None:
            return dateline
        country = next((c for c in _actor_countries(frame) if len(c) == 3 and c.isalpha()), None)
        return self._country_place(country, how="actor-country") if country else None

    def _actor_place(self, frame: Frame, sdoc: Any, hints: list[str]) -> PlaceRef | None:
        """'Gaza Jihadists', 'Salafists in Gaza': the place in the actor's own phrase."""
        for i in frame.actors:
            head = sdoc[i]
            toks = [c for c in head.lefts if c.ent_type_ in PLACE_ENTS]
            toks += [o for p, o in syn.prep_objects(head, ("in", "from")) if o.ent_type_ in PLACE_ENTS]
            for t in toks:
                place = self._resolve_token(t, hints, precision_hint=2, how="actor-phrase")
                if place is not None:
                    return place
        return None

    # --- resolving ---------------------------------------------------------------------------
    def _resolve_token(self, tok: Any, hints: list[str], *, precision_hint: int, how: str) -> PlaceRef | None:
        name = _entity_text(tok, self._text)
        return self.resolve_name(name, hints, precision_hint=precision_hint, how=how,
                                 span=(tok.idx, tok.idx + len(tok.text)))

    def resolve_name(self, name: str, hints: list[str], *, precision_hint: int = 1, how: str = "",
                     span: tuple[int, int] | None = None) -> PlaceRef | None:
        cands = self.gaz.lookup(name)
        if not cands:
            return None
        best = _choose(cands, hints)
        return _place_ref(best, name, how=how, span=span, precision_hint=precision_hint)

    def _country_place(self, iso3: str, *, how: str) -> PlaceRef | None:
        place = self.gaz.country(iso3)
        return _place_ref(place, place.name, how=how, span=None, precision_hint=3) if place else None

    def _article_countries(self, doc: Document) -> Counter[str]:
        counts: Counter[str] = Counter()
        for ent in doc.spacy.ents:
            if ent.label_ in ("GPE", "LOC"):
                cands = self.gaz.lookup(doc.text[ent.start_char:ent.end_char])
                if cands and cands[0].country:
                    counts[cands[0].country] += 1
        return counts

    def _dateline_place(self, doc: Document, countries: Counter[str]) -> PlaceRef | None:
        if doc.dateline is None:
            return None
        raw = doc.text[doc.dateline[0]:doc.dateline[1]]
        for part in raw.split("/"):
            place = self.resolve_name(part.strip().title(), [c for c, _ in countries.most_common(3)],
                                      how="dateline", span=doc.dateline)
            if place is not None:
                return place
        return None


def _choose(cands: list[Any], hints: list[str]) -> Any:
    """The candidate in a country the article is about, else the best prior (the list's order)."""
    for country in hints:
        for c in cands:
            if c.country == country:
                return c
    return cands[0]


def _place_ref(place: Any, text: str, *, how: str, span: tuple[int, int] | None, precision_hint: int) -> PlaceRef:
    if place.feature_code in COUNTRY_CODES:
        precision = 3
    elif place.feature_code in REGION_CODES or place.feature_class in ("L", "T", "H"):
        precision = 2
    else:
        precision = max(1, precision_hint if precision_hint < 3 else 1)
    return PlaceRef(name=place.name, text=text, country=place.country, lat=place.lat, lon=place.lon,
                    geonames_id=place.geonames_id, admin1=place.admin1, feature=place.feature_code,
                    precision=precision, how=how, start=span[0] if span else None, end=span[1] if span else None)


def _entity_text(tok: Any, original: str) -> str:
    for ent in tok.doc.ents:
        if ent.start <= tok.i < ent.end:
            text = original[ent.start_char:ent.end_char]
            return text[4:] if text.lower().startswith("the ") else text
    return original[tok.idx:tok.idx + len(tok.text)]


def _sentence_places(trigger: Any, frame: Frame) -> list[Any]:
    """Place entities of the predicate's sentence, nearest first; not those inside actor
    phrases ('Gaza Jihadists') nor demonyms."""
    actor_ids = set(frame.actors) | set(frame.recipients)
    out = []
    for ent in trigger.sent.ents:
        if ent.label_ not in PLACE_ENTS:
            continue
        if any(t.i in actor_ids or t.head.i in actor_ids for t in ent):
            continue
        out.append((abs(ent.root.i - trigger.i), ent.root))
    return [t for _, t in sorted(out, key=lambda x: x[0])]


def _actor_countries(frame: Frame) -> list[str]:
    refs: list[ActorRef] = [*frame.actor_refs, *frame.recipient_refs]
    return [r.country for r in refs if r.country and len(r.country) == 3 and r.country not in ("IGO", "NGO", "MNC")]
