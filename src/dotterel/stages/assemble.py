"""assemble: turn the frames into Mention records with evidence.

Reads every frame annotation; writes `doc.mentions`. One Mention per actor (compound actors
"Hamas and Islamic Jihad" give one event each, the convention of the gold suites) and per
recipient. Evidence is the predicate's clause inside its sentence, as exact character offsets
into the article. Two predicates of one sentence that state the same event ("launched an
attack ..., killing 50") become one Mention. Parties the text implies are filled in and marked
(`how="implied:..."`, `"claimed-responsibility:..."`): the state a protest or an attack is
against, the party a rejection answers, a rally's protesters, the attackers of someone attacked.
"""
from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Any

from dotterel.model import ActorRef, Document, Evidence, Frame, Mention
from dotterel.model.plover import codebook
from dotterel.stages import _syntax as syn
from dotterel.stages.base import BaseStage, register

MAX_ACTORS_PER_FRAME = 4
POSSESSIVES = {"its", "their", "his", "her", "our", "my", "your"}


@register
class Assemble(BaseStage):
    name = "assemble"
    version = "v1"
    requires = ("frame.type", "frame.actor_refs", "frame.place", "frame.date", "frame.status")
    assigns = ("doc.mentions",)

    def __call__(self, doc: Document) -> Document:
        frames = _merge_same_event(doc, [f for f in doc.frames if f.type and not f.dropped])
        frames = _credit_claims(doc, frames)
        frames = _drop_back_references(doc, frames)
        # a bare verb with nobody acting and nobody acted on ("... were injured") codes nothing
        frames = [f for f in frames if f.actor_refs or f.recipient_refs or f.pos == "noun"]
        for n, frame in enumerate(frames):
            if not frame.recipient_refs:
                implied = implied_recipient(frame, self.kb) or answered_party(frame, frames[:n])
                if implied is not None:
                    frame.recipient_refs = [implied]
        for frame in frames:
            frame.recipient_refs = [_local_country(r, frame) for r in frame.recipient_refs]
            if not frame.actor_refs:
                unnamed = unnamed_actor(frame, doc)
                frame.actor_refs = [unnamed] if unnamed is not None else []
        mentions: list[Mention] = []
        seen: set[str] = set()
        for frame in frames:
            for m in self._mentions(doc, frame):
                if m.mention_id not in seen:
                    seen.add(m.mention_id)
                    mentions.append(m)
        doc.mentions = mentions
        doc.log.append(self.qualified_name)
        return doc

    def _mentions(self, doc: Document, frame: Frame) -> list[Mention]:
        sdoc = doc.spacy
        start, end = evidence_span(sdoc, frame)
        sent = sdoc[frame.trigger].sent
        sentence = Evidence(sent.start_char, sent.end_char, doc.text[sent.start_char:sent.end_char])
        evidence = Evidence(start, end, doc.text[start:end])
        book = codebook()
        actors: list[ActorRef | None] = list(frame.actor_refs[:MAX_ACTORS_PER_FRAME]) or [None]
        # "strengthened its presence" with "its" the actor itself: no one else is acted on
        named = [r for r in frame.recipient_refs if not (r.how == "anaphor:unresolved" and r.text.lower() in POSSESSIVES)]
        recipients: list[ActorRef | None] = list(named[:MAX_ACTORS_PER_FRAME]) or [None]
        out = []
        for actor in actors:
            mine = [r for r in recipients if not (actor is not None and r is not None and _same_entity(actor, r))]
            if not mine and all(r is not None and r.how.startswith("coref") for r in recipients):
                mine = [None]  # "the ministers affirmed their intention": a pronoun back to the actor is no recipient
            for recipient in mine:
                out.append(Mention(
                    mention_id=_mention_id(doc.doc_id, frame, start, end, actor, recipient),
                    doc_id=doc.doc_id,
                    type=frame.type or "",
                    mode=frame.mode,
                    context=tuple(frame.context),
                    actor=actor,
                    recipient=recipient,
                    location=frame.place,
                    date=frame.date,
                    status=frame.status,
                    attributed_to=frame.attribution_text,
                    evidence=evidence,
                    confidence=_confidence(frame, actor, recipient),
                    trigger=sdoc[frame.trigger].text,
                    quad=book.quad(frame.type or "AGREE"),
                    score=book.score(frame.type or "AGREE", frame.mode),
                    sentence=sentence,
                    section=frame.section,
                ))
        return out


    @property
    def kb(self) -> Any:
        from dotterel.kb import load_kb

        return load_kb()


def implied_recipient(frame: Frame, kb: Any) -> ActorRef | None:
    """A target the text implies and a coder would write down, marked `how="implied:..."`:
    a protest that names no target is against its country's government; an attack on a place
    in another country ('fired missiles at an airport in southwest Saudi Arabia') is against
    that state."""
    actor_countries = {r.country for r in frame.actor_refs if r.country}
    country, why = None, ""
    if frame.type == "PROTEST":
        country = next((r.country for r in frame.actor_refs if r.country and len(r.country) == 3
                        and r.country not in ("IGO", "NGO", "MNC")), None)
        country = country or (frame.place.country if frame.place and frame.place.precision < 3 else None)
        why = "protest-target"
    elif frame.type in ("ASSAULT", "COERCE") and frame.place is not None and frame.place.how == "attached":
        if frame.place.country and frame.place.country not in actor_countries and actor_countries:
            country, why = frame.place.country, "target-place"
    state = kb.state(country) if country else None
    if state is None:
        return None
    return ActorRef(name=state.name, text="", country=state.country, sector="GOV", entity_id=state.id,
                    wikidata_id=state.wikidata, resolved=True, confidence=0.4, how=f"implied:{why}")


def unnamed_actor(frame: Frame, doc: Document) -> ActorRef | None:
    """Who a coder writes down when the text names no one: a rally's protesters; the
    unidentified attackers of someone attacked. Marked `how="implied:..."`, low confidence,
    with the event's (or the story's) country."""
    if frame.type == "PROTEST" and not _official_protest(frame, doc):
        name, sector = "protesters", "CVL"
    elif frame.type == "ASSAULT" and frame.recipient_refs and not any(r.sector == "REB" for r in frame.recipient_refs):
        # (militants killed are killed by forces a coder would name from elsewhere, not "attackers")
        name, sector = "unidentified attackers", "UNK"
    else:
        return None
    country = frame.place.country if frame.place is not None and frame.place.country else None
    if country is None and doc.actor_context is not None:
        country = doc.actor_context.country
    return ActorRef(name=name, text="", country=country, sector=sector, resolved=False, confidence=0.2,
                    how="implied:no-one-named")


def _official_protest(frame: Frame, doc: Document) -> bool:
    """'lodged an official protest with Albania': a government's note, not a crowd."""
    tok = doc.spacy[frame.trigger]
    light = doc.spacy[frame.light] if frame.light is not None else None
    return (any(c.lower_ in ("official", "formal", "diplomatic", "strong", "written") for c in tok.lefts)
            or (light is not None and light.lemma_.lower() in ("lodge", "file", "register", "submit", "deliver")))


def _local_country(ref: ActorRef, frame: Frame) -> ActorRef:
    """'killing a civilian' near Kapan: a collective acted on whose country came only from the
    article's main country takes the event's place's country instead (those acted on are
    usually where it happens; those acting often come from elsewhere)."""
    place = frame.place
    if not ref.how.endswith("+country:context") or place is None or place.precision > 2 or not place.country:
        return ref
    if place.country == ref.country:
        return ref
    return replace(ref, country=place.country, how=ref.how.replace("+country:context", "+country:event-place"))


ANSWERS = {"REJECT", "ACCUSE"}


def answered_party(frame: Frame, earlier: list[Frame]) -> ActorRef | None:
    """A rejection or an accusation that names no one answers the latest party in the article
    that acted on the speaker's side ('the UK expelled 23 Russians ... Russia ignored a midnight
    deadline': the UK). Marked `how="implied:answers:..."`."""
    if frame.type not in ANSWERS or len(frame.actor_refs) != 1:
        return None
    me = frame.actor_refs[0]
    if not me.country or len(me.country) != 3:
        return None
    for prior in reversed(earlier):
        if not any(r.country == me.country for r in prior.recipient_refs):
            continue
        other = next((a for a in prior.actor_refs if a.country and a.country != me.country
                      and not _shares_name(a, me)), None)  # "the coalition spokesman" speaks for the coalition
        if other is not None:
            return replace(other, confidence=round(other.confidence * 0.6, 3), how=f"implied:answers:{other.how}",
                           start=None, end=None)
    return None


def _name_words(ref: ActorRef) -> set[str]:
    return {w for w in ref.name.lower().replace("-", " ").split() if len(w) > 3}


def _shares_name(a: ActorRef, b: ActorRef) -> bool:
    return bool(_name_words(a) & _name_words(b))


def evidence_span(sdoc: Any, frame: Frame) -> tuple[int, int]:
    """From the actor (when it is in the sentence) through the predicate and its core
    arguments, never past the sentence."""
    trigger = sdoc[frame.trigger]
    sent = trigger.sent
    toks = list(syn.clause_tokens(trigger)) if frame.pos == "verb" else list(trigger.subtree)
    if frame.light is not None:
        light = sdoc[frame.light]
        toks.append(light)
        toks.extend(t for c in light.children if c.dep_ in ("prt", "aux", "neg") for t in c.subtree)
    for i in [*frame.actors, *frame.companions, *frame.recipients]:
        tok = sdoc[i]
        if sent.start <= tok.i < sent.end and abs(tok.i - trigger.i) <= 25:
            toks.extend(syn.noun_phrase(tok))
    toks = [t for t in toks if sent.start <= t.i < sent.end and not t.is_space]
    start, end = syn.span_bounds(toks)
    # trim trailing punctuation and dangling conjunctions
    text = syn.doc_text(sdoc)
    while end > start and text[end - 1] in " ,;:":
        end -= 1
    return start, end


def _merge_same_event(doc: Document, frames: list[Frame]) -> list[Frame]:
    """'launched a deadly attack on a base ..., killing 50 soldiers': the noun and the verb of
    one sentence with the same type and actor are one event; keep the more confident."""
    sdoc = doc.spacy
    out: list[Frame] = []
    for f in sorted(frames, key=lambda f: -f.confidence):
        sent = sdoc[f.trigger].sent.start
        twin = next((g for g in out if g.type == f.type and sdoc[g.trigger].sent.start == sent
                     and (_names(g.actor_refs) == _names(f.actor_refs) or not g.actor_refs or not f.actor_refs)
                     and _governs(sdoc, f, g)), None)
        if twin is None:
            out.append(f)
            continue
        if not twin.actor_refs and f.actor_refs:
            twin.actor_refs = f.actor_refs
        if not twin.recipient_refs and f.recipient_refs:
            twin.recipient_refs = f.recipient_refs
        # the merged event keeps the best of both tellings: an explicit date, a mode, a finer place
        if f.date is not None and f.date.how != "published" and (twin.date is None or twin.date.how == "published"):
            twin.date = f.date
        twin.mode = twin.mode or f.mode
        if f.place is not None and (twin.place is None or f.place.precision < twin.place.precision):
            twin.place = f.place
    return sorted(out, key=lambda f: f.trigger)


CLAIM_SENTENCES = 3
CLAIMED_AHEAD_SENTENCES = 6
CLAIMABLE = {"ASSAULT"}


def _credit_claims(doc: Document, frames: list[Frame]) -> list[Frame]:
    """'Five soldiers were killed ... The Taliban claimed responsibility for the attack': a claim
    for a definite, already told attack names who did it; it is not a second attack. The claimer
    becomes the earlier event's actor when it had none (or only a generic one)."""
    sdoc = doc.spacy
    sent_of = {t.i: n for n, s in enumerate(syn.sentences(sdoc)) for t in s}
    out: list[Frame] = []
    claimed: list[Frame] = []  # claims told before the attack they claim
    for f in frames:
        if f.pos == "noun" and f.light is not None and _is_claim(sdoc, f):
            earlier = next((g for g in reversed(out) if g.type == f.type
                            and 0 <= sent_of[f.trigger] - sent_of[g.trigger] <= CLAIM_SENTENCES), None)
            if earlier is not None and f.actor_refs and (not earlier.actor_refs or not earlier.actor_refs[0].resolved):
                earlier.actor_refs = f.actor_refs
                earlier.role_notes.append("actor:claimed-responsibility")
            if f.actor_refs and f.actor_refs[0].resolved:
                claimed.append(f)
            if earlier is not None:
                continue
        elif not f.actor_refs and f.recipient_refs and f.type in CLAIMABLE:
            # "The TTP claimed the attack ... Earlier on Tuesday, a bomb attack on a convoy ...":
            # an attack on someone, told with no one doing it, after a claim for it, is the
            # claimed attack
            claim = next((c for c in reversed(claimed) if c.type == f.type
                          and 0 < sent_of[f.trigger] - sent_of[c.trigger] <= CLAIMED_AHEAD_SENTENCES
                          and not any(_same_entity(a, r) for a in c.actor_refs for r in f.recipient_refs)), None)
            if claim is not None:
                f.actor_refs = [replace(a, how=f"claimed-responsibility:{a.how}", start=None, end=None)
                                for a in claim.actor_refs]
                f.role_notes.append("actor:claimed-responsibility")
        out.append(f)
    return out


BACK_REFERENCE_SENTENCES = 6


def _drop_back_references(doc: Document, frames: list[Frame]) -> list[Frame]:
    """'Gunmen attacked a police station ... Saturday's attack was the third this month': a
    definite singular event noun with nobody new in it retells an event already coded; a second
    event would count one attack twice."""
    sdoc = doc.spacy
    sent_of = {t.i: n for n, s in enumerate(syn.sentences(sdoc)) for t in s}
    out: list[Frame] = []
    for f in frames:
        if f.pos == "noun" and _definite_singular(sdoc[f.trigger]):
            earlier = next((g for g in reversed(out) if g.type == f.type and g.status == f.status
                            and 0 < sent_of[f.trigger] - sent_of[g.trigger] <= BACK_REFERENCE_SENTENCES
                            and (not f.actors or _no_one_new(f.actor_refs, g.actor_refs))
                            and (not f.recipients or _no_one_new(f.recipient_refs, g.recipient_refs))), None)
            if earlier is not None:
                f.dropped = f"retells the event at token {earlier.trigger}"
                continue
        out.append(f)
    return out


def _definite_singular(noun: Any) -> bool:
    if noun.tag_ != "NN":
        return False
    det = syn.first_kid(noun, "det")
    return (det is not None and det.lower_ in ("the", "this", "that")) or any(c.dep_ == "poss" for c in noun.children)


def _no_one_new(refs: list[ActorRef], earlier: list[ActorRef]) -> bool:
    return all(any(_same_entity(r, e) for e in earlier) for r in refs)


def _is_claim(sdoc: Any, f: Frame) -> bool:
    noun, light = sdoc[f.trigger], sdoc[f.light] if f.light is not None else None
    if light is None or light.lemma_.lower() not in ("claim", "admit", "accept") :
        return False
    det = syn.first_kid(noun, "det")
    definite = (det is not None and det.lower_ in ("the", "this", "that", "these", "those")) or any(
        c.dep_ == "poss" for c in noun.children)
    return definite


def _governs(sdoc: Any, a: Frame, b: Frame) -> bool:
    """One predicate is the other's argument or adverbial ('attack ... killing', 'claimed ... assault');
    coordinated verbs ('accuse X and lambast Y') are separate acts."""
    heads_a = {sdoc[a.trigger].i} | ({a.light} if a.light is not None else set())
    heads_b = {sdoc[b.trigger].i} | ({b.light} if b.light is not None else set())
    if any(_above(sdoc[x], heads_b) for x in heads_a) or any(_above(sdoc[x], heads_a) for x in heads_b):
        return True
    return _charged_together(sdoc[a.trigger], sdoc[b.trigger]) or _charged_together(sdoc[b.trigger], sdoc[a.trigger])


def _charged_together(act: Any, participle: Any) -> bool:
    """'accused X of firing at the area, killing a civilian': the parser hangs the killing on
    "accused"; it tells the firing's outcome."""
    if participle.dep_ != "advcl" or participle.tag_ != "VBG":
        return False
    charged = syn.charged_act(participle.head)
    return charged is not None and charged.i == act.i


def _above(tok: Any, targets: set[int]) -> bool:
    """Is one of `targets` an ancestor of tok, reached without crossing a coordination?"""
    node = tok
    for _ in range(12):
        if node.dep_ == "conj" or node.head is node:
            return False
        node = node.head
        if node.i in targets:
            return True
    return False


def _names(refs: list[ActorRef]) -> tuple[str, ...]:
    return tuple(sorted((r.entity_id or r.name).lower() for r in refs))


def _same_entity(a: ActorRef, b: ActorRef) -> bool:
    if a.entity_id and b.entity_id:
        return a.entity_id == b.entity_id
    return a.name.lower() == b.name.lower()


def _confidence(frame: Frame, actor: ActorRef | None, recipient: ActorRef | None) -> float:
    c = frame.confidence
    c *= 1.0 if actor is not None else 0.75
    if actor is not None:
        c *= 0.7 + 0.3 * actor.confidence
    if frame.status != "asserted":
        c *= 0.9
    return max(0.01, min(0.99, c))


def _mention_id(doc_id: str, frame: Frame, start: int, end: int, actor: ActorRef | None,
                recipient: ActorRef | None) -> str:
    key = "|".join([doc_id, frame.type or "", str(start), str(end),
                    (actor.entity_id or actor.name) if actor else "", (recipient.entity_id or recipient.name) if recipient else ""])
    return "m-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
