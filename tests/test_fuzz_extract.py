"""Fuzzing every extractor: no exception escapes, and every span is a true slice of the text.

For every record an extractor reports (sentences, mentions, quotes and their speakers, events and their
source and target, figures, dates): ``0 <= start <= end <= len(text)`` and ``text[start:end]`` is the
reported text. The quote-mark scanner runs on many examples (it needs no parse); the whole pipeline runs
on fewer, with the real model loaded once per session.
"""

from __future__ import annotations

import os

import spacy
from hostile import QUOTE_MARKS, hostile_medium, hostile_raw, hostile_text, quote_heavy, wordy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism.extract import quotes, scan_quote_marks
from newsprism.extract.main_event import main_event
from newsprism.ingest.normalise import clean_text
from newsprism.link.actors import link_article
from newsprism.nlp.pipeline import make_doc, to_analysis
from newsprism.records import Analysis, Article, SpanRef

MANY = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 60)) * 5, deadline=None)
PARSED = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 40)), deadline=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

_blank = spacy.blank("en")
_blank.add_pipe("sentencizer")


def check_span(text: str, start: int, end: int, reported: str | None, what: str) -> None:
    assert isinstance(start, int) and isinstance(end, int), what
    assert 0 <= start <= end <= len(text), f"{what}: {start}..{end} outside 0..{len(text)}"
    if reported is not None:
        assert text[start:end] == reported, f"{what}: text[{start}:{end}]={text[start:end]!r} != {reported!r}"


def check_ref(text: str, ref: SpanRef | None, what: str) -> None:
    if ref is None:
        return
    check_span(text, ref.start, ref.end, ref.text, what)
    if ref.refers_to is not None:
        check_span(text, ref.refers_to[0], ref.refers_to[1], None, what + ".refers_to")


def check_analysis(a: Analysis) -> None:
    text = a.article.text
    for s in a.sentences:
        check_span(text, s.start, s.end, None, "sentence")
    for m in a.mentions:
        check_span(text, m.start, m.end, m.text, "mention")
    for q in a.quotes:
        check_span(text, q.start, q.end, q.text, f"{q.kind} quote")
        check_ref(text, q.speaker, "quote speaker")
    for e in a.events:
        check_span(text, e.start, e.end, None, "event")
        assert e.trigger in text[e.start : e.end], f"trigger {e.trigger!r} outside its event span"
        check_ref(text, e.source, "event source")
        check_ref(text, e.target, "event target")
    for f in a.figures:
        check_span(text, f.start, f.end, f.text, "figure")
    for d in a.dates:
        check_span(text, d.start, d.end, d.text, "date")
    main = a.main_event
    if main is not None:
        if main.start is not None or main.end is not None:
            check_span(text, main.start, main.end, None, "main event")
        for name in ("who", "what", "when", "where", "why", "how"):
            phrase = getattr(main, name)
            assert phrase is None or (isinstance(phrase, str) and phrase.strip()), f"main event {name}: {phrase!r}"


@MANY
@given(st.one_of(quote_heavy, hostile_text, st.text(alphabet=QUOTE_MARKS, max_size=60)))
def test_quote_mark_pairs_are_true_slices(text):
    previous_end = -1
    for qs in scan_quote_marks(text):
        assert 0 <= qs.open_at < qs.start <= qs.end == qs.close_at < len(text)
        assert text[qs.open_at : qs.start] == qs.open_mark
        assert text[qs.close_at : qs.close_at + len(qs.close_mark)] == qs.close_mark
        assert qs.open_at >= previous_end, "quotations overlap"
        previous_end = qs.close_at + len(qs.close_mark)


@MANY
@given(st.one_of(quote_heavy, wordy, hostile_raw))
def test_quotes_without_a_parse_are_true_slices(text):
    doc = _blank(text)
    for q in quotes(doc):
        check_span(text, q.start, q.end, q.text, "quote")
        check_ref(text, q.speaker, "speaker")


def _analyse(nlp, text: str, published: str | None = None) -> Analysis:
    article = Article(id="x", path="x.txt", text=text, published=published)
    doc = nlp(make_doc(nlp, article))
    # Called here too: the pipeline logs and drops a main-event failure, which must not hide a crash.
    main_event(doc, published=published)
    return to_analysis(doc, article)


@PARSED
@given(st.one_of(wordy, hostile_raw), st.sampled_from([None, "2026-03-14", "not a date", "9999-12-31T23:59"]))
def test_whole_pipeline_on_hostile_text(nlp, text, published):
    analysis = _analyse(nlp, text, published)
    check_analysis(analysis)
    # Linking codes every mention as an actor: hostile names must come out as usable actors too.
    linked, actors = link_article(analysis)
    check_analysis(linked)
    assert all(a.id and a.name for a in actors)


@PARSED
@given(st.one_of(wordy, hostile_medium))
def test_whole_pipeline_on_cleaned_text(nlp, text):
    cleaned = clean_text(text)
    if cleaned:
        check_analysis(_analyse(nlp, cleaned))


def test_pipeline_on_known_awkward_texts(nlp):
    for text in [
        "“" * 500,
        "'" + "a" * 50_000 + "'",
        "He said “it is ‘fine’ now” and left. ‘No,’ she said, “not ‘fine’.”",
        "« Non », a dit le maire.\n\n“Unclosed quote across\n\na paragraph",
        "The   minister\u00a0said\u2009that 40 people – or \"forty\" – were hurt on Monday's 'march'.",
        "According to according to according to the, said said said.",
        "$" * 300 + " 1,2,3,4,5,6,7 million per cent",
        "\u202eevil RTL\u202c said the minister, “مرحبا” and “日本語”.",
    ]:
        check_analysis(_analyse(nlp, text, "2026-03-14"))
    # Runs that make spaCy's tokenizer quadratic are made harmless by ingest, not by the extractors.
    for text in ["“" * 6_000, "=" * 6_000 + " said the minister", "x:" * 3_000]:
        text = clean_text(text)
        check_analysis(_analyse(nlp, text, "2026-03-14"))
