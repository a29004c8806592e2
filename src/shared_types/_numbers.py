"""Integers both sides hold exactly, and non-empty strings.

JSON has one number type: ``5.0`` and ``5e0`` are the integer 5 to JSON Schema and to
JavaScript, so they are to the parser; ``5.5`` is not. Every integer stays within
JavaScript's safe range, so the dashboard reads what the server wrote.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Final

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

__all__ = ["MAX_SAFE_INTEGER", "NON_EMPTY", "BoundedInt", "Count", "NonEmpty", "NonEmptyStr"]

MAX_SAFE_INTEGER: Final = 2**53 - 1
"""JavaScript's `Number.MAX_SAFE_INTEGER`: the largest integer both sides read exactly."""


def _integral_float_to_int(value: float) -> int:
    if math.isfinite(value) and value.is_integer():
        return int(value)
    raise PydanticCustomError("int_from_float", "Input should be a whole number")


class BoundedInt:
    """Marks an integer field with its range (within the safe range)."""

    __slots__ = ("maximum", "minimum")

    def __init__(self, minimum: int, maximum: int = MAX_SAFE_INTEGER) -> None:
        self.minimum = minimum
        self.maximum = maximum

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        exact = core_schema.int_schema(strict=True, ge=self.minimum, le=self.maximum)
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
                custom_error_message=(
                    f"Input should be a whole number from {self.minimum} to {self.maximum}"
                ),
            ),
            python_schema=exact,
            serialization=core_schema.simple_ser_schema("int"),
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}


Count = Annotated[int, BoundedInt(0)]
"""A non-negative integer within JavaScript's safe range."""


class NonEmpty:
    """Marks a string field that must hold at least one character."""

    __slots__ = ()

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.str_schema(min_length=1, strict=True)


NON_EMPTY: Final = NonEmpty()
NonEmptyStr = Annotated[str, NON_EMPTY]
"""A string of at least one character (ids, `client_secret`)."""
