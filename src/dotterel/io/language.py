"""Language identification for articles (py3langid, from the `ingest` extra).

The rule, measured with `python benchmarks/langid.py` and written down in docs/ingest.md:

1. The sample is the title and the first 5,000 characters of the text.
2. With fewer than 12 letters there is nothing to go on: the language is unknown (`None`), and
   an unknown language is never a reason to skip an article.
3. A wanted language (`prefer`, English by default) whose probability is at least 0.10 wins,
   even when another language scores higher. Headline-length texts are where the identifier
   errs ("Ministers meet over border row" scores Dutch 0.30, English 0.29), while a text in
   another language gives English well under 0.02; on texts of more than a few lines the
   probabilities are near 0 or 1 and the rule changes nothing.
4. Otherwise the most probable language is the answer.
"""
from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

SAMPLE_CHARS = 5000
MIN_LETTERS = 12
PLAUSIBLE = 0.10

# Names for the languages a news corpus most often holds, for messages only.
LANGUAGE_NAMES = {
    "af": "Afrikaans", "am": "Amharic", "ar": "Arabic", "az": "Azerbaijani", "bg": "Bulgarian",
    "bn": "Bengali", "ca": "Catalan", "cs": "Czech", "da": "Danish", "de": "German", "el": "Greek",
    "en": "English", "es": "Spanish", "et": "Estonian", "fa": "Persian", "fi": "Finnish", "fr": "French",
    "ha": "Hausa", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian", "hy": "Armenian",
    "id": "Indonesian", "it": "Italian", "ja": "Japanese", "ka": "Georgian", "kk": "Kazakh", "ko": "Korean",
    "ku": "Kurdish", "lt": "Lithuanian", "lv": "Latvian", "ms": "Malay", "my": "Burmese", "ne": "Nepali",
    "nl": "Dutch", "no": "Norwegian", "pa": "Punjabi", "pl": "Polish", "ps": "Pashto", "pt": "Portuguese",
    "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "so": "Somali", "sq": "Albanian", "sr": "Serbian",
    "sv": "Swedish", "sw": "Swahili", "ta": "Tamil", "th": "Thai", "tl": "Tagalog", "tr": "Turkish",
    "uk": "Ukrainian", "ur": "Urdu", "uz": "Uzbek", "vi": "Vietnamese", "zh": "Chinese",
}


def identifier_available() -> bool:
    """Whether py3langid (the `ingest` extra) is installed."""
    return importlib.util.find_spec("py3langid") is not None


def language_name(code: str) -> str:
    name = LANGUAGE_NAMES.get(code)
    return f"{code} ({name})" if name else code


def detect_language(text: str, *, prefer: Sequence[str] = ("en",)) -> str | None:
    """The language of `text` as an ISO 639 code, or None when the text is too short to tell.

    Needs py3langid; callers check `identifier_available()` first.
    """
    sample = text[:SAMPLE_CHARS]
    if sum(c.isalpha() for c in sample) < MIN_LETTERS:
        return None
    ranked: list[tuple[str, float]] = _identifier().rank(sample)
    probs = dict(ranked)
    plausible = [lang for lang in prefer if probs.get(lang, 0.0) >= PLAUSIBLE]
    if plausible:
        return max(plausible, key=lambda lang: probs[lang])
    return ranked[0][0]


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    try:
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    except OSError as e:  # it unpacks its model into a temporary file: a full disk stops it
        import tempfile

        from dotterel.errors import DotterelError

        raise DotterelError(f"cannot load the language identifier (py3langid unpacks its model into "
                            f"{tempfile.gettempdir()}): {e.strerror or e}") from e
