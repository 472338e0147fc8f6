"""places: where each event happened, as a gazetteer place with an honest precision.

Reads `frame.place_tokens` (places attached to the predicate), the sentence's place entities,
the actors' countries, the article's other places and its dateline; writes `frame.place`
(PlaceRef). The order of evidence is the one a careful coder follows:

1. a place attached to the predicate ("clashed in Khan Yunis", "fought in Syria and Iraq");
2. a specific place named in the event's sentence (before a country named there);
3. the place in the actor's own phrase ("Gaza Jihadists", "Salafists in Gaza");
4. the place of the previous event told within two sentences (news tells an episode in one place);
5. the article's focus: its first specific place, when it lies in a country the event involves;
6. the dateline, when it lies in a country the event involves;
7. the actor's country.

Precision follows ACLED: 1 the exact place named, 2 a region or a nearby / inherited place,
3 only the country. Ambiguous names are decided by the article's countries and the actors'
countries, weighed against each candidate's prior (population and feature class), so "Tripoli"
in a Lebanon story is Lebanon's and "Georgia" beside Atlanta is the US state. Demonyms are never
places.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from dotterel.model import ActorRef, Document, Frame, PlaceRef
from dotterel.stages import _syntax as syn
from dotterel.stages.base import BaseStage, register

PLACE_ENTS = {"GPE", "LOC", "FAC"}
REGION_CODES = {"ADM1", "ADM2", "ADM3", "RGN", "PEN", "AREA", "ZN", "VAL", "ISL", "ADMD", "RGNE", "TERR"}
COUNTRY_CODES = {"PCLI", "PCLD", "PCLS", "PCLF", "PCL", "PCLIX"}
CONTEXT_BONUS = (1.6, 1.1, 0.8)  # for candidates in the 1st, 2nd, 3rd most relevant country
IMPLAUSIBLE_PRIOR = 4.8  # a small place far from every country the article is about: not this one
VOTE_PRIOR = 3.7  # a place of some 5,000 people or more (or a division, area or curated place) votes for its country
INHERIT_SENTENCES = 2
NEAR_KM = 250.0
NEAR_BONUS = 1.5
ANCHOR_MARGIN = 2.0  # a name is unambiguous when its best reading beats any other country's by this much


@register
class Places(BaseStage):
    name = "places"
    version = "v2"
    requires = ("frame.place_tokens", "frame.actor_refs")
    assigns = ("frame.place",)

    def __init__(self, **settings: Any) -> None:
        super().__init__(**settings)
        self._gaz: Any = None

    def initialize(self) -> None:
        if self._gaz is None:
            from dotterel.gazetteer import load_gazetteer

            self._gaz = load_gazetteer()

    @property
    def gaz(self) -> Any:
        self.initialize()
        return self._gaz

    def __call__(self, doc: Document) -> Document:
        ctx = _Context(doc, self)
        previous: tuple[int, PlaceRef] | None = None
        for frame in sorted(doc.frames, key=lambda f: f.trigger):
            if frame.section == "caption":
                frame.place = self._frame_place(ctx, frame, None)  # a caption stands alone
                continue
            place = self._frame_place(ctx, frame, previous)
            frame.place = place
            if place is not None and place.how in ("attached", "sentence", "actor-phrase"):
                previous = (ctx.sentence_of(frame.trigger), place)
            if place is not None and place.how == "actor-phrase":
                for ref in frame.actor_refs:
                    ctx.homes.setdefault(_actor_key(ref), place)
        doc.log.append(self.qualified_name)
        return doc

    # --- the order of evidence -----------------------------------------------------------
    def _frame_place(self, ctx: "_Context", frame: Frame, previous: tuple[int, PlaceRef] | None) -> PlaceRef | None:
        hints = ctx.hints(frame)
        involved = set(_actor_countries(frame)) | set(ctx.top_countries[:2])
        agents = ctx.agent_tokens
        visit = frame.mode == "visit"
        for i in frame.place_tokens:
            if i in agents and not visit:
                continue  # "fire rockets at Israel": the target, not the place (a visit's host is its place)
            place = ctx.resolve_token(ctx.sdoc[i], hints, how="attached")
            if place is not None:
                return place
        sentence_country = None
        # a statement happens where its speaker is, not in the places it talks about
        talk = frame.type in VERBAL_TYPES and frame.type not in MEETING_TYPES
        for tok in [] if talk else _sentence_places(ctx.sdoc[frame.trigger], frame, agents):
            place = ctx.resolve_token(tok, hints, how="sentence")
            if place is None:
                continue
            if place.precision < 3:
                return place
            sentence_country = sentence_country or place
        place = self._actor_place(ctx, frame, hints)
        if place is not None and place.precision < 3:
            return place
        home = next((ctx.home_of(r) for r in frame.actor_refs if ctx.home_of(r) is not None), None)
        if home is not None and talk:
            return _inherited(home, how="actor-home")
        here = ctx.sentence_of(frame.trigger)
        if previous is not None and 0 <= here - previous[0] <= INHERIT_SENTENCES and (
                not involved or previous[1].country in involved or sentence_country is None):
            if previous[1].precision < 3 or home is None:
                return _inherited(previous[1], how="previous-event")
        if sentence_country is not None:
            return sentence_country
        if ctx.focus is not None and (not involved or ctx.focus.country in involved):
            return _inherited(ctx.focus, how="article-focus")
        if ctx.dateline is not None and (talk or not involved or ctx.dateline.country in involved):
            return _inherited(ctx.dateline, how="dateline")
        if home is not None:
            return _inherited(home, how="actor-home")
        actor_countries = _actor_countries(frame)
        if not talk and ctx.top_countries and actor_countries and ctx.top_countries[0] != actor_countries[0]:
            # "the US ordered the withdrawal of its troops" in a story about Syria: there, not at home
            return ctx.country_place(ctx.top_countries[0], how="article-country")
        country = next(iter(actor_countries), None) or (ctx.top_countries[0] if ctx.top_countries else None)
        if country and any(r.sector == "GOV" and r.country == country for r in frame.actor_refs):
            capital = ctx.capital(country)  # a government speaks and acts from its capital
            if capital is not None:
                return capital
        return ctx.country_place(country, how="actor-country" if actor_countries else "article-country") if country else None

    def _actor_place(self, ctx: "_Context", frame: Frame, hints: list[str]) -> PlaceRef | None:
        """'Gaza Jihadists', 'Salafists in Gaza': the place in the actor's own phrase."""
        for i in frame.actors:
            head = ctx.sdoc[i]
            toks = [c for c in head.lefts if c.ent_type_ in PLACE_ENTS]
            toks += [o for p, o in syn.prep_objects(head, ("in", "from")) if o.ent_type_ in PLACE_ENTS]
            for t in toks:
                place = ctx.resolve_token(t, hints, how="actor-phrase", precision=2)
                if place is not None:
                    return place
        return None


class _Context:
    """What one article tells about places: its countries, its focus, its dateline."""

    def __init__(self, doc: Document, stage: Places) -> None:
        self.doc = doc
        self.sdoc = doc.spacy
        self.gaz = stage.gaz
        self.text = doc.text
        self._sent_starts = [s.start for s in self.sdoc.sents]
        counts: Counter[str] = Counter()  # country -> weighted votes
        first_specific: PlaceRef | None = None
        story_ents = [e for e in self.sdoc.ents if not doc.in_caption(e.start_char)]
        from dotterel.gazetteer import place_prior

        for ent in story_ents:
            if ent.label_ not in ("GPE", "LOC", "FAC"):
                continue
            cands = self.gaz.lookup(self._ent_text(ent))
            # a place a reader would know weighs more in the article's country than a hamlet
            # of the same name abroad ("Lido beach, Mogadishu" is not Lido Beach, New York)
            if cands and cands[0].country:
                known = place_prior(cands[0]) >= VOTE_PRIOR or cands[0].place_id.startswith("dt:")
                counts[cands[0].country] += 1.0 if known else 0.3
        self.top_countries = [c for c, n in counts.most_common(3) if n >= 0.5]
        self.anchors: list[tuple[float, float]] = []  # places with one meaning: capitals, unique cities
        for ent in story_ents:
            if ent.label_ in ("GPE", "LOC", "FAC"):
                scored = self.gaz.scored(self._ent_text(ent))
                if not scored or scored[0][1].feature_code in COUNTRY_CODES:
                    continue
                rivals = [sc for sc, c in scored[1:] if c.country != scored[0][1].country]
                if not rivals or scored[0][0] - rivals[0] >= ANCHOR_MARGIN:
                    self.anchors.append((scored[0][1].lat, scored[0][1].lon))
        for ent in story_ents:
            if ent.label_ in ("GPE", "LOC", "FAC") and not _in_person(ent):
                place = self.resolve_name(self._ent_text(ent), self.top_countries, how="article-focus",
                                          span=(ent.start_char, ent.end_char))
                if place is not None and place.precision < 3:
                    first_specific = place
                    break
        self.focus = first_specific
        self.dateline = self._dateline_place()
        self.homes: dict[str, PlaceRef] = {}  # actor -> the place its own phrase named
        # tokens that are some event's actor or recipient: a place there is a government or a target
        self.agent_tokens = {i for f in doc.frames for i in (*f.actors, *f.recipients, *f.companions)}

    def sentence_of(self, tok_i: int) -> int:
        return sum(1 for s in self._sent_starts if s <= tok_i) - 1

    def hints(self, frame: Frame) -> list[str]:
        return list(dict.fromkeys([*_actor_countries(frame), *self.top_countries]))

    def resolve_token(self, tok: Any, hints: list[str], *, how: str, precision: int = 1) -> PlaceRef | None:
        ent = _entity_of(tok)
        if ent is not None and (_in_person(ent) or ent.label_ == "NORP"):
            return None
        place = None
        for name, span in self._names_for(tok, ent):
            place = self.resolve_name(name, hints, how=how, span=span, precision=precision)
            if place is not None:
                break
        direction = _direction(tok)
        if place is not None and direction and place.feature in COUNTRY_CODES:
            return directional_region(place, direction) or place
        return place

    def _names_for(self, tok: Any, ent: Any) -> list[tuple[str, tuple[int, int]]]:
        """The names a place word may stand for, longest first: 'the al-Aksa mosque compound',
        'al-Aksa mosque', 'al-Aksa'; a named entity as NER cut it."""
        out: list[tuple[str, tuple[int, int]]] = []
        if ent is not None and ent.label_ in PLACE_ENTS:
            out.append((self._ent_text(ent), (ent.start_char, ent.end_char)))
        left = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod") and not c.is_punct]
        if left and tok.pos_ == "NOUN":
            first = min(t.left_edge.i for t in left)
            spans = sorted(((a, b) for a in range(first, tok.i + 1) for b in range(a + 1, tok.i + 2)),
                           key=lambda ab: ab[0] - ab[1])
            for start, end in spans:
                if True:
                    span = tok.doc[start:end]
                    if span[0].is_punct or span[0].pos_ == "DET" or span[-1].is_punct:
                        continue
                    out.append((self.text[span.start_char:span.end_char], (span.start_char, span.end_char)))
        if ent is None or ent.label_ not in PLACE_ENTS:
            if ent is not None:
                out.append((self._ent_text(ent), (ent.start_char, ent.end_char)))
            out.append((self.text[tok.idx: tok.idx + len(tok.text)], (tok.idx, tok.idx + len(tok.text))))
        return list(dict.fromkeys(out))

    def resolve_name(self, name: str, hints: list[str], *, how: str, span: tuple[int, int] | None = None,
                     precision: int = 1) -> PlaceRef | None:
        scored = self.gaz.scored(name)
        if not scored:
            return None
        best = choose_place(scored, hints, anchors=self.anchors)
        if best is None:
            return None
        return _place_ref(best, name, how=how, span=span, precision=precision)

    def country_place(self, iso3: str, *, how: str) -> PlaceRef | None:
        place = self.gaz.country(iso3)
        return _place_ref(place, place.name, how=how, span=None, precision=3) if place else None

    def home_of(self, ref: ActorRef) -> PlaceRef | None:
        """Where an actor is from: the place its own phrase named earlier, or a place in its
        canonical name inside its home country ('Wilayat Sinai' -> Sinai)."""
        key = _actor_key(ref)
        if key in self.homes:
            return self.homes[key]
        if not (ref.resolved and ref.entity_id and ref.country and ref.sector in ("REB", "PTY", "OPP")):
            return None
        words = ref.name.replace("(", " ").replace(")", " ").split()
        for n in (2, 1):
            for k in range(len(words) - n + 1):
                name = " ".join(words[k:k + n])
                if not name[:1].isupper():
                    continue
                place = next((p for p in self.gaz.lookup(name) if p.country == ref.country
                              and p.feature_code not in COUNTRY_CODES), None)
                if place is not None:
                    self.homes[key] = _place_ref(place, name, how="actor-name", span=None, precision=2)
                    return self.homes[key]
        return None

    def capital(self, iso3: str) -> PlaceRef | None:
        from dotterel.kb import load_kb

        state = load_kb().state(iso3)
        capital = None
        if state is not None:
            capital = next((m for m, (c, sector) in load_kb().metonyms.items() if c == iso3 and sector == "GOV"), None)
        if capital is None:
            return None
        cands = [p for p in self.gaz.lookup(capital) if p.country == iso3 and p.feature_code == "PPLC"]
        if not cands:
            return None
        return _place_ref(cands[0], cands[0].name, how="capital", span=None, precision=3)

    def _ent_text(self, ent: Any) -> str:
        text = self.text[ent.start_char:ent.end_char]
        return text[4:] if text.lower().startswith("the ") else text

    def _dateline_place(self) -> PlaceRef | None:
        if self.doc.dateline is None:
            return None
        raw = self.text[self.doc.dateline[0]:self.doc.dateline[1]]
        for part in raw.split("/"):
            place = self.resolve_name(part.strip().title(), self.top_countries, how="dateline", span=self.doc.dateline)
            if place is not None:
                return place
        return None


def choose_place(scored: list[tuple[float, Any]], hints: list[str],
                 anchors: Sequence[tuple[float, float]] = ()) -> Any | None:
    """The candidate with the best gazetteer score (prior plus name-match bonuses) once the
    article's countries and its unambiguous places ('Tripoli, north of Beirut') are weighed in;
    None when every candidate is a small place outside the article's countries (a person's
    name, say)."""
    from dotterel.gazetteer import distance_km, place_prior

    def score(item: tuple[float, Any]) -> float:
        base, c = item
        bonus = next((CONTEXT_BONUS[min(k, 2)] for k, h in enumerate(hints) if c.country == h), 0.0)
        near = any(distance_km(c.lat, c.lon, la, lo) < NEAR_KM for la, lo in anchors)
        return base + bonus + (NEAR_BONUS if near else 0.0)

    best = max(scored, key=score)[1]
    curated = best.place_id.startswith("dt:") or best.feature_class in ("S", "L", "T", "H")
    if hints and best.country not in hints and place_prior(best) < IMPLAUSIBLE_PRIOR and not curated:
        return None
    return best


DIRECTIONS = {"north": "north", "northern": "north", "south": "south", "southern": "south", "east": "east",
              "eastern": "east", "west": "west", "western": "west", "central": "central", "northeast": "northeast",
              "northeastern": "northeast", "northwest": "northwest", "northwestern": "northwest",
              "southeast": "southeast", "southeastern": "southeast", "southwest": "southwest",
              "southwestern": "southwest"}


def _direction(tok: Any) -> str | None:
    """'northern Syria', 'in the south of Lebanon'."""
    for c in tok.lefts:
        if c.lower_ in DIRECTIONS:
            return DIRECTIONS[c.lower_]
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in DIRECTIONS:
        return DIRECTIONS[head.head.lower_]
    return None


def directional_region(country: PlaceRef, direction: str) -> PlaceRef | None:
    """'northern Syria': the mean of the country's first-level divisions lying that way from its
    centre (curated divisions; None when the country has too few)."""
    divisions = _admin1_centroids().get(country.country or "", [])
    if len(divisions) < 4 or country.lat is None or country.lon is None:
        return None
    lat0, lon0 = country.lat, country.lon
    tests = {
        "north": lambda la, lo: la > lat0, "south": lambda la, lo: la < lat0,
        "east": lambda la, lo: lo > lon0, "west": lambda la, lo: lo < lon0,
        "northeast": lambda la, lo: la > lat0 and lo > lon0, "northwest": lambda la, lo: la > lat0 and lo < lon0,
        "southeast": lambda la, lo: la < lat0 and lo > lon0, "southwest": lambda la, lo: la < lat0 and lo < lon0,
    }
    if direction == "central":
        ranked = sorted(divisions, key=lambda p: (p[0] - lat0) ** 2 + (p[1] - lon0) ** 2)
        chosen = ranked[: max(2, len(ranked) // 4)]
    else:
        chosen = [p for p in divisions if tests[direction](p[0], p[1])]
    if not chosen:
        return None
    lat = sum(p[0] for p in chosen) / len(chosen)
    lon = sum(p[1] for p in chosen) / len(chosen)
    return PlaceRef(name=f"{direction} {country.name}", text=country.text, country=country.country, lat=round(lat, 3),
                    lon=round(lon, 3), geonames_id=None, admin1=None, feature="RGN", precision=2,
                    how=f"{country.how}+direction", start=country.start, end=country.end)


_ADMIN1: dict[str, list[tuple[float, float]]] | None = None


def _admin1_centroids() -> dict[str, list[tuple[float, float]]]:
    global _ADMIN1
    if _ADMIN1 is None:
        import csv
        from importlib import resources

        text = resources.files("dotterel").joinpath("data/gazetteer/admin1.csv").read_text("utf-8")
        rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
        table: dict[str, list[tuple[float, float]]] = {}
        for row in rows:
            try:
                table.setdefault(row["country"], []).append((float(row["lat"]), float(row["lon"])))
            except (KeyError, ValueError):
                continue
        _ADMIN1 = table
    return _ADMIN1


def _inherited(place: PlaceRef, *, how: str) -> PlaceRef:
    return PlaceRef(name=place.name, text=place.text, country=place.country, lat=place.lat, lon=place.lon,
                    geonames_id=place.geonames_id, admin1=place.admin1, feature=place.feature,
                    precision=max(2, place.precision), how=how)


def _place_ref(place: Any, text: str, *, how: str, span: tuple[int, int] | None, precision: int) -> PlaceRef:
    if place.feature_code in COUNTRY_CODES:
        precision = 3
    elif place.feature_code in REGION_CODES or place.feature_class in ("L", "T", "H"):
        precision = max(2, precision)
    return PlaceRef(name=place.name, text=text, country=place.country, lat=place.lat, lon=place.lon,
                    geonames_id=place.geonames_id, admin1=place.admin1, feature=place.feature_code,
                    precision=precision, how=how, start=span[0] if span else None, end=span[1] if span else None)


def _entity_of(tok: Any) -> Any:
    return syn.entity_at(tok)


def _in_person(ent: Any) -> bool:
    """'colonel Rajesh Kalia': a name the tagger read as a place; but 'in Khan Younis' is a
    place even when the tagger reads a person."""
    if ent.label_ == "PERSON":
        root = ent.root
        return not (root.dep_ == "pobj" and root.head.lower_ in ("in", "near", "at", "outside", "around", "from"))
    if ent.label_ not in ("GPE", "LOC", "FAC"):
        return False
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    return before is not None and (before.ent_type_ == "PERSON" or before.lower_ in TITLES)


TITLES = {"colonel", "col.", "general", "gen.", "mr", "mr.", "mrs", "ms", "dr", "president", "minister", "sheikh",
          "commander", "captain", "major", "lieutenant", "sergeant", "spokesman", "spokeswoman"}


def _all_proper(tok: Any) -> bool:
    ent = next((e for e in tok.sent.ents if e.start <= tok.i < e.end), None)
    return ent is not None and all(t.pos_ == "PROPN" for t in ent)


def _sentence_places(trigger: Any, frame: Frame, agents: set[int]) -> list[Any]:
    """Place entities of the predicate's sentence, nearest first; not those inside actor
    phrases ('Gaza Jihadists'), not any event's actor or target, nor demonyms."""
    actor_ids = set(frame.actors) | set(frame.recipients) | agents
    out = []
    for ent in trigger.sent.ents:
        if ent.label_ not in PLACE_ENTS:
            continue
        if any(t.i in actor_ids or t.head.i in actor_ids for t in ent):
            continue
        if ent.root.dep_ in ("poss", "nsubj", "nsubjpass", "dobj", "appos"):
            continue  # "Moscow's objectives", "Washington said": a government, not a place
        out.append((abs(ent.root.i - trigger.i), ent.root))
    seen = {t.i for _, t in out}
    for tok in trigger.sent:
        # "in the western Herat province", "near Dioura": places the tagger did not label
        if tok.i in seen or tok.i in actor_ids or tok.ent_type_ in ("NORP", "DATE", "TIME"):
            continue
        if tok.ent_type_ == "PERSON" and not (tok.dep_ == "pobj" and tok.head.lower_ in ("in", "near")
                                              and _all_proper(tok)):
            continue  # but "in Khan Younis", tagged PERSON now and then, is a place (the gazetteer decides)
        if tok.ent_type_ == "ORG" and not _one_word_entity(tok):
            continue  # "the Bamako Chamber of Commerce"; but "the streets of Bamako", tagged ORG, is a place
        if tok.dep_ == "pobj" and _place_preposition(tok.head) and (
                tok.pos_ == "PROPN" or any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in tok.lefts)):
            out.append((abs(tok.i - trigger.i), tok))
    return [t for _, t in sorted(out, key=lambda x: x[0])]


VERBAL_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN"}
MEETING_TYPES = {"CONSULT"}  # "met envoys in Algiers": a meeting is where the sentence says it was
PLACE_PREPOSITIONS = {"in", "near", "at", "from", "outside", "through", "across", "around"}
PLACE_PARTS = {"street", "outskirt", "centre", "center", "suburb", "heart", "edge", "north", "south", "east", "west",
               "city", "town", "village", "district", "province", "region", "capital"}


def _place_preposition(prep: Any) -> bool:
    """'in', 'near', 'through' a place; 'of' after a part of one ('the streets of Bamako')."""
    if prep.lower_ in PLACE_PREPOSITIONS:
        return True
    return prep.lower_ == "of" and prep.head.lemma_.lower() in PLACE_PARTS


def _one_word_entity(tok: Any) -> bool:
    ent = _entity_of(tok)
    return ent is not None and len(ent) == 1


def _actor_key(ref: ActorRef) -> str:
    return (ref.entity_id or ref.name).lower()


def _actor_countries(frame: Frame) -> list[str]:
    refs: list[ActorRef] = [*frame.actor_refs, *frame.recipient_refs]
    return list(dict.fromkeys(r.country for r in refs if r.country and len(r.country) == 3
                              and r.country not in ("IGO", "NGO", "MNC")))
