"""JSONL and CSV dumps: one article per line or row.

Field names (case-insensitive): ``text`` (required; also ``body``, ``content``, ``article``), ``title``,
``outlet`` (also ``source``, ``site``, ``publication``), ``url`` (also ``link``), ``published`` (also
``date``, ``publish_date``), ``author``. Other names are mapped with ``--field NAME=COLUMN``, e.g.
``--field text=story_body``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ..errors import InputError, InputWarning, MalformedInput
from ..records import Article
from .normalise import make_article

ARTICLE_FIELDS = ("text", "title", "outlet", "url", "published", "author")
DEFAULT_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "maintext"),
    "title": ("title", "headline"),
    "outlet": ("outlet", "source", "site", "site_name", "publication", "source_domain"),
    "url": ("url", "link"),
    "published": ("published", "date", "publish_date", "date_publish", "pubdate"),
    "author": ("author", "authors", "byline"),
}
# A single line longer than this is not read whole (it would be a text far beyond any article).
MAX_LINE_BYTES = 16 * 1024 * 1024


def _pick(record: Mapping[str, Any], field: str, mapping: Mapping[str, str]) -> Any:
    lowered = {str(k).lower(): v for k, v in record.items()}
    if field in mapping:
        return lowered.get(mapping[field].lower())
    for name in DEFAULT_ALIASES[field]:
        if lowered.get(name) not in (None, ""):
            return lowered[name]
    return None


def _scalar(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return None
    return str(value)


def record_to_article(
    record: Mapping[str, Any], path: str, *, mapping: Mapping[str, str], max_chars: int, fmt: str
) -> tuple[Article, list[InputWarning]]:
    text = _pick(record, "text", mapping)
    if not isinstance(text, str) or not text.strip():
        wanted = mapping.get("text") or "/".join(DEFAULT_ALIASES["text"])
        raise MalformedInput(
            f"has no text field ({wanted}); map yours with --field text=NAME", path=path
        )
    warnings: list[InputWarning] = []
    article = make_article(
        text,
        path,
        max_chars=max_chars,
        title=_scalar(_pick(record, "title", mapping)),
        outlet=_scalar(_pick(record, "outlet", mapping)),
        url=_scalar(_pick(record, "url", mapping)),
        published=_scalar(_pick(record, "published", mapping)),
        author=_scalar(_pick(record, "author", mapping)),
        source_format=fmt,
        warnings=warnings,
    )
    return article, warnings


def read_jsonl(
    path: Path, shown: str, *, mapping: Mapping[str, str], max_chars: int
) -> Iterator[tuple[Article | InputError, int]]:
    """Yield (article or error, bytes consumed) line by line; a broken line never stops the file."""
    with path.open("rb") as fh:
        for number, raw in enumerate(iter(lambda: fh.readline(MAX_LINE_BYTES), b""), start=1):
            where = f"{shown}#{number}"
            size = len(raw)
            if not raw.endswith(b"\n") and size >= MAX_LINE_BYTES:
                # Skip the rest of an over-long line without holding it in memory.
                while True:
                    more = fh.readline(MAX_LINE_BYTES)
                    size += len(more)
                    if not more or more.endswith(b"\n"):
                        break
                yield MalformedInput(f"line is longer than {MAX_LINE_BYTES} bytes; skipped", path=where), size
                continue
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
            except UnicodeDecodeError as exc:
                yield MalformedInput(f"line is not valid UTF-8 (byte {exc.start}); skipped", path=where), size
                continue
            except json.JSONDecodeError as exc:
                yield MalformedInput(
                    f"line is not valid JSON ({exc.msg} at column {exc.colno}); skipped", path=where
                ), size
                continue
            except ValueError as exc:
                # Valid JSON that Python refuses to build, e.g. an integer of more than 4,300 digits.
                yield MalformedInput(f"line holds a value that cannot be read ({exc}); skipped", path=where), size
                continue
            except RecursionError:
                yield MalformedInput("line nests arrays or objects too deeply to read; skipped", path=where), size
                continue
            if not isinstance(record, dict):
                yield MalformedInput("line is not a JSON object; skipped", path=where), size
                continue
            try:
                article, warnings = record_to_article(
                    record, where, mapping=mapping, max_chars=max_chars, fmt="jsonl"
                )
            except InputError as exc:
                yield exc, size
                continue
            yield article, size
            for warning in warnings:
                yield warning, 0


def read_csv(
    text: str, shown: str, *, mapping: Mapping[str, str], max_chars: int
) -> Iterator[Article | InputError]:
    csv.field_size_limit(MAX_LINE_BYTES)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    if not reader.fieldnames:
        raise MalformedInput("CSV file has no header row; the first row must name the columns", path=shown)
    try:
        for number, row in enumerate(reader, start=2):
            where = f"{shown}#{number}"
            try:
                article, warnings = record_to_article(
                    row, where, mapping=mapping, max_chars=max_chars, fmt="csv"
                )
            except InputError as exc:
                yield exc
                continue
            yield article
            yield from warnings
    except csv.Error as exc:
        yield MalformedInput(f"CSV is malformed after line {reader.line_num} ({exc}); the rest was skipped", path=shown)
