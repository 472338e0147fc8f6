"""gdelt: GDELT 2.0 event-table shape (61 columns, tab-separated, with a header row).

EventCode comes from a PLOVER -> CAMEO mapping (`CAMEO`, by type and mode; docs/exports.md
gives the table and its reasons), QuadClass is the PLOVER quad (the same four classes),
GoldsteinScale is PLOVER's own conflict-cooperation score (-10 .. +10, like Goldstein's, but
not Goldstein's values), NumMentions / NumSources / NumArticles are dotterel's counts after
de-duplication (syndicated copies count as one source). Country codes in Actor*CountryCode are
ISO alpha-3 (CAMEO's codes are the same for nearly all states); ActionGeo_CountryCode is FIPS
10-4, as in GDELT. Columns that cannot be filled are left empty (`UNFILLED`). Columns
`dotterel_*` at the end trace each row back (`extras=False` drops them).
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Iterator
from datetime import date as Date
from typing import Any

from dotterel.exporters._common import Out, canonical, cell, country, text_out
from dotterel.model import ActorRef, PlaceRef
from dotterel.model.event import Event
from dotterel.store.base import EventBundle
from dotterel.store.rows import date_bounds

FORMAT = "gdelt"
SUFFIX = ".tsv"
_ACTOR_FIELDS = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
_GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS),
    *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO_FIELDS),
    *(f"Actor2Geo_{f}" for f in _GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in _GEO_FIELDS),
    "DATEADDED",
    "SOURCEURL",
)
EXTRA_COLUMNS: tuple[str, ...] = (
    "dotterel_event_id",
    "dotterel_plover_type",
    "dotterel_plover_mode",
    "dotterel_status",
    "dotterel_confidence",
    "dotterel_date_precision",
)
UNFILLED: dict[str, str] = {
    **{
        f"Actor{n}{f}": "CAMEO's known-group, ethnic and religion codes are not assigned by dotterel"
        for n in (1, 2)
        for f in ("KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code")
    },
    **{
        f"Actor{n}{f}": "dotterel gives one sector per actor (Type1Code)"
        for n in (1, 2)
        for f in ("Type2Code", "Type3Code")
    },
    "AvgTone": "dotterel does not measure tone",
    **{f"Actor{n}Geo_{f}": "dotterel geolocates events, not actors" for n in (1, 2) for f in _GEO_FIELDS},
    "ActionGeo_ADM1Code": "only the country part (FIPS) is known: the gazetteer holds first-level division names, "
    "not their FIPS codes",
    "ActionGeo_ADM2Code": "second-level divisions are not resolved",
}
# PLOVER type -> CAMEO code, by mode (None: the type's default). See docs/exports.md.
CAMEO: dict[str, dict[str | None, str]] = {
    "AGREE": {None: "030"},
    "CONSULT": {None: "040", "phone": "041", "visit": "042", "third-party": "044", "multilateral": "040"},
    "SUPPORT": {None: "050"},
    "COOPERATE": {None: "060"},
    "AID": {None: "070"},
    "CONCEDE": {None: "080"},
    "RETREAT": {
        None: "080",
        "release": "0841",
        "withdraw": "0874",
        "disarm": "0873",
        "ceasefire": "0871",
        "access": "086",
        "resign": "0833",
    },
    "REQUEST": {None: "100", "assist": "103", "change": "104", "yield": "106", "meet": "108"},
    "ACCUSE": {None: "110", "disapprove": "111", "allege": "112", "investigate": "090"},
    "REJECT": {None: "120"},
    "THREATEN": {None: "130", "violence": "138"},
    "PROTEST": {
        None: "140",
        "demo": "141",
        "hunger": "142",
        "strike": "143",
        "boycott": "143",
        "obstruct": "144",
        "riot": "145",
        "vandalize": "145",
    },
    "MOBILIZE": {None: "150", "police": "151", "weapons": "152", "troops": "153", "militia": "153"},
    "SANCTION": {None: "160", "convict": "116", "expel": "166", "withdraw": "166", "discontinue": "160"},
    "COERCE": {
        None: "170",
        "seize": "171",
        "restrict": "1721",
        "censor": "1721",
        "curfew": "1723",
        "martial-law": "1724",
        "arrest": "173",
        "deport": "174",
        "cyber": "176",
    },
    "ASSAULT": {
        None: "180",
        "abduct": "181",
        "beat": "182",
        "primitive": "182",
        "sexual": "1821",
        "torture": "1822",
        "targeted": "186",
        "explosives": "183",
        "suicide-attack": "1831",
        "destroy": "1712",
        "crowd-control": "175",
        "firearms": "193",
        "heavy-weapons": "194",
        "aerial": "195",
        "drone": "1951",
        "unconventional": "204",
    },
}
# dotterel sector -> CAMEO actor type code
CAMEO_TYPE: dict[str, str] = {
    "GOV": "GOV",
    "MIL": "MIL",
    "POL": "COP",
    "JUD": "JUD",
    "LEG": "LEG",
    "PTY": "PTY",
    "REB": "REB",
    "CVL": "CVL",
    "MED": "MED",
    "REL": "REL",
    "BUS": "BUS",
    "NGO": "NGO",
    "IGO": "IGO",
    "OPP": "OPP",
}


def cameo_code(event: Event) -> str | None:
    by_mode = CAMEO.get(event.type)
    if by_mode is None:
        return None
    code = by_mode.get(event.mode, by_mode[None])
    if (
        event.type == "ASSAULT"
        and event.mode is None
        and event.actor is not None
        and event.actor.sector == "MIL"
    ):
        code = "190"  # conventional military force
    return code


def global_event_id(event_id: str) -> int:
    return int(hashlib.sha1(event_id.encode()).hexdigest()[:15], 16)


def rows(bundles: Iterable[EventBundle], *, extras: bool = True) -> Iterator[dict[str, Any]]:
    for b in bundles:
        e = b.event
        start, _ = date_bounds(e.date)
        day = Date.fromisoformat(start) if start else None
        code = cameo_code(e)
        m = canonical(b)
        stored = b.articles.get(m.doc_id) if m else None
        row: dict[str, Any] = {
            "GLOBALEVENTID": global_event_id(e.event_id),
            "SQLDATE": day.strftime("%Y%m%d") if day else None,
            "MonthYear": day.strftime("%Y%m") if day else None,
            "Year": day.year if day else None,
            "FractionDate": round(day.year + (day.timetuple().tm_yday - 1) / 365.0, 4) if day else None,
            **_actor(1, e.actor),
            **_actor(2, e.recipient),
            "IsRootEvent": 1
            if any(mm.sentence is not None and mm.sentence.start == 0 for mm in b.mentions.values())
            else 0,
            "EventCode": code,
            "EventBaseCode": code[:3] if code else None,
            "EventRootCode": code[:2] if code else None,
            "QuadClass": e.quad,
            "GoldsteinScale": e.score,
            "NumMentions": e.n_mentions,
            "NumSources": e.n_sources,
            "NumArticles": e.n_articles,
            "AvgTone": None,
            **{f"Actor{n}Geo_{f}": None for n in (1, 2) for f in _GEO_FIELDS},
            **_geo(e.location),
            "DATEADDED": e.first_seen.replace("-", "") + "000000" if e.first_seen else None,
            "SOURCEURL": stored.article.url if stored else None,
        }
        if extras:
            row.update(
                {
                    "dotterel_event_id": e.event_id,
                    "dotterel_plover_type": e.type,
                    "dotterel_plover_mode": e.mode,
                    "dotterel_status": e.status,
                    "dotterel_confidence": e.confidence,
                    "dotterel_date_precision": e.date.precision if e.date else None,
                }
            )
        yield row


def _actor(n: int, ref: ActorRef | None) -> dict[str, Any]:
    out: dict[str, Any] = {f"Actor{n}{f}": None for f in _ACTOR_FIELDS}
    if ref is None:
        return out
    cc = ref.country if ref.country and ref.country not in ("IGO", "NGO", "MNC") else None
    role = CAMEO_TYPE.get(ref.sector or "")
    out[f"Actor{n}Code"] = ((cc or "") + (role or "")) or None
    out[f"Actor{n}Name"] = ref.name.upper()
    out[f"Actor{n}CountryCode"] = cc
    out[f"Actor{n}Type1Code"] = role
    return out


def _geo(place: PlaceRef | None) -> dict[str, Any]:
    out: dict[str, Any] = {f"ActionGeo_{f}": None for f in _GEO_FIELDS}
    if place is None:
        return out
    c = country(place.country)
    usa = place.country == "USA"
    if place.precision >= 3:
        geo_type = 1
    elif place.precision == 2:
        geo_type = 2 if usa else 5
    else:
        geo_type = 3 if usa else 4
    names = [place.name]
    if place.admin1 and place.admin1 != place.name:
        names.append(place.admin1)
    if c is not None and c.name != place.name:
        names.append(c.name)
    out.update(
        {
            "ActionGeo_Type": geo_type,
            "ActionGeo_FullName": ", ".join(names),
            "ActionGeo_CountryCode": c.fips if c else None,
            "ActionGeo_ADM1Code": c.fips if c else None,
            "ActionGeo_Lat": place.lat,
            "ActionGeo_Long": place.lon,
            "ActionGeo_FeatureID": place.geonames_id,
        }
    )
    return out


def write(bundles: Iterable[EventBundle], out: Out, *, extras: bool = True, **options: Any) -> int:
    n = 0
    with text_out(out) as f:
        writer = csv.DictWriter(
            f,
            fieldnames=list(COLUMNS + (EXTRA_COLUMNS if extras else ())),
            delimiter="\t",
            lineterminator="\n",
        )
        writer.writeheader()
        for row in rows(bundles, extras=extras):
            writer.writerow({k: cell(v) for k, v in row.items()})
            n += 1
    return n
