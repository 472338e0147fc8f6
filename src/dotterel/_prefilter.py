"""Cheap work first: an article without one event word is not parsed.

Every event comes from a predicate: a token whose lowercase form or lemma is a verb of the
event lexicon (the first word of a phrasal key, "call" of "call on") or one of its nouns (the
head of a compound key, "strike" of "air strike"); see `stages/predicates.py`. This filter knows
every written form that can carry such a word: the lexicon's words themselves, the forms the
model's lemmatizer maps onto them (its suffix rules read backwards, its exception tables, the
lemmas its attribute ruler sets). An article whose story text holds none of them cannot yield
an event, so the spaCy model and the later stages are skipped for it; its output is the same
(no events). Whole articles only: a sentence without an event word still gives context to the
others (antecedents, places, names), so sentences are never skipped.

Built from the loaded spaCy pipeline; a model whose lemmatizer is not of the rule kind gives
no filter (every article is parsed).
"""
from __future__ import annotations

import re
from typing import Any

from dotterel.lexicon import Lexicon

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")  # "attack", "sit-in", "they'd"
_PIECE = re.compile(r"[^\W\d_]+")


class EventWordFilter:
    def __init__(self, forms: frozenset[str]) -> None:
        self.forms = forms

    def may_have_events(self, text: str) -> bool:
        forms = self.forms
        for word in set(_WORD.findall(text.lower())):
            if word in forms:
                return True
            if len(word) > 1 and any(c in word for c in "-'’") and any(p in forms for p in _PIECE.findall(word)):
                return True  # the tokenizer splits "anti-government", "they'd"
        return False


def event_word_filter(nlp: Any, lexicon: Lexicon) -> EventWordFilter | None:
    """The filter for this spaCy pipeline and lexicon, or None when it cannot be made safe."""
    words = trigger_words(lexicon)
    if "lemmatizer" not in nlp.pipe_names:
        return None
    lemmatizer = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule":
        return None
    tables = lemmatizer.lookups
    forms = set(words)
    rules = tables.get_table("lemma_rules") if tables.has_table("lemma_rules") else {}
    for pairs in rules.values():
        for old, new in pairs:
            for w in words:
                if w.endswith(new):
                    forms.add(w[: len(w) - len(new)] + old)
    if tables.has_table("lemma_exc"):
        for by_form in tables.get_table("lemma_exc").values():
            for form, lemmas in by_form.items():
                if any(lemma.lower() in words for lemma in lemmas):
                    forms.add(form.lower())
    ruled = _attribute_ruler_forms(nlp, words)
    if ruled is None:
        return None
    forms |= ruled
    forms |= _special_cases(nlp, forms)
    return EventWordFilter(frozenset(f for f in forms if f))


def _special_cases(nlp: Any, forms: set[str]) -> set[str]:
    """Tokenizer exceptions that split a word into tokens, one of them an event form ("cannot")."""
    out: set[str] = set()
    for text, pieces in (getattr(nlp.tokenizer, "rules", None) or {}).items():
        if len(pieces) > 1 and any(str(p.get(65, p.get("ORTH", ""))).lower() in forms for p in pieces):
            out.update(_WORD.findall(text.lower()))
    return out


def trigger_words(lexicon: Lexicon) -> set[str]:
    """The words a predicate's own token can have as form or lemma: the verb of a verb key
    ("call" of "call on"), the head of a noun key ("strike" of "air strike")."""
    words: set[str] = set()
    for key in lexicon.verbs:
        words.add(key.lower().split()[0])
    for key in lexicon.nouns:
        words.add(key.lower().split()[-1])
    return words


def _attribute_ruler_forms(nlp: Any, words: set[str]) -> set[str] | None:
    """Forms to which the attribute ruler gives an event word as lemma (None: any form may)."""
    forms: set[str] = set()
    if "attribute_ruler" not in nlp.pipe_names:
        return forms
    for rule in nlp.get_pipe("attribute_ruler").patterns:
        lemma = str(rule.get("attrs", {}).get("LEMMA", "")).lower()
        if not lemma or lemma not in words:
            continue
        for pattern in rule.get("patterns", []):
            index = rule.get("index", 0)
            token = pattern[index] if -len(pattern) <= index < len(pattern) else {}
            text = token.get("LOWER", token.get("ORTH", token.get("TEXT")))
            if isinstance(text, str):
                forms.add(text.lower())
            elif isinstance(text, dict) and isinstance(text.get("IN"), list):
                forms.update(str(t).lower() for t in text["IN"])
            else:
                return None
    return {w for f in forms for w in (*_WORD.findall(f), *_PIECE.findall(f))}
