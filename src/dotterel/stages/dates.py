"""dates: when each event happened, resolved against the publication date, with precision.

Reads `frame.time_tokens` (time words attached to the predicate), the sentence's DATE
entities and the article's publication date; writes `frame.date` (PartialDate). "yesterday",
"on Tuesday" (the past one for past-tense verbs, the coming one for future ones), "last
month", "last January", "two weeks ago", "earlier this year", "in March 2015"; without a time
expression the publication date, since news reports what just happened.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from dotterel.model import Document, Frame, PartialDate
from dotterel.stages import _syntax as syn
from dotterel.stages.base import BaseStage, register

MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "few": 3, "couple": 2}
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@register
class Dates(BaseStage):
    name = "dates"
    version = "v1"
    requires = ("frame.time_tokens",)
    assigns = ("frame.date",)

    def __call__(self, doc: Document) -> Document:
        published = doc.article.published_date
        sdoc = doc.spacy
        for frame in doc.frames:
            frame.date = self._frame_date(sdoc, frame, published)
        doc.log.append(self.qualified_name)
        return doc

    def _frame_date(self, sdoc: Any, frame: Frame, published: date | None) -> PartialDate | None:
        trigger = sdoc[frame.trigger]
        future = frame.status == "intended"
        for text in _time_texts(sdoc, frame, trigger):
            d = resolve_expression(text, published, future=future)
            if d is not None:
                return d
        if published is None:
            return None
        return PartialDate(published.isoformat(), "day", how="published")


def _time_texts(sdoc: Any, frame: Frame, trigger: Any) -> list[str]:
    """Time expressions for the predicate: attached ones first, then its conjunct head's
    ('Last January, X pledged ... and asked ...'), then the sentence's nearest DATE."""
    texts = [_ent_text(sdoc[i]) for i in frame.time_tokens]
    if trigger.dep_ in ("acl", "relcl") and trigger.head.head is not trigger.head:
        # "the video attacking X was released two weeks ago": said when the video came out
        maker_verb = trigger.head.head
        texts += [_ent_text(c) for c in maker_verb.children if c.ent_type_ in ("DATE", "TIME")]
    head = trigger
    while head.dep_ == "conj" and head.head is not head:
        head = head.head
        texts += [_ent_text(c) for c in head.children if c.ent_type_ in ("DATE", "TIME")]
    # a date that modifies a noun ("the 2003 ceasefire") dates that noun, not this event
    ents = [e for e in trigger.sent.ents if e.label_ in ("DATE", "TIME")
            and not (e.root.dep_ in ("compound", "amod", "nummod", "poss", "nmod") and e.root.head.pos_ == "NOUN"
                     and e.root.head.i != trigger.i)]
    ents.sort(key=lambda e: abs(e.root.i - trigger.i))
    texts += [e.text for e in ents if _same_clause(e.root, trigger)]
    return texts


def _same_clause(tok: Any, trigger: Any) -> bool:
    """A date belongs to the nearest verb that governs it."""
    node = tok
    for _ in range(10):
        if node.i == trigger.i:
            return True
        if node.pos_ in ("VERB", "AUX") and node.i != trigger.i and node.dep_ not in ("aux", "auxpass"):
            return False
        if node.head is node:
            return False
        node = node.head
    return False


def _ent_text(tok: Any) -> str:
    ent = syn.entity_at(tok)
    return ent.text if ent is not None else tok.text


def resolve_expression(text: str, published: date | None, *, future: bool = False) -> PartialDate | None:
    """Resolve one time expression; None when it names no usable date."""
    t = " ".join(text.lower().replace(",", " ").split())
    year_m = _YEAR.search(t)
    words = t.split()
    month = next((MONTHS[w.strip(".")] for w in words if w.strip(".") in MONTHS), None)
    day_m = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", t)
    if year_m:
        year = int(year_m.group(1))
        if month and day_m and int(day_m.group(1)) <= 31 and day_m.group(1) != year_m.group(1)[-2:]:
            return _safe_day(year, month, int(day_m.group(1)), text)
        if month:
            return PartialDate(f"{year:04d}-{month:02d}", "month", text=text, how="explicit")
        return PartialDate(f"{year:04d}", "year", text=text, how="explicit")
    if published is None:
        return None
    if t in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        return PartialDate(published.isoformat(), "day", text=text, how="relative")
    if t in ("yesterday", "last night"):
        return PartialDate((published - timedelta(days=1)).isoformat(), "day", text=text, how="relative")
    if t == "tomorrow":
        return PartialDate((published + timedelta(days=1)).isoformat(), "day", text=text, how="relative")
    weekday = next((WEEKDAYS[w] for w in words if w in WEEKDAYS), None)
    if weekday is not None:
        return PartialDate(_weekday(published, weekday, future=future).isoformat(), "day", text=text, how="weekday")
    ago = re.search(r"\b(\w+) (day|days|week|weeks|month|months|year|years) ago\b", t)
    if ago:
        n = int(ago.group(1)) if ago.group(1).isdigit() else NUMBERS.get(ago.group(1))
        if n:
            return _ago(published, n, ago.group(2), text)
    if month:
        if day_m:
            year = published.year if (month, int(day_m.group(1))) <= (published.month, published.day) or future else published.year - 1
            return _safe_day(year, month, int(day_m.group(1)), text)
        year = published.year
        if "next" in words or (future and month < published.month):
            year = published.year + (1 if month <= published.month or "next" in words else 0)
        elif month > published.month or ("last" in words and month >= published.month):
            year = published.year - 1
        return PartialDate(f"{year:04d}-{month:02d}", "month", text=text, how="month-name")
    if re.search(r"\b(last|past|recent) (few )?(months|weeks)\b", t):
        return PartialDate(f"{published.year:04d}", "year", text=text, how="relative")
    if "last month" in t or "previous month" in t:
        m = published.replace(day=1) - timedelta(days=1)
        return PartialDate(f"{m.year:04d}-{m.month:02d}", "month", text=text, how="relative")
    if "this month" in t or "earlier this month" in t or "later this month" in t:
        return PartialDate(f"{published.year:04d}-{published.month:02d}", "month", text=text, how="relative")
    if "next month" in t:
        m = (published.replace(day=28) + timedelta(days=4)).replace(day=1)
        return PartialDate(f"{m.year:04d}-{m.month:02d}", "month", text=text, how="relative")
    if "last year" in t or "previous year" in t:
        return PartialDate(f"{published.year - 1:04d}", "year", text=text, how="relative")
    if "this year" in t:
        return PartialDate(f"{published.year:04d}", "year", text=text, how="relative")
    if "next year" in t:
        return PartialDate(f"{published.year + 1:04d}", "year", text=text, how="relative")
    if "last week" in t or "this week" in t or "earlier this week" in t:
        delta = 7 if "last" in t else 0
        d = published - timedelta(days=delta)
        return PartialDate(f"{d.year:04d}-{d.month:02d}", "month", text=text, how="relative")
    return None


def _weekday(published: date, weekday: int, *, future: bool) -> date:
    delta = (published.weekday() - weekday) % 7
    if future:
        return published + timedelta(days=(weekday - published.weekday()) % 7 or 7)
    return published - timedelta(days=delta)


def _ago(published: date, n: int, unit: str, text: str) -> PartialDate:
    if unit.startswith("day"):
        return PartialDate((published - timedelta(days=n)).isoformat(), "day", text=text, how="ago")
    if unit.startswith("week"):
        return PartialDate((published - timedelta(weeks=n)).isoformat(), "day", text=text, how="ago")
    if unit.startswith("month"):
        y, m = divmod(published.year * 12 + published.month - 1 - n, 12)
        return PartialDate(f"{y:04d}-{m + 1:02d}", "month", text=text, how="ago")
    return PartialDate(f"{published.year - n:04d}", "year", text=text, how="ago")


def _safe_day(year: int, month: int, day: int, text: str) -> PartialDate | None:
    try:
        return PartialDate(date(year, month, day).isoformat(), "day", text=text, how="explicit")
    except ValueError:
        return PartialDate(f"{year:04d}-{month:02d}", "month", text=text, how="explicit")
