"""Checks on the reviewed non-state actor file, src/dotterel/data/actors/groups.yaml."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml

GROUPS = Path(__file__).resolve().parents[2] / "src" / "dotterel" / "data" / "actors" / "groups.yaml"

REQUIRED_KEYS = ("id", "name", "kind", "country", "sector", "wikidata", "aliases", "affiliations")
OPTIONAL_KEYS = ("note", "governing")
SECTORS = {"GOV", "MIL", "POL", "JUD", "LEG", "PTY", "REB", "CVL", "MED", "REL", "BUS", "NGO", "IGO", "OPP", "UNK"}
KINDS = {"armed_group", "militia", "movement", "party", "pmc", "criminal", "separatist_entity", "media"}
RELATIONS = {"part_of", "pledged_to", "allied_with", "wing_of", "splinter_of", "successor_of", "merged_into"}
AFFILIATION_KEYS = {"to", "relation", "start", "end"}

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COUNTRY_RE = re.compile(r"^[A-Z]{3}$")
QID_RE = re.compile(r"^Q[0-9]+$")
PARTIAL_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

# Aliases deliberately shared by two entries of the same country. Each pair is genuinely
# ambiguous in the news and left to context; add to this list only with a comment.
SHARED_ALIAS_ALLOW = {
    # "SNC" was the Syrian National Council (2011) and is now the Syrian National Coalition,
    # which absorbed it (2012-2013); reports use the acronym for both.
    ("SYR", "snc"): {"syrian-national-coalition", "syrian-national-council"},
}


def _load() -> list[dict]:
    with GROUPS.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    assert isinstance(data, list), "groups.yaml must be a YAML list"
    return data


@pytest.fixture(scope="module")
def groups() -> list[dict]:
    return _load()


@pytest.fixture(scope="module")
def by_id(groups: list[dict]) -> dict[str, dict]:
    return {g["id"]: g for g in groups}


def _norm_alias(text: str) -> str:
    text = " ".join(text.split()).lower()
    if text.startswith("the "):
        text = text[4:]
    return text


def _parse_partial_date(value: object) -> tuple[int, int, int]:
    """Return (year, month, day) with 0 for missing parts; raise ValueError if not ISO."""
    if isinstance(value, dt.datetime):
        raise ValueError(f"timestamp not allowed: {value!r}")
    if isinstance(value, dt.date):  # YAML loads an unquoted 2014-11-13 as a date
        return (value.year, value.month, value.day)
    if isinstance(value, bool):
        raise ValueError(f"not a date: {value!r}")
    if isinstance(value, int):  # YAML loads an unquoted 2014 as an int
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"not a date: {value!r}")
    m = PARTIAL_DATE_RE.match(value)
    if not m:
        raise ValueError(f"not an ISO partial date: {value!r}")
    year, month, day = (int(p) if p else 0 for p in m.groups())
    if month:
        dt.date(year, month, day or 1)  # validates month and day
    return (year, month, day)


def test_file_is_a_big_enough_list(groups):
    assert len(groups) >= 400


def test_entries_are_mappings_with_required_keys(groups):
    for g in groups:
        assert isinstance(g, dict), g
        missing = [k for k in REQUIRED_KEYS if k not in g]
        assert not missing, f"{g.get('id')}: missing {missing}"
        unknown = set(g) - set(REQUIRED_KEYS) - set(OPTIONAL_KEYS)
        assert not unknown, f"{g['id']}: unknown keys {unknown}"


def test_ids_are_unique_slugs(groups):
    ids = [g["id"] for g in groups]
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    assert not dupes, f"duplicate ids: {dupes}"
    bad = [i for i in ids if not isinstance(i, str) or not ID_RE.match(i)]
    assert not bad, f"ids must be lowercase slugs: {bad}"


def test_names_are_nonempty_strings(groups):
    for g in groups:
        assert isinstance(g["name"], str) and g["name"].strip() == g["name"] and g["name"], g["id"]


def test_country_is_null_or_alpha3(groups):
    bad = [(g["id"], g["country"]) for g in groups
           if g["country"] is not None and not (isinstance(g["country"], str) and COUNTRY_RE.match(g["country"]))]
    assert not bad, bad


def test_sector_and_kind_are_allowed(groups):
    bad_sector = [(g["id"], g["sector"]) for g in groups if g["sector"] not in SECTORS]
    bad_kind = [(g["id"], g["kind"]) for g in groups if g["kind"] not in KINDS]
    assert not bad_sector, bad_sector
    assert not bad_kind, bad_kind


def test_optional_fields(groups):
    for g in groups:
        if "governing" in g:
            assert g["governing"] is True, f"{g['id']}: governing should be true or absent"
            assert g["sector"] == "PTY", f"{g['id']}: governing is for parties"
        if "note" in g:
            assert isinstance(g["note"], str) and g["note"].strip(), g["id"]


def test_wikidata_qids_are_wellformed_and_unique(groups):
    qids = [g["wikidata"] for g in groups if g["wikidata"] is not None]
    bad = [q for q in qids if not (isinstance(q, str) and QID_RE.match(q))]
    assert not bad, bad
    dupes = [q for q, n in Counter(qids).items() if n > 1]
    assert not dupes, f"QIDs used twice: {dupes}"


def test_aliases_are_lists_of_clean_strings(groups):
    for g in groups:
        aliases = g["aliases"]
        assert isinstance(aliases, list), g["id"]
        for a in aliases:
            assert isinstance(a, str), f"{g['id']}: alias {a!r} is not a string (quote it)"
            assert a and a == a.strip() and "  " not in a, f"{g['id']}: alias {a!r} has stray spaces"
        assert len(aliases) == len(set(aliases)), f"{g['id']}: repeated alias"


def test_is_is_only_an_alias_of_the_islamic_state(groups):
    holders = [g["id"] for g in groups if "IS" in g["aliases"] or g["name"] == "IS"]
    assert holders == ["islamic-state"]


def test_no_alias_shared_within_a_country(groups):
    owners: dict[tuple[object, str], set[str]] = defaultdict(set)
    for g in groups:
        for text in [g["name"], *g["aliases"]]:
            owners[(g["country"], _norm_alias(text))].add(g["id"])
    clashes = {
        key: ids for key, ids in owners.items()
        if len(ids) > 1 and SHARED_ALIAS_ALLOW.get(key) != ids
    }
    assert not clashes, "aliases shared within one country: " + "; ".join(
        f"{c}:{a!r} -> {sorted(ids)}" for (c, a), ids in sorted(clashes.items(), key=str)
    )


def test_allow_list_entries_are_still_needed(groups):
    owners: dict[tuple[object, str], set[str]] = defaultdict(set)
    for g in groups:
        for text in [g["name"], *g["aliases"]]:
            owners[(g["country"], _norm_alias(text))].add(g["id"])
    for key, ids in SHARED_ALIAS_ALLOW.items():
        assert owners.get(key) == ids, f"stale allow-list entry {key}"


def test_affiliations_point_to_existing_entries(groups, by_id):
    for g in groups:
        affs = g["affiliations"]
        assert isinstance(affs, list), g["id"]
        for a in affs:
            assert isinstance(a, dict), (g["id"], a)
            assert set(a) <= AFFILIATION_KEYS, (g["id"], a)
            assert a.get("to") in by_id, f"{g['id']}: affiliation to unknown id {a.get('to')!r}"
            assert a["to"] != g["id"], f"{g['id']}: affiliated with itself"
            assert a.get("relation") in RELATIONS, (g["id"], a)


def test_affiliation_dates_are_iso_partial_dates(groups):
    for g in groups:
        for a in g["affiliations"]:
            parsed = {}
            for key in ("start", "end"):
                if key in a:
                    try:
                        parsed[key] = _parse_partial_date(a[key])
                    except ValueError as exc:
                        pytest.fail(f"{g['id']} -> {a['to']}: {key}: {exc}")
            if "start" in parsed and "end" in parsed:
                assert parsed["start"] <= parsed["end"], f"{g['id']} -> {a['to']}: ends before it starts"


def test_partial_date_parser():
    assert _parse_partial_date(2014) == (2014, 0, 0)
    assert _parse_partial_date("2014-11") == (2014, 11, 0)
    assert _parse_partial_date(dt.date(2014, 11, 13)) == (2014, 11, 13)
    for bad in ("2014-13", "2014-02-30", "Nov 2014", "14", True, None):
        with pytest.raises(ValueError):
            _parse_partial_date(bad)


def _has(by_id, src, relation, dst, year=None):
    for a in by_id[src]["affiliations"]:
        if a["to"] == dst and a["relation"] == relation:
            if year is None or ("start" in a and _parse_partial_date(a["start"])[0] == year):
                return True
    return False


def test_key_fact_wilayat_sinai(by_id):
    sinai = by_id["wilayat-sinai"]
    assert sinai["country"] == "EGY"
    assert sinai["sector"] == "REB"
    assert _has(by_id, "wilayat-sinai", "part_of", "islamic-state", year=2014)
    assert "Ansar Bayt al-Maqdis" in sinai["aliases"]
    assert "Welayat Sinai" in sinai["aliases"]


def test_key_fact_gaza_army_of_islam(by_id):
    gaza = by_id["jaysh-al-islam-gaza"]
    assert gaza["country"] == "PSE"
    assert _has(by_id, "jaysh-al-islam-gaza", "pledged_to", "islamic-state")
    syria = by_id["jaysh-al-islam-syria"]
    assert syria["country"] == "SYR"
    assert not _has(by_id, "jaysh-al-islam-syria", "pledged_to", "islamic-state")


def test_key_fact_conventions(by_id):
    assert by_id["islamic-state"]["country"] is None
    assert by_id["al-qaeda"]["country"] is None
    assert (by_id["wagner-group"]["country"], by_id["wagner-group"]["sector"]) == ("RUS", "BUS")
    for pr in ("dpr", "lpr"):
        assert (by_id[pr]["country"], by_id[pr]["sector"]) == ("UKR", "REB")
    assert by_id["peshmerga"]["sector"] != "REB"
    assert _has(by_id, "qassam-brigades", "wing_of", "hamas")
    assert _has(by_id, "al-quds-brigades", "wing_of", "pij")
    assert _has(by_id, "iswap", "part_of", "islamic-state")
    assert _has(by_id, "hts", "successor_of", "jabhat-al-nusra")
