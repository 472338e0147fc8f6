"""Export mappings: every column documented, every PLOVER type and mode mapped, shaped rows right."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from dotterel.api import dedup_store
from dotterel.exporters import FORMATS, acled, exporter, gdelt, plover_jsonl, polecat
from dotterel.exporters._common import FLAT_COLUMNS
from dotterel.model.plover import TYPES, codebook
from dotterel.store.memory import MemoryStore
from dotterel.testing import actor, make_article, make_mention, place

DOC = (Path(__file__).resolve().parents[2] / "docs" / "exports.md").read_text("utf-8")


def section(name: str) -> str:
    return DOC.split(f"## {name}\n", 1)[1].split("\n## ", 1)[0]


def documented_as(column: str) -> str:
    """GDELT's Actor2 columns are documented as "the same for the recipient" as Actor1's, and the
    actor geography columns as `Actor1Geo_*`."""
    if re.match(r"Actor[12]Geo_", column):
        return "Actor1Geo_*"
    return re.sub(r"^Actor2", "Actor1", column)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_column_is_documented(fmt):
    mod = exporter(fmt)
    text = section('csv, parquet, geojson: "dotterel flat"' if mod.COLUMNS == FLAT_COLUMNS else fmt)
    _filled, _, unfilled = text.partition("Not filled:")
    for column in (*mod.COLUMNS, *getattr(mod, "EXTRA_COLUMNS", ())):
        assert f"`{documented_as(column)}`" in text, f"{fmt}: column {column} is not in docs/exports.md"
    for column in getattr(mod, "UNFILLED", {}):
        assert f"`{documented_as(column)}`" in unfilled, (
            f"{fmt}: unfilled {column} is not said so in docs/exports.md"
        )
    assert "Actor2…" in text if fmt == "gdelt" else True


def test_every_plover_type_and_mode_has_a_cameo_code():
    book = codebook()
    for t in TYPES:
        assert t in gdelt.CAMEO
        assert set(gdelt.CAMEO[t]) - {None} <= set(book.types[t].modes), t
        for code in gdelt.CAMEO[t].values():
            assert re.fullmatch(r"\d{3,4}", code)


def test_acled_types_cover_the_violent_and_contentious_types():
    def event(type_, mode=None, recipient=None):
        from dotterel.testing import make_mention

        return make_mention(type=type_, mode=mode, recipient=recipient)

    from dotterel.dedup import deduplicate

    def types_of(m, **kw):
        return acled.acled_types(deduplicate([m]).events[0], **kw)

    assert types_of(event("ASSAULT", "aerial")) == (
        "Political violence",
        "Explosions/Remote violence",
        "Air/drone strike",
    )
    assert types_of(event("ASSAULT", recipient=actor("soldiers", sector="MIL")))[1:] == (
        "Battles",
        "Armed clash",
    )
    assert types_of(event("ASSAULT", "firearms"))[1:] == ("Violence against civilians", "Attack")
    assert types_of(event("PROTEST", "riot"))[:2] == ("Demonstrations", "Riots")
    assert types_of(event("CONSULT")) is None
    assert types_of(event("CONSULT"), all_types=True) == (
        "Strategic developments",
        "Strategic developments",
        "Other",
    )
    for mode in codebook().types["ASSAULT"].modes:
        assert types_of(event("ASSAULT", mode)) is not None
    for type_, mode in acled.SUB_EVENTS:  # only real PLOVER types and modes are mapped
        assert mode is None or mode in codebook().types[type_].modes, (type_, mode)


@pytest.fixture
def bundles():
    store = MemoryStore()
    text = "US and British jets struck\tradar sites near Hodeidah on Thursday,\nkilling 16 people."
    store.put_article(
        make_article(
            "y1", text, published="2024-05-31", outlet="Gulf Wire", url="https://gulfwire.example/y1"
        ),
        [
            make_mention(
                "y1",
                "ASSAULT",
                mode="aerial",
                actor=actor("United States", country="USA", sector="MIL", entity_id="USA", wikidata_id="Q30"),
                recipient=actor("Houthis", country="YEM", sector="REB", entity_id="houthis"),
                place=place(
                    "Hodeidah",
                    country="YEM",
                    lat=14.8,
                    lon=42.95,
                    admin1="Al Hudaydah",
                    feature="PPLA",
                    geonames_id=79415,
                ),
                date="2024-05-30",
                text=text,
            )
        ],
        coding_key="k",
    )
    dedup_store(store)
    return list(store.bundles())


def test_gdelt_row(bundles):
    out = io.StringIO()
    assert gdelt.write(bundles, out) == 1
    rows = list(csv.DictReader(io.StringIO(out.getvalue()), delimiter="\t"))
    assert len(rows) == 1 and len([c for c in rows[0] if not c.startswith("dotterel_")]) == 61
    r = rows[0]
    assert (r["SQLDATE"], r["EventCode"], r["EventBaseCode"], r["EventRootCode"], r["QuadClass"]) == (
        "20240530",
        "195",
        "195",
        "19",
        "4",
    )
    assert (r["Actor1Code"], r["Actor1CountryCode"], r["Actor1Type1Code"], r["Actor2Code"]) == (
        "USAMIL",
        "USA",
        "MIL",
        "YEMREB",
    )
    assert (r["ActionGeo_Type"], r["ActionGeo_CountryCode"], r["ActionGeo_FeatureID"]) == ("4", "YM", "79415")
    assert r["NumMentions"] == r["NumSources"] == "1" and r["SOURCEURL"] == "https://gulfwire.example/y1"
    assert r["GoldsteinScale"] == str(codebook().score("ASSAULT", "aerial"))


def test_acled_row(bundles):
    out = io.StringIO()
    acled.write(bundles, out)
    (r,) = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert (r["event_type"], r["sub_event_type"], r["disorder_type"]) == (
        "Explosions/Remote violence",
        "Air/drone strike",
        "Political violence",
    )
    assert (r["inter1"], r["inter2"], r["interaction"]) == (
        "8",
        "2",
        "28",
    )  # a state's forces abroad vs rebels
    assert (r["country"], r["iso"], r["geo_precision"], r["time_precision"]) == ("Yemen", "887", "1", "1")
    assert r["event_id_cnty"].startswith("YEM-") and "\n" not in r["notes"] and "\t" not in r["notes"]
    assert r["fatalities"] == "" and r["source"] == "Gulf Wire"


def test_polecat_and_plover_records(bundles):
    out = io.StringIO()
    polecat.write(bundles, out, extras=False)
    (r,) = list(csv.DictReader(io.StringIO(out.getvalue()), delimiter="\t"))
    assert list(r) == list(polecat.COLUMNS)
    assert (r["Event Type"], r["Event Mode"], r["Quad Code"], r["Wikipedia Actor ID"], r["City"]) == (
        "ASSAULT",
        "aerial",
        "4",
        "Q30",
        "Hodeidah",
    )
    rec = plover_jsonl.record(bundles[0])
    assert rec["event"] == "ASSAULT" and rec["mode"] == ["aerial"] and rec["date"] == "2024-05-30"
    assert rec["actor"][0]["code"] == "USA" and rec["event_loc"]["resolution"] == 4
    assert rec["text_info"]["text_story"] == "y1" and json.dumps(rec)
