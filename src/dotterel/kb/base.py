"""Load the actor knowledge base files and index their names.

Reads `data/actors/*.yaml` (and user files); builds `KnowledgeBase`, whose lookups are exact
on normalised names, case-sensitive for short acronyms ("IS", "UN"), and fuzzy on request.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from dotterel._yaml import load_words_yaml
from dotterel.errors import ConfigError

KB_FILES = ("states.yaml", "state_bodies.yaml", "igos.yaml", "groups.yaml", "people.yaml", "agents.yaml")
SECTORS = frozenset("GOV MIL POL JUD LEG PTY REB CVL MED REL BUS NGO IGO OPP UNK".split())
PSEUDO_COUNTRIES = frozenset({"IGO", "NGO", "MNC", "UNO", "EUR", "ISM", "IMG"})
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "–": "-", "—": "-"})


@lru_cache(maxsize=200_000)
def norm(text: str) -> str:
    """Normalise a name for lookup: accents, case, apostrophes, hyphens, a leading 'the'."""
    s = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"'s\b|'$", "", s)
    s = re.sub(r"[-_/.,]", " ", s)
    s = re.sub(r"[^\w' ]", "", s)
    s = re.sub(r"\s+", " ", s).strip()
    return s[4:] if s.startswith("the ") else s


@lru_cache(maxsize=200_000)
def compact(text: str) -> str:
    """A second key without spaces or apostrophes: 'Al Qaeda' = 'al-Qaeda' = 'AlQaeda'."""
    return re.sub(r"[\s']", "", norm(text))


def is_acronym(alias: str) -> bool:
    letters = alias.replace(".", "").replace("-", "")
    return letters.isupper() and len(letters) <= 5 and letters.isalpha()


@dataclass(frozen=True, slots=True)
class Role:
    org: str
    office: str
    sector: str | None
    start: str | None
    end: str | None

    def active(self, on: str | None) -> bool:
        if on is None:
            return self.end is None
        if self.start and on < self.start[: len(on)]:
            return False
        return not (self.end and on[: len(self.end)] > self.end)


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    kind: str  # state | body | igo | group | person
    name: str
    country: str | None
    sector: str | None
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    affiliations: tuple[dict[str, Any], ...] = ()
    roles: tuple[Role, ...] = ()
    adjectives: tuple[str, ...] = ()
    source: str = ""

    def role_on(self, on: str | None) -> Role | None:
        active = [r for r in self.roles if r.active(on)]
        if active:
            return active[0]
        return self.roles[-1] if self.roles and on is None else None


@dataclass(frozen=True, slots=True)
class AgentWord:
    word: str
    sector: str
    kind: str  # state_agent | collective
    office: str | None = None


@dataclass
class KnowledgeBase:
    entities: dict[str, Entity] = field(default_factory=dict)
    names: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    compact_names: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    acronyms: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    adjectives: dict[str, str] = field(default_factory=dict)  # "israeli" -> ISR
    metonyms: dict[str, tuple[str, str]] = field(default_factory=dict)  # "kremlin" -> (RUS, GOV)
    agents: dict[str, AgentWord] = field(default_factory=dict)
    offices: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    _fuzzy_keys: list[str] | None = None
    _fuzzy_cache: dict[str, tuple[Entity, float] | None] = field(default_factory=dict)

    # --- building ------------------------------------------------------------------------
    def add(self, entity: Entity) -> None:
        old = self.entities.get(entity.id)
        if old is not None:
            self._unindex(old)
        self.entities[entity.id] = entity
        for alias in {entity.name, *entity.aliases}:
            self._index_name(alias, entity.id)
        for role in entity.roles:
            self.offices[(role.org, role.office)].append(entity.id)
        self._fuzzy_keys = None
        self._fuzzy_cache.clear()

    def _index_name(self, alias: str, eid: str) -> None:
        if is_acronym(alias):
            bucket = self.acronyms[alias.replace(".", "")]
            if eid not in bucket:
                bucket.append(eid)
            if len(alias.replace(".", "")) <= 3:
                return  # short acronyms only match in capitals ("IS" is not "is")
        for table, key in ((self.names, norm(alias)), (self.compact_names, compact(alias))):
            if key and eid not in table[key]:
                table[key].append(eid)

    def _unindex(self, entity: Entity) -> None:
        for table in (self.names, self.compact_names, self.acronyms):
            for key in list(table):
                if entity.id in table[key]:
                    table[key].remove(entity.id)
        for key in list(self.offices):
            if entity.id in self.offices[key]:
                self.offices[key].remove(entity.id)

    # --- lookups -------------------------------------------------------------------------
    def lookup(self, text: str) -> list[Entity]:
        """Entities a surface name may refer to (exact on normalised forms; acronyms by case)."""
        raw = text.strip()
        ids: list[str] = []
        letters = raw.replace(".", "")
        if letters in self.acronyms:
            ids.extend(self.acronyms[letters])
        if not (is_acronym(raw) and len(letters) <= 3):
            ids.extend(self.names.get(norm(raw), ()))
            if not ids:
                ids.extend(self.compact_names.get(compact(raw), ()))
        return [self.entities[i] for i in dict.fromkeys(ids)]

    def fuzzy(self, text: str, *, cutoff: float = 90.0) -> tuple[Entity, float] | None:
        """Closest name by edit similarity, for spelling variants ('Welayat' ~ 'Wilayat')."""
        key = norm(text)
        if len(key) < 6:
            return None
        if key not in self._fuzzy_cache:
            if len(self._fuzzy_cache) > 50_000:
                self._fuzzy_cache.clear()
            self._fuzzy_cache[key] = self._fuzzy_uncached(key, cutoff)
        return self._fuzzy_cache[key]

    def _fuzzy_uncached(self, key: str, cutoff: float) -> tuple[Entity, float] | None:
        from rapidfuzz import fuzz, process

        if self._fuzzy_keys is None:
            self._fuzzy_keys = [k for k in self.names if len(k) >= 6]
        hit = process.extractOne(key, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=cutoff)
        if hit is None:
            return None
        ids = self.names[hit[0]]
        return (self.entities[ids[0]], float(hit[1])) if ids else None

    def state(self, iso3: str | None) -> Entity | None:
        return self.entities.get(iso3) if iso3 else None

    def country_of_word(self, word: str) -> str | None:
        """'Israeli' / 'Israelis' / 'Israel' / "Israel's" -> ISR."""
        key = norm(word)
        if key in self.adjectives:
            return self.adjectives[key]
        for e in self.lookup(word):
            if e.kind == "state":
                return e.country
        return None

    def office_holder(self, org: str, office: str, on: str | None) -> Entity | None:
        for eid in self.offices.get((org, office), ()):
            person = self.entities[eid]
            for role in person.roles:
                if role.org == org and role.office == office and role.active(on):
                    return person
        return None

    def bodies(self, country: str, sector: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.kind == "body" and e.country == country and e.sector == sector]


# --- loading -------------------------------------------------------------------------------

@lru_cache(maxsize=8)
def _load_cached(extra: tuple[str, ...]) -> KnowledgeBase:
    kb = KnowledgeBase()
    base = resources.files("dotterel").joinpath("data/actors")
    for name in KB_FILES:
        f = base.joinpath(name)
        if f.is_file():
            _load_file(kb, name, load_words_yaml(f.read_text("utf-8")) or [])
    for path in extra:
        p = Path(path)
        try:
            data = load_words_yaml(p.read_text("utf-8")) or []
        except (OSError, yaml.YAMLError) as e:
            raise ConfigError(f"{path}: cannot read actor file: {e}") from e
        _load_user_file(kb, p.name, data)
    return kb


def load_kb(extra_files: Sequence[str | Path] = ()) -> KnowledgeBase:
    return _load_cached(tuple(str(p) for p in extra_files))


def _load_file(kb: KnowledgeBase, name: str, items: Iterable[dict[str, Any]]) -> None:
    loader = {
        "states.yaml": _state,
        "state_bodies.yaml": _body,
        "igos.yaml": _igo,
        "groups.yaml": _group,
        "people.yaml": _person,
    }.get(name)
    for item in items:
        if name == "agents.yaml":
            _agent(kb, item)
            continue
        if loader is None:
            continue
        entity = loader(kb, item)
        if entity is not None:
            kb.add(entity)


def _load_user_file(kb: KnowledgeBase, name: str, data: Any) -> None:
    """A user file: either a mapping of section -> entries, or a list of entries with `kind`."""
    sections = {
        "states": "states.yaml", "state_bodies": "state_bodies.yaml", "igos": "igos.yaml",
        "groups": "groups.yaml", "people": "people.yaml", "agents": "agents.yaml",
    }
    if isinstance(data, dict):
        for key, items in data.items():
            if key not in sections:
                raise ConfigError(f"{name}: unknown section {key!r} (expected one of {sorted(sections)})")
            _load_file(kb, sections[key], items or [])
        return
    if not isinstance(data, list):
        raise ConfigError(f"{name}: expected a list of entries or a mapping of sections")
    for item in data:
        kind = item.get("kind", "group")
        file = {"state": "states.yaml", "body": "state_bodies.yaml", "igo": "igos.yaml", "person": "people.yaml"}.get(kind, "groups.yaml")
        _load_file(kb, file, [item])


def _check(item: dict[str, Any], where: str, *keys: str) -> None:
    missing = [k for k in keys if k not in item]
    if missing:
        raise ConfigError(f"{where}: entry {item.get('id') or item.get('name')!r} lacks {missing}")
    sector = item.get("sector")
    if sector is not None and sector not in SECTORS:
        raise ConfigError(f"{where}: entry {item.get('id') or item.get('name')!r} has unknown sector {sector!r}")


def _strings(values: Any) -> tuple[str, ...]:
    out = []
    for v in values or ():
        if isinstance(v, dict):
            v = v.get("text")
        if isinstance(v, str) and v.strip():
            out.append(v.strip())
    return tuple(out)


def _state(kb: KnowledgeBase, item: dict[str, Any]) -> Entity:
    _check(item, "states", "iso3", "name")
    iso3 = item["iso3"]
    adjectives = _strings(item.get("adjectives")) + _strings(item.get("demonyms"))
    for a in adjectives:
        kb.adjectives.setdefault(norm(a), iso3)
    for m in item.get("metonyms") or ():
        text = m.get("text") if isinstance(m, dict) else m
        sector = (m.get("sector") if isinstance(m, dict) else None) or "GOV"
        if text:
            kb.metonyms.setdefault(norm(text), (iso3, sector))
    aliases = _strings(item.get("aliases")) + _strings(item.get("former_names"))
    return Entity(id=iso3, kind="state", name=item["name"], country=iso3, sector="GOV",
                  wikidata=item.get("wikidata"), aliases=aliases, adjectives=adjectives, source="states")


def _body(kb: KnowledgeBase, item: dict[str, Any]) -> Entity:
    _check(item, "state_bodies", "id", "name", "country", "sector")
    return Entity(id=item["id"], kind="body", name=item["name"], country=item["country"], sector=item["sector"],
                  wikidata=item.get("wikidata"), aliases=_strings(item.get("aliases")), source="state_bodies")


def _igo(kb: KnowledgeBase, item: dict[str, Any]) -> Entity:
    _check(item, "igos", "id", "name")
    parent = item.get("parent")
    return Entity(id=item["id"], kind="igo", name=item["name"], country=item.get("country", "IGO"),
                  sector=item.get("sector", "IGO"), wikidata=item.get("wikidata"),
                  aliases=_strings(item.get("aliases")),
                  affiliations=({"to": parent, "relation": "part_of"},) if parent else (), source="igos")


def _group(kb: KnowledgeBase, item: dict[str, Any]) -> Entity:
    _check(item, "groups", "id", "name", "sector")
    return Entity(id=item["id"], kind="group", name=item["name"], country=item.get("country"),
                  sector=item["sector"], wikidata=item.get("wikidata"), aliases=_strings(item.get("aliases")),
                  affiliations=tuple(item.get("affiliations") or ()), source="groups")


def _person(kb: KnowledgeBase, item: dict[str, Any]) -> Entity:
    _check(item, "people", "id", "name")
    roles = tuple(
        Role(org=str(r["org"]), office=str(r.get("office", "other")), sector=r.get("sector"),
             start=str(r["start"]) if r.get("start") else None, end=str(r["end"]) if r.get("end") else None)
        for r in item.get("roles") or ()
    )
    return Entity(id=item["id"], kind="person", name=item["name"], country=None, sector=None,
                  wikidata=item.get("wikidata"), aliases=_strings(item.get("aliases")), roles=roles, source="people")


def _agent(kb: KnowledgeBase, item: dict[str, Any]) -> None:
    _check(item, "agents", "words", "sector")
    for w in item["words"]:
        kb.agents.setdefault(norm(w), AgentWord(word=w, sector=item["sector"], kind=item.get("kind", "collective"),
                                                office=item.get("office")))
