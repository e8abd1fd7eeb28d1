"""Coding an event's source and target: country and sector through :func:`code_actor`, with two fallbacks.

An actor the coder knows by its role but not its country (*the rebels*, *the Supreme Court*, *opposition
leader X*) is taken to belong to the country where the event happens, or else to the country of the other
party: a sentence about one country's opposition rarely names the country twice. Actors without a known
sector (a thing, an unknown name) get no such guess.
"""

from __future__ import annotations

import dataclasses

from ..records import Event, SpanRef
from .coding import ActorCode, code_actor


def _code(ref: SpanRef | None, text: str, date: str | None) -> ActorCode | None:
    if ref is None:
        return None
    name = ref.text
    if ref.refers_to is not None and 0 <= ref.refers_to[0] < ref.refers_to[1] <= len(text):
        name = text[ref.refers_to[0] : ref.refers_to[1]]
    return code_actor(name, date=date)


def _domestic(code: ActorCode | None) -> bool:
    return code is not None and code.country is None and (code.sector is not None or code.type == "PERSON")


def code_event(
    event: Event, text: str, *, date: str | None = None
) -> tuple[ActorCode | None, ActorCode | None]:
    """(source code, target code) of ``event``; ``text`` is the article text its offsets point into."""
    source = _code(event.source, text, date or event.date)
    target = _code(event.target, text, date or event.date)
    place = code_actor(event.location).country if event.location else None
    if place == "IGO":
        place = None
    for _ in range(2):
        if source is not None and _domestic(source):
            country = place or (target.country if target is not None and target.country != "IGO" else None)
            if country:
                source = dataclasses.replace(source, country=country)
        if target is not None and _domestic(target):
            country = place or (source.country if source is not None and source.country != "IGO" else None)
            if country:
                target = dataclasses.replace(target, country=country)
    return source, target
