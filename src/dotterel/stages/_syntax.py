"""Dependency-tree helpers shared by the predicate, role and status stages.

They read a spaCy parse (ClearNLP labels, as the English pipelines use) and answer linguistic
questions: who is the subject of this verb, is it passive, what does this noun phrase cover.
"""
from __future__ import annotations

from typing import Any

Token = Any  # spacy.tokens.Token; kept loose so this module imports without spaCy

SUBJ = {"nsubj", "csubj"}
PASS_SUBJ = {"nsubjpass", "csubjpass"}
OBJ = {"dobj", "obj"}
# heads that name an amount or a part of a group: the group is in the "of" phrase
QUANTIFIERS = {
    "dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "million", "millions", "score",
    "scores", "some", "many", "most", "all", "several", "one", "two", "three", "four", "five", "number",
    "group", "members", "member", "part", "majority", "handful", "band", "unit", "team", "contingent",
    "fighters", "supporters", "elements", "remnants", "militants", "each", "both", "none", "few",
    # measures: "25,000 tons of food aid", "a batch of vaccines"
    "ton", "tons", "tonne", "tonnes", "kg", "kilograms", "kilogram", "barrels", "litres", "liters", "units",
    "shipment", "shipments", "consignment", "consignments", "batch", "amount", "worth", "truckloads", "crates",
    "boxes", "packages", "rounds", "dozen", "pieces", "quantity", "quantities", "load", "loads",
}
ARTIFACT_VERBS = {
    "publish", "release", "issue", "post", "air", "broadcast", "produce", "distribute", "circulate",
    "upload", "share", "launch", "put", "make", "show", "deliver", "give", "write", "record", "sign",
}
OBJECT_CONTROL = {
    "urge", "ask", "persuade", "force", "order", "tell", "allow", "permit", "call", "encourage", "invite",
    "press", "pressure", "compel", "convince", "help", "enable", "instruct", "authorize", "lead", "push",
    "warn", "beg", "implore", "get", "want", "expect", "need", "request", "require",
}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom", "whose"}
PRONOUNS = {"he", "she", "it", "they", "him", "her", "them", "his", "its", "their", "we", "us", "our",
            "i", "me", "my", "you", "your", "itself", "themselves", "himself", "herself"}


def kids(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def first_kid(tok: Token, *deps: str) -> Token | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in PASS_SUBJ or c.dep_ == "auxpass" for c in verb.children)


def is_pronoun(tok: Token) -> bool:
    if len(tok.text) > 1 and tok.text.isupper() and tok.text != "I":
        return False  # "US", "IT": an acronym, not "us", "it"
    return tok.pos_ == "PRON" or tok.lower_ in PRONOUNS


def through_quantifier(tok: Token) -> Token:
    """'dozens of Salafists' -> Salafists; 'members of Hamas' -> Hamas."""
    for _ in range(3):
        if tok.lower_ not in QUANTIFIERS and tok.lemma_.lower() not in QUANTIFIERS and tok.pos_ != "NUM":
            return tok
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = first_kid(of, "pobj") if of is not None else None
        if pobj is None:
            return tok
        tok = pobj
    return tok


def prep_objects(tok: Token, preps: set[str] | tuple[str, ...]) -> list[tuple[str, Token]]:
    """(preposition, object) pairs governed by tok: 'fire rockets at Israel' -> ('at', Israel)."""
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ in preps:
            pobj = first_kid(c, "pobj", "pcomp")
            if pobj is not None:
                out.append((c.lower_, pobj))
        elif c.dep_ == "prt" and c.lower_ in preps:
            # "called on X": spaCy sometimes attaches X to the verb as dobj after a particle
            pobj = first_kid(tok, "dobj")
            if pobj is not None:
                out.append((c.lower_, pobj))
    return out


def direct_object(verb: Token) -> Token | None:
    """The patient: the direct object, or the passive subject."""
    obj = first_kid(verb, *OBJ)
    if obj is None:
        obj = first_kid(verb, *PASS_SUBJ)
    if obj is None and verb.dep_ in ("acl", "relcl") and verb.tag_ == "VBN":
        obj = verb.head  # "the rockets fired at Israel": the head noun is the patient
    return through_quantifier(obj) if obj is not None else None


def agent_of(verb: Token) -> Token | None:
    agent = first_kid(verb, "agent")
    if agent is not None:
        pobj = first_kid(agent, "pobj")
        if pobj is not None:
            return through_quantifier(pobj)
    return None


ACCUSING = {"accuse", "blame", "charge", "condemn", "criticize", "criticise", "denounce"}


def charged_act(verb: Token) -> Token | None:
    """The act an accusation charges: 'accused X of firing' -> firing."""
    if verb.lemma_.lower() not in ACCUSING:
        return None
    for p, o in prep_objects(verb, ("of", "for")):
        if o.tag_ == "VBG":
            return o
    return None


def _parenthetical_owner(noun: Token) -> Token | None:
    """The noun a participial parenthesis describes: 'Guaido, recognized by X as Y, ...' -> Guaido."""
    node = noun
    for _ in range(6):
        if node.dep_ in ("pobj", "prep", "agent", "poss") and node.head is not node:
            node = node.head
            continue
        if node.dep_ == "acl" and node.tag_ == "VBN" and node.head.pos_ in ("PROPN", "NOUN"):
            return node.head
        return None
    return None


def subject_of(verb: Token, depth: int = 0) -> tuple[Token | None, str]:
    """The logical subject of a verb, climbing control, coordination and relative clauses."""
    if depth > 6:
        return None, ""
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        # "students kidnapped by Boko Haram": a passive participle; its agent acts
        agent = agent_of(verb)
        return (agent, "agent") if agent is not None else (None, "participle")
    if is_passive(verb):
        agent = agent_of(verb)
        if agent is not None:
            return agent, "agent"
        if verb.dep_ in ("conj",) and is_passive(verb.head):
            return subject_of(verb.head, depth + 1)
        return None, "passive"
    subj = first_kid(verb, *SUBJ)
    if subj is not None:
        if subj.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            return through_quantifier(verb.head), "relcl"
        return through_quantifier(subj), "nsubj"
    dep, head = verb.dep_, verb.head
    if head is verb:
        return None, ""
    if dep == "xcomp":
        if head.pos_ in ("ADJ", "ADP", "ADV") and head.head is not head:
            return subject_of(head.head, depth + 1)  # "X is about to restore", "X is ready to talk"
        if head.lemma_ in OBJECT_CONTROL:
            obj = first_kid(head, "dobj", "dative") or next((o for p, o in prep_objects(head, ("on", "upon")) if True), None)
            if obj is not None:
                return through_quantifier(obj), "object-control"
        if head.pos_ in ("NOUN", "PROPN"):
            return noun_owner(head, depth + 1)
        return subject_of(head, depth + 1)
    if dep == "conj":
        return subject_of(head, depth + 1)
    if head.pos_ == "ADJ" and head.dep_ == "acomp" and dep in ("xcomp", "ccomp"):
        # "X is about to restore", "X is ready to talk": the subject of the copula
        return subject_of(head.head, depth + 1)
    if dep == "relcl":
        return through_quantifier(head), "relcl"
    if dep == "acl":
        if verb.tag_ == "VBD" and verb.i > 0 and verb.doc[verb.i - 1].text == ",":
            clause_owner = _parenthetical_owner(head)
            if clause_owner is not None:
                # "Guaido, recognized ... as the interim president, called for ...": the parser hangs
                # the finite verb on the parenthesis; its subject is what the parenthesis describes
                return through_quantifier(clause_owner), "parenthetical"
        if verb.tag_ == "VBN":
            return None, "participle"
        if verb.tag_ == "VB" and head.pos_ in ("NOUN", "PROPN"):
            # "their attempt to persuade X", "a decision to hire": the noun's owner acts
            return noun_owner(head, depth + 1)
        return through_quantifier(head), "acl"
    if dep in ("advcl", "ccomp") and verb.tag_ in ("VBG", "VB", "VBN"):
        charged = charged_act(head) if verb.tag_ == "VBG" and dep == "advcl" else None
        if charged is not None:
            # "accused Azerbaijan of firing at the area, killing a civilian": the killing goes with
            # the firing (the parser hangs it on "accused")
            return subject_of(charged, depth + 1)
        return subject_of(head, depth + 1)
    if dep in ("pcomp", "pobj") and head.dep_ == "prep":
        # "accuse Hamas of collaborating", "lambast the states for double-crossing": the object acts
        gov = head.head
        if gov.pos_ in ("VERB", "AUX"):
            # but "captured weapons before withdrawing": the capturers withdraw, not the weapons
            obj = first_kid(gov, "dobj") if head.lower_ not in SUBJECT_PREPOSITIONS else None
            if obj is not None:
                return through_quantifier(obj), "prep-gerund"
            return subject_of(gov, depth + 1)
        if gov.pos_ in ("NOUN", "PROPN"):
            return noun_owner(gov, depth + 1)
    return None, ""


def for_clause(clause: Token) -> bool:
    """'for supporters to rally': an infinitive clause introduced by 'for'."""
    return any(c.dep_ == "mark" and c.lower_ == "for" for c in clause.children)


SUBJECT_PREPOSITIONS = {"before", "after", "while", "when", "by", "without", "since", "upon", "on", "instead"}


def noun_owner(noun: Token, depth: int = 0) -> tuple[Token | None, str]:
    """Who is behind a noun: 'its policy' -> it; 'Israel's raid' -> Israel; 'raid by police'."""
    poss = first_kid(noun, "poss")
    if poss is not None and poss.ent_type_ not in ("DATE", "TIME"):  # not "Sunday's attack"
        return poss, "poss"
    for p, o in prep_objects(noun, ("by",)):
        return through_quantifier(o), "by"
    return None, ""


def artifact_maker(tok: Token, depth: int = 0) -> tuple[Token | None, str]:
    """Who made a communication artifact ('the video', 'a speech'): its possessor or a compound
    entity, the subject of the verb that published it, or the agent of 'produced by'."""
    poss = first_kid(tok, "poss")
    if poss is not None:
        return poss, "artifact-poss"
    for c in tok.children:
        if c.dep_ in ("compound", "nmod", "amod") and (c.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")):
            return c, "artifact-compound"
    if tok.dep_ in OBJ and tok.head.lemma_ in ARTIFACT_VERBS and depth < 4:
        subj, how = subject_of(tok.head, depth + 1)
        if subj is not None:
            return subj, "artifact-publisher"
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and depth < 4:
        # "a recording of an al-Baghdadi speech": the maker of the inner artifact
        pass
    for acl in kids(tok, "acl", "relcl"):
        agent = agent_of(acl)
        if agent is not None:
            return agent, "artifact-agent"
    return None, ""


def span_bounds(toks: list[Token]) -> tuple[int, int]:
    return min(t.idx for t in toks), max(t.idx + len(t.text) for t in toks)


_NAME_DEPS = {"compound", "amod", "nmod", "poss", "nummod", "quantmod", "case", "npadvmod", "advmod"}


def noun_phrase(tok: Token) -> list[Token]:
    """The tokens that name what `tok` heads: modifiers to its left, "of"-names to its right
    ("Army of Islam"), the whole entity when tok is inside a named entity."""
    ent = _entity_of(tok) if tok.ent_type_ else None
    toks = {tok, *_left_modifiers(tok)}
    if ent is not None and len(ent) <= 8 and ent.label_ in ("ORG", "PERSON", "GPE", "NORP", "FAC", "LOC"):
        coordinated = {t.i for c in tok.children if c.dep_ in ("conj", "cc", "appos") for t in c.subtree}
        toks = {*(t for t in toks if t.i < ent.start), *(t for t in ent if t.i not in coordinated)}
    if tok.lower_ in GENERIC_HEADS:
        # "the extremist group al-Shabab", "the militia Army of Islam": the name is beside the noun
        for c in tok.rights:
            if c.dep_ in ("appos", "compound", "npadvmod", "attr") and (c.pos_ == "PROPN" or c.ent_type_):
                toks |= set(c.subtree)
    for c in tok.rights:
        if c.dep_ == "prep" and c.lower_ == "of":
            pobj = first_kid(c, "pobj")
            if pobj is not None and (pobj.pos_ == "PROPN" or pobj.ent_type_):
                toks |= {c, *pobj.subtree}
    return sorted((t for t in toks if not t.is_space), key=lambda t: t.i)


GENERIC_HEADS = {"group", "militia", "organization", "organisation", "movement", "network", "party", "faction",
                 "outfit", "alliance", "coalition", "force", "army", "front", "brigade", "brigades", "rebels", "jihadists"}


def _left_modifiers(tok: Token) -> list[Token]:
    out: list[Token] = []
    for c in tok.lefts:
        if c.dep_ == "nmod" and any(g.dep_ in ("conj", "cc") for g in c.children):
            continue  # "Arnor, Calenardhon and the ... Gondor": a misparsed coordination, not a name
        if c.dep_ in _NAME_DEPS and c.pos_ not in ("DET", "PRON", "PUNCT") and c.lower_ not in ("'s", "’s"):
            if c.dep_ == "poss" and is_pronoun(c):
                continue
            sub = [t for t in c.subtree if t.pos_ not in ("DET", "PUNCT", "SPACE") and not t.is_space
                   and t.lower_ not in ("'s", "’s", "'", "’")]
            out.extend(sub)
    return out


def _entity_of(tok: Token) -> Any:
    return entity_at(tok)


def doc_text(sdoc: Any) -> str:
    """The Doc's text, kept in its user_data (spaCy's Doc.text joins every token on each call)."""
    text = sdoc.user_data.get("dotterel_text")
    if text is None:
        text = sdoc.user_data["dotterel_text"] = sdoc.text
    return text  # type: ignore[no-any-return]


def sentences(sdoc: Any) -> list[Any]:
    """The Doc's sentences, computed once (spaCy walks every token on each `doc.sents`)."""
    sents = sdoc.user_data.get("dotterel_sents")
    if sents is None:
        sents = sdoc.user_data["dotterel_sents"] = list(sdoc.sents)
    return sents  # type: ignore[no-any-return]


def entity_at(tok: Token) -> Any:
    """The named entity covering a token (an index kept in the Doc's user_data: doc.ents is slow)."""
    index = tok.doc.user_data.get("dotterel_entity_index")
    if index is None:
        index = {}
        for ent in tok.doc.ents:
            for i in range(ent.start, ent.end):
                index[i] = ent
        tok.doc.user_data["dotterel_entity_index"] = index
    return index.get(tok.i)


def clause_tokens(verb: Token) -> list[Token]:
    """The verb, its particles and its core arguments' subtrees (for evidence spans)."""
    toks = [verb]
    for c in verb.children:
        if c.dep_ in ("dobj", "dative", "prt", "neg", "aux", "auxpass", "acomp", "attr", "oprd", "xcomp", "agent"):
            toks.extend(c.subtree)
        elif c.dep_ == "prep" and c.lower_ not in ("after", "before", "since", "during", "despite", "amid"):
            toks.extend(c.subtree)
    return toks
