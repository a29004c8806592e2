"""Secrets: the fields that never show, and how each crosses the wire.

Two kinds (`SecretKind`): ``masked`` (`access_token`) is never on the wire at all:
the server writes ``"***"`` in its place, and a text from the wire that carries
anything else is a leak and is rejected; ``revealed`` (`client_secret`) travels in
clear from the dashboard, which `encode` alone writes. Both are masked by ``repr``,
``str`` and every pydantic dump.

pydantic serializes a value by its runtime type under options such as
``serialize_as_any``, skipping the field's own serializer. So a model built in Python
keeps a real token in a `Hidden` holder, not as a `str`: a `Hidden` serializes as
`MASK` whichever way it is reached, and the model's attribute gives the `str` back
(`shared_types._model`). A revealed secret stays a `str` (the parse of every
`startOutbound` would pay for a holder): its model masks it in its own serializer
(`mask_revealed`), which pydantic always runs.
"""

from __future__ import annotations

from typing import Annotated, Any, Final, Literal

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import SchemaSerializer, core_schema

__all__ = [
    "MASK",
    "MASKED",
    "NOT_MASKED_ERROR",
    "NOT_MASKED_ERROR_TYPE",
    "REVEAL",
    "REVEALED",
    "Hidden",
    "MaskedOnWire",
    "RevealContext",
    "SecretKind",
    "SecretMarker",
    "mask_revealed",
]

MASK: Final = "***"
"""What the wire and every dump show in place of a secret."""

SecretKind = Literal["masked", "revealed"]
"""``masked``: the wire carries only `MASK`; ``revealed``: the wire carries it in clear."""

NOT_MASKED_ERROR: Final = f'The token is not masked: the wire carries "{MASK}" or null'
"""The message of the error for a masked secret that arrives as anything but `MASK`: the
Python parser's, and the npm package's validators' (``shared_types.export._npm``)."""

NOT_MASKED_ERROR_TYPE: Final = "token_not_masked"
"""The type of that error, in Python and in the npm package's validators."""


class RevealContext:
    """The serialization context under which `encode` writes revealed secrets in clear."""

    __slots__ = ()


REVEAL: Final = RevealContext()


def _mask(value: object) -> str:
    return MASK


def _reveal_if_encoding(value: object, info: core_schema.SerializationInfo) -> str:
    if info.context is not REVEAL:
        return MASK
    return value.text if type(value) is Hidden else value  # type: ignore[return-value] # a str otherwise


class Hidden:
    """A secret as a model stores it: equal to its text, shown and serialized as `MASK`."""

    __slots__ = ("text",)

    text: str

    def __init__(self, text: str) -> None:
        self.text = text

    def __eq__(self, other: object) -> bool:
        if type(other) is Hidden:
            return self.text == other.text
        return self.text == other if isinstance(other, str) else NotImplemented

    def __hash__(self) -> int:
        return hash(self.text)

    def __repr__(self) -> str:
        return repr(MASK)

    __str__ = __repr__

    def __copy__(self) -> Hidden:
        return self

    def __deepcopy__(self, memo: object) -> Hidden:
        return self

    def __reduce__(self) -> tuple[object, ...]:
        return (Hidden, (MASK,))  # a pickle leaves the process: masked


# Reached when pydantic serializes by runtime type (`serialize_as_any`, a TypeAdapter
# of `object`...): masked, unless `encode` asked for revealed secrets.
Hidden.__pydantic_serializer__ = SchemaSerializer(  # type: ignore[attr-defined] # pydantic's protocol for serializable objects
    core_schema.any_schema(
        serialization=core_schema.plain_serializer_function_ser_schema(
            _mask, return_schema=core_schema.str_schema()
        )
    )
)


def mask_revealed(data: Any, info: core_schema.SerializationInfo, names: frozenset[str]) -> Any:
    """``data`` (a model's fields as serialized) with the revealed secrets among ``names``
    masked, unless `encode` is writing: for a model's own wrap serializer."""
    if info.context is REVEAL or not isinstance(data, dict):
        return data
    for name in names & data.keys():
        if data[name] is not None:
            data[name] = MASK
    return data


def _text(value: object) -> object:
    # A model's own value, passed on by `model_copy(update=...)`, is validated again.
    return value.text if type(value) is Hidden else value


class SecretMarker:
    """Marks a string field as secret, of one `SecretKind`."""

    __slots__ = ("kind",)

    def __init__(self, kind: SecretKind) -> None:
        self.kind: SecretKind = kind

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        checked = handler(source)
        if self.kind == "revealed":
            # Kept a plain `str`: a holder would cost a Python call per parsed
            # `startOutbound` (≈ 0.3 µs, a third of the parse). The model's own serializer
            # masks it where pydantic skips this one (`mask_revealed`).
            return {
                **checked,
                "serialization": core_schema.plain_serializer_function_ser_schema(
                    _reveal_if_encoding, info_arg=True
                ),
            }  # type: ignore[return-value,unused-ignore] # the handler's schema, its serializer replaced
        # From Python, a real token, kept in a `Hidden`; an after-validator that is the
        # class itself, measured cheaper than a wrap validator (≈ 0.17 µs against ≈ 0.5
        # µs). `_text` unwraps a `Hidden` that `model_copy` passes back in. From JSON the
        # token is "***": nothing to hide, and nothing added to the parse.
        python = core_schema.no_info_after_validator_function(
            Hidden, core_schema.no_info_before_validator_function(_text, checked)
        )
        # A plain function that ignores its input: measured cheaper than the
        # `format_ser_schema("*>3.0")` trick (docs/performance.md, masking overhead).
        return core_schema.json_or_python_schema(
            json_schema=core_schema.custom_error_schema(
                core_schema.literal_schema([MASK]),
                custom_error_type=NOT_MASKED_ERROR_TYPE,
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
