"""Language data (cue words, event lexicons, actor dictionary) kept as YAML, loaded once and cached."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load(name: str) -> dict[str, Any]:
    """Load ``lexicons/<name>.yaml`` from the installed package."""
    text = resources.files(__name__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    # libyaml's loader when PyYAML has it: the same safe subset, many times faster on the large lexicons
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(data, dict):
        raise ValueError(f"lexicon {name}.yaml must hold a mapping")
    return data


@cache
def cue_verbs() -> frozenset[str]:
    verbs = load("cues")["verbs"]
    return frozenset(v for group in verbs.values() for v in group)


@cache
def belief_verbs() -> frozenset[str]:
    return frozenset(load("cues")["verbs"]["belief"])


@cache
def cue_nouns() -> frozenset[str]:
    return frozenset(load("cues")["nouns"])


def _entries(groups: dict[str, list[str]]) -> dict[str, tuple[str, str | None]]:
    """``{category: ["word", "word/mode"]}`` -> ``{word: (category, mode)}``; the first category wins."""
    table: dict[str, tuple[str, str | None]] = {}
    for category, words in groups.items():
        for item in words:
            word, _, mode = str(item).partition("/")
            table.setdefault(word.strip().lower(), (category, mode.strip() or None))
    return table


@cache
def event_lexicon() -> dict[str, Any]:
    """The event lexicon parsed: verb and noun tables (word -> (category, mode)) and the word lists."""
    data = load("events")
    out: dict[str, Any] = {"verbs": _entries(data["verbs"]), "nouns": _entries(data["nouns"])}
    for key in ("light_verbs", "ignore_objects", "intent", "future", "hypothetical", "obligation", "negating",
                "negating_words", "actor_nouns", "civilian_presence", "readiness", "event_shells", "casualty_verbs",
                "joint", "need_object", "needs_frame", "transfer_verbs", "aid_objects"):
        out[key] = frozenset(str(w).lower() for w in data.get(key, []))
    out["contexts"] = [(name, frozenset(str(w).lower() for w in words))
                       for name, words in data.get("contexts", {}).items()]
    return out


@cache
def event_verbs() -> dict[str, str]:
    """Verb lemma (or 'verb particle') -> PLOVER category; the first category listing a lemma wins."""
    return {word: cat for word, (cat, _) in event_lexicon()["verbs"].items()}


@cache
def event_nouns() -> dict[str, str]:
    return {word: cat for word, (cat, _) in event_lexicon()["nouns"].items()}


@cache
def speech_verbs() -> frozenset[str]:
    return frozenset(load("cues")["verbs"]["speech"])


@cache
def cue_words(group: str) -> frozenset[str]:
    """A flat word list of ``cues.yaml`` by its key: object_verbs, naming, distancing."""
    return frozenset(load("cues").get(group, ()))


@cache
def content_preps() -> dict[str, frozenset[str]]:
    """Cue verb -> the prepositions that carry its content (*call for*, *warn of*)."""
    return {verb: frozenset(preps) for verb, preps in load("cues").get("content_preps", {}).items()}


@cache
def speaker_nouns() -> dict[str, frozenset[str]]:
    """Nouns that name a speaker by role, by the kind of actor they refer to (person, organisation)."""
    return {kind: frozenset(words) for kind, words in load("cues").get("speaker_nouns", {}).items()}

