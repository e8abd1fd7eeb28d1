"""Actor coding: a name as it appears in a text -> canonical name, type, ISO 3166 alpha-3 country, PLOVER sector.

This is the one entry point other stages use (event source/target coding, the actor evaluation, the
web app). First version: country names only; the actors work makes it resolve titles, demonyms,
metonyms, IGOs and dictionary actors with role tenures.
"""

from __future__ import annotations

from dataclasses import dataclass

from .actors import country_code, strip_titles


@dataclass(frozen=True)
class ActorCode:
    name: str  # canonical name
    type: str | None = None  # PERSON, ORG, GPE, NORP, IGO, ...
    country: str | None = None  # ISO 3166 alpha-3
    sector: str | None = None  # PLOVER sector (GOV, MIL, LEG, ...)
    role: str | None = None  # a title kept as a role: "president", "senator"


def code_actor(text: str, *, label: str | None = None, date: str | None = None) -> ActorCode:
    """Code the actor named by ``text`` (spaCy entity ``label`` and article ``date`` help where given)."""
    name = strip_titles(text.strip())
    return ActorCode(name=name, type=label, country=country_code(name))
