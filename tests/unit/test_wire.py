"""The wire's small types: timestamps in detail."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from shared_types import format_timestamp, parse_timestamp
from shared_types._timestamps import CANONICAL_TIMESTAMP_PATTERN, TIMESTAMP_PATTERN

UTC = timezone.utc


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("2025-01-15T08:30:00.123Z", "2025-01-15T08:30:00.123Z"),
        ("2025-01-15T08:30:00Z", "2025-01-15T08:30:00.000Z"),
        ("2025-01-15t08:30:00z", "2025-01-15T08:30:00.000Z"),
        ("2025-01-15T08:30:00.1Z", "2025-01-15T08:30:00.100Z"),
        ("2025-01-15T08:30:00.123456789Z", "2025-01-15T08:30:00.123Z"),
        ("2025-01-15T08:30:00.999999+00:00", "2025-01-15T08:30:00.999Z"),
        ("2025-01-15T16:30:00.123+08:00", "2025-01-15T08:30:00.123Z"),
        ("2025-01-15T00:30:00-08:00", "2025-01-15T08:30:00.000Z"),
        ("2025-01-01T00:00:00+00:01", "2024-12-31T23:59:00.000Z"),
        ("2025-01-15T08:30:00-00:00", "2025-01-15T08:30:00.000Z"),
        ("2024-02-29T00:00:00Z", "2024-02-29T00:00:00.000Z"),
        ("2000-02-29T00:00:00Z", "2000-02-29T00:00:00.000Z"),
        ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00.000Z"),
        ("9999-12-31T23:59:59.999Z", "9999-12-31T23:59:59.999Z"),
    ],
)
def test_accepted_timestamps_and_their_canonical_form(text: str, canonical: str) -> None:
    assert format_timestamp(parse_timestamp(text)) == canonical


@pytest.mark.parametrize(
    "text",
    [
        "2025-01-15T08:30:00",  # naive
        "2025-01-15 08:30:00Z",  # space
        "2025-01-15",  # a date alone
        "08:30:00Z",
        "1704067200",
        "2025-01-15T08:30Z",  # no seconds
        "2025-01-15T08:30:60Z",  # leap second
        "2025-01-15T24:00:00Z",
        "2025-13-01T00:00:00Z",
        "2025-02-29T00:00:00Z",  # not a leap year
        "1900-02-29T00:00:00Z",
        "2025-04-31T00:00:00Z",
        "0000-01-01T00:00:00Z",
        "2025-01-15T08:30:00+0800",
        "2025-01-15T08:30:00+08",
        "2025-01-15T08:30:00+24:00",
        "2025-01-15T08:30:00.Z",
        "2025-01-15T08:30:00Z\n",
        " 2025-01-15T08:30:00Z",
        "２０２５-01-15T08:30:00Z",  # noqa: RUF001 (fullwidth digits are the point)
        "+2025-01-15T08:30:00Z",
        "0001-01-01T00:00:00+00:01",  # before year 1 in UTC
        "9999-12-31T23:59:59-00:01",  # after year 9999 in UTC
    ],
)
def test_rejected_timestamps(text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 (the message is asserted elsewhere)
        format_timestamp(parse_timestamp(text))


def test_naive_datetimes_cannot_be_formatted() -> None:
    with pytest.raises(ValueError, match="naive"):
        format_timestamp(datetime(2025, 1, 15))


def test_formatting_converts_to_utc_and_truncates() -> None:
    moment = datetime(2025, 1, 15, 16, 30, 0, 999999, tzinfo=timezone(timedelta(hours=8)))
    assert format_timestamp(moment) == "2025-01-15T08:30:00.999Z"


def test_the_canonical_pattern_is_a_subset_of_the_general_one() -> None:
    for text in (
        "2025-01-15T08:30:00.123Z",
        "2024-02-29T23:59:59.999Z",
        "0001-01-01T00:00:00.000Z",
    ):
        assert re.fullmatch(CANONICAL_TIMESTAMP_PATTERN, text)
        assert re.fullmatch(TIMESTAMP_PATTERN, text)
    for text in (
        "2025-02-29T00:00:00.000Z",
        "2025-01-15T08:30:00Z",
        "2025-01-15T08:30:00.123+00:00",
    ):
        assert not re.fullmatch(CANONICAL_TIMESTAMP_PATTERN, text)


@pytest.mark.parametrize(
    "year", [1600, 1700, 1800, 1900, 2000, 2023, 2024, 2100, 2400, 4, 8, 100, 400]
)
def test_the_canonical_pattern_knows_leap_years(year: int) -> None:
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    text = f"{year:04d}-02-29T00:00:00.000Z"
    assert bool(re.fullmatch(CANONICAL_TIMESTAMP_PATTERN, text)) is leap


def test_every_day_of_a_leap_cycle_agrees_with_the_calendar() -> None:
    # The Rust regex that accepts canonical text must agree with Python's calendar.
    day = datetime(1999, 12, 25, tzinfo=UTC)
    while day.year < 2005:
        text = format_timestamp(day)
        assert re.fullmatch(CANONICAL_TIMESTAMP_PATTERN, text), text
        day += timedelta(days=1)
    for bad in ("2001-02-29", "2003-02-29", "2004-02-30", "2004-06-31", "2004-09-31", "2004-11-31"):
        assert not re.fullmatch(CANONICAL_TIMESTAMP_PATTERN, bad + "T00:00:00.000Z")
