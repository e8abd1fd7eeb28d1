"""Plain text and Markdown articles, with an optional YAML front-matter header.

    ---
    title: Harbour talks collapse
    outlet: The Coastline Courier
    url: https://courier.example/harbour
    published: 2026-03-14
    author: Mara Voss
    ---
    Body text...
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from ..errors import InputWarning
from ..records import Article
from .normalise import make_article

FRONT_MATTER_FIELDS = ("title", "outlet", "url", "published", "author")
# Accepted spellings of the same field, as found in static-site generators and scrapers.
_FIELD_ALIASES = {
    "date": "published",
    "publish_date": "published",
    "pubdate": "published",
    "source": "outlet",
    "site": "outlet",
    "site_name": "outlet",
    "publication": "outlet",
    "link": "url",
    "byline": "author",
    "authors": "author",
    "headline": "title",
}


# A header holds a handful of fields; anything longer is a missing closing fence, not metadata.
MAX_HEADER_CHARS = 16_384


class _HeaderLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases: ``&a [*b, *b]`` chains expand exponentially when turned to text."""

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(None, None, "aliases are not allowed in front matter", mark)
        return super().compose_node(parent, index)


def split_front_matter(text: str) -> tuple[str | None, str]:
    """Return (header, body). The header is the YAML between a first line ``---`` and the next ``---``."""
    stripped = text.lstrip("\ufeff")
    if not stripped.startswith("---"):
        return None, text
    first_nl = stripped.find("\n")
    if first_nl < 0 or stripped[:first_nl].strip() != "---":
        return None, text
    end = stripped.find("\n---", first_nl)
    while end >= 0:
        line_end = stripped.find("\n", end + 1)
        marker = stripped[end + 1 : line_end if line_end >= 0 else len(stripped)]
        if marker.strip() in {"---", "..."}:
            header = stripped[first_nl + 1 : end]
            body = stripped[line_end + 1 :] if line_end >= 0 else ""
            return header, body
        end = stripped.find("\n---", end + 1)
    return None, text


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value if v is not None) or None
    return str(value)


def _simple_header(header: str) -> dict[str, str] | None:
    data: dict[str, str] = {}
    for line in header.splitlines():
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if not sep or not key.strip().replace("_", "").isalnum():
            return None
        data[key.strip()] = value.strip().strip("\"'")
    return data or None


def parse_header(header: str, path: str, warnings: list[InputWarning]) -> dict[str, str | None]:
    if len(header) > MAX_HEADER_CHARS:
        warnings.append(InputWarning(
            f"front matter is {len(header)} characters long, over {MAX_HEADER_CHARS}; it was ignored "
            "(a header holds a few fields; check where it should end)", path=path))
        return {}
    try:
        data = yaml.load(header, Loader=_HeaderLoader)  # noqa: S506 (a SafeLoader without aliases)
    except (ValueError, RecursionError):
        # YAML Python cannot build: an integer of more than 4,300 digits, nesting thousands deep.
        data = _simple_header(header)
        if data is None:
            warnings.append(InputWarning("front matter holds values that cannot be read; it was ignored", path=path))
            return {}
    except yaml.YAMLError as exc:
        # Hand-written headers often break YAML with a colon in a title; plain "key: value" lines are
        # still unambiguous, so read them that way before giving up.
        simple = _simple_header(header)
        if simple is not None:
            data = simple
        else:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 2}" if mark is not None else ""
            warnings.append(
                InputWarning(f"front matter is not valid YAML{where}; it was ignored (fix the header)", path=path)
            )
            return {}
    if data is None:
        return {}
    if not isinstance(data, dict):
        warnings.append(InputWarning("front matter is not a mapping of field: value; it was ignored", path=path))
        return {}
    meta: dict[str, str | None] = {}
    for key, value in data.items():
        name = _FIELD_ALIASES.get(str(key).lower(), str(key).lower())
        if name in FRONT_MATTER_FIELDS and name not in meta:
            meta[name] = _as_text(value)
    return meta


def read_text(text: str, path: str, *, max_chars: int, warnings: list[InputWarning]) -> Article:
    header, body = split_front_matter(text)
    meta = parse_header(header, path, warnings) if header is not None else {}
    return make_article(
        body, path, max_chars=max_chars, source_format="text", warnings=warnings, **meta
    )
