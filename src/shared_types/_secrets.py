"""Secrets: the fields that never show, and how each crosses the wire.

Two kinds (`SecretKind`): ``masked`` (`access_token`) is never on the wire at all:
the server writes ``"***"`` in its place, and a text from the wire that carries
anything else is a leak and is rejected; ``revealed`` (`client_secret`) travels in
clear from the dashboard, which `encode` alone writes. Both are masked by ``repr``,
``str`` and every pydantic dump.
"""

from __future__ import annotations

from typing import Annotated, Any, Final, Literal

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

__all__ = [
    "MASK",
    "MASKED",
    "NOT_MASKED_ERROR",
    "REVEAL",
    "REVEALED",
    "MaskedOnWire",
    "RevealContext",
    "SecretKind",
    "SecretMarker",
]

MASK: Final = "***"
"""What the wire and every dump show in place of a secret."""

SecretKind = Literal["masked", "revealed"]
"""``masked``: the wire carries only `MASK`; ``revealed``: the wire carries it in clear."""

NOT_MASKED_ERROR: Final = 'The token is not masked: the wire carries "***" or null'


class RevealContext:
    """The serialization context under which `encode` writes revealed secrets in clear."""

    __slots__ = ()


REVEAL: Final = RevealContext()


def _mask(value: str) -> str:
    return MASK


def _reveal_if_encoding(value: str, info: core_schema.SerializationInfo) -> str:
    return value if info.context is REVEAL else MASK


class SecretMarker:
    """Marks a string field as secret, of one `SecretKind`."""

    __slots__ = ("kind",)

    def __init__(self, kind: SecretKind) -> None:
        self.kind: SecretKind = kind

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        python = handler(source)
        if self.kind == "revealed":
            return {
                **python,
                "serialization": core_schema.plain_serializer_function_ser_schema(
                    _reveal_if_encoding, info_arg=True
                ),
            }  # type: ignore[return-value,unused-ignore] # the handler's schema, its serializer replaced
        # A plain function that ignores its input: measured cheaper than the
        # `format_ser_schema("*>3.0")` trick (docs/performance.md, masking overhead).
        return core_schema.json_or_python_schema(
            json_schema=core_schema.custom_error_schema(
                core_schema.literal_schema([MASK]),
                custom_error_type="token_not_masked",
                custom_error_message=NOT_MASKED_ERROR,
            ),
            python_schema=python,
            serialization=core_schema.plain_serializer_function_ser_schema(
                _mask, return_schema=core_schema.str_schema()
            ),
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        if self.kind == "masked":
            return {"type": "string", "const": MASK}
        return handler(schema)


MASKED: Final = SecretMarker("masked")
REVEALED: Final = SecretMarker("revealed")

MaskedOnWire = Annotated[str, MASKED]
"""A secret the wire never carries: ``"***"`` on the wire and in every dump (`access_token`)."""
