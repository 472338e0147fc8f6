"""HTML pages (.html, .htm, .xhtml): the story text of a saved web page (trafilatura).

trafilatura finds the main text and leaves out navigation, adverts, sidebars, comments and
footers; tables and image captions are left out too. Its paragraphs, headings and list items
become paragraphs of `Article.text` separated by blank lines (a <br> becomes a single line
break), so the normalize stage sees paragraphs and every evidence offset points into exactly the
text that was coded. A first heading that repeats the title is dropped (the title is kept in
`Article.title`). Title, publication date and outlet come from the page's metadata (<title>,
OpenGraph, JSON-LD, <meta name="date">...), never from dates mentioned in the story; the outlet
is the site name, else the host name of the page's URL.

Encoding: a byte-order mark, else UTF-8, else the charset the page declares (HTTP header or
<meta charset>), else the fallback policy.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from dotterel.errors import InputError, LimitError
from dotterel.io.readers.base import (
    Item,
    Reader,
    ReadOptions,
    Source,
    declared_charset,
    decode,
    parse_date,
    require,
)
from dotterel.io.readers.registry import register
from dotterel.limits import DEFAULT_MAX_BYTES, over
from dotterel.model import Article

_SNIFF = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|title|meta)\b",
                    re.IGNORECASE | re.DOTALL)
_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")
# trafilatura's output tree: block elements become paragraphs, <lb/> a line break
_BLOCKS = {"p", "head", "item", "quote", "code", "list", "div", "table", "row", "cell", "note"}
# HTML fragments (feed items): the same for HTML's own tags
_HTML_BLOCKS = {"p", "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
                "blockquote", "pre", "tr", "table", "dl", "dt", "dd", "header", "footer", "main", "aside"}
_HTML_DROP = {"script", "style", "noscript", "figcaption", "figure", "iframe", "form", "button", "svg", "template"}
# "By Jane Doe", "BY JANE DOE and JOHN ROE, Reuters", "By Jane Doe | 8 March 2023"
_BYLINE = re.compile(r"^(?:By|BY)\s+[A-Z][\w'.-]*(?:\s+(?:[A-Z][\w'.-]*|and|&))*(?:\s*[,|].{0,60})?(?<![.!?\"\u201d])$")
MAX_PAGE_BYTES = DEFAULT_MAX_BYTES  # the reader uses ReadOptions.max_bytes
_SHORT_PAGE_CHARS = 300


@register
class HtmlReader(Reader):
    format = "html"
    suffixes = (".html", ".htm", ".xhtml", ".shtml")
    description = "HTML pages"
    needs = ("trafilatura",)

    def sniff(self, head: bytes) -> bool:
        return bool(_SNIFF.match(head.lstrip(b"\xef\xbb\xbf")))

    def read(self, source: Source, options: ReadOptions) -> Iterator[Item]:
        self.check_installed()
        try:
            data = source.read_bytes(options.max_bytes)
        except InputError as e:
            yield e
            return
        except OSError as e:
            yield InputError(f"{source.name}: cannot read: {e.strerror or e}")
            return
        try:
            yield html_article(data, doc_id=source.doc_id, source=source.name, url=source.url,
                               content_type=source.content_type, fallback=options.encoding_fallback,
                               max_bytes=options.max_bytes)
        except InputError as e:
            yield e


def html_article(data: bytes, *, doc_id: str, source: str, url: str | None = None, content_type: str | None = None,
                 fallback: str | None = None, max_bytes: int = MAX_PAGE_BYTES) -> Article:
    """The story of one HTML page as an Article; raises InputError when there is none (LimitError
    when it has more than `max_bytes`)."""
    trafilatura = require("trafilatura", what="reading HTML pages")
    if len(data) > max_bytes:
        raise LimitError(over(source, len(data), max_bytes, "bytes", "--max-bytes"))
    html = decode(data, source, fallback=fallback, declared=declared_charset(data, content_type))
    if not html.strip():
        raise InputError(f"{source}: empty page")
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False,
            include_images=False, include_links=False, deduplicate=False,
            date_extraction_params={"extensive_search": False, "original_date": True})
    except (ValueError, TypeError, AttributeError) as e:  # trafilatura on pathological markup
        raise InputError(f"{source}: cannot parse the page: {type(e).__name__}: {e}") from e
    body = getattr(doc, "body", None) if doc is not None else None
    paragraphs = [p for p in _tree_blocks(body)] if body is not None else []
    title = _clean(getattr(doc, "title", None) or "") or None
    paragraphs = _drop_head(paragraphs, title)
    if not paragraphs or _only_links(paragraphs, html):
        raise InputError(f"{source}: no story text found in the page (an index page, a login wall, "
                         f"or text drawn by scripts?)")
    page_url = url or getattr(doc, "url", None)
    try:
        published = parse_date(getattr(doc, "date", None))
    except ValueError:
        published = None
    lang = _LANG.search(data[:4096])
    return Article(doc_id=doc_id, text="\n\n".join(paragraphs), title=title, url=page_url, published=published,
                   outlet=_outlet(getattr(doc, "sitename", None), page_url),
                   language=lang.group(1).decode("ascii").lower() if lang else None)


def fragment_text(markup: str) -> str:
    """Text of an HTML fragment (a feed item's content), paragraphs separated by blank lines."""
    if "<" not in markup:
        return "\n\n".join(p for p in (_clean(p) for p in re.split(r"\n\s*\n", markup)) if p)
    require("lxml", what="reading HTML in feeds")
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return _clean(re.sub(r"<[^>]+>", " ", markup))
    return "\n\n".join(_html_blocks(root))


def _tree_blocks(el: Any) -> Iterator[str]:
    """Paragraph texts of trafilatura's output tree, in document order."""
    yield from _blocks(el, lambda tag: tag in _BLOCKS, lambda tag: tag == "lb", lambda tag: tag == "graphic")


def _html_blocks(el: Any) -> Iterator[str]:
    yield from _blocks(el, lambda tag: tag in _HTML_BLOCKS, lambda tag: tag == "br", lambda tag: tag in _HTML_DROP)


def _blocks(el: Any, is_block: Any, is_break: Any, is_dropped: Any) -> Iterator[str]:
    buf: list[str] = [_t(el.text)]
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if is_dropped(tag):
            pass
        elif is_block(tag):
            if text := _clean("".join(buf)):
                yield text
            buf = []
            yield from _blocks(child, is_block, is_break, is_dropped)
        elif is_break(tag):
            buf.append("\n")
        elif tag:
            buf.append(_inline(child, is_break, is_dropped))
        buf.append(_t(child.tail))
    if text := _clean("".join(buf)):
        yield text


def _inline(el: Any, is_break: Any, is_dropped: Any) -> str:
    parts = [_t(el.text)]
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if is_break(tag):
            parts.append("\n")
        elif tag and not is_dropped(tag):
            parts.append(_inline(child, is_break, is_dropped))
        parts.append(_t(child.tail))
    return "".join(parts)


def _t(text: str | None) -> str:
    """A text node: a line break in the markup is a space (only <br> breaks a line)."""
    return (text or "").replace("\r", " ").replace("\n", " ")


def _clean(text: str) -> str:
    """Collapse runs of spaces; keep single line breaks (a <br>), drop blank lines inside a block."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _only_links(paragraphs: list[str], html: str) -> bool:
    """A short extraction whose every word is link text: trafilatura fell back to the menu."""
    if sum(len(p) for p in paragraphs) > _SHORT_PAGE_CHARS:
        return False
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fromstring(html)
    except (etree.ParserError, ValueError):
        return False
    link_words = {w.casefold() for a in root.iter("a", "button", "option") for w in a.text_content().split()}
    words = [w.casefold() for p in paragraphs for w in p.split()]
    return bool(words) and all(w in link_words for w in words)


def _drop_head(paragraphs: list[str], title: str | None) -> list[str]:
    """Leave out what a page puts above the story: the headline again, a bare date, a byline."""
    n = 0
    while n < min(len(paragraphs), 3):
        para = paragraphs[n]
        if title and _same(para, title) or _BYLINE.match(para) or _is_date(para):
            n += 1
            continue
        break
    return paragraphs[n:]


def _is_date(text: str) -> bool:
    if len(text) > 40:
        return False
    try:
        return parse_date(text.strip(" |·-–—")) is not None
    except ValueError:
        return False


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _outlet(sitename: str | None, url: str | None) -> str | None:
    if sitename and sitename.strip():
        return sitename.strip()
    if url:
        host = urlsplit(url).hostname or ""
        return host.removeprefix("www.") or None
    return None
