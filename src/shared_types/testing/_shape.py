"""What each wire field is, read from the models, so wire texts can be rewritten and broken.

The generators of `wire_messages` and `invalid_wire_messages` walk a decoded message
alongside its model: a field's kind says which equivalent spellings it has (timestamps
in other offsets, integers written as ``5.0``) and which values break it.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal, Union, get_args, get_origin

from pydantic.fields import FieldInfo

from shared_types._model import WireModel
from shared_types._wire import NON_EMPTY, _BoundedInt, is_timestamp

__all__ = ["FieldShape", "Kind", "Spot", "shape_of", "spots"]

Kind = Literal["timestamp", "int", "str", "literal", "bool", "json", "object", "list"]


@dataclass(frozen=True)
class FieldShape:
    """One field of a model as the wire sees it."""

    alias: str
    kind: Kind
    nullable: bool = False
    non_empty: bool = False
    minimum: int = 0
    choices: tuple[str, ...] = ()
    model: type[WireModel] | None = None
    """The model of an ``object`` field, or of the items of a ``list`` field."""


@dataclass(frozen=True)
class Spot:
    """Where a field sits in a decoded message: ``container[key]`` holds its value."""

    container: dict[str, Any]
    key: str
    shape: FieldShape


_SHAPES: dict[type[WireModel], tuple[FieldShape, ...]] = {}


def shape_of(model: type[WireModel]) -> tuple[FieldShape, ...]:
    """The wire fields of ``model``, in declaration order."""
    if model not in _SHAPES:
        _SHAPES[model] = tuple(
            _field_shape(name, field) for name, field in model.model_fields.items()
        )
    return _SHAPES[model]


def _field_shape(name: str, field: FieldInfo) -> FieldShape:
    alias = field.alias or name
    annotation: Any = field.annotation
    metadata = list(field.metadata)
    nullable = False
    if get_origin(annotation) in (Union, types.UnionType) and type(None) in get_args(annotation):
        nullable = True
        (annotation,) = (arg for arg in get_args(annotation) if arg is not type(None))
    if hasattr(annotation, "__metadata__"):  # Annotated[str, ...] inside `T | None`
        metadata.extend(annotation.__metadata__)
        annotation = get_args(annotation)[0]
    non_empty = any(item is NON_EMPTY for item in metadata)
    if is_timestamp(metadata):
        return FieldShape(alias, "timestamp", nullable)
    bounded = next((item for item in metadata if isinstance(item, _BoundedInt)), None)
    if bounded is not None:
        return FieldShape(alias, "int", nullable, minimum=bounded.minimum)
    if get_origin(annotation) is Literal:
        return FieldShape(alias, "literal", nullable, choices=get_args(annotation))
    if annotation is bool:
        return FieldShape(alias, "bool", nullable)
    if annotation is str:
        return FieldShape(alias, "str", nullable, non_empty=non_empty)
    if isinstance(annotation, type) and issubclass(annotation, WireModel):
        return FieldShape(alias, "object", nullable, model=annotation)
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        return FieldShape(alias, "list", nullable, model=item)
    if annotation is Any:
        return FieldShape(alias, "json", nullable)
    raise TypeError(f"no wire shape for {name}: {field.annotation!r}")  # pragma: no cover


def spots(document: dict[str, Any], model: type[WireModel]) -> Iterator[Spot]:
    """Every field of ``document`` (decoded wire JSON of ``model``), depth first.

    Fields absent from ``document`` are skipped; values of the wrong kind are not walked.
    """
    for shape in shape_of(model):
        if shape.alias not in document:
            continue
        yield Spot(document, shape.alias, shape)
        value = document[shape.alias]
        if shape.kind == "object" and isinstance(value, dict) and shape.model is not None:
            yield from spots(value, shape.model)
        elif shape.kind == "list" and isinstance(value, list) and shape.model is not None:
            for item in value:
                if isinstance(item, dict):
                    yield from spots(item, shape.model)
