"""The wire's small types: timestamps, masked secrets, bounded integers, JSON values.

Each type here is an `Annotated` marker whose pydantic core schema keeps the hot
paths (`validate_json`, `to_json`) inside pydantic-core's Rust code as far as it can:
canonical timestamps are checked by one regular expression and stored as their wire
text, integers are bounded by the schema, and a token costs one tiny function call
to mask. Python code runs otherwise only for the rare inputs that need it (a
timestamp in another offset, an integral float such as ``5.0``) and when models are
built from Python.
"""

from __future__ import annotations

import marshal
import math
import re
from datetime import datetime, timedelta, timezone
from typing import Annotated, Any, Final, get_args

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

__all__ = [
    "CALLER_MAX_DEPTH",
    "MAX_JSON_DEPTH",
    "MAX_SAFE_INTEGER",
    "Count",
    "JsonValue",
    "MaskedOnWire",
    "NonEmptyStr",
    "RevealedOnWire",
    "SafeInt",
    "Timestamp",
    "format_timestamp",
    "is_sensitive",
    "is_timestamp",
    "parse_timestamp",
]

MAX_SAFE_INTEGER: Final = 2**53 - 1
"""JavaScript's `Number.MAX_SAFE_INTEGER`: the largest integer both sides read exactly."""

MAX_JSON_DEPTH: Final = 201
"""Arrays and objects nest at most this deep in a message (pydantic-core's JSON parser limit)."""

CALLER_MAX_DEPTH: Final = MAX_JSON_DEPTH - 5
"""How many of its own arrays and objects may enclose a value inside `caller`.

pydantic-core's parser reads a value enclosed by at most 200 arrays and objects (so
brackets nest 201 deep only around an empty innermost one); `caller` is enclosed by
four (message, payload, `data`, the project), which leaves 196.
"""

MASK: Final = "***"

# --------------------------------------------------------------------------- timestamps

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


class _TimestampMarker:
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
            # Stored as the wire text: written as it is, in both modes.
            serialization=core_schema.simple_ser_schema("str"),
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "string", "format": "date-time", "pattern": TIMESTAMP_PATTERN}


TIMESTAMP_MARKER: Final = _TimestampMarker()

Timestamp = Annotated[datetime, TIMESTAMP_MARKER]
"""A point in time on the wire.

Accepted as RFC 3339 with an explicit offset; kept as the canonical wire text
(``2025-01-15T08:30:00.123Z``, what JavaScript's `toISOString()` writes) so that
encoding costs nothing; read back as an aware UTC `datetime` through the model's
attribute (the models install the accessor). Millisecond precision, like `Date`.
"""


def is_timestamp(metadata: list[Any]) -> bool:
    return any(item is TIMESTAMP_MARKER for item in metadata)


# --------------------------------------------------------------------------- secrets


class _SecretMarker:
    """Marks a field as secret: masked in repr, `model_dump` and `model_dump_json`."""

    __slots__ = ("revealed_by_encode",)

    def __init__(self, *, revealed_by_encode: bool) -> None:
        self.revealed_by_encode = revealed_by_encode

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        schema = handler(source)
        if self.revealed_by_encode:
            serialization: core_schema.SerSchema = core_schema.plain_serializer_function_ser_schema(
                _reveal_if_encoding, info_arg=True
            )
        else:
            # A plain function that ignores its input: measured cheaper than the
            # `format_ser_schema("*>3.0")` trick, which calls Python's format() per token
            # too and parses the spec each time (docs/performance.md, masking overhead).
            serialization = core_schema.plain_serializer_function_ser_schema(
                _mask, return_schema=core_schema.str_schema()
            )
        return {**schema, "serialization": serialization}  # type: ignore[return-value,unused-ignore] # a str schema with its serializer replaced


class RevealContext:
    """The serialization context under which `encode` writes `RevealedOnWire` values in clear."""

    __slots__ = ()


REVEAL: Final = RevealContext()


def _mask(value: str) -> str:
    return MASK


def _reveal_if_encoding(value: str, info: core_schema.SerializationInfo) -> str:
    return value if info.context is REVEAL else MASK


MASKED: Final = _SecretMarker(revealed_by_encode=False)
REVEALED: Final = _SecretMarker(revealed_by_encode=True)

MaskedOnWire = Annotated[str, MASKED]
"""A secret the wire never carries: written as ``"***"`` everywhere (`access_token`)."""

RevealedOnWire = Annotated[str, REVEALED]
"""A secret only `encode` writes in clear (`client_secret`); masked everywhere else."""


def is_sensitive(metadata: list[Any], annotation: Any) -> bool:
    """Whether a field's type is secret, at the top (its metadata) or inside (``T | None``)."""
    if any(isinstance(item, _SecretMarker) for item in metadata):
        return True
    return any(
        isinstance(item, _SecretMarker)
        for arg in get_args(annotation)
        for item in getattr(arg, "__metadata__", ())
    )


# --------------------------------------------------------------------------- numbers, strings


def _integral_float_to_int(value: float) -> int:
    # JSON has one number type: 5.0 and 5e0 are the integer 5 to JSON Schema and to
    # JavaScript, so they are to us; 5.5 is not.
    if math.isfinite(value) and value.is_integer():
        return int(value)
    raise PydanticCustomError("int_from_float", "Input should be a whole number")


class _BoundedInt:
    __slots__ = ("minimum",)

    def __init__(self, minimum: int) -> None:
        self.minimum = minimum

    @property
    def error_message(self) -> str:
        return f"Input should be a whole number from {self.minimum} to {MAX_SAFE_INTEGER}"

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        exact = core_schema.int_schema(strict=True, ge=self.minimum, le=MAX_SAFE_INTEGER)
        from_float = core_schema.chain_schema(
            [
                core_schema.float_schema(strict=True),
                core_schema.no_info_plain_validator_function(_integral_float_to_int),
                exact,
            ]
        )
        return core_schema.json_or_python_schema(
            json_schema=core_schema.union_schema(
                [exact, from_float],
                mode="left_to_right",
                custom_error_type="safe_int",
                custom_error_message=self.error_message,
            ),
            python_schema=exact,
            serialization=core_schema.simple_ser_schema("int"),
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "integer", "minimum": self.minimum, "maximum": MAX_SAFE_INTEGER}


SafeInt = Annotated[int, _BoundedInt(-MAX_SAFE_INTEGER)]
"""An integer both Python and JavaScript hold exactly: within ±(2**53 - 1)."""

Count = Annotated[int, _BoundedInt(0)]
"""A non-negative `SafeInt`."""


class _NonEmptyMarker:
    __slots__ = ()

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.str_schema(min_length=1, strict=True)


NON_EMPTY: Final = _NonEmptyMarker()
NonEmptyStr = Annotated[str, NON_EMPTY]
"""A string of at least one character (ids, `client_secret`)."""

# --------------------------------------------------------------------------- JSON values

_JSON_SCALARS: Final = (str, int, bool, type(None))


def _is_unicode(text: str) -> bool:
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def json_value_problem(value: object, max_depth: int) -> str | None:
    """Why ``value`` is not a JSON value nested at most ``max_depth`` deep, or None.

    Iterative, so a hostile depth costs a bounded loop, never a `RecursionError`.
    """
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        kind = type(item)
        if kind is str:
            if not _is_unicode(item):  # type: ignore[arg-type] # kind is str
                return "strings must be valid Unicode (no lone surrogates)"
            continue
        if kind in _JSON_SCALARS:
            continue
        if kind is float:
            if not math.isfinite(item):  # type: ignore[arg-type] # kind is float
                return "JSON numbers must be finite (no NaN or Infinity)"
            continue
        if kind is list or kind is dict:
            if depth >= max_depth and item:  # its items would sit deeper than max_depth
                return f"nested more than {max_depth} levels deep"
            if kind is dict:
                mapping: dict[object, object] = item  # type: ignore[assignment] # kind is dict
                if any(type(key) is not str for key in mapping):
                    return "JSON object keys must be strings"
                if not all(_is_unicode(key) for key in mapping):  # type: ignore[arg-type] # keys are str
                    return "strings must be valid Unicode (no lone surrogates)"
                stack.extend((child, depth + 1) for child in mapping.values())
            else:
                stack.extend((child, depth + 1) for child in item)  # type: ignore[attr-defined] # kind is list
            continue
        return f"{kind.__name__} is not a JSON type"
    return None


def has_non_finite_number(values: list[Any]) -> bool:
    """Whether NaN or ±Infinity hides anywhere in ``values`` (already known to be JSON).

    The hot-path twin of `json_value_problem`: no depth or key checks, which the JSON
    parser has done. A C-speed pre-filter proves most inputs clean; only when it cannot
    are the containers walked (without recursion).
    """
    if not _may_hold_non_finite(values):
        return False
    return _walk_for_non_finite(values)


def _may_hold_non_finite(values: list[Any]) -> bool:
    """False only if no float in ``values`` can be NaN or infinite: exact in that direction.

    `marshal` writes every float as its 8 IEEE 754 bytes, little-endian; a NaN or an
    infinity has all 11 exponent bits set, so its last two bytes are ``0xF?`` then
    ``0x7F`` or ``0xFF``. If that byte pair occurs nowhere in the dump, no float can be
    non-finite. The pair may also occur by chance (in a negative integer, say): then the
    answer is "maybe" and the caller walks. About 4x cheaper than the walk.
    """
    try:
        dump = marshal.dumps(values)
    except (ValueError, RecursionError):  # not marshallable or too deep: let the walk decide
        return True
    find = dump.find
    for last in (b"\x7f", b"\xff"):
        index = find(last, 1)
        while index >= 0:
            if dump[index - 1] >= 0xF0:
                return True
            index = find(last, index + 1)
    return False


def _walk_for_non_finite(values: list[Any]) -> bool:
    stack = list(values)
    pop = stack.pop
    push = stack.extend
    isfinite = math.isfinite
    while stack:
        item = pop()
        kind = type(item)
        if kind is dict:
            push(item.values())
        elif kind is list:
            push(item)
        elif kind is float and not isfinite(item):
            return True
    return False


def _check_json_value(value: Any) -> Any:
    problem = json_value_problem(value, CALLER_MAX_DEPTH)
    if problem is not None:
        raise PydanticCustomError(
            "json_value", "Input should be a JSON value: {problem}", {"problem": problem}
        )
    return value


class _JsonValueMarker:
    __slots__ = ()

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        # From JSON anything pydantic-core parsed is JSON (bounded depth, by its parser);
        # only non-finite numbers slip through, and the payload's validator catches those.
        return core_schema.json_or_python_schema(
            json_schema=core_schema.any_schema(),
            python_schema=core_schema.no_info_plain_validator_function(_check_json_value),
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {}


JsonValue = Annotated[Any, _JsonValueMarker()]
"""Any JSON value: null, boolean, finite number, string, array or object, of bounded depth."""
