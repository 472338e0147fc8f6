"""Pairwise similarity of two mentions, as explainable components.

Each component is a number in [0, 1], or None when the two reports give no evidence either
way (an actor missing from one of them, two unresolved generic names such as "gunmen" and
"armed men"):

    actor, recipient  the same entity (`entity_id` when both are resolved), else the same
                      normalised name, else the same country; reciprocal types (CONSULT,
                      COOPERATE, AGREE) also match with the roles swapped
    place             the same gazetteer place or name; inside the other's province; distance
                      in km between coordinates; the same country for vague places. A place
                      named in the other report's sentence also counts, which keeps a
                      geocoding slip in one report from splitting the event
    date              the gap in days between the two date intervals, read with their
                      precision (a year-level date overlaps every day of its year); an
                      undated event falls back to its article's publication day (or the
                      two days before it)
    text              word overlap of the two sentences (content words, crude stems, number
                      words as digits; names and numbers count double)
    story             word overlap of the two articles' titles and leads

The score is the weighted mean of the known components, pulled towards 0.5 by a prior of
weight 1 (so that two reports that agree on little are not merged on that little), times
the type factor (same type 1.0, different modes 0.92, a compatible type such as ASSAULT and
COERCE 0.75 to 0.85), the status factor (asserted vs intended etc.: 0.5) and 0.75 for each
explicit disagreement (an actor, place or date component at or below 0.3: two resolved
actors of different countries, places in different countries, explicit days two or more days
apart; a further 0.7 when both dates are explicit days), which agreement elsewhere does not
outweigh. Two same-type mentions of one article
that disagree on nothing score at least 0.75: one article's account of one event told in
several sentences ("gunmen stormed a school ...", "the abduction"). Two mentions from
one clause of one article (a compound actor split into two mentions) score 1.0. Mentions of
different types in one article never merge: an article that reports two types reports two
events. Nothing here depends on other mentions, so scores do not change as the store grows.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from dotterel.model import ActorRef, Mention, PlaceRef

WEIGHTS: dict[str, float] = {
    "actor": 2.0,
    "recipient": 1.0,
    "place": 1.5,
    "date": 1.5,
    "text": 2.0,
    "story": 1.5,
}
PRIOR_WEIGHT = 1.0
PRIOR = 0.5
STATUS_MISMATCH = 0.5
CONFLICT = 0.3  # an actor, place or date component at or below this says the reports disagree
CONFLICT_FACTOR = 0.75  # ... and each such disagreement multiplies the score by this
SAME_ARTICLE = 0.75  # floor for two same-type mentions of one article that disagree on nothing
SAME_PARTY = 0.9  # ... and whose actors (and recipients), where both have one, are one (a shared country is not enough)
MODE_MISMATCH = 0.92
DAYS_APART_FACTOR = 0.7  # on top of CONFLICT_FACTOR, when both dates are explicit days
# Pairs of types one real event is often coded as by different reports (same quad only).
COMPATIBLE_TYPES: dict[frozenset[str], float] = {
    frozenset({"ASSAULT", "COERCE"}): 0.8,  # "abducted" / "seized"; "raid"
    frozenset({"ASSAULT", "MOBILIZE"}): 0.75,
    frozenset({"ASSAULT", "PROTEST"}): 0.75,  # riots
    frozenset({"COERCE", "SANCTION"}): 0.75,
    frozenset({"AGREE", "CONSULT"}): 0.8,
    frozenset({"AGREE", "SUPPORT"}): 0.85,
    frozenset({"AGREE", "CONCEDE"}): 0.75,
    frozenset({"AID", "COOPERATE"}): 0.85,
    frozenset({"ACCUSE", "REQUEST"}): 0.75,
}
RECIPROCAL_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE"})
DAY_GAP = {0: 1.0, 1: 0.6, 2: 0.2}
EXACT_KM = 25.0  # two exact places this close are the same place
REGION_KM = 100.0  # ... and for a region-level place
TEXT_FULL = 0.5  # word overlap that counts as full agreement
NAME_WEIGHT = 2.0
WEAK_PLACE_HOWS = frozenset({"actor-country", "dateline"})  # where the place is a guess


def _words(text: str) -> list[str]:
    return text.split()


_STOP = frozenset(
    _words("""
a an the and or but of in on at to for from by with without into onto over under about after before
during since until as than that this these those there here it its he she they them his her their our we
you i me my your who whom whose which what when where while is are was were be been being has have had do
does did will would shall should can could may might must not no nor so such also said says say told
according very more most some any all each both other another one ones up down out off near least
per just only again further then once new news report reports reported reporting
""")
)
_NUMBER_WORDS = {
    w: str(n)
    for n, w in enumerate(
        _words(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
            "sixteen seventeen eighteen nineteen twenty"
        )
    )
}
_NUMBER_WORDS.update({"thirty": "30", "forty": "40", "fifty": "50", "hundred": "100", "dozen": "12"})
_CALENDAR = frozenset(
    _words("""monday tuesday wednesday thursday friday saturday sunday january february march april
may june july august september october november december""")
)
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_NAME_NOISE = re.compile(
    r"\b(the|a|an|at least|more than|some|several|dozens of|hundreds of|thousands of|"
    r"\d+|of|s)\b"
)


@dataclass(frozen=True, slots=True)
class Features:
    """What comparison needs of one mention, computed once."""

    mention: Mention
    actors: tuple[ActorRef, ...]  # one mention's actor; for an account, all of its actors
    recipients: tuple[ActorRef, ...]
    source: str  # syndication group of its article
    published: str | None
    lo: int | None  # date interval, as date ordinals (inclusive)
    hi: int | None
    date_kind: str  # "day" | "approx" (publication day fallback) | "coarse" | "none"
    tokens: frozenset[str]
    names: frozenset[str]  # the tokens that are proper names or numbers: they count double
    story: frozenset[str]
    place_names: frozenset[str]  # normalised surface and resolved names of its place
    sentence_norm: str  # normalised sentence, to look for the other mention's place name


@dataclass(frozen=True, slots=True)
class PairScore:
    score: float
    components: dict[str, float | None]
    notes: dict[str, Any] = field(default_factory=dict)


def features(mention: Mention, *, source: str, published: str | None, story_text: str = "") -> Features:
    lo, hi, kind = date_interval(mention, published)
    sentence = mention.sentence.text if mention.sentence else mention.evidence.text
    place_names: set[str] = set()
    if mention.location is not None:
        for name in (mention.location.text, mention.location.name):
            if name and len(norm_text(name)) >= 3:
                place_names.add(norm_text(name))
    return Features(
        mention=mention,
        actors=(mention.actor,) if mention.actor else (),
        recipients=(mention.recipient,) if mention.recipient else (),
        source=source,
        published=published,
        lo=lo,
        hi=hi,
        date_kind=kind,
        tokens=content_tokens(sentence),
        names=name_tokens(sentence),
        story=content_tokens(story_text),
        place_names=frozenset(place_names),
        sentence_norm=f" {norm_text(sentence)} ",
    )


def compare(a: Features, b: Features) -> PairScore:
    """Similarity of two mentions with its components; 0.0 for types that never merge."""
    ma, mb = a.mention, b.mention
    same_doc = ma.doc_id == mb.doc_id
    type_factor = type_compatibility(ma, mb)
    if type_factor == 0.0 or (same_doc and ma.type != mb.type):
        return PairScore(0.0, {"type": 0.0}, {"why": "incompatible types"})
    if same_doc and (ma.evidence.start, ma.evidence.end) == (mb.evidence.start, mb.evidence.end):
        return PairScore(1.0, {"type": type_factor, "same_clause": 1.0}, {"why": "one clause of one article"})
    actor, recipient, swapped = dyad_similarity(a, b)
    comps: dict[str, float | None] = {
        "actor": actor,
        "recipient": recipient,
        "place": place_similarity(a, b),
        "date": date_similarity(a, b),
        "text": token_similarity(a.tokens, b.tokens, heavy=a.names | b.names),
        "story": token_similarity(a.story, b.story) if a.story and b.story and a.source != b.source else None,
    }
    conflicts = [k for k in ("actor", "place", "date") if (v := comps[k]) is not None and v <= CONFLICT]
    num = PRIOR_WEIGHT * PRIOR
    den = PRIOR_WEIGHT
    for name, value in comps.items():
        if value is not None:
            num += WEIGHTS[name] * value
            den += WEIGHTS[name]
    status_factor = 1.0 if ma.status == mb.status else STATUS_MISMATCH
    conflict_factor = CONFLICT_FACTOR ** len(conflicts)
    if "date" in conflicts and a.date_kind == "day" and b.date_kind == "day":
        conflict_factor *= DAYS_APART_FACTOR  # two reports that name different days tell of two events
    score = num / den * type_factor * status_factor * conflict_factor
    notes: dict[str, Any] = {}
    if same_doc and not conflicts and status_factor == 1.0 and score < SAME_ARTICLE and _one_dyad(actor, recipient):
        score = SAME_ARTICLE  # one article's account of one event, told in several sentences
        notes["same_article"] = True
    if conflicts:
        notes["conflicts"] = conflicts
    comps["type"] = type_factor
    comps["status"] = status_factor
    if swapped:
        notes["roles"] = "swapped (reciprocal type)"
    if a.source == b.source and not same_doc:
        notes["syndicated"] = True
    return PairScore(
        round(score, 6), {k: (round(v, 4) if v is not None else None) for k, v in comps.items()}, notes
    )


# ---------------------------------------------------------------------------------------------
# components


def _one_dyad(actor: float | None, recipient: float | None) -> bool:
    """Whether two mentions of one article may be one account told twice: the same actor (or
    one of them without an actor: "the raid"), and no recipient against it. One article
    reporting two accusations by two parties tells of two events, even when neither name
    resolves and so neither "disagrees"."""
    return (actor is None or actor >= SAME_PARTY) and (recipient is None or recipient >= SAME_PARTY)


def type_compatibility(a: Mention, b: Mention) -> float:
    if a.type == b.type:
        return MODE_MISMATCH if a.mode and b.mode and a.mode != b.mode else 1.0
    return COMPATIBLE_TYPES.get(frozenset({a.type, b.type}), 0.0)


def dyad_similarity(a: Features, b: Features) -> tuple[float | None, float | None, bool]:
    """(actor, recipient, swapped): roles compared directly, or crossed for reciprocal types."""
    direct = (parties_similarity(a.actors, b.actors), parties_similarity(a.recipients, b.recipients))
    if a.mention.type not in RECIPROCAL_TYPES or b.mention.type not in RECIPROCAL_TYPES:
        return direct[0], direct[1], False
    crossed = (parties_similarity(a.actors, b.recipients), parties_similarity(a.recipients, b.actors))
    if _mean(crossed) > _mean(direct):
        return crossed[0], crossed[1], True
    return direct[0], direct[1], False


def parties_similarity(a: tuple[ActorRef, ...], b: tuple[ActorRef, ...]) -> float | None:
    """The best match between two sets of parties (None when no pair says anything)."""
    known = [v for x in a for y in b if (v := party_similarity(x, y)) is not None]
    return max(known) if known else None


def party_similarity(a: ActorRef | None, b: ActorRef | None) -> float | None:
    if a is None or b is None:
        return None
    if a.entity_id and b.entity_id:
        if a.entity_id == b.entity_id:
            return 1.0
        if a.country and a.country == b.country:
            return 0.5  # e.g. a state and one of its institutions
        return 0.0
    na, nb = norm_name(a.name), norm_name(b.name)
    if na and nb and (na == nb or fuzz.token_set_ratio(na, nb) >= 90):
        return 0.9
    for ref, other in ((a, b), (b, a)):
        if ref.entity_id and any(norm_name(x) == norm_name(other.name) for x in ref.aliases):
            return 0.9
    if a.country and b.country:
        if a.country == b.country:
            return 0.6
        # a resolved entity against a name whose country may be a guess: doubt, not conflict
        return 0.1 if a.entity_id and b.entity_id else 0.35
    return None  # two unresolved generic names: no evidence either way


def place_similarity(a: Features, b: Features) -> float | None:
    pa, pb = a.mention.location, b.mention.location
    if pa is None or pb is None:
        return None
    named = _named_in(a.place_names, b.sentence_norm) or _named_in(b.place_names, a.sentence_norm)
    base = _place_base(pa, pb)
    if named:
        return max(base if base is not None else 0.0, 0.8)
    return base


def _place_base(pa: PlaceRef, pb: PlaceRef) -> float | None:
    if pa.geonames_id is not None and pa.geonames_id == pb.geonames_id:
        return 1.0
    if norm_text(pa.name) == norm_text(pb.name):
        return 1.0
    weak = pa.how in WEAK_PLACE_HOWS or pb.how in WEAK_PLACE_HOWS
    if pa.country and pb.country and pa.country != pb.country:
        return None if weak else 0.0  # a dateline or an actor's home is no evidence against
    if _inside(pa, pb) or _inside(pb, pa):
        return 1.0
    if pa.precision < 3 and pb.precision < 3 and None not in (pa.lat, pa.lon, pb.lat, pb.lon):
        km = haversine_km(pa.lat, pa.lon, pb.lat, pb.lon)  # type: ignore[arg-type]
        tol = EXACT_KM if pa.precision == 1 and pb.precision == 1 else REGION_KM
        if km <= tol:
            return 1.0
        return max(0.0, 1.0 - (km - tol) / (3 * tol))
    if pa.country and pa.country == pb.country:
        return 0.6  # one of them only known to the country
    return None


def _inside(small: PlaceRef, big: PlaceRef) -> bool:
    """`small` lies in the province that `big` is (Kaura Namoda in Zamfara)."""
    return (
        (big.feature or "").upper().startswith("ADM1")
        and bool(small.admin1)
        and norm_text(small.admin1 or "") == norm_text(big.name)
    )


def date_similarity(a: Features, b: Features) -> float | None:
    if a.lo is None or b.lo is None or a.hi is None or b.hi is None:
        return None
    gap = max(0, b.lo - a.hi, a.lo - b.hi)
    if a.date_kind == "day" and b.date_kind == "day":
        return DAY_GAP.get(gap, 0.0)  # two explicit days: a day apart happens, two is another event
    if gap == 0:
        return 0.6 if "coarse" in (a.date_kind, b.date_kind) else 0.8
    return max(0.0, 0.5 - gap / 8)


def date_interval(mention: Mention, published: str | None) -> tuple[int | None, int | None, str]:
    """The days the event may have happened on, and how we know."""
    d = mention.date
    if d is not None and d.how != "published":
        if d.precision == "day":
            n = date.fromisoformat(d.value).toordinal()
            return n, n, "day"
        year = int(d.value[:4])
        if d.precision == "month":
            month = int(d.value[5:7])
            first = date(year, month, 1)
            last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
            return first.toordinal(), last.toordinal(), "coarse"
        return date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal(), "coarse"
    day = d.value if d is not None and d.precision == "day" else published
    if day:
        n = date.fromisoformat(day[:10]).toordinal()
        return n - 2, n, "approx"
    return None, None, "none"


def token_similarity(
    a: frozenset[str], b: frozenset[str], *, heavy: frozenset[str] = frozenset()
) -> float | None:
    """Mean of weighted Jaccard and weighted overlap coefficient, scaled so that TEXT_FULL is 1;
    tokens in `heavy` (names, numbers) weigh NAME_WEIGHT."""
    if not a or not b:
        return None

    def weight(tokens: frozenset[str]) -> float:
        return sum(NAME_WEIGHT if t in heavy else 1.0 for t in tokens)

    inter = weight(a & b)
    jaccard = inter / weight(a | b)
    overlap = inter / min(weight(a), weight(b))
    return min(1.0, (jaccard + overlap) / (2 * TEXT_FULL))


# ---------------------------------------------------------------------------------------------
# text helpers


@lru_cache(maxsize=65536)
def norm_text(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(_TOKEN.findall(text))


@lru_cache(maxsize=65536)
def norm_name(name: str) -> str:
    return " ".join(_NAME_NOISE.sub(" ", norm_text(name)).split())


def content_tokens(text: str) -> frozenset[str]:
    out = set()
    for tok in norm_text(text).split():
        tok = _NUMBER_WORDS.get(tok, tok)
        if tok in _STOP or (len(tok) < 3 and not tok.isdigit()):
            continue
        out.add(stem(tok))
    return frozenset(out)


def name_tokens(text: str) -> frozenset[str]:
    """Stems of the words written with a capital inside the sentence, and of the numbers."""
    out = set()
    for n, word in enumerate(_TOKEN.findall(text)):
        low = norm_text(word)
        if not low:
            continue
        low = _NUMBER_WORDS.get(low, low)
        if low.isdigit() or (
            n > 0 and word[0].isupper() and low not in _STOP and low not in _CALENDAR and len(low) >= 3
        ):
            out.add(stem(low))
    return frozenset(out)


def stem(tok: str) -> str:
    """A crude suffix stripper: enough to make 'killed', 'killing' and 'kills' one word."""
    if tok.isdigit() or len(tok) <= 4:
        return tok
    for suffix in ("ings", "ing", "ied", "ies", "ed", "es", "s"):
        if tok.endswith(suffix) and len(tok) - len(suffix) >= 3:
            base = tok[: -len(suffix)]
            if suffix in ("ied", "ies"):
                base += "y"
            if len(base) > 3 and base[-1] == base[-2] and base[-1] not in "aeiouls":
                base = base[:-1]  # "stopped" -> "stop"
            return base
    return tok


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _named_in(names: frozenset[str], sentence_norm: str) -> bool:
    return any(f" {n} " in sentence_norm for n in names)


def _mean(values: tuple[float | None, ...]) -> float:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else -1.0
