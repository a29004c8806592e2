"""The contract as plain data: what every field of every message is on the wire.

The one reader of the models' annotations. It turns each model into a `Model` of
`Field` s (wire name, Python name, wire type, docs, secret kind) and the whole
protocol into a `Protocol`; everything else reads that, never the annotations::

    from shared_types.contract import Nullable, StringConst, protocol

    contract = protocol()
    token = contract.models["ProjectInfo"].field("access_token")
    assert token.type == Nullable(StringConst("***")) and token.secret == "masked"
    assert [event.name for event in contract.events["client-to-server"]] == [
        "startOutbound",
        "stopOutbound",
    ]

Readers: the model base (`WireModel`: timestamps, secrets, wire names), the JSON
Schema, TypeScript and reference renderers (`shared_types.export`), and the
hypothesis strategies (`shared_types.testing`). The types are a closed set: a type
the contract does not know is an error here, never a silent ``any``.
"""

from __future__ import annotations

import inspect
import re
import sys
import types
from collections.abc import Mapping
from dataclasses import FrozenInstanceError
from functools import cache
from typing import Annotated, Any, ClassVar, Literal, TypeAlias, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ._docstrings import module_attribute_docstrings
from ._errors import ERROR_CODES
from ._json_values import JsonValueMarker
from ._numbers import BoundedInt, NonEmpty
from ._secrets import MASK, SecretKind, SecretMarker
from ._timestamps import TIMESTAMP_PATTERN, TimestampMarker
from ._version import PROTOCOL_VERSION, __version__

__all__ = [
    "DIRECTIONS",
    "SECRET_NOTES",
    "TIMESTAMP_DOC",
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
    "SecretKind",
    "StringConst",
    "StringEnum",
    "Text",
    "Type",
    "clean_doc",
    "describe",
    "innermost",
    "protocol",
]

Direction = Literal["client-to-server", "server-to-client"]
"""Which way a message goes: written by a dashboard and read by the server, or the reverse."""

DIRECTIONS: tuple[Direction, ...] = ("client-to-server", "server-to-client")

# --------------------------------------------------------------------------- values


class _Value:
    """Base of the contract's types: immutable values, equal and hashed by their attributes.

    What ``@dataclass(frozen=True)`` gives (``==``, ``hash``, the ``repr``, positional and
    keyword construction, ``match`` by position, `FrozenInstanceError` on assignment),
    written once by hand: a frozen dataclass compiles six methods per class at import,
    about 0.5 ms each class (docs/performance.md).
    """

    __slots__ = ()
    __match_args__: ClassVar[tuple[str, ...]] = ()
    """The attributes, in constructor order."""
    _compared: ClassVar[tuple[str, ...]] = ()
    """The attributes that equality, hashing and the repr use (all but `Model.cls`)."""

    def _key(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._compared)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._key() == other._key()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._compared)
        return f"{self.__class__.__qualname__}({shown})"

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (self.__class__, tuple(getattr(self, name) for name in self.__match_args__))


_set = object.__setattr__

# --------------------------------------------------------------------------- types


class Text(_Value):
    """A JSON string, at least ``min_length`` characters (code points) long."""

    __slots__ = ("min_length",)
    __match_args__ = _compared = ("min_length",)
    min_length: int

    def __init__(self, min_length: int = 0) -> None:
        _set(self, "min_length", min_length)


class Integer(_Value):
    """A JSON number with an integral value (``5`` and ``5.0`` alike) in a range."""

    __slots__ = ("maximum", "minimum")
    __match_args__ = _compared = ("minimum", "maximum")
    minimum: int
    maximum: int

    def __init__(self, minimum: int, maximum: int) -> None:
        _set(self, "minimum", minimum)
        _set(self, "maximum", maximum)


class Boolean(_Value):
    """``true`` or ``false``."""

    __slots__ = ()


class JsonAny(_Value):
    """Any JSON value (finite numbers, bounded depth)."""

    __slots__ = ()


class StringConst(_Value):
    """Exactly one string (an event tag, ``allProjects``, a masked secret's ``***``)."""

    __slots__ = ("value",)
    __match_args__ = _compared = ("value",)
    value: str

    def __init__(self, value: str) -> None:
        _set(self, "value", value)


class StringEnum(_Value):
    """One of a few strings."""

    __slots__ = ("values",)
    __match_args__ = _compared = ("values",)
    values: tuple[str, ...]

    def __init__(self, values: tuple[str, ...]) -> None:
        _set(self, "values", values)


class Array(_Value):
    """A JSON array of ``item``."""

    __slots__ = ("item",)
    __match_args__ = _compared = ("item",)
    item: Type

    def __init__(self, item: Type) -> None:
        _set(self, "item", item)


class Nullable(_Value):
    """``inner`` or ``null`` (required all the same: nullable is not optional)."""

    __slots__ = ("inner",)
    __match_args__ = _compared = ("inner",)
    inner: Type

    def __init__(self, inner: Type) -> None:
        _set(self, "inner", inner)


class ModelRef(_Value):
    """An object described by the `Model` of that name."""

    __slots__ = ("name",)
    __match_args__ = _compared = ("name",)
    name: str

    def __init__(self, name: str) -> None:
        _set(self, "name", name)


class AliasRef(_Value):
    """A named type (`Alias`), such as ``Timestamp`` or ``ProjectAction``."""

    __slots__ = ("name",)
    __match_args__ = _compared = ("name",)
    name: str

    def __init__(self, name: str) -> None:
        _set(self, "name", name)


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
"""A wire type: one of the closed set above."""


def innermost(kind: Type) -> Type:
    """``kind`` without its `Array` and `Nullable` wrappers: the type its values end in."""
    while isinstance(kind, (Array, Nullable)):
        kind = kind.item if isinstance(kind, Array) else kind.inner
    return kind


# --------------------------------------------------------------------------- declarations


class Alias(_Value):
    """A named type: its definition, its docs, and for strings a pattern and format."""

    __slots__ = ("doc", "format", "name", "pattern", "type")
    __match_args__ = _compared = ("name", "doc", "type", "pattern", "format")
    name: str
    doc: str
    type: Type
    pattern: str | None
    format: str | None

    def __init__(
        self,
        name: str,
        doc: str,
        type: Type,
        pattern: str | None = None,
        format: str | None = None,
    ) -> None:
        _set(self, "name", name)
        _set(self, "doc", doc)
        _set(self, "type", type)
        _set(self, "pattern", pattern)
        _set(self, "format", format)


class Field(_Value):
    """One member of an object, by its wire name. Every field is required on the wire.

    Attributes:
        name: The wire name (``projectId``).
        python_name: The attribute and constructor keyword (``project_id``).
        type: What the wire carries. A masked secret's type is ``StringConst("***")``:
            models built in Python hold the real value, the wire never does.
        doc: The field's docstring, as Markdown.
        secret: The `SecretKind` of a secret field, else None.
    """

    __slots__ = ("doc", "name", "python_name", "secret", "type")
    __match_args__ = _compared = ("name", "python_name", "type", "doc", "secret")
    name: str
    python_name: str
    type: Type
    doc: str
    secret: SecretKind | None

    def __init__(
        self,
        name: str,
        python_name: str,
        type: Type,
        doc: str,
        secret: SecretKind | None = None,
    ) -> None:
        _set(self, "name", name)
        _set(self, "python_name", python_name)
        _set(self, "type", type)
        _set(self, "doc", doc)
        _set(self, "secret", secret)


class Model(_Value):
    """An object type: a pydantic model, under the same name."""

    __slots__ = ("cls", "doc", "fields", "name")
    __match_args__ = ("name", "doc", "fields", "cls")
    _compared = ("name", "doc", "fields")
    name: str
    doc: str
    fields: tuple[Field, ...]
    cls: type[BaseModel]
    """The model class itself, to build or validate instances (not compared, not shown)."""

    def __init__(
        self, name: str, doc: str, fields: tuple[Field, ...], cls: type[BaseModel]
    ) -> None:
        _set(self, "name", name)
        _set(self, "doc", doc)
        _set(self, "fields", fields)
        _set(self, "cls", cls)

    def field(self, name: str) -> Field:
        """The field of that wire name.

        Raises:
            KeyError: The model has no such field.
        """
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise KeyError(name)


class Event(_Value):
    """One event of a direction: its name and the models of its message and payload."""

    __slots__ = ("message", "name", "payload")
    __match_args__ = _compared = ("name", "message", "payload")
    name: str
    message: str
    payload: str

    def __init__(self, name: str, message: str, payload: str) -> None:
        _set(self, "name", name)
        _set(self, "message", message)
        _set(self, "payload", payload)


class Protocol(_Value):
    """The whole protocol, in a stable order (registry order, then first use)."""

    __slots__ = (
        "aliases",
        "docs",
        "error_codes",
        "event_type_names",
        "events",
        "models",
        "package_version",
        "registry_names",
        "union_names",
        "version",
    )
    __match_args__ = _compared = (
        "version",
        "package_version",
        "aliases",
        "models",
        "events",
        "union_names",
        "event_type_names",
        "registry_names",
        "docs",
        "error_codes",
    )
    version: str
    package_version: str
    aliases: Mapping[str, Alias]
    models: Mapping[str, Model]
    events: Mapping[Direction, tuple[Event, ...]]
    union_names: Mapping[Direction, str]
    event_type_names: Mapping[Direction, str]
    registry_names: Mapping[Direction, str]
    docs: Mapping[str, str]
    """The documented module-level names of the models' module (``ProjectAction``…)."""
    error_codes: tuple[str, ...]

    def __init__(  # noqa: PLR0917 (positional, as each attribute always was)
        self,
        version: str,
        package_version: str,
        aliases: Mapping[str, Alias],
        models: Mapping[str, Model],
        events: Mapping[Direction, tuple[Event, ...]],
        union_names: Mapping[Direction, str],
        event_type_names: Mapping[Direction, str],
        registry_names: Mapping[Direction, str],
        docs: Mapping[str, str],
        error_codes: tuple[str, ...],
    ) -> None:
        _set(self, "version", version)
        _set(self, "package_version", package_version)
        _set(self, "aliases", aliases)
        _set(self, "models", models)
        _set(self, "events", events)
        _set(self, "union_names", union_names)
        _set(self, "event_type_names", event_type_names)
        _set(self, "registry_names", registry_names)
        _set(self, "docs", docs)
        _set(self, "error_codes", error_codes)

    def event(self, name: str) -> Event:
        """The event of that name, in either direction.

        Raises:
            KeyError: No direction has it.
        """
        for events in self.events.values():
            for event in events:
                if event.name == name:
                    return event
        raise KeyError(name)

    def reachable(self, direction: Direction) -> tuple[list[Alias], list[Model]]:
        """The aliases and models one direction's messages use, in first-use order."""
        aliases: dict[str, Alias] = {}
        models: dict[str, Model] = {}

        def visit_model(model: Model) -> None:
            if model.name in models:
                return
            models[model.name] = model
            for member in model.fields:
                kind = innermost(member.type)
                if isinstance(kind, ModelRef):
                    visit_model(self.models[kind.name])
                elif isinstance(kind, AliasRef):
                    aliases.setdefault(kind.name, self.aliases[kind.name])

        for event in self.events[direction]:
            visit_model(self.models[event.message])
        return list(aliases.values()), list(models.values())


# --------------------------------------------------------------------------- docs

SECRET_NOTES: Mapping[SecretKind, str] = {
    "masked": 'Sensitive, masked: the server always writes `"***"` in its place (or `null`); '
    "any other value on the wire is rejected as a leak.",
    "revealed": "Sensitive: a secret sent in clear; never log or display it.",
}
"""What every rendering says of a secret field, by its kind."""

TIMESTAMP_DOC = (
    "A point in time: an RFC 3339 date-time with an explicit offset (`Z` or `±hh:mm`), "
    "such as `2025-01-15T08:30:00.123Z`, what `Date.prototype.toISOString()` writes. "
    "Any number of fraction digits; no leap second; `T` and `Z` may be lower case; the "
    "date must exist; no space separator, no missing offset, no bare number. The server "
    "always sends the `toISOString()` form (UTC, milliseconds)."
)
"""The documentation of the ``Timestamp`` alias."""

_ERROR_CODE_DOC = (
    "Why a message was rejected: the `error` of an `error` event that answers a message "
    "the server could not accept (a server may send other codes for other failures)."
)

_RST_LITERAL = re.compile(r"``(.+?)``")


def clean_doc(text: str | None) -> str:
    """A docstring as plain Markdown: dedented, paragraphs reflowed, ````x```` as ```x```."""
    if not text:
        return ""
    paragraphs = inspect.cleandoc(text).split("\n\n")
    flowed = (" ".join(line.strip() for line in part.splitlines()) for part in paragraphs)
    return _RST_LITERAL.sub(r"`\1`", "\n\n".join(part for part in flowed if part))


# --------------------------------------------------------------------------- reading models


def _named_literals(module_name: str) -> dict[Any, str]:
    """The documented module-level ``Literal`` aliases of a module, by value."""
    module = sys.modules.get(module_name)
    documented = module_attribute_docstrings(module_name).get("", {})
    named: dict[Any, str] = {}
    for name in documented:
        value = getattr(module, name, None)
        if get_origin(value) is Literal:
            named[value] = name
    return named


def _wire_type(annotation: Any, metadata: list[Any], named: Mapping[Any, str], where: str) -> Type:  # noqa: PLR0912 (one branch per kind of type)
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *more = get_args(annotation)
        return _wire_type(base, [*more, *metadata], named, where)
    if any(isinstance(item, TimestampMarker) for item in metadata):
        return AliasRef("Timestamp")
    if any(isinstance(item, SecretMarker) and item.kind == "masked" for item in metadata):
        return StringConst(MASK)
    if origin is Union or origin is types.UnionType:
        members = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(members) == 1 and len(get_args(annotation)) == 2:
            return Nullable(_wire_type(members[0], [], named, where))
        raise TypeError(f"{where}: only `T | None` unions are on the wire, not {annotation}")
    if origin is Literal:
        if annotation in named:
            return AliasRef(named[annotation])
        values = get_args(annotation)
        if not all(isinstance(value, str) for value in values):
            raise TypeError(f"{where}: only string literals are on the wire")
        return StringConst(values[0]) if len(values) == 1 else StringEnum(values)
    if origin is list:
        return Array(_wire_type(get_args(annotation)[0], [], named, where))
    if annotation is str:
        return Text(1 if any(isinstance(item, NonEmpty) for item in metadata) else 0)
    if annotation is bool:
        return Boolean()
    if annotation is int:
        bounds = [item for item in metadata if isinstance(item, BoundedInt)]
        if not bounds:
            raise TypeError(f"{where}: a plain int is not on the wire; use Count or BoundedInt")
        return Integer(bounds[0].minimum, bounds[0].maximum)
    if any(isinstance(item, JsonValueMarker) for item in metadata):
        return JsonAny()
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return ModelRef(annotation.__name__)
    raise TypeError(f"{where}: the contract does not know the type {annotation!r}")


def _secret(annotation: Any, metadata: list[Any]) -> SecretKind | None:
    markers = [item for item in metadata if isinstance(item, SecretMarker)]
    for arg in get_args(annotation):
        markers.extend(
            item for item in getattr(arg, "__metadata__", ()) if isinstance(item, SecretMarker)
        )
    return markers[0].kind if markers else None


def _field(
    cls: type[BaseModel], python_name: str, info: FieldInfo, named: Mapping[Any, str]
) -> Field:
    where = f"{cls.__name__}.{python_name}"
    metadata = list(info.metadata)
    return Field(
        name=info.alias or python_name,
        python_name=python_name,
        type=_wire_type(info.annotation, metadata, named, where),
        doc=clean_doc(info.description),
        secret=_secret(info.annotation, metadata),
    )


@cache
def describe(cls: type[BaseModel]) -> Model:
    """One model as the wire sees it; nested models appear as `ModelRef` s.

    Raises:
        TypeError: A field's type is not one the contract knows.
    """
    named = _named_literals(cls.__module__)
    fields = tuple(_field(cls, name, info, named) for name, info in cls.model_fields.items())
    return Model(cls.__name__, clean_doc(cls.__doc__), fields, cls)


@cache
def protocol() -> Protocol:
    """The whole protocol, read once from the models' module and its two unions."""
    from . import websocket  # noqa: PLC0415 (the models are built on this module's readers)

    models: dict[str, Model] = {}
    aliases: dict[str, Alias] = {}
    docs = {
        name: clean_doc(text)
        for name, text in module_attribute_docstrings(websocket.__name__)[""].items()
    }

    def visit(cls: type[BaseModel]) -> Model:
        known = models.get(cls.__name__)
        if known is not None:
            if known.cls is not cls:
                raise TypeError(f"two models are named {cls.__name__}: {known.cls!r} and {cls!r}")
            return known
        model = models[cls.__name__] = describe(cls)
        for member in model.fields:
            kind = innermost(member.type)
            if isinstance(kind, ModelRef):
                visit(_model_class(cls.model_fields[member.python_name].annotation, kind.name))
            elif isinstance(kind, AliasRef):
                _alias(kind)
        return model

    def _alias(kind: AliasRef) -> None:
        if kind.name not in aliases:
            if kind.name == "Timestamp":
                aliases[kind.name] = Alias(
                    kind.name, TIMESTAMP_DOC, Text(), pattern=TIMESTAMP_PATTERN, format="date-time"
                )
            else:
                literal = getattr(websocket, kind.name)
                aliases[kind.name] = Alias(
                    kind.name, docs[kind.name], StringEnum(get_args(literal))
                )

    registries: dict[Direction, Mapping[str, type[BaseModel]]] = {
        "client-to-server": websocket.CLIENT_TO_SERVER_EVENTS,
        "server-to-client": websocket.SERVER_TO_CLIENT_EVENTS,
    }
    events: dict[Direction, tuple[Event, ...]] = {}
    for direction, registry in registries.items():
        found = []
        for name, cls in registry.items():
            message = visit(cls)
            payload = message.field("payload").type
            if not isinstance(payload, ModelRef):
                raise TypeError(f"the payload of {name} is not a model")
            found.append(Event(name, message.name, payload.name))
        events[direction] = tuple(found)
    return Protocol(
        version=PROTOCOL_VERSION,
        package_version=__version__,
        aliases=aliases,
        models=models,
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
        docs={**docs, "ErrorCode": _ERROR_CODE_DOC},
        error_codes=ERROR_CODES,
    )


def _model_class(annotation: Any, name: str) -> type[BaseModel]:
    """The model class called ``name`` inside a field's annotation."""
    stack = [annotation]
    while stack:
        item = stack.pop()
        if isinstance(item, type) and issubclass(item, BaseModel) and item.__name__ == name:
            return item
        stack.extend(get_args(item))
    raise TypeError(f"no model {name} in {annotation!r}")  # pragma: no cover - read above
