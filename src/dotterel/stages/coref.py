"""coref: pronouns and definite descriptions ("they", "its", "the group", "the video") take the
entity they refer back to.

Reads `frame.actor_refs` / `frame.recipient_refs` marked `how="anaphor"` and the parse; writes
resolved ActorRefs with `how="coref:<word>"`. Antecedents are ranked the way readers rank them:
the subject of a main clause first, then other subjects, then the rest, nearest sentence first,
never an argument of the same predicate; a communication artifact ("the video", "it") stands
for whoever made it.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from dotterel.lexicon import load_lexicon
from dotterel.model import ActorRef, Document
from dotterel.stages import _syntax as syn
from dotterel.stages.actors import Actors, is_anaphor, is_artifact, is_maker_reference, possessive_owner
from dotterel.stages.base import BaseStage, register
from dotterel.stages.roles import is_agent_noun

LOOKBACK_SENTENCES = 3
PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "himself", "herself"}
SINGULAR_PRONOUNS = {"it", "its", "itself"}
SPEAKER_PRONOUNS = {"we", "us", "our", "ours", "ourselves", "i", "me", "my", "myself"}
PLURAL_PRONOUNS = {"they", "them", "their", "themselves"}
GROUP_HEADS = {"group", "organization", "organisation", "militia", "movement", "network", "faction", "outfit",
               "alliance", "coalition", "party", "bloc", "affiliate", "conglomerate"}
STATE_HEADS = {"country", "nation", "state", "regime"}


@dataclass
class Candidate:
    tok: int
    sent: int
    salience: int  # 3 main-clause subject, 2 subject, 1 other
    ref: ActorRef
    nature: str  # person | group | state | artifact | plural
    maker: ActorRef | None = None
    agentive: bool = False  # a word for people ("the organisers"), not for things


@register
class Coref(BaseStage):
    name = "coref"
    version = "v1"
    requires = ("frame.actor_refs",)
    assigns = ("frame.actor_refs", "frame.recipient_refs")

    def __init__(self, *, actors: Actors | None = None, **settings: Any) -> None:
        super().__init__(**settings)
        self.actors = actors or Actors()

    def initialize(self) -> None:
        self.actors.initialize()

    def __call__(self, doc: Document) -> Document:
        sdoc = doc.spacy
        cands = self._candidates(doc)
        sent_of = {s.start: n for n, s in enumerate(syn.sentences(sdoc))}
        tok_sent = _token_sentences(sdoc, sent_of)
        for frame in doc.frames:
            busy = set(frame.actors) | set(frame.recipients) | set(frame.companions)
            ids = [*frame.actors, *frame.companions]
            frame.actor_refs = [self._resolve(doc, r, i, busy, cands, tok_sent) for r, i in zip(frame.actor_refs, ids)]
            frame.recipient_refs = [self._resolve(doc, r, i, busy, cands, tok_sent)
                                    for r, i in zip(frame.recipient_refs, frame.recipients)]
        group = _dominant_group(cands)
        for n, frame in enumerate(doc.frames):
            if group is not None:
                frame.actor_refs = [_generic_to_group(r, group, _from_a_group(doc, r)) for r in frame.actor_refs]
                if not any(r.entity_id == group.entity_id for r in frame.actor_refs):
                    # the fighters the group attacks are somebody else's
                    frame.recipient_refs = [_generic_to_group(r, group) for r in frame.recipient_refs]
            if not frame.actor_refs and frame.type in IMPLICIT_AGENT_TYPES and "passive" in " ".join(frame.role_notes + [_voice(doc, frame)]):
                implicit = _implicit_agent(doc, frame, doc.frames[:n], tok_sent)
                if implicit is None:
                    implicit = _next_agent(frame, doc.frames[n + 1:], tok_sent)
                if implicit is not None:
                    frame.actor_refs = [implicit]
            frame.actor_refs = [_armed_forces(r, frame.type) for r in frame.actor_refs]

        doc.log.append(self.qualified_name)
        return doc

    # --- antecedents ---------------------------------------------------------------------
    def _candidates(self, doc: Document) -> list[Candidate]:
        sdoc = doc.spacy
        lex = load_lexicon()
        ctx = self.actors.context(doc)
        out: list[Candidate] = []
        makers: dict[str, ActorRef] = {}  # artifact word -> who made the last one ("video" -> its publisher)
        tok_sent = _token_sentences(sdoc, {})
        for n, sent in enumerate(syn.sentences(sdoc)):
            if doc.in_caption(sent.start_char):
                continue  # a caption is not part of the story's discourse
            for tok in sent:
                salience = _salience(tok)
                lemma = tok.lemma_.lower()
                if lemma in lex.classes["communication"] and tok.pos_ == "NOUN":
                    maker, _ = syn.artifact_maker(tok)
                    if maker is not None and not is_anaphor(maker) and not is_artifact(maker):
                        makers[lemma] = self.actors.resolve_at(doc, maker.i, ctx)
                    out.append(Candidate(tok.i, n, max(salience, 1), ActorRef(name=tok.text), "artifact", makers.get(lemma)))
                    continue
                if salience == 0 and tok.dep_ == "dobj" and tok.pos_ == "NOUN" and is_agent_noun(tok):
                    salience = -1  # an object: the antecedent of a later passive subject ("... were released")
                if salience == 0 or (is_anaphor(tok) and possessive_owner(tok) is None):
                    continue
                head = syn.through_quantifier(tok)
                if head.i != tok.i and head.lemma_.lower() in lex.classes["communication"]:
                    out.append(Candidate(head.i, n, salience, ActorRef(name=head.text), "artifact",
                                         makers.get(head.lemma_.lower())))
                    continue
                ref = self.actors.resolve_at(doc, head.i, ctx)
                if ref.how == "anaphor":  # "their forces": whoever "their" is, else the forces as written
                    ref = self._resolve(doc, ref, head.i, set(), out, tok_sent)
                nature = _kb_nature(ref, self.actors.kb) or _nature(head)
                if nature is None:
                    continue
                agentive = is_agent_noun(head)
                out.append(Candidate(head.i, n, salience, ref, nature, agentive=agentive))
        return out

    def _resolve(self, doc: Document, ref: ActorRef, tok_i: int, busy: set[int], cands: list[Candidate],
                 tok_sent: dict[int, int]) -> ActorRef:
        if ref.how not in ("anaphor", "artifact"):
            return ref
        tok = doc.spacy[tok_i]
        if ref.how == "artifact":
            maker = next((c.maker for c in cands if c.nature == "artifact" and c.tok == tok_i), None)
            if maker is None:
                return ref
            return replace(maker, text=ref.text, start=ref.start, end=ref.end, how=f"artifact-maker:{tok.lower_}",
                           confidence=round(maker.confidence * 0.85, 3))
        if is_maker_reference(tok):  # "the producers have coopted ...": the last artifact's maker
            made = next((c for c in reversed(cands) if c.nature == "artifact" and c.maker is not None
                         and c.tok < tok_i), None)
            if made is None:
                return replace(ref, how="anaphor:unresolved")
            return replace(made.maker, text=ref.text, start=ref.start, end=ref.end, how=f"coref:{tok.lower_}:maker",
                           confidence=round(made.maker.confidence * 0.8, 3))
        owner = possessive_owner(tok)
        if owner is not None:  # "its leaders" act for what "its" refers to
            found = self._resolve(doc, ref, owner.i, busy, cands, tok_sent)
            if found.how.startswith("anaphor"):  # nobody else: "Israel strengthened its forces"
                return self.actors.resolver.resolve_token(tok, self.actors.context(doc))
            return found
        want = _wanted(tok)
        here = tok_sent.get(tok_i, 0)
        if want == "speaker":
            speaker = _speaker_of(tok)
            if speaker is not None and speaker.i != tok_i:
                found = next((c for c in cands if c.tok == speaker.i), None)
                ref2 = found.ref if found is not None else self.actors.resolve_at(doc, speaker.i, self.actors.context(doc))
                if ref2.how.startswith("anaphor"):
                    ref2 = self._resolve(doc, ref2, speaker.i, busy, cands, tok_sent)
                if not ref2.how.startswith("anaphor"):
                    return replace(ref2, text=ref.text, start=ref.start, end=ref.end, how=f"coref:{tok.lower_}:speaker",
                                   confidence=round(ref2.confidence * 0.85, 3))
            want = "plural"
        local = _possessor_object(tok)
        if local is not None:
            found = next((c for c in cands if c.tok == local.i), None)
            if found is not None and found.nature != "artifact":
                return replace(found.ref, text=ref.text, start=ref.start, end=ref.end, how=f"coref:{tok.lower_}",
                               confidence=round(found.ref.confidence * 0.85, 3))
        patient = tok.dep_ == "nsubjpass"
        parent = self._named_parent(doc, tok)
        busy = busy | {t.i for t in tok.subtree}  # "the jihadist group" does not refer to its own "jihadist"
        best = None
        if parent is not None:  # "the al Qaeda group" is one of al-Qaeda's groups, named anywhere before
            best = _antecedent(cands, tok_i, here, busy, want, patient, lookback=here,
                               keep=lambda c: self._affiliated(c.ref, parent))
        if best is None and parent is not None and not _relation_word_after(doc, tok):
            # "the Boko Haram armed group" with no affiliate before it is Boko Haram itself
            named = self._parent_ref(doc, tok)
            if named is not None:
                return replace(named, text=ref.text, start=ref.start, end=ref.end, how=f"named-description:{tok.lower_}",
                               confidence=round(named.confidence * 0.9, 3))
        if best is None:
            best = _antecedent(cands, tok_i, here, busy, want, patient, lookback=LOOKBACK_SENTENCES)
        if best is None:
            return replace(ref, how="anaphor:unresolved")
        target = best.maker if best.nature == "artifact" else best.ref
        if target is None:
            return replace(ref, how="anaphor:unresolved")
        return replace(target, text=ref.text, start=ref.start, end=ref.end, how=f"coref:{tok.lower_}",
                       confidence=round(target.confidence * 0.85, 3))


    def _named_parent(self, doc: Document, tok: Any) -> str | None:
        """The organisation named inside a description ('the al Qaeda group', 'the IS affiliate')."""
        ref = self._parent_ref(doc, tok)
        return ref.entity_id if ref is not None else None

    def _parent_ref(self, doc: Document, tok: Any) -> ActorRef | None:
        for c in doc.spacy[tok.left_edge.i: tok.i]:  # "the al-Qaeda-linked group": the name sits under "linked"
            if c.dep_ in ("compound", "nmod", "amod", "npadvmod") and (c.pos_ == "PROPN" or c.ent_type_ == "ORG"):
                ref = self.actors.resolve_at(doc, c.i, self.actors.context(doc))
                if ref.resolved and ref.entity_id and ref.sector not in ("GOV",):
                    return ref
        return None

    def _affiliated(self, ref: ActorRef, parent_id: str) -> bool:
        entity = self.actors.kb.entities.get(ref.entity_id or "")
        return entity is not None and any(str(a.get("to")) == parent_id for a in entity.affiliations)


def _antecedent(cands: list[Candidate], tok_i: int, here: int, busy: set[int], want: str, patient: bool, *,
                lookback: int, keep: Any = None) -> Candidate | None:
    """The best earlier candidate within `lookback` sentences that `keep` accepts."""
    best: Candidate | None = None
    for c in cands:
        if c.tok >= tok_i and c.sent == here:
            continue
        if c.sent > here or here - c.sent > lookback or c.tok in busy or c.tok == tok_i:
            continue
        if not _compatible(want, c) or (c.salience < 0 and not patient):
            continue
        if keep is not None and not keep(c):
            continue
        if best is None or _rank(c, here, patient) > _rank(best, here, patient):
            best = c
    return best


def _relation_word_after(doc: Document, tok: Any) -> bool:
    """'the al-Qaeda-linked group': the name is what the group is linked to, not the group."""
    return any(t.lower_ in ("linked", "backed", "aligned", "allied", "affiliated", "inspired", "allied")
               for t in doc.spacy[tok.left_edge.i: tok.i])


def _speaker_of(tok: Any) -> Any | None:
    """'We claim the attack,' the group's spokesman said: 'we' is whoever the speaker speaks for."""
    from dotterel.stages.status import REPORTING_VERBS

    speaker = None
    for anc in tok.ancestors:
        if anc.lemma_.lower() in REPORTING_VERBS:
            speaker = syn.first_kid(anc, "nsubj")
            if speaker is not None and speaker.i == tok.i:
                speaker = None  # "'We warn the U.S. ...,' the state news said": look further out
                continue
            break
    if speaker is None:
        sents = syn.sentences(tok.doc)
        here = next(k for k, s in enumerate(sents) if s.start <= tok.i < s.end)
        # the quote's own sentence, then the one after (a quote cut short by "...": '"... I would
        # resign," Jebali told'), then the one before
        order = [k for k in (here, here + 1, here - 1) if 0 <= k < len(sents)]
        for sent in (sents[k] for k in order):
            verbs = [t for t in sent if t.lemma_.lower() in REPORTING_VERBS and syn.first_kid(t, "nsubj") is not None]
            if verbs:
                speaker = syn.first_kid(verbs[-1], "nsubj")
                break
    if speaker is None or speaker.lower_ in SPEAKER_PRONOUNS:
        return None
    poss = syn.first_kid(speaker, "poss")  # "the group's spokesman" speaks for the group
    if poss is not None and speaker.lemma_.lower() in ("spokesman", "spokeswoman", "spokesperson", "leader",
                                                       "commander", "official", "representative", "chief", "head",
                                                       "news", "media", "agency", "broadcaster", "television"):
        return poss
    return speaker


IMPLICIT_AGENT_TYPES = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE"}
GENERIC_FIGHTERS = {"militants", "militant", "insurgents", "insurgent", "rebels", "rebel", "jihadists", "jihadist",
                    "fighters", "attackers", "assailants", "mujahideen", "extremists", "terrorists",
                    "suspected militants", "suspected rebels", "suspected insurgents", "the group"}


UNIDENTIFIED_FIGHTERS = {"gunmen", "gunman", "armed men"}
GROUP_WORDS = {"group", "movement", "militia", "network", "organization", "organisation", "faction", "cell"}


def _from_a_group(doc: Document, ref: ActorRef) -> bool:
    """'Gunmen from an al-Qaeda-linked group': the phrase says whose they are."""
    if ref.start is None or ref.end is None:
        return False
    span = doc.spacy.char_span(ref.start, ref.end, alignment_mode="expand")
    if span is None:
        return False
    return any(o.lemma_.lower() in GROUP_WORDS for p, o in syn.prep_objects(span.root, ("from", "of")))


def _voice(doc: Document, frame: Any) -> str:
    tok = doc.spacy[frame.trigger]
    return "passive" if frame.pos == "verb" and (syn.is_passive(tok) or (tok.dep_ == "acl" and tok.tag_ == "VBN")) else ""


def _implicit_agent(doc: Document, frame: Any, earlier: list[Any], tok_sent: dict[int, int]) -> ActorRef | None:
    """'The Taliban attacked the post ... Seven Taliban were killed': a passive with no agent
    was done by whoever the text last named doing that kind of thing nearby. When the victim is
    that earlier actor, the earlier target struck back."""
    here = tok_sent.get(frame.trigger, 0)
    for prev in reversed(earlier):
        if prev.type != frame.type or not prev.actor_refs or here - tok_sent.get(prev.trigger, 0) > 2:
            continue
        actor = prev.actor_refs[0]
        if any(_same_side(actor, r) for r in frame.recipient_refs):
            if not prev.recipient_refs:
                return None
            actor = prev.recipient_refs[0]
        if actor.how.startswith("anaphor") or actor.how == "artifact":
            return None
        return replace(actor, how=f"implicit:{actor.how}", confidence=round(actor.confidence * 0.5, 3),
                       start=None, end=None)
    return None


def _next_agent(frame: Any, later: list[Any], tok_sent: dict[int, int]) -> ActorRef | None:
    """'Two officers were attacked with sticks ... Protesters also threw bottles at other
    officers': the passive's agent is named in the next sentence doing the same to the same
    kind of victim."""
    here = tok_sent.get(frame.trigger, 0)
    victims = frame.recipient_refs
    for nxt in later:
        if tok_sent.get(nxt.trigger, 0) - here > 1:
            break
        if nxt.type != frame.type or not nxt.actor_refs or not nxt.recipient_refs or tok_sent.get(nxt.trigger, 0) == here:
            continue
        actor = nxt.actor_refs[0]
        if actor.how.startswith(("anaphor", "implicit")) or actor.how == "artifact":
            continue
        if any(_same_side(actor, v) for v in victims):
            continue
        if any(v.sector and v.sector == r.sector for v in victims for r in nxt.recipient_refs):
            return replace(actor, how=f"implicit-next:{actor.how}", confidence=round(actor.confidence * 0.4, 3),
                           start=None, end=None)
    return None


def _same_side(a: ActorRef, b: ActorRef) -> bool:
    """One party named twice: the same entity, the same name, or ('suspected rebels' ... 'four
    militants') two unresolved collectives of one sector and country."""
    if (a.entity_id or a.name).lower() == (b.entity_id or b.name).lower():
        return True
    if a.resolved or b.resolved or not a.sector or a.sector != b.sector or a.sector in ("CVL", "UNK"):
        return False
    return a.country == b.country or a.country is None or b.country is None


def _dominant_group(cands: list[Candidate]) -> ActorRef | None:
    """The armed group an article is about: the one named most often (at least twice)."""
    from collections import Counter

    counts: Counter[str] = Counter()
    refs: dict[str, ActorRef] = {}
    for c in cands:
        r = c.ref
        if r.resolved and r.entity_id and r.sector == "REB":
            counts[r.entity_id] += 1
            refs.setdefault(r.entity_id, r)
    if not counts:
        return None
    (top, n), *rest = counts.most_common(2) + [("", 0)]
    return refs[top] if n >= 2 and n > rest[0][1] else None


def _generic_to_group(ref: ActorRef, group: ActorRef, from_a_group: bool = False) -> ActorRef:
    """'insurgents', 'the militants' in an article about one armed group mean that group;
    'gunmen' only when the text says they come from a group ('gunmen from an al-Qaeda-linked
    group'): "a number of gunmen" in another report stay unidentified."""
    if ref.resolved or ref.entity_id:
        return ref
    name = ref.name.lower()
    if name not in GENERIC_FIGHTERS and not (name in UNIDENTIFIED_FIGHTERS and from_a_group):
        return ref
    if ref.country and group.country and ref.country != group.country:
        return ref
    return replace(group, text=ref.text, start=ref.start, end=ref.end, how=f"article-group:{ref.name}",
                   confidence=round(group.confidence * 0.6, 3))


def _armed_forces(ref: ActorRef, type_: str | None) -> ActorRef:
    """A state that attacks or deploys acts through its armed forces (PLOVER sector MIL)."""
    if type_ in ("ASSAULT", "MOBILIZE") and ref.entity_id and ref.entity_id == ref.country and ref.sector == "GOV":
        return replace(ref, sector="MIL")
    return ref


def _possessor_object(tok: Any) -> Any | None:
    """'calls Hamas out on its policy': a possessive inside the verb's complement refers to
    the verb's object when that object is a named agent."""
    if tok.dep_ != "poss" or tok.lower_ not in ("its", "their"):
        return None
    node = tok.head
    for _ in range(4):
        if node.head is node:
            return None
        if node.dep_ in ("pobj", "prep", "dobj") and node.head.pos_ in ("VERB", "ADP", "NOUN"):
            node = node.head
            if node.pos_ == "VERB":
                obj = syn.first_kid(node, "dobj")
                if obj is not None and obj.i < tok.i and (obj.ent_type_ in ("ORG", "GPE", "NORP", "PERSON") or obj.pos_ == "PROPN"):
                    if tok.dep_ == "poss" and not (obj.tag_ in ("NNS", "NNPS") and tok.lower_ == "its"):
                        return obj
                return None
        else:
            return None
    return None


def _token_sentences(sdoc: Any, sent_of: dict[int, int]) -> dict[int, int]:
    out = {}
    for n, sent in enumerate(syn.sentences(sdoc)):
        for t in sent:
            out[t.i] = n
    return out


def _salience(tok: Any) -> int:
    if tok.dep_ in ("nsubj", "nsubjpass"):
        return 3 if tok.head.dep_ == "ROOT" else 2
    if tok.ent_type_ in ("ORG", "PERSON", "NORP", "GPE") and tok.ent_iob_ == "B":
        return 1
    return 0


def _kb_nature(ref: ActorRef, kb: Any) -> str | None:
    """What the knowledge base knows the antecedent is (NER may call 'Boko Haram' a person)."""
    entity = kb.entities.get(ref.entity_id or "") if ref.resolved else None
    if entity is None:
        return None
    return {"state": "state", "person": "person"}.get(entity.kind, "group")


def _nature(tok: Any) -> str | None:
    if tok.ent_type_ == "PERSON":
        return "person"
    if tok.ent_type_ == "GPE":
        return "state"
    if tok.ent_type_ in ("ORG",) or tok.lemma_.lower() in GROUP_HEADS:
        return "group"
    if tok.tag_ in ("NNS", "NNPS") or tok.ent_type_ == "NORP":
        return "plural"
    if tok.pos_ == "PROPN":
        return "group"
    if tok.pos_ == "NOUN" and is_agent_noun(tok):
        return "group"  # "the junta", "the government", "the army"
    return None


def _wanted(tok: Any) -> str:
    w = tok.lower_
    if w in SPEAKER_PRONOUNS:
        return "speaker"
    if w in PERSON_PRONOUNS:
        return "person"
    if w in SINGULAR_PRONOUNS:
        return "singular"
    if w in PLURAL_PRONOUNS:
        return "plural"
    lemma = tok.lemma_.lower()
    if lemma in STATE_HEADS:
        return "state"
    return "group"


def _compatible(want: str, c: Candidate) -> bool:
    if want == "person":
        return c.nature == "person"
    if c.ref.sector == "MED" and want in ("singular", "plural"):
        return False  # the outlet a text cites ("told Reuters") is not who "it" or "they" are
    if want == "singular":
        return c.nature in ("group", "state", "artifact")
    if want == "plural":
        # "they" are people or organisations, not "the exercises" of the sentence before
        return c.nature in ("plural", "group") and (c.ref.resolved or c.ref.sector is not None
                                                    or (c.agentive and c.salience < 0))
    if want == "state":
        return c.nature == "state"
    if not c.ref.resolved and c.ref.sector is None:
        return False  # "the group" is not the "field guns" of the sentence before
    return c.nature in ("group", "plural") and c.ref.sector not in ("GOV", "CVL", "MED")


def _rank(c: Candidate, here: int, patient: bool = False) -> tuple[int, int, int]:
    """Nearest sentence first, then the subject of a main clause; a passive subject ('they were
    released') looks first for an earlier object (the people acted on)."""
    salience = 4 if (patient and c.salience < 0) else c.salience
    return (-(here - c.sent), salience, c.tok)
