"""Date expressions, resolved against the article's publication date, with their precision.

``resolve(text, published)`` gives ``(value, precision)``:

- ``value`` is ISO 8601 at the precision the text supports: ``2026-03-10`` (day), ``2026-03`` (month),
  ``2026`` (year), or an interval ``2026-03-02/2026-03-08`` for a week, part of a month or year, a season
  or a decade ("last week", "early 2019", "mid-March", "the 1990s");
- ``precision`` is one of ``day``, ``week``, ``month``, ``part-month``, ``season``, ``part-year``, ``year``,
  ``decade``.

A relative expression (*on Tuesday*, *last month*, *in March*, *two days ago*) needs the publication date;
without one it resolves to ``(None, None)``, as do durations and frequencies (*three years*, *weekly*).
News reports mostly look back, so a bare weekday or month is the latest one on or before publication.
Explicit dates (*March 3, 2025*, *3 March 2025*, *2025-03-03*) are read with dateparser.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

from spacy.tokens import Doc

from ..records import DateMention

_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "several": None,
    "few": None,
}
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
_PARTS = {"early": (1, 10), "mid": (11, 20), "middle": (11, 20), "late": (21, 31), "end": (21, 31)}
_YEAR_PARTS = {
    "early": (1, 4),
    "mid": (5, 8),
    "middle": (5, 8),
    "late": (9, 12),
    "end": (9, 12),
    "first half": (1, 6),
    "second half": (7, 12),
}
# Words that make a DATE entity a duration or a frequency, not a point in time.
_NOT_A_POINT = re.compile(
    r"\b(daily|weekly|monthly|annual|annually|yearly|every|each|per|decades|centuries|"
    r"(?:years|months|weeks|days|hours)(?! ago| earlier| before)|age|aged|old)\b"
)
_EXPLICIT = re.compile(r"\d")


def parse_published(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    parsed: dt.datetime | None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        data = _parser().get_date_data(value)
        parsed = data.date_obj if data else None
    if parsed is None:
        return None
    return parsed.replace(tzinfo=None)


@lru_cache(maxsize=1)
def _parser():  # type: ignore[no-untyped-def]
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"], settings={"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True}
    )


def _interval(start: dt.date, end: dt.date) -> str:
    return f"{start.isoformat()}/{end.isoformat()}"


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _clean(text: str) -> str:
    words = text.lower().replace("’", "'").replace(",", " ").split()
    while words and words[0] in {"on", "in", "at", "during", "since", "by", "until", "from", "the", "of"}:
        words = words[1:]
    if len(words) > 2 and words[0] in _WEEKDAYS:
        words = words[1:]  # "Monday, March 9": the date says it all
    return " ".join(w for w in words if w not in {"the", "of"})


def _latest_month(month: int, base: dt.date) -> int:
    """The year of the latest ``month`` on or before ``base``."""
    return base.year if month <= base.month else base.year - 1


def _relative(text: str, base: dt.date) -> tuple[str, str] | None:  # noqa: C901 - one rule a line
    words = text.split()
    if text in {"today", "tonight", "this morning", "this afternoon", "this evening", "now"}:
        return base.isoformat(), "day"
    if text in {"yesterday", "last night", "yesterday morning", "yesterday afternoon", "yesterday evening"}:
        return (base - dt.timedelta(days=1)).isoformat(), "day"
    if text in {"tomorrow", "tomorrow morning"}:
        return (base + dt.timedelta(days=1)).isoformat(), "day"
    if text in {"weekend", "last weekend", "this weekend"}:
        saturday = base - dt.timedelta(days=(base.weekday() - 5) % 7)
        return _interval(saturday, saturday + dt.timedelta(days=1)), "week"
    if text in {"last week", "previous week", "past week"} or text == "this week" or text == "next week":
        monday = base - dt.timedelta(days=base.weekday())
        shift = {"last": -7, "previous": -7, "past": -7, "this": 0, "next": 7}[words[0]]
        start = monday + dt.timedelta(days=shift)
        return _interval(start, start + dt.timedelta(days=6)), "week"
    if text in {"last month", "previous month", "this month", "next month", "past month"}:
        shift = {"last": -1, "previous": -1, "past": -1, "this": 0, "next": 1}[words[0]]
        month_index = base.year * 12 + base.month - 1 + shift
        return f"{month_index // 12:04d}-{month_index % 12 + 1:02d}", "month"
    if text in {"last year", "previous year", "this year", "next year", "past year"}:
        shift = {"last": -1, "previous": -1, "past": -1, "this": 0, "next": 1}[words[0]]
        return f"{base.year + shift:04d}", "year"
    # "two days ago", "a week ago", "three years earlier"
    m = re.fullmatch(r"(\w+) (day|week|month|year)s? (ago|earlier|before)", text)
    if m:
        n = int(m.group(1)) if m.group(1).isdigit() else _NUMBERS.get(m.group(1))
        if n is None:
            return None
        unit = m.group(2)
        if unit == "day":
            return (base - dt.timedelta(days=n)).isoformat(), "day"
        if unit == "week":
            day = base - dt.timedelta(weeks=n)
            monday = day - dt.timedelta(days=day.weekday())
            return _interval(monday, monday + dt.timedelta(days=6)), "week"
        if unit == "month":
            idx = base.year * 12 + base.month - 1 - n
            return f"{idx // 12:04d}-{idx % 12 + 1:02d}", "month"
        return f"{base.year - n:04d}", "year"
    # "Tuesday", "last Tuesday", "next Tuesday", "Tuesday night"
    m = re.fullmatch(r"(?:(last|next|this|past) )?(\w+?)(?: (?:morning|afternoon|evening|night))?", text)
    if m and m.group(2) in _WEEKDAYS:
        target = _WEEKDAYS[m.group(2)]
        if m.group(1) == "next":
            delta = (target - base.weekday()) % 7 or 7
            return (base + dt.timedelta(days=delta)).isoformat(), "day"
        delta = (base.weekday() - target) % 7
        if m.group(1) in {"last", "past"} and delta == 0:
            delta = 7
        return (base - dt.timedelta(days=delta)).isoformat(), "day"
    # "last March", "March", "early March", "mid-March", "late March"
    m = re.fullmatch(r"(?:(last|next|this) )?(?:(early|mid|middle|late|end) ?-?)?(\w+)", text)
    if m and m.group(3) in _MONTHS:
        month = _MONTHS[m.group(3)]
        year = _latest_month(month, base)
        if m.group(1) == "last" and month == base.month:
            year -= 1
        elif m.group(1) == "next":
            year = base.year if month > base.month else base.year + 1
        elif m.group(1) == "this":
            year = base.year
        if m.group(2):
            lo, hi = _PARTS[m.group(2)]
            end = min(hi, calendar.monthrange(year, month)[1])
            return _interval(dt.date(year, month, lo), dt.date(year, month, end)), "part-month"
        return f"{year:04d}-{month:02d}", "month"
    # "last spring", "this summer"
    m = re.fullmatch(r"(?:(last|this|next) )?(spring|summer|autumn|fall|winter)", text)
    if m:
        first, last = _SEASONS[m.group(2)]
        year = base.year if first <= base.month or m.group(1) in {"this", "next"} else base.year - 1
        if m.group(1) == "last" and first <= base.month <= (last if last >= first else 12):
            year -= 1
        if m.group(1) == "next":
            year = base.year if first > base.month else base.year + 1
        end_year = year + 1 if last < first else year
        return _interval(dt.date(year, first, 1), _month_end(end_year, last)), "season"
    return None


def _absolute(text: str) -> tuple[str, str] | None:
    """Expressions with a year, which need no publication date: "2019", "early 2019", "the 1990s"."""
    m = re.fullmatch(r"(\d{4})", text)
    if m:
        return m.group(1), "year"
    m = re.fullmatch(r"(\d{3})0s", text)
    if m:
        start = int(m.group(1)) * 10
        return f"{start:04d}/{start + 9:04d}", "decade"
    m = re.fullmatch(r"(early|mid|middle|late|end|first half|second half) ?-?(\d{4})", text)
    if m:
        year = int(m.group(2))
        lo, hi = _YEAR_PARTS[m.group(1)]
        return _interval(dt.date(year, lo, 1), _month_end(year, hi)), "part-year"
    m = re.fullmatch(r"(spring|summer|autumn|fall|winter) (\d{4})", text)
    if m:
        year = int(m.group(2))
        first, last = _SEASONS[m.group(1)]
        return _interval(dt.date(year, first, 1), _month_end(year + (last < first), last)), "season"
    m = re.fullmatch(r"(?:(early|mid|middle|late|end) ?-?)?(\w+) (\d{4})", text)
    if m and m.group(2) in _MONTHS:
        year, month = int(m.group(3)), _MONTHS[m.group(2)]
        if m.group(1):
            lo, hi = _PARTS[m.group(1)]
            end = min(hi, calendar.monthrange(year, month)[1])
            return _interval(dt.date(year, month, lo), dt.date(year, month, end)), "part-month"
        return f"{year:04d}-{month:02d}", "month"
    return None


def _day_month(text: str, base: dt.date | None) -> tuple[str, str] | None:
    """ "March 3", "3 March", "March 3rd": the latest such day on or before publication."""
    m = re.fullmatch(r"(\w+) (\d{1,2})(?:st|nd|rd|th)?", text) or re.fullmatch(
        r"(\d{1,2})(?:st|nd|rd|th)? (\w+)", text
    )
    if not m:
        return None
    a, b = m.group(1), m.group(2)
    month_word, day_word = (a, b) if a in _MONTHS else (b, a)
    if month_word not in _MONTHS or not day_word.isdigit() or base is None:
        return None
    month, day = _MONTHS[month_word], int(day_word)
    year = base.year if (month, day) <= (base.month, base.day) else base.year - 1
    try:
        return dt.date(year, month, day).isoformat(), "day"
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def resolve(text: str, base_iso: str | None) -> tuple[str | None, str | None]:
    """(ISO date or interval, precision) of a date phrase; (None, None) when nothing supports one."""
    lowered = text.lower()
    if _NOT_A_POINT.search(lowered):
        return None, None
    cleaned = _clean(text)
    if not cleaned:
        return None, None
    found = _absolute(cleaned)
    if found is not None:
        return found
    published = parse_published(base_iso)
    base = published.date() if published is not None else None
    if base is not None:
        found = _relative(cleaned, base)
        if found is not None:
            return found
    found = _day_month(cleaned, base)
    if found is not None:
        return found
    if not _EXPLICIT.search(cleaned) or not re.search(r"\d{4}", cleaned):
        return None, None  # no year written and nothing we can anchor it to
    return _dateparser(cleaned)


def _dateparser(cleaned: str) -> tuple[str | None, str | None]:
    from dateparser.date import DateDataParser

    parser = DateDataParser(languages=["en"], settings={"PREFER_DATES_FROM": "past", "STRICT_PARSING": False})
    try:
        data = parser.get_date_data(cleaned)
    except (ValueError, OverflowError):
        return None, None
    if data is None or data.date_obj is None:
        return None, None
    precision = data.period or "day"
    if precision == "year":
        return f"{data.date_obj.year:04d}", "year"
    if precision == "month":
        return f"{data.date_obj.year:04d}-{data.date_obj.month:02d}", "month"
    return data.date_obj.date().isoformat(), "day"


def first_day(value: str | None) -> str | None:
    """The first day of a resolved date value, for formats that need one (PLOVER records):
    ``2026-03-10`` stays, ``2026-03`` -> ``2026-03-01``, ``2026`` -> ``2026-01-01``, an interval: its start.
    """
    if not value:
        return None
    start = value.split("/", 1)[0]
    if re.fullmatch(r"\d{4}", start):
        return f"{start}-01-01"
    if re.fullmatch(r"\d{4}-\d{2}", start):
        return f"{start}-01"
    return start if re.fullmatch(r"\d{4}-\d{2}-\d{2}", start) else None


def dates(doc: Doc, published: str | None = None) -> list[DateMention]:
    out: list[DateMention] = []
    for ent in doc.ents:
        if ent.label_ not in {"DATE", "TIME"}:
            continue
        if ent.label_ == "TIME" and not any(
            w in ent.text.lower() for w in ("yesterday", "tonight", "last night")
        ):
            continue
        value, precision = resolve(ent.text, published)
        out.append(
            DateMention(
                text=ent.text, start=ent.start_char, end=ent.end_char, value=value, precision=precision
            )
        )
    return out
