"""Bytes to clean text, and the article id.

Decoding order: a BOM wins (UTF-8, UTF-16, UTF-32); then strict UTF-8; then charset-normalizer's guess,
reported as a warning so the user knows the text was guessed. NUL bytes outside UTF-16/32 mean binary.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata

from ..errors import BinaryInput, EmptyInput, InputWarning, MalformedInput
from ..records import Article

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 controls other than tab and newline, DEL, and C1 controls: never part of an article.
_PREFERRED = ("cp1252", "latin_1", "iso8859_15", "cp1251", "koi8_r", "cp1250", "iso8859_2", "gb18030",
              "shift_jis", "euc_kr", "big5")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Lone UTF-16 surrogates (JSON allows "\ud800") cannot be encoded, hashed or stored; they become U+FFFD.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Title, outlet, URL, date and author are one line each; longer values are cut (a broken header, not data).
MAX_FIELD_CHARS = 2048
# spaCy's tokenizer peels prefix and suffix characters off a whitespace-free chunk one at a time, which
# is quadratic: 6,000 curly quotes or equals signs in a row take 5-20 s, 30,000 several minutes. No article
# holds such runs, so they get a space every MAX_SYMBOL_RUN symbols and every MAX_CHUNK other characters.
MAX_SYMBOL_RUN = 64
MAX_CHUNK = 1000
_SYMBOL_RUN = re.compile(rf"(?:[^\w\s]|_){{{MAX_SYMBOL_RUN + 1},}}")
_LONG_CHUNK = re.compile(rf"\S{{{MAX_CHUNK + 1},}}")
_MANY_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")


def decode(data: bytes, path: str) -> tuple[str, InputWarning | None]:
    """Decode ``data``; return the text and, when the encoding had to be guessed, a warning."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), None
            except UnicodeDecodeError as exc:
                raise MalformedInput(
                    f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                    f"(byte {exc.start}); re-save the file as UTF-8",
                    path=path,
                ) from None
    if b"\x00" in data[:8192]:
        raise BinaryInput(
            "looks like a binary file (it contains NUL bytes), not text; pass text, HTML, feed, JSONL or CSV files",
            path=path,
        )
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[:1_000_000]))
    best = matches[0] if matches else None
    # On short texts several single-byte encodings fit equally well; prefer the common ones.
    if best is not None:
        close = {m.encoding: m for m in matches if m.chaos <= best.chaos + 0.05}
        best = next((close[e] for e in _PREFERRED if e in close), best)
    if best is None or best.encoding in {"utf_8", "utf-8"}:
        raise MalformedInput(
            f"is not valid UTF-8 (first bad byte at offset {bad_at}) and no other encoding fits; "
            "re-save the file as UTF-8",
            path=path,
        )
    text = data.decode(best.encoding, errors="replace")
    warning = InputWarning(
        f"is not valid UTF-8 (first bad byte at offset {bad_at}); decoded as {best.encoding} "
        "(detected); re-save it as UTF-8 if the text looks wrong",
        path=path,
    )
    return text, warning


def clean_text(text: str) -> str:
    """Normalise Unicode (NFC), line endings and blank runs; drop control characters."""
    text = unicodedata.normalize("NFC", _SURROGATE.sub("\ufffd", text))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\ufeff", "")
    text = _CONTROL.sub("", text)
    text = _SYMBOL_RUN.sub(lambda m: _spaced(m.group(0), MAX_SYMBOL_RUN), text)
    text = _LONG_CHUNK.sub(lambda m: _spaced(m.group(0), MAX_CHUNK), text)
    text = _TRAILING_SPACE.sub("\n", text)
    text = _MANY_BLANK_LINES.sub("\n\n", text)
    return text.strip()


def xml_safe(text: str) -> str:
    """Drop the characters lxml refuses (controls, lone surrogates, U+FFFE/FFFF); clean_text drops them too."""
    return _NOT_XML.sub("", text)


def _spaced(run: str, every: int) -> str:
    return " ".join(run[i : i + every] for i in range(0, len(run), every))


def article_id(text: str) -> str:
    """Stable id: the hash of the text with white space folded and case ignored."""
    key = " ".join(text.split()).casefold()
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def make_article(
    text: str,
    path: str,
    *,
    max_chars: int,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    published: str | None = None,
    author: str | None = None,
    source_format: str = "text",
    warnings: list[InputWarning] | None = None,
) -> Article:
    """Build an Article from raw body text; raise EmptyInput when no text is left.

    A text longer than ``max_chars`` is cut at a line break, and a warning is appended to ``warnings``.
    """
    body = clean_text(text)
    if not body:
        raise EmptyInput("holds no article text; nothing to analyse", path=path)
    if len(body) > max_chars:
        cut = body.rfind("\n", 0, max_chars)
        body = body[: cut if cut > max_chars // 2 else max_chars].rstrip()
        if warnings is not None:
            warnings.append(
                InputWarning(
                    f"text is longer than {max_chars} characters; only the first {len(body)} were kept "
                    "(raise max_text_chars to keep more)",
                    path=path,
                )
            )
    return Article(
        id=article_id(body),
        path=path,
        text=body,
        title=_clean_field(title),
        outlet=_clean_field(outlet),
        url=_clean_field(url),
        published=_clean_field(published),
        author=_clean_field(author),
        source_format=source_format,
    )


def _clean_field(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(_CONTROL.sub("", _SURROGATE.sub("\ufffd", str(value)[: MAX_FIELD_CHARS * 2])).split())
    return text[:MAX_FIELD_CHARS].rstrip() or None
