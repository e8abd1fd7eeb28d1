"""HTML pages: body text and metadata (title, author, date, site name) with trafilatura."""

from __future__ import annotations

import io
import logging
import re
from typing import Any

from ..errors import EmptyInput, InputWarning
from ..records import Article
from .normalise import make_article, xml_safe

log = logging.getLogger(__name__)

# trafilatura logs every page it finds too short; we report that ourselves, once, as an input error.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


# Below this, what trafilatura found is a menu or a caption, not an article body.
MIN_BODY_CHARS = 40
# libxml2 silently drops a whole page whose elements nest 255 deep or more; deeper pages are flattened.
MAX_DEPTH = 200
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"})


def flatten_nesting(html: str, limit: int | None) -> tuple[int, str]:
    """(deepest nesting seen, the page with tags below ``limit`` levels removed when a limit is given).

    Closing tags close back to their opener, as browsers do with unclosed <p> and <li>, so ordinary pages
    count shallow; only real nesting counts deep.
    """
    # The open elements, by name; an element is kept exactly when its index is below the limit.
    stack: list[str] = []
    deepest = 0
    out = io.StringIO()
    pos = 0
    for m in _TAG.finditer(html):
        closing, name, selfclose = m.group(1), m.group(2).lower(), m.group(3)
        keep = True
        if closing:
            for i in range(len(stack) - 1, max(-1, len(stack) - 64), -1):
                if stack[i] == name:
                    keep = limit is None or i < limit
                    del stack[i:]
                    break
        elif name not in _VOID and not selfclose:
            keep = limit is None or len(stack) < limit
            stack.append(name)
            deepest = max(deepest, len(stack))
        if not keep:
            if m.start() > pos:
                out.write(html[pos : m.start()])
            pos = m.end()
    if limit is None:
        return deepest, html
    out.write(html[pos:])
    return deepest, out.getvalue()


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "<" in head[:1])


def extract_html(html: str, url: str | None = None) -> dict[str, Any]:
    """Return trafilatura's body text and metadata for one page (empty text when it finds no body)."""
    import trafilatura

    def extract(**options: Any) -> Any:
        try:
            return trafilatura.bare_extraction(html, url=url, with_metadata=True, **options)
        except AssertionError:
            # lxml asserts on some degenerate trees (an <svg> holding only empty <p>s) while htmldate looks
            # for the date in the metadata; the body can still be read without the metadata
            return trafilatura.bare_extraction(html, url=url, with_metadata=False, **options)

    doc = extract(include_comments=False, include_tables=False, favor_precision=True, deduplicate=False)
    if doc is None:
        # Short pages fall under trafilatura's minimum size; retry leniently before giving up.
        doc = extract(include_comments=False, favor_recall=True)
    if doc is None:
        return {"text": ""}
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return data


def read_html(
    html: str, path: str, *, max_chars: int, warnings: list[InputWarning], url: str | None = None
) -> Article:
    html = xml_safe(html)
    depth, flat = flatten_nesting(html, MAX_DEPTH)
    if depth > MAX_DEPTH:
        html = flat
        warnings.append(InputWarning(
            f"HTML nests elements {depth} deep, over the parser's limit; the nesting below level {MAX_DEPTH} "
            "was flattened to read the text (check the page if words look out of place)", path=path))
    data = extract_html(html, url=url)
    text = data.get("text") or ""
    title = data.get("title")
    # trafilatura keeps the headline as the body's first line; the title field already holds it.
    first, _, rest = text.lstrip().partition("\n")
    if title and rest.strip() and " ".join(first.split()) == " ".join(str(title).split()):
        text = rest
    if len(text.strip()) < MIN_BODY_CHARS:
        raise EmptyInput(
            "HTML page has no article body that could be extracted (no <body> text or only navigation); "
            "check that it is an article page",
            path=path,
        )
    return make_article(
        text,
        path,
        max_chars=max_chars,
        title=data.get("title"),
        outlet=data.get("sitename"),
        url=data.get("url") or url,
        published=data.get("date"),
        author=data.get("author"),
        source_format="html",
        warnings=warnings,
    )
