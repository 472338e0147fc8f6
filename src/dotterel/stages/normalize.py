"""normalize: mark which parts of the article are story text.

Reads `article.text`; writes `doc.story`, `doc.captions`, `doc.dateline` and `doc.parsed_text`
(the text with datelines and photo credits blanked by spaces, so every character offset stays
valid). Photo captions are not story text: they are kept as separate spans, coded on their own
and kept out of the story's context (coreference, the article's places).
"""
from __future__ import annotations

import re

from dotterel.model import Document
from dotterel.stages.base import BaseStage, register

# "TEL AVIV –", "KABUL, Afghanistan (AP) —", "MINSK (Reuters) –", "GAZA/JERUSALEM —",
# "PESHAWAR:", "Tokyo [Japan], Sept 03 (ANI):", "May 1 (UPI) --", "SHAFAQNA-"
_DATELINE = re.compile(
    r"""^(?P<place>[A-Z][A-Z'.\-]+(?:[ /][A-Z][A-Z'.\-]+)*                 # an all-caps place
        |[A-Z][a-z]+(?=\s\[[A-Z][a-z]+\]))                                 # Tokyo [Japan]
        (?:\s\[[A-Z][a-z]+\])?
        (?:,\s*[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)*)?                     # , Country
        (?:,?\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}))?                         # , Sept 03
        (?:\s*[(\[][A-Za-z .&-]{2,30}[)\]])?                               # (AP), (Reuters)
        \s*(?:[–—-]{1,2}|:)\s*""",
    re.VERBOSE,
)
_DATE_DATELINE = re.compile(r"^[A-Z][a-z]{2,8}\.? \d{1,2} \([A-Z]{2,8}\)\s*(?:[–—-]{1,2}|:)\s*")
_CREDIT = re.compile(
    r"\((?:photo|image|picture|file photo|credit)[^)]*\)\s*$|"
    r"(?:photo|image|picture)\s*(?:credit)?\s*:\s*\S.*$|"
    r"\b(?:REUTERS|AFP|AP|Getty Images|EPA|Anadolu)(?:/[A-Za-z .]+)?\s*$",
    re.IGNORECASE,
)
_CAPTION_MAX = 400
# Acronyms the English models read as function words ("IS has claimed ..." parses "IS" as the
# verb "is"): the parser sees a same-length stand-in; the article text keeps the original.
_GUARDED_ACRONYMS = {"IS": "IZ", "WHO": "WHZ"}
_GUARD_RE = re.compile(r"(?<![\w'’])(IS|WHO)(?![\w])")


@register
class Normalize(BaseStage):
    name = "normalize"
    version = "v1"
    assigns = ("doc.story", "doc.captions", "doc.dateline", "doc.parsed_text")

    def __call__(self, doc: Document) -> Document:
        text = doc.text
        chars = list(text)
        story: list[tuple[int, int]] = []
        for start, end in _paragraphs(text):
            para = text[start:end]
            if _is_caption(para):
                # a caption is coded on its own (mentions marked section="caption"), never as story
                # text: the credit is blanked and the caption is kept out of the story's context
                credit = _CREDIT.search(para)
                body_end = start + (credit.start() if credit else len(para))
                while body_end > start and text[body_end - 1].isspace():
                    body_end -= 1
                _blank(chars, body_end, end)
                _guard_acronyms(text, chars, start, body_end)
                doc.captions.append((start, body_end))
                continue
            if doc.dateline is None and all(_headline(text[s:e]) for s, e in story) and len(story) < 3:
                # the first paragraph, or the first after a headline left in the text
                start = _strip_dateline(doc, chars, start, end)
            _blank_control(chars, start, end)
            _guard_acronyms(text, chars, start, end)
            story.append((start, end))
        doc.story = story
        doc.parsed_text = "".join(chars)
        doc.log.append(self.qualified_name)
        return doc


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of non-blank paragraphs (separated by blank lines, or single newlines)."""
    spans = []
    for m in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            spans.append((s, e))
    return spans


def _is_caption(para: str) -> bool:
    """A photo caption: a short paragraph ending in a photo credit."""
    return len(para) <= _CAPTION_MAX and bool(_CREDIT.search(para))


def _headline(para: str) -> bool:
    """A title line left at the top of the text: one short line with no sentence end."""
    return "\n" not in para and len(para) < 200 and not para.rstrip().endswith((".", "!", "?", "\"", "”"))


def _strip_dateline(doc: Document, chars: list[str], start: int, end: int) -> int:
    para = doc.text[start:end]
    m = _DATE_DATELINE.match(para) or _DATELINE.match(para)
    if not m or m.end() >= len(para) or not para[m.end():m.end() + 1].strip():
        return start
    place = m.groupdict().get("place")
    if place:
        p0 = start + m.start("place")
        p1 = start + m.end("place")
        doc.dateline = (p0, p1)
    _blank(chars, start, start + m.end())
    return start + m.end()


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def _blank_control(chars: list[str], start: int, end: int) -> None:
    """Control characters and NULs confuse the tokenizer; they carry no story."""
    for i in range(start, end):
        c = chars[i]
        if c < " " and c not in "\n\t":
            chars[i] = " "


def _guard_acronyms(text: str, chars: list[str], start: int, end: int) -> None:
    para = text[start:end]
    letters = [c for c in para if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) > 0.5 * len(letters):
        return  # an all-caps line: "IS" there may well be the verb
    for m in _GUARD_RE.finditer(para):
        stand_in = _GUARDED_ACRONYMS[m.group(1)]
        for k, c in enumerate(stand_in):
            chars[start + m.start() + k] = c
