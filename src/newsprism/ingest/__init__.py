"""Readers: turn files, folders and URLs into Articles, streaming, one input error never stopping the batch.

``iter_inputs`` yields ``(item, nbytes)``: ``item`` is an Article, an InputError (an InputWarning for
a problem that did not stop the article) or None, and ``nbytes`` how much of the input it consumed, for
progress bars (a whole file's size comes with a final ``(None, size)``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from ..config import Settings
from ..errors import EmptyInput, InputError, InputWarning, MissingPath, TooLarge, UnknownFormat
from ..records import Article
from .feeds import STREAM_FEED_BYTES, looks_like_feed, read_feed, stream_feed
from .html import looks_like_html, read_html
from .normalise import decode
from .tabular import read_csv, read_jsonl
from .text import read_text
from .url import fetch, is_url

IngestItem = tuple[Article | InputError | None, int]

TEXT_EXTENSIONS = {".txt", ".md", ".markdown", ".text"}
HTML_EXTENSIONS = {".html", ".htm", ".xhtml"}
FEED_EXTENSIONS = {".rss", ".atom", ".xml"}
JSONL_EXTENSIONS = {".jsonl", ".ndjson"}
CSV_EXTENSIONS = {".csv", ".tsv"}
KNOWN_EXTENSIONS = TEXT_EXTENSIONS | HTML_EXTENSIONS | FEED_EXTENSIONS | JSONL_EXTENSIONS | CSV_EXTENSIONS

__all__ = ["IngestItem", "iter_inputs", "input_size", "read_file", "KNOWN_EXTENSIONS"]


def _walk(root: Path) -> Iterator[Path]:
    """Files below ``root`` in a stable order, skipping hidden files and folders."""
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


def _expand(paths: Iterable[str]) -> Iterator[str | Path | InputError]:
    for given in paths:
        if is_url(given):
            yield given
            continue
        path = Path(given)
        if path.is_dir():
            found = False
            for file in _walk(path):
                if file.suffix.lower() in KNOWN_EXTENSIONS:
                    found = True
                    yield file
            if not found:
                yield EmptyInput(
                    f"folder holds no readable files ({', '.join(sorted(KNOWN_EXTENSIONS))})", path=given
                )
        elif path.is_file():
            yield path
        elif path.exists():
            yield UnknownFormat("is not a regular file or folder; pass files or folders", path=given)
        else:
            yield MissingPath("does not exist; check the path", path=given)


def input_size(paths: Iterable[str]) -> int:
    """Total bytes of the local inputs (URLs count as nothing), for a progress bar's total."""
    total = 0
    for item in _expand(paths):
        if isinstance(item, Path):
            try:
                total += item.stat().st_size
            except OSError:
                pass
    return total


def iter_inputs(
    paths: Iterable[str], settings: Settings, mapping: Mapping[str, str] | None = None
) -> Iterator[IngestItem]:
    mapping = dict(mapping or {})
    for item in _expand(paths):
        if isinstance(item, InputError):
            yield item, 0
        elif isinstance(item, Path):
            yield from read_file(item, settings, mapping)
        else:
            yield from _read_url(item, settings)


def _read_url(url: str, settings: Settings) -> Iterator[IngestItem]:
    try:
        fetched = fetch(
            url,
            timeout=settings.http_timeout,
            max_bytes=settings.http_max_bytes,
            max_redirects=settings.http_max_redirects,
        )
        text, warning = decode(fetched.content, url)
        if warning is not None:
            yield warning, 0
        ctype = fetched.content_type.lower()
        if "xml" in ctype and ("rss" in ctype or "atom" in ctype) or looks_like_feed(text):
            for entry in read_feed(fetched.content, url, max_chars=settings.max_text_chars):
                yield entry, 0
            return
        warnings: list[InputWarning] = []
        if "html" in ctype or looks_like_html(text):
            article = read_html(
                text, url, max_chars=settings.max_text_chars, warnings=warnings, url=fetched.url
            )
        else:
            article = read_text(text, url, max_chars=settings.max_text_chars, warnings=warnings)
        yield article, len(fetched.content)
        for w in warnings:
            yield w, 0
    except InputError as exc:
        yield exc, 0


def _head_is_feed(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            head = fh.read(2048)
    except OSError:
        return False
    return looks_like_feed(head.decode("utf-8", "replace"))


def read_file(path: Path, settings: Settings, mapping: Mapping[str, str] | None = None) -> Iterator[IngestItem]:
    """Read one local file by its extension; every problem is yielded as an InputError."""
    shown = str(path)
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield MissingPath(f"cannot be read ({exc.strerror})", path=shown), 0
        return
    if suffix not in KNOWN_EXTENSIONS:
        yield UnknownFormat(
            f"has an unknown extension {suffix or '(none)'!r}; use one of {', '.join(sorted(KNOWN_EXTENSIONS))}",
            path=shown,
        ), size
        return
    if size == 0:
        yield EmptyInput("is empty (0 bytes)", path=shown), 0
        return
    if suffix in JSONL_EXTENSIONS:
        # Streamed line by line: the file size limit does not apply, only the per-line one.
        try:
            yield from read_jsonl(path, shown, mapping=mapping or {}, max_chars=settings.max_text_chars)
        except OSError as exc:
            yield MissingPath(f"cannot be read ({exc.strerror})", path=shown), 0
        return
    if size > STREAM_FEED_BYTES and (suffix in FEED_EXTENSIONS or (suffix in HTML_EXTENSIONS and _head_is_feed(path))):
        # Streamed entry by entry, like JSONL: the file size limit does not apply.
        try:
            with path.open("rb") as fh:
                for entry in stream_feed(fh, shown, max_chars=settings.max_text_chars):
                    yield entry, 0
        except OSError as exc:
            yield MissingPath(f"cannot be read ({exc.strerror})", path=shown), 0
        yield None, size
        return
    if size > settings.max_file_bytes:
        yield TooLarge(
            f"is {size / 2**20:.1f} MiB, over the limit of {settings.max_file_bytes / 2**20:.1f} MiB for one file; "
            "split it, or use JSONL for large dumps, or raise max_file_bytes",
            path=shown,
        ), size
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield MissingPath(f"cannot be read ({exc.strerror})", path=shown), 0
        return
    try:
        text, warning = decode(data, shown)
    except InputError as exc:
        yield exc, size
        return
    if warning is not None:
        yield warning, 0
    warnings: list[InputWarning] = []
    try:
        if suffix in CSV_EXTENSIONS:
            for entry in read_csv(text, shown, mapping=mapping or {}, max_chars=settings.max_text_chars):
                yield entry, 0
        elif suffix in FEED_EXTENSIONS or (suffix in HTML_EXTENSIONS and looks_like_feed(text)):
            for entry in read_feed(data, shown, max_chars=settings.max_text_chars):
                yield entry, 0
        elif suffix in HTML_EXTENSIONS:
            yield read_html(text, shown, max_chars=settings.max_text_chars, warnings=warnings), 0
        else:
            yield read_text(text, shown, max_chars=settings.max_text_chars, warnings=warnings), 0
    except InputError as exc:
        yield exc, 0
    for w in warnings:
        yield w, 0
    yield None, size
