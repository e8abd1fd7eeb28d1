"""Date expressions resolved against the publication date, with their precision; no date without support."""

from __future__ import annotations

import pytest

from newsprism.extract.dates import dates, parse_published, resolve

BASE = "2026-03-12"  # a Thursday


@pytest.mark.parametrize(
    "text, expected",
    [
        # weekdays: the latest one on or before publication
        ("Tuesday", ("2026-03-10", "day")),
        ("on Tuesday", ("2026-03-10", "day")),
        ("Tuesday night", ("2026-03-10", "day")),
        ("Thursday", ("2026-03-12", "day")),
        ("last Thursday", ("2026-03-05", "day")),
        ("next Tuesday", ("2026-03-17", "day")),
        ("Monday, March 9", ("2026-03-09", "day")),
        # days around publication
        ("today", ("2026-03-12", "day")),
        ("yesterday", ("2026-03-11", "day")),
        ("last night", ("2026-03-11", "day")),
        ("tomorrow", ("2026-03-13", "day")),
        ("two days ago", ("2026-03-10", "day")),
        ("three days earlier", ("2026-03-09", "day")),
        # weeks
        ("last week", ("2026-03-02/2026-03-08", "week")),
        ("this week", ("2026-03-09/2026-03-15", "week")),
        ("the weekend", ("2026-03-07/2026-03-08", "week")),
        ("two weeks ago", ("2026-02-23/2026-03-01", "week")),
        # months
        ("last month", ("2026-02", "month")),
        ("next month", ("2026-04", "month")),
        ("in March", ("2026-03", "month")),
        ("April", ("2025-04", "month")),
        ("last December", ("2025-12", "month")),
        ("early March", ("2026-03-01/2026-03-10", "part-month")),
        ("mid-February", ("2026-02-11/2026-02-20", "part-month")),
        ("late February", ("2026-02-21/2026-02-28", "part-month")),
        ("March 3", ("2026-03-03", "day")),
        ("3 March", ("2026-03-03", "day")),
        ("May 20", ("2025-05-20", "day")),
        # years, seasons, decades
        ("last year", ("2025", "year")),
        ("this year", ("2026", "year")),
        ("a year ago", ("2025", "year")),
        ("2019", ("2019", "year")),
        ("early 2019", ("2019-01-01/2019-04-30", "part-year")),
        ("late 2020", ("2020-09-01/2020-12-31", "part-year")),
        ("summer 2018", ("2018-06-01/2018-08-31", "season")),
        ("last spring", ("2025-03-01/2025-05-31", "season")),
        ("the 1990s", ("1990/1999", "decade")),
        ("May 2019", ("2019-05", "month")),
        # explicit dates
        ("March 3, 2025", ("2025-03-03", "day")),
        ("3 March 2025", ("2025-03-03", "day")),
        ("2025-03-03", ("2025-03-03", "day")),
        # durations, frequencies and vague spans are not points in time
        ("three years", (None, None)),
        ("two weeks", (None, None)),
        ("weekly", (None, None)),
        ("every Tuesday", (None, None)),
        ("recent years", (None, None)),
        ("decades", (None, None)),
    ],
)
def test_resolve_against_publication(text, expected):
    assert resolve(text, BASE) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Tuesday", (None, None)),
        ("last month", (None, None)),
        ("yesterday", (None, None)),
        ("March 3", (None, None)),
        ("in March", (None, None)),
        ("2019", ("2019", "year")),
        ("early 2019", ("2019-01-01/2019-04-30", "part-year")),
        ("March 3, 2025", ("2025-03-03", "day")),
        ("the 1990s", ("1990/1999", "decade")),
    ],
)
def test_no_relative_date_without_a_publication_date(text, expected):
    assert resolve(text, None) == expected


@pytest.mark.parametrize(
    "base, text, expected",
    [
        ("2026-01-05", "last month", ("2025-12", "month")),  # across a year boundary
        ("2026-01-05", "December", ("2025-12", "month")),
        ("2026-01-05", "last week", ("2025-12-29/2026-01-04", "week")),
        ("2024-03-01", "yesterday", ("2024-02-29", "day")),  # leap year
        ("2026-03-12T18:30:00Z", "today", ("2026-03-12", "day")),  # a date-time publication
        ("Thu, 12 Mar 2026 09:00:00 GMT", "Tuesday", ("2026-03-10", "day")),  # an RFC 822 feed date
    ],
)
def test_resolve_edges(base, text, expected):
    assert resolve(text, base) == expected


@pytest.mark.parametrize("value", ["", None, "not a date"])
def test_unreadable_publication_date_gives_none(value):
    assert parse_published(value) is None


def test_dates_in_a_parsed_article(nlp):
    from newsprism.nlp.pipeline import make_doc
    from newsprism.records import Article

    text = "Talks resumed on Tuesday after a pause of three years. The accord was first signed in March 2019."
    art = Article(id="d", path="d", text=text, published=BASE)
    found = {d.text: d for d in dates(nlp(make_doc(nlp, art)), BASE)}
    assert found["Tuesday"].value == "2026-03-10" and found["Tuesday"].precision == "day"
    assert found["March 2019"].value == "2019-03"
    for d in found.values():
        assert text[d.start : d.end] == d.text
    durations = [d for d in found.values() if "years" in d.text]
    assert all(d.value is None for d in durations)


@pytest.mark.parametrize(
    "value, day",
    [("2026-03-10", "2026-03-10"), ("2026-03", "2026-03-01"), ("2026", "2026-01-01"),
     ("2026-03-02/2026-03-08", "2026-03-02"), ("1990/1999", "1990-01-01"), (None, None), ("soon", None)],
)
def test_first_day_for_day_formats(value, day):
    from newsprism.extract.dates import first_day

    assert first_day(value) == day
