"""Resolve an actor noun phrase to a canonical entity (ActorRef), and explain how.

Order of evidence: a known name (exact, then case-sensitive acronym, then fuzzy for spelling
variants), a seat-of-power metonym ("the Kremlin"), a person acting for an organisation on the
article's date, a state agent word with its country ("Israeli police", "the Egyptian
president"), a collective with its country ("Gaza Salafists"). What stays unresolved keeps its
text, with sector and country guessed and marked as such.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from dotterel.kb.base import Entity, KnowledgeBase, norm
from dotterel.model import ActorRef
from dotterel.stages import _syntax as syn

PlaceCountry = Callable[[str], str | None]
_DROP_WORDS = {"the", "a", "an", "some", "other", "its", "their", "his", "her", "our", "this", "that", "these", "those"}
_HONORIFICS = {"mr", "ms", "mrs", "miss", "mx", "dr", "sir", "dame", "madam", "monsieur", "madame"}
_OFFICE_OF = {"president": "president", "prime minister": "prime_minister", "premier": "prime_minister",
              "foreign minister": "foreign_minister", "defence minister": "defence_minister",
              "defense minister": "defence_minister", "king": "king", "emir": "emir", "chancellor": "chancellor",
              "supreme leader": "supreme_leader", "leader": "leader", "interior minister": "interior_minister"}


@dataclass
class ResolveContext:
    published: str | None = None  # ISO date of the article
    country: str | None = None  # the article's main country, for "the police"
    place_country: PlaceCountry | None = None  # gazetteer hook: place name -> ISO3
    text: str | None = None  # the article text (the parse may carry stand-ins such as "IZ" for "IS")


class ActorResolver:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    # --- entry points --------------------------------------------------------------------
    def resolve_token(self, head: Any, ctx: ResolveContext) -> ActorRef:
        toks = syn.noun_phrase(head)
        toks = [t for t in toks if not (t.i < head.i and t.lower_ in _DROP_WORDS)]
        text = _text(toks, ctx.text)
        start, end = syn.span_bounds(toks)
        ref = self.resolve_text(text, ctx, head_word=head.lemma_.lower(), tokens=toks, head=head)
        return replace(ref, text=text, start=start, end=end)

    def resolve_text(self, text: str, ctx: ResolveContext, *, head_word: str | None = None,
                     tokens: list[Any] | None = None, head: Any = None) -> ActorRef:
        clean = _strip_determiners(text)
        own, beside = _candidates(clean, tokens, head, ctx.text)
        for cand in own:
            ref = self._known(cand, ctx, exact_text=clean)
            if ref is not None:
                return ref
        loyal = _loyal_to(head)
        if loyal is not None:  # "forces loyal to Khalifa Haftar" act for Haftar's organisation
            ref = self.resolve_token(loyal, ctx)
            if ref.resolved:
                org = self._organisation_of(ref)
                return replace(org or ref, how=f"loyal-to:{ref.name}", confidence=0.75)
        owner = _member_of(head)
        if owner is not None:  # "fighter jets from the US-led coalition", "soldiers of the Malian army"
            ref = self.resolve_token(owner, ctx)
            if not ref.resolved:
                ref = self._acronym_after(owner, head, ctx) or ref
            if ref.resolved:
                return replace(ref, how=f"member-of:{ref.name}", confidence=0.8,
                               sector=self._member_sector(ref, head) if ref.sector in ("GOV", "IGO") else ref.sector)
        for cand in beside:  # "Hamas militants" -> Hamas; "US troops" is left to the agent rules
            ref = self._known(cand, ctx, exact_text=clean, states=False)
            if ref is not None:
                return replace(ref, how=f"member-of:{cand}", confidence=0.85,
                               sector=self._member_sector(ref, head))
        nationality = self.kb.adjectives.get(norm(clean))
        if nationality is not None and " " not in clean and head is not None and head.pos_ == "ADJ":
            state = self.kb.state(nationality)  # a bare "Indian" or "Malian" names the state
            if state is not None:
                return self._from_entity(state, ctx, how=f"demonym:{clean}", confidence=0.7)
        met = self.kb.metonyms.get(norm(clean))
        if met is not None:
            state = self.kb.state(met[0])
            return ActorRef(name=state.name if state else clean, text=clean, country=met[0], sector=met[1],
                            entity_id=met[0], wikidata_id=state.wikidata if state else None, resolved=True,
                            confidence=0.85, how=f"metonym:{clean}")
        korea = _KOREAS.get(clean.lower()) if (ctx.country in ("PRK", "KOR") or "Korea" in (ctx.text or "")) else None
        if korea is not None and self.kb.state(korea) is not None:  # "the North" in a story on Korea
            return self._from_entity(self.kb.state(korea), ctx, how=f"context:{clean}", confidence=0.7)
        agent = self._agent(clean, ctx, tokens, head, head_word)
        if agent is not None:
            return agent
        fuzzy = self._fuzzy(clean, tokens)
        if fuzzy is not None:
            return self._from_entity(fuzzy[0], ctx, how=f"fuzzy:{fuzzy[1]:.0f}", confidence=0.55 + fuzzy[1] / 400)
        return self._guess(clean, ctx, tokens, head)

    def _acronym_after(self, owner: Any, head: Any, ctx: ResolveContext) -> ActorRef | None:
        """'fighters from the Tuareg Movement for the Salvation of Azawad (MSA)': the parse splits
        the name, but the acronym in brackets after it names the owner."""
        end = max(t.i for t in head.subtree)
        span = owner.doc[owner.i: end + 1]
        text = ctx.text[span.start_char: span.end_char] if ctx.text else span.text
        found = re.search(r"\(([A-Z][A-Za-z0-9.\-]{1,9})(?:\)|$)", text)
        return self._known(found.group(1), ctx, exact_text=found.group(1)) if found else None

    def _organisation_of(self, ref: ActorRef) -> ActorRef | None:
        """The organisation a resolved person acts for, as an ActorRef."""
        entity = self.kb.entities.get(ref.entity_id or "")
        if entity is None or entity.kind != "person" or not entity.roles:
            return None
        org = self.kb.entities.get(entity.roles[-1].org)
        if org is None:
            return None
        return self._from_entity(org, ResolveContext(), how="organisation-of", confidence=0.75)

    def _member_sector(self, ref: ActorRef, head: Any) -> str | None:
        """'African Union troops' are the AU's armed forces: IGO country, MIL sector."""
        if head is None or ref.sector not in ("IGO", "GOV", "NGO"):
            return ref.sector
        agent = self.kb.agents.get(norm(head.lower_)) or self.kb.agents.get(norm(head.lemma_))
        if agent is not None and agent.kind == "state_agent" and agent.sector in ("MIL", "POL"):
            return agent.sector
        return ref.sector

    def lookup_explain(self, text: str, ctx: ResolveContext | None = None) -> tuple[ActorRef, list[Entity]]:
        """How a string resolves, for `dotterel actors lookup`: the ActorRef and all candidates."""
        ctx = ctx or ResolveContext()
        return self.resolve_text(text, ctx), self.kb.lookup(_strip_determiners(text))

    # --- known names ---------------------------------------------------------------------
    def _known(self, text: str, ctx: ResolveContext, *, exact_text: str, states: bool = True) -> ActorRef | None:
        hits = [e for e in self.kb.lookup(text) if states or e.kind != "state"]
        if not hits:
            return None
        entity = self._pick(hits, ctx)
        how = "alias" if norm(text) == norm(exact_text) else f"alias-in-phrase:{text}"
        return self._from_entity(entity, ctx, how=how, confidence=0.95 if how == "alias" else 0.85)

    def _pick(self, hits: list[Entity], ctx: ResolveContext) -> Entity:
        """Several entities share a name ('Army of Islam' in Gaza and in Syria): prefer the one
        of the article's country, then the one active on its date, then the first listed."""
        def rank(e: Entity) -> tuple[int, int]:
            same_country = 1 if (ctx.country and e.country == ctx.country) else 0
            active = 1 if (e.kind != "person" or e.role_on(ctx.published) is not None) else 0
            return (same_country, active)
        return max(hits, key=rank)

    def _from_entity(self, e: Entity, ctx: ResolveContext, *, how: str, confidence: float) -> ActorRef:
        country, sector, affiliation = e.country, e.sector, None
        if e.kind == "person":
            role = e.role_on(ctx.published) or (e.roles[-1] if e.roles else None)
            if role is not None:
                org = self.kb.entities.get(role.org)
                affiliation = org.name if org else role.org
                country = org.country if org else (role.org if len(role.org) == 3 and role.org.isupper() else None)
                sector = role.sector or (org.sector if org else None)
        elif e.affiliations:
            parent = self.kb.entities.get(belongs_to(e, ctx.published) or "")
            if parent is not None:
                affiliation = parent.name
        return ActorRef(name=e.name, text=e.name, country=country, sector=sector, entity_id=e.id,
                        wikidata_id=e.wikidata, aliases=e.aliases[:12], affiliation=affiliation,
                        resolved=True, confidence=confidence, how=how)

    # --- agents and collectives -----------------------------------------------------------
    def _agent(self, text: str, ctx: ResolveContext, tokens: list[Any] | None, head: Any,
               head_word: str | None) -> ActorRef | None:
        words = norm(text).split()
        if not words:
            return None
        agent, agent_words = None, 0
        for n in (3, 2, 1):  # the longest agent phrase at the end: "foreign minister", "police"
            if len(words) >= n:
                key = " ".join(words[-n:])
                if key in self.kb.agents:
                    agent, agent_words = self.kb.agents[key], n
                    break
        if agent is None and head_word and norm(head_word) in self.kb.agents:
            agent, agent_words = self.kb.agents[norm(head_word)], 1
        if agent is None:
            return None
        modifiers = words[: len(words) - agent_words]
        originals = re.sub(r"[-/]", " ", text).split()
        originals = originals[: max(0, len(originals) - agent_words)]
        country, how = self._country_of(modifiers, tokens, head, ctx, originals=originals)
        if agent.kind == "bloc":
            country, how = None, ""  # "the West" is several states, none of them in particular
        if country is None and ctx.country and agent.kind != "bloc":
            # "the army" in a Malian story is Mali's; "protesters" there are, most likely, Malians
            country, how = ctx.country, "context"
        if agent.office and country:
            office = _OFFICE_OF.get(" ".join(words[-agent_words:]), agent.office)
            person = self.kb.office_holder(country, office, ctx.published)
            if person is not None:
                ref = self._from_entity(person, ctx, how=f"office:{office}@{country}", confidence=0.8)
                return replace(ref, text=text)
        body = self._body(text, country, agent.sector)
        if body is not None:
            return self._from_entity(body, ctx, how=f"state-body:{how}", confidence=0.85)
        confidence = 0.75 if how in ("modifier", "of-phrase", "place") else 0.55
        return ActorRef(name=_usual_spelling(text), text=text, country=country, sector=agent.sector,
                        resolved=country is not None and agent.kind == "state_agent",
                        confidence=confidence, how=f"agent:{agent.word}" + (f"+country:{how}" if country else ""))

    def _body(self, text: str, country: str | None, sector: str) -> Entity | None:
        if country is None:
            return None
        key = norm(text)
        for body in self.kb.bodies(country, sector):
            if key == norm(body.name) or key in {norm(a) for a in body.aliases}:
                return body
        return None

    def _country_of(self, modifiers: list[str], tokens: list[Any] | None, head: Any,
                    ctx: ResolveContext, originals: list[str] | None = None) -> tuple[str | None, str]:
        """A country named by the phrase: 'Israeli', 'Israel's', 'Gaza' (a place), 'of Egypt'."""
        for w in modifiers:
            c = self.kb.country_of_word(w)
            if c:
                return c, "modifier"
        for w in originals if originals is not None else modifiers:
            igo = next((e for e in self.kb.lookup(w) if e.kind == "igo"), None)
            if igo is not None:  # "U.N. war crimes court", "EU foreign ministers"
                return igo.country, "modifier"
        if len(modifiers) > 1:
            c = self.kb.country_of_word(" ".join(modifiers))
            if c:
                return c, "modifier"
        if head is not None and head.dep_ == "compound":
            # "the Israeli police raid": the nationality sits on the noun the compound modifies
            for c in head.head.lefts:
                if c.dep_ == "amod" and c.i < head.i:
                    country = self.kb.country_of_word(_orig(c, ctx.text))
                    if country:
                        return country, "modifier"
        if head is not None:
            for p, obj in syn.prep_objects(head, ("of", "in", "from")):
                name = _orig(obj, ctx.text)
                c = self.kb.country_of_word(name) or self._place_country(name, ctx)
                if c:
                    return c, "of-phrase" if p == "of" else "place"
        for w in originals if originals is not None else modifiers:
            c = self._place_country(w, ctx)
            if c:
                return c, "place"
        return None, ""

    def _place_country(self, name: str, ctx: ResolveContext) -> str | None:
        if ctx.place_country is None or not name[:1].isupper():
            return None
        return ctx.place_country(name)

    # --- the rest ------------------------------------------------------------------------
    def _fuzzy(self, text: str, tokens: list[Any] | None) -> tuple[Entity, float] | None:
        if tokens is not None and not any(t.pos_ == "PROPN" for t in tokens):
            return None
        return self.kb.fuzzy(text)

    def _guess(self, text: str, ctx: ResolveContext, tokens: list[Any] | None, head: Any) -> ActorRef:
        words = norm(text).split()
        originals = re.sub(r"[-/]", " ", text).split()[:-1]
        country, how = self._country_of(words[:-1], tokens, head, ctx, originals=originals) if words else (None, "")
        if country is None and head is not None and head.ent_type_ == "GPE":
            country = self._place_country(_orig(head, ctx.text), ctx)
            how = "place" if country else ""
        if country is None and head is not None and head.ent_type_ == "NORP" and head.tag_ == "NNPS":
            country = self.kb.country_of_word(_orig(head, ctx.text))  # "thousands of Tunisians": its people
            how = "demonym" if country else ""
        title_sector = self._title_sector(words)
        sector = title_sector or _guess_sector(head)
        if title_sector and country is None and ctx.country:
            country, how = ctx.country, "context"  # "Defence Minister Bashir Magashi" in a Nigerian story
        described = self._apposition(head, ctx)
        if described is not None and described.country:
            # "Mohammed Naeem, a Taliban representative": the apposition says whom he acts for
            return ActorRef(name=text, text=text, country=described.country, sector=described.sector,
                            affiliation=described.name if described.resolved else described.affiliation,
                            resolved=False, confidence=0.5, how=f"guessed+apposition:{described.name}")
        inner = self._named_inside(text, tokens, head, ctx)
        if inner is not None:
            # "Arab League Secretary General Chadli Klibi": a person of a known body
            country = country or inner.country
            sector = sector if sector and inner.sector not in ("IGO", "NGO") else inner.sector
            how = f"{how}+within:{inner.name}" if how else f"within:{inner.name}"
            return ActorRef(name=text, text=text, country=country, sector=sector, affiliation=inner.name,
                            resolved=False, confidence=0.45, how=f"guessed+{how}")
        return ActorRef(name=text, text=text, country=country, sector=sector, resolved=False, confidence=0.35,
                        how="guessed" + (f"+country:{how}" if country else ""))

    def _apposition(self, head: Any, ctx: ResolveContext) -> ActorRef | None:
        if head is None:
            return None
        for c in head.children:
            if c.dep_ == "appos" and c.pos_ in ("NOUN", "PROPN"):
                ref = self.resolve_token(c, ctx)
                if ref.resolved or ref.how.startswith(("member-of", "agent")):
                    return ref
        return None

    def _title_sector(self, words: list[str]) -> str | None:
        """'Russian President Boris Yeltsin': a title anywhere in the phrase says the sector."""
        for n in (3, 2, 1):
            for k in range(len(words) - n + 1):
                agent = self.kb.agents.get(" ".join(words[k:k + n]))
                if agent is not None and agent.office:
                    return agent.sector
        return None

    def _named_inside(self, text: str, tokens: list[Any] | None, head: Any, ctx: ResolveContext) -> ActorRef | None:
        """A known organisation or state named inside an unknown phrase."""
        if not tokens:
            return None
        words = text.split()
        for n in range(min(5, len(words) - 1), 0, -1):
            for k in range(len(words) - n + 1):
                for e in self.kb.lookup(" ".join(words[k:k + n]).strip(",")):
                    if e.kind in ("igo", "group", "state", "body"):
                        return self._from_entity(e, ctx, how="within", confidence=0.5)
        return None


_KOREAS = {"north": "PRK", "the north": "PRK", "south": "KOR", "the south": "KOR"}
_BELONGING = ("part_of", "pledged_to", "wing_of", "merged_into")


def belongs_to(e: Entity, on: str | None) -> str | None:
    """The id of the organisation e belongs to on a date: a membership (part of, pledged to, a
    wing of) in force then, the latest begun first; else the first relation listed."""
    def in_force(a: dict[str, Any]) -> bool:
        start, end = str(a.get("start") or ""), str(a.get("end") or "")
        return not on or ((not start or start[:len(on)] <= on) and (not end or on[:len(end)] <= end))

    members = [a for a in e.affiliations if a.get("relation") in _BELONGING and in_force(a)]
    if members:
        return str(max(members, key=lambda a: str(a.get("start") or "")).get("to"))
    return str(e.affiliations[0].get("to")) if e.affiliations else None


def _text(toks: list[Any], original: str | None = None) -> str:
    if not toks:
        return ""
    source = original if original is not None else syn.doc_text(toks[0].doc)
    s = source[toks[0].idx: toks[-1].idx + len(toks[-1].text)]
    return " ".join(s.split())


def _orig(tok: Any, original: str | None) -> str:
    return original[tok.idx: tok.idx + len(tok.text)] if original is not None else tok.text


_QUANTITY = re.compile(
    r"^(?:(?:at least|at most|more than|fewer than|less than|over|about|around|nearly|almost|some|up to|"
    r"an estimated|as many as)\s+)?(?:[\d,.]+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"dozens|hundreds|thousands|scores|several|many|a few|a dozen|a number)\b(?:\s+of)?\s+", re.IGNORECASE)


def _strip_determiners(text: str) -> str:
    text = re.sub(r"\s*\([^)]*\)?\s*$", "", text)  # "Group for Support ... (JNIM)": the acronym is a second name
    text = _QUANTITY.sub("", text) or text  # "over 20 militants" are militants; the count is not a name
    words = text.split()
    while words and words[0].lower() in _DROP_WORDS:
        words = words[1:]
    if len(words) > 1 and words[0].lower().rstrip(".") in _HONORIFICS and words[1][:1].isupper():
        words = words[1:]  # "Ms Suu Kyi", "Mr. Biden": the courtesy title is no part of the name
    out = " ".join(words)
    for suffix in ("'s", "’s", "'", "’"):
        if out.endswith(suffix):
            out = out[: -len(suffix)]
    return out.strip(" ,.;:\"“”")


def _candidates(clean: str, tokens: list[Any] | None, head: Any, original: str | None) -> tuple[list[str], list[str]]:
    """Strings to look up, best first: the phrase; then its contiguous sub-phrases that hold
    the head ('the jihadi militia Army of Islam' -> 'Army of Islam'), longest first; then, when
    the head is a member word ('Hamas militants', 'Taliban fighters'), the names beside it."""
    out = [clean]
    paren = re.search(r"\(([A-Z][A-Za-z0-9.\-]{1,9})\)?", _text(tokens, original)) if tokens else None
    if paren:
        out.append(paren.group(1))  # "(JNIM)"
    if not tokens:
        return out, []
    toks = [t for t in tokens if not t.is_space]
    head_at = next((k for k, t in enumerate(toks) if head is not None and t.i == head.i), None)
    windows: list[tuple[int, bool, str]] = []
    for n in range(len(toks), 0, -1):
        for k in range(0, len(toks) - n + 1):
            win = toks[k:k + n]
            if win[0].is_punct or win[-1].is_punct or win[-1].lower_ in ("of", "and", "the"):
                continue
            has_head = head_at is not None and k <= head_at < k + n
            if not has_head and not names_member(head):
                continue
            windows.append((n, has_head, _strip_determiners(_text(win, original))))
    windows.sort(key=lambda w: -w[0])
    out.extend(w[2] for w in windows if w[1])
    beside = [w[2] for w in windows if not w[1]]
    return [c for c in dict.fromkeys(out) if c], [c for c in dict.fromkeys(beside) if c]


_MEMBER_WORDS = {"militant", "militants", "fighter", "fighters", "member", "members", "force", "forces", "troops",
                 "official", "officials", "spokesman", "spokeswoman", "spokesperson", "leader", "leaders",
                 "supporter", "supporters", "rebels", "rebel", "commander", "commanders", "gunmen", "activists",
                 "loyalists", "delegation", "representatives", "negotiators", "militia", "militiamen", "soldiers",
                 "police", "government", "authorities", "ministry", "army", "military", "jets", "warplanes",
                 "representative", "envoy", "envoys", "negotiator", "negotiators", "delegate", "delegates",
                 "emissary", "operatives", "operative", "cadres", "cadre", "chief", "boss", "insurgent", "insurgents",
                 "guerrilla", "guerrillas", "jihadist", "jihadists", "combatant", "combatants", "gunman",
                 "followers", "sympathizers", "sympathisers", "partisans", "recruits", "cells", "cell"}


def _member_of(head: Any) -> Any | None:
    if head is None or not names_member(head) or head.lower_ in _TITLES:
        return None
    for p, o in syn.prep_objects(head, ("from", "of")):
        return o
    return None


def _loyal_to(head: Any) -> Any | None:
    if head is None:
        return None
    for c in head.children:
        if c.dep_ == "amod" and c.lower_ in ("loyal", "allied", "affiliated", "aligned", "belonging"):
            for p, o in syn.prep_objects(c, ("to", "with")):
                return o
    return None


def names_member(head: Any) -> bool:
    return head is not None and (head.lower_ in _MEMBER_WORDS or head.lemma_.lower() in _MEMBER_WORDS
                                 or head.lower_ in _TITLES)


# a title before a name: "the 'Prince of the Faithful' Abu Bakr al-Baghdadi", "Sheikh Hamad"
_TITLES = {"prince", "king", "emir", "sheikh", "sultan", "president", "leader", "commander", "minister",
           "premier", "chief", "general", "colonel", "caliph", "mullah", "ayatollah", "imam", "cleric"}


def _guess_sector(head: Any) -> str | None:
    if head is None:
        return None
    if head.ent_type_ == "GPE":
        return "GOV"
    if head.ent_type_ == "ORG":
        return None
    if head.ent_type_ == "NORP":
        return "CVL"
    return None


# Spellings of one word, so that a collective's name is the same across articles ("Venezuelan
# protestors" and "Venezuelan protesters" are one name); the text keeps what the article wrote.
_SPELLINGS = {"protestor": "protester", "protestors": "protesters", "jehadist": "jihadist", "jehadists": "jihadists",
              "moslem": "Muslim", "moslems": "Muslims"}
_SPELLING = re.compile(r"\b(" + "|".join(re.escape(w) for w in _SPELLINGS) + r")\b", re.IGNORECASE)


def _usual_spelling(text: str) -> str:
    def usual(m: re.Match[str]) -> str:
        word = _SPELLINGS[m.group(0).lower()]
        return word[:1].upper() + word[1:] if m.group(0)[:1].isupper() else word

    return _SPELLING.sub(usual, text)
