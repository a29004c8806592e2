"""Where each field sits in a decoded message, and what kind of value it holds.

The generators of `wire_messages` and `invalid_wire_messages` walk a decoded message
alongside its model's description in `shared_types.contract`: a field's kind says
which equivalent spellings it has (timestamps in other offsets, integers written as
``5.0``) and which values break it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from shared_types.contract import (
    AliasRef,
    Array,
    Boolean,
    Integer,
    JsonAny,
    ModelRef,
    Nullable,
    StringConst,
    StringEnum,
    Text,
    Type,
    protocol,
)

__all__ = ["FieldShape", "Kind", "Path", "Spot", "shape_of", "spots"]

Kind = Literal["timestamp", "int", "str", "literal", "bool", "json", "object", "list"]

Path = tuple[str | int, ...]
"""A wire path, key by key and index by index; ``()`` is the message as a whole."""


@dataclass(frozen=True)
class FieldShape:
    """One field of a model as the wire sees it."""

    alias: str
    kind: Kind
    nullable: bool = False
    non_empty: bool = False
    minimum: int = 0
    choices: tuple[str, ...] = ()
    model: str | None = None
    """The model of an ``object`` field, or of the items of a ``list`` field."""


@dataclass(frozen=True)
class Spot:
    """Where a field sits in a decoded message: ``container[key]`` holds its value."""

    container: dict[str, Any]
    key: str
    shape: FieldShape
    path: Path
    """The field's wire path, key by key (``("payload", "data", 0, "createdAt")``)."""


@cache
def shape_of(model: str) -> tuple[FieldShape, ...]:
    """The wire fields of the model of that name, in declaration order."""
    return tuple(_shape(field.name, field.type) for field in protocol().models[model].fields)


def _shape(alias: str, kind: Type, nullable: bool = False) -> FieldShape:
    if isinstance(kind, Nullable):
        return _shape(alias, kind.inner, nullable=True)
    if isinstance(kind, AliasRef):
        if kind.name == "Timestamp":
            return FieldShape(alias, "timestamp", nullable)
        return _shape(alias, protocol().aliases[kind.name].type, nullable)
    if isinstance(kind, Integer):
        return FieldShape(alias, "int", nullable, minimum=kind.minimum)
    if isinstance(kind, StringConst):
        return FieldShape(alias, "literal", nullable, choices=(kind.value,))
    if isinstance(kind, StringEnum):
        return FieldShape(alias, "literal", nullable, choices=kind.values)
    if isinstance(kind, Boolean):
        return FieldShape(alias, "bool", nullable)
    if isinstance(kind, Text):
        return FieldShape(alias, "str", nullable, non_empty=kind.min_length > 0)
    if isinstance(kind, ModelRef):
        return FieldShape(alias, "object", nullable, model=kind.name)
    if isinstance(kind, Array) and isinstance(kind.item, ModelRef):
        return FieldShape(alias, "list", nullable, model=kind.item.name)
    if isinstance(kind, JsonAny):
        return FieldShape(alias, "json", nullable)
    raise TypeError(f"no wire shape for {alias}: {kind!r}")  # pragma: no cover


def spots(document: dict[str, Any], model: str, at: Path = ()) -> Iterator[Spot]:
    """Every field of ``document`` (decoded wire JSON of ``model``, at wire path ``at``),
    depth first.

    Fields absent from ``document`` are skipped; values of the wrong kind are not walked.
    """
    for shape in shape_of(model):
        if shape.alias not in document:
            continue
        path = (*at, shape.alias)
        yield Spot(document, shape.alias, shape, path)
        value = document[shape.alias]
        if shape.kind == "object" and isinstance(value, dict) and shape.model is not None:
            yield from spots(value, shape.model, path)
        elif shape.kind == "list" and isinstance(value, list) and shape.model is not None:
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    yield from spots(item, shape.model, (*path, index))
