"""Date expressions, resolved against the article's publication date (*on Tuesday*, *last month*)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from spacy.tokens import Doc

from ..records import DateMention

# Words that make a DATE entity a duration or a frequency, not a point in time.
_NOT_A_POINT = {"daily", "weekly", "annual", "annually", "years", "decades", "months", "weeks", "days", "ago"}


@lru_cache(maxsize=1)
def _parser():  # type: ignore[no-untyped-def]
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings={"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True})


def parse_published(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        data = _parser().get_date_data(value)
        parsed = data.date_obj if data else None
    if parsed is None:
        return None
    return parsed.replace(tzinfo=None)


@lru_cache(maxsize=4096)
def resolve(text: str, base_iso: str | None) -> tuple[str | None, str | None]:
    """(ISO date, precision) for a date phrase, relative to the publication date; (None, None) if unsure."""
    words = set(text.lower().split())
    if words & _NOT_A_POINT and "ago" not in words:
        return None, None
    base = parse_published(base_iso)
    settings = {"PREFER_DATES_FROM": "past"}
    if base is not None:
        settings["RELATIVE_BASE"] = base  # type: ignore[assignment]
    cleaned = text.lower().removeprefix("on ").removeprefix("the ").strip()
    if base is None and not any(ch.isdigit() for ch in cleaned):
        return None, None  # "Tuesday" means nothing without a publication date
    from dateparser.date import DateDataParser

    data = DateDataParser(languages=["en"], settings=settings).get_date_data(cleaned)
    if data is None or data.date_obj is None:
        return None, None
    precision = data.period or "day"
    if precision == "year":
        return f"{data.date_obj.year:04d}", "year"
    if precision == "month":
        return f"{data.date_obj.year:04d}-{data.date_obj.month:02d}", "month"
    return data.date_obj.date().isoformat(), "day"


def dates(doc: Doc, published: str | None = None) -> list[DateMention]:
    out: list[DateMention] = []
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        value, precision = resolve(ent.text, published)
        out.append(DateMention(text=ent.text, start=ent.start_char, end=ent.end_char, value=value, precision=precision))
    return out
