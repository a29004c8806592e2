"""The intermediate form both exporters render: the protocol as plain data.

Built once from the registries and the models' fields (their wire names, types,
markers and docstrings); the JSON Schema and the TypeScript are two renderings of
it, so they cannot disagree about what the wire carries. A type the exporters do
not know is an error here, never a silent ``any``.
"""

from __future__ import annotations

import inspect
import re
import types
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal, TypeAlias, Union, get_args, get_origin

from pydantic.fields import FieldInfo

from shared_types import websocket
from shared_types._errors import ERROR_CODES
from shared_types._model import WireModel, module_attribute_docstrings
from shared_types._version import PROTOCOL_VERSION, __version__
from shared_types._wire import (
    MAX_SAFE_INTEGER,
    NON_EMPTY,
    TIMESTAMP_MARKER,
    TIMESTAMP_PATTERN,
    _BoundedInt,
    _JsonValueMarker,
    _SecretMarker,
)

__all__ = [
    "DIRECTIONS",
    "SECRET_NOTES",
    "Alias",
    "AliasRef",
    "Array",
    "Boolean",
    "Direction",
    "Event",
    "Field",
    "Integer",
    "JsonAny",
    "Model",
    "ModelRef",
    "Nullable",
    "Protocol",
    "StringConst",
    "StringEnum",
    "Text",
    "Type",
    "protocol",
]

Direction = Literal["client-to-server", "server-to-client"]
DIRECTIONS: tuple[Direction, ...] = ("client-to-server", "server-to-client")

# --------------------------------------------------------------------------- types


@dataclass(frozen=True)
class Text:
    """A JSON string, at least ``min_length`` characters (code points) long."""

    min_length: int = 0


@dataclass(frozen=True)
class Integer:
    """A JSON number with an integral value (``5`` and ``5.0`` alike) in a range."""

    minimum: int
    maximum: int


@dataclass(frozen=True)
class Boolean:
    """``true`` or ``false``."""


@dataclass(frozen=True)
class JsonAny:
    """Any JSON value."""


@dataclass(frozen=True)
class StringConst:
    """Exactly one string (an event tag, ``allProjects``)."""

    value: str


@dataclass(frozen=True)
class StringEnum:
    """One of a few strings."""

    values: tuple[str, ...]


@dataclass(frozen=True)
class Array:
    """A JSON array of ``item``."""

    item: Type


@dataclass(frozen=True)
class Nullable:
    """``inner`` or ``null`` (required all the same: nullable is not optional)."""

    inner: Type


@dataclass(frozen=True)
class ModelRef:
    """An object described by the `Model` of that name."""

    name: str


@dataclass(frozen=True)
class AliasRef:
    """A named type (`Alias`), such as ``Timestamp`` or ``ProjectAction``."""

    name: str


Type: TypeAlias = (
    Text
    | Integer
    | Boolean
    | JsonAny
    | StringConst
    | StringEnum
    | Array
    | Nullable
    | ModelRef
    | AliasRef
)

# --------------------------------------------------------------------------- declarations


@dataclass(frozen=True)
class Alias:
    """A named type: its definition, its docs, and for strings a pattern and format."""

    name: str
    doc: str
    type: Type
    pattern: str | None = None
    format: str | None = None


@dataclass(frozen=True)
class Field:
    """One member of an object, by its wire name. Every field is required on the wire."""

    name: str
    python_name: str
    type: Type
    doc: str
    secret: Literal["masked", "revealed"] | None = None


@dataclass(frozen=True)
class Model:
    """An object type: a pydantic model, under the same name."""

    name: str
    doc: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Event:
    """One event of a direction: its name and the models of its message and payload."""

    name: str
    message: str
    payload: str


@dataclass(frozen=True)
class Protocol:
    """The whole protocol, in a stable order (registry order, then first use)."""

    version: str
    package_version: str
    aliases: Mapping[str, Alias]
    models: Mapping[str, Model]
    events: Mapping[Direction, tuple[Event, ...]]
    union_names: Mapping[Direction, str]
    event_type_names: Mapping[Direction, str]
    registry_names: Mapping[Direction, str]
    docs: Mapping[str, str]
    error_codes: tuple[str, ...]

    def reachable(self, direction: Direction) -> tuple[list[Alias], list[Model]]:
        """The aliases and models one direction's messages use, in first-use order."""
        aliases: dict[str, Alias] = {}
        models: dict[str, Model] = {}

        def visit(kind: Type) -> None:
            if isinstance(kind, ModelRef):
                visit_model(self.models[kind.name])
            elif isinstance(kind, AliasRef):
                aliases.setdefault(kind.name, self.aliases[kind.name])
            elif isinstance(kind, (Array, Nullable)):
                visit(kind.item if isinstance(kind, Array) else kind.inner)

        def visit_model(model: Model) -> None:
            if model.name in models:
                return
            models[model.name] = model
            for field in model.fields:
                visit(field.type)

        for event in self.events[direction]:
            visit_model(self.models[event.message])
        return list(aliases.values()), list(models.values())


# --------------------------------------------------------------------------- docs

SECRET_NOTES: Mapping[str, str] = {
    "masked": 'Sensitive, masked: the server always writes `"***"` in its place (or `null`).',
    "revealed": "Sensitive: a secret sent in clear; never log or display it.",
}
"""What every rendering says of a secret field, by the kind of secret."""

_RST_LITERAL = re.compile(r"``(.+?)``")


def clean_doc(text: str | None) -> str:
    """A docstring as plain Markdown: dedented, paragraphs reflowed, ````x```` as ```x```."""
    if not text:
        return ""
    paragraphs = inspect.cleandoc(text).split("\n\n")
    flowed = (" ".join(line.strip() for line in part.splitlines()) for part in paragraphs)
    return _RST_LITERAL.sub(r"`\1`", "\n\n".join(part for part in flowed if part))


# --------------------------------------------------------------------------- building

TIMESTAMP_DOC = (
    "A point in time: an RFC 3339 date-time with an explicit offset (`Z` or `±hh:mm`), "
    "such as `2025-01-15T08:30:00.123Z`, what `Date.prototype.toISOString()` writes. "
    "Any number of fraction digits; no leap second; `T` and `Z` may be lower case; the "
    "date must exist; no space separator, no missing offset, no bare number. The server "
    "always sends the `toISOString()` form (UTC, milliseconds)."
)

_ERROR_CODE_DOC = (
    "Why a message was rejected: the `error` of an `error` event that answers a message "
    "the server could not accept (a server may send other codes for other failures)."
)

_NAMED_LITERALS: dict[Any, str] = {websocket.ProjectAction: "ProjectAction"}


class _Builder:
    def __init__(self) -> None:
        self.docs = {
            name: clean_doc(text)
            for name, text in module_attribute_docstrings(websocket.__name__)[""].items()
        }
        self.aliases: dict[str, Alias] = {}
        self.models: dict[str, Model] = {}
        self.classes: dict[str, type[WireModel]] = {}

    def alias(self, name: str) -> AliasRef:
        if name not in self.aliases:
            if name == "Timestamp":
                self.aliases[name] = Alias(
                    name, TIMESTAMP_DOC, Text(), pattern=TIMESTAMP_PATTERN, format="date-time"
                )
            else:
                literal = next(key for key, value in _NAMED_LITERALS.items() if value == name)
                self.aliases[name] = Alias(name, self.docs[name], StringEnum(get_args(literal)))
        return AliasRef(name)

    def model(self, cls: type[WireModel]) -> ModelRef:
        name = cls.__name__
        known = self.classes.setdefault(name, cls)
        if known is not cls:
            raise TypeError(f"two models are named {name}: {known!r} and {cls!r}")
        if name not in self.models:
            self.models[name] = Model(name, "", ())  # placeholder: recursion stops here
            fields = tuple(self.field(python, info) for python, info in cls.model_fields.items())
            self.models[name] = Model(name, clean_doc(cls.__doc__), fields)
        return ModelRef(name)

    def field(self, python_name: str, info: FieldInfo) -> Field:
        where = f"field {python_name!r}"
        kind = self.type(info.annotation, list(info.metadata), where)
        return Field(
            name=info.alias or python_name,
            python_name=python_name,
            type=kind,
            doc=clean_doc(info.description),
            secret=_secret(info),
        )

    def type(self, annotation: Any, metadata: list[Any], where: str) -> Type:  # noqa: PLR0912 (one branch per kind of type)
        origin = get_origin(annotation)
        if origin is Annotated:
            base, *more = get_args(annotation)
            return self.type(base, [*more, *metadata], where)
        if any(item is TIMESTAMP_MARKER for item in metadata):
            return self.alias("Timestamp")
        if origin is Union or origin is types.UnionType:
            members = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(members) == 1 and len(get_args(annotation)) == 2:
                return Nullable(self.type(members[0], [], where))
            raise TypeError(f"{where}: only `T | None` unions are exported, not {annotation}")
        if origin is Literal:
            if annotation in _NAMED_LITERALS:
                return self.alias(_NAMED_LITERALS[annotation])
            values = get_args(annotation)
            if not all(isinstance(value, str) for value in values):
                raise TypeError(f"{where}: only string literals are exported")
            return StringConst(values[0]) if len(values) == 1 else StringEnum(values)
        if origin is list:
            return Array(self.type(get_args(annotation)[0], [], where))
        if annotation is str:
            return Text(1 if any(item is NON_EMPTY for item in metadata) else 0)
        if annotation is bool:
            return Boolean()
        if annotation is int:
            bounds = [item for item in metadata if isinstance(item, _BoundedInt)]
            if not bounds:
                raise TypeError(f"{where}: a plain int is not exported; use SafeInt or Count")
            return Integer(bounds[0].minimum, MAX_SAFE_INTEGER)
        if any(isinstance(item, _JsonValueMarker) for item in metadata):
            return JsonAny()
        if isinstance(annotation, type) and issubclass(annotation, WireModel):
            return self.model(annotation)
        raise TypeError(f"{where}: the exporters do not know the type {annotation!r}")


def _secret(info: FieldInfo) -> Literal["masked", "revealed"] | None:
    markers = [item for item in info.metadata if isinstance(item, _SecretMarker)]
    for arg in get_args(info.annotation):
        markers.extend(
            item for item in getattr(arg, "__metadata__", ()) if isinstance(item, _SecretMarker)
        )
    if not markers:
        return None
    return "revealed" if markers[0].revealed_by_encode else "masked"


@cache
def protocol() -> Protocol:
    """The protocol's intermediate form, built once."""
    builder = _Builder()
    registries: dict[Direction, Mapping[str, type[WireModel]]] = {
        "client-to-server": websocket.CLIENT_TO_SERVER_EVENTS,
        "server-to-client": websocket.SERVER_TO_CLIENT_EVENTS,
    }
    events: dict[Direction, tuple[Event, ...]] = {}
    for direction, registry in registries.items():
        found = []
        for name, cls in registry.items():
            message = builder.model(cls)
            payload = builder.models[message.name].fields
            payload_type = next(field.type for field in payload if field.name == "payload")
            if not isinstance(payload_type, ModelRef):
                raise TypeError(f"the payload of {name} is not a model")
            found.append(Event(name, message.name, payload_type.name))
        events[direction] = tuple(found)
    return Protocol(
        version=PROTOCOL_VERSION,
        package_version=__version__,
        aliases=builder.aliases,
        models=builder.models,
        events=events,
        union_names={
            "client-to-server": "ClientToServerMessage",
            "server-to-client": "ServerToClientMessage",
        },
        event_type_names={"client-to-server": "ClientEvent", "server-to-client": "ServerEvent"},
        registry_names={
            "client-to-server": "CLIENT_TO_SERVER_EVENTS",
            "server-to-client": "SERVER_TO_CLIENT_EVENTS",
        },
        docs={**builder.docs, "ErrorCode": _ERROR_CODE_DOC},
        error_codes=ERROR_CODES,
    )
