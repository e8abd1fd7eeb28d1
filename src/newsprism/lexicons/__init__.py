"""Language data (cue words, event lexicons, actor dictionary) kept as YAML, loaded once and cached."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


@lru_cache(maxsize=None)
def load(name: str) -> dict[str, Any]:
    """Load ``lexicons/<name>.yaml`` from the installed package."""
    text = resources.files(__name__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    # libyaml's loader when PyYAML has it: the same safe subset, many times faster on the large lexicons
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(data, dict):
        raise ValueError(f"lexicon {name}.yaml must hold a mapping")
    return data


@lru_cache(maxsize=None)
def cue_verbs() -> frozenset[str]:
    verbs = load("cues")["verbs"]
    return frozenset(v for group in verbs.values() for v in group)


@lru_cache(maxsize=None)
def belief_verbs() -> frozenset[str]:
    return frozenset(load("cues")["verbs"]["belief"])


@lru_cache(maxsize=None)
def cue_nouns() -> frozenset[str]:
    return frozenset(load("cues")["nouns"])


@lru_cache(maxsize=None)
def event_verbs() -> dict[str, str]:
    """Verb lemma (or 'verb particle') -> PLOVER category; the first category listing a lemma wins."""
    table: dict[str, str] = {}
    for category, lemmas in load("events")["verbs"].items():
        for lemma in lemmas:
            table.setdefault(lemma, category)
    return table


@lru_cache(maxsize=None)
def event_nouns() -> dict[str, str]:
    table: dict[str, str] = {}
    for category, lemmas in load("events")["nouns"].items():
        for lemma in lemmas:
            table.setdefault(lemma, category)
    return table


@lru_cache(maxsize=None)
def speech_verbs() -> frozenset[str]:
    return frozenset(load("cues")["verbs"]["speech"])


@lru_cache(maxsize=None)
def cue_words(group: str) -> frozenset[str]:
    """A flat word list of ``cues.yaml`` by its key: object_verbs, naming, distancing."""
    return frozenset(load("cues").get(group, ()))


@lru_cache(maxsize=None)
def content_preps() -> dict[str, frozenset[str]]:
    """Cue verb -> the prepositions that carry its content (*call for*, *warn of*)."""
    return {verb: frozenset(preps) for verb, preps in load("cues").get("content_preps", {}).items()}


@lru_cache(maxsize=None)
def speaker_nouns() -> dict[str, frozenset[str]]:
    """Nouns that name a speaker by role, by the kind of actor they refer to (person, organisation)."""
    return {kind: frozenset(words) for kind, words in load("cues").get("speaker_nouns", {}).items()}
