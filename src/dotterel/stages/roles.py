"""roles: the arguments of each event predicate: actor, recipient, place and time words.

Reads `doc.frames` and the parse; writes `frame.actors`, `frame.recipients`, `frame.companions`,
`frame.place_tokens`, `frame.time_tokens` (token indices of argument heads). Handles active and
passive voice, coordination ("Hamas and Islamic Jihad"), companions ("forces with AU troops"),
relative clauses, control ("vowed to attack"), clausal complements, "videos attacking X" (the
video's maker speaks), possessives ("Israel's raid") and noun modifiers ("the police raid").
"""
from __future__ import annotations

from typing import Any

from dotterel.lexicon import Lexicon, load_lexicon
from dotterel.model import Document, Frame
from dotterel.stages import _syntax as syn
from dotterel.stages.base import LexiconStage, register
from dotterel.stages.classify import sense_of

PLACE_ENTS = {"GPE", "LOC", "FAC"}
AGENT_ENTS = {"ORG", "GPE", "NORP", "PERSON"}
LOCATIVE = {"in", "near", "at", "outside", "inside", "around", "from", "into", "across", "towards", "toward"}
PLACE_PREPS = ("in", "near", "at", "outside", "inside", "across", "into", "around", "throughout", "within", "from")
COMPANION_PREPS = ("with", "alongside")
VISIT_WORDS = {"visit", "travel", "fly", "arrive", "trip", "tour", "journey", "mission"}
STATE_TYPES = {"SUPPORT", "AGREE", "COOPERATE", "AID"}
VERBAL_TYPES = {"ACCUSE", "REQUEST", "REJECT", "THREATEN", "SUPPORT", "AGREE", "CONSULT", "CONCEDE"}
EVENT_SUBJECTS = {"attack", "attacks", "blast", "explosion", "bombing", "bomb", "airstrike", "strike", "strikes",
                  "raid", "shelling", "assault", "ambush", "clash", "clashes", "fighting", "violence", "offensive",
                  "operation", "shooting", "fire", "crash", "incident", "unrest", "riot", "riots", "protest", "protests",
                  "conflict", "war", "insurgency", "campaign", "storm", "flood", "earthquake", "virus", "disease",
                  "sanction", "sanctions", "measure", "measures", "restriction", "restrictions", "embargo", "ban",
                  "truce", "ceasefire", "cease-fire"}
NON_AGENT_ENTS = {"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"}
TIME_WORDS = {"day", "days", "week", "weeks", "month", "months", "year", "years", "morning", "night",
              "evening", "afternoon", "time", "hour", "hours", "moment", "weekend", "decade", "decades"}


@register
class Roles(LexiconStage):
    name = "roles"
    version = "v1"
    requires = ("frame.type",)
    assigns = ("frame.actors", "frame.recipients", "frame.companions", "frame.place_tokens", "frame.time_tokens")

    def __call__(self, doc: Document) -> Document:
        sdoc = doc.spacy
        for frame in doc.frames:
            tok = sdoc[frame.trigger]
            if frame.pos == "verb":
                self._verb_roles(frame, tok)
            else:
                self._noun_roles(frame, tok)
            occurs = tok.head if frame.pos == "noun" and tok.dep_ == "nsubj" and tok.head.lemma_.lower() in (
                "take", "happen", "occur", "erupt", "break", "unfold") else None  # "the attack took place in X"
            frame.place_tokens = _place_words(tok, sdoc[frame.light] if frame.light is not None else occurs)
            told = _title_owner_verb(tok) if "actor:title-of" in frame.role_notes else None
            # a title's event happens when its artifact came out ("the video was published two weeks ago")
            frame.time_tokens = _time_words(tok, sdoc[frame.light] if frame.light is not None else told)
        doc.log.append(self.qualified_name)
        return doc

    # --- verbs -------------------------------------------------------------------------------
    def _verb_roles(self, frame: Frame, verb: Any) -> None:
        subj, how = syn.subject_of(verb)
        titled = _titled_artifact(verb)
        if titled is not None:
            # 'Entitled "Palestine sacrificing itself for the Caliphate", the video ...': a title
            # speaks for the artifact's maker (coref finds who made it)
            subj, how = titled, "title-of"
        if subj is not None and subj.lower_ == "thanks":
            # "Thanks to God, mujahideen in the Macina region attacked ...": the parser's subject
            # is the thanksgiving; the fighters named beside it act
            subj = next((t for t in subj.subtree if t.dep_ == "appos" and is_agent_noun(t)), None)
            how = "beside-thanks"
        if subj is not None and any(c.dep_ == "det" and c.lower_ == "no" for c in subj.children):
            # "no group has claimed the abduction": nobody is named, and nobody claimed it
            frame.role_notes.append("actor:none-named")
            if frame.light is None and frame.pos == "verb":
                frame.status = "negated"
            subj = None
        if subj is not None and _toll_of_a_war(subj, verb):
            # "the war has killed tens of thousands": a long conflict's toll, not one event
            frame.dropped = "the toll of a war so far"
            subj = None
        if subj is not None and subj.lemma_.lower() in EVENT_SUBJECTS:
            # "the attack that killed four people", "the blast wounded ten": the subject is the
            # event itself; its actor is the event's (assemble merges the two predicates)
            frame.role_notes.append("actor:event-subject")
            subj = None
        elif subj is not None and frame.type in VERBAL_TYPES and not _can_speak(subj, self.lex):
            frame.dropped = "verbal act without an agent"  # "sirens warned", "figures suggest"
        if subj is not None:
            subj, how = self._speaker(subj, how)
            frame.actors = _with_conjuncts(subj)
            if how == "relcl":
                # "the Commerce Department, which is imposing ..., and the State Department, which is
                # targeting ...": each conjunct with a clause of its own does only what its clause says
                frame.actors = [i for i in frame.actors if i == subj.i or not any(
                    c.dep_ == "relcl" for c in verb.doc[i].children)]
            frame.companions = _companions(subj)
            frame.role_notes.append(f"actor:{how}")
        elif frame.type in VERBAL_TYPES and how in ("passive", "participle"):
            frame.dropped = "verbal act by no one named"  # "she was hailed as ...", "a deal signed"
        frame.dropped = _no_event(verb, frame) or frame.dropped
        sense = sense_of(frame)
        frame.recipients = self._recipients(verb, sense.recipients, frame)
        if not frame.recipients and frame.type == "REQUEST":
            frame.recipients = _asked_in_for_clause(verb, set(frame.actors))
        if not frame.recipients and frame.type in ("ASSAULT", "COERCE"):
            frame.recipients = _purpose_target(verb, set(frame.actors))
        if not frame.recipients and frame.type == "MOBILIZE":
            frame.recipients = _across_the_border(verb, set(frame.actors))
        symmetric = sense.symmetric or _each_other(verb)  # "A and B met", "A and B accused each other"
        if symmetric and not frame.recipients and len(frame.actors) > 1:
            # "A and B met": one reciprocal event, A acting towards B (the convention of the gold
            # suites: either order is right)
            frame.recipients = frame.actors[1:2]
            frame.actors = frame.actors[:1]
            frame.role_notes.append("reciprocal")

    def _speaker(self, tok: Any, how: str) -> tuple[Any, str]:
        """A communication artifact does not act: its maker does ('videos attacking Hamas')."""
        lex = self.lex
        assert lex is not None
        seen = 0
        while tok.lemma_.lower() in lex.classes["communication"] and seen < 3:
            maker, mhow = syn.artifact_maker(tok)
            if maker is None:
                break
            tok, how = maker, f"{how}>{mhow}"
            seen += 1
        return tok, how

    def _recipients(self, verb: Any, sources: tuple[str, ...], frame: Frame) -> list[int]:
        actor_ids = set(frame.actors)
        for source in sources:
            cands: list[Any] = []
            if source == "dobj":
                obj = syn.direct_object(verb)
                if obj is not None:
                    cands = [obj]
            elif source == "dative":
                cands = [c for c in syn.kids(verb, "dative", "iobj") if c.pos_ != "ADP"]
            elif source == "agent":
                agent = syn.agent_of(verb)
                cands = [agent] if agent is not None else []
            elif source == "ccomp_subject":  # "said that China must ...": China
                comp = syn.first_kid(verb, "ccomp")
                subj = syn.first_kid(comp, "nsubj", "nsubjpass") if comp is not None else None
                # "said it was a bad signal": "it" is the matter judged, not a party
                cands = [subj] if subj is not None and subj.lower_ not in ("it", "this", "that") else []
            else:
                cands = [o for p, o in syn.prep_objects(verb, (source,))]
                if not cands:
                    cands = [o for p, o in _object_preps(verb, source)]
            if source == "dobj" and frame.type == "MOBILIZE":
                # "building up troops on its border": the troops are what is mobilised, not whom at
                cands = [c for c in cands if c.lemma_.lower() not in load_lexicon().classes["troops"]]
            for cand in cands:
                who = _agentive(cand)
                if who is not None and frame.type == "REJECT" and _agent_of_noun(who, cand):
                    continue  # "denied any violations by its forces": who did the denied act, not whom it answers
                if who is not None and who.i not in actor_ids:
                    return _with_conjuncts(who)
        return []

    # --- nouns -------------------------------------------------------------------------------
    def _noun_roles(self, frame: Frame, noun: Any) -> None:
        sense = sense_of(frame)
        owner, how = syn.noun_owner(noun)
        if owner is None:
            owner = _agent_modifier(noun)
            how = "modifier"
        if owner is None and noun.lemma_.lower() in MASSING_NOUNS:
            owner = next((_agentive(o) for p, o in syn.prep_objects(noun, ("of",))), None)
            how = "massed"  # "the gathering of Turkish troops": the troops gather
        if owner is None and frame.light is not None and _under_attack(noun):
            # "X came under attack (by Y)": X is attacked; Y, if named, attacks
            light = noun.doc[frame.light]
            target, _ = syn.subject_of(light)
            agent = next((o for p, o in syn.prep_objects(light, ("by",))), None)
            if target is not None:
                frame.recipients = _with_conjuncts(target)
            owner, how = (agent, "under-attack:by") if agent is not None else (None, "")
            if owner is None:
                return
        elif owner is None and frame.light is not None:
            light = noun.doc[frame.light]
            owner, how = syn.subject_of(light)
            how = f"support-verb:{how}"
            if owner is not None and any(c.dep_ == "det" and c.lower_ == "no" for c in owner.children):
                owner = None  # "no group has claimed the attack"
            if owner is not None and owner.lemma_.lower() in EVENT_SUBJECTS and owner.pos_ == "NOUN":
                # an event does not announce or launch another: a misparse of "an airstrike on a
                # suburb, where troops loyal to X had announced a counter-offensive"; the agent
                # is the subject inside that relative clause, if any
                owner = next((t for t in owner.subtree if t.dep_ == "nsubj" and t.head.dep_ == "relcl"
                              and is_agent_noun(t)), None)
                how = "relative-clause-subject"
        if owner is not None:
            owner, how = self._speaker(owner, how)
            frame.actors = _with_conjuncts(owner)
            frame.role_notes.append(f"actor:{how}")
        preps = tuple(p for p in sense.recipients if p not in ("dobj", "dative", "agent"))
        if frame.recipients:
            return
        if not frame.actors:
            parties = [_agentive(o) for p, o in syn.prep_objects(noun, ("between",))]
            parties = _with_conjuncts(parties[0]) if parties and parties[0] is not None else []
            if len(parties) > 1:
                # "negotiations between the Taliban and the Afghan government": the first named
                # acts towards the other (the scorer and coders accept either order)
                frame.actors, frame.recipients = parties[:1], parties[1:2]
                frame.role_notes.append("actor:between")
                return
        for p, obj in syn.prep_objects(noun, preps):
            who = _agentive(obj)
            if who is not None and who.i not in frame.actors:
                frame.recipients = _with_conjuncts(who)
                break
        if sense.symmetric and not frame.recipients and len(frame.actors) > 1:
            frame.recipients = frame.actors[1:2]
            frame.actors = frame.actors[:1]


def _object_preps(verb: Any, prep: str) -> list[tuple[str, Any]]:
    """'restore ties with Gondor', 'welcomed a resumption of ties between A and B': the
    preposition hangs on the object noun (or on a noun inside its "of" phrase)."""
    obj = syn.first_kid(verb, "dobj") or syn.first_kid(verb, "nsubjpass")
    out: list[tuple[str, Any]] = []
    for _ in range(3):
        if obj is None:
            break
        out = syn.prep_objects(obj, (prep,))
        if out:
            return out
        of = next((o for p, o in syn.prep_objects(obj, ("of",))), None)
        obj = of
    return out


RECIPROCALS = {("each", "other"), ("one", "another")}


def _across_the_border(verb: Any, actor_ids: set[int]) -> list[int]:
    """'massed troops on its border with Ukraine', 'near the Ukrainian border': the neighbour."""
    holders = [verb, *syn.kids(verb, "dobj")]  # "massed tanks near the border": on the verb or its object
    for p, o in [po for h in holders for po in syn.prep_objects(h, ("on", "along", "near", "to", "at"))]:
        if o.lemma_.lower() not in ("border", "frontier", "boundary"):
            continue
        for _, other in syn.prep_objects(o, ("with",)):
            who = _agentive(other)
            if who is not None and who.i not in actor_ids:
                return _with_conjuncts(who)
        adj = next((c for c in o.lefts if c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE")), None)
        if adj is not None and adj.i not in actor_ids:
            return [adj.i]
    return []


ONGOING_FIGHT = {"fight", "battle", "combat"}
# (not "routinely": "soldiers routinely beat up detainees" reports abuse, and coders code it)
HABITUAL_ADVERBS = {"often", "frequently", "repeatedly", "regularly", "usually", "sometimes", "periodically"}
HOLDING = {"control", "hold", "occupy", "run", "govern", "rule"}


def _no_event(verb: Any, frame: Frame) -> str | None:
    """Why a verb that names an event type reports no event here, if it does not."""
    participle = verb.dep_ == "acl" or (verb.dep_ == "conj" and verb.head.dep_ == "acl" and verb.head.tag_ == "VBN")
    if participle and verb.tag_ == "VBN" and frame.type in STATE_TYPES:
        return "a standing relation, not an event"  # "forces backed by militias"
    if (verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.lemma_.lower() in ONGOING_FIGHT
            and syn.first_kid(verb, "dobj") is not None):
        return "a description of who fights whom"  # "the coalition fighting the Houthis"
    if verb.dep_ == "relcl" and verb.tag_ in ("VBP", "VBZ") and verb.lemma_.lower() in HOLDING:
        return "a standing hold on territory"  # "rebels, who control most of Yemen"
    if _count_of_wars(verb):
        return "a count of past wars, not an event"  # "have fought three wars"
    if any(c.dep_ == "advmod" and c.lower_ in HABITUAL_ADVERBS for c in verb.children):
        return "a habit, not an event"  # "both sides have often accused the other"
    return None


def _count_of_wars(verb: Any) -> bool:
    obj = syn.first_kid(verb, "dobj")
    return (obj is not None and obj.lemma_.lower() in ("war", "battle", "conflict")
            and any(c.dep_ == "nummod" for c in obj.children))


TITLING = {"entitle", "title", "call", "name", "dub"}


def _titled_artifact(verb: Any) -> Any | None:
    """The artifact whose quoted title holds this verb: 'Entitled "X doing Y", the video ...'."""
    head = verb.head
    if verb.dep_ not in ("xcomp", "ccomp", "oprd") or head.lemma_.lower() not in TITLING or head.tag_ != "VBN":
        return None
    if not any(t.text in ('"', "“", "'", "‘") for t in verb.doc[max(0, verb.left_edge.i - 1): verb.left_edge.i + 1]):
        return None  # titles are quoted
    owner = head.head if head.dep_ in ("advcl", "acl") else None
    if owner is None:
        return None
    if head.dep_ == "acl":
        thing = owner
    else:
        thing = syn.first_kid(owner, "nsubjpass", "nsubj")
    if thing is None or thing.lemma_.lower() not in load_lexicon().classes["communication"]:
        return None
    return thing


def _title_owner_verb(verb: Any) -> Any | None:
    """'Entitled "...", the video was published two weeks ago': the verb telling of the artifact."""
    head = verb.head
    return head.head if head.dep_ == "advcl" else None


def _asked_in_for_clause(verb: Any, actor_ids: set[int]) -> list[int]:
    """'called for supporters to rally': those asked are the for-clause's subject."""
    for c in verb.children:
        if c.dep_ in ("advcl", "ccomp", "xcomp") and syn.for_clause(c):
            subj = syn.first_kid(c, "nsubj")
            who = _agentive(subj) if subj is not None else None
            if who is not None and who.i not in actor_ids:
                return _with_conjuncts(who)
    return []


def _each_other(verb: Any) -> bool:
    """'accused each other', 'fired at one another'."""
    objs = [c for c in verb.children if c.dep_ in ("dobj", "pobj")]
    objs += [o for p, o in syn.prep_objects(verb, ("of", "at", "on", "against", "with", "to", "for"))]
    for o in objs:
        left = o.doc[o.i - 1] if o.i > 0 else None
        if left is not None and (left.lower_, o.lower_) in RECIPROCALS:
            return True
    return False


# what a rejection answers: "rejected calls by X" answers X
ANSWERABLE = {"call", "demand", "request", "claim", "allegation", "accusation", "proposal", "offer", "appeal",
              "plea", "charge", "warning", "ultimatum", "criticism", "invitation", "bid", "suggestion", "report"}


def _agent_of_noun(who: Any, noun: Any) -> bool:
    """'denied any violations by its forces': the agent of the denied act (not of a call or claim)."""
    return noun.lemma_.lower() not in ANSWERABLE and who.i != noun.i and who.dep_ == "pobj" and who.head.lower_ == "by" and who.head.head.i == noun.i


def _under_attack(noun: Any) -> bool:
    return noun.dep_ == "pobj" and noun.head.lower_ == "under"


def _with_conjuncts(tok: Any) -> list[int]:
    out = [tok.i]
    for c in tok.conjuncts:
        if c.i not in out and c.pos_ in ("NOUN", "PROPN", "PRON"):
            out.append(c.i)
    return out


def _companions(tok: Any) -> list[int]:
    """'Somali forces with the African Union troops captured ...': the companions act too."""
    out = []
    for p, obj in syn.prep_objects(tok, COMPANION_PREPS):
        who = _agentive(obj)
        if who is not None:
            out.append(who.i)
    for c in tok.children:  # "along with", "together with"
        if c.dep_ == "advmod" and c.lower_ in ("along", "together"):
            for p, obj in syn.prep_objects(c, ("with",)):
                out.append(obj.i)
    return out


DISPERSE_VERBS = {"disperse", "scatter", "repel", "quell", "contain", "control", "clear", "push"}


def _purpose_target(verb: Any, actor_ids: set[int]) -> list[int]:
    """'Police fired tear gas to disperse the protesters': whom the force was used on."""
    for c in verb.children:
        if c.dep_ in ("xcomp", "advcl") and c.lemma_.lower() in DISPERSE_VERBS:
            obj = syn.direct_object(c)
            who = _agentive(obj) if obj is not None else None
            if who is not None and who.i not in actor_ids:
                return _with_conjuncts(who)
    return []


def _agentive(tok: Any) -> Any | None:
    """The agent a noun phrase names, if any: an entity, a person or group word, a pronoun;
    for a thing, its owner ('Israel's decision' -> Israel)."""
    tok = syn.through_quantifier(tok)
    if tok.ent_type_ in NON_AGENT_ENTS or tok.lemma_.lower() in TIME_WORDS or tok.lower_ in NOBODY_IN_PARTICULAR:
        return None
    locative = (tok.dep_ == "pobj" and tok.head.lower_ in ("at", "in", "near", "inside", "outside", "around")
                and tok.head.head.pos_ in ("NOUN", "PROPN"))
    if tok.ent_type_ in ("LOC", "FAC") or (locative and tok.ent_type_ in ("", "GPE", "LOC", "FAC")):
        return None  # "a restaurant at Lido beach": a place, not a party to the event
    if tok.ent_type_ in AGENT_ENTS or tok.pos_ == "PROPN" or syn.is_pronoun(tok):
        if tok.ent_type_ in PLACE_ENTS and tok.ent_type_ != "GPE":
            return None
        return tok
    if is_agent_noun(tok) or _definite_group(tok):
        return tok
    if load_lexicon().classes["territory"] & {tok.lemma_.lower()}:
        if tok.lemma_.lower() in load_lexicon().classes["military_property"]:
            # "fired at an Indian military position": India's forces are fired at
            return next((c for c in tok.lefts if c.dep_ == "amod" and c.ent_type_ in ("NORP", "GPE")), None)
        return None
    poss = syn.first_kid(tok, "poss")
    if poss is not None:
        return poss
    for p, o in syn.prep_objects(tok, ("by",)):  # "condemned an attack by X": X
        return syn.through_quantifier(o)
    if tok.lemma_.lower() in MASSING_NOUNS:  # "condemned the gathering of Turkish troops": the troops
        for p, o in syn.prep_objects(tok, ("of",)):
            return _agentive(o)
    return _agent_modifier(tok)  # "against the Israeli police raid": the police


MASSING_NOUNS = {"gathering", "massing", "concentration", "buildup", "deployment", "build-up"}
# "not threatening anyone": no party in particular
NOBODY_IN_PARTICULAR = {"what", "whatever", "anyone", "anybody", "everyone", "everybody", "someone", "somebody", "nobody", "anything",
                        "everything", "something", "nothing"}
WAR_NOUNS = {"war", "conflict", "insurgency", "violence", "fighting", "unrest", "uprising", "civil war"}


def _toll_of_a_war(subj: Any, verb: Any) -> bool:
    """'The conflict has killed more than 10,000 people': the subject is a war and the verb
    sums it up to now (present perfect)."""
    if subj.lemma_.lower() not in WAR_NOUNS:
        return False
    return verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("has", "have") for c in verb.children)


def _can_speak(tok: Any, lex: Lexicon | None) -> bool:
    """Who can accuse, demand, promise: people, institutions, named entities, their documents."""
    if tok.lower_ in ("this", "that", "these", "those") and tok.pos_ == "PRON":
        return False  # "this would call for additional measures": a state of affairs, not a speaker
    if tok.ent_type_ in AGENT_ENTS or tok.pos_ in ("PROPN", "PRON") or syn.is_pronoun(tok):
        return True
    if tok.text[:1].isupper() and tok.tag_ == "NN" and syn.first_kid(tok, "det") is None:
        return True  # a capitalised singular noun without an article is a name the tagger missed
    lemma = tok.lemma_.lower()
    if lex is not None and lemma in lex.classes["communication"]:
        return True
    if lemma in ("head", "chief") and any(c.dep_ == "compound" or (c.dep_ == "prep" and c.lower_ == "of")
                                          for c in tok.children):
        return True  # "GNA head Fayez al-Sarraj", "the head of the mission"
    return is_agent_noun(tok) or lemma in ("side", "sides", "party", "parties", "country", "countries", "nation",
                                           "nations", "state", "states", "bloc", "alliance", "coalition", "group",
                                           "groups", "organization", "organisation", "movement", "court", "council",
                                           "committee", "commission", "agency", "union", "body", "office", "team",
                                           "ally", "allies", "partner", "partners", "neighbour", "neighbours",
                                           "neighbor", "neighbors", "donor", "donors", "power", "powers", "rival",
                                           "rivals", "leadership", "producer", "producers", "maker", "makers",
                                           "author", "authors", "creator", "creators", "publisher", "publishers")


def _definite_group(tok: Any) -> bool:
    """'the organization', 'the group': a definite description of an actor (coref resolves it)."""
    from dotterel.stages.actors import ANAPHORIC_HEADS

    det = syn.first_kid(tok, "det")
    return det is not None and det.lower_ == "the" and tok.lemma_.lower() in ANAPHORIC_HEADS


def is_agent_noun(tok: Any) -> bool:
    """A common noun that names people or an institution: 'soldiers', 'the junta', 'armed forces'."""
    from dotterel.kb import load_kb, norm

    lex = load_lexicon()
    lemma, lower = tok.lemma_.lower(), tok.lower_
    if lemma in lex.classes["person"] or lower in lex.classes["person"] or lemma in lex.classes["gov_subject"]:
        return True
    agents = load_kb().agents
    return norm(lower) in agents or norm(lemma) in agents


def _agent_modifier(noun: Any) -> Any | None:
    """'the Israeli police raid': the modifier that names the agent."""
    lex = load_lexicon()
    for c in noun.lefts:
        if c.dep_ in ("compound", "nmod") and (c.ent_type_ in AGENT_ENTS or c.lemma_.lower() in lex.classes["person"]
                                               or c.lemma_.lower() in ("police", "army", "military", "government")):
            return c
    for c in noun.lefts:
        if c.dep_ == "amod" and c.ent_type_ in ("NORP", "GPE"):
            return c
    return None


def _place_words(tok: Any, light: Any | None) -> list[int]:
    """Place words attached to the predicate (or its support verb): 'in Khan Yunis',
    'captured the town of Janale', 'fought in Syria and Iraq', 'a visit to Taiwan'."""
    out: list[int] = []
    preps = PLACE_PREPS + (("to",) if tok.lemma_.lower() in VISIT_WORDS else ())
    for head in (tok, light):
        if head is None:
            continue
        for p, obj in syn.prep_objects(head, preps):
            out.extend(_place_heads(obj))
        obj = syn.first_kid(head, "dobj")
        if obj is not None:
            out.extend(_place_heads(obj, strict=True))
            for p, o in syn.prep_objects(obj, ("at", "in", "near", "outside", "inside")):
                out.extend(_place_heads(o))  # "attacked a restaurant at Lido beach, Mogadishu"
    return list(dict.fromkeys(out))


def _place_heads(tok: Any, strict: bool = False) -> list[int]:
    lex = load_lexicon()
    heads = []
    for t in [tok, *tok.conjuncts]:
        if t.ent_type_ in PLACE_ENTS or (t.pos_ == "PROPN" and t.dep_ == "pobj" and t.head.lower_ in LOCATIVE):
            heads.append(t.i)  # NER calls "Khan Younis" a person now and then; "in Khan Younis" is a place
            # "Lido beach, Mogadishu": the apposition is a second, often better known, name
            heads.extend(c.i for c in t.rights if c.dep_ == "appos" and c.ent_type_ in PLACE_ENTS)
        elif t.lemma_.lower() in lex.classes["territory"]:
            # "the town of Janale", "a base in Dioura", "the capital, Nay Pyi Taw"
            for p, o in syn.prep_objects(t, ("of", "in", "near")):
                if o.ent_type_ in PLACE_ENTS:
                    heads.append(o.i)
            heads.extend(c.i for c in t.rights if c.dep_ == "appos" and c.ent_type_ in PLACE_ENTS)
            for c in t.lefts:
                if c.ent_type_ in PLACE_ENTS:
                    heads.append(c.i)
            if not heads and any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in t.lefts):
                heads.append(t.i)  # "the al-Aksa mosque compound": the places stage reads the whole name
            if not strict and not heads:
                heads.append(t.i)
    return heads


def _time_words(tok: Any, light: Any | None) -> list[int]:
    out: list[int] = []
    for head in (tok, light):
        if head is None:
            continue
        for c in head.children:
            if c.ent_type_ in ("DATE", "TIME"):
                out.append(c.i)
            elif c.dep_ == "prep" and c.lower_ in ("on", "in", "during", "since", "by", "until", "at"):
                pobj = syn.first_kid(c, "pobj")
                if pobj is not None and pobj.ent_type_ in ("DATE", "TIME"):
                    out.append(pobj.i)
    return out
