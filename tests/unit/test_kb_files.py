"""Well-formedness checks for the reviewed actor knowledge-base files.

Covers ``states.yaml``, ``state_bodies.yaml``, ``igos.yaml`` and ``agents.yaml`` in
``src/dotterel/data/actors/`` (see docs/knowledge-base.md): required keys, code formats, unique ids,
valid sectors and countries, QIDs, and that no name points to two different entities of the same
country.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

ACTORS = Path(__file__).resolve().parents[2] / "src" / "dotterel" / "data" / "actors"

SECTORS = {
    "GOV", "MIL", "POL", "JUD", "LEG", "PTY", "REB", "CVL", "MED", "REL", "BUS", "NGO", "IGO", "OPP", "UNK",
}
PSEUDO_COUNTRIES = {"IGO", "NGO", "MNC"}
AGENT_KINDS = {"state_agent", "collective", "bloc"}

ISO3 = re.compile(r"^[A-Z]{3}$")
QID = re.compile(r"^Q[0-9]+$")
BODY_ID = re.compile(r"^[A-Z]{3}-[A-Z0-9]+(?:-[A-Z0-9]+)*$")
IGO_ID = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$")
OFFICE = re.compile(r"^[a-z]+(?:_[a-z]+)*$")

STATE_KEYS = {
    "iso3", "name", "wikidata", "aliases", "adjectives", "demonyms", "capital", "metonyms", "former_names",
}
BODY_KEYS = {"id", "name", "country", "sector", "wikidata", "aliases"}
IGO_KEYS = {"id", "name", "country", "sector", "wikidata", "aliases", "parent"}
AGENT_KEYS = {"words", "sector", "kind"}
AGENT_OPTIONAL_KEYS = {"office"}

# The 193 member states of the United Nations.
UN_MEMBERS = set(
    """
    AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA
    BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK COD DNK
    DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB
    GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO
    LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MDA MCO MNG MNE MAR MOZ MMR NAM
    NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR ROU RUS RWA
    KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE
    SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB
    ZWE
    """.split()
)
# States and territories outside UN membership that the knowledge base must also carry.
NON_UN_STATES = {"PSE", "KOS", "TWN", "VAT", "ESH", "HKG", "MAC"}

# Terms that English really does use for two states. Everything else a state is called must name
# only that state.
SHARED_STATE_TERMS = {
    "congolese": ({"COD", "COG"}, "the adjective and demonym of both Congos"),
    "dominican": ({"DMA", "DOM"}, "the adjective of both Dominica and the Dominican Republic"),
    "dominicans": ({"DMA", "DOM"}, "the people of both Dominica and the Dominican Republic"),
}

# Strings deliberately given to two entities of the same country. Beyond these, a state's metonym
# may also be the name of one of its bodies when both carry the same sector ("the Pentagon" is USA
# MIL as a metonym of the United States and as the Department of Defense): they resolve alike.
SAME_COUNTRY_EXCEPTIONS: dict[str, tuple[set[str], str]] = {}

# States whose capital is not also given as a metonym (or as the state's own name), and why.
CAPITAL_NOT_A_METONYM = {
    "ATG": "St. John's is also the capital of Newfoundland",
    "BEL": "Brussels in news usually stands for the EU institutions",
    "BOL": "Sucre is the constitutional capital; La Paz, the seat of government, is the metonym",
    "CRI": "San Jose is also a large US city",
    "GRD": "St. George's names many other places",
    "GUY": "Georgetown is also a Washington neighbourhood and university",
    "LKA": "Sri Jayawardenepura Kotte is the official capital; Colombo is the metonym",
    "PSE": "East Jerusalem is the proclaimed capital; the Palestinian Authority sits in Ramallah",
    "SYC": "Victoria is a common name of people and places",
    "USA": "the capital is Washington, D.C.; the metonym is the short form Washington",
    "ESH": "Laayoune stands for the Moroccan administration, not the Sahrawi state",
}


def load(name: str) -> list:
    with open(ACTORS / f"{name}.yaml", encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    assert isinstance(data, list) and data, f"{name}.yaml must be a non-empty YAML list"
    for i, entry in enumerate(data):
        assert isinstance(entry, dict), f"{name}.yaml entry {i} is not a mapping: {entry!r}"
    return data


@pytest.fixture(scope="module")
def states() -> list[dict]:
    return load("states")


@pytest.fixture(scope="module")
def bodies() -> list[dict]:
    return load("state_bodies")


@pytest.fixture(scope="module")
def igos() -> list[dict]:
    return load("igos")


@pytest.fixture(scope="module")
def agents() -> list[dict]:
    return load("agents")


@pytest.fixture(scope="module")
def state_codes(states) -> set[str]:
    return {s["iso3"] for s in states}


def norm(text: str) -> str:
    """The form in which names are compared: case-folded, spaces collapsed, leading "the " dropped."""
    t = " ".join(text.split()).casefold()
    return t[4:] if t.startswith("the ") else t


def is_text(value) -> bool:
    return isinstance(value, str) and value.strip() != "" and value == value.strip()


def check_text_list(where: str, value) -> list[str]:
    problems = []
    if not isinstance(value, list):
        return [f"{where} must be a list, not {value!r}"]
    for item in value:
        if not is_text(item):
            problems.append(f"{where} has a bad item {item!r}")
    return problems


def check_wikidata(where: str, value) -> list[str]:
    if value is None or (isinstance(value, str) and QID.match(value)):
        return []
    return [f"{where}: wikidata {value!r} is neither null nor a QID"]


def duplicates(values) -> set[str]:
    seen, dups = set(), set()
    for v in values:
        (dups if v in seen else seen).add(v)
    return dups


def entity_strings(states, bodies, igos) -> list[tuple[str, str, str | None, str | None, str]]:
    """(normalised string, entity key, country, sector, field) for every name an entity answers to."""
    out = []
    for s in states:
        key = f"state:{s['iso3']}"
        for field in ("name",):
            out.append((norm(s[field]), key, s["iso3"], None, field))
        for field in ("aliases", "adjectives", "demonyms", "former_names"):
            out += [(norm(x), key, s["iso3"], None, field) for x in s[field]]
        out += [(norm(m["text"]), key, s["iso3"], m["sector"], "metonym") for m in s["metonyms"]]
    for b in bodies:
        key = f"body:{b['id']}"
        out += [(norm(x), key, b["country"], b["sector"], "name/alias") for x in [b["name"], *b["aliases"]]]
    for g in igos:
        key = f"igo:{g['id']}"
        out += [(norm(x), key, g["country"], g["sector"], "name/alias") for x in [g["name"], *g["aliases"]]]
    return out


# --- states.yaml ----------------------------------------------------------------------------------


def test_states_keys_and_types(states):
    problems = []
    for s in states:
        where = f"states.yaml {s.get('iso3', s)!r}"
        missing, extra = STATE_KEYS - s.keys(), s.keys() - STATE_KEYS
        if missing or extra:
            problems.append(f"{where}: missing keys {sorted(missing)}, unknown keys {sorted(extra)}")
            continue
        if not (isinstance(s["iso3"], str) and ISO3.match(s["iso3"])):
            problems.append(f"{where}: iso3 must be three uppercase letters")
        if not is_text(s["name"]):
            problems.append(f"{where}: bad name {s['name']!r}")
        problems += check_wikidata(where, s["wikidata"])
        for field in ("aliases", "adjectives", "demonyms", "former_names"):
            problems += check_text_list(f"{where} {field}", s[field])
        if s["capital"] is not None and not is_text(s["capital"]):
            problems.append(f"{where}: capital must be text or null")
        if not isinstance(s["metonyms"], list):
            problems.append(f"{where}: metonyms must be a list")
            continue
        for m in s["metonyms"]:
            if not (isinstance(m, dict) and set(m) == {"text", "sector"}):
                problems.append(f"{where}: metonym {m!r} must have exactly text and sector")
            elif not is_text(m["text"]) or m["sector"] not in SECTORS:
                problems.append(f"{where}: bad metonym {m!r}")
    assert not problems, "\n".join(problems)


def test_states_iso3_unique(states):
    dups = duplicates(s["iso3"] for s in states)
    assert not dups, f"duplicate iso3 codes: {sorted(dups)}"


def test_every_state_present(state_codes):
    assert len(UN_MEMBERS) == 193
    missing = (UN_MEMBERS | NON_UN_STATES) - state_codes
    assert not missing, f"states.yaml lacks {sorted(missing)}"


def test_state_names_unique_within_entry(states):
    problems = []
    for s in states:
        lists = {
            "name/aliases/former_names": [s["name"], *s["aliases"], *s["former_names"]],
            "adjectives": s["adjectives"],
            "demonyms": s["demonyms"],
            "metonyms": [m["text"] for m in s["metonyms"]],
        }
        for field, values in lists.items():
            dups = duplicates(norm(v) for v in values)
            if dups:
                problems.append(f"{s['iso3']} {field} repeats {sorted(dups)}")
    assert not problems, "\n".join(problems)


def test_capital_is_a_metonym(states):
    problems = []
    for s in states:
        if s["capital"] is None:
            continue
        names = {norm(m["text"]) for m in s["metonyms"]} | {norm(s["name"]), *map(norm, s["aliases"])}
        if norm(s["capital"]) in names:
            assert s["iso3"] not in CAPITAL_NOT_A_METONYM, f"{s['iso3']} need not be listed as an exception"
        elif s["iso3"] not in CAPITAL_NOT_A_METONYM:
            problems.append(f"{s['iso3']}: capital {s['capital']!r} is not among its metonyms")
    assert not problems, "\n".join(problems)


def test_no_term_names_two_states(states):
    owners: dict[str, set[str]] = defaultdict(set)
    for s in states:
        for value in [s["name"], *s["aliases"], *s["adjectives"], *s["demonyms"], *s["former_names"]]:
            owners[norm(value)].add(s["iso3"])
        for m in s["metonyms"]:
            owners[norm(m["text"])].add(s["iso3"])
    problems = []
    for term, codes in sorted(owners.items()):
        if len(codes) < 2:
            continue
        allowed = SHARED_STATE_TERMS.get(term)
        if allowed is None or codes != allowed[0]:
            problems.append(f"{term!r} names several states: {sorted(codes)}")
    unused = {t for t in SHARED_STATE_TERMS if len(owners.get(t, ())) < 2}
    assert not unused, f"SHARED_STATE_TERMS lists terms no longer shared: {sorted(unused)}"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("iso3", "text", "sector"),
    [
        ("USA", "Washington", "GOV"),
        ("USA", "the White House", "GOV"),
        ("USA", "the Pentagon", "MIL"),
        ("USA", "Capitol Hill", "LEG"),
        ("USA", "the State Department", "GOV"),
        ("RUS", "Moscow", "GOV"),
        ("RUS", "the Kremlin", "GOV"),
        ("CHN", "Beijing", "GOV"),
        ("CHN", "Zhongnanhai", "GOV"),
        ("GBR", "London", "GOV"),
        ("GBR", "Downing Street", "GOV"),
        ("GBR", "Whitehall", "GOV"),
        ("GBR", "Westminster", "LEG"),
        ("FRA", "Paris", "GOV"),
        ("FRA", "the Elysee", "GOV"),
        ("FRA", "the Élysée", "GOV"),
        ("FRA", "the Quai d'Orsay", "GOV"),
        ("PAK", "Islamabad", "GOV"),
        ("PAK", "Rawalpindi", "MIL"),
        ("UKR", "Kyiv", "GOV"),
        ("UKR", "Kiev", "GOV"),
        ("VEN", "Miraflores", "GOV"),
        ("ISR", "the Knesset", "LEG"),
        ("LBY", "Tripoli", "GOV"),
        ("ETH", "Addis Ababa", "GOV"),
        ("VAT", "the Vatican", "GOV"),
        *[
            (iso3, city, "GOV")
            for iso3, city in [
                ("DEU", "Berlin"), ("IRN", "Tehran"), ("TUR", "Ankara"), ("SYR", "Damascus"),
                ("IRQ", "Baghdad"), ("SAU", "Riyadh"), ("EGY", "Cairo"), ("AFG", "Kabul"),
                ("IND", "New Delhi"), ("JPN", "Tokyo"), ("KOR", "Seoul"), ("PRK", "Pyongyang"),
                ("VEN", "Caracas"), ("CUB", "Havana"), ("BRA", "Brasilia"), ("AUS", "Canberra"),
                ("CAN", "Ottawa"), ("NGA", "Abuja"), ("KEN", "Nairobi"), ("SDN", "Khartoum"),
                ("LBN", "Beirut"), ("JOR", "Amman"), ("AZE", "Baku"), ("ARM", "Yerevan"),
                ("GEO", "Tbilisi"), ("BLR", "Minsk"), ("POL", "Warsaw"), ("ITA", "Rome"),
                ("ESP", "Madrid"),
            ]
        ],
    ],
)
def test_required_metonym(states, iso3, text, sector):
    state = next(s for s in states if s["iso3"] == iso3)
    assert {"text": text, "sector": sector} in state["metonyms"]


def test_tripoli_is_only_libya(states):
    holders = {s["iso3"] for s in states if "tripoli" in {norm(m["text"]) for m in s["metonyms"]}}
    assert holders == {"LBY"}


@pytest.mark.parametrize(
    ("iso3", "field", "value"),
    [
        ("RUS", "former_names", "Soviet Union"),
        ("RUS", "former_names", "USSR"),
        ("RUS", "adjectives", "Soviet"),
        ("SRB", "former_names", "Yugoslavia"),
        ("MMR", "former_names", "Burma"),
        ("SWZ", "former_names", "Swaziland"),
        ("COD", "former_names", "Zaire"),
        ("USA", "aliases", "U.S."),
        ("USA", "aliases", "America"),
        ("USA", "adjectives", "American"),
        ("GBR", "aliases", "Britain"),
        ("GBR", "adjectives", "British"),
        ("COD", "aliases", "DRC"),
        ("PRK", "aliases", "DPRK"),
        ("ARE", "adjectives", "Emirati"),
        ("SAU", "adjectives", "Saudi"),
    ],
)
def test_required_state_term(states, iso3, field, value):
    state = next(s for s in states if s["iso3"] == iso3)
    assert value in state[field]


# --- state_bodies.yaml and igos.yaml ------------------------------------------------------------


def test_bodies_keys_and_types(bodies, state_codes):
    problems = []
    for b in bodies:
        where = f"state_bodies.yaml {b.get('id', b)!r}"
        missing, extra = BODY_KEYS - b.keys(), b.keys() - BODY_KEYS
        if missing or extra:
            problems.append(f"{where}: missing keys {sorted(missing)}, unknown keys {sorted(extra)}")
            continue
        if not (isinstance(b["id"], str) and BODY_ID.match(b["id"])):
            problems.append(f"{where}: id must look like ISO3-SHORTNAME")
        elif b["id"].split("-")[0] != b["country"]:
            problems.append(f"{where}: id prefix does not match country {b['country']!r}")
        if b["country"] not in state_codes | PSEUDO_COUNTRIES:
            problems.append(f"{where}: unknown country {b['country']!r}")
        if b["sector"] not in SECTORS:
            problems.append(f"{where}: unknown sector {b['sector']!r}")
        if not is_text(b["name"]):
            problems.append(f"{where}: bad name {b['name']!r}")
        problems += check_wikidata(where, b["wikidata"])
        problems += check_text_list(f"{where} aliases", b["aliases"])
    assert not problems, "\n".join(problems)


def test_igos_keys_and_types(igos, state_codes):
    problems = []
    ids = {g.get("id") for g in igos}
    for g in igos:
        where = f"igos.yaml {g.get('id', g)!r}"
        missing, extra = IGO_KEYS - g.keys(), g.keys() - IGO_KEYS
        if missing or extra:
            problems.append(f"{where}: missing keys {sorted(missing)}, unknown keys {sorted(extra)}")
            continue
        if not (isinstance(g["id"], str) and IGO_ID.match(g["id"])):
            problems.append(f"{where}: bad id")
        if g["country"] not in state_codes | PSEUDO_COUNTRIES:
            problems.append(f"{where}: unknown country {g['country']!r}")
        if g["sector"] not in SECTORS:
            problems.append(f"{where}: unknown sector {g['sector']!r}")
        if g["country"] == "IGO" and g["sector"] not in {"IGO", "MIL", "POL"}:
            problems.append(f"{where}: an intergovernmental body must be sector IGO (MIL/POL for a force)")
        if g["country"] == "NGO" and g["sector"] != "NGO":
            problems.append(f"{where}: an international NGO must be sector NGO")
        if not is_text(g["name"]):
            problems.append(f"{where}: bad name {g['name']!r}")
        problems += check_wikidata(where, g["wikidata"])
        problems += check_text_list(f"{where} aliases", g["aliases"])
        if g["parent"] is not None and g["parent"] not in ids:
            problems.append(f"{where}: parent {g['parent']!r} is not an id in igos.yaml")
        if g["parent"] == g["id"]:
            problems.append(f"{where}: is its own parent")
    assert not problems, "\n".join(problems)


def test_igo_parents_acyclic(igos):
    parent = {g["id"]: g["parent"] for g in igos}
    for start in parent:
        seen, node = set(), start
        while node is not None:
            assert node not in seen, f"parent cycle through {start!r}"
            seen.add(node)
            node = parent.get(node)


def test_ids_unique(bodies, igos):
    dups = duplicates([b["id"] for b in bodies] + [g["id"] for g in igos])
    assert not dups, f"duplicate ids: {sorted(dups)}"


def test_names_unique_within_entry(bodies, igos):
    problems = []
    for entry in [*bodies, *igos]:
        dups = duplicates(norm(v) for v in [entry["name"], *entry["aliases"]])
        if dups:
            problems.append(f"{entry['id']} repeats {sorted(dups)}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("alias", "country", "sector"),
    [
        ("IDF", "ISR", "MIL"), ("Israel Police", "ISR", "POL"), ("Shin Bet", "ISR", "GOV"),
        ("Mossad", "ISR", "GOV"), ("Knesset", "ISR", "LEG"),
        ("U.S. Army", "USA", "MIL"), ("U.S. Navy", "USA", "MIL"), ("U.S. Air Force", "USA", "MIL"),
        ("U.S. Marine Corps", "USA", "MIL"), ("U.S. military", "USA", "MIL"), ("Pentagon", "USA", "MIL"),
        ("CIA", "USA", "GOV"), ("FBI", "USA", "POL"), ("NSA", "USA", "GOV"), ("Congress", "USA", "LEG"),
        ("U.S. Senate", "USA", "LEG"), ("U.S. House of Representatives", "USA", "LEG"),
        ("U.S. Supreme Court", "USA", "JUD"), ("State Department", "USA", "GOV"),
        ("Department of Homeland Security", "USA", "GOV"), ("ICE", "USA", "POL"),
        ("Russian Armed Forces", "RUS", "MIL"), ("FSB", "RUS", "GOV"), ("GRU", "RUS", "GOV"),
        ("SVR", "RUS", "GOV"), ("State Duma", "RUS", "LEG"), ("Federation Council", "RUS", "LEG"),
        ("Rosgvardia", "RUS", "POL"),
        ("People's Liberation Army", "CHN", "MIL"), ("Ministry of State Security of China", "CHN", "GOV"),
        ("National People's Congress", "CHN", "LEG"),
        ("IRGC", "IRN", "MIL"), ("Islamic Revolutionary Guard Corps", "IRN", "MIL"),
        ("Revolutionary Guards", "IRN", "MIL"), ("Sepah", "IRN", "MIL"), ("Quds Force", "IRN", "MIL"),
        ("Basij", "IRN", "MIL"), ("Artesh", "IRN", "MIL"),
        ("ISI", "PAK", "GOV"), ("Inter-Services Intelligence", "PAK", "GOV"), ("Pakistan Army", "PAK", "MIL"),
        ("Indian Army", "IND", "MIL"), ("BSF", "IND", "POL"), ("RAW", "IND", "GOV"),
        ("Afghan National Army", "AFG", "MIL"), ("NDS", "AFG", "GOV"),
        ("Hong Kong Police Force", "HKG", "POL"), ("Tatmadaw", "MMR", "MIL"),
        ("Malian Armed Forces", "MLI", "MIL"), ("FAMa", "MLI", "MIL"),
        ("Somali National Army", "SOM", "MIL"), ("NISA", "SOM", "GOV"),
        ("Nigerian Army", "NGA", "MIL"), ("DSS", "NGA", "GOV"),
        ("Sudanese Armed Forces", "SDN", "MIL"), ("SAF", "SDN", "MIL"),
        ("Egyptian Armed Forces", "EGY", "MIL"), ("Turkish Armed Forces", "TUR", "MIL"),
        ("MIT", "TUR", "GOV"),
        ("Syrian Arab Army", "SYR", "MIL"), ("Iraqi Security Forces", "IRQ", "POL"),
        ("Counter Terrorism Service", "IRQ", "MIL"), ("Saudi Arabian Armed Forces", "SAU", "MIL"),
        ("Ukrainian Armed Forces", "UKR", "MIL"), ("SBU", "UKR", "GOV"),
        ("Armenian Armed Forces", "ARM", "MIL"), ("Azerbaijani Armed Forces", "AZE", "MIL"),
        ("Palestinian Authority", "PSE", "GOV"), ("PA", "PSE", "GOV"),
        ("Palestinian Authority security forces", "PSE", "POL"),
        ("GNB", "VEN", "MIL"), ("SEBIN", "VEN", "GOV"), ("FANB", "VEN", "MIL"),
    ],
)
def test_required_state_body(bodies, alias, country, sector):
    matches = [b for b in bodies if norm(alias) in {norm(x) for x in [b["name"], *b["aliases"]]}]
    assert len(matches) == 1, f"{alias!r} names {len(matches)} state bodies"
    assert (matches[0]["country"], matches[0]["sector"]) == (country, sector)


def test_lna_is_not_a_state_body(bodies):
    names = {norm(x) for b in bodies for x in [b["name"], *b["aliases"]]}
    assert "libyan national army" not in names and "lna" not in names


@pytest.mark.parametrize(
    ("alias", "parent"),
    [
        ("United Nations", None), ("UN Security Council", "UN"), ("UN General Assembly", "UN"),
        ("UN Secretary-General", "UN"), ("UNHCR", None), ("WFP", None), ("UNICEF", None), ("WHO", None),
        ("UNRWA", None), ("OCHA", None), ("UNDP", None), ("UNESCO", None), ("IAEA", None), ("OHCHR", None),
        ("Human Rights Council", None), ("UNIFIL", None), ("MONUSCO", None), ("MINUSMA", None),
        ("UNMISS", None), ("UNAMID", None), ("MINUSCA", None), ("UNFICYP", None), ("UNDOF", None),
        ("UNAMA", None), ("UNSMIL", None), ("NATO", None), ("European Union", None),
        ("European Commission", "EU"), ("European Parliament", "EU"), ("Council of the EU", "EU"),
        ("European Council", "EU"), ("European Community", None), ("Council of Europe", None),
        ("European Court of Human Rights", "COE"), ("OSCE", None), ("African Union", None),
        ("AMISOM", "AU"), ("ATMIS", "AU"), ("AU Peace and Security Council", "AU"), ("ECOWAS", None),
        ("SADC", None), ("IGAD", None), ("EAC", None), ("G5 Sahel", None),
        ("G5 Sahel Joint Force", "G5SAHEL"),
        ("Arab League", None), ("GCC", None), ("OIC", None), ("ASEAN", None), ("SCO", None), ("CSTO", None),
        ("CIS", None), ("BRICS", None), ("G7", None), ("G20", None), ("OAS", None), ("Mercosur", None),
        ("CARICOM", None), ("APEC", None), ("OPEC", None), ("IMF", None), ("World Bank", None), ("WTO", None),
        ("Interpol", None), ("Europol", "EU"), ("ICC", None), ("ICJ", "UN"), ("ICTY", None), ("ICTR", None),
        ("Permanent Court of Arbitration", None), ("Commonwealth", None), ("Quartet", None),
        ("International Committee of the Red Cross", None), ("IFRC", None), ("Red Crescent", None),
        ("Médecins Sans Frontières", None), ("MSF", None), ("Doctors Without Borders", None),
        ("Amnesty International", None), ("Human Rights Watch", None), ("Save the Children", None),
        ("Oxfam", None), ("Reporters Without Borders", None), ("RSF", None),
        ("Committee to Protect Journalists", None), ("International Crisis Group", None),
        ("Norwegian Refugee Council", None), ("International Rescue Committee", None), ("Mercy Corps", None),
        ("CARE", None), ("Greenpeace", None),
    ],
)
def test_required_igo(igos, alias, parent):
    matches = [g for g in igos if norm(alias) in {norm(x) for x in [g["name"], *g["aliases"]]}]
    assert len(matches) == 1, f"{alias!r} names {len(matches)} entries of igos.yaml"
    if parent is not None:
        assert matches[0]["parent"] == parent


# --- agents.yaml ----------------------------------------------------------------------------------


def test_agents_keys_and_types(agents):
    problems = []
    for i, a in enumerate(agents):
        where = f"agents.yaml entry {i} ({(a.get('words') or ['?'])[0]!r})"
        missing, extra = AGENT_KEYS - a.keys(), a.keys() - AGENT_KEYS - AGENT_OPTIONAL_KEYS
        if missing or extra:
            problems.append(f"{where}: missing keys {sorted(missing)}, unknown keys {sorted(extra)}")
            continue
        problems += check_text_list(f"{where} words", a["words"])
        if not a["words"]:
            problems.append(f"{where}: no words")
        if a["sector"] not in SECTORS:
            problems.append(f"{where}: unknown sector {a['sector']!r}")
        if a["kind"] not in AGENT_KINDS:
            problems.append(f"{where}: unknown kind {a['kind']!r}")
        office = a.get("office")
        if office is not None and not (isinstance(office, str) and OFFICE.match(office)):
            problems.append(f"{where}: office must be a snake_case name")
    assert not problems, "\n".join(problems)


def test_agent_words_unique(agents):
    dups = duplicates(norm(w) for a in agents for w in a["words"])
    assert not dups, f"agent words listed twice: {sorted(dups)}"


def test_agent_offices_unique(agents):
    dups = duplicates(a["office"] for a in agents if a.get("office"))
    assert not dups, f"offices given to two entries: {sorted(dups)}"


REQUIRED_AGENT_WORDS = {
    ("POL", "state_agent"): [
        "police", "riot police", "police officer", "security forces", "border guards", "coast guard",
    ],
    ("MIL", "state_agent"): ["army", "armed forces", "troops", "soldiers", "special forces", "peacekeepers"],
    ("GOV", "state_agent"): [
        "president", "prime minister", "foreign minister", "foreign ministry", "interior ministry",
        "officials", "intelligence agency",
    ],
    ("JUD", "state_agent"): ["supreme court"],
    ("LEG", "state_agent"): ["lawmakers"],
    ("MED", "state_agent"): ["state media"],
    ("MED", "collective"): ["news agency", "journalists"],
    ("CVL", "collective"): [
        "protesters", "activists", "civilians", "refugees", "settlers", "students", "workers", "residents",
        "villagers", "prisoners", "detainees", "pilgrims", "farmers", "doctors", "tribesmen",
    ],
    ("REL", "collective"): ["clerics", "Salafists"],
    ("BUS", "collective"): ["businessmen", "traders"],
    ("OPP", "collective"): ["opposition"],
    ("REB", "collective"): [
        "militants", "jihadists", "gunmen", "rebels", "insurgents", "fighters", "separatists", "extremists",
        "terrorists",
    ],
    ("UNK", "collective"): ["unknown gunmen", "assailants", "attackers"],
    ("NGO", "collective"): ["aid workers"],
}


@pytest.mark.parametrize(
    ("word", "sector", "kind"),
    [(word, sector, kind) for (sector, kind), words in REQUIRED_AGENT_WORDS.items() for word in words],
)
def test_required_agent_word(agents, word, sector, kind):
    entry = next((a for a in agents if norm(word) in {norm(w) for w in a["words"]}), None)
    assert entry is not None, f"{word!r} is not in agents.yaml"
    assert (entry["sector"], entry["kind"]) == (sector, kind)


def test_president_office(agents):
    entry = next(a for a in agents if "president" in a["words"])
    assert entry.get("office") == "president"


# --- across the four files ------------------------------------------------------------------------


def test_qids_unique(states, bodies, igos):
    qids = [e["wikidata"] for e in [*states, *bodies, *igos] if e["wikidata"]]
    dups = duplicates(qids)
    assert not dups, f"QIDs given to two entities: {sorted(dups)}"


def test_no_string_names_two_entities_of_one_country(states, bodies, igos):
    """A name may point to two entities only if they are in different countries.

    Allowed besides: a state's metonym that is also the name of one of that state's bodies with the
    same sector, and the cases in SAME_COUNTRY_EXCEPTIONS.
    """
    by_string: dict[str, dict[str, tuple[str | None, str | None, str]]] = defaultdict(dict)
    for text, key, country, sector, field in entity_strings(states, bodies, igos):
        by_string[text].setdefault(key, (country, sector, field))
    problems = []
    for text, owners in sorted(by_string.items()):
        if len(owners) < 2:
            continue
        by_country: dict[str | None, list[str]] = defaultdict(list)
        for key, (country, _sector, _field) in owners.items():
            by_country[country].append(key)
        for country, keys in by_country.items():
            if len(keys) < 2:
                continue
            exception = SAME_COUNTRY_EXCEPTIONS.get(text)
            if exception and set(keys) == exception[0]:
                continue
            states_here = [k for k in keys if k.startswith("state:")]
            others = [k for k in keys if not k.startswith("state:")]
            if len(states_here) == 1 and len(others) == 1:
                s_country, s_sector, s_field = owners[states_here[0]]
                _, o_sector, _ = owners[others[0]]
                if s_field == "metonym" and s_sector == o_sector:
                    continue
            problems.append(f"{text!r} names {sorted(keys)} in {country}")
    assert not problems, "\n".join(problems)


def test_agent_words_do_not_shadow_names(states, bodies, igos, agents):
    """Generic agent words must not also be the name of a specific state, body or organisation."""
    names: dict[str, str] = {}
    for text, key, _country, _sector, _field in entity_strings(states, bodies, igos):
        names.setdefault(text, key)
    words = [w for a in agents for w in a["words"]]
    clashes = sorted(f"{w!r} is also {names[norm(w)]}" for w in words if norm(w) in names)
    assert not clashes, "\n".join(clashes)
