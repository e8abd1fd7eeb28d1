"""Build the spaCy pipeline and turn a parsed Doc into an Analysis record."""

from __future__ import annotations

import logging
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ModelError
from ..records import Analysis, Article, DateMention, Event, Sentence
from . import components  # noqa: F401  (registers the factories)
from .extensions import get_records

log = logging.getLogger(__name__)

COMPONENTS = ("newsprism_entities", "newsprism_quotes", "newsprism_figures", "newsprism_dates", "newsprism_events",
              "newsprism_labels")


def build_nlp(model: str, *, max_length: int = 1_000_000) -> Language:
    """Load ``model`` and add the newsprism components after its own."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelError(
            f"spaCy model {model!r} is not installed ({exc}); install it (make demo does) "
            "or set NEWSPRISM_MODEL to an installed model"
        ) from None
    nlp.max_length = max(nlp.max_length, max_length + 1)
    if "newsprism_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("newsprism_paragraphs", before="parser" if "parser" in nlp.pipe_names else None)
    for name in COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    return nlp


def make_doc(nlp: Language, article: Article) -> Doc:
    doc = nlp.make_doc(article.text)
    doc._.newsprism_published = article.published
    return doc


def to_analysis(doc: Doc, article: Article) -> Analysis:
    """Collect the records the components left on ``doc`` into one Analysis for ``article``."""
    dates: list[Any] = get_records(doc, "dates")
    events: list[Any] = get_records(doc, "events")
    if dates and events:
        events = [_with_date(e, dates) for e in events]
    from ..extract.main_event import main_event

    try:
        main = main_event(doc, published=article.published, found=events)
    except Exception:  # noqa: BLE001 - a main-event failure must not lose the article's other results
        log.warning("main event not found for %s", article.path, exc_info=True)
        main = None
    return Analysis(
        article=article,
        sentences=tuple(Sentence(s.start_char, s.end_char) for s in doc.sents),
        mentions=tuple(get_records(doc, "mentions")),  # type: ignore[arg-type]
        quotes=tuple(get_records(doc, "quotes")),  # type: ignore[arg-type]
        events=tuple(events),
        figures=tuple(get_records(doc, "figures")),  # type: ignore[arg-type]
        dates=tuple(dates),
        main_event=main,
        labels=tuple(get_records(doc, "labels")),  # type: ignore[arg-type]
    )


def _with_date(event: Event, dates: list[DateMention]) -> Event:
    import dataclasses

    if event.date is not None:
        return event  # the extractor already took the date nearest the event
    for d in dates:
        if event.start <= d.start < event.end and d.value:
            return dataclasses.replace(event, date=d.value)
    return event
