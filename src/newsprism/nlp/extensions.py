"""Doc extensions ``doc._.newsprism_*``.

Components store plain dicts in ``doc.user_data`` (they survive ``Doc.to_bytes`` and so spaCy's
multiprocessing), and the extension getters hand out frozen records built from them.
"""

from __future__ import annotations

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
    doc.user_data[_key(kind)] = [r.to_dict() for r in records]


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
