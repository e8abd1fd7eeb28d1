"""The sample corpus end to end with the real model: the contract, the offsets, and what was planted."""

from __future__ import annotations

import json

import jsonschema
from conftest import ROOT


def _articles_by_path(export):
    return {a["path"].split("examples/corpus/")[-1]: a for a in export["articles"]}


def test_export_validates_against_the_schema(corpus_export):
    schema = json.loads((ROOT / "docs" / "output.schema.json").read_text())
    jsonschema.validate(corpus_export, schema)


def test_every_offset_is_the_reported_span(corpus_export):
    checked = 0
    for art in corpus_export["articles"]:
        text = art["text"]
        spans = []
        for q in art["quotes"]:
            spans.append(q)
            if q["speaker"]:
                spans.append(q["speaker"])
        for e in art["events"]:
            spans += [s for s in (e["source"], e["target"]) if s]
            assert 0 <= e["start"] <= e["end"] <= len(text)
        spans += art["figures"] + art["mentions"] + art["dates"]
        for s in spans:
            assert 0 <= s["start"] <= s["end"] <= len(text)
            assert text[s["start"] : s["end"]] == s["text"]
            checked += 1
    texts = {a["id"]: a["text"] for a in corpus_export["articles"]}
    for story in corpus_export["stories"]:
        for claim in story["claims"]:
            for m in claim["mentions"]:
                assert texts[m["article_id"]][m["start"] : m["end"]] == m["text"]
                checked += 1
    assert checked > 200


def test_all_formats_and_outlets_are_read(corpus_export):
    arts = corpus_export["articles"]
    assert {a["format"] for a in arts} == {"text", "html", "feed", "jsonl"}
    assert len({a["outlet"] for a in arts}) == 5
    assert len(arts) == 11  # 12 inputs, one exact duplicate


def test_exact_duplicate_is_linked_not_stored_twice(corpus_export):
    by_path = _articles_by_path(corpus_export)
    assert "courier/bridge.txt" not in by_path
    original = by_path["courier/bridge-wire-copy.txt"]
    assert any(p.endswith("courier/bridge.txt") for p in original["duplicate_paths"])


def test_near_duplicate_is_flagged(corpus_export):
    by_path = _articles_by_path(corpus_export)
    assert by_path["morningstar/dump.jsonl#3"]["near_duplicate_of"] == by_path["courier/bridge-wire-copy.txt"]["id"]


def test_two_stories_one_per_event(corpus_export):
    stories = corpus_export["stories"]
    assert len(stories) == 2
    by_id = {a["id"]: a for a in corpus_export["articles"]}
    for story in stories:
        paths = {by_id[a]["path"] for a in story["article_ids"]}
        words = {"summit" if ("summit" in p or p.endswith(("#1",)) and "dump" in p or "feed.rss#1" in p) else "bridge"
                 for p in paths}
        assert len(words) == 1, paths
        assert len({by_id[a]["outlet"] for a in story["article_ids"]}) >= 3


def _claims(export, relation):
    return [c for s in export["stories"] for c in s["claims"] if c["relation"] == relation]


def test_planted_figure_difference_is_differ(corpus_export):
    notes = [c["note"] for c in _claims(corpus_export, "differ")]
    assert any("40" in n and "52" in n and "injure" in n for n in notes), notes


def test_planted_omissions_are_single(corpus_export):
    notes = [c["note"] for c in _claims(corpus_export, "single")]
    # only the Meridian Review quotes Senator Mara Holt
    assert any(n.startswith("only The Meridian Review quotes Mara Holt") for n in notes), notes


def test_shared_quote_is_agree(corpus_export):
    notes = [c["note"] for c in _claims(corpus_export, "agree")]
    assert any("Anja Toller" in n and "Our first duty" in n for n in notes), notes


def test_quote_kinds_and_pronoun_speakers(corpus_export):
    quotes = [q for a in corpus_export["articles"] for q in a["quotes"]]
    assert {q["kind"] for q in quotes} == {"direct", "partial", "indirect", "scare"}
    scare = [q["text"] for q in quotes if q["kind"] == "scare"]
    assert "harbour bargain" in scare and "miracle bridge" in scare
    pronoun = [q for q in quotes if q["speaker"] and q["speaker"]["text"].lower() in {"she", "he"}]
    resolved = [q for q in pronoun if q["speaker"]["actor_id"]]
    # Known miss: the small model does not tag "Witness Greta Moll" as a person, so her "she" has no
    # antecedent (the actors issue recovers such names).
    assert len(pronoun) >= 10 and len(resolved) >= len(pronoun) - 1


def test_actor_ids_are_shared_across_outlets(corpus_export):
    varga = [a for a in corpus_export["actors"] if a["name"] == "Ilse Varga"]
    assert len(varga) == 1 and varga[0]["type"] == "PERSON"
    outlets = {a["outlet"] for a in corpus_export["articles"]
               for m in a["mentions"] if m["actor_id"] == varga[0]["id"]}
    assert len(outlets) >= 4
