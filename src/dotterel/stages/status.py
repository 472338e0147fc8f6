"""status: asserted, intended (threats, vows, plans), negated or hypothetical; and attribution.

Reads `doc.frames` and the parse; writes `frame.status`, `frame.attribution_text`,
`frame.controller`, `frame.absorbed`, and re-types intended events as PLOVER asks (future
cooperation is AGREE, a promised retreat is CONCEDE, a future conflictual act is THREATEN).
Control verbs ("vowed to", "urged X to", "failed to") are resolved here and then removed.
"""
from __future__ import annotations

from typing import Any

from dotterel.model import Document, Frame
from dotterel.stages import _syntax as syn
from dotterel.stages.base import BaseStage, register
from dotterel.stages.classify import sense_of

FUTURE_AUX = {"will", "shall", "'ll", "wo", "’ll"}
HYPOTHETICAL_AUX = {"could", "might", "may", "should", "must"}
CONDITIONAL_MARKS = {"if", "unless", "whether"}
# "is about to", "is set to", "is due to": the infinitive that follows is planned
PLANNED_HEADS = {"about", "set", "due", "poised", "ready", "willing", "going", "likely", "expected", "scheduled",
                 "planning", "preparing", "determined", "eager", "keen", "prepared"}
PLANNED_NOUN_MODS = {"planned", "proposed", "future", "upcoming", "imminent", "possible", "potential", "threatened",
                     "promised", "expected", "scheduled"}
REPORTING_VERBS = {
    "say", "tell", "report", "announce", "state", "claim", "confirm", "add", "note", "stress", "insist",
    "explain", "write", "tweet", "declare", "reveal", "disclose", "assert", "acknowledge", "admit",
    "quote", "cite", "believe", "think", "suggest", "indicate", "allege", "show", "estimate", "warn",
    "argue", "contend", "maintain", "emphasize", "emphasise", "recall", "describe", "reiterate",
}
NEGATORS = {"not", "n't", "never", "no", "neither", "nor"}
CONFLICT_TO_THREAT_MODE = {
    ("ASSAULT", None): "violence",
    ("COERCE", "arrest"): "arrest",
    ("SANCTION", "expel"): "expel",
    ("SANCTION", "discontinue"): "relations",
    ("SANCTION", "withdraw"): "relations",
    ("COERCE", "deport"): "expel",
    ("PROTEST", None): "restrict",
}
ALLEGED_ACTS = {"ASSAULT", "COERCE", "MOBILIZE"}
ASPECT_OBJECTS = {"continue", "begin", "start", "resume", "keep", "launch", "maintain"}
ALLEGING = {"accuse", "allege", "blame", "charge", "claim", "suspect"}
NOUN_PROMISES = {"promise", "pledge", "vow", "threaten", "offer", "plan", "propose"}
TERRITORY_WORDS = {"liberate", "occupy", "annex", "seize", "capture", "conquer", "invade", "retake", "reclaim"}


@register
class Status(BaseStage):
    name = "status"
    version = "v1"
    requires = ("frame.type", "frame.actors")
    assigns = ("frame.status", "frame.attribution_text", "frame.absorbed")

    def __call__(self, doc: Document) -> Document:
        sdoc = doc.spacy
        by_trigger = {f.trigger: f for f in doc.frames}
        by_light = {f.light: f for f in doc.frames if f.light is not None}
        for frame in doc.frames:
            frame.status = _own_status(sdoc, frame)
            if frame.status == "asserted" and _under_negation(sdoc[frame.trigger]):
                frame.status = "negated"  # "was not making moves to threaten Ukraine"
        for frame in doc.frames:
            if frame.pos == "noun" and frame.light is None and _theme_of_event(sdoc, frame, by_trigger):
                frame.absorbed = True
        for frame in doc.frames:
            ctl = sense_of(frame).control
            if ctl:
                _apply_control(sdoc, frame, ctl, by_trigger, by_light)
        for frame in doc.frames:
            if frame.type is None or frame.absorbed:
                continue
            if _background(sdoc, frame) or _casualties_of_known_event(sdoc, frame) or _purpose_of(sdoc, frame, by_trigger):
                frame.absorbed = True
                continue
            if frame.status == "negated" and frame.type in DENIABLE:
                _as_denial(sdoc, frame)
            if frame.status == "intended" and frame.type == "SANCTION" and _announced_decision(sdoc, frame):
                frame.status = "asserted"  # "announced that it would sanction X": the decision is the sanction
            if frame.status == "intended":
                _retype_intended(sdoc, frame)
            if frame.status == "asserted" and frame.type in ("THREATEN", "AGREE"):
                frame.status = "intended"  # a threat or a commitment is about what is yet to happen
            if frame.attribution is None:
                _attribute(sdoc, frame)
            if frame.attribution is not None:  # the article's own characters, not the parser's stand-ins
                frame.attribution_text = doc.text[frame.attribution[0]:frame.attribution[1]]
        doc.frames = [f for f in doc.frames if f.type is not None and not f.absorbed]
        doc.log.append(self.qualified_name)
        return doc


def _own_status(sdoc: Any, frame: Frame) -> str:
    heads = [sdoc[frame.trigger]]
    if frame.light is not None:
        heads.append(sdoc[frame.light])
    for tok in heads:
        if _negated(tok):
            return "negated"
    for tok in heads:
        status = _modality(tok)
        if status:
            return status
    if frame.pos == "noun":
        noun = sdoc[frame.trigger]
        if any(c.lower_ in PLANNED_NOUN_MODS for c in noun.lefts if c.dep_ in ("amod", "compound")) and frame.light is None:
            return "intended"
    return "asserted"


def _negated(tok: Any) -> bool:
    if any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never") for c in tok.children):
        return True
    if tok.pos_ == "NOUN":
        det = syn.first_kid(tok, "det")
        return det is not None and det.lower_ == "no"
    return False


def _modality(tok: Any) -> str | None:
    """Future and conditional auxiliaries on the verb, or a planning frame above it."""
    for c in tok.children:
        if c.dep_ in ("aux", "auxpass"):
            w = c.lower_
            if w in FUTURE_AUX:
                return "intended"
            if w == "would":
                return "hypothetical" if _conditional(tok) else "intended"
            if w in HYPOTHETICAL_AUX:
                return "hypothetical"
        if c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS:
            return "hypothetical"
    if tok.dep_ == "xcomp" and tok.head.lower_ in PLANNED_HEADS:
        return "intended"
    if tok.dep_ == "xcomp" and tok.head.dep_ in ("acomp", "xcomp") and tok.head.lower_ in PLANNED_HEADS:
        return "intended"
    if tok.dep_ == "conj" and tok.head.pos_ == "VERB":
        return _modality(tok.head)
    return None


def _conditional(tok: Any) -> bool:
    for t in (tok, tok.head):
        for c in t.children:
            if c.dep_ == "advcl" and any(m.lower_ in CONDITIONAL_MARKS for m in c.children if m.dep_ == "mark"):
                return True
    return False


def _embedded(sdoc: Any, ctl_tok: Any) -> list[Any]:
    """Complements a control verb governs: 'vowed to attack', 'accused X of attacking',
    'warned that it would strike'."""
    out = list(syn.kids(ctl_tok, "xcomp", "ccomp"))  # noqa: the "must" clause of a demand is absorbed too
    for c in ctl_tok.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "for", "against", "to", "into", "from"):
            out.extend(syn.kids(c, "pcomp"))
            out.extend(o for o in syn.kids(c, "pobj") if o.tag_ == "VBG")
        if c.dep_ in ("dobj",):
            out.extend(syn.kids(c, "relcl", "acl"))
        if c.dep_ == "advcl" and syn.for_clause(c):
            out.append(c)  # "called for supporters to rally": the rally is asked for, not held
    if ctl_tok.lemma_.lower() in ALLEGING:
        # "accused Azerbaijan of firing ..., killing a civilian": the participle belongs to the allegation
        out.extend(c for c in ctl_tok.children if c.dep_ == "advcl" and c.tag_ == "VBG")
        # "accused the jihadists and the army of killing civilians": the parser may hang "of" on the object
        for obj in syn.kids(ctl_tok, "dobj"):
            for o in [obj, *obj.conjuncts]:
                for c in o.children:
                    if c.dep_ == "prep" and c.lower_ in ("of", "for"):
                        out.extend(syn.kids(c, "pcomp"))
    if ctl_tok.lemma_.lower() in NOUN_PROMISES | ASPECT_OBJECTS:
        out.extend(syn.kids(ctl_tok, "dobj"))  # "promised aid", "vowed revenge", "continue military aid"
    for x in list(out):
        out.extend(x.conjuncts)
    return out


def _apply_control(sdoc: Any, ctl: Frame, kind: str, by_trigger: dict[int, Frame], by_light: dict[int, Frame]) -> None:
    ctl_tok = sdoc[ctl.trigger]
    inner = [_frame_at(t.i, by_trigger, by_light) for t in _embedded(sdoc, ctl_tok)]
    inner_frames = [f for f in inner if f is not None and f is not ctl]
    if kind == "absorb":
        alleging = ctl_tok.lemma_.lower() in ALLEGING
        for f in inner_frames:
            if alleging and f.type in ALLEGED_ACTS and f.status == "asserted":
                # "accused Armenia of rocketing Terter": the rocketing is reported too, as the accuser's claim
                src = syn.first_kid(ctl_tok, "nsubj")
                if src is not None and f.attribution is None:
                    f.attribution = (src.left_edge.idx, src.right_edge.idx + len(src.right_edge.text))
                continue
            f.absorbed = True
        return
    if not inner_frames:
        if kind == "intend" and ctl.type is not None and ctl.status == "asserted":
            ctl.status = "intended"
        return
    for f in inner_frames:
        f.controller = ctl.trigger
        if kind == "negate":
            f.status = "negated"
        elif kind == "intend":
            if ctl.status == "negated":
                f.status = "negated"
            elif f.status in ("asserted", "hypothetical"):
                f.status = "intended"  # "vowed that if it failed, he would resign": a promise, conditions and all
            if ctl.type == "THREATEN":
                f.sense = {**f.sense, "threat": True}
        elif kind == "aspect" and ctl.status != "asserted" and f.status == "asserted":
            f.status = ctl.status
        if not f.actors and ctl.actors:
            f.actors = list(ctl.actors)
    if ctl.type is None or kind in ("intend", "negate", "aspect"):
        ctl.absorbed = True


def _background(sdoc: Any, frame: Frame) -> bool:
    """History recalled to frame the news ('five years after crowds trashed its embassy',
    'a decade since'): the event is years older than the one the sentence reports."""
    tok = sdoc[frame.light] if frame.light is not None else sdoc[frame.trigger]
    node = tok
    for _ in range(4):
        if node.dep_ in ("advcl", "pcomp"):
            marks = [c for c in node.children if c.dep_ in ("mark", "advmod") and c.lower_ in ("after", "since", "before")]
            if node.dep_ == "pcomp" and node.head.lower_ in ("after", "since", "before"):
                marks.append(node.head)
            if not marks:
                return False
            measures = [c for m in marks for c in m.children] + [c for c in node.children if c.dep_ == "npadvmod"]
            return any(t.lemma_.lower() in YEAR_WORDS for c in measures for t in c.subtree)
        if node.head is node:
            return False
        node = node.head
    return False


def _theme_of_event(sdoc: Any, frame: Frame, by_trigger: dict[int, Frame]) -> bool:
    """'imposed sanctions', 'halted cooperation', 'urged a ceasefire': an event noun that is what
    another event verb acts on is that verb's theme, not a second report."""
    noun = sdoc[frame.trigger]
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ("for", "to", "on", "against", "of"):
        head = head.head
    elif noun.dep_ not in ("dobj", "nsubjpass", "conj"):
        return False
    if noun.dep_ == "conj":  # "suspended security cooperation and financial aid"
        first = noun.head
        while first.dep_ == "conj" and first.head is not first:
            first = first.head
        if first.dep_ not in ("dobj", "nsubjpass"):
            return False
        head = first.head
    verb = by_trigger.get(head.i)
    if verb is None or verb.type is None or verb is frame or verb.type == "PROTEST":
        return False  # what a protest is against is a prior event, coded on its own (PLOVER rule 12)
    if verb.type == "ACCUSE" and frame.type == "MOBILIZE":
        return False  # "condemned the gathering of Turkish troops": the build-up is news of its own
    return head.lemma_.lower() not in NOUN_PROMISES


def _purpose_of(sdoc: Any, frame: Frame, by_trigger: dict[int, Frame]) -> bool:
    """'Police fired tear gas to disperse the crowd': the purpose of an event already coded
    is not a second event."""
    tok = sdoc[frame.trigger]
    if frame.pos != "verb" or tok.dep_ != "advcl" or syn.first_kid(tok, "nsubj") is not None:
        return False
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return False
    head = by_trigger.get(tok.head.i)
    return head is not None and head.type is not None and not head.absorbed


def _casualties_of_known_event(sdoc: Any, frame: Frame) -> bool:
    """'At least 23 soldiers were killed in the attack': the toll of an event already told,
    not another event (the definite noun refers back)."""
    if frame.pos != "verb" or frame.actors or not syn.is_passive(sdoc[frame.trigger]):
        return False
    for p, obj in syn.prep_objects(sdoc[frame.trigger], ("in", "during")):
        det = syn.first_kid(obj, "det")
        if det is not None and det.lower_ in ("the", "this", "that") and obj.lemma_.lower() in EVENT_NOUNS:
            return True
    return False


EVENT_NOUNS = {"attack", "assault", "bombing", "blast", "explosion", "raid", "strike", "airstrike", "clash",
               "fighting", "shelling", "ambush", "shooting", "violence", "incident", "offensive", "operation"}
YEAR_WORDS = {"year", "decade", "century", "generation"}


def _frame_at(i: int, by_trigger: dict[int, Frame], by_light: dict[int, Frame]) -> Frame | None:
    """The event frame at a token: a noun frame beats the untyped support verb it hangs on."""
    own = by_trigger.get(i)
    if own is not None and own.type is not None:
        return own
    return by_light.get(i) or own


ANNOUNCING = {"announce", "decide", "declare", "order"}
DENIABLE = {"THREATEN", "ASSAULT", "MOBILIZE", "COERCE"}
INSISTING = {"insist", "say", "stress", "maintain", "reiterate", "assert", "argue"}


def _under_negation(tok: Any) -> bool:
    """'was not making moves to threaten Ukraine': an act inside the complement of a negated
    verb (within one clause) is negated too."""
    node = tok
    for _ in range(5):
        if node.dep_ not in ("xcomp", "acl", "dobj", "pobj", "prep") or node.head is node:
            return False
        node = node.head
        if node.pos_ in ("VERB", "AUX") and _negated(node):
            return True
    return False


def _as_denial(sdoc: Any, frame: Frame) -> None:
    """'Peskov insisted that Russia was not making moves to threaten Ukraine': a speaker saying
    that they (or their side) do no such thing rejects the charge (PLOVER REJECT); the act is
    not reported at all."""
    node = sdoc[frame.trigger]
    for _ in range(6):
        if node.dep_ == "ccomp" and node.head.lemma_.lower() in INSISTING:
            speaker, _ = syn.subject_of(node.head)
            doer = syn.first_kid(node, "nsubj")
            if speaker is None or not _own_side(doer, speaker):
                return
            frame.type, frame.mode, frame.status = "REJECT", None, "asserted"
            frame.actors, frame.companions = [speaker.i], []
            frame.sense = {**frame.sense, "denial": True}
            return
        if node.head is node:
            return
        node = node.head


def _own_side(doer: Any, speaker: Any) -> bool:
    """Does the speaker speak for the one said not to act? 'We are not asking ...', or a state
    ('Russia is not threatening anyone') in the words of a person or an official."""
    if doer is None:
        return False
    if doer.lower_ in ("we", "i", "it"):
        return True
    return doer.ent_type_ == "GPE" and (speaker.ent_type_ == "PERSON" or speaker.lemma_.lower() in (
        "spokesman", "spokeswoman", "spokesperson", "official", "minister", "ministry", "government", "president"))


def _announced_decision(sdoc: Any, frame: Frame) -> bool:
    """'Beijing announced that it would sanction Ms Pelosi': a government announcing its own
    measure has taken it; "said it will expel diplomats" stays a threat."""
    tok = sdoc[frame.light if frame.light is not None else frame.trigger]
    return tok.dep_ == "ccomp" and tok.head.lemma_.lower() in ANNOUNCING


def _retype_intended(sdoc: Any, frame: Frame) -> None:
    """PLOVER codes the announced future: cooperation -> AGREE, retreat -> CONCEDE,
    conflict -> THREATEN (with the content of the threat as mode)."""
    t, m = frame.type, frame.mode
    threat = bool(frame.sense.get("threat"))
    if t in ("CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE", "AGREE") and threat:
        frame.type, frame.mode = "THREATEN", "relations" if t in ("CONSULT", "COOPERATE") else None
    elif t in ("CONSULT", "SUPPORT", "COOPERATE", "AID"):
        frame.type, frame.mode = "AGREE", None
    elif t == "RETREAT":
        frame.type, frame.mode = "CONCEDE", None
    elif t == "MOBILIZE" and not frame.recipients and not threat:
        return  # "will send a battalion to help secure the border": a planned deployment, not a threat
    elif t in ("ASSAULT", "COERCE", "SANCTION", "PROTEST", "MOBILIZE"):
        lemma = sdoc[frame.trigger].lemma_.lower()
        if lemma in TERRITORY_WORDS:
            mode = "territory"
        else:
            mode = CONFLICT_TO_THREAT_MODE.get((t, m)) or CONFLICT_TO_THREAT_MODE.get((t, None))
            if t == "COERCE" and mode is None:
                mode = "restrict"
        frame.type, frame.mode = "THREATEN", mode


def _attribute(sdoc: Any, frame: Frame) -> None:
    """Who the text says reports the event: the subject of a reporting verb the event's clause
    depends on ('..., the source said', 'a source told ...'), or 'according to X'."""
    tok = sdoc[frame.light] if frame.light is not None else sdoc[frame.trigger]
    sent = tok.sent
    node = tok
    for _ in range(8):
        head = node.head
        if head is node:
            break
        if node.dep_ in ("ccomp", "parataxis", "conj") and head.lemma_.lower() in REPORTING_VERBS and node.dep_ != "conj":
            src = syn.first_kid(head, "nsubj")
            if src is not None and src.i not in frame.actors:
                frame.attribution = (src.left_edge.idx, src.right_edge.idx + len(src.right_edge.text))
                frame.attribution_text = syn.doc_text(sdoc)[frame.attribution[0]:frame.attribution[1]]
                return
            return
        node = head
    for t in sent:
        if t.lower_ == "according" and t.dep_ == "prep":
            to = syn.first_kid(t, "prep")
            pobj = syn.first_kid(to, "pobj") if to is not None else syn.first_kid(t, "pobj")
            if pobj is not None:
                frame.attribution = (pobj.left_edge.idx, pobj.right_edge.idx + len(pobj.right_edge.text))
                frame.attribution_text = syn.doc_text(sdoc)[frame.attribution[0]:frame.attribution[1]]
                return
    # "X did Y, a source told reporters": the parser may hang the reporting verb on the event
    for node in (tok, *tok.ancestors):
        for c in node.children:
            if (c.dep_ in ("conj", "parataxis") and c.i > tok.i and c.lemma_.lower() in REPORTING_VERBS
                    and syn.first_kid(c, "ccomp") is None):
                src = syn.first_kid(c, "nsubj")
                if src is not None and src.i not in frame.actors:
                    _set_source(sdoc, frame, src)
                    return
    # "..., the source said": the reporting verb is the root and the event clause its ccomp
    root = sent.root
    if root.lemma_.lower() in REPORTING_VERBS and tok.i != root.i and _depends_on(tok, root):
        src = syn.first_kid(root, "nsubj")
        if src is not None and src.i not in frame.actors and src.i > tok.i:
            frame.attribution = (src.left_edge.idx, src.right_edge.idx + len(src.right_edge.text))
            frame.attribution_text = syn.doc_text(sdoc)[frame.attribution[0]:frame.attribution[1]]


def _set_source(sdoc: Any, frame: Frame, src: Any) -> None:
    frame.attribution = (src.left_edge.idx, src.right_edge.idx + len(src.right_edge.text))
    frame.attribution_text = syn.doc_text(sdoc)[frame.attribution[0]:frame.attribution[1]]


def _depends_on(tok: Any, anc: Any) -> bool:
    return any(a.i == anc.i for a in tok.ancestors)
