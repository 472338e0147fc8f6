"""Name keys for the gazetteer: one spelling-tolerant key per surface name.

Reads nothing, writes nothing: pure string functions shared by the index builder,
the SQLite reader and the in-memory fake, so that a name is keyed the same way
when it is stored and when it is looked up.

`normalize_name` folds what English news varies freely in transliterated names:
case, diacritics, apostrophes and ayn/hamza marks, hyphens and dots, the Arabic article
("al-", "el-", "Al ", and the assimilated "an-Nuseirat", "ash-Shati", "as-Sa'id"),
the Persian izafe ("Mazar-i-Sharif" / "Mazar-e Sharif"), doubled letters
("Jabaliyya", "Za'atari") and "ou" for "u" ("Khan Younis" / "Khan Yunis").
`surface_form` keeps the articles and spellings, so that an exact spelling can be
preferred over a folded one when candidates are ranked.
"""

from __future__ import annotations

import re
import unicodedata

# Letters that NFKD does not decompose into a base letter plus marks.
_LETTER_FOLDS = str.maketrans(
    {
        "ø": "o",
        "đ": "d",
        "ł": "l",
        "ı": "i",
        "ħ": "h",
        "ŧ": "t",
        "ð": "d",
        "þ": "th",
        "æ": "ae",
        "œ": "oe",
        "ß": "ss",
        "ŀ": "l",
        "ƒ": "f",
    }
)
# Apostrophes, ayn and hamza marks vanish: "Sana'a" = "Sanaa", "Ba‘qubah" = "Baqubah".
_MARKS = re.compile(r"['’‘`´ʿʾʻʼ′ˈ\"“”]")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_DOUBLED = re.compile(r"([a-z])\1+")

# "al"/"el" are dropped wherever they stand before another word.
_ARTICLES = frozenset({"al", "el"})
# Assimilated forms of the article ("an-Nasiriyah", "ash-Shati", "ed-Damer", "es-Salam"):
# dropped only before a word that starts with the assimilated consonant.
_SUN_ARTICLES = frozenset(
    {"an", "ar", "as", "ash", "at", "ath", "ad", "adh", "az", "en", "er", "es", "esh", "et", "ed", "ez"}
)
_IZAFE = frozenset({"e", "i"})
_TOKEN_FOLDS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}


def _plain_tokens(s: str) -> list[str]:
    """Lower-case ASCII tokens: diacritics, marks, punctuation and non-Latin letters removed."""
    s = _MARKS.sub("", s.casefold())
    if not s.isascii():
        # NFKD splits "ā" into "a" + macron; the ASCII encoding then drops the marks.
        s = unicodedata.normalize("NFKD", s.translate(_LETTER_FOLDS)).encode("ascii", "ignore").decode()
    return _NON_ALNUM.sub(" ", s).split()


def surface_form(s: str) -> str:
    """Case-, diacritic- and punctuation-insensitive form that keeps every word and spelling."""
    return " ".join(_plain_tokens(s))


def _is_article(token: str, following: str) -> bool:
    if token in _ARTICLES:
        return True
    return token in _SUN_ARTICLES and following.startswith(token[1:])


def _drop_function_words(tokens: list[str]) -> list[str]:
    if len(tokens) > 1 and tokens[0] == "the":
        tokens = tokens[1:]
    kept: list[str] = []
    for i, token in enumerate(tokens):
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if following and _is_article(token, following):
            continue
        if kept and following and token in _IZAFE:
            continue
        kept.append(token)
    return kept or tokens


def _fold_spelling(key: str) -> str:
    return _DOUBLED.sub(r"\1", key.replace("ou", "u"))


def _key_of_tokens(tokens: list[str]) -> str:
    return _fold_spelling(" ".join(_TOKEN_FOLDS.get(t, t) for t in _drop_function_words(tokens)))


def name_forms(s: str) -> tuple[str, str]:
    """(normalize_name(s), surface_form(s)), computed together."""
    tokens = _plain_tokens(s)
    return _key_of_tokens(tokens), " ".join(tokens)


def normalize_name(s: str) -> str:
    """The lookup key of a place name: equal for the usual English spelling variants.

    >>> normalize_name("Khān Yūnis") == normalize_name("Khan Younis") == normalize_name("khan-yunis")
    True
    >>> normalize_name("al-Aqsa") == normalize_name("Al Aqsa") == normalize_name("El-Aqsa")
    True
    """
    return _key_of_tokens(_plain_tokens(s))


_ACRONYM = re.compile(r"^[A-Z]{2,5}$")


def acronym_key(s: str) -> str | None:
    """Case-sensitive key for an all-capital abbreviation ("US", "U.S.", "DRC", "UAE"), else None.

    Abbreviations get their own keys so that "US" finds the United States while the word
    "us" (or the name "Car") finds nothing.
    """
    if not s.isupper():
        return None
    compact = re.sub(r"[.\s]", "", s.strip())
    return "^" + compact if _ACRONYM.match(compact) else None


# Kept in folded spelling, as they appear inside keys ("county" -> "cunty").
_TRAILING_GENERICS = frozenset(_fold_spelling(w) for w in ("city", "town", "village"))
_ADMIN_GENERICS = frozenset(
    _fold_spelling(w)
    for w in (
        "province",
        "governorate",
        "state",
        "region",
        "oblast",
        "district",
        "county",
        "prefecture",
        "department",
        "division",
        "wilaya",
        "vilayet",
        "krai",
        "republic",
        "territory",
        "muhafazah",
    )
)


def without_generic(key: str) -> tuple[str, bool] | None:
    """A key less a trailing generic word, for a second try when the full key finds nothing.

    Returns (shorter key, admin_only) where admin_only says the dropped word named an
    administrative unit ("Idlib province" -> "idlib", look among divisions only), or None.
    """
    head, _, last = key.rpartition(" ")
    if not head:
        return None
    if last in _TRAILING_GENERICS:
        return head, False
    if last in _ADMIN_GENERICS:
        return head, True
    return None
