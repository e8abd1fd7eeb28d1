"""Stories, claims, coverage and sentiment: the linker on synthetic signals, claims on hand-built
analyses, and what was planted in the sample corpus (real model, real SQLite)."""

from __future__ import annotations

import datetime as dt
import logging

import numpy as np
import pytest
from conftest import SHARED

from newsprism.config import Settings
from newsprism.link import stories as S
from newsprism.link.claims import figure_claims, normalise, statement_claims
from newsprism.link.sentiment import target_sentiment
from newsprism.records import Analysis, Article, DateMention, Figure, Sentence

# -- the linker --------------------------------------------------------------------------------------


def _unit(rng: np.random.Generator, base: np.ndarray, noise: float) -> np.ndarray:
    v = base + noise * rng.standard_normal(base.shape[0]).astype(np.float32)
    return (v / np.linalg.norm(v)).astype(np.float32)


def _event_signals(n_events: int, per_event: int, seed: int = 3) -> list[tuple[S.Signal, int]]:
    rng = np.random.default_rng(seed)
    out = []
    start = dt.date(2026, 1, 1)
    for e in range(n_events):
        base = rng.standard_normal(384).astype(np.float32)
        day = start + dt.timedelta(days=e // 4)
        for k in range(per_event):
            feats = {f"a:act{e}": 2.0, f"a:act{e}b": 2.0, f"w:word{e}": 1.0, "w:said": 1.0, "a:common": 1.0}
            sig = S.Signal(article_id=f"e{e}-{k}", features=feats, vector=_unit(rng, base, 0.02), day=day)
            out.append((sig, e))
    return out


def test_a_new_article_joins_its_event_or_starts_a_story():
    index = S.StoryIndex(threshold=0.5, window_days=7)
    items = _event_signals(6, 4)
    story_of = {sig.article_id: index.link(sig) for sig, _ in items}
    for sig, event in items:
        same = {story_of[s.article_id] for s, e in items if e == event}
        assert same == {story_of[sig.article_id]}
    assert len(set(story_of.values())) == 6


def test_time_window_keeps_far_apart_articles_apart():
    index = S.StoryIndex(threshold=0.5, window_days=7)
    (a, _), (b, _) = _event_signals(1, 2)
    b = S.Signal(b.article_id, b.features, b.vector, a.day + dt.timedelta(days=30))  # type: ignore[operator]
    assert index.link(a) != index.link(b)


def test_linking_compares_with_candidates_not_all_stories():
    # 400 events over 100 days: each article is scored against a few candidate stories, not all of them.
    index = S.StoryIndex(threshold=0.5, window_days=3)
    items = _event_signals(400, 3)
    for sig, _ in items:
        index.link(sig)
    n = len(items)
    assert len(index.stories) == 400
    # All pairs would be n * (n - 1) / 2 (about 720,000); the window and the blocking keep it near 20 a link.
    assert index.compared < n * 40, index.compared


def test_without_embeddings_features_alone_link():
    index = S.StoryIndex(threshold=0.3, window_days=7)
    items = _event_signals(3, 3)
    ids = {index.link(S.Signal(s.article_id, s.features, None, s.day)) for s, _ in items}
    assert len(ids) == 3


def _late_member_scenario(index: S.StoryIndex, link) -> tuple[S.Signal, list[S.Signal]]:  # type: ignore[no-untyped-def]
    """Article x of event B arrives first, when nothing fits it; the rest of event B arrives after and forms
    its own story (x is noisier, so they prefer each other); x is left alone until the second pass."""
    rng = np.random.default_rng(11)
    base = rng.standard_normal(384).astype(np.float32)
    day = dt.date(2026, 3, 2)
    feats = {"a:harbour_board": 2.0, "w:ferry": 1.0, "w:capsized": 1.0, "c:lundvik": 1.0}
    x = S.Signal("x", {"a:harbour_board": 2.0, "w:ferry": 1.0}, _unit(rng, base, 0.06), day)
    rest = [S.Signal(f"b{k}", dict(feats), _unit(rng, base, 0.01), day) for k in range(3)]
    index.threshold = 0.99  # b0 may not join x: it starts the story the others join
    link(x)
    link(rest[0])
    index.threshold = 0.5
    for sig in rest[1:]:
        link(sig)
    return x, rest


def test_the_second_pass_moves_an_early_article_to_the_story_that_formed_after_it():
    index = S.StoryIndex(threshold=0.5, window_days=7)
    story_of: dict[str, str] = {}
    x, rest = _late_member_scenario(index, lambda sig: story_of.__setitem__(sig.article_id, index.link(sig)))
    b_story = story_of["b0"]
    assert {story_of[s.article_id] for s in rest} == {b_story} and story_of["x"] != b_story
    assert index.revisit(x, story_of["x"]) == b_story
    assert story_of["x"] not in index.stories and index.stories[b_story].size == 4  # x's empty story is gone
    # Well-placed articles stay where they are.
    assert all(index.revisit(s, b_story) == b_story for s in rest)


def test_the_second_pass_moves_articles_in_the_store_and_drops_emptied_stories(tmp_path):
    from newsprism.link.embeddings import MODEL_NAME, to_blob
    from newsprism.store import open_store

    with open_store(tmp_path / "s.db") as store:
        linker = None
        story_of: dict[str, str] = {}

        def link(sig: S.Signal) -> None:
            text = "The ferry Lundvik capsized off the harbour."
            art = Article(id=sig.article_id, path=sig.article_id, text=text, outlet=sig.article_id,
                          published=sig.day.isoformat() if sig.day else None)
            with store.transaction():
                store.add_analysis(Analysis(article=art), [], features=sig.features)
                store.add_embeddings(MODEL_NAME, [(sig.article_id, to_blob(sig.vector))])  # type: ignore[arg-type]
                story_of[sig.article_id] = linker.link(sig.article_id, art.published)  # type: ignore[union-attr]

        with store.transaction():
            linker = S.StoryLinker(store, threshold=0.5, window_days=7)
        _late_member_scenario(linker.index, link)
        alone = story_of["x"]
        assert store.story_of("x") == alone != story_of["b0"]
        with store.transaction():
            changed, dropped = linker.revisit()
        assert dropped == {alone} and changed == {story_of["b0"]}
        assert store.story_of("x") == story_of["b0"]
        assert sorted(store.story_members(story_of["b0"])) == ["b0", "b1", "b2", "x"]
        assert alone not in {sid for sid, *_ in store.story_states()}
        assert store.counts()["stories"] == 1


def test_the_second_pass_revisits_in_rounds_until_nothing_moves():
    index = S.StoryIndex(threshold=0.5, window_days=7)
    order: list[S.Signal] = []
    story_of: dict[str, str] = {}

    def link(sig: S.Signal) -> None:
        order.append(sig)
        story_of[sig.article_id] = index.link(sig)

    x, rest = _late_member_scenario(index, link)
    settled = index.settle(order, story_of)
    assert story_of["x"] != story_of["b0"]  # the caller's mapping is not changed
    assert {settled[s.article_id] for s in [x, *rest]} == {story_of["b0"]}
    assert index.stories[story_of["b0"]].size == 4 and story_of["x"] not in index.stories
    # Settled is settled: another pass over the same batch moves nothing.
    compared = index.compared
    assert index.settle(order, settled) == settled
    assert index.compared - compared == len(order)  # one round, one candidate search per article


def test_an_article_leaving_a_story_takes_its_evidence_with_it():
    state = S.StoryState(id="s")
    one = S.Signal("1", {"w:ferry": 1.0, "c:lundvik": 1.0}, np.ones(4, dtype=np.float32) / 2, None)
    two = S.Signal("2", {"w:ferry": 1.0}, np.array([1, 0, 0, 0], dtype=np.float32), None)
    state.add(one)
    state.add(two)
    state.remove(one)
    assert state.size == 1 and state.features == {"w:ferry": 1.0}
    assert np.allclose(state.centroid(), [1, 0, 0, 0])  # type: ignore[arg-type]


def test_names_numbers_and_months_are_evidence():
    text = ("Fire crews from Tarnby fought a blaze at the Hollin Road depot on Friday.\n"
            "The Tarnby brigade said 14 engines were sent, and Chief Officer Maren Ostrow praised them.")
    fig = _fig("14", text, 14, "engine", "send")
    date = DateMention(text="Friday", start=text.index("Friday"), end=text.index("Friday") + 6,
                       value="2031-05-16", precision="day")
    feats = S.features(_analysis("d1", "Post", text, figures=[fig], dates=[date]))
    assert {"c:tarnby", "c:hollin", "c:ostrow", "n:14", "m:2031-05"} <= set(feats)
    assert "c:the" not in feats and "c:crews" not in feats  # function words and lower-case words are no names


def test_the_year_and_weekday_named_at_the_top_are_evidence():
    text = ("Quake shakes Velmora Island, 12 March 2029\nA quake struck Velmora Island on Sunday, the "
            "harbour office said.\n" + "Aftershocks followed through the night. " * 20
            + "The island's last large quake, on a Tuesday in 1987, razed the old port.")
    feats = S.features(_analysis("d1", "Post", text))
    assert {"y:2029", "d:sunday"} <= set(feats)
    # further down a year and a weekday are background, not the event's
    assert "y:1987" not in feats and "d:tuesday" not in feats
    index = S.StoryIndex(threshold=0.5, window_days=7)
    base = {"a:x": 2.0, "w:quake": 1.0, "w:island": 1.0}
    sid = index.link(S.Signal("s", {**base, "y:2029": 1.0, "d:sunday": 1.0}, None, None))
    same = index.similarity({**base, "y:2029": 1.0, "d:sunday": 1.0}, None, index.stories[sid])
    silent = index.similarity(dict(base), None, index.stories[sid])
    other = index.similarity({**base, "y:2031": 1.0, "d:friday": 1.0}, None, index.stories[sid])
    assert other < silent < same


def test_ecbplus_token_splits_are_joined():
    from newsprism.evaluate.stories import _detokenise

    tokens = "A 4 . 6 quake on 2 / 3 / 2009 at 13 : 59 left 120 , 000 without power in the U . S . , zero - day".split()
    assert _detokenise(tokens) == "A 4.6 quake on 2/3/2009 at 13:59 left 120,000 without power in the U.S., zero-day"
    assert _detokenise("scores 3 , 4 and 5 .".split()) == "scores 3, 4 and 5."


def test_a_report_far_from_a_storys_days_scores_lower():
    index = S.StoryIndex(threshold=0.5, window_days=30)
    (a, _), (b, _) = _event_signals(1, 2)
    sid = index.link(a)
    same_day = index.score(b, index.stories[sid])
    later = S.Signal(b.article_id, b.features, b.vector, a.day + dt.timedelta(days=15))  # type: ignore[operator]
    assert index.score(later, index.stories[sid]) == pytest.approx(same_day - S.TIME_WEIGHT * 2)


def test_a_family_counts_only_when_both_sides_have_it():
    # An article that gives no number says nothing against a story that does; one that gives other
    # numbers than the story does is evidence against it.
    index = S.StoryIndex(threshold=0.5, window_days=7)
    base = {"a:x": 2.0, "w:quake": 1.0, "w:island": 1.0}
    sid = index.link(S.Signal("s", {**base, "w:ferry": 1.0, "n:5.6": 1.0, "n:5": 1.0}, None, None))
    silent = index.similarity(dict(base), None, index.stories[sid])
    other = index.similarity({**base, "n:5.9": 1.0, "n:10": 1.0}, None, index.stories[sid])
    same = index.similarity({**base, "n:5.6": 1.0, "n:5": 1.0}, None, index.stories[sid])
    assert other < silent < same


def test_missing_model_gives_one_warning_and_no_embedder(caplog):
    from newsprism.link.embeddings import get_embedder

    with caplog.at_level(logging.WARNING):
        assert get_embedder("/nonexistent/model/folder") is None
    assert any("sentence embeddings are off" in r.getMessage() for r in caplog.records)


# -- claims ------------------------------------------------------------------------------------------


def _analysis(aid: str, outlet: str, text: str, figures=(), dates=(), mentions=()) -> Analysis:
    sentences, pos = [], 0
    for part in text.split(". "):
        end = pos + len(part) + (1 if pos + len(part) < len(text) else 0)
        sentences.append(Sentence(pos, end))
        pos = end + 1
    return Analysis(article=Article(id=aid, path=aid, text=text, outlet=outlet), sentences=tuple(sentences),
                    figures=tuple(figures), dates=tuple(dates), mentions=tuple(mentions))


def _fig(text: str, whole: str, value: float, unit: str, about: str | None = None) -> Figure:
    start = whole.index(text)
    return Figure(text=text, start=start, end=start + len(text), value=value, unit=unit, about=about)


@pytest.mark.parametrize(
    ("unit", "value", "kind", "normalised"),
    [("week", 2, "duration", 14.0), ("days", 10, "duration", 10.0), ("hour", 36, "duration", 1.5),
     ("percent", 12.5, "percent", 12.5), ("EUR", 2.5e9, "money", 2.5e9), ("people", 40, "count", 40)],
)
def test_figures_are_normalised(unit, value, kind, normalised):
    q = normalise(Figure(text="x", start=0, end=1, value=value, unit=unit))
    assert q is not None and q.kind == kind and q.value == pytest.approx(normalised)


def test_durations_in_different_units_differ_numerically():
    t1, t2 = "The strike lasted two weeks", "The strike lasted 10 days"
    a = _analysis("a", "A", t1, figures=[_fig("two weeks", t1, 2, "week", "last")])
    b = _analysis("b", "B", t2, figures=[_fig("10 days", t2, 10, "days", "last")])
    (claim,) = figure_claims("s", [a, b])
    assert claim.relation == "differ"
    assert "14 days" in claim.note and "10 days" in claim.note


def test_money_in_the_same_currency_agrees():
    t1, t2 = "The fund holds $2.5 billion", "The fund holds 2.5 billion dollars"
    a = _analysis("a", "A", t1, figures=[_fig("$2.5 billion", t1, 2.5e9, "USD", "hold")])
    b = _analysis("b", "B", t2, figures=[_fig("2.5 billion dollars", t2, 2.5e9, "USD", "hold")])
    (claim,) = figure_claims("s", [a, b])
    assert claim.relation == "agree"


def test_statements_differ_on_dates_and_polarity_and_single_when_alone():
    t1 = ("The harbour authority closed the northern pier to all fishing boats on Monday. "
          "Divers found a second crack in the old harbour wall near the lighthouse")
    t2 = "The harbour authority closed the northern pier to all fishing boats on Tuesday"
    t3 = "The harbour authority has not closed the northern pier to fishing boats"
    m, t = t1.index("Monday"), t2.index("Tuesday")
    d1 = DateMention(text="Monday", start=m, end=m + 6, value="2026-05-04", precision="day")
    d2 = DateMention(text="Tuesday", start=t, end=t + 7, value="2026-05-05", precision="day")
    a, b = _analysis("a", "A", t1, dates=[d1]), _analysis("b", "B", t2, dates=[d2])
    claims = statement_claims("s", [a, b])
    relations = {c.mentions[0].text.split()[0] + "/" + c.relation for c in claims}
    assert "The/differ" in relations and "Divers/single" in relations
    differ = next(c for c in claims if c.relation == "differ")
    assert "dates" in differ.note
    c = _analysis("c", "C", t3)
    (claim,) = [c_ for c_ in statement_claims("s", [b, c]) if len(c_.mentions) == 2]
    assert claim.relation == "differ" and "polarity" in claim.note


# -- labels ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "actor", "label", "kind"),
    [("Varga, a reformer who has spent her first year in office abroad, said the talks were good.",
      "Varga", "a reformer", "apposition"),
     ("Ardell's transport minister, Kasimir Dorn, ordered the closure of two bridges.",
      "Kasimir Dorn", "Ardell's transport minister", "apposition"),
     ("Tomas Reyl is a pragmatist, his aides say.", "Tomas Reyl", "a pragmatist", "predicate")],
)
def test_labels_from_appositions_and_predicates(nlp, text, actor, label, kind):
    from newsprism.extract.labels import labels

    found = {(lab.actor.text, lab.text, lab.kind) for lab in labels(nlp(text))}
    assert (actor, label, kind) in found
    for lab in labels(nlp(text)):
        assert text[lab.start:lab.end] == lab.text and text[lab.actor.start:lab.actor.end] == lab.actor.text


def test_a_negated_predicate_is_no_label(nlp):
    from newsprism.extract.labels import labels

    assert not [lab for lab in labels(nlp("Anja Toller is not a careful mayor.")) if lab.kind == "predicate"]


# -- sentiment ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "target", "label"),
    [("Critics praised Mara Holt for her courage.", "Mara Holt", "positive"),
     ("The senate condemned Kasimir Dorn over the scandal.", "Kasimir Dorn", "negative"),
     ("Anja Toller arrived in Velmora on Tuesday.", "Anja Toller", "neutral"),
     ("Tomas Reyl is not honest, his rivals say.", "Tomas Reyl", "negative")],
)
def test_target_sentiment(sentence, target, label):
    start = sentence.index(target)
    assert target_sentiment(sentence, [(start, start + len(target))]).label == label


# -- the sample corpus -------------------------------------------------------------------------------


def _claims(export, relation):
    return [c for s in export["stories"] for c in s["claims"] if c["relation"] == relation]


def test_planted_protest_count_differs(corpus_export):
    notes = [c["note"] for c in _claims(corpus_export, "differ")]
    assert any("4,000" in n and "2,500" in n for n in notes), notes


def test_planted_inspection_warning_is_single(corpus_export):
    singles = [c for c in _claims(corpus_export, "single") if "inspectors warned" in c["note"]]
    assert singles and all(len(c["mentions"]) == 1 for c in singles)
    by_id = {a["id"]: a for a in corpus_export["articles"]}
    assert {by_id[c["mentions"][0]["article_id"]]["outlet"] for c in singles} == {"The Meridian Review"}


def test_every_claim_mention_of_a_story_is_in_its_articles(corpus_export):
    for story in corpus_export["stories"]:
        members = set(story["article_ids"])
        for claim in story["claims"]:
            assert {m["article_id"] for m in claim["mentions"]} <= members
            outlets = len({m["article_id"] for m in claim["mentions"]})
            assert (claim["relation"] == "single") == (outlets == 1) or claim["relation"] == "single"


def test_story_titles_come_from_the_articles(corpus_export):
    titles = {a["title"] for a in corpus_export["articles"]}
    for story in corpus_export["stories"]:
        assert story["title"] in titles


def test_compare_coverage_voices_labels(corpus_db):
    from newsprism.link.coverage import compare_stored
    from newsprism.store import open_store

    with open_store(corpus_db, readonly=True) as store:
        comparisons = [compare_stored(store, s.id) for s in store.stories()]
    summit = next(c for c in comparisons if "Velmora" in c.story.title or "Varga" in c.story.title)
    bridge = next(c for c in comparisons if c is not summit)
    labels = {o.outlet: {lab for a in o.actors if a.name == "Ilse Varga" for lab in a.labels}
              for o in summit.outlets}
    assert any("reformer" in lab for lab in labels["The Coastline Courier"])
    assert any("hardliner" in lab for lab in labels["Ardell Morning Star"])
    meridian = next(o for o in bridge.outlets if o.outlet == "The Meridian Review")
    assert any("Holt" in speaker for speaker, _ in meridian.voices)
    assert all("Holt" not in speaker for o in bridge.outlets if o is not meridian for speaker, _ in o.voices)
    assert meridian.exclusive and all(c.relation == "single" for c in meridian.exclusive)
    for o in bridge.outlets:
        assert o.actors and abs(sum(a.prominence for a in o.actors) - 1.0) < 1e-6


def test_incremental_run_links_new_articles_into_existing_stories(tmp_path, corpus_copy):
    from newsprism.batch import analyze
    from newsprism.store import open_store

    db = tmp_path / "inc.db"
    later = tmp_path / "later"
    later.mkdir()
    for name in ("meridian", "ledger"):
        (corpus_copy / name).rename(later / name)
    with open_store(db) as store:
        analyze([str(corpus_copy)], store, Settings(db=str(db)))
        before = {s.id: set(s.article_ids) for s in store.stories()}
        analyze([str(later)], store, Settings(db=str(db)))
        after = {s.id: set(s.article_ids) for s in store.stories()}
    assert len(before) == 2 and set(after) == set(before)  # the stories keep their ids and grow
    for sid, members in before.items():
        assert members < after[sid]


def test_cli_stories_and_compare(corpus_db):
    from typer.testing import CliRunner

    from newsprism.cli import app

    runner = CliRunner()
    listed = runner.invoke(app, ["stories", "--db", str(corpus_db)], env={"COLUMNS": "200"})
    assert listed.exit_code == 0, listed.output
    assert "Kessing" in listed.output
    from newsprism.store import open_store

    with open_store(corpus_db, readonly=True) as store:
        sid = next(s.id for s in store.stories() if "Kessing" in s.title or "bridge" in s.title.lower())
    shown = runner.invoke(app, ["compare", sid[:8], "--db", str(corpus_db)], env={"COLUMNS": "250"})
    assert shown.exit_code == 0, shown.output
    assert "differ" in shown.output and "The Meridian Review" in shown.output and "voices" in shown.output
    missing = runner.invoke(app, ["compare", "sty_nothing", "--db", str(corpus_db)])
    assert missing.exit_code != 0 and "no story" in missing.output


# -- evaluation --------------------------------------------------------------------------------------


def test_bcubed():
    from newsprism.evaluate.stories import bcubed

    gold = {"a": "x", "b": "x", "c": "y", "d": "y"}
    assert bcubed({"a": 1, "b": 1, "c": 2, "d": 2}, gold) == (1.0, 1.0, 1.0)  # type: ignore[dict-item]
    p, r, f = bcubed({"a": "1", "b": "1", "c": "1", "d": "1"}, gold)
    assert p == 0.5 and r == 1.0 and f == pytest.approx(2 / 3)
    p, r, _ = bcubed({"a": "1", "b": "2", "c": "3", "d": "4"}, gold)
    assert p == 1.0 and r == 0.5


@pytest.mark.skipif(not (SHARED / "evaldata" / "ecbplus").is_dir(), reason="evaluation data not present")
def test_eval_readers():
    from newsprism.evaluate.stories import read_ecbplus, read_giveme5w1h

    ecb = read_ecbplus(SHARED / "evaldata" / "ecbplus", limit_topics=1)
    assert {label for _, label in ecb} == {"1/ecb", "1/ecbplus"} and all(a.text for a, _ in ecb)
    plus = [a for a, label in ecb if label == "1/ecbplus"]  # their source URL is metadata, not text
    assert plus and all(a.url and a.url.startswith("http") and not a.text.startswith("http") for a in plus)
    g5 = read_giveme5w1h(SHARED / "evaldata" / "giveme5w1h-gold")
    assert len({label for _, label in g5}) == 12 and all(a.published for a, _ in g5[:5])


@pytest.mark.skipif(not (SHARED / "evaldata" / "newsmtsc").is_dir(), reason="evaluation data not present")
def test_eval_sentiment_runs_on_a_slice():
    from newsprism.evaluate import run

    report = run("sentiment", SHARED / "evaldata" / "newsmtsc", split="dev", limit=50)
    assert 0.0 < report.metrics["macro_f1"] <= 1.0
