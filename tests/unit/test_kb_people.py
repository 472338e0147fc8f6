"""Checks on the reviewed people file of the actor knowledge base (data/actors/people.yaml)."""

from __future__ import annotations

import calendar
import collections
import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

PEOPLE_PATH = Path(__file__).resolve().parents[2] / "src" / "dotterel" / "data" / "actors" / "people.yaml"

SECTORS = set("GOV MIL POL JUD LEG PTY REB CVL MED REL BUS NGO IGO OPP UNK".split())
OFFICES = {
    "president", "prime_minister", "head_of_state", "head_of_government", "king", "emir",
    "supreme_leader", "chancellor", "foreign_minister", "defence_minister", "interior_minister",
    "minister", "spokesperson", "leader", "deputy_leader", "commander", "secretary_general", "chair",
    "opposition_leader", "general", "vice_president", "other",
}
PERSON_KEYS = {"id", "name", "wikidata", "gender", "aliases", "roles"}
ROLE_KEYS = {"org", "office", "sector", "start", "end"}

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ISO3_RE = re.compile(r"^[A-Z]{3}$")
IGO_RE = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$")
QID_RE = re.compile(r"^Q[0-9]+$")
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@pytest.fixture(scope="module")
def people() -> list[dict]:
    with PEOPLE_PATH.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    assert isinstance(data, list)
    return data


def _bounds(value) -> tuple[dt.date, dt.date]:
    """Earliest and latest day an ISO partial date (YYYY, YYYY-MM, YYYY-MM-DD) can denote."""
    if isinstance(value, dt.date):
        return value, value
    m = DATE_RE.match(str(value))
    if not m:
        raise ValueError(f"not an ISO partial date: {value!r}")
    year = int(m.group(1))
    if m.group(2) is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    month = int(m.group(2))
    if m.group(3) is None:
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    day = dt.date(year, month, int(m.group(3)))
    return day, day


def _span(role: dict) -> tuple[dt.date, dt.date]:
    start = _bounds(role["start"])[0] if role.get("start") is not None else dt.date.min
    end = _bounds(role["end"])[1] if role.get("end") is not None else dt.date.max
    return start, end


def _holders(people: list[dict], org: str, office: str, day: str) -> list[str]:
    when = dt.date.fromisoformat(day)
    out = []
    for p in people:
        for r in p["roles"]:
            if r["org"] == org and r["office"] == office:
                start, end = _span(r)
                if start <= when <= end:
                    out.append(p["id"])
    return out


def _by_alias(people: list[dict], alias: str) -> list[dict]:
    key = alias.casefold()
    return [p for p in people if key == p["name"].casefold() or key in {a.casefold() for a in p["aliases"]}]


def _roles_on(person: dict, day: str) -> list[dict]:
    when = dt.date.fromisoformat(day)
    return [r for r in person["roles"] if _span(r)[0] <= when <= _span(r)[1]]


# --------------------------------------------------------------------------- structure


def test_at_least_300_people(people):
    assert len(people) >= 300


def test_required_keys(people):
    for p in people:
        assert PERSON_KEYS <= set(p), p.get("id")
        assert isinstance(p["name"], str) and p["name"].strip(), p["id"]
        assert isinstance(p["aliases"], list), p["id"]
        assert isinstance(p["roles"], list) and p["roles"], p["id"]
        for r in p["roles"]:
            assert ROLE_KEYS <= set(r), (p["id"], r)


def test_ids_unique_slugs(people):
    ids = [p["id"] for p in people]
    dups = [i for i, c in collections.Counter(ids).items() if c > 1]
    assert not dups
    bad = [i for i in ids if not isinstance(i, str) or not SLUG_RE.match(i)]
    assert not bad


def test_gender_values(people):
    assert {p["gender"] for p in people} <= {"m", "f", None}


def test_sectors_valid(people):
    bad = [(p["id"], r["sector"]) for p in people for r in p["roles"] if r["sector"] not in SECTORS]
    assert not bad


def test_offices_valid(people):
    bad = [(p["id"], r["office"]) for p in people for r in p["roles"] if r["office"] not in OFFICES]
    assert not bad


def test_dates_parse_and_ordered(people):
    for p in people:
        for r in p["roles"]:
            for key in ("start", "end"):
                if r[key] is not None:
                    _bounds(r[key])  # raises on a malformed date
            if r["start"] is not None and r["end"] is not None:
                assert _bounds(r["start"])[0] <= _bounds(r["end"])[1], (p["id"], r)


def test_wikidata_ids(people):
    qids = [p["wikidata"] for p in people if p["wikidata"] is not None]
    bad = [q for q in qids if not isinstance(q, str) or not QID_RE.match(q)]
    assert not bad
    dups = [q for q, c in collections.Counter(qids).items() if c > 1]
    assert not dups


def test_org_format(people):
    bad = []
    for p in people:
        for r in p["roles"]:
            org = r["org"]
            if not isinstance(org, str) or not (ISO3_RE.match(org) or IGO_RE.match(org) or SLUG_RE.match(org)):
                bad.append((p["id"], org))
    assert not bad


def test_aliases_clean(people):
    for p in people:
        aliases = p["aliases"]
        assert all(isinstance(a, str) and a.strip() == a and a for a in aliases), p["id"]
        assert len(set(aliases)) == len(aliases), p["id"]
        assert p["name"] not in aliases, p["id"]


def test_no_alias_names_two_people_at_once(people):
    """A name or alias shared by two people must not point at both on the same day."""
    owners = collections.defaultdict(list)
    for p in people:
        for a in {x.casefold() for x in (p["name"], *p["aliases"])}:
            owners[a].append(p)
    clashes = []
    for alias, ps in owners.items():
        for i, a in enumerate(ps):
            for b in ps[i + 1:]:
                for ra in a["roles"]:
                    for rb in b["roles"]:
                        (s1, e1), (s2, e2) = _span(ra), _span(rb)
                        if max(s1, s2) <= min(e1, e2):
                            clashes.append((alias, a["id"], b["id"]))
    assert not clashes


# --------------------------------------------------------------------------- key facts


def test_al_baghdadi_leads_islamic_state_in_2016(people):
    matches = _by_alias(people, "al-Baghdadi")
    assert [p["id"] for p in matches] == ["abu-bakr-al-baghdadi"]
    roles = _roles_on(matches[0], "2016-06-01")
    assert any(r["org"] == "islamic-state" and r["office"] == "leader" and r["sector"] == "REB" for r in roles)


def test_egypt_president_2016_is_sisi(people):
    assert _holders(people, "EGY", "president", "2016-06-01") == ["abdel-fattah-el-sisi"]
    assert any(p["id"] == "abdel-fattah-el-sisi" for p in _by_alias(people, "el-Sisi"))


def test_usa_president_2016_is_obama(people):
    assert _holders(people, "USA", "president", "2016-06-01") == ["barack-obama"]


def test_france_president_2022_is_macron(people):
    assert _holders(people, "FRA", "president", "2022-02-17") == ["emmanuel-macron"]
    (macron,) = _by_alias(people, "Macron")
    assert any(r["org"] == "FRA" and r["sector"] == "GOV" for r in _roles_on(macron, "2022-02-17"))


@pytest.mark.parametrize(
    ("org", "office", "day", "expected"),
    [
        ("RUS", "president", "2022-03-01", "vladimir-putin"),
        ("RUS", "president", "2010-01-01", "dmitry-medvedev"),
        ("RUS", "foreign_minister", "2020-01-01", "sergey-lavrov"),
        ("GBR", "prime_minister", "2020-01-01", "boris-johnson"),
        ("DEU", "chancellor", "2015-01-01", "angela-merkel"),
        ("USA", "foreign_minister", "2014-01-01", "john-kerry"),
        ("SYR", "president", "2025-06-01", "ahmed-al-sharaa"),
        ("SYR", "president", "2015-01-01", "bashar-al-assad"),
        ("hts", "leader", "2020-01-01", "ahmed-al-sharaa"),
        ("al-qaeda", "leader", "2015-01-01", "ayman-al-zawahiri"),
        ("al-qaeda", "leader", "2005-01-01", "osama-bin-laden"),
        ("taliban", "leader", "2016-01-01", "akhtar-mansour"),
        ("hezbollah", "secretary_general", "2020-01-01", "hassan-nasrallah"),
        ("hamas", "leader", "2020-01-01", "ismail-haniyeh"),
        ("PSE", "president", "2016-01-01", "mahmoud-abbas"),
        ("IRN", "foreign_minister", "2016-01-01", "mohammad-javad-zarif"),
        ("TUR", "president", "2020-01-01", "recep-tayyip-erdogan"),
        ("UN", "secretary_general", "2010-01-01", "ban-ki-moon"),
        ("NATO", "secretary_general", "2020-01-01", "jens-stoltenberg"),
        ("EC", "president", "2020-06-01", "ursula-von-der-leyen"),
    ],
)
def test_office_holders(people, org, office, day, expected):
    assert _holders(people, org, office, day) == [expected]


def test_suu_kyi_is_government_while_state_counsellor(people):
    (suu_kyi,) = _by_alias(people, "Aung San Suu Kyi")
    assert {r["sector"] for r in _roles_on(suu_kyi, "2018-01-01")} == {"GOV"}
    assert {r["sector"] for r in _roles_on(suu_kyi, "2010-01-01")} == {"OPP"}
