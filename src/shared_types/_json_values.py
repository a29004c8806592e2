"""JSON values (`caller`): any JSON, of bounded depth, with finite numbers.

From JSON text pydantic-core's parser already bounds the depth; it reads NaN,
Infinity and 1e400 into an `Any` field without complaint, so the payload that holds
callers checks them (`has_non_finite_number`). From Python, each value is walked once.
"""

from __future__ import annotations

import marshal
import math
from typing import Annotated, Any, Final

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

__all__ = [
    "CALLER_MAX_DEPTH",
    "MAX_JSON_DEPTH",
    "JsonValue",
    "JsonValueMarker",
    "has_non_finite_number",
    "json_value_problem",
]

MAX_JSON_DEPTH: Final = 201
"""Arrays and objects nest at most this deep in a message (pydantic-core's JSON parser limit)."""

CALLER_MAX_DEPTH: Final = MAX_JSON_DEPTH - 5
"""How many of its own arrays and objects may enclose a value inside `caller`.

pydantic-core's parser reads a value enclosed by at most 200 arrays and objects (so
brackets nest 201 deep only around an empty innermost one); `caller` is enclosed by
four (message, payload, `data`, the project), which leaves 196.
"""

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


class JsonValueMarker:
    """Marks a field that holds any JSON value."""

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


JsonValue = Annotated[Any, JsonValueMarker()]
"""Any JSON value: null, boolean, finite number, string, array or object, of bounded depth."""
