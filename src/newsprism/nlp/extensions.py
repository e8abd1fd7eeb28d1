"""Doc extensions ``doc._.newsprism_*``.

Components store plain dicts in ``doc.user_data`` (they survive ``Doc.to_bytes`` and so spaCy's
multiprocessing), and the extension getters hand out frozen records built from them.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable
from typing import Any, TypeVar

from spacy.tokens import Doc

from ..records import DateMention, Event, Figure, Label, Mention, Quote, Record

R = TypeVar("R", bound=Record)

KINDS: dict[str, type[Record]] = {
    "mentions": Mention,
    "quotes": Quote,
    "events": Event,
    "figures": Figure,
    "dates": DateMention,
    "labels": Label,
}


def _key(kind: str) -> Any:
    return ("newsprism", kind)


def set_records(doc: Doc, kind: str, records: Iterable[Record]) -> None:
    doc.user_data[_key(kind)] = [_plain(r) for r in records]


_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def _plain(value: Any) -> Any:
    """``Record.to_dict`` (``dataclasses.asdict``) for the values records hold, several times faster:
    asdict deep-copies every value through a generic path, which was 1 % of an analyze run."""
    if isinstance(value, Record):
        return {name: _plain(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, (tuple, list)):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    return value  # str, int, float, bool, None: immutable, asdict's copy is the same object


def get_records(doc: Doc, kind: str) -> list[Record]:
    cls = KINDS[kind]
    return [cls.from_dict(d) for d in doc.user_data.get(_key(kind), [])]


def _getter(doc: Doc, kind: str) -> list[Record]:
    return get_records(doc, kind)


def register_extensions() -> None:
    """Register ``doc._.newsprism_<kind>`` for every record kind, and ``doc._.newsprism_published``."""
    for kind in KINDS:
        name = f"newsprism_{kind}"
        if not Doc.has_extension(name):
            Doc.set_extension(name, getter=functools.partial(_getter, kind=kind))
    if not Doc.has_extension("newsprism_published"):
        Doc.set_extension("newsprism_published", default=None)
