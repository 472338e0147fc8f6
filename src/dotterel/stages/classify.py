"""classify: choose the sense of each candidate predicate: PLOVER type, mode, contexts, prior.

Reads `doc.frames` and the parse; writes `frame.sense`, `frame.type`, `frame.mode`,
`frame.context`, `frame.confidence`. A support verb's frame takes its noun's type; frames
with no matching sense are dropped.
"""
from __future__ import annotations

from typing import Any

from dotterel.lexicon import Lexicon, Sense
from dotterel.model import Document, Frame
from dotterel.stages import _syntax as syn
from dotterel.stages.base import LexiconStage, register


@register
class Classify(LexiconStage):
    name = "classify"
    version = "v1"
    requires = ("doc.frames",)
    assigns = ("frame.type", "frame.mode", "frame.context", "frame.confidence")

    def __call__(self, doc: Document) -> Document:
        lex = self.lex
        sdoc = doc.spacy
        kept: list[Frame] = []
        for frame in doc.frames:
            tok = sdoc[frame.trigger]
            table = lex.verbs if frame.pos == "verb" else lex.nouns
            sense = choose_sense(tok, table.get(frame.lemma, ()), lex, frame.pos)
            if sense is None:
                continue
            frame.sense = {"sense": sense}
            if sense.type is None:
                # control and support verbs: kept for the status stage, never coded alone
                frame.type = None
            else:
                frame.type = sense.type
                frame.mode = sense.mode
                frame.context = list(sense.context)
                frame.confidence = sense.confidence
            kept.append(frame)
        doc.frames = kept
        doc.log.append(self.qualified_name)
        return doc


PERSONAL = {"he", "she", "they", "him", "her", "them", "we", "us", "i", "me", "you"}


def sense_of(frame: Frame) -> Sense:
    return frame.sense["sense"]


def choose_sense(tok: Any, senses: tuple[Sense, ...], lex: Lexicon, pos: str) -> Sense | None:
    for sense in senses:
        if _holds(tok, sense.cond, lex, pos):
            return sense
    return None


def _holds(tok: Any, cond: dict[str, Any], lex: Lexicon, pos: str) -> bool:
    for key, want in cond.items():
        if not _check(tok, key, want, lex, pos):
            return False
    return True


def _check(tok: Any, key: str, want: Any, lex: Lexicon, pos: str) -> bool:
    if key == "obj":
        return bool(_object_words(tok) & lex.words(want))
    if key == "obj_not":
        return not (_object_words(tok) & lex.words(want))
    if key == "noobj":
        return (syn.first_kid(tok, "dobj") is None) == bool(want)
    if key in ("prep", "prep_not"):
        # "called his counterpart on Monday": a time is no argument
        preps = {c.lower_ for c in tok.children if c.dep_ in ("prep", "prt", "agent", "dative") and not _temporal(c)}
        if any(c.dep_ == "advcl" and syn.for_clause(c) for c in tok.children):
            preps.add("for")  # "called for supporters to rally": the parser marks the clause, not a preposition
        return bool(preps & set(want)) == (key == "prep")
    if key == "ccomp":
        return (syn.first_kid(tok, "ccomp") is not None) == bool(want)
    if key == "xcomp_is":
        comp = syn.first_kid(tok, "xcomp")
        return comp is not None and comp.lemma_.lower() in lex.words(want)
    if key == "xcomp_not":
        comp = syn.first_kid(tok, "xcomp")
        return comp is None or comp.lemma_.lower() not in lex.words(want)
    if key == "menace":
        return _menacing(tok, lex) == bool(want)
    if key == "eval":
        return evaluation(tok, lex) == want
    if key == "ccomp_must":
        return (must_clause(tok) is not None) == bool(want)
    if key == "negated":
        neg = any(c.dep_ == "neg" or c.lower_ == "never" for c in tok.children)
        return neg == bool(want)
    if key == "ccomp_self":
        return _commits_self(tok) == bool(want)
    if key == "pobj":
        words = {o.lemma_.lower() for p, o in syn.prep_objects(tok, ("to", "on", "for", "with", "in", "against", "over"))}
        words |= {o.lower_ for p, o in syn.prep_objects(tok, ("to", "on", "for", "with", "in", "against", "over"))}
        return bool(words & lex.words(want))
    if key == "of":  # "the gathering of troops"
        words = {o.lemma_.lower() for p, o in syn.prep_objects(tok, ("of",))}
        words |= {o.lower_ for p, o in syn.prep_objects(tok, ("of",))}
        return bool(words & lex.words(want))
    if key == "of_not":  # "claims of a coup attempt", but not "claims of responsibility"
        words = {o.lemma_.lower() for p, o in syn.prep_objects(tok, ("of",))}
        return not (words & lex.words(want))
    if key == "prt":
        return bool({c.lower_ for c in syn.kids(tok, "prt")} & set(want))
    if key in ("subj", "subj_not"):
        subj = _subject_word_set(tok)
        hit = bool(subj & lex.words(want))
        return hit if key == "subj" else not hit
    if key == "xcomp":
        return (syn.first_kid(tok, "xcomp") is not None) == bool(want)
    if key == "passive":
        return syn.is_passive(tok) == bool(want)
    if key == "mod":
        mods = {c.lower_ for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod")}
        return bool(mods & lex.words(want))
    return False


def _menacing(tok: Any, lex: Lexicon) -> bool:
    """A promise whose content is harm ('Palestine will be your burial ground')."""
    menace = lex.classes["menace"]
    for c in tok.children:
        if c.dep_ in ("ccomp", "xcomp", "dobj") and any(t.lemma_.lower() in menace or t.lower_ in menace
                                                         for t in c.subtree):
            return True  # "vowed revenge", "vowed to strike back"
    return False


OBLIGATION = {"must", "should", "ought"}


CLAIMS = {"allegation", "accusation", "claim", "charge", "report", "assertion", "accusations", "allegations", "claims",
          "charges", "reports"}


def evaluation(tok: Any, lex: Lexicon) -> str | None:
    """'called it a violation', 'described the deal as a step forward', 'said the allegations
    were unacceptable': the judgement a speech verb passes ('negative' / 'positive'; a negative
    judgement of an allegation or a claim is 'dismissive': it rejects the claim)."""
    words: set[str] = set()
    judged_claim = False  # "said the allegations were unacceptable": the judgement is of a claim
    heads = [c for c in tok.children if c.dep_ in ("oprd", "attr", "acomp", "ccomp", "xcomp")]
    heads += [o for p, o in syn.prep_objects(tok, ("as",))]
    for obj in syn.kids(tok, "dobj"):
        heads += [o for p, o in syn.prep_objects(obj, ("as",))]
        heads += [c for c in obj.children if c.dep_ in ("oprd", "attr", "acl")]
    for h in heads:
        if h.dep_ == "ccomp":
            # "said the allegations were unacceptable", "claims the vote was marred by fraud":
            # a clause that passes a judgement through its complement or its agent
            judged = [c for c in h.children if c.dep_ in ("acomp", "attr")]
            judged += [o for p, o in syn.prep_objects(h, ("by", "of", "with", "under", "into"))]
            if h.lemma_ != "be" and not judged:
                continue
            subject = syn.first_kid(h, "nsubj", "nsubjpass")
            judged_claim = judged_claim or (subject is not None and subject.lemma_.lower() in CLAIMS)
            for j in judged:
                words |= _judgement_words(j)
            continue
        words |= {h.lemma_.lower(), h.lower_} | {c.lower_ for c in h.lefts if c.dep_ in ("amod", "compound")}
    if words & lex.classes["negative_eval"]:
        return "dismissive" if judged_claim else "negative"
    if words & lex.classes["positive_eval"]:
        return "positive"
    return None


def _judgement_words(j: Any) -> set[str]:
    """'a "bad signal"', 'an act of aggression and terrorism and a war crime': the head, its
    modifiers, what it is an act of, and its conjuncts."""
    out: set[str] = set()
    for t in [j, *j.conjuncts]:
        out |= {t.lemma_.lower(), t.lower_} | {c.lower_ for c in t.lefts if c.dep_ in ("amod", "compound")}
        if t.lemma_.lower() in ("act", "case", "form", "kind"):
            for _, o in syn.prep_objects(t, ("of",)):
                out |= {x.lower_ for x in [o, *o.conjuncts]} | {x.lemma_.lower() for x in [o, *o.conjuncts]}
    return out


def must_clause(tok: Any) -> Any | None:
    """'declared that China must drop barriers': the clause that says what someone else must do."""
    comp = syn.first_kid(tok, "ccomp")
    if comp is None:
        return None
    subj = syn.first_kid(comp, "nsubj", "nsubjpass")
    if subj is None or subj.lower_ in ("i", "we", "it", "this", "that", "there"):
        return None
    obliged = any(c.dep_ == "aux" and c.lower_ in OBLIGATION for c in comp.children)
    obliged = obliged or any(c.dep_ == "xcomp" and comp.lemma_ in ("have", "need") for c in comp.children)
    return comp if obliged else None


def _commits_self(tok: Any) -> bool:
    """'agreed that their countries should cooperate': the clause is about what the agreeing
    parties will do (a commitment), not a view they share ('agree that disputes be settled')."""
    comp = syn.first_kid(tok, "ccomp")
    if comp is None:
        return False
    subj = syn.first_kid(comp, "nsubj", "nsubjpass")
    if subj is None:
        return False
    if syn.is_pronoun(subj) and subj.lower_ in ("they", "we", "both", "each"):
        return True
    poss = syn.first_kid(subj, "poss")
    return (poss is not None and poss.lower_ in ("their", "our")) or subj.lower_ in ("both", "sides", "parties")


def _temporal(prep: Any) -> bool:
    obj = syn.first_kid(prep, "pobj")
    return obj is not None and obj.ent_type_ in ("DATE", "TIME")


def _object_words(tok: Any) -> set[str]:
    """Lemmas and words of the direct object (or passive subject), its compounds and conjuncts."""
    obj = syn.direct_object(tok) if tok.pos_ != "NOUN" else None
    if obj is None:
        return set()
    out: set[str] = set()
    heads = [obj, *obj.conjuncts]
    if obj.lemma_.lower() in ("state", "kind", "type", "form", "series", "wave", "number", "package", "round", "set"):
        heads += [o for p, o in syn.prep_objects(obj, ("of",))]  # "a state of emergency", "a round of sanctions"
    for o in heads:
        out |= {o.lower_, o.lemma_.lower()}
        if o.ent_type_ in ("ORG", "PERSON", "GPE", "NORP"):
            out.add("<agent>")  # "defended Iraq": a named actor as object
        if syn.is_pronoun(o) and o.lower_ in PERSONAL:
            out.add("<pronoun>")  # "released them": people
        if o.ent_type_ in ("GPE", "LOC", "FAC"):
            out.add("<place>")  # "seized Janale": a named place is territory
        out |= {c.lower_ for c in o.lefts if c.dep_ in ("compound", "amod")}
    return out


def _subject_word_set(tok: Any) -> set[str]:
    subj, _ = syn.subject_of(tok) if tok.pos_ != "NOUN" else (None, "")
    if subj is None and syn.is_passive(tok):
        subj = syn.first_kid(tok, "nsubjpass")
    if subj is None:
        return set()
    words = {subj.lower_, subj.lemma_.lower()} | {c.lower_ for c in subj.lefts if c.dep_ == "compound"}
    return words | ({"<pronoun>"} if syn.is_pronoun(subj) and subj.lower_ in PERSONAL else set())
