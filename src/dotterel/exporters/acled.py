"""acled: ACLED-shaped CSV, one row per de-duplicated event, with ACLED's column names.

ACLED covers political violence, demonstrations and strategic developments. PLOVER types
outside that scope (verbal events: CONSULT, SUPPORT, ACCUSE, REQUEST, REJECT, THREATEN, AGREE,
CONCEDE; and AID, COOPERATE, SANCTION) are left out unless `all_types=True`, where they become
"Strategic developments / Other". The mapping of every type and mode, of sectors to `inter`
codes, and the columns that cannot be filled are in docs/exports.md; this module is the
reference. Columns `dotterel_*` at the end trace each row back (`extras=False` drops them).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any

from dotterel.exporters._common import Out, canonical, cell, country, text_out
from dotterel.model import ActorRef
from dotterel.model.event import Event
from dotterel.store.base import EventBundle
from dotterel.store.rows import date_bounds

FORMAT = "acled"
SUFFIX = ".csv"
COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
EXTRA_COLUMNS: tuple[str, ...] = (
    "dotterel_event_id",
    "dotterel_plover_type",
    "dotterel_plover_mode",
    "dotterel_status",
    "dotterel_confidence",
    "dotterel_n_mentions",
    "dotterel_n_sources",
    "dotterel_source_url",
)
UNFILLED: dict[str, str] = {
    "assoc_actor_1": "dotterel keeps one actor per side; co-actors stay in separate mentions",
    "assoc_actor_2": "as assoc_actor_1",
    "region": "ACLED's regions are ACLED's own grouping, not derivable from the country code alone",
    "admin2": "the gazetteer resolves to the first-level division only",
    "admin3": "as admin2",
    "source_scale": "needs a judgement of each outlet's reach (local, national, international)",
    "fatalities": "dotterel does not extract casualty counts",
    "tags": "ACLED's own tags (crowd size, weapons ...) are not extracted",
    "timestamp": "ACLED's upload time of the record; the export is not an ACLED upload",
}
POLITICAL_VIOLENCE = "Political violence"
DEMONSTRATIONS = "Demonstrations"
STRATEGIC = "Strategic developments"
# (PLOVER type, mode) -> (event_type, sub_event_type); mode None is the type's default.
SUB_EVENTS: dict[tuple[str, str | None], tuple[str, str]] = {
    ("ASSAULT", "aerial"): ("Explosions/Remote violence", "Air/drone strike"),
    ("ASSAULT", "drone"): ("Explosions/Remote violence", "Air/drone strike"),
    ("ASSAULT", "explosives"): ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("ASSAULT", "suicide-attack"): ("Explosions/Remote violence", "Suicide bomb"),
    ("ASSAULT", "heavy-weapons"): ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("ASSAULT", "unconventional"): ("Explosions/Remote violence", "Chemical weapon"),
    ("ASSAULT", "abduct"): ("Violence against civilians", "Abduction/forced disappearance"),
    ("ASSAULT", "sexual"): ("Violence against civilians", "Sexual violence"),
    ("ASSAULT", "crowd-control"): ("Protests", "Protest with intervention"),
    ("ASSAULT", "destroy"): ("Strategic developments", "Looting/property destruction"),
    ("PROTEST", None): ("Protests", "Peaceful protest"),
    ("PROTEST", "riot"): ("Riots", "Violent demonstration"),
    ("PROTEST", "vandalize"): ("Riots", "Violent demonstration"),
    ("COERCE", "arrest"): ("Strategic developments", "Arrests"),
    ("COERCE", "seize"): ("Strategic developments", "Looting/property destruction"),
    ("COERCE", None): ("Strategic developments", "Other"),
    ("MOBILIZE", None): ("Strategic developments", "Change to group/activity"),
    ("RETREAT", "withdraw"): ("Strategic developments", "Non-violent transfer of territory"),
    ("RETREAT", "ceasefire"): ("Strategic developments", "Agreement"),
    ("RETREAT", "release"): ("Strategic developments", "Agreement"),
    ("RETREAT", None): ("Strategic developments", "Other"),
}
# ASSAULT with any other mode (firearms, primitive, beat, torture, targeted, none): a battle when
# the other side is armed, else violence against civilians.
ARMED_SECTORS = frozenset({"MIL", "POL", "REB"})
# Sector -> ACLED actor type (inter): 1 state forces, 2 rebel groups, 3 political militias,
# 4 identity militias, 5 rioters, 6 protesters, 7 civilians, 8 external/other forces.
INTER: dict[str, int] = {
    "MIL": 1,
    "POL": 1,
    "GOV": 1,
    "JUD": 1,
    "LEG": 1,
    "REB": 2,
    "PTY": 3,
    "OPP": 3,
    "CVL": 7,
    "MED": 7,
    "REL": 7,
    "BUS": 7,
    "NGO": 7,
    "IGO": 8,
}


def acled_types(event: Event, *, all_types: bool = False) -> tuple[str, str, str] | None:
    """(disorder_type, event_type, sub_event_type), or None when outside ACLED's scope."""
    t, mode = event.type, event.mode
    if (t, mode) in SUB_EVENTS:
        ev, sub = SUB_EVENTS[(t, mode)]
    elif t == "ASSAULT":
        armed = event.recipient is not None and event.recipient.sector in ARMED_SECTORS
        ev, sub = ("Battles", "Armed clash") if armed else ("Violence against civilians", "Attack")
    elif (t, None) in SUB_EVENTS:
        ev, sub = SUB_EVENTS[(t, None)]
    elif all_types:
        ev, sub = STRATEGIC, "Other"
    else:
        return None
    if ev in ("Protests", "Riots"):
        disorder = DEMONSTRATIONS
    elif ev == STRATEGIC:
        disorder = STRATEGIC
    else:
        disorder = POLITICAL_VIOLENCE
    return disorder, ev, sub


def inter(ref: ActorRef | None, event: Event, *, role: str) -> int:
    if ref is None:
        return 0
    if role == "actor1" and event.type == "PROTEST":
        return 5 if event.mode in ("riot", "vandalize") else 6
    code = INTER.get(ref.sector or "", 0)
    where = event.location.country if event.location else None
    if code == 1 and ref.country and where and ref.country != where:
        return 8  # a state's forces acting abroad
    return code


def rows(
    bundles: Iterable[EventBundle], *, all_types: bool = False, extras: bool = True
) -> Iterator[dict[str, Any]]:
    for b in bundles:
        e = b.event
        kinds = acled_types(e, all_types=all_types)
        if kinds is None:
            continue
        disorder, ev, sub = kinds
        start, _ = date_bounds(e.date)
        place = e.location
        c = country(place.country if place else None)
        i1, i2 = inter(e.actor, e, role="actor1"), inter(e.recipient, e, role="actor2")
        m = canonical(b)
        outlets = "; ".join(e.outlets)
        row: dict[str, Any] = {
            "event_id_cnty": f"{(place.country if place and place.country else 'XXX')}-{e.event_id[3:]}",
            "event_date": start,
            "year": int(start[:4]) if start else None,
            "time_precision": _time_precision(e),
            "disorder_type": disorder,
            "event_type": ev,
            "sub_event_type": sub,
            "actor1": e.actor.name if e.actor else None,
            "assoc_actor_1": None,
            "inter1": i1,
            "actor2": e.recipient.name if e.recipient else None,
            "assoc_actor_2": None,
            "inter2": i2,
            "interaction": int(f"{min(i1, i2)}{max(i1, i2)}") if i1 or i2 else 0,
            "civilian_targeting": "Civilian targeting" if ev == "Violence against civilians" else None,
            "iso": c.isonumeric if c else None,
            "region": None,
            "country": c.name if c else None,
            "admin1": place.admin1 if place else None,
            "admin2": None,
            "admin3": None,
            "location": place.name if place else None,
            "latitude": place.lat if place else None,
            "longitude": place.lon if place else None,
            "geo_precision": place.precision if place else None,
            "source": outlets or None,
            "source_scale": None,
            "notes": (m.sentence.text if m and m.sentence else m.evidence.text if m else None),
            "fatalities": None,
            "tags": None,
            "timestamp": None,
        }
        if extras:
            stored = b.articles.get(m.doc_id) if m else None
            row.update(
                {
                    "dotterel_event_id": e.event_id,
                    "dotterel_plover_type": e.type,
                    "dotterel_plover_mode": e.mode,
                    "dotterel_status": e.status,
                    "dotterel_confidence": e.confidence,
                    "dotterel_n_mentions": e.n_mentions,
                    "dotterel_n_sources": e.n_sources,
                    "dotterel_source_url": stored.article.url if stored else None,
                }
            )
        yield row


def write(
    bundles: Iterable[EventBundle], out: Out, *, all_types: bool = False, extras: bool = True, **options: Any
) -> int:
    n = 0
    with text_out(out) as f:
        writer = csv.DictWriter(
            f, fieldnames=list(COLUMNS + (EXTRA_COLUMNS if extras else ())), lineterminator="\n"
        )
        writer.writeheader()
        for row in rows(bundles, all_types=all_types, extras=extras):
            writer.writerow({k: cell(v) for k, v in row.items()})
            n += 1
    return n


def _time_precision(e: Event) -> int:
    """1: the day is known; 2: within a week (the date is the article's publication day);
    3: only the month or year."""
    if e.date is None:
        return 3
    if e.date.precision != "day":
        return 3
    return 2 if e.date.how == "published" else 1
