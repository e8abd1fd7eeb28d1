"""RSS and Atom feeds (feedparser): one article per entry with full content."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import BinaryIO

from ..errors import EmptyInput, InputError, InputWarning, MalformedInput
from ..records import Article
from .html import MAX_DEPTH, flatten_nesting
from .normalise import make_article, xml_safe

_TAG = re.compile(r"<[^>]*>")
_BLOCK_TAGS = {
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section", "article",
    "tr", "pre", "header", "footer", "figcaption",
}


def looks_like_feed(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith("<?xml") and ("<rss" in head or "<feed" in head or "<rdf" in head) or head.startswith(
        ("<rss", "<feed")
    )


def _parse_fragment(fragment: str):  # type: ignore[no-untyped-def]
    import lxml.html
    from lxml import etree

    try:
        return lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.LxmlError, ValueError, AssertionError):
        pass
    # A fragment holding its own <html> or <body> (lxml asserts on it as a fragment): parse it as a page.
    try:
        return lxml.html.document_fromstring(fragment)
    except (etree.LxmlError, ValueError, AssertionError):
        return None


def html_fragment_to_text(fragment: str) -> str:
    """Text of an HTML fragment with one blank line between block elements."""
    if "<" not in fragment:
        return fragment
    fragment = xml_safe(fragment)
    depth, flat = flatten_nesting(fragment, MAX_DEPTH)
    # lxml drops everything below 255 levels; flattened, the words survive.
    root = _parse_fragment(flat if depth > MAX_DEPTH else fragment)
    if root is None:
        # Nothing lxml can parse: keep the words rather than lose the entry.
        return _TAG.sub(" ", fragment)
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    parts: list[str] = []
    # An explicit stack, not recursion: a feed entry may nest elements thousands deep.
    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        el, done = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else ""  # type: ignore[attr-defined]
        if done:
            if tag in _BLOCK_TAGS:
                parts.append("\n\n")
            if el is not root and el.tail:  # type: ignore[attr-defined]
                parts.append(el.tail)  # type: ignore[attr-defined]
            continue
        if tag in _BLOCK_TAGS:
            parts.append("\n\n")
        if el.text and tag:  # type: ignore[attr-defined]
            parts.append(el.text)  # type: ignore[attr-defined]
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))  # type: ignore[call-overload]
    return "".join(parts)


def _published(entry: dict) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return time.strftime("%Y-%m-%dT%H:%M:%SZ", value)
    return entry.get("published") or entry.get("updated")


def read_feed(data: bytes, path: str, *, max_chars: int) -> Iterator[Article | InputError]:
    parsed = _parse(data, path)
    if parsed.bozo and not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        raise MalformedInput(f"is not a readable RSS/Atom feed ({_one_line(reason)}); check the file", path=path)
    outlet = parsed.feed.get("title") if parsed.get("feed") else None
    if not parsed.entries:
        raise EmptyInput("feed has no entries", path=path)
    yield from _entries(parsed.entries, path, outlet, max_chars=max_chars)


# A character reference beyond U+10FFFF (&#2000000;) makes feedparser call chr() and fail.
_CHARREF = re.compile(rb"&#([0-9]+|[xX][0-9a-fA-F]+);")


def _valid_charref(m: re.Match[bytes]) -> bytes:
    ref = m.group(1)
    if len(ref.lstrip(b"xX0")) > 8:
        return b"&#xFFFD;"
    value = int(ref[1:], 16) if ref[:1] in (b"x", b"X") else int(ref)
    return m.group(0) if value <= 0x10FFFF else b"&#xFFFD;"


def _parse(data: bytes, path: str):  # type: ignore[no-untyped-def]
    import feedparser

    data = _CHARREF.sub(_valid_charref, data)
    try:
        return feedparser.parse(data)
    except Exception as exc:  # noqa: BLE001 (feedparser's own bugs on hostile input: one entry lost, not the run)
        raise MalformedInput(f"could not be read as a feed ({type(exc).__name__}: {_one_line(exc)}); "
                             "check the file", path=path) from None


def _one_line(value: object) -> str:
    return " ".join(str(value).split())[:300]


def _entries(entries: list, path: str, outlet: str | None, *, max_chars: int, first: int = 1
             ) -> Iterator[Article | InputError]:
    for index, entry in enumerate(entries, start=first):
        entry_path = f"{path}#{index}"
        content = ""
        if entry.get("content"):
            content = max((c.get("value", "") for c in entry["content"]), key=len)
        if len(content) < len(entry.get("summary", "") or ""):
            content = entry.get("summary", "")
        text = html_fragment_to_text(content)
        warnings: list[InputWarning] = []
        try:
            yield make_article(
                text,
                entry_path,
                max_chars=max_chars,
                title=entry.get("title"),
                outlet=outlet,
                url=entry.get("link"),
                published=_published(entry),
                author=entry.get("author"),
                source_format="feed",
                warnings=warnings,
            )
        except InputError as exc:
            yield exc
        yield from warnings


# Feeds bigger than this are streamed: cut into chunks of entries that feedparser reads one at a time, so
# a feed with 100,000 entries needs the memory of one chunk, not of the whole parsed feed.
STREAM_FEED_BYTES = 4 * 1024 * 1024
CHUNK_ENTRIES = 500
_ATOM = "http://www.w3.org/2005/Atom"
_RSS1 = "http://purl.org/rss/1.0/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _wrap(kind: str, title: str | None, items: list[bytes]) -> bytes:
    from xml.sax.saxutils import escape

    head = f"<title>{escape(title)}</title>" if title else ""
    body = b"".join(items)
    if kind == "feed":
        return f"<feed xmlns='{_ATOM}'>{head}".encode() + body + b"</feed>"
    if kind == "RDF":
        return (f"<rdf:RDF xmlns:rdf='{_RDF}' xmlns='{_RSS1}'><channel>{head}</channel>".encode() + body
                + b"</rdf:RDF>")
    return f"<rss version='2.0'><channel>{head}".encode() + body + b"</channel></rss>"


def stream_feed(source: BinaryIO, path: str, *, max_chars: int) -> Iterator[Article | InputError]:
    """Read a large RSS/Atom feed from a binary file incrementally, CHUNK_ENTRIES entries at a time."""
    from lxml import etree

    kind, title = "rss", None
    chunk: list[bytes] = []
    done = 0

    def flush() -> Iterator[Article | InputError]:
        nonlocal done
        first = done + 1
        done += len(chunk)
        try:
            parsed = _parse(_wrap(kind, title, chunk), path)
        except MalformedInput as exc:
            exc.message = f"entries {first}-{done} {exc.message}"
            yield exc
            return
        finally:
            chunk.clear()
        yield from _entries(parsed.entries, path, title, max_chars=max_chars, first=first)

    parser = etree.iterparse(source, events=("start", "end"), resolve_entities=False, no_network=True,
                             load_dtd=False, huge_tree=False, remove_comments=True)
    depth = 0
    try:
        for event, el in parser:
            if event == "start":
                depth += 1
                if depth == 1:
                    kind = _local(el.tag)
                continue
            depth -= 1
            name = _local(el.tag)
            if name == "title" and title is None and _local(el.getparent().tag if el.getparent() is not None
                                                            else "") in {"channel", "feed"}:
                title = el.text
            elif name in {"item", "entry"}:
                chunk.append(etree.tostring(el))
                # Free what was read: the element's content, and the emptied siblings before it.
                el.clear()
                parent = el.getparent()
                while parent is not None and el.getprevious() is not None:
                    del parent[0]
                if len(chunk) >= CHUNK_ENTRIES:
                    yield from flush()
    except etree.XMLSyntaxError as exc:
        if chunk:
            yield from flush()
        yield MalformedInput(
            f"feed is not well-formed after entry {done} ({_one_line(exc)}); the entries before were read, "
            "the rest skipped; fix the file", path=path)
        return
    if chunk:
        yield from flush()
    if done == 0:
        yield EmptyInput("feed has no entries", path=path)
