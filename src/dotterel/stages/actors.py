"""actors: resolve every actor and recipient phrase to a canonical entity.

Reads `frame.actors`, `frame.recipients`, `frame.companions` (token indices); writes
`frame.actor_refs` and `frame.recipient_refs` (ActorRef records) through the knowledge base
(`dotterel.kb`) plus any user files (`--actors`). Pronouns and definite descriptions are left
for the coref stage, marked `how="anaphor"`.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from dotterel.kb import KnowledgeBase, load_kb
from dotterel.kb.resolve import ActorResolver, ResolveContext
from dotterel.model import ActorRef, Document
from dotterel.stages import _syntax as syn
from dotterel.stages.base import BaseStage, register

MODIFIER_PLACE_POPULATION = 100_000
FIGHT_FOR_VERBS = {"fight", "serve", "battle"}
ANAPHORIC_HEADS = {"group", "organization", "organisation", "militia", "movement", "network", "faction",
                   "outfit", "country", "nation", "state", "side", "alliance", "coalition", "party", "regime",
                   "bloc", "affiliate", "conglomerate"}


@register
class Actors(BaseStage):
    name = "actors"
    version = "v1"
    requires = ("frame.actors", "frame.recipients")
    assigns = ("frame.actor_refs", "frame.recipient_refs")

    def __init__(self, *, actor_files: Sequence[str] = (), **settings: Any) -> None:
        super().__init__(actor_files=tuple(actor_files), **settings)
        self.actor_files = tuple(actor_files)
        self._resolver: ActorResolver | None = None

    def initialize(self) -> None:
        if self._resolver is None:
            self._resolver = ActorResolver(load_kb(self.actor_files))

    @property
    def resolver(self) -> ActorResolver:
        self.initialize()
        assert self._resolver is not None
        return self._resolver

    @property
    def kb(self) -> KnowledgeBase:
        return self.resolver.kb

    def __call__(self, doc: Document) -> Document:
        ctx = self.context(doc)
        doc.log.append(self.qualified_name)
        for frame in doc.frames:
            frame.actor_refs = [self.resolve_at(doc, i, ctx) for i in [*frame.actors, *frame.companions]]
            frame.recipient_refs = [self.resolve_at(doc, i, ctx) for i in frame.recipients]
        return doc

    def resolve_at(self, doc: Document, i: int, ctx: ResolveContext) -> ActorRef:
        """The ActorRef for token i, resolved once per document (actors and coref share it)."""
        ref = doc.resolved.get(i)
        if ref is None:
            ref = doc.resolved[i] = self.resolve(doc.spacy[i], ctx)
        return ref

    def resolve(self, tok: Any, ctx: ResolveContext) -> ActorRef:
        if is_artifact(tok):
            # "The video calls Hamas out": a video speaks for whoever made it (coref finds them)
            start, end = tok.idx, tok.idx + len(tok.text)
            text = ctx.text[start:end] if ctx.text else tok.text
            return ActorRef(name=text, text=text, how="artifact", start=start, end=end, confidence=0.2)
        if tok.lower_ in ("those", "these") and tok.dep_ == "pobj" and tok.head.lower_ in ("including", "among"):
            tok = tok.head.head  # "Salafi activists, including those who fire rockets": the activists
        if tok.lower_ in ("whose", "which", "who", "whom", "that"):
            for anc in tok.ancestors:  # "Lukashenko, whose re-election was denounced": Lukashenko
                if anc.dep_ == "relcl":
                    tok = anc.head
                    break
        if is_anaphor(tok):
            start, end = tok.idx, tok.idx + len(tok.text)
            text = ctx.text[start:end] if ctx.text else tok.text
            return ActorRef(name=text, text=text, how="anaphor", start=start, end=end, confidence=0.2)
        ref = owner_sector(tok, self.resolver.resolve_token(tok, ctx), ctx)
        return self._fighting_for(tok, self._national_contingent(tok, ref), ctx)

    def _national_contingent(self, tok: Any, ref: ActorRef) -> ActorRef:
        """"Uganda's African Union troops": a state's contingent in an international force acts
        for that state's military; the force it serves in stays its affiliation."""
        if ref.country != "IGO" or ref.sector not in ("MIL", "POL"):
            return ref
        poss = syn.first_kid(tok, "poss")
        iso3 = self.kb.country_of_word(poss.text) if poss is not None else None
        state = self.kb.state(iso3)
        if state is None:
            return ref
        return replace(ref, name=f"{state.name} ({ref.name})", country=state.country, entity_id=None,
                       wikidata_id=None, aliases=(), affiliation=ref.name, resolved=False,
                       how=f"contingent:{state.country}+{ref.how}")

    def _fighting_for(self, tok: Any, ref: ActorRef, ctx: ResolveContext) -> ActorRef:
        """"200 Palestinians fighting for IS": people who fight for an armed group are its
        fighters (sector REB), whatever their nationality."""
        if ref.resolved or ref.sector == "REB":
            return ref
        holders = [tok]
        if tok.dep_ == "pobj" and tok.head.lower_ == "of":
            holders.append(tok.head.head)  # "dozens of Tunisians fighting for ...": the parser hangs it on "dozens"
        for c in (c for h in holders for c in h.children):
            if c.dep_ == "acl" and c.lemma_.lower() in FIGHT_FOR_VERBS:
                for _, o in syn.prep_objects(c, ("for", "with", "alongside")):
                    group = self.resolver.resolve_token(o, ctx)
                    if group.resolved and group.sector == "REB":
                        return replace(ref, sector="REB", affiliation=group.name,
                                       how=f"{ref.how}+fights-for:{group.name}")
        return ref

    def context(self, doc: Document) -> ResolveContext:
        if doc.actor_context is None:
            doc.actor_context = ResolveContext(published=doc.article.published, country=main_country(doc, self.kb),
                                               place_country=place_country_hook(), text=doc.text)
        return doc.actor_context


def owner_sector(tok: Any, ref: ActorRef, ctx: ResolveContext) -> ActorRef:
    """'an Indian military position', 'a British oil tanker': a state's adjective on a military
    post or a ship names the state's forces (MIL) or its businesses (BUS), not its government."""
    from dotterel.lexicon import load_lexicon

    head = tok.head
    if tok.dep_ not in ("amod", "compound", "nmod") or head is tok or head.pos_ != "NOUN":
        return ref
    if ref.sector != "GOV" or not ref.how.startswith("demonym"):
        return ref
    classes = load_lexicon().classes
    word = head.lemma_.lower()
    sector = "MIL" if word in classes["military_property"] else "BUS" if word in classes["commercial_property"] else None
    if sector is None:
        return ref
    start, end = tok.idx, head.idx + len(head.text)
    text = ctx.text[start:end] if ctx.text else syn.doc_text(tok.doc)[start:end]
    return replace(ref, name=text, text=text, sector=sector, entity_id=None, wikidata_id=None, aliases=(),
                   resolved=False, confidence=round(ref.confidence * 0.8, 3), how=f"{ref.how}+owner:{word}",
                   start=start, end=end)


def is_artifact(tok: Any) -> bool:
    from dotterel.lexicon import load_lexicon

    return tok.lemma_.lower() in load_lexicon().classes["communication"] and tok.pos_ == "NOUN"


def possessive_owner(tok: Any) -> Any | None:
    """'its leaders', 'all their fighters': a member word owned by a pronoun acts for whatever
    organisation the pronoun refers to ('his fighters' are not the man himself)."""
    from dotterel.kb.resolve import names_member

    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    holder = tok
    if not names_member(tok):
        # "the group's spokesperson Shahidullah Shahid": the name's title is owned
        holder = next((c for c in tok.children if c.dep_ == "compound" and names_member(c)), None)
        if holder is None:
            return None
    poss = syn.first_kid(holder, "poss")
    if poss is not None and poss.lower_ in ("its", "their"):
        return poss
    if poss is not None and poss.pos_ == "NOUN" and is_anaphor(poss):
        return poss  # "the group's fighters", "the movement's leader"
    return None


MAKER_WORDS = {"producer", "maker", "author", "creator", "publisher"}


def is_maker_reference(tok: Any) -> bool:
    """'the producers' (of the videos just told): whoever made the artifact."""
    det = syn.first_kid(tok, "det")
    return (tok.lemma_.lower() in MAKER_WORDS and det is not None and det.lower_ in ("the", "its", "their")
            and not syn.prep_objects(tok, ("of",)))


def is_anaphor(tok: Any) -> bool:
    if syn.is_pronoun(tok) and tok.lower_ not in ("who", "which", "that", "those", "these", "whom", "whose"):
        return True
    if is_maker_reference(tok):
        return True
    if possessive_owner(tok) is not None:
        return True
    det = syn.first_kid(tok, "det")
    if det is not None and det.lower_ in ("the", "this", "that", "these", "those") and tok.lemma_.lower() in ANAPHORIC_HEADS:
        if _names_itself(tok, det):
            return False  # "the Saudi-led coalition" is a name, not a reference back
        # "the group", "the al-Qaeda-linked militant group"; but not "the Islamic State group"
        if (tok.pos_ != "NOUN" and not tok.text.islower()) or any(c.dep_ in ("appos",) for c in tok.rights):
            return False
        if tok.tag_ == "NNS" and any(c.dep_ == "amod" and c.ent_type_ in ("NORP", "GPE") for c in tok.lefts):
            return False  # "the Arab states", "the Gulf states": a description, not a reference back
        named = [c for c in tok.lefts if c.dep_ in ("compound", "nmod") and (c.ent_type_ in ("ORG", "GPE", "NORP")
                                                                          or c.pos_ == "PROPN") and not _descriptor(c)
                 and not c.text.islower()]  # "the jihadist group": a lower-case word describes
        if not named:
            return True
        # "the Islamic State group" is a name; "the al Qaeda group" is one of al-Qaeda's groups
        from dotterel.kb import load_kb

        phrase = syn.doc_text(tok.doc)[named[0].idx: tok.idx + len(tok.text)]
        return not load_kb().lookup(phrase)
    return False


def _names_itself(tok: Any, det: Any) -> bool:
    from dotterel.kb import load_kb

    if det.i >= tok.i:
        return False
    phrase = syn.doc_text(tok.doc)[det.idx + len(det.text): tok.idx + len(tok.text)].strip()
    return phrase != tok.text and bool(load_kb().lookup(phrase))


def _descriptor(tok: Any) -> bool:
    """'al-Qaeda-linked', 'Iran-backed': a relation to a name, not the name itself."""
    after = tok.doc[tok.i + 1: tok.i + 3]
    return any(t.lower_ in ("linked", "backed", "aligned", "allied", "affiliated", "led", "based", "inspired")
               for t in after)


def main_country(doc: Document, kb: KnowledgeBase) -> str | None:
    """The article's main country: the most named state (adjectives included), dateline first."""
    counts: Counter[str] = Counter()
    if doc.dateline is not None:
        hook = place_country_hook()
        c = kb.country_of_word(doc.text[doc.dateline[0]:doc.dateline[1]].title())
        if c is None and hook is not None:
            c = hook(doc.text[doc.dateline[0]:doc.dateline[1]].title())
        if c:
            counts[c] += 2
    for ent in doc.spacy.ents:
        if ent.label_ in ("GPE", "NORP") and not doc.in_caption(ent.start_char):
            c = kb.country_of_word(doc.text[ent.start_char:ent.end_char])
            if c:
                counts[c] += 1
    return counts.most_common(1)[0][0] if counts else None


@lru_cache(maxsize=1)
def place_country_hook() -> Any:
    """Place name -> ISO3 via the bundled gazetteer (None when it is not available)."""
    try:
        from dotterel.gazetteer import load_gazetteer
    except ImportError:
        return None
    gaz = load_gazetteer()

    @lru_cache(maxsize=20000)
    def country(name: str) -> str | None:
        # only places a reader would know by name ("Gaza", "Helmand"), not the village called "Arab"
        for place in gaz.lookup(name)[:1]:
            if (place.place_id.startswith("dt:") or place.feature_class in ("A", "L")
                    or place.population >= MODIFIER_PLACE_POPULATION):
                return place.country
        return None

    return country
