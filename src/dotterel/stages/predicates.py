"""predicates: find the words that may state an event.

Reads `doc.spacy`; writes `doc.frames`, one Frame per candidate predicate: verbs of the event
lexicon (phrasal ones included: "step down", "call on"), eventive nouns ("raid", "protest",
"arrests") when they carry their own arguments or a support verb ("launched an attack"), and the
control verbs ("vowed to", "urged X to") that later stages use for status.
"""
from __future__ import annotations

from typing import Any

from dotterel.lexicon import Lexicon
from dotterel.model import Document, Frame
from dotterel.stages import _syntax as syn
from dotterel.stages.base import LexiconStage, register

_VERB_POS = {"VERB"}
_NOUN_POS = {"NOUN", "PROPN"}
# words the tagger often mislabels as nouns or adjectives in headline-like prose
_VERBISH_TAGS = {"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"}
NAME_ENTS = {"ORG", "PERSON", "WORK_OF_ART", "LAW", "FAC", "PRODUCT", "EVENT", "LANGUAGE"}
_DETS_ANAPHORIC = {"the", "this", "that", "these", "those"}


@register
class Predicates(LexiconStage):
    name = "predicates"
    version = "v1"
    requires = ("doc.spacy",)
    assigns = ("doc.frames",)

    def __call__(self, doc: Document) -> Document:
        sdoc = doc.spacy
        spans = [*doc.story, *doc.captions]
        for tok in sdoc:
            if tok.is_space or tok.is_punct or not _in_story(tok.idx, spans):
                continue
            if tok.ent_type_ in NAME_ENTS:
                continue  # "Group for Support of Islam and Muslims": a word inside a name states nothing
            frame = self._verb_frame(tok) if _is_verb(tok) else None
            if frame is None and tok.pos_ in _NOUN_POS:
                frame = self._noun_frame(tok)
            if frame is not None:
                if doc.in_caption(tok.idx):
                    frame.section = "caption"
                doc.frames.append(frame)
        doc.log.append(self.qualified_name)
        return doc

    def _verb_frame(self, tok: Any) -> Frame | None:
        lemma = tok.lemma_.lower()
        for prt in syn.kids(tok, "prt"):
            key = f"{lemma} {prt.lower_}"
            if key in self.lex.verbs:
                return Frame(trigger=tok.i, pos="verb", lemma=key, tokens=[tok.i, prt.i])
        for c in tok.children:  # "pledged allegiance", "opened fire", "took part", "lay down arms"
            if c.dep_ in ("dobj", "prep") and f"{lemma} {c.lower_}" in self.lex.verbs and not _time_phrase(c):
                return Frame(trigger=tok.i, pos="verb", lemma=f"{lemma} {c.lower_}", tokens=[tok.i])
        if lemma in self.lex.verbs:
            return Frame(trigger=tok.i, pos="verb", lemma=lemma, tokens=[tok.i])
        return None

    def _noun_frame(self, tok: Any) -> Frame | None:
        key = _noun_key(tok, self.lex)
        if key is None:
            return None
        if any(c.lower_ in HABITUAL for c in tok.lefts):
            return None  # "near-daily attacks", "repeated raids": a pattern, not an event
        light = _support_verb(tok, self.lex)
        if light is None and (key in self.lex.need_support or tok.lemma_.lower() in self.lex.need_support):
            occurs = _occurs(tok)
            if not occurs and not _fresh_measure(tok):
                return None  # "Russia's war in Ukraine", "the occupation": a state of affairs, not news
        if light is None and not _has_own_arguments(tok):
            return None
        return Frame(trigger=tok.i, pos="noun", lemma=key, tokens=[tok.i], light=light)


def _in_story(idx: int, story: list[tuple[int, int]]) -> bool:
    return any(s <= idx < e for s, e in story)


CARE_VERBS = {"evacuate", "treat", "help", "transport", "rescue", "carry", "bury", "hospitalize", "hospitalise",
              "airlift", "move", "count", "identify", "tend"}


def _is_verb(tok: Any) -> bool:
    if tok.dep_ == "amod":
        return False  # "besieged Osgiliath", "the affected villages": an attribute, not an event
    if _the_wounded(tok):
        return False
    if tok.pos_ in _VERB_POS:
        return True
    # a participle tagged as adjective still predicates ("killed", "wounded")
    return tok.pos_ == "ADJ" and tok.tag_ in _VERBISH_TAGS


def _noun_key(tok: Any, lex: Lexicon) -> str | None:
    lower = tok.lower_
    lemma = tok.lemma_.lower()
    for c in tok.lefts:  # "air strike", "hunger strike", "tear gas", "car bomb"
        if c.dep_ in ("compound", "amod", "nmod"):
            key = f"{c.lower_} {lower}"
            if key in lex.nouns:
                return key
            key = f"{c.lower_} {lemma}"
            if key in lex.nouns:
                return key
    for key in (lower, lemma):
        if key in lex.nouns:
            return key
    if lemma in WRAPPER_NOUNS:  # "a mediation effort", "a rescue mission", "a bombing campaign"
        for c in tok.lefts:
            if c.dep_ in ("compound", "nmod", "amod") and c.lower_ in lex.nouns:
                return c.lower_
    return None


HABITUAL = {"daily", "near-daily", "almost-daily", "frequent", "regular", "repeated", "numerous", "countless",
            "sporadic", "periodic", "recurring", "persistent", "constant", "occasional", "routine", "weekly",
            "nightly", "incessant", "relentless"}
WRAPPER_NOUNS = {"effort", "efforts", "mission", "missions", "bid", "campaign", "process", "operation", "operations",
                 "drive", "attempt", "initiative", "programme", "program", "round", "wave", "spree"}


def _support_verb(noun: Any, lex: Lexicon) -> int | None:
    """The support verb of an eventive noun: 'launched an attack', 'took part in a protest',
    'claimed responsibility for the attack', 'imposed sanctions'."""
    head = noun.head
    if noun.dep_ in ("dobj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
        return head.i if _is_light(head, lex) else None
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        gov = head.head
        if head.lower_ == "under" and gov.lemma_ in ("come", "be", "remain"):
            return gov.i  # "the checkpoint came under attack": roles read it as a passive
        if head.lower_ in ("in", "for") and gov.pos_ in ("VERB", "NOUN"):
            # "took part in a protest", "claimed responsibility for the attack"
            if gov.lemma_ in ("take", "participate", "join", "claim", "engage") or gov.lower_ in ("part", "responsibility"):
                verb = gov if gov.pos_ == "VERB" else gov.head
                return verb.i
    return None


def _is_light(verb: Any, lex: Lexicon) -> bool:
    senses = lex.verbs.get(verb.lemma_.lower(), ())
    return any(s.light for s in senses)


def _has_own_arguments(noun: Any) -> bool:
    """An eventive noun that says who or to whom ('Israel's raid', 'the police raid on X',
    'attacks by militants'). A bare definite noun ('in the attack') refers back: skip it."""
    det = syn.first_kid(noun, "det")
    anaphoric = det is not None and det.lower_ in _DETS_ANAPHORIC
    has_agent = any(
        c.dep_ == "poss"
        or (c.dep_ in ("compound", "amod", "nmod") and (c.ent_type_ in ("NORP", "GPE", "ORG", "PERSON") or c.lower_ in _AGENT_MODIFIERS))
        for c in noun.lefts
    )
    has_by = bool(syn.prep_objects(noun, ("by",)))
    has_target = bool(syn.prep_objects(noun, ("on", "against", "of", "with", "between")))
    if anaphoric:
        return has_agent or has_by or (has_target and bool(syn.prep_objects(noun, ("on", "against"))))
    occurs = _occurs(noun)
    return has_agent or has_by or has_target or occurs


_AGENT_MODIFIERS = {"police", "army", "military", "rebel", "militant", "jihadist", "government", "security",
                    "opposition", "student", "worker", "air", "drone", "israeli", "palestinian", "coalition"}

# verbs whose subject is an event that happened: "protests erupted", "the blast killed five"
OCCURRENCE_VERBS = {"erupt", "break", "take", "continue", "begin", "start", "kill", "injure", "wound", "leave",
                    "hit", "target", "destroy", "damage", "rock", "shake", "spread", "resume", "intensify",
                    "escalate", "occur", "happen", "claim", "paralyse", "paralyze", "disrupt", "spark", "follow",
                    "flare", "rage", "persist", "enter", "mark"}


def _time_phrase(prep: Any) -> bool:
    """'called his counterpart on Monday': "on Monday" makes no phrasal verb."""
    obj = syn.first_kid(prep, "pobj")
    return prep.dep_ == "prep" and obj is not None and obj.ent_type_ in ("DATE", "TIME")


FRESH = {"new", "fresh", "additional", "further", "more", "tougher", "extra"}


def _fresh_measure(noun: Any) -> bool:
    """'triggered fresh Western sanctions against Lukashenko': a new measure against someone is
    news, support verb or not (a bare "the sanctions" is a state of affairs)."""
    fresh = any(c.dep_ == "amod" and c.lower_ in FRESH for c in noun.lefts)
    return fresh and bool(syn.prep_objects(noun, ("against", "on")))


def _the_wounded(tok: Any) -> bool:
    """'a truce to evacuate wounded and civilians': the participle names people, no event."""
    if tok.tag_ != "VBN" or tok.dep_ not in ("dobj", "xcomp", "pobj", "conj"):
        return False
    if any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass", "agent") for c in tok.children):
        return False
    return tok.head.lemma_.lower() in CARE_VERBS


# the small model's lemmatiser reads "raged" as "rag"
OCCURRENCE_FORMS = {"raged", "rages", "raging"}


def _occurs(noun: Any) -> bool:
    """'fighting raged', 'clashes erupted': the event noun is the subject of a verb of occurring."""
    head = noun.head
    return noun.dep_ in ("nsubj", "nsubjpass") and (head.lemma_.lower() in OCCURRENCE_VERBS
                                                     or head.lower_ in OCCURRENCE_FORMS)
