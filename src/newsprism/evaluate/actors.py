"""``newsprism eval actors``: country and sector accuracy of ``code_actor`` on two public sets.

1. NGEC's actor-resolution expectations (``ngec-plover/actor_resolution_tests.jsonl``): every call of
   ``agent_to_code``, ``short_text_to_agent`` and ``search_nat`` that upstream expects to pass (records
   marked xfail upstream are left out). Each expectation of a country (``country``/``cc``) or a sector
   (``code_1``) is one item; an expected empty value means "no country"/"no sector". ``args`` are
   ``[text, context, date]``. A record dated "today" or not at all is coded as of ``NGEC_TODAY``: the
   upstream tests were written in 2022 (their explicit dates run to 2022-10), so "today" there means
   then, not the day the evaluation runs.
2. The source and target actors of the PLOVER gold standard records (``plover-gsr/PLOVER_GSR_dev.json``):
   each actor span's text is coded and its country compared with the gold ``code``; its sector with the
   gold ``sector`` where one is given (first three letters; '***' means uncoded and is skipped). Each
   actor is coded as of its record's ``date`` (2000-01-01 throughout, a placeholder for the 1990s-2000s
   wire stories the CAMEO manual quotes).

Country conventions: a body coded IGO by us matches gold 'IGO' and also NGEC's sub-codes for UN and EU
bodies ('UNO', 'EUR') when our ``igo`` field names that body.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..link.coding import ActorCode, code_actor
from . import EvalReport

NGEC_FILE = "actor_resolution_tests.jsonl"
GSR_FILE = "PLOVER_GSR_dev.json"
_METHODS = {"agent_to_code", "short_text_to_agent", "search_nat"}
NGEC_TODAY = "2022-01-01"


def _find(data: Path, relative: str, sibling: str) -> Path | None:
    """The file inside ``data`` or, when ``data`` is one set's folder, inside its sibling set."""
    for candidate in (data / relative, data / sibling / relative, data.parent / sibling / relative):
        if candidate.is_file():
            return candidate
    return None


def country_matches(expected: Any, got: ActorCode) -> bool:
    if isinstance(expected, dict):
        if "NotEq" in expected:
            return got.country != expected["NotEq"]
        if "In" in expected:
            return any(country_matches(e, got) for e in expected["In"])
        if "Is" in expected:
            return got.country is None
    expected = expected or None
    if expected in {"UNO", "EUR"} and got.country == "IGO":
        return got.igo == expected
    return got.country == expected


def sector_matches(expected: Any, got: ActorCode) -> bool:
    if isinstance(expected, dict):
        if "In" in expected:
            return got.sector in expected["In"]
        if "NotEq" in expected:
            return got.sector != expected["NotEq"]
        if "Is" in expected:
            return got.sector is None
    return (got.sector or None) == (expected or None)


def ngec_items(path: Path, limit: int | None) -> list[dict[str, Any]]:
    items = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            if rec.get("method") not in _METHODS or rec.get("xfail"):
                continue
            items.append(rec)
    return items[:limit] if limit else items


def gsr_actors(path: Path, limit: int | None) -> list[dict[str, Any]]:
    records = json.loads(path.read_text(encoding="utf-8"))
    coded = [r for r in records if isinstance(r, dict) and "event" in r]
    if limit:
        coded = coded[:limit]
    actors = []
    for rec in coded:
        for side in ("source", "target"):
            value = rec.get(side)
            if isinstance(value, dict):
                value = [value]
            if not isinstance(value, list):
                continue
            for actor in value:
                if isinstance(actor, dict) and actor.get("actorText") and actor.get("code"):
                    actors.append({"id": rec["id"], "side": side, "date": rec.get("date"), **actor})
    return actors


def evaluate(data: Path, *, split: str, limit: int | None) -> EvalReport:
    if split != "dev":
        raise ConfigError(f"the actor sets have only a dev split here, not {split!r}; use --split dev")
    ngec = _find(data, NGEC_FILE, "ngec-plover")
    gsr = _find(data, GSR_FILE, "plover-gsr")
    if ngec is None and gsr is None:
        raise ConfigError(f"neither {NGEC_FILE} nor {GSR_FILE} found under {str(data)!r}; pass --data DIR")
    counts: Counter[str] = Counter()
    errors: dict[str, Counter[str]] = {k: Counter() for k in ("ngec_country", "ngec_sector", "gsr_country",
                                                                "gsr_sector")}
    if ngec is not None:
        for rec in ngec_items(ngec, limit):
            args = list(rec["args"]) + ["", ""]
            text, context, date = args[0], args[1] or None, args[2] or None
            if date is None or date.strip().casefold() == "today":
                date = NGEC_TODAY
            got = code_actor(text, date=date, context=context)
            expect = rec["expect"]
            for field_, metric, check in (("country", "ngec_country", country_matches),
                                          ("cc", "ngec_country", country_matches),
                                          ("code_1", "ngec_sector", sector_matches)):
                if field_ not in expect:
                    continue
                counts[metric + "_n"] += 1
                if check(expect[field_], got):
                    counts[metric + "_ok"] += 1
                else:
                    errors[metric][f"{text!r}: want {expect[field_]!r}, got "
                                   f"{got.country if metric.endswith('country') else got.sector!r}"] += 1
    if gsr is not None:
        for actor in gsr_actors(gsr, limit):
            text = actor["actorText"].replace("...", " ")
            got = code_actor(text, date=actor["date"])
            counts["gsr_country_n"] += 1
            if got.country == actor["code"]:
                counts["gsr_country_ok"] += 1
            else:
                errors["gsr_country"][f"{text!r}: want {actor['code']}, got {got.country}"] += 1
            sector = (actor.get("sector") or "")[:3]
            if sector and sector != "***":
                counts["gsr_sector_n"] += 1
                if got.sector == sector:
                    counts["gsr_sector_ok"] += 1
                else:
                    errors["gsr_sector"][f"{text!r}: want {sector}, got {got.sector}"] += 1
    metrics: dict[str, float] = {}
    rows: list[list[Any]] = []
    for metric in ("ngec_country", "ngec_sector", "gsr_country", "gsr_sector"):
        n = counts[metric + "_n"]
        if n:
            metrics[metric + "_acc"] = counts[metric + "_ok"] / n
            rows.append([metric, n, counts[metric + "_ok"], metrics[metric + "_acc"]])
    notes = []
    for metric, errs in errors.items():
        if errs:
            shown = "; ".join(e for e, _ in errs.most_common(12))
            notes.append(f"{metric} misses ({sum(errs.values())}), e.g.: {shown}")
    return EvalReport(name="actors", metrics=metrics, columns=["measure", "items", "correct", "accuracy"],
                      rows=rows, notes=notes)
