"""Timestamps on the wire: RFC 3339 in, JavaScript's ``toISOString()`` form out.

A timestamp field is validated by one regular expression in pydantic-core's Rust
code when it is already canonical (what every server sends), and kept as that text,
so `encode` writes it without a Python call. Models read it back as an aware
`datetime` (see `shared_types._model`), and ``model_dump()`` gives a `datetime` too.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Annotated, Any, Final

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

__all__ = [
    "CANONICAL_TIMESTAMP_PATTERN",
    "TIMESTAMP_ERROR",
    "TIMESTAMP_MARKER",
    "TIMESTAMP_PATTERN",
    "Timestamp",
    "TimestampMarker",
    "format_timestamp",
    "parse_timestamp",
    "read_timestamp",
]

_YEAR = r"(?:000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})"
_MONTH_DAY = (
    r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    r"|02-(?:0[1-9]|1[0-9]|2[0-8]))"
)
_LEAP_DAY = (
    r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)-02-29"
)

CANONICAL_TIMESTAMP_PATTERN: Final = (
    rf"^(?:{_YEAR}-{_MONTH_DAY}|{_LEAP_DAY})"
    r"T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\.[0-9]{3}Z$"
)
"""What `Date.prototype.toISOString()` writes, calendar-checked (leap years included).

Checked by pydantic-core's Rust regex engine, so the common case costs no Python.
"""

# An offset must not carry the instant out of years 1-9999 (Python's datetime, and
# the four digits of the canonical text): no positive offset on the first day, no
# negative one on the last. A regular expression cannot compare the time of day with
# the offset, so the rule holds for the whole day; `parse_timestamp` applies it too.
_OUT_OF_RANGE = r"(?!0001-01-01[Tt][^+]*\+(?!00:00)|9999-12-31[Tt][^-]*-(?!00:00))"

TIMESTAMP_PATTERN: Final = (
    rf"^{_OUT_OF_RANGE}(?:{_YEAR}-{_MONTH_DAY}|{_LEAP_DAY})"
    r"[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
    r"(?:\.[0-9]+)?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$(?!\n)"
)
"""Every accepted timestamp: RFC 3339 `date-time` with an explicit offset, no leap second.

Exact on its own (calendar and leap years included), portable between Python's `re`
and ECMA-262 (``u`` mode): ``$(?!\\n)`` ends the text in both, where Python's bare
``$`` would also match before a final newline. The JSON Schema carries it.
"""

_TIMESTAMP_RE = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})[Tt]"
    r"(?P<hour>[01][0-9]|2[0-3]):(?P<minute>[0-5][0-9]):(?P<second>[0-5][0-9])"
    r"(?:\.(?P<fraction>[0-9]+))?"
    r"(?:(?P<utc>[Zz])|(?P<sign>[+-])(?P<off_h>[01][0-9]|2[0-3]):(?P<off_m>[0-5][0-9]))",
    re.ASCII,
)

_AT_THE_EDGE: Final = {("0001", "01", "01"): "+", ("9999", "12", "31"): "-"}

TIMESTAMP_ERROR: Final = (
    "Input should be an RFC 3339 date-time with an explicit offset "
    "(Z or ±hh:mm), such as 2025-01-15T08:30:00.123Z"
)


def format_timestamp(moment: datetime) -> str:
    """Write an aware datetime as `toISOString()` does: UTC, milliseconds (truncated), ``Z``.

    Raises:
        ValueError: ``moment`` is naive, or falls outside years 1-9999 once in UTC.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a naive datetime has no offset; attach a tzinfo")
    try:
        utc = moment.astimezone(timezone.utc)
    except OverflowError:
        raise ValueError("the instant falls outside years 1-9999 in UTC") from None
    return (
        f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T"
        f"{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}.{utc.microsecond // 1000:03d}Z"
    )


def parse_timestamp(text: str) -> datetime:
    """Read a timestamp as the wire allows it, as an aware datetime (UTC for canonical text).

    Raises:
        ValueError: ``text`` is not an RFC 3339 date-time with an explicit offset.
    """
    match = _TIMESTAMP_RE.fullmatch(text)
    if match is None:
        raise ValueError(TIMESTAMP_ERROR)
    fields = match.groupdict()
    fraction = (fields["fraction"] or "")[:6].ljust(6, "0")
    if fields["utc"]:
        tz = timezone.utc
    else:
        offset = timedelta(hours=int(fields["off_h"]), minutes=int(fields["off_m"]))
        tz = timezone(-offset if fields["sign"] == "-" else offset)
        if (
            offset
            and _AT_THE_EDGE.get((fields["year"], fields["month"], fields["day"])) == fields["sign"]
        ):
            # See TIMESTAMP_PATTERN: the offset could leave years 1-9999.
            raise ValueError(TIMESTAMP_ERROR)
    return datetime(
        int(fields["year"]),
        int(fields["month"]),
        int(fields["day"]),
        int(fields["hour"]),
        int(fields["minute"]),
        int(fields["second"]),
        int(fraction),
        tzinfo=tz,
    )


# Stored texts are canonical, so a read is a cache hit for every field of a message
# read twice; bounded, so a stream of distinct timestamps costs a fixed amount.
read_timestamp: Final = lru_cache(maxsize=4096)(parse_timestamp)
"""`parse_timestamp` of a stored (canonical) text, cached."""


def _to_canonical(value: Any) -> str:
    """The slow path: anything but canonical text (another offset, a datetime from Python)."""
    try:
        if isinstance(value, str):
            return format_timestamp(parse_timestamp(value))
        if isinstance(value, datetime):
            return format_timestamp(value)
    except ValueError:
        pass
    raise PydanticCustomError("timestamp", TIMESTAMP_ERROR)


def _dump(text: str, info: core_schema.SerializationInfo) -> str | datetime:
    # JSON gets the stored text as it is; Python gets what the annotation names.
    return text if info.mode == "json" else read_timestamp(text)


class TimestampMarker:
    """Marks a field as a wire timestamp; see `Timestamp`."""

    __slots__ = ()

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.union_schema(
            [
                core_schema.str_schema(pattern=CANONICAL_TIMESTAMP_PATTERN, strict=True),
                core_schema.no_info_plain_validator_function(_to_canonical),
            ],
            mode="left_to_right",
            custom_error_type="timestamp",
            custom_error_message=TIMESTAMP_ERROR,
            serialization=core_schema.plain_serializer_function_ser_schema(_dump, info_arg=True),
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "string", "format": "date-time", "pattern": TIMESTAMP_PATTERN}


TIMESTAMP_MARKER: Final = TimestampMarker()

Timestamp = Annotated[datetime, TIMESTAMP_MARKER]
"""A point in time on the wire.

Accepted as RFC 3339 with an explicit offset (or an aware `datetime` from Python);
kept as the canonical wire text (``2025-01-15T08:30:00.123Z``, what JavaScript's
`toISOString()` writes) so that encoding costs nothing; read back as an aware UTC
`datetime`. Millisecond precision, like `Date`.
"""
