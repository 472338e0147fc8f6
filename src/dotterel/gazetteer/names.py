"""Which names of a place get indexed, under which keys, and which names are common words.

Reads nothing itself (the builder passes in the word lists of stopnames.txt); writes
nothing. GeoNames' alternate names are many-lingual and partly machine-made, so they are
filtered hard (see `keep_geonames_alt_name`); curated names are trusted as written.

Three kinds of words are not place names in English news even where some gazetteer
lists them: common English words ("said", "police", "will"), demonyms and adjectives
("Israeli", "Palestinian", "American"), and names of groups or people ("Hamas",
"Hezbollah", "Obama"). As an *alternate* GeoNames name they are not indexed at all
(Hamm in Germany is "Hamas" in Lithuanian; that must not make "Hamas" a town). As a
place's *preferred* name they stay indexed, because the place is real (Nice, Mobile,
Police in Poland), but the place is marked `common_word` and its prior is lowered.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from dotterel.gazetteer.normalize import acronym_key, name_forms, normalize_name

Forms = Callable[[str], tuple[str, str]]  # name -> (key, surface); the builder passes a memoised one

MIN_KEY_LENGTH = 3
MAX_WORDS = 6


@dataclass(frozen=True, slots=True)
class StopNames:
    """Normalised keys of words that are not (only) place names."""

    common: frozenset[str]
    demonyms: frozenset[str]
    non_places: frozenset[str]

    @classmethod
    def from_sections(cls, sections: dict[str, set[str]]) -> StopNames:
        def keys(section: str, plurals: bool = False) -> frozenset[str]:
            words = sections.get(section, ())
            forms = [*words, *(w + "s" for w in words)] if plurals else words
            return frozenset(normalize_name(w) for w in forms)

        return cls(keys("common"), keys("demonyms", plurals=True), keys("non_places"))

    def __contains__(self, key: object) -> bool:
        return key in self.common or key in self.demonyms or key in self.non_places


@dataclass(frozen=True, slots=True)
class NameEntry:
    """One index row: a key, whether it is the place's preferred (or a curated) name, its spelling."""

    key: str
    preferred: bool
    surface: str


# Anything outside Latin letters, combining marks, modifier letters (ʿ ʾ) and punctuation.
_NON_LATIN = re.compile("[^\x00-\u024f\u02b0-\u036f\u1e00-\u1eff\u2000-\u206f]")


_DIGIT = re.compile(r"\d")


def is_latin(name: str) -> bool:
    """True when the name is written in the Latin alphabet (diacritics allowed)."""
    return not _NON_LATIN.search(name)


def keep_geonames_alt_name(alt: str, stop: StopNames, forms: Forms = name_forms) -> bool:
    """Whether a GeoNames alternate name is worth indexing for English text."""
    # Cheapest tests first: this runs on a million names at build time.
    if alt == alt.lower():  # machine transliterations ("ghzh", "jia sha"); real names are capitalised
        return False
    if _DIGIT.search(alt) or not is_latin(alt) or acronym_key(alt):  # acronyms: airport and other codes
        return False
    key = forms(alt)[0]
    return len(key) >= MIN_KEY_LENGTH and key.count(" ") < MAX_WORDS and key not in stop


def is_common_word_name(name: str, stop: StopNames, forms: Forms = name_forms) -> bool:
    """Whether a preferred name is too ordinary to be taken as a place without context."""
    key = forms(name)[0]
    return len(key.replace(" ", "")) < MIN_KEY_LENGTH or key in stop


def name_entries(
    name: str, alt_names: Iterable[str], *, curated: bool, forms: Forms = name_forms
) -> Iterator[NameEntry]:
    """Index rows for a place. Curated alternate names count as preferred ones: they were chosen.

    All-capital abbreviations ("US", "DRC") are indexed only under their case-sensitive key.
    """
    seen: set[tuple[str, str]] = set()
    for i, n in enumerate((name, *alt_names)):
        key, surface = forms(n)
        key = acronym_key(n) or key
        if not key or (key, surface) in seen:
            continue
        seen.add((key, surface))
        yield NameEntry(key, i == 0 or curated, surface)
