"""Hypothesis strategies for dotterel records (shared by the property tests of this folder)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from dotterel.model import ActorRef, Article, Evidence, Mention, PartialDate, PlaceRef
from dotterel.model.plover import TYPES, codebook

# any text a store must keep: no lone surrogates (not UTF-8) and no NUL
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)
NAME = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=";"), min_size=1, max_size=20
)
WORD = st.text("abcdefghijklmnopqrstuvwxyz-", min_size=1, max_size=10)
FLOAT = st.floats(allow_nan=False, allow_infinity=False, width=64)
UNIT = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
SMALL_INT = st.integers(min_value=0, max_value=2**31 - 1)
COUNTRY = st.sampled_from(["NGA", "KEN", "SYR", "YEM", "TUN", "SOM", "IGO", "KOS"])
DAYS = st.integers(min_value=0, max_value=400).map(lambda n: date(2024, 1, 1) + timedelta(days=n))


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    d = draw(DAYS)
    precision = draw(st.sampled_from(["day", "month", "year"]))
    value = {"day": d.isoformat(), "month": d.isoformat()[:7], "year": d.isoformat()[:4]}[precision]
    return PartialDate(
        value, precision, text=draw(TEXT), how=draw(st.sampled_from(["weekday", "published", ""]))
    )


actors = st.builds(
    ActorRef,
    name=NAME,
    text=TEXT,
    country=st.none() | COUNTRY,
    sector=st.none() | st.sampled_from(["GOV", "MIL", "REB"]),
    entity_id=st.none() | WORD,
    wikidata_id=st.none() | WORD,
    aliases=st.tuples() | st.tuples(NAME),
    affiliation=st.none() | WORD,
    resolved=st.booleans(),
    confidence=UNIT,
    how=TEXT,
    start=st.none() | SMALL_INT,
    end=st.none() | SMALL_INT,
)
places = st.builds(
    PlaceRef,
    name=NAME,
    text=TEXT,
    country=st.none() | COUNTRY,
    lat=st.none() | st.floats(-90, 90),
    lon=st.none() | st.floats(-180, 180),
    geonames_id=st.none() | SMALL_INT,
    admin1=st.none() | NAME,
    feature=st.none() | st.sampled_from(["PPL", "PPLC", "ADM1"]),
    precision=st.integers(1, 3),
    how=TEXT,
    start=st.none() | SMALL_INT,
    end=st.none() | SMALL_INT,
)
evidences = st.builds(Evidence, start=SMALL_INT, end=SMALL_INT, text=TEXT)


@st.composite
def mentions(draw: st.DrawFn, doc_id: str | None = None, mention_id: str | None = None) -> Mention:
    type_ = draw(st.sampled_from(TYPES))
    modes = sorted(codebook().types[type_].modes)
    return Mention(
        mention_id=mention_id or draw(WORD),
        doc_id=doc_id or draw(WORD),
        type=type_,
        mode=draw(st.none() | st.sampled_from(modes)) if modes else None,
        context=tuple(draw(st.lists(WORD, max_size=3))),
        actor=draw(st.none() | actors),
        recipient=draw(st.none() | actors),
        location=draw(st.none() | places),
        date=draw(st.none() | partial_dates()),
        status=draw(st.sampled_from(["asserted", "intended", "negated", "hypothetical"])),
        attributed_to=draw(st.none() | TEXT),
        evidence=draw(evidences),
        confidence=draw(UNIT),
        trigger=draw(TEXT),
        quad=draw(st.none() | st.integers(1, 4)),
        score=draw(st.none() | FLOAT),
        sentence=draw(st.none() | evidences),
        extra_actors=tuple(draw(st.lists(actors, max_size=2))),
    )


@st.composite
def articles(draw: st.DrawFn, doc_id: str) -> Article:
    return Article(
        doc_id=doc_id,
        text=draw(TEXT),
        title=draw(st.none() | TEXT),
        url=draw(st.none() | TEXT),
        published=draw(st.none() | DAYS.map(date.isoformat)),
        outlet=draw(st.none() | NAME),
        language=draw(st.none() | st.sampled_from(["en", "fr"])),
        text_source=draw(st.none() | st.sampled_from(["summary", "title"])),
    )


@st.composite
def corpora(
    draw: st.DrawFn, *, max_docs: int = 6, max_mentions: int = 4
) -> list[tuple[Article, list[Mention]]]:
    """Articles with unique doc ids, each with mentions of unique ids."""
    n = draw(st.integers(1, max_docs))
    out = []
    for i in range(n):
        doc_id = f"d{i}"
        k = draw(st.integers(0, max_mentions))
        out.append(
            (
                draw(articles(doc_id)),
                [draw(mentions(doc_id=doc_id, mention_id=f"m{i}-{j}")) for j in range(k)],
            )
        )
    return out


# Mentions about a few real-looking events: a small vocabulary, so that dedup has work to do.
EVENT_PLACES = [
    PlaceRef("Gusau", country="NGA", lat=12.16, lon=6.66, admin1="Zamfara", feature="PPLA"),
    PlaceRef("Zamfara", country="NGA", lat=12.17, lon=6.25, precision=2, feature="ADM1"),
    PlaceRef("Maiduguri", country="NGA", lat=11.85, lon=13.16, admin1="Borno", feature="PPLA"),
    PlaceRef("Nairobi", country="KEN", lat=-1.28, lon=36.82, feature="PPLC"),
    None,
]
EVENT_ACTORS = [
    ActorRef("Gunmen"),
    ActorRef("Boko Haram", country="NGA", entity_id="boko-haram"),
    ActorRef("Nigerian Army", country="NGA", sector="MIL", entity_id="NGA-ARMY"),
    ActorRef("protesters"),
    ActorRef("Kenya Police", country="KEN", sector="POL", entity_id="KEN-POL"),
    None,
]
SENTENCES = [
    "Gunmen kidnapped 20 pupils in Gusau.",
    "Boko Haram attacked Maiduguri, killing 4.",
    "Thousands protested in Nairobi on Tuesday.",
    "Police fired tear gas in Nairobi.",
    "Soldiers killed 12 fighters near Maiduguri.",
    "20 pupils were abducted from a school.",
]


@st.composite
def event_mentions(draw: st.DrawFn, doc_id: str, n: int) -> Mention:
    text = draw(st.sampled_from(SENTENCES))
    d = draw(st.integers(0, 6).map(lambda k: date(2024, 5, 10) + timedelta(days=k)))
    return Mention(
        mention_id=f"{doc_id}-m{n}",
        doc_id=doc_id,
        type=draw(st.sampled_from(["ASSAULT", "PROTEST", "COERCE"])),
        mode=draw(st.sampled_from([None, "abduct", "demo"])),
        context=(),
        actor=draw(st.sampled_from(EVENT_ACTORS)),
        recipient=None,
        location=draw(st.sampled_from(EVENT_PLACES)),
        date=draw(
            st.sampled_from(
                [
                    PartialDate(d.isoformat(), "day", how="weekday"),
                    PartialDate(d.isoformat(), "day", how="published"),
                    None,
                ]
            )
        ),
        status=draw(st.sampled_from(["asserted", "asserted", "intended"])),
        attributed_to=None,
        evidence=Evidence(0, len(text), text),
        confidence=draw(st.sampled_from([0.4, 0.6, 0.8])),
        sentence=Evidence(0, len(text), text),
    )


@st.composite
def news(draw: st.DrawFn, *, max_docs: int = 8) -> tuple[list[Mention], list]:
    """Mentions of a handful of events over a week, and the SourceDocs of their articles."""
    from dotterel.dedup import SourceDoc
    from dotterel.dedup.syndication import fingerprint

    docs, ms = [], []
    for i in range(draw(st.integers(1, max_docs))):
        doc_id = f"a{i}"
        k = draw(st.integers(1, 3))
        doc_ms = [draw(event_mentions(doc_id, j)) for j in range(k)]
        published = (date(2024, 5, 10) + timedelta(days=draw(st.integers(0, 7)))).isoformat()
        text = " ".join(m.evidence.text for m in doc_ms)
        docs.append(
            SourceDoc(
                doc_id=doc_id,
                published=published,
                outlet=draw(st.sampled_from(["A", "B", "C", None])),
                lead=text,
                fingerprint=fingerprint(text),
            )
        )
        ms.extend(doc_ms)
    return ms, docs
